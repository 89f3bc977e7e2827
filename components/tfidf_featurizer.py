"""TfidfFeaturizer: sentence features that a linear classifier learns well from.

Rasa's ``CountVectorsFeaturizer`` gives raw counts, replaces every number with one token and
builds character n-grams from the tokens. The project's classifiers (intent and emotion) are
logistic regressions, which learn far better from text weighted like a search engine weighs
words: sublinear term frequency (``1 + log(count)``) times the inverse document frequency
learnt on the training messages, normalised to length 1. Two analyzers, one per instance in
``config.yml`` (each normalised on its own, so thousands of character n-grams do not drown
the words):

* ``lemmas``: the spaCy lemmas of the message (from ``SpacyTokenizer``), words and bigrams;
* ``chars``: character n-grams inside word boundaries of the lowercased text as written
  (digits, punctuation, emojis and SMS spellings kept: "5", "06 12…", "!!!", "😡").

Only sentence-level features are produced. The vocabulary and the idf are stored as JSON and
NumPy arrays through Rasa's ``ModelStorage`` (``components.linear.save``, no pickle).
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
from rasa.nlu.featurizers.sparse_featurizer.sparse_featurizer import SparseFeaturizer
from rasa.nlu.tokenizers.tokenizer import Tokenizer
from rasa.shared.nlu.constants import TEXT, TEXT_TOKENS
from rasa.shared.nlu.training_data.message import Message
from rasa.shared.nlu.training_data.training_data import TrainingData

from components import linear
from components.fingerprints import hash_features_added

logger = logging.getLogger(__name__)

ANALYZERS = ("lemmas", "chars")


def sublinear_tfidf(counts: scipy.sparse.csr_matrix, idf: np.ndarray) -> scipy.sparse.csr_matrix:
    """``(1 + log(count)) * idf``, each row normalised to length 1."""
    weighted = counts.astype(np.float64).tocsr(copy=True)
    weighted.data = (1.0 + np.log(weighted.data)) * idf[weighted.indices]
    # each stored value's row, to normalise the rows on the stored values directly (scipy's
    # element-wise product, row sums and diagonal product cost a millisecond a message)
    row_of_value = np.repeat(np.arange(weighted.shape[0]), np.diff(weighted.indptr))
    norms = np.sqrt(np.bincount(row_of_value, weights=weighted.data**2, minlength=weighted.shape[0]))
    weighted.data /= norms[row_of_value]
    return weighted


def smoothed_idf(counts: scipy.sparse.csr_matrix) -> np.ndarray:
    """scikit-learn's smoothed inverse document frequency of each column."""
    documents = counts.shape[0]
    frequency = np.bincount(counts.tocsr().indices, minlength=counts.shape[1])
    return np.log((1.0 + documents) / (1.0 + frequency)) + 1.0


@DefaultV1Recipe.register(DefaultV1Recipe.ComponentType.MESSAGE_FEATURIZER, is_trainable=True)
class TfidfFeaturizer(SparseFeaturizer, GraphComponent):
    """Sublinear tf-idf sentence features of the lemmas or of the characters."""

    @classmethod
    def required_components(cls) -> List[type]:
        return [Tokenizer]

    @staticmethod
    def get_default_config() -> Dict[str, Any]:
        return {
            **SparseFeaturizer.get_default_config(),
            "analyzer": "lemmas",
            "min_ngram": 1,
            "max_ngram": 2,
            # n-grams seen in fewer training messages are left out
            "min_df": 1,
        }

    def __init__(
        self,
        config: Dict[str, Any],
        model_storage: ModelStorage,
        resource: Resource,
        execution_context: ExecutionContext,
        vocabulary: Optional[Dict[str, int]] = None,
        idf: Optional[np.ndarray] = None,
    ) -> None:
        super().__init__(execution_context.node_name, config)
        self._model_storage = model_storage
        self._resource = resource
        self._vocabulary = vocabulary
        self._idf = idf
        # one vectorizer per loaded vocabulary: sklearn checks a fixed vocabulary (all its
        # terms) at the first transform only, so a new vectorizer per message paid that check
        # every time (most of this component's time per message)
        self._fitted_vectorizer: Any = None

    @classmethod
    def create(
        cls,
        config: Dict[str, Any],
        model_storage: ModelStorage,
        resource: Resource,
        execution_context: ExecutionContext,
    ) -> TfidfFeaturizer:
        return cls({**cls.get_default_config(), **config}, model_storage, resource, execution_context)

    @classmethod
    def validate_config(cls, config: Dict[str, Any]) -> None:
        if config.get("analyzer") not in ANALYZERS:
            raise ValueError(f"TfidfFeaturizer: 'analyzer' must be one of {', '.join(ANALYZERS)}.")

    # ---- text and counts ----------------------------------------------------------
    def _document(self, message: Message) -> str:
        if self._config["analyzer"] == "chars":
            return (message.get(TEXT) or "").lower()
        tokens = message.get(TEXT_TOKENS) or []
        return " ".join((token.lemma or token.text).lower() for token in tokens)

    def _vectorizer(self, vocabulary: Optional[Dict[str, int]] = None) -> Any:
        from sklearn.feature_extraction.text import CountVectorizer

        chars = self._config["analyzer"] == "chars"
        return CountVectorizer(
            analyzer="char_wb" if chars else "word",
            ngram_range=(self._config["min_ngram"], self._config["max_ngram"]),
            token_pattern=None if chars else r"(?u)\b\w+\b",
            lowercase=False,
            min_df=1 if vocabulary is not None else self._config["min_df"],
            vocabulary=vocabulary,
        )

    def features(self, messages: List[Message]) -> scipy.sparse.csr_matrix:
        """The weighted features of the messages, one row each (zeros before training)."""
        if self._vocabulary is None or self._idf is None:
            return scipy.sparse.csr_matrix((len(messages), 0))
        if self._fitted_vectorizer is None:
            self._fitted_vectorizer = self._vectorizer(self._vocabulary)
        counts = self._fitted_vectorizer.transform([self._document(m) for m in messages])
        return sublinear_tfidf(counts.tocsr(), self._idf)

    # ---- training -----------------------------------------------------------------
    def train(self, training_data: TrainingData) -> Resource:
        documents = [self._document(m) for m in training_data.training_examples if m.get(TEXT)]
        vectorizer = self._vectorizer()
        counts = vectorizer.fit_transform(documents)
        self._vocabulary = {term: int(index) for term, index in vectorizer.vocabulary_.items()}
        self._idf = smoothed_idf(counts)
        self._fitted_vectorizer = None
        logger.info("TfidfFeaturizer (%s): %d terms", self._config["analyzer"], len(self._vocabulary))
        self.persist()
        return self._resource

    def persist(self) -> None:
        linear.save(self._model_storage, self._resource, "tfidf", {"idf": self._idf}, self._vocabulary)

    @classmethod
    def load(
        cls,
        config: Dict[str, Any],
        model_storage: ModelStorage,
        resource: Resource,
        execution_context: ExecutionContext,
        **kwargs: Any,
    ) -> TfidfFeaturizer:
        config = {**cls.get_default_config(), **config}
        kept = linear.restore(model_storage, resource, "tfidf")
        if kept is None:
            logger.warning("TfidfFeaturizer: no trained vocabulary found, no feature will be added.")
            return cls(config, model_storage, resource, execution_context)
        arrays, vocabulary = kept
        return cls(config, model_storage, resource, execution_context, vocabulary, arrays["idf"])

    # ---- featurizing --------------------------------------------------------------
    def process(self, messages: List[Message]) -> List[Message]:
        with_text = [m for m in messages if m.get(TEXT)]
        if not with_text or self._vocabulary is None:
            return messages
        matrix = self.features(with_text)
        for row, message in enumerate(with_text):
            before = len(message.features)
            self.add_features_to_message(None, matrix[row].tocoo(), TEXT, message)
            hash_features_added(message, before)
        return messages

    def process_training_data(self, training_data: TrainingData) -> TrainingData:
        self.process(training_data.training_examples)
        return training_data
