"""The two ways an advisor gives the conversation back, run by the console through Rasa's
``/execute`` endpoint once the conversation is resumed:

* ``action_advisor_handed_back``: the advisor agreed a remedy and its date with the customer
  (the console set ``current_remedy``, ``due_date`` and ``complaint_category``); the assistant
  takes over at the closure step: recap, reference, follow-up on the date, rating question;
* ``action_advisor_closed``: the advisor closed the conversation; the assistant says so,
  gives the reference and asks for the rating.

The advisor's first name is in the ``advisor_name`` slot (set by the console).
"""

from __future__ import annotations

from typing import Dict, List

from rasa_sdk import Action, Tracker
from rasa_sdk.events import ActionExecuted, ActiveLoop, SlotSet
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict

from actions.offloop import in_thread
from actions.resolution import confirm
from litige.phrases import say


def _advisor(tracker: Tracker) -> str:
    return tracker.get_slot("advisor_name") or "Votre conseiller"


def _back_with_the_bot() -> List[Dict]:
    return [ActiveLoop(None), SlotSet("requested_slot", None), SlotSet("handoff_reason", None)]


# run through the HTTP API, outside a user turn: hand the turn back to the customer so
# that their answer (the rating, most often) is read like any other message
def _customers_turn() -> Dict:
    return ActionExecuted("action_listen")


class ActionAdvisorHandedBack(Action):
    def name(self) -> str:
        return "action_advisor_handed_back"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict) -> List[Dict]:
        return await in_thread(self._run, dispatcher, tracker)

    @staticmethod
    def _run(dispatcher: CollectingDispatcher, tracker: Tracker) -> List[Dict]:
        say(dispatcher, tracker, "advisor_handed_back", advisor=_advisor(tracker))
        return _back_with_the_bot() + confirm(dispatcher, tracker) + [_customers_turn()]


class ActionAdvisorClosed(Action):
    def name(self) -> str:
        return "action_advisor_closed"

    def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict) -> List[Dict]:
        reference = tracker.get_slot("ticket_id")
        if reference:
            say(dispatcher, tracker, "advisor_closed", advisor=_advisor(tracker), reference=reference)
        else:
            say(dispatcher, tracker, "advisor_closed_no_reference", advisor=_advisor(tracker))
        say(dispatcher, tracker, "ask_csat")
        return _back_with_the_bot() + [SlotSet("waltz_step", "closure"), _customers_turn()]
