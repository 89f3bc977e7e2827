"""Handing the conversation to a human advisor.

``action_handoff`` is the one handoff action: the escalation policy
(components/escalation_policy.py, rules in actions/escalation.py) predicts it and sets
``handoff_reason``; the customer is told, in French, why and what happens next. The
ticket store completes it (pending_agent ticket) in actions/tickets.
"""

from __future__ import annotations

from typing import Dict, List, Optional

from rasa_sdk import Action, Tracker
from rasa_sdk.events import ActiveLoop, SlotSet
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict

from actions.config import get_settings
from actions.escalation import REASONS, REQUEST_HUMAN
from actions.phrases import say


def handoff_reason(tracker: Tracker) -> str:
    """The reason the escalation policy recorded; without one (the request_human rule
    reached by another path), the customer asked for a person."""
    reason: Optional[str] = tracker.get_slot("handoff_reason")
    return reason if reason in REASONS else REQUEST_HUMAN


class ActionHandoff(Action):
    def name(self) -> str:
        return "action_handoff"

    def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict) -> List[Dict]:
        if tracker.get_slot("waltz_step") == "handoff":
            say(dispatcher, tracker, "handoff_already")
            return []
        reason = handoff_reason(tracker)
        say(dispatcher, tracker, f"handoff_{reason}", hours=str(get_settings().handoff_response_hours))
        return [
            ActiveLoop(None),
            SlotSet("requested_slot", None),
            SlotSet("handoff_reason", reason),
            SlotSet("priority", "urgent" if reason == "serious_threat" else "high"),
            SlotSet("waltz_step", "handoff"),
        ]
