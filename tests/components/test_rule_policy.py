"""components/rule_policy.py: Rasa's RulePolicy with one replay of the conversation per
prediction, giving Rasa's own states for the text look and for the intent look."""

from __future__ import annotations

from pathlib import Path

import pytest
from rasa.core.policies.rule_policy import (
    RULE_ONLY_LOOPS,
    RULE_ONLY_SLOTS,
    RULES,
    RULES_FOR_LOOP_UNHAPPY_PATH,
)
from rasa.core.policies.rule_policy import RulePolicy as RasasRulePolicy
from rasa.engine.graph import ExecutionContext, GraphSchema
from rasa.engine.storage.resource import Resource
from rasa.shared.core.constants import USER
from rasa.shared.core.domain import Domain
from rasa.shared.core.events import ActionExecuted, SlotSet, UserUttered
from rasa.shared.core.trackers import DialogueStateTracker

from components.rule_policy import ReplayedOnce, RulePolicy, copied

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def domain() -> Domain:
    return Domain.load(str(ROOT / "domain.yml"))


def _tracker(domain: Domain) -> DialogueStateTracker:
    events = [
        ActionExecuted("action_session_start"),
        ActionExecuted("action_listen"),
        UserUttered(
            "mon colis n'est jamais arrivé",
            intent={"name": "complain_delivery", "confidence": 0.9},
            parse_data={"intent": {"name": "complain_delivery", "confidence": 0.9}, "entities": []},
        ),
        SlotSet("waltz_step", "attention"),
        ActionExecuted("action_start_complaint"),
        ActionExecuted("action_listen"),
        UserUttered(
            "oui c'est bien ça",
            intent={"name": "affirm", "confidence": 0.95},
            parse_data={"intent": {"name": "affirm", "confidence": 0.95}, "entities": []},
        ),
    ]
    return DialogueStateTracker.from_events("customer", events, domain.slots)


def _policy(cls, storage, context):
    return cls.create(cls.get_default_config(), storage, Resource(cls.__name__), context)


class Counting:
    def __init__(self, tracker):
        self.calls = 0
        self.original = tracker.past_states
        tracker.past_states = self

    def __call__(self, *args, **kwargs):
        self.calls += 1
        return self.original(*args, **kwargs)


def test_copied_states_can_lose_their_text_without_touching_the_originals():
    states = [
        {"prev_action": {"action_name": "action_listen"}, USER: {"intent": "affirm", "text": "oui"}},
        {},
    ]
    copy = copied(states)
    del copy[0][USER]["text"]
    assert states[0][USER] == {"intent": "affirm", "text": "oui"}
    assert copy[0]["prev_action"] == states[0]["prev_action"] and copy[1] == {}


def test_both_looks_get_rasas_states_from_one_replay(domain, storage, context):
    ours = _policy(RulePolicy, storage, context)
    rasas = _policy(RasasRulePolicy, storage, context)
    rule_only = {"slots": [], "loops": []}

    expected_tracker = _tracker(domain)
    expected = [
        rasas._prediction_states(expected_tracker, domain, use_text, rule_only_data=rule_only)
        for use_text in (True, False)
    ]
    assert expected[0][-1][USER] == {"text": "oui c'est bien ça"}
    assert expected[1][-1][USER] == {"intent": "affirm"}

    tracker = _tracker(domain)
    counting = Counting(tracker)
    ours._replayed = ReplayedOnce(tracker)
    try:
        found = [
            ours._prediction_states(tracker, domain, use_text, rule_only_data=rule_only)
            for use_text in (True, False)
        ]
    finally:
        ours._replayed = None
    assert found == expected
    assert counting.calls == 1


def test_outside_a_prediction_each_look_replays_as_rasa_does(domain, storage, context):
    ours = _policy(RulePolicy, storage, context)
    tracker = _tracker(domain)
    counting = Counting(tracker)
    for use_text in (True, False):
        ours._prediction_states(tracker, domain, use_text, rule_only_data=None)
    assert counting.calls == 2


def test_a_prediction_replays_the_conversation_once(domain, storage, context):
    ours = _policy(RulePolicy, storage, context)
    # no rule learnt: the lookup of an untrained policy, with its tables empty
    ours.lookup = {RULES: {}, RULES_FOR_LOOP_UNHAPPY_PATH: {}, RULE_ONLY_SLOTS: [], RULE_ONLY_LOOPS: []}
    tracker = _tracker(domain)
    counting = Counting(tracker)
    ours._predict(tracker, domain)
    assert counting.calls == 1
    assert ours._replayed is None


def test_the_project_uses_it():
    assert "- name: components.rule_policy.RulePolicy" in (ROOT / "config.yml").read_text(encoding="utf-8")


@pytest.fixture(scope="module")
def context() -> ExecutionContext:
    return ExecutionContext(GraphSchema({}), "rule-policy-test")
