"""The complaint form's questions, one action per slot (``action_ask_<slot>``), each from the
phrasebook: never a second thank-you right after the attention answer, never a second
question right after the validation asked again in its own words (a wrong or partial answer)."""

from __future__ import annotations

from abc import ABC, abstractmethod
from typing import Dict, List

from rasa_sdk import Action, Tracker
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict

from litige.phrases import load_phrasebook, say

_ASKING_AGAIN = (
    "invalid_order_id",
    "invalid_email",
    "postal_not_email",
    "invalid_phone",
    "invalid_address",
    "invalid_availability",
)


def _asked_again_just_now(tracker: Tracker) -> bool:
    """Whether the validation has just asked the question again in its own words (a wrong or
    partial answer), since the customer's message: the form's question would be a second one."""
    for event in reversed(tracker.events):
        if event.get("event") == "user":
            return False
        if event.get("event") == "bot":
            said = event.get("text") or ""
            starts = {v.text.split("{")[0] for key in _ASKING_AGAIN for v in load_phrasebook()[key]}
            return any(start and said.startswith(start) for start in starts)
    return False


class _AskAction(Action, ABC):
    """Asks for one form slot with a phrase of the phrasebook."""

    @property
    @abstractmethod
    def slot(self) -> str:
        """The form slot this action asks for."""

    def name(self) -> str:
        return f"action_ask_{self.slot}"

    def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict) -> List[Dict]:
        after_attention = f"ask_{self.slot}_after_attention"
        if _asked_again_just_now(tracker):
            pass  # "Il me manque le code postal… Pouvez-vous me redonner l'adresse ?": asked once
        elif after_attention in load_phrasebook() and attention_just_said(tracker):
            # the attention answer has just thanked the customer: no second "merci" in a row
            say(dispatcher, tracker, after_attention)
        else:
            say(dispatcher, tracker, f"ask_{self.slot}")
        return []


class ActionAskOrderId(_AskAction):
    slot = "order_id"  # type: ignore[assignment]


class ActionAskExpectedOutcome(_AskAction):
    slot = "expected_outcome"  # type: ignore[assignment]


class ActionAskCustomerEmail(_AskAction):
    slot = "customer_email"  # type: ignore[assignment]


class ActionAskCustomerPhone(_AskAction):
    slot = "customer_phone"  # type: ignore[assignment]


class ActionAskCustomerAddress(_AskAction):
    slot = "customer_address"  # type: ignore[assignment]


class ActionAskVisitAvailability(_AskAction):
    slot = "visit_availability"  # type: ignore[assignment]


def attention_just_said(tracker: Tracker) -> bool:
    """Whether the attention answer was given in this very turn (after the customer's
    last message, the form's own execution aside)."""
    for event in reversed(tracker.events):
        if event.get("event") == "user":
            return False
        if event.get("event") == "action" and event.get("name") not in ("complaint_form", "action_listen"):
            return event.get("name") == "utter_attention"
    return False


class ActionAskComplaintDetails(Action):
    """Asks what happened, except right after the attention answer, which has just
    invited the customer to tell more (no second question in the same breath)."""

    def name(self) -> str:
        return "action_ask_complaint_details"

    def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict) -> List[Dict]:
        if not attention_just_said(tracker):
            say(dispatcher, tracker, "ask_complaint_details")
        return []
