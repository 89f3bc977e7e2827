"""ReviewStore: the trainers' review desk over the ticket database and the tracker store.

* The read model (``review_conversations``, one row per conversation) is kept up to date by
  ``sync()`` and rebuilt by ``rebuild()`` (``litige/review/sync.py``); the list, its filters
  and the KPIs' summaries read it, never the tracker's events.
* A conversation's page reads its events whole from the tracker store (``timeline.turns_of``).
* The trainers' marks, comments, label corrections and reveals are tables of their own, keyed
  by conversation id: a rebuild never touches them.

Everything is synchronous (the console calls it through ``asyncio.to_thread``). Bad input
raises ``ReviewError`` (a ``ValueError``) with a French message; an unknown conversation
``UnknownConversation``; a database that cannot be reached ``TicketStoreUnavailable``.
"""

from __future__ import annotations

import math
import threading
from dataclasses import fields
from datetime import date, datetime
from typing import Any, Callable, Dict, Iterable, List, Optional, Tuple, Union

import sqlalchemy as sa
from sqlalchemy.engine import Connection

from litige.clock import aware, day_end, day_start
from litige.emotions import HEAT_WEIGHT
from litige.review.filters import (  # noqa: F401  (re-exported: the console imports them from here)
    DOMAIN,
    STATUS_LABELS,
    ListFilters,
    ReviewError,
    UnknownConversation,
    conditions,
    domain_intents,
    parse_filters,
    parse_page,
    parse_tags,
)
from litige.review.privacy import REVEAL_KINDS, known_of
from litige.review.sync import Sync, TrackerStore, insert_for, summary_of
from litige.review.timeline import Summary, Turn, summarise, turns_of
from litige.tickets.database import Database, TicketStoreUnavailable, utcnow  # noqa: F401
from litige.tickets.models import (
    REVIEW_STATUSES,
    advisor_notes,
    review_comments,
    review_conversations,
    review_corrections,
    review_marks,
    review_reveals,
)

MAX_COMMENT = 2000
MAX_WHO = 80
EMOTIONS = tuple(HEAT_WEIGHT)


def _dicts(rows: Iterable[Any], *moments: str) -> List[Dict[str, Any]]:
    out = []
    for row in rows:
        data = dict(row._mapping)
        for key in moments:
            data[key] = aware(data.get(key))
        out.append(data)
    return out


def _who(who: Any) -> str:
    if not isinstance(who, str) or not who.strip():
        raise ReviewError("Il manque le nom de la personne qui fait la revue.")
    return who.strip()[:MAX_WHO]


def _mark_of(row: Any) -> Dict[str, Any]:
    if row is None:
        return {"status": "new", "tags": [], "who": None, "at": None}
    return {
        "status": row.status,
        "tags": [tag for tag in (row.tags or "").split(",") if tag],
        "who": row.marked_by,
        "at": aware(row.marked_at),
    }


class ReviewStore:
    """The ticket database's URL (read model and reviews) and the tracker store's (read only);
    nothing connects until the first call."""

    def __init__(
        self,
        ticket_db_url: str,
        tracker_store_url: str,
        timeout: float = 5.0,
        clock: Callable[[], datetime] = utcnow,
    ):
        self.db = Database(ticket_db_url, timeout=timeout, clock=clock)
        self.tracker = TrackerStore(tracker_store_url, timeout=timeout)
        self._sync = Sync(self.db, self.tracker)
        self._sync_lock = threading.Lock()  # one sync at a time in a process

    @property
    def engine(self):
        return self.db.engine

    @property
    def clock(self) -> Callable[[], datetime]:
        return self.db.clock

    def migrate(self) -> None:
        self.db.migrate()

    def close(self) -> None:
        self.db.engine.dispose()
        self.tracker.dispose()

    # ------------------------------------------------------------------ the tracker store
    def events(self, conversation_id: str) -> List[Dict[str, Any]]:
        """The conversation's tracker events (``"_id"``: the row's id), in order."""
        return self.tracker.events_of([conversation_id])[conversation_id]

    def sync(self, limit: Optional[int] = None) -> int:
        """Bring the read model up to date; the number of conversations summarised."""
        with self._sync_lock:
            return self._sync.run(limit)

    def rebuild(self) -> int:
        """Rebuild the read model from the tracker store alone (the reviews stay)."""
        with self._sync_lock:
            return self._sync.rebuild()

    # ------------------------------------------------------------------ reading
    def list_conversations(
        self, filters: Optional[ListFilters] = None, page: int = 1, per_page: int = 25
    ) -> Tuple[List[Dict[str, Any]], int]:
        """One page of the conversations that pass ``filters``, the latest first, and how many
        pass them in all."""
        filters = filters or ListFilters()
        if not isinstance(page, int) or page < 1 or not isinstance(per_page, int) or not 1 <= per_page <= 200:
            raise ReviewError("Page demandée non valable.")
        rc, rm = review_conversations, review_marks
        joined = rc.outerjoin(rm, rm.c.conversation_id == rc.c.conversation_id)
        where = conditions(filters, rc, rm)
        columns = [c for c in rc.columns if c.name != "search_text"]
        rows_query = (
            sa.select(*columns, rm.c.status, rm.c.tags, rm.c.marked_by, rm.c.marked_at)
            .select_from(joined)
            .where(*where)
            .order_by(rc.c.started_at.desc(), rc.c.conversation_id.desc())
            .limit(per_page)
            .offset((page - 1) * per_page)
        )
        count_query = sa.select(sa.func.count()).select_from(joined).where(*where)

        def read(connection: Connection):
            return connection.execute(rows_query).all(), connection.execute(count_query).scalar()

        rows, total = self.db.read(read)
        listed = []
        for row in rows:
            data = summary_of(row)
            data["status"] = data.get("status") or "new"
            data["tags"] = [tag for tag in (data.get("tags") or "").split(",") if tag]
            data["marked_at"] = aware(data.get("marked_at"))
            data["synced_at"] = aware(data.get("synced_at"))
            listed.append(data)
        return listed, int(total or 0)

    def conversation(self, conversation_id: str) -> Optional[Dict[str, Any]]:
        """Everything the conversation's page shows; None for a conversation nobody knows."""
        if not isinstance(conversation_id, str) or not conversation_id or len(conversation_id) > 255:
            return None
        cid = conversation_id

        def read(connection: Connection):
            rc, rm = review_conversations.c, review_marks.c
            row = connection.execute(sa.select(review_conversations).where(rc.conversation_id == cid)).first()
            mark = connection.execute(sa.select(review_marks).where(rm.conversation_id == cid)).first()
            return (
                row,
                mark,
                _dicts(self._by_conversation(connection, review_comments, cid), "at"),
                _dicts(self._by_conversation(connection, review_corrections, cid), "at"),
                _dicts(self._by_conversation(connection, advisor_notes, cid), "at"),
                _dicts(self._by_conversation(connection, review_reveals, cid), "at"),
            )

        row, mark, comments, corrections, notes, reveals = self.db.read(read)
        events = self.events(cid)
        if row is None and not events:
            return None
        if row is not None:
            summary = summary_of(row)
            summary["synced_at"] = aware(summary.get("synced_at"))
        else:  # not read by the sync yet
            summary = summarise(cid, events, self.clock().timestamp()).as_dict()
        return {
            "conversation_id": cid,
            "summary": summary,
            "turns": turns_of(events),
            "mark": _mark_of(mark),
            "comments": comments,
            "corrections": corrections,
            "notes": notes,
            "reveals": reveals,
        }

    @staticmethod
    def _by_conversation(connection: Connection, table: sa.Table, cid: str):
        return connection.execute(
            sa.select(table).where(table.c.conversation_id == cid).order_by(table.c.id)
        ).all()

    def summaries(self, start: Union[date, datetime], end: Union[date, datetime]) -> List[Summary]:
        """The conversations started in the period, for the KPIs: moments ``[start, end)``,
        or Paris dates with both days included."""
        low = start.timestamp() if isinstance(start, datetime) else day_start(start).timestamp()
        high = end.timestamp() if isinstance(end, datetime) else day_end(end).timestamp()
        rc = review_conversations.c
        query = (
            sa.select(review_conversations)
            .where(rc.started_at >= low, rc.started_at < high)
            .order_by(rc.started_at)
        )
        names = [f.name for f in fields(Summary)]
        out = []
        for row in self.db.read(lambda c: c.execute(query).all()):
            data = summary_of(row)
            out.append(Summary(**{name: data.get(name) for name in names}))
        return out

    # ------------------------------------------------------------------ reviews
    def _require(self, conversation_id: Any) -> str:
        if isinstance(conversation_id, str) and conversation_id and len(conversation_id) <= 255:
            rc = review_conversations.c
            known = self.db.read(
                lambda c: c.execute(
                    sa.select(rc.conversation_id).where(rc.conversation_id == conversation_id)
                ).first()
            )
            if known is not None or self.tracker.knows(conversation_id):
                return conversation_id
        raise UnknownConversation(f"Conversation inconnue : « {conversation_id} ».")

    def mark(self, conversation_id: str, status: str, tags: Any, who: str) -> Dict[str, Any]:
        """Set the conversation's review status (new, reviewed, flagged) and tags."""
        if status not in REVIEW_STATUSES:
            raise ReviewError(f"Statut de revue inconnu : « {status} » (nouvelle, revue ou signalée).")
        tag_list = parse_tags(tags)
        who = _who(who)
        cid = self._require(conversation_id)
        at = self.clock()
        values = {
            "status": status,
            "tags": "".join(f",{tag}" for tag in tag_list) + ("," if tag_list else ""),
            "marked_by": who,
            "marked_at": at,
        }

        def write(connection: Connection) -> None:
            statement = insert_for(connection.dialect.name, review_marks).values(
                conversation_id=cid, **values
            )
            connection.execute(
                statement.on_conflict_do_update(index_elements=["conversation_id"], set_=values)
            )

        self.db._run(write)
        return {"status": status, "tags": tag_list, "who": who, "at": at}

    def comment(self, conversation_id: str, text: str, who: str) -> Dict[str, Any]:
        text = text.strip() if isinstance(text, str) else ""
        if not text:
            raise ReviewError("Le commentaire est vide.")
        if len(text) > MAX_COMMENT:
            raise ReviewError(f"Le commentaire est trop long ({MAX_COMMENT} caractères au plus).")
        who = _who(who)
        cid = self._require(conversation_id)
        return self._insert(
            review_comments, {"conversation_id": cid, "text": text, "who": who, "at": self.clock()}
        )

    def correct(
        self,
        conversation_id: str,
        turn_number: int,
        intent: Optional[str] = None,
        emotion: Optional[str] = None,
        intensity: Optional[float] = None,
        who: str = "",
    ) -> Dict[str, Any]:
        """Record a turn's corrected labels (the turn's text and event id, before and after)."""
        who = _who(who)
        intent = intent or None
        emotion = emotion or None
        if intent is not None and intent not in domain_intents():
            raise ReviewError(f"Intention inconnue de l'assistant : « {intent} ».")
        if emotion is not None and emotion not in EMOTIONS:
            raise ReviewError(f"Émotion inconnue : « {emotion} ».")
        if intensity is not None and intensity != "":
            try:
                intensity = float(intensity)
            except (TypeError, ValueError):
                intensity = math.nan
            if isinstance(intensity, bool) or not 0.0 <= intensity <= 1.0:
                raise ReviewError("L'intensité doit être un nombre entre 0 et 1.")
            intensity = round(intensity, 4)
        else:
            intensity = None
        if intent is None and emotion is None and intensity is None:
            raise ReviewError("Indiquez l'intention, l'émotion ou l'intensité corrigée.")
        cid = self._require(conversation_id)
        turn = self._turn(cid, turn_number)
        if turn.button:
            raise ReviewError(f"Le message n° {turn.number} est un clic sur un bouton : rien à corriger.")
        emotion_after = emotion or turn.emotion
        if emotion_after is None and intensity is not None:
            raise ReviewError("Indiquez l'émotion avec son intensité.")
        values = {
            "conversation_id": cid,
            "turn_number": turn.number,
            "event_id": turn.event_id,
            "text": turn.text,
            "intent_before": turn.intent,
            "intent_after": intent or turn.intent,
            "emotion_before": turn.emotion,
            "emotion_after": emotion_after,
            "intensity_before": turn.intensity,
            "intensity_after": intensity if intensity is not None else turn.intensity,
            "who": who,
            "at": self.clock(),
        }
        return self._insert(review_corrections, values)

    def _turn(self, cid: str, turn_number: Any) -> Turn:
        try:
            number = int(turn_number)
        except (TypeError, ValueError):
            number = 0
        for turn in turns_of(self.events(cid)):
            if turn.number == number:
                return turn
        raise ReviewError(f"Cette conversation n'a pas de message n° {turn_number}.")

    def corrections(self, since: Optional[datetime] = None) -> List[Dict[str, Any]]:
        """The corrected turns (the latest correction of each turn), oldest first: text, intent,
        emotion, intensity, and where they come from."""
        rc = review_corrections.c
        latest = sa.select(sa.func.max(rc.id)).group_by(rc.conversation_id, rc.turn_number)
        query = sa.select(review_corrections).where(rc.id.in_(latest)).order_by(rc.id)
        if since is not None:
            query = query.where(rc.at >= since)
        rows = _dicts(self.db.read(lambda c: c.execute(query).all()), "at")
        known = self._known({row["conversation_id"] for row in rows})
        for data in rows:
            data.update(
                intent=data["intent_after"], emotion=data["emotion_after"], intensity=data["intensity_after"]
            )
            data["known"] = known.get(data["conversation_id"], {})  # for export.nlu_yaml's masking
        return rows

    def _known(self, conversation_ids: Iterable[str]) -> Dict[str, Dict[str, Any]]:
        rc = review_conversations.c
        query = sa.select(
            rc.conversation_id, rc.customer_email, rc.customer_phone, rc.customer_name, rc.order_id
        )
        query = query.where(rc.conversation_id.in_(sorted(conversation_ids)))
        return {
            row.conversation_id: known_of(row._mapping)
            for row in self.db.read(lambda c: c.execute(query).all())
        }

    def log_reveal(self, conversation_id: str, who: str, kind: str) -> Dict[str, Any]:
        """Log that ``who`` revealed ``kind`` (privacy.REVEAL_KINDS) on this conversation."""
        if kind not in REVEAL_KINDS:
            raise ReviewError(f"Donnée à afficher inconnue : « {kind} ».")
        who = _who(who)
        cid = self._require(conversation_id)
        return self._insert(
            review_reveals, {"conversation_id": cid, "who": who, "kind": kind, "at": self.clock()}
        )

    def _insert(self, table: sa.Table, values: Dict[str, Any]) -> Dict[str, Any]:
        """One row added; the row as a dict, with its new id."""
        new_id = self.db._run(lambda c: c.execute(table.insert().values(**values)).inserted_primary_key[0])
        return {"id": new_id, **values}

    def reveals(self, conversation_id: str) -> List[Dict[str, Any]]:
        """Who revealed what on this conversation, and when, oldest first."""
        return _dicts(self.db.read(lambda c: self._by_conversation(c, review_reveals, conversation_id)), "at")
