"""Extracts the customer's own name as a `person` entity.

Two sources: French cue phrases ("je m'appelle …", "Mme …", "de la part de …"), and
spaCy's French NER (PER) on short `inform` messages that are mostly a name ("Julie Martin"),
so the component runs after the intent classifier.
spaCy alone is not used on long messages: in chat text it tags capitalised shouting
("ENCORE", "INADMISSIBLE") or brand names as people far too often.
"""

from __future__ import annotations

import re
from typing import Any, Dict, List, Optional, Tuple, Type

from rasa.engine.graph import ExecutionContext, GraphComponent
from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.engine.storage.resource import Resource
from rasa.engine.storage.storage import ModelStorage
from rasa.nlu.extractors.extractor import EntityExtractorMixin
from rasa.nlu.utils.spacy_utils import SpacyModel, SpacyNLP
from rasa.shared.nlu.constants import ENTITIES, INTENT, INTENT_NAME_KEY, TEXT
from rasa.shared.nlu.training_data.message import Message

from components.spacy_nlp import recognise_entities

ENTITY_NAME = "person"

_NAME_WORD = r"[^\W\d_][^\W\d_'’-]*(?:['’-][^\W\d_]+)*"
_STOP_WORDS = {
    "et",
    "mais",
    "je",
    "j",
    "mon",
    "ma",
    "mes",
    "svp",
    "stp",
    "merci",
    "pour",
    "car",
    "donc",
    "qui",
    "que",
    "client",
    "cliente",
    "le",
    "la",
    "les",
    "du",
    "des",
    "depuis",
    "avec",
    "au",
    "à",
    "a",
    "de",
    "d",
    "en",
    "sur",
    "par",
    "ou",
    "est",
    "suis",
    "votre",
    "vous",
    "bonjour",
    "email",
    "mail",
    "numéro",
    "commande",
    "ici",
    "là",
    "aussi",
    "encore",
    "pas",
    "ne",
}
_CIVILITY = r"(?:m\.|mr\.?|mme\.?|mlle\.?|madame|monsieur|mademoiselle)"
_CUES = [
    re.compile(r"\bje m['’ ]?appel+e?\s+(?P<name>.+)", re.I),
    re.compile(r"\bje me nomme\s+(?P<name>.+)", re.I),
    re.compile(r"\bmon nom(?: de famille)?(?: est| c['’]est|\s*:)\s+(?P<name>.+)", re.I),
    re.compile(r"\bnom\s*:\s*(?P<name>.+)", re.I),
    re.compile(r"\bde la part de\s+(?:" + _CIVILITY + r"\s+)?(?P<name>.+)", re.I),
    re.compile(r"(?:^|\s)" + _CIVILITY + r"\s+(?P<name>.+)", re.I),
    re.compile(r"\bau nom de\s+(?:" + _CIVILITY + r"\s+)?(?P<name>.+)", re.I),
]
# "je suis X" and "X à l'appareil" only with a capitalised name ("je suis déçu" is no name)
_CAPITALISED_CUES = [
    re.compile(r"\bje suis\s+(?P<name>[A-ZÀ-Ý][a-zà-ÿ]+(?:[ -][A-ZÀ-Ý][a-zà-ÿ]+){0,2})"),
    re.compile(r"(?:^|[\s,.!])(?P<name>[A-ZÀ-Ý][a-zà-ÿ]+(?:[ -][A-ZÀ-Ý][a-zà-ÿ]+){0,2}) à l['’]appareil"),
]
# words spaCy tags as PER in short chat messages that are never the customer's name
_NOT_NAMES = {
    "bonjour",
    "bonsoir",
    "bonne",
    "merci",
    "commande",
    "ref",
    "réf",
    "référence",
    "bye",
    "salut",
    "slt",
    "nope",
    "ok",
    "oui",
    "non",
    "pfff",
    "chatbot",
    "robot",
    "madame",
    "monsieur",
    "cordialement",
}
_MAX_WORDS = 3
_SHORT_MESSAGE_WORDS = 5


_NEXT_WORD = re.compile(r"[ \t]*(" + _NAME_WORD + ")")


def _name_span(text: str, start: int) -> Optional[Tuple[int, int]]:
    """From ``start``, take up to three name words, stopping at a stop word."""
    first = end = None
    pos = start
    for _ in range(_MAX_WORDS):
        match = _NEXT_WORD.match(text, pos)
        if not match or match.group(1).lower() in _STOP_WORDS:
            break
        if first is None:
            first = match.start(1)
        end = match.end(1)
        pos = match.end()
    return (first, end) if first is not None else None


def find_person_spans(text: str) -> List[Tuple[int, int]]:
    """Character spans of names introduced by a French cue phrase."""
    spans: List[Tuple[int, int]] = []
    for cue in _CUES:
        for match in cue.finditer(text):
            span = _name_span(text, match.start("name"))
            if span and not any(s <= span[0] < e for s, e in spans):
                spans.append(span)
    for cue in _CAPITALISED_CUES:
        for match in cue.finditer(text):
            span = (match.start("name"), match.end("name"))
            if match.group("name").lower() not in _STOP_WORDS and not any(s <= span[0] < e for s, e in spans):
                spans.append(span)
    return sorted(spans)


def _plausible_spacy_name(span_text: str) -> bool:
    """A capitalised (not shouted) name with no digits and no chat filler word."""
    words = span_text.split()
    return bool(words) and all(
        word[:1].isupper()
        and not word.isupper()
        and not any(ch.isdigit() for ch in word)
        and word.lower() not in _NOT_NAMES
        for word in words
    )


@DefaultV1Recipe.register(
    DefaultV1Recipe.ComponentType.ENTITY_EXTRACTOR, is_trainable=False, model_from="SpacyNLP"
)
class PersonNameExtractor(GraphComponent, EntityExtractorMixin):
    """Adds `person` entities (the customer's name) to user messages."""

    @classmethod
    def required_components(cls) -> List[Type]:
        return [SpacyNLP]

    @staticmethod
    def get_default_config() -> Dict[str, Any]:
        return {}

    def __init__(self, config: Dict[str, Any]) -> None:
        self._config = config

    @classmethod
    def create(
        cls,
        config: Dict[str, Any],
        model_storage: ModelStorage,
        resource: Resource,
        execution_context: ExecutionContext,
    ) -> PersonNameExtractor:
        return cls(config)

    def _spacy_spans(self, text: str, model: SpacyModel) -> List[Tuple[int, int]]:
        if len(text.split()) > _SHORT_MESSAGE_WORDS:
            return []
        doc = recognise_entities(model, text)
        return [
            (ent.start_char, ent.end_char)
            for ent in doc.ents
            if ent.label_ == "PER" and _plausible_spacy_name(ent.text)
        ]

    def process(self, messages: List[Message], model: SpacyModel) -> List[Message]:
        for message in messages:
            text = message.get(TEXT) or ""
            if not text.strip():
                continue
            spans = find_person_spans(text)
            if not spans and (message.get(INTENT) or {}).get(INTENT_NAME_KEY) == "inform":
                spans = self._spacy_spans(text, model)
            entities = [
                {"entity": ENTITY_NAME, "start": start, "end": end, "value": text[start:end]}
                for start, end in spans
            ]
            if entities:
                message.set(
                    ENTITIES,
                    message.get(ENTITIES, []) + self.add_extractor_name(entities),
                    add_to_output=True,
                )
        return messages
