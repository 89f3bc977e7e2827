"""components/linear.py: the probabilities computed row by row from the columns each row uses
equal the dense formula softmax(X · Wᵀ + b)."""

from __future__ import annotations

import numpy as np
import pytest
import scipy.sparse

from components import linear


def test_probabilities_equal_the_dense_formula_with_an_empty_row():
    rng = np.random.default_rng(7)
    coef, intercept = rng.normal(size=(4, 30)), rng.normal(size=4)
    dense = rng.normal(size=(3, 30)) * (rng.random((3, 30)) < 0.2)
    dense[1] = 0.0  # a message with no known feature: the intercepts alone
    logits = dense @ coef.T + intercept
    expected = np.exp(logits) / np.exp(logits).sum(axis=1, keepdims=True)
    got = linear.probabilities(scipy.sparse.csr_matrix(dense), coef, intercept)
    assert got == pytest.approx(expected)
    assert got[1] == pytest.approx(np.exp(intercept) / np.exp(intercept).sum())
