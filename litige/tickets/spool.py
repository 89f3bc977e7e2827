"""The fallback journal: when the database is down or locked, the complaint is appended
here (one JSON line) so it is never lost, even if the customer leaves; the follow-up
scheduler replays it into the database as soon as it answers again (idempotently).

A line that can never be replayed (unreadable, or a record the database refuses) does not
block the others: it goes to the dead-letter file next to the journal
(``ticket_spool.dead.jsonl``), with the reason and the conversation id, where the operator
CLI lists it and can retry it once the cause is fixed (``python -m litige.tickets
dead-letters`` / ``retry-dead-letters``).

The file lock is held only to append or to move the journal aside, never during database
I/O: a slow database never makes a conversation wait for the journal."""

from __future__ import annotations

import fcntl
import json
import logging
import os
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Dict, Iterator, List, Optional, Set

from litige import clock
from litige.tickets.record import ComplaintRecord
from litige.tickets.store import TicketRecordInvalid, TicketStore, TicketStoreUnavailable

logger = logging.getLogger(__name__)


@dataclass
class ReplayReport:
    saved: int = 0
    left: int = 0  # still waiting for the database
    set_aside: int = 0  # moved to the dead-letter file


def _conversation_of(line: str) -> Optional[str]:
    try:
        return json.loads(json.loads(line)["record"]).get("conversation_id")
    except (ValueError, KeyError, TypeError, AttributeError):
        return None


class Spool:
    def __init__(self, path: Path):
        self.path = Path(path)
        self.dead_path = self.path.with_name(self.path.stem + ".dead" + (self.path.suffix or ".jsonl"))
        self._replaying = self.path.with_name(self.path.name + ".replaying")

    @contextmanager
    def _locked(self) -> Iterator[None]:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        with open(self.path.with_suffix(self.path.suffix + ".lock"), "a") as lock:
            fcntl.flock(lock, fcntl.LOCK_EX)
            try:
                yield
            finally:
                fcntl.flock(lock, fcntl.LOCK_UN)

    @staticmethod
    def _entry(record: ComplaintRecord, reason: str) -> str:
        return json.dumps(
            {"at": clock.now().isoformat(), "reason": reason[:300], "record": record.to_json()},
            ensure_ascii=False,
        )

    def _append_lines(self, path: Path, lines: List[str]) -> None:
        if not lines:
            return
        with self._locked(), open(path, "a", encoding="utf-8") as journal:
            journal.write("".join(f"{line}\n" for line in lines))

    def append(self, record: ComplaintRecord, reason: str) -> None:
        self._append_lines(self.path, [self._entry(record, reason)])

    def set_aside(self, record: ComplaintRecord, reason: str) -> None:
        """A record the database refused: straight to the dead letters, for a person."""
        logger.error("ticket record of %s set aside: %s", record.conversation_id, reason)
        self._dead(json.dumps({"record": record.to_json()}, ensure_ascii=False), reason)

    def _dead(self, line: str, reason: str) -> None:
        entry = {
            "at": clock.now().isoformat(),
            "reason": reason[:300],
            "conversation_id": _conversation_of(line),
            "line": line,
        }
        self._append_lines(self.dead_path, [json.dumps(entry, ensure_ascii=False)])

    @staticmethod
    def _read(path: Path) -> List[str]:
        if not path.exists():
            return []
        return [line for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]

    def pending(self) -> int:
        with self._locked():
            return len(self._read(self.path)) + len(self._read(self._replaying))

    def _take(self) -> List[str]:
        """Move the journal aside (atomically, under the lock) and return its lines; a
        journal moved aside by a replay that crashed is taken back first."""
        with self._locked():
            if self.path.exists():
                if self._replaying.exists():  # an earlier replay died: keep both, in order
                    lines = self._read(self._replaying) + self._read(self.path)
                    self._replaying.write_text("".join(f"{line}\n" for line in lines), encoding="utf-8")
                    self.path.unlink()
                else:
                    os.replace(self.path, self._replaying)
            return self._read(self._replaying)

    def replay(self, store: TicketStore) -> ReplayReport:
        """Save every journalled complaint; lines still waiting for the database go back
        to the journal, lines that can never be saved go to the dead letters."""
        report = ReplayReport()
        lines = self._take()
        if not lines:
            return report
        left: List[str] = []
        for index, line in enumerate(lines):
            try:
                record = ComplaintRecord.from_json(json.loads(line)["record"])
            except (ValueError, KeyError, TypeError) as error:
                logger.error("ticket spool: unreadable line set aside: %s", line[:200])
                self._dead(line, f"ligne illisible : {error}")
                report.set_aside += 1
                continue
            try:
                ticket = store.save_complaint(record)
            except TicketStoreUnavailable:
                left.extend(lines[index:])
                break
            except TicketRecordInvalid as error:
                logger.error(
                    "ticket spool: record of %s refused, set aside: %s", record.conversation_id, error
                )
                self._dead(line, f"refusé par la base : {error}")
                report.set_aside += 1
                continue
            if ticket.created:
                # the customer was told the reference would come by e-mail
                store.mark_reference_email_pending(ticket.reference)
            report.saved += 1
        self._append_lines(self.path, left)
        with self._locked():
            self._replaying.unlink(missing_ok=True)
        report.left = len(left)
        return report

    def forget(self, conversations: Set[str], dry_run: bool = False) -> int:
        """Remove every journal and dead-letter line of these conversations (a purge: a line
        left behind would bring the customer's ticket back at the next replay); the number of
        lines removed, or that would be with ``dry_run``."""
        removed = 0
        with self._locked():
            for path in (self.path, self._replaying, self.dead_path):
                lines = self._read(path)
                kept = [line for line in lines if self._line_conversation(line) not in conversations]
                removed += len(lines) - len(kept)
                if dry_run or len(kept) == len(lines):
                    continue
                if kept:
                    path.write_text("".join(f"{line}\n" for line in kept), encoding="utf-8")
                else:
                    path.unlink(missing_ok=True)
        return removed

    @staticmethod
    def _line_conversation(line: str) -> Optional[str]:
        """The conversation of a journal line or of a dead letter (which wraps one)."""
        try:
            entry = json.loads(line)
        except ValueError:
            return None
        if isinstance(entry, dict) and "line" in entry:
            return entry.get("conversation_id") or _conversation_of(str(entry["line"]))
        return _conversation_of(line)

    # ------------------------------------------------------------------ dead letters
    def dead_letters(self) -> List[Dict[str, Any]]:
        with self._locked():
            lines = self._read(self.dead_path)
        entries = []
        for number, line in enumerate(lines, start=1):
            try:
                entry = json.loads(line)
            except ValueError:
                entry = {"line": line, "reason": "entrée illisible"}
            entries.append({"number": number, **entry})
        return entries

    def retry_dead_letters(self, store: TicketStore) -> ReplayReport:
        """Give every dead letter another try (after a fix): saved ones leave the file,
        the others stay in it, with their new reason."""
        with self._locked():
            lines = self._read(self.dead_path)
            self.dead_path.unlink(missing_ok=True)
        report = ReplayReport()
        for index, raw in enumerate(lines):
            try:
                line = json.loads(raw)["line"]
            except (ValueError, KeyError, TypeError):
                line = raw
            try:
                record = ComplaintRecord.from_json(json.loads(line)["record"])
                ticket = store.save_complaint(record)
            except TicketStoreUnavailable:
                self._append_lines(self.dead_path, lines[index:])
                report.left = len(lines) - index
                break
            except (TicketRecordInvalid, ValueError, KeyError, TypeError) as error:
                self._dead(line, str(error))
                report.set_aside += 1
                continue
            if ticket.created:
                store.mark_reference_email_pending(ticket.reference)
            report.saved += 1
        return report
