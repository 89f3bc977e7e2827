"""Guards on the training and held-out data: coverage, labels, no leakage."""

from __future__ import annotations

import difflib
import re
import unicodedata
from collections import Counter
from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parents[2]
EMOTIONS = {"anger", "frustration", "anxiety", "disappointment", "neutral", "satisfaction"}
COMPLAINT_INTENTS = {
    "complain_delivery",
    "complain_product",
    "complain_billing",
    "request_refund",
    "complain_service",
    "complain_communication",
}
REGEX_ENTITIES = ("order_id", "ticket_id", "email", "amount", "date")


def load(path: Path):
    from rasa.shared.nlu.training_data.loading import load_data

    return load_data(str(path))


def emotion_of(message):
    return ((message.get("metadata") or {}).get("example") or {}).get("emotion")


def normalise(text: str) -> str:
    text = unicodedata.normalize("NFKD", text.lower())
    text = "".join(ch for ch in text if not unicodedata.combining(ch))
    return re.sub(r"[^a-z0-9]+", " ", text).strip()


@pytest.fixture(scope="module")
def training():
    return load(ROOT / "data" / "nlu")


@pytest.fixture(scope="module")
def heldout_nlu():
    return load(ROOT / "tests" / "nlu" / "heldout.yml")


@pytest.fixture(scope="module")
def heldout_emotion():
    return load(ROOT / "tests" / "emotion" / "heldout.yml")


@pytest.fixture(scope="module")
def domain_intents():
    domain = yaml.safe_load((ROOT / "domain.yml").read_text(encoding="utf-8"))
    return set(domain["intents"])


def test_every_training_example_has_an_emotion_label(training):
    missing = [m.get("text") for m in training.intent_examples if emotion_of(m) not in EMOTIONS]
    assert missing == []


def test_every_intent_is_trained_and_complaints_have_40_examples(training, domain_intents):
    counts = Counter(m.get("intent") for m in training.intent_examples)
    assert set(counts) == domain_intents
    assert {intent: counts[intent] for intent in COMPLAINT_INTENTS if counts[intent] < 40} == {}


def test_complaint_intents_cover_several_emotions(training):
    for intent in COMPLAINT_INTENTS:
        emotions = {emotion_of(m) for m in training.intent_examples if m.get("intent") == intent}
        assert len(emotions) >= 4, (intent, emotions)


def test_heldout_nlu_covers_every_intent_with_15_examples(heldout_nlu, domain_intents):
    counts = Counter(m.get("intent") for m in heldout_nlu.intent_examples)
    assert set(counts) == domain_intents
    assert min(counts.values()) >= 15


def test_heldout_emotion_has_20_examples_per_emotion(heldout_emotion):
    counts = Counter(emotion_of(m) for m in heldout_emotion.intent_examples)
    assert set(counts) == EMOTIONS
    assert min(counts.values()) >= 20


def near_duplicate(a: str, b: str, ratio: float = 0.9) -> bool:
    matcher = difflib.SequenceMatcher(None, a, b)
    return matcher.real_quick_ratio() >= ratio and matcher.quick_ratio() >= ratio and matcher.ratio() >= ratio


@pytest.mark.parametrize("heldout", ["heldout_nlu", "heldout_emotion"])
def test_no_heldout_example_is_in_the_training_data(request, training, heldout):
    """Not even a near-copy (90 % similar once lowercased, without accents or punctuation)."""
    trained = [normalise(m.get("text")) for m in training.intent_examples]
    leaked = [
        m.get("text")
        for m in request.getfixturevalue(heldout).intent_examples
        if any(near_duplicate(normalise(m.get("text")), text) for text in trained)
    ]
    assert leaked == []


def test_annotated_entities_match_the_extraction_regexes(training, heldout_nlu):
    patterns = {
        regex["name"]: re.compile(regex["pattern"], re.IGNORECASE) for regex in training.regex_features
    }
    mismatches = []
    for message in training.training_examples + heldout_nlu.training_examples:
        for entity in message.get("entities") or []:
            if entity["entity"] in REGEX_ENTITIES:
                value = message.get("text")[entity["start"] : entity["end"]]
                if not patterns[entity["entity"]].fullmatch(value):
                    mismatches.append((entity["entity"], value))
    assert mismatches == []


def independent_texts():
    path = ROOT / "tests" / "eval" / "independent.yml"
    return [m["text"] for m in yaml.safe_load(path.read_text(encoding="utf-8"))["messages"]]


def e2e_inputs():
    """What the end-to-end tests type to the bot: the string literals they pass to
    ``say``/``texts`` (button payloads such as "/affirm" left out)."""
    import ast

    found = []
    for path in sorted((ROOT / "tests" / "e2e").glob("test_*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if (
                isinstance(node, ast.Call)
                and isinstance(node.func, ast.Attribute)
                and node.func.attr in ("say", "texts")
                and node.args
                and isinstance(node.args[0], ast.Constant)
                and isinstance(node.args[0].value, str)
                and not node.args[0].value.startswith("/")
            ):
                found.append(node.args[0].value)
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):  # module-level openings and answer tuples
            if isinstance(node, ast.Assign) and isinstance(node.value, ast.Constant):
                if isinstance(node.value.value, str) and len(node.value.value.split()) >= 4:
                    found.append(node.value.value)
            if isinstance(node, (ast.Tuple, ast.List)):
                found += [
                    e.value
                    for e in node.elts
                    if isinstance(e, ast.Constant) and isinstance(e.value, str) and len(e.value.split()) >= 4
                ]
    return found


def scenario_inputs():
    """What the scripted customers of tests/scenarios say, but the formulaic confirmations of
    four words ("oui c'est bien ça", "ok ça me va"), which every customer types alike."""
    from tools.scenarios.model import load

    found = []
    for scenario in load():
        found += [scenario.opening, *scenario.knows.values(), *scenario.recap]
        found += [line.say for line in scenario.form + scenario.proposal + scenario.after]
    return [text for text in found if not text.startswith("/") and len(re.findall(r"[\w']+", text)) > 4]


# Short answers ("oui", "non merci", "4") are the same everywhere; the independent set's
# messages and the end-to-end inputs of four words or more must be new to the model.
MIN_WORDS = 4


@pytest.mark.parametrize(
    "source",
    [independent_texts, e2e_inputs, scenario_inputs],
    ids=["independent_set", "e2e_inputs", "scenario_inputs"],
)
def test_independent_and_end_to_end_texts_are_not_in_the_training_data(training, source):
    trained = [normalise(m.get("text")) for m in training.intent_examples]
    texts = [t for t in source() if len(normalise(t).split()) >= MIN_WORDS]
    assert len(texts) >= 30
    leaked = [t for t in texts if any(near_duplicate(normalise(t), known) for known in trained)]
    assert leaked == []
