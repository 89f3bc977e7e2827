"""channels/context_intent.py: the intent set in context on real Rasa trackers, and the NLU's
own reading kept."""

from __future__ import annotations

from rasa.core.processor import MessageProcessor
from rasa.shared.core.domain import Domain
from rasa.shared.core.events import ActionExecuted, SlotSet
from rasa.shared.core.trackers import DialogueStateTracker

from channels import context_intent

DOMAIN = Domain.from_dict(
    {
        "slots": {
            name: {"type": "any", "influence_conversation": False, "mappings": [{"type": "custom"}]}
            for name in ("waltz_step", "csat")
        },
        "actions": ["action_close", "action_reformulate"],
    }
)
RATED = "3. vous avez mis du temps à comprendre que je voulais un remboursement"


def nlu(text: str, intent: str) -> dict:
    return {
        "text": text,
        "intent": {"name": intent, "confidence": 0.92},
        "intent_ranking": [{"name": intent, "confidence": 0.92}, {"name": "rate", "confidence": 0.03}],
        "entities": [],
        "emotion": {"name": "frustration", "confidence": 0.4, "intensity": 0.4},
    }


def tracker(*events) -> DialogueStateTracker:
    return DialogueStateTracker.from_events("c1", list(events), slots=DOMAIN.slots)


def test_a_rating_after_the_closure_gets_the_rate_intent_and_keeps_the_nlu_reading():
    closed = tracker(
        ActionExecuted("action_close"), SlotSet("waltz_step", "closure"), ActionExecuted("action_listen")
    )
    parsed = context_intent.in_context(nlu(RATED, "request_refund"), closed)
    assert parsed["intent"] == {"name": "rate", "confidence": 1.0}
    assert [r["name"] for r in parsed["intent_ranking"]] == ["rate", "request_refund"]
    assert parsed["nlu_intent"]["name"] == "request_refund"
    assert parsed["emotion"]["name"] == "frustration"  # the rest of the reading is untouched


def test_the_same_words_elsewhere_keep_the_nlu_intent():
    rated = tracker(SlotSet("waltz_step", "closure"), SlotSet("csat", 4.0), ActionExecuted("action_listen"))
    assert (
        context_intent.in_context(nlu(RATED, "request_refund"), rated)["intent"]["name"] == "request_refund"
    )
    opening = tracker(ActionExecuted("action_listen"))
    assert "nlu_intent" not in context_intent.in_context(nlu(RATED, "request_refund"), opening)


def test_the_last_action_is_the_one_before_listening():
    recap = tracker(
        SlotSet("waltz_step", "questioning"),
        ActionExecuted("action_reformulate"),
        ActionExecuted("action_listen"),
    )
    assert context_intent.last_action(recap) == "action_reformulate"
    parsed = context_intent.in_context(nlu("J'ai dit OUI.", "complain_communication"), recap)
    assert parsed["intent"]["name"] == "affirm"


def test_a_yes_inside_the_form_is_left_to_the_form():
    from rasa.shared.core.events import ActiveLoop

    in_form = tracker(
        SlotSet("waltz_step", "questioning"),
        ActionExecuted("action_reformulate"),
        ActiveLoop("complaint_form"),
        ActionExecuted("action_listen"),
    )
    parsed = context_intent.in_context(nlu("Oui. Et vite.", "complain_communication"), in_form)
    assert parsed["intent"]["name"] == "complain_communication"


def test_install_wraps_the_parse_once():
    original = MessageProcessor.parse_message
    try:
        context_intent.install()
        wrapped = MessageProcessor.parse_message
        context_intent.install()
        assert MessageProcessor.parse_message is wrapped and context_intent.installed()
    finally:
        MessageProcessor.parse_message = original
