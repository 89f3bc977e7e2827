"""Resolution and closure: propose one remedy from the catalogue with a real date and ask
for firm consent; on a "no", ask what would suit better; once agreed, recap, give the
ticket reference, say how the customer will hear back, and ask for a rating.

The complaint's ticket is created when the first remedy is proposed and kept up to date
(proposals and answers, agreed remedy, rating); see litige/tickets."""

from __future__ import annotations

import logging
from datetime import date
from typing import Dict, List, Optional

from rasa_sdk import Tracker
from rasa_sdk.events import SlotSet
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict

from actions.complaint import latest_text
from actions.complaint_state import apply_slots
from actions.offloop import OffLoopAction
from actions.situation import availability_of, next_remedy, situation_of
from actions.ticketing import sync_ticket
from litige import clock, scheduling
from litige.catalogue import Remedy, remedy_for
from litige.config import get_settings
from litige.context_intent import rating_in
from litige.phrases import say
from litige.tickets.access import get_store
from litige.tickets.store import TicketStoreUnavailable
from litige.wording import closure, has_email, parse_rating, proposal, window_text

logger = logging.getLogger(__name__)


def reference_later(tracker: Tracker) -> str:
    email = tracker.get_slot("customer_email")
    if has_email(email):
        return f"elle vous sera envoyée par e-mail, à l'adresse {email}"
    return "je vous la donnerai ici même, dans cette conversation, dès que possible"


def retry_pending_ticket(dispatcher: CollectingDispatcher, tracker: Tracker) -> List[Dict]:
    """The ticket could not be saved earlier: try again, and give the reference if it works."""
    if not tracker.get_slot("ticket_pending"):
        return []
    handoff = tracker.get_slot("waltz_step") == "handoff"  # a handoff always leaves a ticket
    ticket = sync_ticket(tracker, status="pending_agent" if handoff else None, any_category=handoff)
    if ticket is None:
        return []
    say(dispatcher, tracker, "reference_recovered", reference=ticket.reference)
    try:
        get_store().mark_reference_delivered(ticket.reference)
    except TicketStoreUnavailable:
        pass
    return [SlotSet("ticket_id", ticket.reference), SlotSet("ticket_pending", False)]


def propose(dispatcher: CollectingDispatcher, tracker: Tracker, remedy: Remedy, phrase: str) -> List[Dict]:
    """Say the proposal of ``remedy`` with its date (and its time window for an appointment);
    the slots and the ticket follow."""
    today = clock.today()
    now_situation = situation_of(tracker)
    due, window = scheduling.schedule(
        remedy,
        today,
        now_situation,
        availability_of(tracker),
        get_settings().regional_holidays,
        stated=bool(tracker.get_slot("availability_stated")),
    )
    spoken = window_text(window) if window else None
    proposed = list(tracker.get_slot("proposed_remedies") or [])
    wording = proposal(remedy, due, today, spoken, now_situation.values())
    say(dispatcher, tracker, phrase, **wording)
    events = [
        SlotSet("current_remedy", remedy.id),
        SlotSet("proposed_remedies", proposed + [remedy.id]),
        SlotSet("proposal_due_dates", list(tracker.get_slot("proposal_due_dates") or []) + [due.isoformat()]),
        SlotSet("due_date", due.isoformat()),
        SlotSet("appointment_window", spoken),
        SlotSet("adjusting", False),
        SlotSet("waltz_step", "resolution"),
    ]
    ticket = sync_ticket(apply_slots(tracker, events))
    if ticket is not None:
        events.append(SlotSet("ticket_id", ticket.reference))
    return events


class ActionProposeRemedy(OffLoopAction):
    """One concrete remedy, never one already proposed, preferring what the customer
    asked for; when the catalogue has nothing left, say nothing here: ``no_remedy`` makes
    the escalation policy hand over with an honest explanation."""

    def name(self) -> str:
        return "action_propose_remedy"

    def act(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict) -> List[Dict]:
        remedy = next_remedy(tracker)
        if remedy is None:
            return [SlotSet("no_remedy", True)]
        phrase = "propose_again" if tracker.get_slot("refused_proposals") else "propose"
        return propose(dispatcher, tracker, remedy, phrase)


def refusal_events(tracker: Tracker) -> List[Dict]:
    """A "no" to the proposal: count it and go back to questioning (the form then asks
    "Qu'est-ce qui vous conviendrait mieux ?"). The escalation policy hands over once
    too many proposals were refused."""
    refused = int(tracker.get_slot("refused_proposals") or 0) + 1
    events = [
        SlotSet("refused_proposals", refused),
        SlotSet("current_remedy", None),
        SlotSet("expected_outcome", None),
        SlotSet("appointment_window", None),
        SlotSet("adjusting", True),
        SlotSet("waltz_step", "questioning"),
    ]
    sync_ticket(apply_slots(tracker, events))
    return events


def _mail_the_recap(reference: str) -> None:
    """The customer was asked for an address to receive the reference: the scheduler sends
    it with the recap (scheduler/reference_mails.py)."""
    try:
        get_store().mark_reference_email_pending(reference)
    except TicketStoreUnavailable:
        logger.warning("the recap e-mail of %s could not be queued", reference)


def confirm(dispatcher: CollectingDispatcher, tracker: Tracker) -> List[Dict]:
    """Consent given: closure. Recap, reference, follow-up, then the rating question."""
    remedy = remedy_for(tracker.get_slot("complaint_category"), tracker.get_slot("current_remedy"))
    due_text = tracker.get_slot("due_date")
    if remedy is None or not due_text:
        # nothing was proposed (a stray "oui"): do not pretend anything was agreed
        say(dispatcher, tracker, "nothing_to_confirm")
        return [SlotSet("waltz_step", tracker.get_slot("waltz_step"))]
    today = clock.today()
    events: List[Dict] = [SlotSet("waltz_step", "closure")]
    ticket = sync_ticket(apply_slots(tracker, events))
    wording = closure(
        remedy,
        date.fromisoformat(due_text),
        today,
        "",
        tracker.get_slot("customer_email"),
        tracker.get_slot("appointment_window"),
        get_settings().regional_holidays,
        situation_of(tracker).values(),
    )
    if ticket is None:
        wording.pop("reference")
        say(dispatcher, tracker, "closure_no_reference", reference_later=reference_later(tracker), **wording)
        events.append(SlotSet("ticket_pending", True))
    else:
        wording["reference"] = ticket.reference
        say(dispatcher, tracker, "closure", **wording)
        if has_email(tracker.get_slot("customer_email")):
            _mail_the_recap(ticket.reference)
        events += [SlotSet("ticket_id", ticket.reference), SlotSet("ticket_pending", False)]
    say(dispatcher, tracker, "ask_csat")
    return events


class ActionThankRating(OffLoopAction):
    """Stores the 1-5 rating (button or typed), thanks warmly, asks if anything else."""

    def name(self) -> str:
        return "action_thank_rating"

    def act(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict) -> List[Dict]:
        rating: Optional[int] = None
        for entity in tracker.latest_message.get("entities") or []:
            if entity.get("entity") == "csat":
                rating = parse_rating(str(entity.get("value")))
        if rating is None:  # typed: "3. vous avez mis du temps", "je vous aurais mis 4", "4/5"
            rating = rating_in(latest_text(tracker)) or parse_rating(latest_text(tracker))
        if rating is None:
            say(dispatcher, tracker, "invalid_csat")
            return [SlotSet("csat", None)]
        events: List[Dict] = [SlotSet("csat", float(rating))]
        apply_slots(tracker, events)
        events += retry_pending_ticket(dispatcher, tracker)
        if not tracker.get_slot("ticket_pending"):
            sync_ticket(tracker)
        say(dispatcher, tracker, "closure_thanks")
        say(dispatcher, tracker, "anything_else")
        return events
