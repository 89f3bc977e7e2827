"""The EscalationPolicy on real Rasa trackers: what it sees and what it predicts."""

from pathlib import Path

import pytest
from rasa.engine.graph import ExecutionContext, GraphSchema
from rasa.engine.storage.local_model_storage import LocalModelStorage
from rasa.engine.storage.resource import Resource
from rasa.shared.core.domain import Domain
from rasa.shared.core.events import ActionExecuted, ActiveLoop, SlotSet, UserUttered
from rasa.shared.core.trackers import DialogueStateTracker

from components.escalation_policy import EscalationPolicy, conversation_state

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def domain():
    return Domain.load(str(ROOT / "domain.yml"))


@pytest.fixture(scope="module")
def policy(tmp_path_factory):
    storage = LocalModelStorage(tmp_path_factory.mktemp("policy"))
    context = ExecutionContext(GraphSchema({}), "test")
    return EscalationPolicy.create(
        EscalationPolicy.get_default_config(), storage, Resource("escalation"), context
    )


def user(text, intent, emotion=None, intensity=None):
    parse = {"intent": {"name": intent, "confidence": 0.9}, "entities": [], "text": text}
    if emotion:
        parse["emotion"] = {"name": emotion, "intensity": intensity, "confidence": 0.9, "ranking": []}
    return UserUttered(text, intent={"name": intent, "confidence": 0.9}, parse_data=parse)


def tracker(domain, *events):
    return DialogueStateTracker.from_events(
        "t", [ActionExecuted("action_listen"), *events], slots=domain.slots
    )


def predicted(policy, domain, tracker_):
    prediction = policy.predict_action_probabilities(tracker_, domain)
    if max(prediction.probabilities) == 0:
        return None, prediction
    return domain.action_names_or_texts[prediction.max_confidence_index], prediction


def test_it_abstains_in_a_calm_conversation(policy, domain):
    action, prediction = predicted(
        policy, domain, tracker(domain, user("mon colis est en retard", "complain_delivery", "neutral", 0.1))
    )
    assert action is None and not prediction.is_no_user_prediction


def test_it_hands_off_over_a_running_form_and_records_why(policy, domain):
    events = [
        user("C'EST INADMISSIBLE !!!", "complain_delivery", "anger", 0.9),
        ActionExecuted("action_start_complaint"),
        SlotSet("waltz_step", "attention"),
        ActionExecuted("utter_attention"),
        ActionExecuted("complaint_form"),
        ActiveLoop("complaint_form"),
        ActionExecuted("action_listen"),
        user("VOUS VOUS MOQUEZ DE MOI !!! 😡", "complain_delivery", "anger", 0.92),
    ]
    action, prediction = predicted(policy, domain, tracker(domain, *events))
    assert action == "action_handoff"
    assert prediction.is_no_user_prediction and prediction.policy_priority == 7
    assert prediction.optional_events == [SlotSet("handoff_reason", "anger")]


def test_a_button_click_after_an_angry_message_is_not_a_second_angry_turn(policy, domain):
    events = [
        user("C'EST INADMISSIBLE, TROIS SEMAINES !!!", "complain_delivery", "anger", 0.9),
        ActionExecuted("action_start_complaint"),
        ActionExecuted("utter_attention"),
        ActionExecuted("action_listen"),
        # the widget's payload: Rasa's parse carries no emotion for it
        UserUttered("/affirm", intent={"name": "affirm", "confidence": 1.0}, parse_data={"text": "/affirm"}),
        SlotSet("emotion", "anger"),
        SlotSet("emotion_intensity", 0.9),
    ]
    state = conversation_state(tracker(domain, *events))
    assert [t.emotional for t in state.feelings.turns] == [True, False]
    assert predicted(policy, domain, tracker(domain, *events))[0] is None


def test_emotion_slots_alone_never_make_an_angry_turn(policy, domain):
    events = [
        user("C'EST INADMISSIBLE", "complain_delivery"),
        SlotSet("emotion", "anger"),
        SlotSet("emotion_intensity", 0.9),
        ActionExecuted("utter_attention"),
        ActionExecuted("action_listen"),
        user("JE VEUX MA COMMANDE", "complain_delivery"),
        SlotSet("emotion_intensity", 0.85),
    ]
    assert predicted(policy, domain, tracker(domain, *events))[0] is None


def test_refusals_hand_off_right_after_the_refusal_action(policy, domain):
    events = [user("non", "deny"), ActionExecuted("action_negotiate"), SlotSet("refused_proposals", 2.0)]
    state = conversation_state(tracker(domain, *events))
    assert not state.after_user_message
    action, prediction = predicted(policy, domain, tracker(domain, *events))
    assert action == "action_handoff" and prediction.optional_events == [
        SlotSet("handoff_reason", "refusals")
    ]


def test_after_the_handoff_it_waits_and_never_hands_off_twice(policy, domain):
    events = [
        user("un humain", "request_human"),
        ActionExecuted("action_handoff"),
        SlotSet("waltz_step", "handoff"),
    ]
    assert predicted(policy, domain, tracker(domain, *events))[0] == "action_listen"
    later = events + [ActionExecuted("action_listen"), user("un humain !!!", "request_human")]
    assert predicted(policy, domain, tracker(domain, *later))[0] is None


def test_thresholds_come_from_the_config(tmp_path, domain):
    storage = LocalModelStorage(tmp_path)
    strict = EscalationPolicy.create(
        {"anger_intensity": 0.99}, storage, Resource("e"), ExecutionContext(GraphSchema({}), "t")
    )
    events = [
        user("GRR", "complain_delivery", "anger", 0.9),
        ActionExecuted("utter_attention"),
        ActionExecuted("action_listen"),
        user("GRRR", "complain_delivery", "anger", 0.95),
    ]
    assert predicted(strict, domain, tracker(domain, *events))[0] is None
