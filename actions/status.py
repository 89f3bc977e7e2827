"""ask_status: where does my complaint stand? Read from the ticket store, and only for
the conversation that owns the ticket (never someone else's)."""

from __future__ import annotations

from typing import Dict, List, Optional

from rasa_sdk import Tracker
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict

from actions.offloop import OffLoopAction
from litige import clock
from litige.catalogue import remedy_for
from litige.dates import format_french_date
from litige.parsing import normalize_ticket_id
from litige.phrases import say
from litige.tickets.access import get_store
from litige.tickets.store import TicketNotFound, TicketStoreUnavailable
from litige.wording import agreed_summary

STATUS_TEXT = {
    "open": "enregistrée et en cours de traitement",
    "pending_agent": "entre les mains d'un conseiller, qui va vous répondre",
    "in_progress": "en cours de traitement par un conseiller",
    "resolved": "résolue",
    "closed": "clôturée",
}


def _asked_reference(tracker: Tracker) -> Optional[str]:
    for entity in tracker.latest_message.get("entities") or []:
        if entity.get("entity") == "ticket_id":
            return normalize_ticket_id(str(entity.get("value")))
    return None


class ActionCheckStatus(OffLoopAction):
    def name(self) -> str:
        return "action_check_status"

    def act(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict) -> List[Dict]:
        reference = _asked_reference(tracker) or tracker.get_slot("ticket_id")
        if reference is None:
            if tracker.get_slot("waltz_step") in ("attention", "questioning", "resolution"):
                say(dispatcher, tracker, "status_pending")
            else:
                say(dispatcher, tracker, "ask_reference")
            return []
        try:
            ticket = get_store().get(reference)
        except TicketNotFound:
            say(dispatcher, tracker, "status_unknown_reference", reference=reference)
            return []
        except TicketStoreUnavailable:
            say(dispatcher, tracker, "status_unavailable")
            return []
        if ticket.conversation_id != tracker.sender_id:
            say(dispatcher, tracker, "status_not_yours")
            return []
        remedy = remedy_for(ticket["category"], ticket["agreed_remedy"])
        if ticket.status == "open" and remedy and ticket["due_date"]:
            say(
                dispatcher,
                tracker,
                "status_known",
                reference=reference,
                summary=agreed_summary(remedy, ticket.data.get("facts")).rstrip(" ,"),
                due=format_french_date(ticket["due_date"], today=clock.today()),
            )
        else:
            say(
                dispatcher,
                tracker,
                "status_of_ticket",
                reference=reference,
                status_text=STATUS_TEXT[ticket.status],
            )
        return []
