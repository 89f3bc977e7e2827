"""Retention purge and per-customer purge: everything kept about a conversation goes together.

For the conversations concerned: the tracker store's events (Rasa's SQL table ``events``, by
``sender_id``); in the ticket database, the tickets with their proposals, history and
follow-ups, the owner row, the advisors' notes, the widget connections and the review desk's
rows; the e-mails about those tickets kept in the outbox folder (``MAIL_OUTBOX_DIR``).

``purge_older_than``: the conversations whose last activity (last tracker event, last change
of a ticket, a note, an owner, a follow-up) is older than ``now - days``; a conversation still
active (a follow-up due, a customer waiting for or talking to an advisor) is kept whole. The
outbox's files older than the cutoff go as well.

``purge_customer``: every conversation of one customer (their e-mail address or phone number,
read in the tickets, the review desk and the tracker's slots), or one conversation by its id.

``ticket_history`` is append-only (a trigger refuses deletes): the purge lifts that guard
inside its own transaction only, and puts it back before committing.
"""

from __future__ import annotations

import email
import email.policy
from dataclasses import dataclass, field
from datetime import datetime, timedelta, timezone
from email.utils import getaddresses
from pathlib import Path
from typing import Any, Dict, List, Optional, Set

import sqlalchemy as sa
from sqlalchemy.engine import Connection

from litige.clock import aware
from litige.parsing import normalize_phone
from litige.review.purge_tracker import Tracker, chunks, delete_events, last_events, senders_with_slot
from litige.tickets.database import Database
from litige.tickets.models import (
    advisor_notes,
    conversation_owners,
    follow_ups,
    review_comments,
    review_conversations,
    review_corrections,
    review_marks,
    review_reveals,
    ticket_history,
    ticket_proposals,
    tickets,
    widget_connections,
)
from litige.tickets.spool import Spool

ACTIVE_FOLLOW_UPS = ("scheduled", "firing")
ACTIVE_OWNERS = ("waiting", "callback", "advisor")
BY_CONVERSATION = (
    conversation_owners,
    advisor_notes,
    widget_connections,
    review_conversations,
    review_marks,
    review_comments,
    review_corrections,
    review_reveals,
)


class PurgeError(ValueError):
    """Bad input: the message is French, for the person who ran the purge."""


@dataclass(frozen=True)
class Targets:
    """Where a conversation's data lives."""

    ticket_db_url: str
    tracker_store_url: str
    outbox: Optional[Path] = None
    timeout: float = 5.0
    spool: Optional[Path] = None  # the tickets' fallback journal (its dead letters sit next to it)


@dataclass
class PurgeReport:
    conversations: List[str]
    counts: Dict[str, int]
    dry_run: bool
    files: List[Path] = field(default_factory=list)
    cutoff: Optional[datetime] = None

    @property
    def total(self) -> int:
        return sum(self.counts.values())


def targets_of(settings: Any) -> Targets:
    """``Targets`` from the settings (``litige.config.Settings``), or the targets themselves."""
    if isinstance(settings, Targets):
        return settings
    return Targets(
        ticket_db_url=settings.ticket_db_url,
        tracker_store_url=settings.tracker_store_url,
        outbox=settings.mail_outbox,
        timeout=settings.ticket_db_timeout,
        spool=settings.ticket_spool_path,
    )


# ---------------------------------------------------------------------- the ticket database
class _Tickets(Database):
    def write(self, work) -> Any:
        return self._run(work)


def _latest(activity: Dict[str, datetime], rows) -> None:
    for conversation_id, moment in rows:
        moment = aware(moment)
        if moment is not None and (conversation_id not in activity or moment > activity[conversation_id]):
            activity[conversation_id] = moment


def _activity(connection: Connection) -> Dict[str, datetime]:
    """The latest moment each conversation was touched in the ticket database."""
    activity: Dict[str, datetime] = {}
    t, f, o, n, w = tickets.c, follow_ups.c, conversation_owners.c, advisor_notes.c, widget_connections.c
    for column, moment in (
        (t.conversation_id, t.updated_at),
        (f.conversation_id, f.created_at),
        (f.conversation_id, f.fired_at),
        (f.conversation_id, f.answered_at),
        (o.conversation_id, o.updated_at),
        (n.conversation_id, n.at),
        (w.conversation_id, w.connected_at),
    ):
        _latest(activity, connection.execute(sa.select(column, sa.func.max(moment)).group_by(column)))
    rc = review_conversations.c
    for conversation_id, ended_at in connection.execute(sa.select(rc.conversation_id, rc.ended_at)):
        moment = datetime.fromtimestamp(float(ended_at), tz=timezone.utc)
        _latest(activity, [(conversation_id, moment)])
    return activity


def _active(connection: Connection) -> Set[str]:
    """Conversations that must stay whole: a follow-up still due, a person involved right now."""
    f, o = follow_ups.c, conversation_owners.c
    due = connection.execute(sa.select(f.conversation_id).where(f.status.in_(ACTIVE_FOLLOW_UPS)))
    held = connection.execute(sa.select(o.conversation_id).where(o.state.in_(ACTIVE_OWNERS)))
    return {row[0] for row in due} | {row[0] for row in held}


def _customer_conversations(
    connection: Connection, email_address: Optional[str], phone: Optional[str]
) -> Set[str]:
    t, rc = tickets.c, review_conversations.c
    found: Set[str] = set()
    if email_address:
        for table, column in ((t, t.customer_email), (rc, rc.customer_email)):
            query = sa.select(table.conversation_id).where(sa.func.lower(column) == email_address)
            found |= {row[0] for row in connection.execute(query)}
    if phone:
        for table, column in ((t, t.customer_phone), (rc, rc.customer_phone)):
            query = sa.select(table.conversation_id, column).where(column.isnot(None))
            found |= {cid for cid, value in connection.execute(query) if normalize_phone(value) == phone}
    return found


def _ticket_work(connection: Connection, conversations: List[str], dry_run: bool) -> Dict[str, Any]:
    """Count or delete every row of these conversations; their tickets' references and e-mails."""
    counts = {table.name: 0 for table in (tickets, ticket_proposals, ticket_history, follow_ups)}
    counts.update({table.name: 0 for table in BY_CONVERSATION})
    references: Set[str] = set()
    emails: Set[str] = set()
    t = tickets.c
    for chunk in chunks(conversations):
        rows = connection.execute(
            sa.select(t.id, t.reference, t.customer_email).where(t.conversation_id.in_(chunk))
        ).all()
        ids = [row.id for row in rows]
        references |= {row.reference for row in rows if row.reference}
        emails |= {row.customer_email.strip().lower() for row in rows if row.customer_email}
        statements = [
            (ticket_proposals, ticket_proposals.c.ticket_id.in_(ids)),
            (ticket_history, ticket_history.c.ticket_id.in_(ids)),
            (follow_ups, sa.or_(follow_ups.c.ticket_id.in_(ids), follow_ups.c.conversation_id.in_(chunk))),
            (tickets, t.id.in_(ids)),
        ] + [(table, table.c.conversation_id.in_(chunk)) for table in BY_CONVERSATION]
        for table, condition in statements:
            if dry_run:
                counts[table.name] += connection.execute(
                    sa.select(sa.func.count()).select_from(table).where(condition)
                ).scalar()
            elif table is ticket_history:
                counts[table.name] += _delete_history(connection, condition)
            else:
                counts[table.name] += connection.execute(table.delete().where(condition)).rowcount
    return {"counts": counts, "references": references, "emails": emails}


def _delete_history(connection: Connection, condition) -> int:
    """Delete from the append-only history: its guard is lifted for this transaction only."""
    if not connection.execute(
        sa.select(sa.func.count()).select_from(ticket_history).where(condition)
    ).scalar():
        return 0
    if connection.dialect.name == "postgresql":
        connection.exec_driver_sql("ALTER TABLE ticket_history DISABLE TRIGGER USER")
        deleted = connection.execute(ticket_history.delete().where(condition)).rowcount
        connection.exec_driver_sql("ALTER TABLE ticket_history ENABLE TRIGGER USER")
        return deleted
    guards = connection.exec_driver_sql(
        "SELECT name, sql FROM sqlite_master WHERE type = 'trigger' AND tbl_name = 'ticket_history'"
    ).all()
    for name, _sql in guards:
        connection.exec_driver_sql(f'DROP TRIGGER "{name}"')
    deleted = connection.execute(ticket_history.delete().where(condition)).rowcount
    for _name, sql in guards:
        connection.exec_driver_sql(sql)
    return deleted


# ---------------------------------------------------------------------- the outbox
def _mail_matches(path: Path, emails: Set[str], references: Set[str]) -> bool:
    try:
        with path.open("rb") as handle:
            message = email.message_from_binary_file(handle, policy=email.policy.default)
        recipients = {address.strip().lower() for _name, address in getaddresses(message.get_all("To", []))}
        body = message.get_body(preferencelist=("plain",))
        text = " ".join([str(message.get("Subject", "")), body.get_content() if body is not None else ""])
    except (OSError, ValueError, LookupError):
        return False
    return bool(recipients & emails) or any(reference in text for reference in references)


def _outbox_files(
    outbox: Optional[Path], emails: Set[str], references: Set[str], cutoff: Optional[datetime]
) -> List[Path]:
    if outbox is None or not outbox.is_dir():
        return []
    chosen = []
    for path in sorted(outbox.glob("*.eml")):
        try:
            old = cutoff is not None and path.stat().st_mtime < cutoff.timestamp()
        except OSError:
            continue
        if old or _mail_matches(path, emails, references):
            chosen.append(path)
    return chosen


# ---------------------------------------------------------------------- the two purges
def _purge(
    targets: Targets,
    pick,
    dry_run: bool,
    cutoff: Optional[datetime] = None,
    emails: Optional[Set[str]] = None,
) -> PurgeReport:
    """``pick(tracker_connection, ticket_connection)`` -> the conversations to purge; the outbox's
    e-mails about their tickets go, and those sent to ``emails`` (with the tickets' addresses)."""
    db = _Tickets(targets.ticket_db_url, timeout=targets.timeout)
    tracker = Tracker(targets.tracker_store_url, targets.timeout)
    try:
        picked: List[str] = []

        def choose(tracker_connection):
            picked.extend(sorted(db.read(lambda c: pick(tracker_connection, c))))
            return delete_events(tracker_connection, picked, dry_run)

        events = tracker.run(choose)  # the tracker first: the review sync reads it
        if dry_run:
            result = db.read(lambda c: _ticket_work(c, picked, True))
        else:
            result = db.write(lambda c: _ticket_work(c, picked, False))
    finally:
        db.engine.dispose()
    counts = {"events": events, **result["counts"]}
    recipients = set() if emails is None else emails | result["emails"]
    files = _outbox_files(targets.outbox, recipients, result["references"], cutoff)
    if not dry_run:
        for path in files:
            path.unlink(missing_ok=True)
    counts["outbox"] = len(files)
    counts["spool"] = Spool(targets.spool).forget(set(picked), dry_run) if targets.spool and picked else 0
    return PurgeReport(picked, counts, dry_run, files, cutoff)


def purge_older_than(
    settings: Any, days: int, now: Optional[datetime] = None, dry_run: bool = False
) -> PurgeReport:
    """Purge the conversations whose last activity is older than ``now - days``."""
    if isinstance(days, bool) or not isinstance(days, int) or days < 1:
        raise PurgeError("La durée de conservation doit être un nombre entier de jours, au moins 1.")
    now = aware(now) or datetime.now(timezone.utc)
    cutoff = now - timedelta(days=days)

    def pick(tracker_connection, connection) -> Set[str]:
        activity = _activity(connection)
        for sender, last in last_events(tracker_connection).items():
            _latest(activity, [(sender, datetime.fromtimestamp(last, tz=timezone.utc))])
        active = _active(connection)
        return {cid for cid, last in activity.items() if last < cutoff and cid not in active}

    return _purge(targets_of(settings), pick, dry_run, cutoff=cutoff)


def purge_customer(
    settings: Any,
    email: Optional[str] = None,
    phone: Optional[str] = None,
    conversation_id: Optional[str] = None,
    dry_run: bool = False,
) -> PurgeReport:
    """Purge every conversation of one customer (e-mail or phone), or one conversation."""
    given = [value for value in (email, phone, conversation_id) if value not in (None, "")]
    if len(given) != 1:
        raise PurgeError("Indiquez une seule chose : l'adresse e-mail, le téléphone ou la conversation.")
    address = email.strip().lower() if email else None
    if address is not None and (
        "@" not in address or len(address) > 254 or any(c.isspace() for c in address)
    ):
        raise PurgeError(f"Adresse e-mail non valable : « {email} ».")
    number = normalize_phone(phone) if phone else None
    if phone and number is None:
        raise PurgeError(f"Numéro de téléphone non reconnu : « {phone} » (un numéro français est attendu).")
    if conversation_id is not None and (not isinstance(conversation_id, str) or len(conversation_id) > 255):
        raise PurgeError("Identifiant de conversation non valable.")

    def pick(tracker_connection, connection) -> Set[str]:
        if conversation_id:
            return {conversation_id}
        found = _customer_conversations(connection, address, number)
        if address:
            found |= senders_with_slot(
                tracker_connection, "customer_email", address, lambda v: v.strip().lower()
            )
        if number:
            found |= senders_with_slot(tracker_connection, "customer_phone", number, normalize_phone)
        return found

    return _purge(targets_of(settings), pick, dry_run, emails=None if conversation_id else {address} - {None})
