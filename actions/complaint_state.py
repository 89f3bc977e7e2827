"""Slot bookkeeping shared by the waltz actions: what a new complaint resets."""

from __future__ import annotations

from typing import Any, Dict, List

from rasa_sdk.events import SlotSet

# Everything that belongs to one complaint (customer details such as the e-mail are kept).
PER_COMPLAINT_DEFAULTS: Dict[str, Any] = {
    "complaint_details": None,
    "expected_outcome": None,
    "preferred_remedy": None,
    "order_id_attempts": 0,
    "email_attempts": 0,
    "proposed_remedies": [],
    "current_remedy": None,
    "due_date": None,
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


def reset_complaint_slots() -> List[Dict[str, Any]]:
    return [SlotSet(name, value) for name, value in PER_COMPLAINT_DEFAULTS.items()]
