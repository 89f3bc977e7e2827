"""The fallback journal: when the database is down or locked, the complaint is appended
here (one JSON line) so it is never lost, even if the customer leaves; the follow-up
scheduler replays it into the database as soon as it answers again (idempotently)."""

from __future__ import annotations

import fcntl
import json
import logging
from contextlib import contextmanager
from datetime import datetime, timezone
from pathlib import Path
from typing import Iterator, Tuple

from litige.tickets.record import ComplaintRecord
from litige.tickets.store import TicketStore, TicketStoreUnavailable

logger = logging.getLogger(__name__)


class Spool:
    def __init__(self, path: Path):
        self.path = Path(path)

    @contextmanager
    def _locked(self) -> Iterator[None]:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        with open(self.path.with_suffix(self.path.suffix + ".lock"), "a") as lock:
            fcntl.flock(lock, fcntl.LOCK_EX)
            try:
                yield
            finally:
                fcntl.flock(lock, fcntl.LOCK_UN)

    def append(self, record: ComplaintRecord, reason: str) -> None:
        line = json.dumps(
            {
                "at": datetime.now(timezone.utc).isoformat(),
                "reason": reason[:300],
                "record": record.to_json(),
            },
            ensure_ascii=False,
        )
        with self._locked(), open(self.path, "a", encoding="utf-8") as journal:
            journal.write(line + "\n")

    def pending(self) -> int:
        if not self.path.exists():
            return 0
        with self._locked(), open(self.path, encoding="utf-8") as journal:
            return sum(1 for line in journal if line.strip())

    def replay(self, store: TicketStore) -> Tuple[int, int]:
        """Save every journalled complaint; keep the lines that still fail.
        Returns (saved, left)."""
        if not self.path.exists():
            return 0, 0
        with self._locked():
            lines = [line for line in self.path.read_text(encoding="utf-8").splitlines() if line.strip()]
            saved, left = 0, []
            for index, line in enumerate(lines):
                try:
                    entry = json.loads(line)
                    record = ComplaintRecord.from_json(entry["record"])
                except (ValueError, KeyError, TypeError):
                    logger.error("ticket spool: unreadable line kept aside: %s", line[:200])
                    left.append(line)
                    continue
                try:
                    ticket = store.save_complaint(record)
                except TicketStoreUnavailable:
                    left.extend(lines[index:])
                    break
                if ticket.created:
                    # the customer was told the reference would come by e-mail
                    store.mark_reference_email_pending(ticket.reference)
                saved += 1
            self.path.write_text("".join(f"{line}\n" for line in left), encoding="utf-8")
        return saved, len(left)
