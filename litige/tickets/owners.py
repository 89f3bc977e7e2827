"""The ``conversation_owners`` table: who holds each conversation (see litige/ownership.py).

Every move is a compare-and-set on the row's ``version``: when two advisors take the same
conversation at the same moment, exactly one update matches and the other gets
``TransitionRefused``. Synchronous (SQLAlchemy Core); async callers use ``asyncio.to_thread``.
"""

from __future__ import annotations

from dataclasses import fields
from datetime import datetime, timezone
from typing import Any, Dict, Iterable, List, Optional

import sqlalchemy as sa
from sqlalchemy.exc import IntegrityError

from litige import ownership
from litige.ownership import Owner, TransitionRefused
from litige.tickets.models import conversation_owners as owners
from litige.tickets.store import TicketStore, TicketStoreUnavailable

_FIELDS = [f.name for f in fields(Owner)]


def _owner(row: Any) -> Owner:
    values = {k: _aware(v) if isinstance(v, datetime) else v for k, v in row._mapping.items()}
    return Owner(**{name: values.get(name) for name in _FIELDS if name in values})


class OwnerStore:
    def __init__(self, store: TicketStore):
        self.store = store

    def get(self, conversation_id: str) -> Owner:
        row = self.store.read(
            lambda c: c.execute(sa.select(owners).where(owners.c.conversation_id == conversation_id)).first()
        )
        return _owner(row) if row else Owner(conversation_id)

    def list(self, states: Optional[Iterable[str]] = None) -> List[Owner]:
        query = sa.select(owners)
        if states is not None:
            query = query.where(owners.c.state.in_(list(states)))
        return [_owner(row) for row in self.store.read(lambda c: c.execute(query).fetchall())]

    def queue(self) -> List[Owner]:
        return ownership.queue_order(self.list([ownership.WAITING]))

    # ------------------------------------------------------------------ moves
    def _move(self, conversation_id: str, move: str, now: datetime, **values: Any) -> Owner:
        nobody_there = bool(values.pop("nobody_there", False))
        for _ in range(3):
            current = self.get(conversation_id)
            state = ownership.target(move, current.state, nobody_there=nobody_there)
            changes: Dict[str, Any] = {
                k: _utc(v) for k, v in {**values, "state": state, "updated_at": now}.items()
            }
            if not self._exists(conversation_id):
                try:
                    self.store._run(
                        lambda c, changes=changes: c.execute(
                            owners.insert().values(conversation_id=conversation_id, version=1, **changes)
                        )
                    )
                    return self.get(conversation_id)
                except TicketStoreUnavailable as error:  # another process inserted it first: again
                    if not isinstance(error.__cause__, IntegrityError):
                        raise
                    continue
            updated = self.store._run(
                lambda c, version=current.version, changes=changes: (
                    c.execute(
                        owners.update()
                        .where(owners.c.conversation_id == conversation_id)
                        .where(owners.c.version == version)
                        .values(version=version + 1, **changes)
                    ).rowcount
                )
            )
            if updated == 1:
                return self.get(conversation_id)
            if move == ownership.TAKE:
                break  # someone else moved it: the other advisor won
        raise TransitionRefused(f"{move}: {conversation_id} was moved by someone else")

    def _exists(self, conversation_id: str) -> bool:
        return bool(
            self.store._run(
                lambda c: c.execute(
                    sa.select(owners.c.conversation_id).where(owners.c.conversation_id == conversation_id)
                ).first()
            )
        )

    def hand_off(
        self,
        conversation_id: str,
        now: datetime,
        reason: str,
        priority: str = "high",
        ticket_reference: Optional[str] = None,
        callback_at: Optional[datetime] = None,
    ) -> Owner:
        """Into the queue (``waiting``), or ``callback`` at ``callback_at`` when nobody is
        there; asked again while already queued, it keeps its place."""
        current = self.get(conversation_id)
        values: Dict[str, Any] = {"reason": reason, "priority": priority, "last_customer_at": now}
        if ticket_reference:
            values["ticket_reference"] = ticket_reference
        if current.state not in (ownership.WAITING, ownership.CALLBACK):
            values.update(
                waiting_since=now,
                callback_at=callback_at,
                advisor_id=None,
                advisor_name=None,
                taken_at=None,
                handoffs=current.handoffs + 1,
            )
        return self._move(
            conversation_id, ownership.HAND_OFF, now, nobody_there=callback_at is not None, **values
        )

    def take(self, conversation_id: str, advisor_id: int, advisor_name: str, now: datetime) -> Owner:
        return self._move(
            conversation_id,
            ownership.TAKE,
            now,
            advisor_id=advisor_id,
            advisor_name=advisor_name,
            taken_at=now,
        )

    def release(self, conversation_id: str, now: datetime) -> Owner:
        return self._move(conversation_id, ownership.RELEASE, now, advisor_id=None, advisor_name=None)

    def hand_back(self, conversation_id: str, now: datetime) -> Owner:
        return self._move(conversation_id, ownership.HAND_BACK, now)

    def close(self, conversation_id: str, now: datetime) -> Owner:
        return self._move(conversation_id, ownership.CLOSE, now)

    def touch_customer(self, conversation_id: str, now: datetime) -> None:
        """The customer wrote: not abandoned."""
        self.store._run(
            lambda c: c.execute(
                owners.update()
                .where(owners.c.conversation_id == conversation_id)
                .values(last_customer_at=now)
            )
        )

    def abandon_idle(self, now: datetime, timeout_minutes: int) -> List[str]:
        moved = []
        for conversation_id in ownership.abandoned(self.list([ownership.WAITING]), now, timeout_minutes):
            try:
                self._move(conversation_id, ownership.ABANDON, now)
                moved.append(conversation_id)
            except TransitionRefused:
                continue
        return moved

    def callbacks_due(self, now: datetime) -> List[str]:
        """The call backs whose time has come go into the queue (their wait counts from then)."""
        moved = []
        for owner in self.list([ownership.CALLBACK]):
            if owner.callback_at and owner.callback_at <= now:
                try:
                    self._move(
                        owner.conversation_id, ownership.CALLBACK_DUE, now, waiting_since=owner.callback_at
                    )
                    moved.append(owner.conversation_id)
                except TransitionRefused:
                    continue
        return moved


def _utc(value: Any) -> Any:
    """Datetimes are stored in UTC (SQLite keeps no offset: it would keep the wall-clock time)."""
    return value.astimezone(timezone.utc) if isinstance(value, datetime) and value.tzinfo else value


def _aware(moment: datetime) -> datetime:
    return moment if moment.tzinfo else moment.replace(tzinfo=timezone.utc)
