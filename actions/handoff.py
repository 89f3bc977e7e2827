"""Handing the conversation to a human advisor.

``action_handoff`` is the one handoff action: the escalation policy
(components/escalation_policy.py, rules in litige/escalation.py) predicts it and sets
``handoff_reason``. The customer is told, in French, why, and what really happens next:

* an advisor is signed in to the console, within the advisors' hours, and the wait is short:
  the conversation joins the queue (litige/tickets/owners.py) with an honest estimate;
* nobody is there (closed, nobody signed in, or too long a wait): a call back at the next
  opening, at a real day and hour, confirmed by e-mail when the customer gave one.

Every handoff leaves a ticket (``pending_agent``) and says its reference, however little the
bot learned. The database work runs in a thread: the action server's event loop never waits.
"""

from __future__ import annotations

import logging
from typing import Dict, List, Optional

from rasa_sdk import Action, Tracker
from rasa_sdk.events import ActiveLoop, SlotSet
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict

from actions.complaint_state import apply_slots
from actions.handoff_status import email_of, owner_of, where_things_are
from actions.offloop import in_thread
from actions.resolution import reference_later
from actions.ticketing import sync_ticket
from litige import clock, ownership
from litige.advisor_hours import company_hours
from litige.config import get_settings
from litige.escalation import REASONS, REQUEST_HUMAN
from litige.handoff_plan import CALLBACK, Plan, callback_values, plan, wait_text, why_text
from litige.mailer import Mailer
from litige.phrases import render, say
from litige.tickets.access import get_store
from litige.tickets.owners import OwnerStore
from litige.tickets.presence import Presence
from litige.tickets.store import TicketStoreUnavailable

logger = logging.getLogger(__name__)


def handoff_reason(tracker: Tracker) -> str:
    """The reason the escalation policy recorded; without one (the request_human rule
    reached by another path), the customer asked for a person."""
    reason: Optional[str] = tracker.get_slot("handoff_reason")
    return reason if reason in REASONS else REQUEST_HUMAN


class ActionHandoff(Action):
    def name(self) -> str:
        return "action_handoff"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict) -> List[Dict]:
        return await in_thread(self._run, dispatcher, tracker)

    def _run(self, dispatcher: CollectingDispatcher, tracker: Tracker) -> List[Dict]:
        if tracker.get_slot("waltz_step") == "handoff":
            owner = owner_of(tracker.sender_id)
            if owner is None or where_things_are(dispatcher, tracker, owner):
                if owner is None:
                    say(dispatcher, tracker, "handoff_already", wait=wait_text(None))
                return []
        reason = handoff_reason(tracker)
        say(dispatcher, tracker, f"handoff_{reason}")
        events: List[Dict] = [
            ActiveLoop(None),
            SlotSet("requested_slot", None),
            SlotSet("handoff_reason", reason),
            SlotSet("priority", "urgent" if reason == "serious_threat" else "high"),
            SlotSet("follow_up_state", None),
            SlotSet("waltz_step", "handoff"),
        ]
        ticket = sync_ticket(
            apply_slots(tracker, events),
            status="pending_agent",
            note=f"transmis à un conseiller ({reason})",
            any_category=True,
        )
        reference = ticket.reference if ticket is not None else None
        if reference:
            events.append(SlotSet("ticket_id", reference))
        else:
            events.append(SlotSet("ticket_pending", True))
        priority = (
            ticket.priority if ticket is not None else ("urgent" if reason == "serious_threat" else "high")
        )
        try:
            chosen = self._queue(tracker.sender_id, reason, priority, reference)
        except TicketStoreUnavailable as error:
            logger.error("handoff not queued, the database is unavailable: %s", error)
            say(dispatcher, tracker, "handoff_unavailable")
            return events
        self._tell(dispatcher, tracker, chosen, reference)
        return events

    @staticmethod
    def _queue(conversation_id: str, reason: str, priority: str, reference: Optional[str]) -> Plan:
        settings = get_settings()
        store = get_store()
        owners = OwnerStore(store)
        now = clock.now()
        online = Presence(store).online(now, settings.advisor_presence_seconds)
        queue = owners.queue()
        position = ownership.position_in(queue, conversation_id) or len(queue) + 1
        chosen = plan(
            now,
            company_hours(settings),
            len(online),
            position,
            settings.max_wait_minutes,
        )
        owners.hand_off(
            conversation_id,
            now,
            reason=reason,
            priority=priority,
            ticket_reference=reference,
            callback_at=chosen.callback_at if chosen.kind == CALLBACK else None,
        )
        return chosen

    @staticmethod
    def _tell(
        dispatcher: CollectingDispatcher, tracker: Tracker, chosen: Plan, reference: Optional[str]
    ) -> None:
        later = {} if reference else {"reference_later": reference_later(tracker)}
        suffix = "" if reference else "_no_reference"
        if chosen.kind != CALLBACK:
            wait = wait_text(chosen.wait_minutes)
            say(dispatcher, tracker, f"handoff_waiting{suffix}", wait=wait, **_ref(reference), **later)
            return
        email = email_of(tracker)
        values = callback_values(chosen.callback_before, email, clock.today())
        why = why_text(chosen.why)
        say(dispatcher, tracker, f"handoff_callback{suffix}", why=why, **values, **_ref(reference), **later)
        if email:
            subject, _ = render("mail_callback_subject", values={"reference": reference or ""})
            body, _ = render("mail_callback_body", values={**values, "reference": reference or "en cours"})
            Mailer.from_settings().send(email, subject.strip(), body)


def _ref(reference: Optional[str]) -> Dict[str, str]:
    return {"reference": reference} if reference else {}
