"""Messages with no word at all (empty, spaces, emojis or punctuation only), and messages
made of letters that form no word of the language ("zrkx plomv trezq", a cat on the
keyboard), go to the fallback with full confidence, instead of whatever intent the
classifier happens to rank first for them (an emoji-only message was classified as
`goodbye`, a word salad as `complain_service` at 0.97): two such messages in a row are a
misunderstanding the escalation policy counts.
"""

from __future__ import annotations

from typing import Any, Dict, List

from rasa.engine.graph import ExecutionContext, GraphComponent
from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.engine.storage.resource import Resource
from rasa.engine.storage.storage import ModelStorage
from rasa.nlu.classifiers.classifier import IntentClassifier
from rasa.shared.constants import DEFAULT_NLU_FALLBACK_INTENT_NAME
from rasa.shared.nlu.constants import (
    INTENT,
    INTENT_NAME_KEY,
    INTENT_RANKING_KEY,
    PREDICTED_CONFIDENCE_KEY,
    TEXT,
)
from rasa.shared.nlu.training_data.message import Message

SPACY_DOC = "text_spacy_doc"  # where SpacyNLP leaves the parsed text
# a word salad: at least this many alphabetic tokens, and this share of them unknown to the
# language model's vocabulary ("Mme Aïcha Mansouri", two unknown names of three, is no salad)
MIN_ALPHA_TOKENS = 2
MIN_UNKNOWN_SHARE = 0.75


def has_words(text: str) -> bool:
    """True when the text holds at least one letter or digit."""
    return any(ch.isalnum() for ch in text or "")


def is_word_salad(doc: Any) -> bool:
    """True when the spaCy ``doc`` is letters that form no known word (no digit in it: an
    order number, a phone or an amount is never a salad)."""
    if doc is None or any(ch.isdigit() for ch in doc.text):
        return False
    words = [token for token in doc if token.is_alpha]
    if len(words) < MIN_ALPHA_TOKENS:
        return False
    unknown = sum(token.is_oov for token in words)
    return unknown / len(words) >= MIN_UNKNOWN_SHARE


@DefaultV1Recipe.register(DefaultV1Recipe.ComponentType.INTENT_CLASSIFIER, is_trainable=False)
class NoTextGuard(GraphComponent, IntentClassifier):
    """Sends word-less messages and word salads to `nlu_fallback` (place it after the intent
    classifier, in a pipeline that starts with SpacyNLP)."""

    @staticmethod
    def get_default_config() -> Dict[str, Any]:
        return {}

    @classmethod
    def create(
        cls,
        config: Dict[str, Any],
        model_storage: ModelStorage,
        resource: Resource,
        execution_context: ExecutionContext,
    ) -> NoTextGuard:
        return cls()

    def process(self, messages: List[Message]) -> List[Message]:
        for message in messages:
            if has_words(message.get(TEXT) or "") and not is_word_salad(message.get(SPACY_DOC)):
                continue
            fallback = {INTENT_NAME_KEY: DEFAULT_NLU_FALLBACK_INTENT_NAME, PREDICTED_CONFIDENCE_KEY: 1.0}
            ranking = [fallback] + [
                {**item, PREDICTED_CONFIDENCE_KEY: 0.0} for item in message.get(INTENT_RANKING_KEY) or []
            ]
            message.set(INTENT, fallback, add_to_output=True)
            message.set(INTENT_RANKING_KEY, ranking, add_to_output=True)
        return messages
