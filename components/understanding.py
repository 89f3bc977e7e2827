"""MessageUnderstanding: signals, facts and complaint categories on every user message.

A Rasa graph component placed after the intent classifiers and the FallbackClassifier.
Whatever the intent, it writes on each message (in ``/model/parse`` and the tracker's
``parse_data``):

* ``signals``: insult, threat (its kind), request for a person, hazard
  (``litige.signals``: word-bounded, negation-aware); a complaint that contains an insult
  keeps its complaint intent and the insult still counts;
* ``facts``: amounts, phone numbers, order and ticket references, e-mails, counts of
  earlier attempts, how long the problem has lasted, the days and time windows the
  customer offers (``litige.facts``), normalised;
* ``complaint_categories``: the categories the message speaks of, most likely first
  (``litige.categories``), so an opening that mixes a late parcel and a wrong invoice
  keeps both.

Facts also become entities that fill slots (``amount`` with the right value for
"1 249 €", ``phone``, ``contact_attempts``, ``problem_elapsed``, ``problem_since``,
``availability``, ``complaint_categories``).

A button or quick-reply payload (``/affirm``) carries no signal and no fact of its own.
When the FallbackClassifier was unsure about a message that is plainly a complaint (a
long opening naming a category, a complaint intent as the classifier's best guess), the
complaint intent is kept (``litige.categories.rescue_fallback``) and the message is marked
``"rescued_from_fallback": true``: an angry customer's first message must never get "je
ne suis pas sûr d'avoir compris". A message read as ``request_human`` with no
``request_human`` signal (it names no person to talk to: "je peux retourner un article ?",
"une réponse claire par écrit", "qu'un responsable me rappelle", a call back being a remedy of
the catalogue) becomes ``out_of_scope`` when it is a question (answered by the knowledge
base), ``inform`` otherwise (an answer, a wish), and is marked ``"relabelled_from"``. So does
a knowledge-base question read as a fallback, a status request or a thank-you; and a problem
announced but not understood ("j'ai un souci avec mon abonnement") is ``inform``, not a
fallback.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any, Dict, List, Tuple

from rasa.engine.graph import ExecutionContext, GraphComponent
from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.engine.storage.resource import Resource
from rasa.engine.storage.storage import ModelStorage
from rasa.shared.nlu.constants import ENTITIES, INTENT, INTENT_RANKING_KEY, TEXT
from rasa.shared.nlu.training_data.message import Message

from litige import categories, facts, knowledge, signals
from litige.emotional_state import is_payload

FALLBACK_INTENT = "nlu_fallback"
KNOWLEDGE_PATH = Path(__file__).resolve().parent.parent / "catalogue" / "knowledge.yml"
# intents a knowledge-base question is often mistaken for (never a complaint, a yes or a no)
ANSWERABLE_INTENTS = ("nlu_fallback", "ask_status", "thank", "goodbye", "greet", "inform")
PROBLEM = re.compile(r"\b(?:souci|soucis|probl[eè]mes?|pb|bug|ennuis?|r[ée]clamation)\b", re.IGNORECASE)
REFERENCE = re.compile(r"\blit-\d{4}-\d{6}\b", re.IGNORECASE)
REQUEST_HUMAN, OUT_OF_SCOPE, INFORM, GREET = "request_human", "out_of_scope", "inform", "greet"
THREATEN = "threaten"
# fact -> entity name (the slots of the same names are mapped from them in domain.yml)
FACT_ENTITIES = {
    "phones": "phone",
    "attempts": "contact_attempts",
    "elapsed": "problem_elapsed",
    "since": "problem_since",
    "availability": "availability",
}


@DefaultV1Recipe.register([DefaultV1Recipe.ComponentType.ENTITY_EXTRACTOR], is_trainable=False)
class MessageUnderstanding(GraphComponent):
    @classmethod
    def create(
        cls,
        config: Dict[str, Any],
        model_storage: ModelStorage,
        resource: Resource,
        execution_context: ExecutionContext,
    ) -> MessageUnderstanding:
        return cls(knowledge.load(Path(config.get("knowledge_path") or KNOWLEDGE_PATH)))

    @staticmethod
    def get_default_config() -> Dict[str, Any]:
        return {"knowledge_path": str(KNOWLEDGE_PATH)}

    def __init__(self, entries: Tuple[knowledge.Entry, ...] = ()) -> None:
        self.entries = entries

    def process(self, messages: List[Message]) -> List[Message]:
        for message in messages:
            text = message.get(TEXT) or ""
            if is_payload(text):
                continue
            found = signals.detect(text).as_dict()
            extracted = facts.extract(text)
            message.set("signals", found, add_to_output=True)
            message.set("facts", extracted.as_dict(), add_to_output=True)
            self._rescue(message, text)
            self._not_a_request_for_a_person(message, text, found)
            self._not_a_threat(message, text, found)
            self._known_question(message, text)
            self._thin_problem(message, text)
            intent = (message.get(INTENT) or {}).get("name")
            believed = categories.belief(intent, message.get(INTENT_RANKING_KEY) or [], text)
            message.set("complaint_categories", believed, add_to_output=True)
            message.set(ENTITIES, self._entities(message, extracted, believed, len(text)), add_to_output=True)
        return messages

    @staticmethod
    def _rescue(message: Message, text: str) -> None:
        intent = message.get(INTENT) or {}
        if intent.get("name") != FALLBACK_INTENT:
            return
        kept = categories.rescue_fallback(message.get(INTENT_RANKING_KEY) or [], text)
        if kept is None:
            return
        name, confidence = kept
        message.set(INTENT, {"name": name, "confidence": confidence}, add_to_output=True)
        message.set("rescued_from_fallback", True, add_to_output=True)

    @staticmethod
    def _not_a_request_for_a_person(message: Message, text: str, found: Dict[str, Any]) -> None:
        """ "je peux retourner un article ?" read as ``request_human`` (the classifier hears
        "je peux parler à…"): a question that names no person is answered, not handed off."""
        intent = message.get(INTENT) or {}
        if intent.get("name") != REQUEST_HUMAN or found.get("request_human") or is_payload(text):
            return
        relabelled = OUT_OF_SCOPE if knowledge.is_question(text) else INFORM
        message.set(INTENT, {"name": relabelled, "confidence": intent.get("confidence")}, add_to_output=True)
        message.set("relabelled_from", REQUEST_HUMAN, add_to_output=True)

    @staticmethod
    def _not_a_threat(message: Message, text: str, found: Dict[str, Any]) -> None:
        """ "et je serai prévenu comment ?" read as ``threaten`` (the classifier hears "je
        préviens la presse"): a question with no threat in it takes the classifier's next
        intent, so it is answered rather than taken as a threat."""
        intent = message.get(INTENT) or {}
        if intent.get("name") != THREATEN or found.get("threat") or not knowledge.is_question(text):
            return
        ranking = [
            r
            for r in message.get(INTENT_RANKING_KEY) or []
            if r.get("name") not in (THREATEN, FALLBACK_INTENT)
        ]
        if not ranking:
            return
        message.set(
            INTENT,
            {"name": ranking[0]["name"], "confidence": ranking[0].get("confidence")},
            add_to_output=True,
        )
        message.set("relabelled_from", THREATEN, add_to_output=True)

    @staticmethod
    def _thin_problem(message: Message, text: str) -> None:
        """ "j'ai un souci avec mon abonnement" read as a fallback or a greeting: a problem
        announced, not told yet (docs/dev/intents.md: "bonsoir, j'ai un souci" is no greeting);
        as ``inform`` it gets "sorry to hear that, what happened?" rather than "je ne suis pas
        sûr d'avoir compris" or a plain hello."""
        intent = message.get(INTENT) or {}
        if intent.get("name") in (FALLBACK_INTENT, GREET) and PROBLEM.search(text):
            message.set(INTENT, {"name": INFORM, "confidence": intent.get("confidence")}, add_to_output=True)
            message.set("relabelled_from", intent.get("name"), add_to_output=True)

    def _known_question(self, message: Message, text: str) -> None:
        """A question the knowledge base answers ("c koi vos horaires ?", "ils sont garantis
        combien de temps ?", "combien de temps pour la livraison ?") read as a fallback, a status
        request, a thank-you or an answer is answered: it becomes ``out_of_scope`` (the rules
        answer it at every step and resume). Complaint intents keep their own guard."""
        intent = message.get(INTENT) or {}
        if intent.get("name") not in ANSWERABLE_INTENTS or not knowledge.is_question(text):
            return
        if REFERENCE.search(text) or knowledge.find(text, self.entries) is None:
            return
        message.set(
            INTENT, {"name": OUT_OF_SCOPE, "confidence": intent.get("confidence")}, add_to_output=True
        )
        message.set("relabelled_from", intent.get("name"), add_to_output=True)

    def _entities(
        self, message: Message, extracted: facts.Facts, believed: List[str], end: int
    ) -> List[Dict[str, Any]]:
        name = self.__class__.__name__
        # the regex extractor reads "1 249 €" as "249 €": the facts' amounts replace its own
        entities = [
            e for e in message.get(ENTITIES, []) if e.get("entity") != "amount" or not extracted.amounts
        ]
        values = extracted.as_dict()

        def whole(entity: str, value: Any) -> Dict[str, Any]:
            return {"entity": entity, "value": value, "start": 0, "end": end, "extractor": name}

        entities += [whole("amount", f"{amount:.2f}") for amount in extracted.amounts]
        for fact, entity in FACT_ENTITIES.items():
            if fact in values:
                value = values[fact]
                entities.append(whole(entity, value[0] if fact == "phones" else value))
        if believed:
            entities.append(whole("complaint_categories", believed))
        return entities
