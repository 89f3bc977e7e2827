"""The proposal is on the table: every answer the customer gives is negotiated here.

* consent ("oui", a button): closure;
* a day or a time window: for a remedy that happens on a day (``appointment`` in the
  catalogue), the same remedy on the first day that fits, on or after its business-day delay,
  never earlier than the company can keep; for the others, no appointment is needed; a
  deadline ("avant vendredi") is checked against the promised date. None of this counts as
  a refusal: the customer is negotiating the terms, not turning the remedy down;
* a question: answered from the proposal's own terms (its date, how the customer hears
  back), honestly "I cannot say" for anything else (noted in the ticket), then consent is
  asked again;
* another remedy named ("non, je préfère un avoir", "et un remboursement ?"): that remedy,
  even if it was proposed before, not counted as a refusal (the customer steers; a refusal
  of what they asked for is counted), up to ``MAX_PROPOSALS`` proposals;
* a plain refusal: counted, and back to "Qu'est-ce qui vous conviendrait mieux ?";
* "ok, mais …" with a condition nobody can check: the bot says what it commits to and asks
  again; anything else: consent is asked again.
"""

from __future__ import annotations

from datetime import date
from typing import Dict, List, Optional, Tuple

from rasa_sdk import Tracker
from rasa_sdk.events import SlotSet
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict

from actions.complaint import MAX_TEXT_CHARS, current_proposal, latest_intent, latest_text
from actions.complaint_state import apply_slots, noted_details
from actions.knowledge import entries
from actions.offloop import OffLoopAction
from actions.resolution import confirm, propose, refusal_events
from actions.situation import situation_of, wished_remedy
from actions.ticketing import sync_ticket
from litige import clock, digest, scheduling
from litige import negotiation as nego
from litige.availability import Slot
from litige.catalogue import Remedy, category_for, remedy_for
from litige.categories import INTENT_CATEGORY
from litige.config import get_settings
from litige.dates import format_french_date
from litige.knowledge import find
from litige.parsing import normalize_phone
from litige.phrases import say
from litige.wording import DECLINED, follow_up_day, follow_up_sentence, french_time, window_text

UNSAFE = Remedy("unsafe", (), 0, "", "", "", "", "")  # a remedy named that a danger rules out
MAX_PROPOSALS = 4  # beyond, a "non, plutôt …" is a plain refusal (no endless back and forth)
WEEKDAY_NAMES = ("lundi", "mardi", "mercredi", "jeudi", "vendredi", "samedi", "dimanche")


def days_text(days: Tuple[int, ...]) -> str:
    """(0, 1, 2, 3, 4, 5) -> "du lundi au samedi"; (1, 3) -> "le mardi et le jeudi"."""
    if len(days) > 2 and list(days) == list(range(days[0], days[-1] + 1)):
        return f"du {WEEKDAY_NAMES[days[0]]} au {WEEKDAY_NAMES[days[-1]]}"
    return " et ".join(f"le {WEEKDAY_NAMES[d]}" for d in days)


def note_events(tracker: Tracker, label: str, text: str) -> List[Dict]:
    """Write what the customer said into the complaint's file (the ticket's description)."""
    events = [SlotSet("complaint_details", noted_details(tracker, label, text, MAX_TEXT_CHARS))]
    sync_ticket(apply_slots(tracker, events))
    return events


class ActionNegotiate(OffLoopAction):
    def name(self) -> str:
        return "action_negotiate"

    def act(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict) -> List[Dict]:
        remedy = remedy_for(tracker.get_slot("complaint_category"), tracker.get_slot("current_remedy"))
        wording = current_proposal(tracker)
        if remedy is None or wording is None:
            return confirm(dispatcher, tracker)  # says honestly that nothing is pending
        text, intent, today = latest_text(tracker), latest_intent(tracker), clock.today()
        due = tracker.get_slot("due_date")
        reply = nego.read_reply(text, intent, today, date.fromisoformat(due) if due else None)
        stay = [SlotSet("waltz_step", "resolution")]

        named = self._named_remedy(tracker, remedy, text)
        if named is UNSAFE:
            say(dispatcher, tracker, "hazard_no_same_product")
            say(dispatcher, tracker, "consent_reminder", **wording)
            return stay
        proposals = len(tracker.get_slot("proposed_remedies") or [])
        steering = reply.kind != nego.CONSENT or nego.prefers(text)
        call = self._call_without_number(tracker, remedy, text)
        if call is not None and steering and proposals < MAX_PROPOSALS:
            # "finalement je préfère qu'on m'appelle": their number first (the form asks it),
            # then the call is proposed; not a refusal
            return [
                SlotSet("preferred_remedy", call.id),
                SlotSet("expected_outcome", text[:MAX_TEXT_CHARS]),
                SlotSet("current_remedy", None),
                SlotSet("appointment_window", None),
                SlotSet("adjusting", True),
                SlotSet("waltz_step", "questioning"),
            ]
        if named is not None and steering and proposals < MAX_PROPOSALS:
            # "non, je préfère un avoir": the customer steers; what they ask for is proposed,
            # and it is not counted as a refusal (a refusal of it will be)
            return propose(dispatcher, tracker, named, "propose_asked")
        if reply.kind == nego.CONSENT and not reply.conditional:
            return confirm(dispatcher, tracker)
        if reply.kind == nego.REFUSAL:
            wished = digest.wish_clause(text, positive_only=True)
            if wished:
                # "Non, ça ne me va pas. Je veux au moins un mois remboursé": what would suit is
                # said already, and is not asked again
                remedy_asked = wished_remedy(tracker, wished)
                return refusal_events(tracker) + [
                    SlotSet("expected_outcome", wished[:MAX_TEXT_CHARS]),
                    SlotSet("preferred_remedy", remedy_asked.id if remedy_asked else None),
                ]
            return refusal_events(tracker)
        if reply.kind == nego.COUNTER:
            events = self._counter(dispatcher, tracker, remedy, reply, wording, today)
            closed = any(e.get("name") == "waltz_step" for e in events)
            return events if closed else events + stay
        events: List[Dict] = []
        if reply.kind == nego.QUESTION:
            events = self._answer(dispatcher, tracker, remedy, reply, wording, text)
        elif reply.kind == nego.CONSENT:  # "ok, mais …"
            events = note_events(tracker, "Remarque sur la proposition", text)
            say(dispatcher, tracker, "conditional_consent", **wording)
            return events + stay
        elif INTENT_CATEGORY.get(intent or ""):
            events = note_events(tracker, "Précision", text)
            say(dispatcher, tracker, "negotiate_noted")
        else:
            say(dispatcher, tracker, "negotiate_unclear")
        say(dispatcher, tracker, "consent_reminder", **wording)
        return events + stay

    @staticmethod
    def _named_remedy(tracker: Tracker, current: Remedy, text: str) -> Optional[Remedy]:
        """Another remedy of the category the customer asks for, in their own words
        (``UNSAFE`` when it would keep or resend a product that was dangerous)."""
        category = category_for(tracker.get_slot("complaint_category"))
        if category is None or (text or "").startswith("/"):
            return None
        others = [r for r in category.fitting(situation_of(tracker)) if r.id != current.id]
        named = max(others, key=lambda r: r.matches(text), default=None)
        if named is None or not named.matches(text):
            return None
        said, now = named.matches(text), current.matches(text)
        # as many words for both: the one named wins when the current one is refused outright
        # ("Non, une réduction ne m'aide pas. Je vous ai demandé une robe en remplacement")
        if said < now or (said == now and not nego.refused_outright(text)):
            return None
        if tracker.get_slot("hazard_reported") and not named.hazard_safe:
            return UNSAFE  # not the same product again after a danger
        return named

    @staticmethod
    def _call_without_number(tracker: Tracker, current: Remedy, text: str) -> Optional[Remedy]:
        """A call the customer asks for while no number is known (nor declined)."""
        category = category_for(tracker.get_slot("complaint_category"))
        phone = tracker.get_slot("customer_phone")
        if category is None or (text or "").startswith("/") or phone == DECLINED or normalize_phone(phone):
            return None
        asked = category.matching(text)
        if asked is None or not asked.needs_phone or asked.id == current.id:
            return None
        return asked if asked.matches(text) > current.matches(text) else None

    def _counter(
        self,
        dispatcher: CollectingDispatcher,
        tracker: Tracker,
        remedy: Remedy,
        reply: nego.Reply,
        wording: Dict[str, str],
        today: date,
    ) -> List[Dict]:
        due = date.fromisoformat(tracker.get_slot("due_date"))
        region = get_settings().regional_holidays
        earliest = scheduling.earliest(remedy, today, situation_of(tracker), region)
        open_for = scheduling.open_for(remedy, region)
        if not remedy.appointment or not (reply.wanted or reply.excluded):
            if reply.deadline and reply.deadline < due:
                say(
                    dispatcher,
                    tracker,
                    "deadline_missed",
                    deadline=self._day(reply.deadline, today),
                    **wording,
                )
            elif reply.deadline:
                say(dispatcher, tracker, "deadline_met", deadline=self._day(reply.deadline, today), **wording)
                if reply.conditional:  # "oui si c'est avant vendredi", and it is
                    return confirm(dispatcher, tracker)
            else:  # the days they can do go into the file, as the phrase says
                say(dispatcher, tracker, "counter_no_appointment", **wording)
                say(dispatcher, tracker, "consent_reminder", **wording)
                return note_events(tracker, "Disponibilités", latest_text(tracker))
            say(dispatcher, tracker, "consent_reminder", **wording)
            return []
        if reply.wanted and not any(s.day or s.date_of_month for s in reply.wanted + reply.excluded):
            # only a time ("plutôt après 10 h"): the day proposed stays, at that time if it can
            earliest = max(earliest, due)
        day = nego.fit_day(reply, earliest, today, open_for)
        # a date named once ("samedi 21", "demain"), not a week day that comes back every week
        named = [s for s in reply.wanted if s.date_of_month or (s.day and s.day not in WEEKDAY_NAMES)]
        asked = next((nego.resolve(s, today) for s in named if nego.resolve(s, today)), None)
        too_early = day is None and asked is not None and asked < earliest
        wanted = reply.wanted
        if too_early:  # the first day we can keep, in the part of the day they asked for
            wanted = tuple(Slot(part=s.part, after=s.after, before=s.before) for s in reply.wanted)
            day = nego.fit_day(
                nego.Reply(nego.COUNTER, excluded=reply.excluded, deadline=reply.deadline),
                earliest,
                today,
                open_for,
            )
        window = nego.window(wanted, day, today, remedy.appointment_hours) if day else None
        window = scheduling.narrow(window, remedy.window_hours) if window else None
        if day is None or window is None:
            start, end = remedy.appointment_hours
            say(
                dispatcher,
                tracker,
                "counter_no_slot",
                days=days_text(remedy.appointment_days),
                start=french_time(start),
                end=french_time(end),
            )
            return []
        spoken = window_text(window)
        phrase = "counter_too_early" if too_early else "counter_appointment"
        extra = {"asked": self._day(asked, today)} if too_early else {}
        say(
            dispatcher,
            tracker,
            phrase,
            day=self._day(day, today),
            window=spoken,
            offer=wording["offer"],
            **extra,
        )
        dates = list(tracker.get_slot("proposal_due_dates") or [])
        events = [
            SlotSet("due_date", day.isoformat()),
            SlotSet("proposal_due_dates", dates[:-1] + [day.isoformat()]),
            SlotSet("appointment_window", spoken),
        ]
        sync_ticket(apply_slots(tracker, events))
        return events

    @staticmethod
    def _day(day: date, today: date) -> str:
        return format_french_date(day, today=today)

    @staticmethod
    def _answer(
        dispatcher: CollectingDispatcher,
        tracker: Tracker,
        remedy: Remedy,
        reply: nego.Reply,
        wording: Dict[str, str],
        text: str,
    ) -> List[Dict]:
        if reply.topic == "when":
            say(dispatcher, tracker, "answer_when", **wording)
            return []
        if reply.topic == "how":
            sentence = follow_up_sentence(remedy.follow_up, tracker.get_slot("customer_email"))
            due = date.fromisoformat(tracker.get_slot("due_date"))
            region = get_settings().regional_holidays
            later = follow_up_day(due, clock.today(), region)
            say(
                dispatcher,
                tracker,
                "answer_how",
                follow_up_sentence=sentence,
                due=wording["due"],
                follow_up_day=later,
            )
            return []
        topic = find(text, entries())
        if topic:  # a general question (returns, warranty, hours...): the knowledge base knows
            say(dispatcher, tracker, f"kb_{topic}")
            return []
        events = note_events(tracker, "Question à examiner", text)
        say(dispatcher, tracker, "answer_unknown")
        return events
