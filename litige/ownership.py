"""Who holds a conversation, and how that changes (pure: no database, no Rasa).

One owner per conversation, kept in the ``conversation_owners`` table (litige/tickets/owners.py)
so that every Rasa instance, the action server, the scheduler and the console agree:

* ``bot``: the assistant talks (every conversation starts here; no row means ``bot``);
* ``waiting``: handed off, in the advisors' queue; the assistant only says where things are;
* ``callback``: handed off while nobody was there; an advisor calls back at ``callback_at``,
  when the scheduler puts the conversation back into the queue (``waiting``);
* ``advisor``: a person holds it; the assistant sends nothing at all (the conversation is
  paused in Rasa's tracker too);
* ``closed``: the advisor closed it; ``abandoned``: the customer left while waiting. From
  both, a new message starts with the assistant again.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import datetime, timezone
from typing import Dict, FrozenSet, Iterable, List, Optional, Sequence

BOT, WAITING, CALLBACK, ADVISOR, CLOSED, ABANDONED = (
    "bot",
    "waiting",
    "callback",
    "advisor",
    "closed",
    "abandoned",
)
STATES = (BOT, WAITING, CALLBACK, ADVISOR, CLOSED, ABANDONED)

# the moves, and the states each may start from
HAND_OFF, TAKE, RELEASE, HAND_BACK, CLOSE, ABANDON, CALLBACK_DUE = (
    "hand_off",
    "take",
    "release",
    "hand_back",
    "close",
    "abandon",
    "callback_due",
)
TRANSITIONS: Dict[str, FrozenSet[str]] = {
    HAND_OFF: frozenset({BOT, CLOSED, ABANDONED, WAITING, CALLBACK}),
    TAKE: frozenset({WAITING, CALLBACK}),
    RELEASE: frozenset({ADVISOR}),
    HAND_BACK: frozenset({ADVISOR}),
    CLOSE: frozenset({ADVISOR}),
    ABANDON: frozenset({WAITING}),
    CALLBACK_DUE: frozenset({CALLBACK}),
}
PRIORITY_RANK = {"urgent": 0, "high": 1, "normal": 2, "low": 3}
# the time an advisor spends on one conversation, for the customer's wait estimate
MINUTES_PER_CONVERSATION = 8


_NEVER = datetime.max.replace(tzinfo=timezone.utc)


class TransitionRefused(ValueError):
    """The move is not possible from the conversation's current state (someone else moved
    it first, or it never was in the queue)."""


@dataclass(frozen=True)
class Owner:
    conversation_id: str
    state: str = BOT
    advisor_id: Optional[int] = None
    advisor_name: Optional[str] = None
    reason: Optional[str] = None
    priority: str = "normal"
    ticket_reference: Optional[str] = None
    waiting_since: Optional[datetime] = None
    callback_at: Optional[datetime] = None
    taken_at: Optional[datetime] = None
    last_customer_at: Optional[datetime] = None
    handoffs: int = 0
    version: int = 0

    @property
    def bot_silent(self) -> bool:
        """While a person holds the conversation the assistant sends nothing."""
        return self.state == ADVISOR


def allowed(move: str, state: str) -> bool:
    return state in TRANSITIONS.get(move, frozenset())


def target(move: str, state: str, nobody_there: bool = False) -> str:
    """The state a move leads to from ``state``; TransitionRefused when it cannot start there."""
    if not allowed(move, state):
        raise TransitionRefused(f"{move} is not possible from {state}")
    if move == HAND_OFF:
        if state in (WAITING, CALLBACK):
            return state  # asked again: keeps its place in the queue
        return CALLBACK if nobody_there else WAITING
    return {
        TAKE: ADVISOR,
        RELEASE: WAITING,
        HAND_BACK: BOT,
        CLOSE: CLOSED,
        ABANDON: ABANDONED,
        CALLBACK_DUE: WAITING,
    }[move]


def queue_order(owners: Iterable[Owner]) -> List[Owner]:
    """The advisors' queue: the waiting conversations, most urgent first, then the longest
    wait first."""
    waiting = [o for o in owners if o.state == WAITING]
    return sorted(
        waiting,
        key=lambda o: (PRIORITY_RANK.get(o.priority, 2), o.waiting_since or _NEVER, o.conversation_id),
    )


def abandoned(owners: Iterable[Owner], now: datetime, timeout_minutes: int) -> List[str]:
    """The waiting conversations whose customer has been silent for ``timeout_minutes`` (a call
    back that came due is never abandoned: the advisor is the one to call)."""
    late = []
    for owner in owners:
        last = owner.last_customer_at or owner.waiting_since
        if owner.callback_at:  # a call back: the advisor calls, the customer need not be there
            continue
        if owner.state == WAITING and last and (now - last).total_seconds() >= timeout_minutes * 60:
            late.append(owner.conversation_id)
    return late


def estimated_wait_minutes(position: int, advisors_online: int) -> Optional[int]:
    """An honest estimate of the wait at queue position ``position`` (1 = next), or None when
    nobody is there to answer."""
    if advisors_online <= 0:
        return None
    rounds = math.ceil(max(position, 1) / advisors_online)
    return max(1, (rounds - 1) * MINUTES_PER_CONVERSATION + MINUTES_PER_CONVERSATION // 2)


def position_in(queue: Sequence[Owner], conversation_id: str) -> Optional[int]:
    for index, owner in enumerate(queue, start=1):
        if owner.conversation_id == conversation_id:
            return index
    return None
