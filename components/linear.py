"""The multinomial logistic regression shared by the project's classifiers (intent and
emotion): fitted with scikit-learn, stored as plain NumPy arrays, applied with NumPy; and how
the project's components keep what they learnt in Rasa's model storage (arrays and JSON, no
pickle)."""

from __future__ import annotations

import json
import logging
from typing import Any, Dict, List, Optional, Sequence, Tuple

import numpy as np
import scipy.sparse
from rasa.engine.storage.resource import Resource
from rasa.engine.storage.storage import ModelStorage
from rasa.shared.nlu.constants import FEATURE_TYPE_SENTENCE, TEXT
from rasa.shared.nlu.training_data.message import Message

logger = logging.getLogger(__name__)

Arrays = Dict[str, np.ndarray]


def fit_logistic(
    features: scipy.sparse.spmatrix, labels: Sequence[str], c: float, max_iter: int
) -> Tuple[List[str], np.ndarray, np.ndarray]:
    """Balanced class weights; returns (classes, coef, intercept), one row per class."""
    from sklearn.linear_model import LogisticRegression

    model = LogisticRegression(C=c, max_iter=max_iter, class_weight="balanced")
    model.fit(features, list(labels))
    logger.info("logistic regression: %d iterations (at most %d)", int(max(model.n_iter_)), max_iter)
    coef, intercept = model.coef_, model.intercept_
    if len(model.classes_) == 2:  # scikit-learn keeps one row for two classes: make it two
        coef, intercept = np.vstack([-coef, coef]) / 2, np.concatenate([-intercept, intercept]) / 2
    return [str(name) for name in model.classes_], coef, intercept


def sentence_row(message: Message, attribute: str = TEXT) -> Optional[scipy.sparse.csr_matrix]:
    """The message's sparse sentence features side by side, in the message's order, as one row:
    what ``Message.get_sparse_features`` gives (None when there are none), without its deep copy
    and scipy's ``hstack``, which both classifiers paid at every message."""
    parts = [
        feature.features
        for feature in message.features
        if feature.attribute == attribute and feature.type == FEATURE_TYPE_SENTENCE and feature.is_sparse()
    ]
    if not parts:
        return None
    if any(part.shape[0] != 1 for part in parts):
        return scipy.sparse.hstack(parts, format="csr")
    columns, values, offset = [], [], 0
    for part in parts:
        coo = part.tocoo()
        columns.append(coo.col.astype(np.int64) + offset)
        values.append(coo.data)
        offset += part.shape[1]
    column, value = np.concatenate(columns), np.concatenate(values)
    return scipy.sparse.csr_matrix((value, column, np.array([0, column.size])), shape=(1, offset))


def softmax(logits: np.ndarray) -> np.ndarray:
    shifted = logits - logits.max(axis=1, keepdims=True)
    exp = np.exp(shifted)
    return exp / exp.sum(axis=1, keepdims=True)


def probabilities(features: scipy.sparse.spmatrix, coef: np.ndarray, intercept: np.ndarray) -> np.ndarray:
    """One row of class probabilities per row of features.

    Row by row, from the columns each row uses: ``features @ coef.T`` made scipy copy the
    whole transposed weight matrix (77,000 × 20 for the intents) at every message."""
    rows = scipy.sparse.csr_matrix(features)
    logits = np.empty((rows.shape[0], coef.shape[0]))
    for index in range(rows.shape[0]):
        start, end = rows.indptr[index], rows.indptr[index + 1]
        logits[index] = coef[:, rows.indices[start:end]] @ rows.data[start:end]
    return softmax(logits + intercept)


def save(storage: ModelStorage, resource: Resource, name: str, arrays: Arrays, meta: Any) -> None:
    """``<name>_weights.npz`` and ``<name>_meta.json`` in the component's resource."""
    with storage.write_to(resource) as directory:
        np.savez(directory / f"{name}_weights.npz", **arrays)
        (directory / f"{name}_meta.json").write_text(json.dumps(meta), encoding="utf-8")


def restore(storage: ModelStorage, resource: Resource, name: str) -> Optional[Tuple[Arrays, Any]]:
    """What ``save`` kept, or None when the resource holds nothing (never trained)."""
    try:
        with storage.read_from(resource) as directory:
            with np.load(directory / f"{name}_weights.npz", allow_pickle=False) as archive:
                arrays = {key: archive[key] for key in archive.files}
            meta = json.loads((directory / f"{name}_meta.json").read_text(encoding="utf-8"))
    except (ValueError, FileNotFoundError, OSError):
        return None
    return arrays, meta
