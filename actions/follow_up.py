"""The follow-up on the promised date ("Assurez un suivi").

The follow-up scheduler (scheduler/follow_ups.py) runs ``action_follow_up`` in the
customer's conversation through Rasa's HTTP API on the due date; the customer answers
with Oui/Non. "Oui" resolves the ticket; "Non" reopens it at high priority and offers a
person (accepting hands off)."""

from __future__ import annotations

from typing import Dict, List

from rasa_sdk import Tracker
from rasa_sdk.events import ActionExecuted, SlotSet
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict

from actions.complaint import latest_intent
from actions.offloop import OffLoopAction
from litige import clock
from litige.catalogue import remedy_for
from litige.dates import format_french_date
from litige.phrases import say
from litige.tickets.access import get_store
from litige.tickets.follow_ups import FollowUps
from litige.tickets.store import TicketNotFound, TicketStoreUnavailable


class ActionFollowUp(OffLoopAction):
    def name(self) -> str:
        return "action_follow_up"

    def act(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict) -> List[Dict]:
        try:
            follow_up = FollowUps(get_store()).firing(tracker.sender_id)
        except TicketStoreUnavailable:
            return []  # the scheduler will try again
        if follow_up is None:
            return []
        remedy = remedy_for(follow_up["category"], follow_up["agreed_remedy"])
        due, today = follow_up["ticket_due_date"], clock.today()
        when = "aujourd'hui" if due == today else f"le {format_french_date(due, today=today)}"
        promise = remedy.promise if remedy else "le traitement de votre dossier"
        reference = follow_up["reference"]
        say(dispatcher, tracker, "follow_up_question", promise=promise, due=when, reference=reference)
        return [
            SlotSet("follow_up_state", "asked"),
            SlotSet("follow_up_ticket", reference),
            SlotSet("waltz_step", "closure"),
            # run through the HTTP API, outside a user turn: hand the turn back to the
            # customer so that their answer is read like any other message
            ActionExecuted("action_listen"),
        ]


class ActionFollowUpAnswer(OffLoopAction):
    def name(self) -> str:
        return "action_follow_up_answer"

    def act(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict) -> List[Dict]:
        reference = tracker.get_slot("follow_up_ticket")
        state = tracker.get_slot("follow_up_state")
        solved = latest_intent(tracker) == "affirm"
        if state == "offered_person":  # "non" to the advisor
            say(dispatcher, tracker, "follow_up_no_person")
            return [SlotSet("follow_up_state", None)]
        try:
            FollowUps(get_store()).answer(reference, solved)
        except (TicketStoreUnavailable, TicketNotFound):
            say(dispatcher, tracker, "follow_up_unavailable")
            return [SlotSet("follow_up_state", None)]
        if solved:
            say(dispatcher, tracker, "follow_up_solved", reference=reference)
            return [SlotSet("follow_up_state", None)]
        say(dispatcher, tracker, "follow_up_not_solved", reference=reference)
        return [SlotSet("follow_up_state", "offered_person"), SlotSet("priority", "high")]
