"""Safety first: a message that speaks of a possible danger gets a short safety instruction
before anything else (litige.safety), and the complaint is marked so that no remedy keeps
or resends the same product (``if_hazard: false`` in the catalogue)."""

from __future__ import annotations

from typing import Any, Dict, List

from rasa_sdk import Tracker
from rasa_sdk.events import SlotSet
from rasa_sdk.executor import CollectingDispatcher

from litige.phrases import say
from litige.safety import instructions


def safety_first(dispatcher: CollectingDispatcher, tracker: Tracker) -> List[Dict[str, Any]]:
    signals = tracker.latest_message.get("signals") or {}
    if not signals.get("hazard"):
        return []
    for kind in instructions(tracker.latest_message.get("text"), signals.get("hazard_terms") or ()):
        say(dispatcher, tracker, f"safety_{kind}")
    return [SlotSet("hazard_reported", True)]
