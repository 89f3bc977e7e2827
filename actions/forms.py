"""Questioning: the complaint form, one question at a time.

Asked in order, and only when needed: what happened (free text), the order number (only
for categories that need one, validated, re-asked kindly once, then accepted as
"unknown"), what would satisfy the customer (the hidden need), the phone number for a call
back they asked for, the address and the availability before a visit at home (only when
the remedy about to be proposed is one), and an e-mail address (only when the follow-up
needs one and none is known yet). After a refused proposal only the expected outcome is
asked again, and what the next remedy needs.
"""

from __future__ import annotations

import re
from typing import Any, Dict, List, Optional

from rasa_sdk import FormValidationAction, Tracker
from rasa_sdk.events import SlotSet
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict

from actions import knowledge
from actions.complaint import MAX_TEXT_CHARS, correction_events, latest_intent, latest_text, tell_news
from actions.complaint_state import noted_details
from actions.safety import safety_first
from actions.situation import availability_of, refreshed_facts, visit_to_prepare, wished_remedy
from litige import categories, digest
from litige.address import read_address
from litige.availability import anytime
from litige.catalogue import category_for
from litige.facts import extract
from litige.parsing import find_email, find_order_id, first_value, fold, normalize_order_id, normalize_phone
from litige.phrases import say
from litige.wording import DECLINED, UNKNOWN

MAX_OUTCOME_CHARS = 500
_NOTHING_TO_ADD_INTENTS = {"affirm", "deny", "thank", "greet"}
_DONT_HAVE = re.compile(
    r"(je (ne )?l'?ai (pas|plus)|je (ne )?sais pas|aucune idee|pas sous la main|pas de numero|"
    r"je (ne )?le trouve pas|je (ne )?l'?ai pas|perdu|introuvable|je n'en ai pas|aucun)"
)
_NO_PHONE = re.compile(
    r"(pas de (numero|telephone|portable|tel)|je (ne )?(veux|prefere|souhaite) pas|sans (telephone|appel)"
    r"|non merci|pas envie|je n'en ai pas|plutot par (e-?mail|mail|ecrit)|ne m'appelez pas|pas d'appel)"
)
_NO_ADDRESS = re.compile(
    r"(pas d'?adresse|je (ne )?(veux|prefere|souhaite) pas|non merci|pas envie|personne chez moi"
    r"|pas de (passage|visite|technicien)|(ne|n') ?(venez|viens) pas|sans (passage|visite|deplacement))"
)
_MISSING = {
    ("street",): "le numéro et la rue",
    ("postcode",): "le code postal et la ville",
    ("street", "postcode"): "le numéro et la rue, le code postal et la ville",
}
MAX_AVAILABILITY_CHARS = 300
_NO_EMAIL = re.compile(
    r"(pas d'?(e-?mail|adresse|mail)|je (ne )?(veux|prefere|souhaite) pas|sans (e-?mail|mail)|"
    r"non merci|pas envie|je n'en ai pas|ici (meme|suffit)|par (le )?chat)"
)


def _first(value: Any) -> Optional[str]:
    value = first_value(value)
    return None if value is None else str(value)


def _knowledge_question(dispatcher: CollectingDispatcher, tracker: Tracker) -> bool:
    """A question the knowledge base answers ("vous livrez en Belgique ?"), asked while the
    form waits for the story or the wish: answered; the form then asks again. Other
    questions there are part of the story or the wish ("vous pouvez me rembourser ?")."""
    text = latest_text(tracker)
    return knowledge.known_question(text) and knowledge.answer(dispatcher, tracker, text)


def _question_noted(
    dispatcher: CollectingDispatcher,
    tracker: Tracker,
    asked: Optional[str],
    events: List[Dict[str, Any]],
    said_before: int,
) -> List[Dict[str, Any]]:
    """A question asked with an answer ("julie@free.fr. Et je suis remboursée quand ?") that
    nothing answered: never passed over in silence. It goes into the complaint's file, and
    the customer hears so, and that a dated proposal comes once the questions are done."""
    text = latest_text(tracker)
    answered = any(e.get("name") == asked and e.get("value") is not None for e in events)
    if not answered or len(dispatcher.messages) > said_before or not knowledge.is_question(text):
        return []  # no answer in it (an interruption the rules answer), or something was said
    if asked == "expected_outcome" and any(
        e.get("name") == "expected_outcome" and e.get("value") for e in events
    ):
        return []  # "vous pouvez me rembourser ?" is the wish, which the proposal answers
    say(dispatcher, tracker, "question_noted")
    if asked == "complaint_details" or any(e.get("name") == "complaint_details" for e in events):
        return []  # the message is the story itself
    return [SlotSet("complaint_details", noted_details(tracker, "Question", text, MAX_TEXT_CHARS))]


_ATTEMPTS_SLOT = {
    "order_id": "order_id_attempts",
    "customer_email": "email_attempts",
    "customer_phone": "phone_attempts",
    "customer_address": "address_attempts",
    "visit_availability": "availability_attempts",
}


def _ask_again_or_move_on(
    dispatcher: CollectingDispatcher,
    tracker: Tracker,
    slot: str,
    give_up_value: str,
    refusal: re.Pattern,
    *,
    ask_again: str,
    move_on: str,
    give_up: Optional[str] = None,
    **values: str,
) -> Dict[str, Any]:
    """An invalid answer: asked again kindly once (phrase `ask_again`, with `values`); after a
    second miss (phrase `give_up`, else `move_on`), or when the customer says they don't have
    it (phrase `move_on`), the form moves on with `give_up_value`."""
    text = latest_text(tracker)
    if knowledge.known_question(text) and knowledge.answer(dispatcher, tracker, text):
        # a question the knowledge base answers ("il est où, ce numéro ? je le trouve pas"),
        # even with "I can't find it" in it: answered, then asked again
        return {slot: None}
    if latest_intent(tracker) == "deny" or refusal.search(fold(text)):
        say(dispatcher, tracker, move_on)
        return {slot: give_up_value}
    if digest.wish_clause(text) and "@" not in text and not any(ch.isdigit() for ch in text):
        # what they want, said instead of the answer, and nothing like one: taken in
        # (extract_expected_outcome), never called a wrong answer; the question comes again
        say(dispatcher, tracker, "wish_taken_in")
        return {slot: None}
    if knowledge.answer(dispatcher, tracker, text):
        return {slot: None}  # another question back: answered honestly, asked again
    attempts_slot = _ATTEMPTS_SLOT[slot]
    attempts = int(tracker.get_slot(attempts_slot) or 0) + 1
    if attempts >= 2:
        say(dispatcher, tracker, give_up or move_on)
        return {slot: give_up_value, attempts_slot: attempts}
    say(dispatcher, tracker, ask_again, **values)
    return {slot: None, attempts_slot: attempts}


class ValidateComplaintForm(FormValidationAction):
    def name(self) -> str:
        return "validate_complaint_form"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> List[Dict[str, Any]]:
        """A danger spoken of while answering a question ("est-ce que je peux le rebrancher ou
        c'est dangereux ?") gets the safety instruction first, as at the opening (the form's
        activation, right after the opening, has just said it)."""
        asked = tracker.get_slot("requested_slot")
        safety = safety_first(dispatcher, tracker) if asked else []
        said_before = len(dispatcher.messages)
        events = safety + await super().run(dispatcher, tracker, domain)
        events += _question_noted(dispatcher, tracker, asked, events, said_before)
        if asked and categories.denied_category(latest_text(tracker), tracker.get_slot("complaint_category")):
            # "ce n'est pas un problème de livraison, c'est la couture": the category is revised
            # now, not only at the recap; what they asked for is read again in the new one
            events += correction_events(tracker, latest_text(tracker))
        return events

    async def required_slots(
        self, domain_slots: List[str], dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> List[str]:
        if tracker.get_slot("adjusting"):
            return (
                ["expected_outcome"] + (["customer_phone"] if needs_phone(tracker) else []) + _visit(tracker)
            )
        category = category_for(tracker.get_slot("complaint_category"))
        slots = ["complaint_details"]
        if category is None or category.needs_order_id:
            slots.append("order_id")
        slots.append("expected_outcome")
        if needs_phone(tracker):
            slots.append("customer_phone")
        slots += _visit(tracker)
        if category is None or category.needs_email:
            slots.append("customer_email")
        return slots

    def extract_expected_outcome(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> Dict[str, Any]:
        """What the customer wants, said while answering another question ("CMD-482913, et
        je veux juste être livré avant samedi"), is taken in at once and not asked again."""
        if tracker.get_slot("requested_slot") in (None, "expected_outcome"):
            return {}
        clause = digest.wish_clause(latest_text(tracker))
        return {"expected_outcome": clause[:MAX_OUTCOME_CHARS]} if clause else {}

    def validate_complaint_details(
        self, slot_value: Any, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> Dict[str, Any]:
        text = (_first(slot_value) or "").strip()
        if _knowledge_question(dispatcher, tracker):
            return {"complaint_details": None}
        if latest_intent(tracker) in _NOTHING_TO_ADD_INTENTS or len(text.split()) <= 2:
            # "non, c'est tout": the first message says it all
            text = " ".join(filter(None, [tracker.get_slot("complaint_text"), text if len(text) > 3 else ""]))
        return {"complaint_details": text[:MAX_TEXT_CHARS] or None, "waltz_step": "questioning"}

    async def validate_order_id(
        self, slot_value: Any, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> Dict[str, Any]:
        value = _first(slot_value)
        normalized = normalize_order_id(value, allow_bare_number=True) or find_order_id(latest_text(tracker))
        if normalized:
            # the order system is asked at once, and the customer hears what it knows
            facts = await refreshed_facts(tracker, order_id=normalized)
            facts = facts if facts is not None else dict(tracker.get_slot("account_facts") or {})
            return {"order_id": normalized, "account_facts": tell_news(dispatcher, tracker, facts)}
        return _ask_again_or_move_on(
            dispatcher,
            tracker,
            "order_id",
            UNKNOWN,
            _DONT_HAVE,
            ask_again="invalid_order_id",
            move_on="order_id_unknown",
        )

    def validate_expected_outcome(
        self, slot_value: Any, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> Dict[str, Any]:
        text = (_first(slot_value) or "").strip()[:MAX_OUTCOME_CHARS]
        wished = digest.wish_clause(text, positive_only=True)
        if not text or (not wished and _knowledge_question(dispatcher, tracker)):
            # a question the knowledge base answers; a wish with a question in it ("je veux un
            # technicien, vous avez des horaires le samedi ?") is the wish
            return {"expected_outcome": None}
        remedy = wished_remedy(tracker, text)
        return {"expected_outcome": text, "preferred_remedy": remedy.id if remedy else None}

    async def validate_customer_email(
        self, slot_value: Any, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> Dict[str, Any]:
        normalized = find_email(_first(slot_value)) or find_email(latest_text(tracker))
        if normalized:
            # the account is looked up at once: the reformulation that follows can say it
            facts = await refreshed_facts(tracker, customer_email=normalized)
            return {"customer_email": normalized, **({"account_facts": facts} if facts is not None else {})}
        postal, _ = read_address(latest_text(tracker))
        return _ask_again_or_move_on(
            dispatcher,
            tracker,
            "customer_email",
            DECLINED,
            _NO_EMAIL,
            # a postal address typed here is not called an incomplete e-mail address
            ask_again="postal_not_email" if postal is not None else "invalid_email",
            move_on="email_declined",
        )

    def validate_customer_address(
        self, slot_value: Any, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> Dict[str, Any]:
        address, missing = read_address(_first(slot_value) or latest_text(tracker))
        if address is not None:
            return {"customer_address": address.spoken()}
        return _ask_again_or_move_on(
            dispatcher,
            tracker,
            "customer_address",
            DECLINED,
            _NO_ADDRESS,
            ask_again="invalid_address",
            move_on="address_declined",
            give_up="address_unreadable",
            missing=_MISSING[missing],
        )

    def validate_visit_availability(
        self, slot_value: Any, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> Dict[str, Any]:
        """The customer's days and times: bare days count here, they answer the question."""
        text = (_first(slot_value) or "").strip()[:MAX_AVAILABILITY_CHARS]
        if not text or _knowledge_question(dispatcher, tracker):
            return {"visit_availability": None}
        offered = extract(text).availability
        attempts = int(tracker.get_slot("availability_attempts") or 0)
        if not offered and not anytime(fold(text)) and attempts < 1:
            say(dispatcher, tracker, "invalid_availability")
            return {"visit_availability": None, "availability_attempts": attempts + 1}
        # days and times read (or none: whenever suits, the first free window is proposed)
        return {
            "visit_availability": text,
            "customer_availability": [slot.as_dict() for slot in offered],
            "availability_stated": True,
        }

    def validate_customer_phone(
        self, slot_value: Any, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> Dict[str, Any]:
        normalized = normalize_phone(_first(slot_value)) or normalize_phone(latest_text(tracker))
        if normalized:
            return {"customer_phone": normalized}
        return _ask_again_or_move_on(
            dispatcher,
            tracker,
            "customer_phone",
            DECLINED,
            _NO_PHONE,
            ask_again="invalid_phone",
            move_on="phone_declined",
        )


def _visit(tracker: Tracker) -> List[str]:
    """Where and when, before a remedy at home: asked once what would satisfy the customer is
    known (the remedy is chosen from it); when is not asked again if the customer already said
    a time of day they can do ("samedi matin", "après 18 h")."""
    if not tracker.get_slot("expected_outcome") or visit_to_prepare(tracker) is None:
        return []
    said = any(
        not slot.excluded and (slot.part or slot.after or slot.before) for slot in availability_of(tracker)
    )
    return ["customer_address"] + ([] if said else ["visit_availability"])


def needs_phone(tracker: Tracker) -> bool:
    """The customer asked for a call back (the remedy they want is a call): their number is
    part of the questions (the form asks it only while it is not known, nor declined)."""
    category = category_for(tracker.get_slot("complaint_category"))
    remedy = category.remedy(tracker.get_slot("preferred_remedy") or "") if category else None
    return bool(remedy and remedy.needs_phone)
