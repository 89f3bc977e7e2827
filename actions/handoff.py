"""Handing the conversation to a human advisor.

``action_handoff`` is the one handoff action: the escalation policy
(components/escalation_policy.py, rules in litige/escalation.py) predicts it and sets
``handoff_reason``; the customer is told, in French, why and what happens next, and the
complaint's ticket (if there is a complaint) is created or moved to ``pending_agent``.
"""

from __future__ import annotations

from typing import Dict, List, Optional

from rasa_sdk import Action, Tracker
from rasa_sdk.events import ActiveLoop, SlotSet
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict

from actions.complaint_state import apply_slots
from actions.resolution import reference_later
from actions.ticketing import sync_ticket
from litige.config import get_settings
from litige.escalation import REASONS, REQUEST_HUMAN
from litige.phrases import say


def handoff_reason(tracker: Tracker) -> str:
    """The reason the escalation policy recorded; without one (the request_human rule
    reached by another path), the customer asked for a person."""
    reason: Optional[str] = tracker.get_slot("handoff_reason")
    return reason if reason in REASONS else REQUEST_HUMAN


def within_hours(hours: int) -> str:
    """ "dans l'heure ouvrée", "dans les 4 heures ouvrées": the advisor's answer delay."""
    return "dans l'heure ouvrée" if hours == 1 else f"dans les {hours} heures ouvrées"


class ActionHandoff(Action):
    def name(self) -> str:
        return "action_handoff"

    def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict) -> List[Dict]:
        if tracker.get_slot("waltz_step") == "handoff":
            say(dispatcher, tracker, "handoff_already")
            return []
        reason = handoff_reason(tracker)
        say(
            dispatcher,
            tracker,
            f"handoff_{reason}",
            within=within_hours(get_settings().handoff_response_hours),
        )
        events = [
            ActiveLoop(None),
            SlotSet("requested_slot", None),
            SlotSet("handoff_reason", reason),
            SlotSet("priority", "urgent" if reason == "serious_threat" else "high"),
            SlotSet("follow_up_state", None),
            SlotSet("waltz_step", "handoff"),
        ]
        if tracker.get_slot("complaint_category"):
            ticket = sync_ticket(
                apply_slots(tracker, events),
                status="pending_agent",
                note=f"transmis à un conseiller ({reason})",
            )
            if ticket is None:
                say(dispatcher, tracker, "reference_later_notice", reference_later=reference_later(tracker))
                events.append(SlotSet("ticket_pending", True))
            else:
                events.append(SlotSet("ticket_id", ticket.reference))
        return events
