"""LinearIntentClassifier: the customer's intent from the words and the characters of the
message, with a multinomial logistic regression.

It replaces DIET in ``config.yml``. Measured on the independent set written blind (README),
a linear model over tf-idf weighted lemma words, bigrams and character n-grams generalises
better to people who never saw the training data than DIET's transformer trained on the same
examples (intent macro-F1 0.89 against 0.83 with 5,400 examples), and trains in seconds
instead of minutes. Its probabilities are calibrated rather than near-certain, so the
``FallbackClassifier`` threshold in ``config.yml`` is set for them (chosen on the project's
held-out set).

Features: the sentence-level sparse features of the pipeline (``TfidfFeaturizer``: lemma
words and bigrams, character n-grams; adding the spaCy document vector was measured and made
no difference).
"""

from __future__ import annotations

import logging
from typing import Any, Dict, List, Optional

import numpy as np
import scipy.sparse
from rasa.engine.graph import ExecutionContext, GraphComponent
from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.engine.storage.resource import Resource
from rasa.engine.storage.storage import ModelStorage
from rasa.nlu.classifiers.classifier import IntentClassifier
from rasa.shared.exceptions import RasaException
from rasa.shared.nlu.constants import (
    INTENT,
    INTENT_NAME_KEY,
    INTENT_RANKING_KEY,
    PREDICTED_CONFIDENCE_KEY,
    TEXT,
)
from rasa.shared.nlu.training_data.message import Message
from rasa.shared.nlu.training_data.training_data import TrainingData

from components import linear

logger = logging.getLogger(__name__)


class IntentTrainingError(RasaException):
    """The training data cannot train the intent classifier."""


@DefaultV1Recipe.register([DefaultV1Recipe.ComponentType.INTENT_CLASSIFIER], is_trainable=True)
class LinearIntentClassifier(GraphComponent, IntentClassifier):
    """Predicts the intent and its ranking on every message."""

    @staticmethod
    def get_default_config() -> Dict[str, Any]:
        return {
            # inverse regularisation strength of the logistic regression
            "C": 10.0,
            "max_iter": 3000,
            "ranking_length": 10,
        }

    def __init__(
        self,
        config: Dict[str, Any],
        model_storage: ModelStorage,
        resource: Resource,
        weights: Optional[Dict[str, np.ndarray]] = None,
        meta: Optional[Dict[str, Any]] = None,
    ) -> None:
        self._config = {**self.get_default_config(), **config}
        self._model_storage = model_storage
        self._resource = resource
        self._weights = weights
        self._meta = meta or {}

    @classmethod
    def create(
        cls,
        config: Dict[str, Any],
        model_storage: ModelStorage,
        resource: Resource,
        execution_context: ExecutionContext,
    ) -> LinearIntentClassifier:
        return cls(config, model_storage, resource)

    # ---- features -----------------------------------------------------------------
    @staticmethod
    def _size(message: Message) -> int:
        sentence = linear.sentence_row(message)
        return sentence.shape[1] if sentence is not None else 0

    @staticmethod
    def _features(message: Message, size: int) -> scipy.sparse.csr_matrix:
        """The message's sentence features (zeros when it has none of the trained size)."""
        sentence = linear.sentence_row(message)
        if sentence is None or sentence.shape[1] != size:
            return scipy.sparse.csr_matrix((1, size))
        return sentence

    # ---- training -----------------------------------------------------------------
    def train(self, training_data: TrainingData) -> Resource:
        examples = [m for m in training_data.intent_examples if m.get(TEXT) and m.get(INTENT)]
        labels = [m.get(INTENT) for m in examples]
        if len(set(labels)) < 2:
            raise IntentTrainingError(
                "The LinearIntentClassifier needs examples of at least two intents; "
                f"found {sorted(set(labels))}."
            )
        size = self._size(examples[0])
        features = scipy.sparse.vstack([self._features(m, size) for m in examples], format="csr")
        classes, coef, intercept = linear.fit_logistic(
            features, labels, self._config["C"], self._config["max_iter"]
        )
        self._weights = {"coef": coef, "intercept": intercept}
        self._meta = {"classes": classes, "trained_on": len(labels)}
        logger.info("LinearIntentClassifier trained on %d examples of %d intents", len(labels), len(classes))
        self.persist()
        return self._resource

    def persist(self) -> None:
        if self._weights is not None:
            linear.save(self._model_storage, self._resource, "intent", self._weights, self._meta)

    @classmethod
    def load(
        cls,
        config: Dict[str, Any],
        model_storage: ModelStorage,
        resource: Resource,
        execution_context: ExecutionContext,
        **kwargs: Any,
    ) -> LinearIntentClassifier:
        kept = linear.restore(model_storage, resource, "intent")
        if kept is None:
            logger.warning("LinearIntentClassifier: no trained weights found, no intent will be predicted.")
            return cls(config, model_storage, resource)
        weights, meta = kept
        return cls(config, model_storage, resource, weights=weights, meta=meta)

    # ---- prediction ---------------------------------------------------------------
    def ranking(self, message: Message) -> List[Dict[str, Any]]:
        """Every intent with its probability, the most likely first."""
        if self._weights is None:
            return []
        row = self._features(message, self._weights["coef"].shape[1])
        scores = linear.probabilities(row, self._weights["coef"], self._weights["intercept"])[0]
        ranked = sorted(
            zip(self._meta["classes"], scores, strict=True), key=lambda item: item[1], reverse=True
        )
        return [{INTENT_NAME_KEY: name, PREDICTED_CONFIDENCE_KEY: float(score)} for name, score in ranked]

    def process(self, messages: List[Message]) -> List[Message]:
        for message in messages:
            ranking = self.ranking(message)
            if not ranking or not message.get(TEXT):
                continue
            message.set(INTENT, ranking[0], add_to_output=True)
            message.set(INTENT_RANKING_KEY, ranking[: self._config["ranking_length"]], add_to_output=True)
        return messages
