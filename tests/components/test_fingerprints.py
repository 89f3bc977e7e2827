"""components/fingerprints.py: tokens and features fingerprinted cheaply, with the guarantees
Rasa's training cache needs (equal content, equal fingerprint; any change, a new one)."""

from __future__ import annotations

import numpy as np
import scipy.sparse
from rasa.nlu.tokenizers.tokenizer import Token
from rasa.shared.nlu.constants import TEXT
from rasa.shared.nlu.training_data.features import Features
from rasa.shared.nlu.training_data.message import Message

from components.fingerprints import HashedFeatures, KeptFingerprintToken, hash_features_added


def _token(**changes):
    content = {"text": "colis", "start": 7, "lemma": "colis", "data": {"pos": "NOUN"}, **changes}
    return KeptFingerprintToken(
        content["text"], content["start"], data=content["data"], lemma=content["lemma"]
    )


def test_a_token_keeps_rasas_content_and_order():
    token = KeptFingerprintToken.of(Token("colis", 7, lemma="colis", data={"pos": "NOUN"}))
    assert (token.text, token.start, token.end, token.lemma, token.data) == (
        "colis",
        7,
        12,
        "colis",
        {"pos": "NOUN"},
    )
    assert token == Token("colis", 7, lemma="colis")


def test_equal_tokens_share_a_fingerprint_and_any_difference_changes_it():
    reference = _token().fingerprint()
    assert _token().fingerprint() == reference
    for changed in (
        _token(text="Colis"),
        _token(start=8),
        _token(lemma="coli"),
        _token(data={"pos": "VERB"}),
    ):
        assert changed.fingerprint() != reference


def test_setting_data_on_a_token_changes_its_kept_fingerprint():
    token = _token()
    before = token.fingerprint()
    token.set("pos", "PROPN")
    assert token.fingerprint() != before
    assert token.fingerprint() == _token(data={"pos": "PROPN"}).fingerprint()


def _sparse(values):
    return scipy.sparse.coo_matrix(np.array([values], dtype=np.float64))


def test_features_fingerprints_follow_the_matrix_values_and_the_description():
    reference = HashedFeatures(_sparse([0.0, 0.5, 0.0, 0.25]), "sentence", TEXT, "chars")
    same = HashedFeatures(_sparse([0.0, 0.5, 0.0, 0.25]), "sentence", TEXT, "chars")
    assert same.fingerprint() == reference.fingerprint()
    different = [
        HashedFeatures(_sparse([0.0, 0.5, 0.0, 0.26]), "sentence", TEXT, "chars"),
        HashedFeatures(_sparse([0.5, 0.0, 0.0, 0.25]), "sentence", TEXT, "chars"),
        HashedFeatures(_sparse([0.0, 0.5, 0.0, 0.25, 0.0]), "sentence", TEXT, "chars"),
        HashedFeatures(_sparse([0.0, 0.5, 0.0, 0.25]), "sequence", TEXT, "chars"),
        HashedFeatures(_sparse([0.0, 0.5, 0.0, 0.25]), "sentence", TEXT, "lemmas"),
        HashedFeatures(np.array([[0.0, 0.5, 0.0, 0.25]]), "sentence", TEXT, "chars"),
    ]
    assert len({features.fingerprint() for features in different} | {reference.fingerprint()}) == 7


def test_dense_features_fingerprints_follow_every_value():
    vectors = np.arange(12, dtype=np.float32).reshape(3, 4)
    reference = HashedFeatures(vectors, "sequence", TEXT, "spacy").fingerprint()
    changed = vectors.copy()
    changed[2, 3] += 1e-3
    assert HashedFeatures(changed, "sequence", TEXT, "spacy").fingerprint() != reference
    assert HashedFeatures(vectors.reshape(4, 3), "sequence", TEXT, "spacy").fingerprint() != reference
    assert HashedFeatures(vectors.copy(), "sequence", TEXT, "spacy").fingerprint() == reference


def test_only_the_features_added_since_are_wrapped_and_the_message_fingerprint_follows():
    earlier = Features(_sparse([1.0, 0.0]), "sentence", TEXT, "lemmas")
    message = Message(data={TEXT: "mon colis"}, features=[earlier])
    before = len(message.features)
    message.add_features(Features(_sparse([0.0, 2.0]), "sentence", TEXT, "chars"))
    hash_features_added(message, before)
    assert message.features[0] is earlier
    assert type(message.features[1]) is HashedFeatures
    assert (message.features[1].features.toarray() == [[0.0, 2.0]]).all()

    other = Message(data={TEXT: "mon colis"}, features=[earlier])
    other.add_features(HashedFeatures(_sparse([0.0, 3.0]), "sentence", TEXT, "chars"))
    assert other.fingerprint() != message.fingerprint()
