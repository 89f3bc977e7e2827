"""The waltz's first two steps around the form: starting a complaint (attention),
reformulating what was understood (end of questioning), correcting it, and resuming the
pending question after an interruption."""

from __future__ import annotations

from datetime import date
from typing import Any, Dict, List, Optional, Tuple

from rasa_sdk import Action, Tracker
from rasa_sdk.events import FollowupAction, SlotSet
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict

from actions import knowledge
from actions.complaint_state import apply_slots, noted_details, reset_complaint_slots
from actions.handoff_status import owner_of, where_things_are
from actions.offloop import OffLoopAction
from actions.safety import safety_first
from actions.situation import situation_of
from actions.ticketing import sync_ticket
from litige import categories, clock, digest, facts, news
from litige.catalogue import INTENT_CATEGORY, category_for, remedy_for
from litige.facts import extract
from litige.handoff_plan import wait_text
from litige.phrases import render, say
from litige.wording import order_part, proposal, reformulation, wish

MAX_TEXT_CHARS = 2000
MAX_OUTCOME_CHARS = 500


def latest_user_event(tracker: Tracker) -> Dict[str, Any]:
    return next((e for e in reversed(tracker.events) if e.get("event") == "user"), {})


def latest_intent(tracker: Tracker) -> Optional[str]:
    return (tracker.latest_message.get("intent") or {}).get("name")


def latest_text(tracker: Tracker) -> str:
    return (tracker.latest_message.get("text") or "")[:MAX_TEXT_CHARS]


def _wish(tracker: Tracker) -> Tuple[str, str]:
    outcome = tracker.get_slot("expected_outcome") or ""
    remedy = remedy_for(tracker.get_slot("complaint_category"), tracker.get_slot("preferred_remedy"))
    if remedy is None:
        category = category_for(tracker.get_slot("complaint_category"))
        remedy = category.matching(outcome) if category else None
    return wish(outcome, remedy)


def corrected_amount_of(tracker: Tracker) -> Optional[float]:
    value = tracker.get_slot("corrected_amount")
    try:
        return float(value) if value not in (None, "") else None
    except (TypeError, ValueError):
        return None


def utter_reformulation(dispatcher: CollectingDispatcher, tracker: Tracker) -> str:
    """Says what was understood, from the complaint's state (the catalogue's name of the
    problem, the facts read, the wish turned to "vous"); returns the text (kept in the
    ticket)."""
    kind, wished = _wish(tracker)
    if tracker.get_slot("adjusting"):
        key = {"said": "reformulate_adjusted_said", "unknown": "reformulate_adjusted_unknown"}
        return say(dispatcher, tracker, key.get(kind, "reformulate_adjusted"), wish=wished)
    sentence, _ = render(f"wish_{kind}", tracker.slots, {"wish": wished})
    story = " ".join(
        filter(None, [tracker.get_slot("complaint_text"), tracker.get_slot("complaint_details")])
    )
    return say(
        dispatcher,
        tracker,
        "reformulate",
        wish=sentence,
        **reformulation(
            tracker.get_slot("complaint_problem") or "votre réclamation",
            tracker.get_slot("order_id"),
            story,
            corrected_amount_of(tracker),
        ),
    )


def digest_events(category_name: Optional[str], text: str, details_known: bool) -> List[Dict]:
    """What the message already tells (the story, what the customer wants) fills the
    complaint's state at once, so the questioning step only asks for what is missing."""
    events: List[Dict] = []
    if not details_known and digest.story_told(text):
        events.append(SlotSet("complaint_details", text))
    clause = digest.wish_clause(text)
    if clause:
        category = category_for(category_name)
        remedy = category.matching(clause) if category else None
        events += [
            SlotSet("expected_outcome", clause[:MAX_OUTCOME_CHARS]),
            SlotSet("preferred_remedy", remedy.id if remedy else None),
        ]
    return events


def current_proposal(tracker: Tracker) -> Optional[Dict[str, str]]:
    """The wording of the proposal awaiting consent, if any."""
    remedy = remedy_for(tracker.get_slot("complaint_category"), tracker.get_slot("current_remedy"))
    due = tracker.get_slot("due_date")
    if not remedy or not due:
        return None
    return proposal(
        remedy,
        date.fromisoformat(due),
        clock.today(),
        tracker.get_slot("appointment_window"),
        situation_of(tracker).values(),
    )


class ActionStartComplaint(OffLoopAction):
    """A complaint message: start the waltz (attention), add to the ongoing complaint,
    or, once handed off, tell the customer an advisor has the file."""

    def name(self) -> str:
        return "action_start_complaint"

    def act(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict) -> List[Dict]:
        safety = safety_first(dispatcher, tracker)  # before anything else
        return safety + self._start(dispatcher, tracker, safety)

    def _start(self, dispatcher: CollectingDispatcher, tracker: Tracker, safety: List[Dict]) -> List[Dict]:
        step = tracker.get_slot("waltz_step")
        text = latest_text(tracker)
        if step == "handoff":
            owner = owner_of(tracker.sender_id)
            if owner is None:
                say(dispatcher, tracker, "handoff_already", wait=wait_text(None))
                return [SlotSet("waltz_step", "handoff")]
            if where_things_are(dispatcher, tracker, owner):
                return [SlotSet("waltz_step", "handoff")]
            step = None  # the advisor is done, or the customer left the queue: the bot again
        if step in (None, "closure") and not safety and knowledge.plain_question(tracker):
            # "vous livrez en Belgique avant Noël ?": answered, not walked into a complaint
            knowledge.answer(dispatcher, tracker, text)
            say(dispatcher, tracker, "anything_else")
            return [SlotSet("waltz_step", step)]
        if step == "closure" and not safety and not _another_complaint(tracker, text):
            noted = _noted_in_closed_case(dispatcher, tracker, text)
            if noted is not None:  # "et si le technicien ne vient pas samedi ?": about this file
                return noted
        if step == "questioning" and answers_reformulation(tracker) and categories.is_correction(text):
            corrected = correction_events(tracker, text)
            if corrected:  # read as a complaint, but it corrects the recap: the form asks what is missing
                return corrected + [FollowupAction("complaint_form")]
        if step in ("questioning", "resolution") and not tracker.active_loop.get("name"):
            details = " ".join(filter(None, [tracker.get_slot("complaint_details"), text]))
            return [
                SlotSet("complaint_details", details[:MAX_TEXT_CHARS]),
                *digest_events(tracker.get_slot("complaint_category"), text, details_known=True),
                SlotSet("adjusting", False),
                SlotSet("correcting", False),
                SlotSet("waltz_step", "questioning"),
            ]

        category_name = (
            categories.settle(INTENT_CATEGORY.get(latest_intent(tracker) or ""), text)
            or tracker.get_slot("complaint_category")
            or "delivery"
        )
        category = category_for(category_name)
        events = [e for e in reset_complaint_slots() if not (safety and e["name"] == "hazard_reported")]
        events += digest_events(category_name, text, details_known=False)
        events += [
            SlotSet("story_told", digest.story_told(text)),
            SlotSet("complaint_category", category_name),
            SlotSet("complaint_text", text),
            SlotSet("complaint_problem", category.problem_phrase(text)),
            SlotSet("complaint_started_at", float(latest_user_event(tracker).get("timestamp") or 0.0)),
        ]
        entities = {e.get("entity") for e in tracker.latest_message.get("entities") or []}
        if "order_id" not in entities:
            events.append(SlotSet("order_id", None))  # an older complaint's order is not this one's
        events.append(SlotSet("waltz_step", "attention"))
        return events


def _another_complaint(tracker: Tracker, text: str) -> bool:
    """After the closure, whether a complaint message is about something else than the file
    just closed: another order, or another kind of problem told as a story (not a question)."""
    orders = extract(text).order_ids
    if orders and orders[0] != tracker.get_slot("order_id"):
        return True
    category = categories.settle(INTENT_CATEGORY.get(latest_intent(tracker) or ""), text)
    return bool(
        category
        and category != tracker.get_slot("complaint_category")
        and digest.story_told(text)
        and not knowledge.is_question(text)
    )


def _noted_in_closed_case(
    dispatcher: CollectingDispatcher, tracker: Tracker, text: str
) -> Optional[List[Dict[str, Any]]]:
    """A message about the file just closed ("le technicien de vendredi, il est annulé ?"):
    added to the file, with what was agreed said again; never a new complaint. None when
    there is no agreed remedy to come back to."""
    reference, wording = tracker.get_slot("ticket_id"), current_proposal(tracker)
    if not reference or wording is None:
        return None
    say(dispatcher, tracker, "closed_case_noted", reference=reference, **wording)
    details = noted_details(tracker, "Après la clôture", text, MAX_TEXT_CHARS)
    events: List[Dict[str, Any]] = [SlotSet("complaint_details", details)]
    sync_ticket(apply_slots(tracker, events))
    if tracker.get_slot("csat") is None:
        say(dispatcher, tracker, "ask_csat")
    return events + [SlotSet("waltz_step", "closure")]


def _order(tracker: Tracker) -> Dict[str, str]:
    problem = tracker.get_slot("complaint_problem") or ""
    return {"order_part": order_part(tracker.get_slot("order_id"), problem)}


def tell_news(dispatcher: CollectingDispatcher, tracker: Tracker, known: Optional[Dict[str, Any]]) -> Any:
    """Say once what the order system knows (the order's state, an outage where the customer
    lives); returns the facts marked as told."""
    if not known:
        return known
    known = dict(known)
    today = clock.today()
    if known.get("order_id") and not known.get("order_told"):
        found = news.order_news(known, today)
        if found:
            say(dispatcher, tracker, found[0], **found[1])
        known["order_told"] = True
    if known.get("account_key") and not known.get("account_told"):
        found = news.outage_news(known, clock.now(), today)
        if found:
            say(dispatcher, tracker, found[0], **found[1])
        known["account_told"] = True
    return known


class ActionReformulate(Action):
    """End of questioning: "Si je comprends bien, …" with Oui/Non buttons."""

    def name(self) -> str:
        return "action_reformulate"

    def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict) -> List[Dict]:
        known = tracker.get_slot("account_facts")
        told = tell_news(dispatcher, tracker, known)
        told_events = [SlotSet("account_facts", told)] if told != known else []
        if tracker.get_slot("amount_corrected") and not tracker.get_slot("category_corrected"):
            text = say(
                dispatcher,
                tracker,
                "reformulate_amount_corrected",
                amount=digest.amount(corrected_amount_of(tracker)),
            )
        elif tracker.get_slot("category_corrected"):
            # after a correction, only what changed is said back, not the whole recap
            problem = tracker.get_slot("complaint_problem") or "votre réclamation"
            text = say(dispatcher, tracker, "reformulate_corrected", problem=problem, **_order(tracker))
        else:
            text = utter_reformulation(dispatcher, tracker)
        return told_events + [
            SlotSet("reformulation", text),
            SlotSet("waltz_step", "questioning"),
            SlotSet("correcting", False),
            SlotSet("category_corrected", False),
            SlotSet("amount_corrected", False),
        ]


def answers_reformulation(tracker: Tracker) -> bool:
    """Whether the latest message answers the reformulation (the bot's last action)."""
    seen_user = False
    for event in reversed(tracker.events):
        if event.get("event") == "user":
            if seen_user:
                return False
            seen_user = True
        elif seen_user and event.get("event") == "action" and event.get("name") != "action_listen":
            return event.get("name") == "action_reformulate"
    return False


def correction_events(tracker: Tracker, text: str) -> List[Dict]:
    """ "Non, ce n'est pas un problème de communication, c'est ma livraison": the category
    and its problem change, what was told is kept, the next reformulation says only what
    changed. Empty when the correction names no other category."""
    corrected = categories.corrected_category(text, tracker.get_slot("complaint_category"))
    if not corrected:
        return []
    details = " ".join(filter(None, [tracker.get_slot("complaint_details"), text]))
    return [
        SlotSet("complaint_category", corrected),
        SlotSet("complaint_problem", category_for(corrected).problem_phrase(text)),
        SlotSet("complaint_details", details[:MAX_TEXT_CHARS]),
        SlotSet("preferred_remedy", None),
        SlotSet("category_corrected", True),
        SlotSet("waltz_step", "questioning"),
    ]


def amount_correction_events(tracker: Tracker) -> List[Dict]:
    """ "Non, c'est 83 € et non 38 €. Le reste est juste.": only the amount changes; the next
    reformulation says so and nothing else. Empty when the message corrects no amount."""
    story = " ".join(
        filter(None, [tracker.get_slot("complaint_text"), tracker.get_slot("complaint_details")])
    )
    known = extract(story).amounts
    if corrected_amount_of(tracker) is not None:
        known += (corrected_amount_of(tracker),)
    amount = facts.corrected_amount(latest_text(tracker), known)
    if amount is None or not known:
        return []
    return [
        SlotSet("corrected_amount", f"{amount:.2f}"),
        SlotSet("amount_corrected", True),
        SlotSet("waltz_step", "questioning"),
    ]


class ActionCorrectDetails(Action):
    """ "Non" to the reformulation: ask again what was misunderstood (the form re-asks)."""

    def name(self) -> str:
        return "action_correct_details"

    def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict) -> List[Dict]:
        if tracker.get_slot("adjusting"):
            return [SlotSet("expected_outcome", None), SlotSet("waltz_step", "questioning")]
        corrected = correction_events(tracker, latest_text(tracker)) or amount_correction_events(tracker)
        if corrected:
            return corrected
        return [
            SlotSet("complaint_details", None),
            SlotSet("expected_outcome", None),
            SlotSet("correcting", True),
            SlotSet("waltz_step", "questioning"),
        ]


class ActionAnswerRecap(Action):
    """An answer to the reformulation the NLU is unsure of, or reads as information: a
    correction ("Non, ce n'est pas un problème de communication, c'est ma livraison") is
    taken in and the form asks what is missing; anything else gets the French fallback."""

    def name(self) -> str:
        return "action_answer_recap"

    def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict) -> List[Dict]:
        text = latest_text(tracker)
        if not (answers_reformulation(tracker) and categories.is_correction(text)):
            dispatcher.utter_message(response="utter_default")
            return []
        corrected = correction_events(tracker, text)
        if not corrected:
            corrected = ActionCorrectDetails().run(dispatcher, tracker, domain)
        return corrected + [FollowupAction("complaint_form")]


class ActionResume(Action):
    """After an interruption (bot challenge, off-topic question, insult, threat, status),
    repeat the question the customer still has to answer, if any."""

    def name(self) -> str:
        return "action_resume"

    def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict) -> List[Dict]:
        if tracker.active_loop.get("name"):
            return []
        step = tracker.get_slot("waltz_step")
        if step == "questioning" and tracker.get_slot("expected_outcome"):
            utter_reformulation(dispatcher, tracker)
        elif step == "resolution":
            wording = current_proposal(tracker)
            if wording:
                say(dispatcher, tracker, "consent_reminder", **wording)
        elif step == "closure" and tracker.get_slot("csat") is None:
            say(dispatcher, tracker, "ask_csat")
        return []
