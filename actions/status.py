"""ask_status: where does my complaint stand? Answers from the complaint known in this
conversation (the ticket store adds look-ups by reference for verified owners)."""

from __future__ import annotations

from datetime import date
from typing import Dict, List

from rasa_sdk import Action, Tracker
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict

from actions import clock
from actions.catalogue import category_for
from actions.dates import format_french_date
from actions.parsing import normalize_ticket_id
from actions.phrases import say


class ActionCheckStatus(Action):
    def name(self) -> str:
        return "action_check_status"

    def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict) -> List[Dict]:
        known = tracker.get_slot("ticket_id")
        asked = None
        for entity in tracker.latest_message.get("entities") or []:
            if entity.get("entity") == "ticket_id":
                asked = normalize_ticket_id(str(entity.get("value")))
        reference = asked or known
        if reference is None:
            if tracker.get_slot("waltz_step") in ("attention", "questioning", "resolution"):
                say(dispatcher, tracker, "status_pending")
            else:
                say(dispatcher, tracker, "ask_reference")
            return []
        category = category_for(tracker.get_slot("complaint_category"))
        remedy = category.remedy(tracker.get_slot("current_remedy") or "") if category else None
        due = tracker.get_slot("due_date")
        if reference == known and remedy and due:
            say(
                dispatcher,
                tracker,
                "status_known",
                reference=reference,
                summary=remedy.summary.rstrip(" ,"),
                due=format_french_date(date.fromisoformat(due), today=clock.today()),
            )
        else:
            say(dispatcher, tracker, "status_unknown_reference", reference=reference)
        return []
