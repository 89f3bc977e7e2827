"""Corrections and conversations exported as Rasa files, read back with Rasa's own readers."""

from datetime import datetime
from pathlib import Path

from rasa.shared.core.events import ActionExecuted, ActiveLoop, SlotSet, UserUttered
from rasa.shared.nlu.training_data.formats.rasa_yaml import RasaYAMLReader

from litige.review.export import influential_slots, nlu_yaml, test_story, training_story
from tests.litige.review.tracker_events import Conversation

ROOT = Path(__file__).resolve().parents[3]
EXPORTED = datetime(2026, 12, 7, 9, 0)


def read_story(text: str, tmp_path: Path, name: str = "story.yml"):
    from rasa.shared.core.domain import Domain
    from rasa.shared.core.training_data.story_reader.yaml_story_reader import YAMLStoryReader

    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    steps = YAMLStoryReader(Domain.load(str(ROOT / "domain.yml"))).read_from_file(str(path))
    return [event for step in steps for event in step.events]


def test_corrections_become_nlu_examples_with_the_emotion_metadata():
    corrections = [
        {"text": "le technicien n'est jamais venu", "intent": "complain_service", "emotion": "frustration"},
        {
            "text": 'il a dit "demain" trois fois',
            "intent": "complain_service",
            "emotion": "anger",
            "intensity": 0.72,
        },
        {"text": "je veux mon argent", "intent": "request_refund", "emotion": "neutral"},
        {"text": "je veux mon argent", "intent": "request_refund", "emotion": "frustration"},  # relabelled
        {"text": "/affirm", "intent": "affirm", "emotion": None},  # a button: nothing to learn
    ]
    data = RasaYAMLReader().reads(nlu_yaml(corrections))
    examples = {m.get("text"): m for m in data.intent_examples}
    assert set(examples) == {
        "le technicien n'est jamais venu",
        'il a dit "demain" trois fois',
        "je veux mon argent",
    }
    assert examples['il a dit "demain" trois fois'].get("intent") == "complain_service"
    assert examples["je veux mon argent"].get("metadata")["example"]["emotion"] == "frustration"
    assert examples['il a dit "demain" trois fois'].get("metadata")["example"]["intensity"] == 0.72


def test_personal_data_never_reaches_the_training_file():
    corrections = [
        {
            "text": "Julien Morel ici, écrivez-moi à julien.morel@example.org ou au 06 12 34 56 78",
            "intent": "inform",
            "emotion": "neutral",
            "known": {"customer_name": "Julien Morel"},
        }
    ]
    text = nlu_yaml(corrections)
    assert "julien.morel@example.org" not in text and "06 12 34 56 78" not in text and "Morel" not in text
    (example,) = RasaYAMLReader().reads(text).intent_examples
    assert example.get("text").endswith("[téléphone masqué]")


def test_no_correction_gives_an_empty_but_valid_file():
    assert RasaYAMLReader().reads(nlu_yaml([])).intent_examples == []


def conversation_with_handoff() -> Conversation:
    talk = Conversation()
    talk.user("ma box ne marche plus depuis hier", "complain_service", emotion="frustration", intensity=0.5)
    talk.slot("emotion", "frustration").action("action_start_complaint").slot("waltz_step", "attention")
    talk.action("utter_attention").bot("Je comprends.").action("complaint_form").loop("complaint_form")
    talk.listen().user("je veux parler à un humain", "request_human", emotion="anger", intensity=0.7)
    talk.action("action_handoff").loop(None).slot("waltz_step", "handoff").listen()
    talk.event("pause")
    talk.bot("**Inès** : Bonjour", {"advisor": {"id": 1, "first_name": "Inès"}})
    talk.event("resume")
    talk.action("action_advisor_handed_back", policy=None)
    return talk


def test_a_test_story_keeps_the_models_part_in_order_and_stops_at_the_advisor(tmp_path):
    events = read_story(test_story("conv-9", conversation_with_handoff().events, EXPORTED), tmp_path)
    users = [e for e in events if isinstance(e, UserUttered)]
    assert [u.text for u in users] == ["ma box ne marche plus depuis hier", "je veux parler à un humain"]
    assert [u.intent_name for u in users] == ["complain_service", "request_human"]
    actions = [e.action_name for e in events if isinstance(e, ActionExecuted)]
    assert "action_advisor_handed_back" not in actions  # run by the console, after the advisor
    assert [a for a in actions if a != "action_listen"] == [
        "action_start_complaint",
        "utter_attention",
        "complaint_form",
        "action_handoff",
    ]
    loops = [e.name for e in events if isinstance(e, ActiveLoop)]
    assert loops == ["complaint_form", None]
    slots = [(e.key, e.value) for e in events if isinstance(e, SlotSet)]
    assert ("waltz_step", "handoff") in slots and ("emotion", "frustration") in slots


def test_a_training_story_has_intents_only_and_the_influential_slots(tmp_path):
    slots = influential_slots(ROOT / "domain.yml")
    assert "waltz_step" in slots and "complaint_text" not in slots
    text = training_story("conv-9", conversation_with_handoff().events, EXPORTED, slots)
    events = read_story(text, tmp_path)
    users = [e for e in events if isinstance(e, UserUttered)]
    assert [u.intent_name for u in users] == ["complain_service", "request_human"]
    assert all(not u.text for u in users)
    assert "ma box" not in text
    assert {e.key for e in events if isinstance(e, SlotSet)} <= slots
