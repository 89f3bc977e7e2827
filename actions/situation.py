"""The customer's situation as the remedy choice sees it, read from the tracker: what the
order system answered (the ``account_facts`` slot) and what the customer said."""

from __future__ import annotations

from typing import Any, Dict, List, Optional

from rasa_sdk import Tracker

from actions.offloop import in_thread
from litige import account_facts, clock, situation
from litige.availability import Slot
from litige.situation import Situation


def situation_of(tracker: Tracker) -> Situation:
    """The customer's situation: what the order system answered and what they said."""
    return situation.from_slots(tracker.slots, now=clock.now())


def availability_of(tracker: Tracker) -> List[Slot]:
    """The days and hours the customer said they can (or cannot) do."""
    slots = []
    for raw in tracker.get_slot("customer_availability") or []:
        try:
            slots.append(Slot(**{k: v for k, v in raw.items() if k in Slot.__dataclass_fields__}))
        except (AttributeError, TypeError):
            continue
    return slots


async def refreshed_facts(tracker: Tracker, **known: Optional[str]) -> Optional[Dict[str, Any]]:
    """The order system asked, off the event loop, for what the conversation knows now (the
    slots, or the ``order_id`` / ``customer_email`` a validator has just read); None when
    nothing new was looked up."""
    values = {
        name: known.get(name, tracker.get_slot(name))
        for name in ("order_id", "customer_email", "customer_phone")
    }
    return await in_thread(
        account_facts.refresh,
        tracker.get_slot("account_facts"),
        values["order_id"],
        values["customer_email"],
        values["customer_phone"],
    )
