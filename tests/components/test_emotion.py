"""EmotionClassifier trained for real on a tiny dataset, through the pipeline's featurizers
(Rasa's spaCy components and the project's TfidfFeaturizer)."""

from __future__ import annotations

from typing import List

import pytest
from rasa.engine.storage.resource import Resource
from rasa.shared.nlu.training_data.message import Message
from rasa.shared.nlu.training_data.training_data import TrainingData

from components.emotion import EMOTIONS, EmotionClassifier, EmotionTrainingError
from tests.components.pipeline import Featurizer

TINY = {
    "anger": [
        "C'EST INADMISSIBLE, vous vous moquez de moi !!!",
        "bande d'incapables, c'est scandaleux 😡",
        "c'est honteux, je suis furieux !!",
        "vous vous foutez de moi, c'est du vol 🤬",
    ],
    "frustration": [
        "ça fait trois fois que j'appelle, j'en ai marre",
        "toujours pas livré, encore une semaine à attendre",
        "encore un report, c'est la 4e fois...",
        "j'en peux plus d'attendre, toujours rien",
    ],
    "anxiety": [
        "je m'inquiète, est-ce que je vais être remboursé ?",
        "j'ai peur de ne pas l'avoir à temps, c'est urgent 😱",
        "c'est grave ? je risque de perdre mon acompte ?",
        "je suis stressée, j'en ai besoin pour lundi",
    ],
    "disappointment": [
        "je suis déçu, je m'attendais à mieux",
        "dommage, client fidèle depuis 10 ans 😞",
        "quelle déception, moi qui vous recommandais",
        "c'est triste, ce n'est plus comme avant",
    ],
    "neutral": [
        "ma commande n'est pas arrivée",
        "le produit ne fonctionne pas",
        "je voudrais des informations sur ma facture",
        "mon numéro de commande est CMD-482913",
    ],
    "satisfaction": [
        "merci beaucoup, c'est parfait 😊",
        "super, ça me va très bien",
        "génial merci pour votre aide 🙏",
        "top, problème réglé, merci",
    ],
}
MONOTONIC = [
    "c'est en retard",
    "c'est ENCORE en retard !!!",
    "C'EST INADMISSIBLE, ENCORE EN RETARD !!! 😡",
]


def labelled(text: str, emotion: str | None, intent: str = "complain_delivery", level: str = "example"):
    metadata = {"emotion": emotion} if emotion else None
    if level == "example":
        return Message.build(text, intent, example_metadata=metadata)
    return Message.build(text, intent, intent_metadata=metadata)


def tiny_data() -> TrainingData:
    return TrainingData([labelled(t, e) for e, texts in TINY.items() for t in texts])


@pytest.fixture(scope="module")
def featurize(storage, context) -> Featurizer:
    featurizer = Featurizer(storage, context)
    featurizer.fit(tiny_data())
    return featurizer


@pytest.fixture(scope="module")
def trained(storage, context, featurize) -> EmotionClassifier:
    classifier = EmotionClassifier.create(
        EmotionClassifier.get_default_config(), storage, Resource("emotion"), context
    )
    data = featurize.fit(tiny_data())
    classifier.train(data)
    return classifier


def predict(classifier: EmotionClassifier, featurize: Featurizer, texts: List[str]) -> List[dict]:
    messages = classifier.process(featurize(texts))
    return [message.get("emotion") for message in messages]


def test_output_contract(trained, featurize):
    message = trained.process(featurize(["je suis déçu, dommage"]))[0]
    emotion = message.get("emotion")
    assert set(emotion) == {"name", "confidence", "intensity", "ranking"}
    assert emotion["name"] in EMOTIONS
    assert [item["name"] for item in emotion["ranking"]][0] == emotion["name"]
    assert sorted(item["name"] for item in emotion["ranking"]) == sorted(EMOTIONS)
    assert sum(item["confidence"] for item in emotion["ranking"]) == pytest.approx(1.0, abs=1e-3)
    assert emotion["confidence"] == emotion["ranking"][0]["confidence"]
    assert 0.0 <= emotion["intensity"] <= 1.0
    assert "emotion" in message.as_dict(only_output_properties=True)
    entities = {e["entity"]: e["value"] for e in message.get("entities")}
    assert entities == {"emotion": emotion["name"], "emotion_intensity": emotion["intensity"]}


def test_it_learns_the_tiny_dataset(trained, featurize):
    texts = [t for texts in TINY.values() for t in texts]
    gold = [e for e, texts in TINY.items() for _ in texts]
    predicted = [emotion["name"] for emotion in predict(trained, featurize, texts)]
    accuracy = sum(p == g for p, g in zip(predicted, gold, strict=False)) / len(gold)
    assert accuracy >= 0.9, list(zip(texts, predicted, strict=False))


def test_persistence_round_trip_gives_the_same_predictions(trained, featurize, storage, context):
    loaded = EmotionClassifier.load(
        EmotionClassifier.get_default_config(), storage, Resource("emotion"), context
    )
    texts = ["toujours pas de nouvelles de ma commande !!", "merci, parfait", "j'ai peur, c'est grave ?"]
    assert predict(loaded, featurize, texts) == predict(trained, featurize, texts)


def test_intensity_rises_with_the_tone(trained, featurize):
    intensities = [emotion["intensity"] for emotion in predict(trained, featurize, MONOTONIC)]
    assert intensities[0] < intensities[1] < intensities[2], intensities


# (whitespace-only text never reaches the pipeline: Rasa answers it before NLU, and the
# end-to-end tests cover it through the real server)
@pytest.mark.parametrize(
    "text", ["", "😡😡😡", "🙏", "!!!???", "a" * 10_000, "Ma commande est en retard. " * 400]
)
def test_edge_cases_are_handled(trained, featurize, text):
    emotion = predict(trained, featurize, [text])[0]
    assert emotion["name"] in EMOTIONS
    assert 0.0 <= emotion["intensity"] <= 1.0


def test_an_unknown_label_stops_training_with_a_clear_message(storage, context, featurize):
    data = featurize.fit(TrainingData([labelled("c'est nul", "angry"), labelled("merci", "satisfaction")]))
    classifier = EmotionClassifier.create({}, storage, Resource("bad"), context)
    with pytest.raises(EmotionTrainingError, match="angry"):
        classifier.train(data)


def test_unlabelled_examples_are_left_out_and_intent_labels_are_used(storage, context, featurize):
    examples = [labelled(t, e) for e, texts in TINY.items() for t in texts[:2]]
    examples += [labelled("texte sans étiquette", None), labelled("autre texte sans étiquette", None)]
    examples += [labelled("merci infiniment", "satisfaction", intent="thank", level="intent")]
    data = featurize.fit(TrainingData(examples))
    classifier = EmotionClassifier.create({}, storage, Resource("partial"), context)
    classifier.train(data)
    assert classifier._meta["trained_on"] == 12 + 1


def test_an_untrained_component_says_neutral(storage, context, featurize):
    classifier = EmotionClassifier.load({}, storage, Resource("never-trained"), context)
    emotion = predict(classifier, featurize, ["C'EST INADMISSIBLE !!!"])[0]
    assert emotion["name"] == "neutral"
