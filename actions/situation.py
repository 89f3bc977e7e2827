"""The customer's situation as the remedy choice sees it, read from the tracker: what the
order system answered (the ``account_facts`` slot) and what the customer said."""

from __future__ import annotations

import dataclasses
from typing import Any, Dict, List, Optional

from rasa_sdk import Tracker

from actions.offloop import in_thread
from litige import account_facts, clock, situation
from litige.availability import Slot
from litige.catalogue import Remedy, category_for
from litige.situation import Situation

ADDRESS_TO_ASK = "(adresse à demander)"  # stands for an address not asked yet, to see what would fit


def situation_of(tracker: Tracker) -> Situation:
    """The customer's situation: what the order system answered and what they said."""
    return situation.from_slots(tracker.slots, now=clock.now())


def next_remedy(tracker: Tracker, now: Optional[Situation] = None) -> Optional[Remedy]:
    """The remedy the proposal would offer now: one that fits, never one already proposed nor,
    after a danger, one that keeps the same product; the one the customer asked for first."""
    category = category_for(tracker.get_slot("complaint_category"))
    if category is None:
        return None
    proposed = list(tracker.get_slot("proposed_remedies") or [])
    unsafe = category.unsafe() if tracker.get_slot("hazard_reported") else []
    wish = tracker.get_slot("expected_outcome") or ""
    now = now or situation_of(tracker)
    asked = category.remedy(tracker.get_slot("preferred_remedy") or "")
    if (
        asked is not None
        and asked.id in proposed
        and asked.id not in unsafe
        and asked.matches(wish)
        and asked in category.fitting(now)
    ):
        # turned down, then asked for again in the customer's own words ("un frigo neuf, mais
        # repris par le livreur"): they steer, and it is proposed again (refusals stay counted)
        return asked
    return category.choose(wish, proposed + unsafe, now)


def wished_remedy(tracker: Tracker, wish: str) -> Optional[Remedy]:
    """The remedy the customer's words ask for; when it was proposed already and the words
    only share its general ones with another ("au moins un mois remboursé" after a daily
    credit: "rembours"), the closest one not proposed yet that fits."""
    category = category_for(tracker.get_slot("complaint_category"))
    remedy = category.matching(wish) if category else None
    proposed = list(tracker.get_slot("proposed_remedies") or [])
    if category is None or remedy is None or remedy.id not in proposed:
        return remedy
    other = category.choose(wish, proposed, situation_of(tracker))
    if other is None or not set(remedy.matched(wish)) <= set(other.matched(wish)):
        # nothing else matches, or the words name the refused remedy itself ("un frigo neuf,
        # repris par le livreur"): it is what they ask for again
        return remedy
    return other


def visit_to_prepare(tracker: Tracker) -> Optional[Remedy]:
    """The visit at home the proposal would offer once the address is known (an address not
    asked yet is taken as given; one declined is not): where and when are asked first."""
    now = situation_of(tracker)
    if tracker.get_slot("customer_address") is None:
        now = dataclasses.replace(now, address=ADDRESS_TO_ASK)
    remedy = next_remedy(tracker, now)
    return remedy if remedy is not None and remedy.at_home else None


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
