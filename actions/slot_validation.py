"""Global slot validation: normalises what the NLU extracted before it lands in slots.

Rasa calls ``action_validate_slot_mappings`` after a user message when it has work
(``litige.validation_gate``: a slot below was extracted, a ticket waits, the order system is
due); each ``validate_<slot>`` returns the cleaned value, or None to refuse a value that is
not valid (it then never reaches the slots, the tickets or the database). The emotion trend
is set by the Rasa process (``channels/slot_gate.py``).
"""

from __future__ import annotations

from typing import Any, Dict, List

from rasa_sdk import Tracker
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.forms import ValidationAction
from rasa_sdk.types import DomainDict

from actions.offloop import in_thread
from actions.resolution import retry_pending_ticket
from actions.situation import refreshed_facts
from litige import clock
from litige.dates import parse_french_date
from litige.parsing import (
    first_value,
    normalize_amount,
    normalize_email,
    normalize_order_id,
    normalize_person_name,
    normalize_phone,
    normalize_ticket_id,
)
from litige.wording import parse_rating

# Slots that also have a form mapping: rasa-sdk leaves them out of global validation, but
# an order number or e-mail given outside the form (in the first complaint message) must
# be normalised too. While the form runs, its own validator (actions/forms.py) decides.
_ALSO_FORM_SLOTS = ("order_id", "customer_email", "customer_phone")


class ValidateSlotMappings(ValidationAction):
    def name(self) -> str:
        return "action_validate_slot_mappings"

    def domain_slots(self, domain: DomainDict) -> List[str]:
        return super().domain_slots(domain) + [s for s in _ALSO_FORM_SLOTS if s in domain.get("slots", {})]

    async def extract_ticket_pending(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> Dict[str, Any]:
        """The ticket could not be saved earlier and the customer was promised the reference
        at the next turn: retried on every message, whatever the customer says, and given as
        soon as the database takes it (never while an advisor holds the conversation)."""
        if not tracker.get_slot("ticket_pending") or tracker.is_paused():
            return {}
        events = await in_thread(retry_pending_ticket, dispatcher, tracker)
        return {event["name"]: event["value"] for event in events if event.get("event") == "slot"}

    async def extract_account_facts(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> Dict[str, Any]:
        """The order system is asked as soon as the order number, the e-mail or the phone is
        known (said in the opening or later), off the event loop."""
        facts = await refreshed_facts(tracker)
        return {"account_facts": facts} if facts is not None else {}

    def validate_order_id(
        self, slot_value: Any, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> Dict[str, Any]:
        if tracker.active_loop.get("name"):
            return {"order_id": slot_value}
        return {"order_id": normalize_order_id(first_value(slot_value))}

    def validate_ticket_id(
        self, slot_value: Any, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> Dict[str, Any]:
        return {"ticket_id": normalize_ticket_id(first_value(slot_value))}

    def validate_customer_email(
        self, slot_value: Any, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> Dict[str, Any]:
        if tracker.active_loop.get("name"):
            return {"customer_email": slot_value}
        return {"customer_email": normalize_email(first_value(slot_value))}

    def validate_customer_phone(
        self, slot_value: Any, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> Dict[str, Any]:
        if tracker.active_loop.get("name"):
            return {"customer_phone": slot_value}
        return {"customer_phone": normalize_phone(first_value(slot_value))}

    def validate_customer_name(
        self, slot_value: Any, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> Dict[str, Any]:
        return {"customer_name": normalize_person_name(first_value(slot_value))}

    def validate_csat(
        self, slot_value: Any, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> Dict[str, Any]:
        """A rating typed as a payload (``/rate{"csat":"abc"}``) is kept only when it is 1 to 5,
        and only at the closure, the step that asks for it."""
        if slot_value is None or tracker.get_slot("waltz_step") != "closure":
            return {"csat": None}
        rating = parse_rating(str(first_value(slot_value)))
        return {"csat": float(rating) if rating is not None else None}

    def validate_disputed_amount(
        self, slot_value: Any, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> Dict[str, Any]:
        return {"disputed_amount": normalize_amount(first_value(slot_value))}

    def validate_incident_date(
        self, slot_value: Any, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> Dict[str, Any]:
        parsed = parse_french_date(str(first_value(slot_value) or ""), clock.today())
        return {"incident_date": parsed.isoformat() if parsed else None}
