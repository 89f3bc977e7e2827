"""Resolution and closure: propose one remedy from the catalogue with a real date and ask
for firm consent; on a "no", ask what would suit better; once agreed, recap, give the
reference, say how the customer will hear back, and ask for a rating."""

from __future__ import annotations

from datetime import date
from typing import Dict, List

from rasa_sdk import Action, Tracker
from rasa_sdk.events import SlotSet
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict

from actions import clock
from actions.business_days import add_business_days
from actions.catalogue import category_for
from actions.complaint import latest_text
from actions.phrases import say
from actions.reference import complaint_reference
from actions.wording import closure, parse_rating, proposal


class ActionProposeRemedy(Action):
    """One concrete remedy, never one already proposed, preferring what the customer
    asked for; when the catalogue has nothing left, say nothing here: ``no_remedy`` makes
    the escalation policy hand over with an honest explanation."""

    def name(self) -> str:
        return "action_propose_remedy"

    def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict) -> List[Dict]:
        category = category_for(tracker.get_slot("complaint_category"))
        proposed = list(tracker.get_slot("proposed_remedies") or [])
        remedy = category.choose(tracker.get_slot("expected_outcome") or "", proposed) if category else None
        if remedy is None:
            return [SlotSet("no_remedy", True)]
        today = clock.today()
        due = add_business_days(today, remedy.delay_business_days)
        phrase = "propose_again" if tracker.get_slot("refused_proposals") else "propose"
        say(dispatcher, tracker, phrase, **proposal(remedy, due, today))
        return [
            SlotSet("current_remedy", remedy.id),
            SlotSet("proposed_remedies", proposed + [remedy.id]),
            SlotSet("due_date", due.isoformat()),
            SlotSet("adjusting", False),
            SlotSet("waltz_step", "resolution"),
        ]


class ActionHandleRefusal(Action):
    """A "no" to the proposal: count it and go back to questioning (the form then asks
    "Qu'est-ce qui vous conviendrait mieux ?"). The escalation policy hands over once
    too many proposals were refused."""

    def name(self) -> str:
        return "action_handle_refusal"

    def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict) -> List[Dict]:
        refused = int(tracker.get_slot("refused_proposals") or 0) + 1
        return [
            SlotSet("refused_proposals", refused),
            SlotSet("current_remedy", None),
            SlotSet("expected_outcome", None),
            SlotSet("adjusting", True),
            SlotSet("waltz_step", "questioning"),
        ]


class ActionConfirmRemedy(Action):
    """Consent given: closure. Recap, reference, follow-up, then the rating question."""

    def name(self) -> str:
        return "action_confirm_remedy"

    def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict) -> List[Dict]:
        category = category_for(tracker.get_slot("complaint_category"))
        remedy = category.remedy(tracker.get_slot("current_remedy") or "") if category else None
        due_text = tracker.get_slot("due_date")
        if remedy is None or not due_text:
            # nothing was proposed (a stray "oui"): do not pretend anything was agreed
            say(dispatcher, tracker, "nothing_to_confirm")
            return []
        today = clock.today()
        reference = tracker.get_slot("ticket_id") or complaint_reference(
            tracker.sender_id, float(tracker.get_slot("complaint_started_at") or 0.0), today.year
        )
        say(
            dispatcher,
            tracker,
            "closure",
            **closure(
                remedy, date.fromisoformat(due_text), today, reference, tracker.get_slot("customer_email")
            ),
        )
        say(dispatcher, tracker, "ask_csat")
        return [SlotSet("ticket_id", reference), SlotSet("waltz_step", "closure")]


class ActionThankRating(Action):
    """Stores the 1-5 rating (button or typed), thanks warmly, asks if anything else."""

    def name(self) -> str:
        return "action_thank_rating"

    def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict) -> List[Dict]:
        rating = None
        for entity in tracker.latest_message.get("entities") or []:
            if entity.get("entity") == "csat":
                rating = parse_rating(str(entity.get("value")))
        if rating is None:
            rating = parse_rating(latest_text(tracker))
        if rating is None:
            say(dispatcher, tracker, "invalid_csat")
            return [SlotSet("csat", None)]
        say(dispatcher, tracker, "closure_thanks")
        say(dispatcher, tracker, "anything_else")
        return [SlotSet("csat", float(rating))]
