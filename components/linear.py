"""The multinomial logistic regression shared by the project's classifiers (intent and
emotion): fitted with scikit-learn, stored as plain NumPy arrays, applied with NumPy."""

from __future__ import annotations

from typing import List, Sequence, Tuple

import numpy as np
import scipy.sparse


def fit_logistic(
    features: scipy.sparse.spmatrix, labels: Sequence[str], c: float, max_iter: int
) -> Tuple[List[str], np.ndarray, np.ndarray]:
    """Balanced class weights; returns (classes, coef, intercept), one row per class."""
    from sklearn.linear_model import LogisticRegression

    model = LogisticRegression(C=c, max_iter=max_iter, class_weight="balanced")
    model.fit(features, list(labels))
    coef, intercept = model.coef_, model.intercept_
    if len(model.classes_) == 2:  # scikit-learn keeps one row for two classes: make it two
        coef, intercept = np.vstack([-coef, coef]) / 2, np.concatenate([-intercept, intercept]) / 2
    return [str(name) for name in model.classes_], coef, intercept


def softmax(logits: np.ndarray) -> np.ndarray:
    shifted = logits - logits.max(axis=1, keepdims=True)
    exp = np.exp(shifted)
    return exp / exp.sum(axis=1, keepdims=True)


def probabilities(features: scipy.sparse.spmatrix, coef: np.ndarray, intercept: np.ndarray) -> np.ndarray:
    """One row of class probabilities per row of features."""
    return softmax(np.asarray(features @ coef.T) + intercept)
