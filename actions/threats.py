"""Threats that do not hand off (leaving, reviews): acknowledged seriously, without any
counter-threat, and the complaint's priority is raised. Legal action, mediators,
chargebacks and public exposure hand off (litige/escalation.py)."""

from __future__ import annotations

from typing import Dict, List

from rasa_sdk import Action, Tracker
from rasa_sdk.events import SlotSet
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict

from actions.complaint import latest_text
from litige.escalation import LEAVE, REVIEW
from litige.phrases import say
from litige.signals import detect

_PHRASES = {LEAVE: "threat_leave", REVIEW: "threat_review"}


class ActionAcknowledgeThreat(Action):
    def name(self) -> str:
        return "action_acknowledge_threat"

    def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict) -> List[Dict]:
        kind = detect(latest_text(tracker)).threat
        say(dispatcher, tracker, _PHRASES.get(kind, "threat_other"))
        return [SlotSet("priority", "high")]
