"""actions/slot_types.py: which slot values fit the types the domain declares."""

from __future__ import annotations

import pytest

from actions.slot_types import drop_ill_typed, fits, project_slot_types, slot_types_of


@pytest.mark.parametrize(
    "slot_type, value, expected",
    [
        ("text", "colis", True),
        ("text", 42, False),
        ("text", ["a"], False),
        ("float", 3, True),
        ("float", 2.5, True),
        ("float", True, False),
        ("float", "3", False),
        ("bool", False, True),
        ("bool", "oui", False),
        ("list", ["a", 1], True),
        ("list", "a", False),
        ("list", [{"a": 1}], False),
        ("any", {"deep": [1]}, True),
        ("rasa.shared.core.slots.TextSlot", 7, False),
        ("text", None, True),
    ],
)
def test_fits_follows_the_declared_type(slot_type, value, expected):
    assert fits(slot_type, value) is expected


def test_categorical_values_are_compared_as_rasa_does():
    values = ["delivery", "billing"]
    assert fits("categorical", "Billing", values)
    assert not fits("categorical", "inconnue", values)
    assert not fits("categorical", ["billing"], values)
    assert not fits("categorical", True, values)


def test_drop_ill_typed_clears_only_the_wrong_slots_and_names_them():
    types = slot_types_of({"slots": {"a": {"type": "text"}, "b": {"type": "float"}, "c": {"type": "bool"}}})
    clean, dropped = drop_ill_typed({"a": 1, "b": 2.0, "c": "non", "unknown": object}, types)
    assert clean == {"a": None, "b": 2.0, "c": None, "unknown": object}
    assert dropped == ["a", "c"]


def test_a_domain_without_slots_or_with_odd_entries_gives_no_types():
    assert slot_types_of({}) == {}
    assert slot_types_of({"slots": ["a"]}) == {}
    assert slot_types_of({"slots": {"a": "text", "b": {"type": 3}}}) == {}


def test_the_projects_domain_declares_the_slots_the_actions_trust(tmp_path):
    types = project_slot_types()
    assert types["complaint_category"][0] == "categorical"
    assert "billing" in types["complaint_category"][1]
    assert types["csat"][0] == "float"
    missing = tmp_path / "absent.yml"
    assert project_slot_types(missing) == {}
