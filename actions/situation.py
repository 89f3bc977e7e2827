"""The customer's situation as the remedy choice sees it, read from the tracker: what the
order system answered (the ``account_facts`` slot) and what the customer said."""

from __future__ import annotations

from typing import List

from rasa_sdk import Tracker

from litige import clock, situation
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
