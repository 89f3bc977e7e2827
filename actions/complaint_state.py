"""Slot bookkeeping shared by the waltz actions: what a new complaint resets."""

from __future__ import annotations

from typing import Any, Dict, List

from rasa_sdk import Tracker
from rasa_sdk.events import SlotSet

# Everything that belongs to one complaint (customer details such as the e-mail are kept).
PER_COMPLAINT_DEFAULTS: Dict[str, Any] = {
    "complaint_details": None,
    "story_told": False,
    "hazard_reported": False,
    "category_corrected": False,
    "amount_corrected": False,
    "corrected_amount": None,
    "expected_outcome": None,
    "preferred_remedy": None,
    "order_id_attempts": 0,
    "email_attempts": 0,
    "phone_attempts": 0,
    "proposed_remedies": [],
    "current_remedy": None,
    "due_date": None,
    "appointment_window": None,
    "proposal_due_dates": [],
    "refused_proposals": 0,
    "no_remedy": False,
    "adjusting": False,
    "correcting": False,
    "handoff_reason": None,
    "csat": None,
    "ticket_id": None,
    "priority": "normal",
}


def apply_slots(tracker: Tracker, events: List[Dict[str, Any]]) -> Tracker:
    """The tracker as it will be once ``events`` are applied (slots only), e.g. to save
    the ticket with the values this action is setting."""
    tracker.add_slots([event for event in events if event.get("event") == "slot"])
    return tracker


def reset_complaint_slots() -> List[Dict[str, Any]]:
    return [SlotSet(name, value) for name, value in PER_COMPLAINT_DEFAULTS.items()]


def noted_details(tracker: Tracker, label: str, text: str, limit: int) -> str:
    """The complaint's file (``complaint_details``) with the customer's words added under a
    label ("[Question] …", "[Après la clôture] …"), its last ``limit`` characters."""
    details = " ".join(filter(None, [tracker.get_slot("complaint_details"), f"[{label}] {text}"]))
    return details[-limit:]
