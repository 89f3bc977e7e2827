"""litige/validation_gate.py: when the global slot validation has work, and the same lists as
the action's own methods."""

from __future__ import annotations

import pytest

from actions.slot_validation import ValidateSlotMappings
from litige.account_facts import lookup_due
from litige.validation_gate import EXTRACTED_SLOTS, VALIDATED_SLOTS, validation_due


def own_methods(prefix):
    return {name[len(prefix) :] for name in vars(ValidateSlotMappings) if name.startswith(prefix)}


def test_the_gate_knows_every_slot_the_action_validates_or_fills():
    assert own_methods("validate_") == set(VALIDATED_SLOTS)
    assert own_methods("extract_") == set(EXTRACTED_SLOTS)


def slots(**values):
    return lambda name: values.get(name)


def test_nothing_to_do_when_the_message_set_only_the_emotion():
    assert not validation_due({"emotion", "emotion_intensity"}, slots(), paused=False)


@pytest.mark.parametrize("name", ["order_id", "customer_email", "csat", "incident_date", "disputed_amount"])
def test_a_slot_the_action_validates_calls_it(name):
    assert validation_due({"emotion", name}, slots(), paused=False)


def test_a_waiting_ticket_calls_it_unless_an_advisor_holds_the_conversation():
    assert validation_due(set(), slots(ticket_pending=True), paused=False)
    assert not validation_due(set(), slots(ticket_pending=True), paused=True)


def test_an_order_known_but_not_looked_up_calls_it_once():
    assert validation_due(set(), slots(order_id="CMD-482913"), paused=False)
    looked_up = {"order_id": "CMD-482913", "order_lookup": "found"}
    assert not validation_due(set(), slots(order_id="CMD-482913", account_facts=looked_up), paused=False)


def test_lookup_due_for_new_identifiers_and_failed_lookups_only():
    assert not lookup_due(None, None, None, None)
    assert not lookup_due(None, None, "declined", "declined")
    assert lookup_due({}, None, "Lea.Martin@Exemple.fr", None)
    done = {"account_key": "lea.martin@exemple.fr", "account_lookup": "not_found"}
    assert not lookup_due(done, None, "Lea.Martin@Exemple.fr", None)
    assert lookup_due({**done, "account_lookup": "unchecked"}, None, "lea.martin@exemple.fr", None)
    # another order than the one looked up
    assert lookup_due({"order_id": "CMD-482913", "order_lookup": "found"}, "CMD-111111", None, None)
