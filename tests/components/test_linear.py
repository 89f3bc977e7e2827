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


def test_the_sentence_row_is_what_rasa_combines(storage, context):
    from rasa.shared.nlu.constants import TEXT
    from rasa.shared.nlu.training_data.message import Message
    from rasa.shared.nlu.training_data.training_data import TrainingData

    from components.linear import sentence_row
    from tests.components.pipeline import Featurizer

    featurizer = Featurizer(storage, context)
    texts = ["mon colis n'est jamais arrivé", "facture payée deux fois !!", "bonjour", "😡 06 12 34 56 78"]
    featurizer.fit(TrainingData([Message(data={TEXT: text, "intent": "x"}) for text in texts]))
    for message in featurizer(["toujours pas de colis, c'est la 3e fois", "rien", "😡"]):
        _, combined = message.get_sparse_features(TEXT)
        row = sentence_row(message)
        assert row.shape == combined.features.shape and row.shape[0] == 1
        assert (row.toarray() == combined.features.toarray()).all()
        assert row.nnz > 0
    assert sentence_row(Message(data={TEXT: "sans traits"})) is None
