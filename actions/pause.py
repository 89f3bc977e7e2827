"""A goodbye in the middle of the questions: end politely, keep everything the customer
said, and pick the questions up where they were when the customer comes back."""

from __future__ import annotations

from typing import Dict, List

from rasa_sdk import Action, Tracker
from rasa_sdk.events import ActiveLoop, SlotSet
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict

from litige.phrases import say


class ActionPauseComplaint(Action):
    """The form stops waiting (nothing conversational is taken as an order number or an
    e-mail); the complaint's state stays in the tracker."""

    def name(self) -> str:
        return "action_pause_complaint"

    def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict) -> List[Dict]:
        say(dispatcher, tracker, "complaint_paused")
        return [ActiveLoop(None), SlotSet("requested_slot", None), SlotSet("complaint_paused", True)]


class ActionResumeComplaint(Action):
    """Back after a goodbye: say so; the rule then runs the form, which asks what is missing."""

    def name(self) -> str:
        return "action_resume_complaint"

    def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict) -> List[Dict]:
        say(dispatcher, tracker, "complaint_resumed")
        return [SlotSet("complaint_paused", False)]
