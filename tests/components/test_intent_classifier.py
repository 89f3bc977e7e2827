"""LinearIntentClassifier trained for real on a tiny dataset through the pipeline's
featurizers; the ranking, the persistence and the edge cases."""

from __future__ import annotations

import pytest
from rasa.engine.storage.resource import Resource
from rasa.shared.nlu.training_data.message import Message
from rasa.shared.nlu.training_data.training_data import TrainingData

from components.intent_classifier import IntentTrainingError, LinearIntentClassifier
from tests.components.pipeline import Featurizer

TINY = {
    "complain_delivery": [
        "mon colis n'est pas arrivé",
        "livraison en retard",
        "le livreur n'est jamais passé",
    ],
    "complain_billing": ["facturé deux fois", "ma facture est fausse", "un prélèvement en trop"],
    "greet": ["bonjour", "salut", "bonsoir"],
    "thank": ["merci beaucoup", "merci pour votre aide", "super merci"],
}


@pytest.fixture(scope="module")
def featurize(storage, context):
    featurizer = Featurizer(storage, context)
    featurizer.fit(TrainingData([Message.build(t, i) for i, texts in TINY.items() for t in texts]))
    return featurizer


@pytest.fixture(scope="module")
def classifier(featurize, storage, context):
    data = TrainingData([Message.build(t, i) for i, texts in TINY.items() for t in texts])
    classifier = LinearIntentClassifier.create({}, storage, Resource("intent"), context)
    classifier.train(featurize.fit(data))
    return classifier


def test_it_learns_the_tiny_dataset_and_ranks_every_intent(classifier, featurize):
    messages = classifier.process(featurize(["la livraison a du retard", "merci", "bonjour à vous"]))
    assert [m.get("intent")["name"] for m in messages] == ["complain_delivery", "thank", "greet"]
    ranking = messages[0].get("intent_ranking")
    assert sorted(item["name"] for item in ranking) == sorted(TINY)
    assert sum(item["confidence"] for item in ranking) == pytest.approx(1.0)
    assert ranking[0] == messages[0].get("intent")
    assert ranking == sorted(ranking, key=lambda item: item["confidence"], reverse=True)


def test_persistence_round_trip(classifier, featurize, storage, context):
    loaded = LinearIntentClassifier.load(
        LinearIntentClassifier.get_default_config(), storage, Resource("intent"), context
    )
    texts = ["ma facture est fausse", "salut"]
    assert [m.get("intent_ranking") for m in loaded.process(featurize(texts))] == [
        m.get("intent_ranking") for m in classifier.process(featurize(texts))
    ]


def test_a_message_without_text_is_left_alone(classifier):
    message = Message(data={"text": ""})
    classifier.process([message])
    assert message.get("intent") is None


def test_one_intent_cannot_be_learnt(featurize, storage, context):
    data = featurize.fit(TrainingData([Message.build("bonjour", "greet"), Message.build("salut", "greet")]))
    with pytest.raises(IntentTrainingError, match="two intents"):
        LinearIntentClassifier.create({}, storage, Resource("one"), context).train(data)


def test_an_untrained_classifier_predicts_nothing(featurize, storage, context):
    classifier = LinearIntentClassifier.load({}, storage, Resource("never-trained"), context)
    (message,) = classifier.process(featurize(["bonjour"]))
    assert message.get("intent") is None
