"""channels/action_response.py: Rasa's check of the action server's answers, with one validator
kept instead of re-checking the schema at every answer; what passes and what fails is Rasa's."""

from __future__ import annotations

import pytest
from jsonschema import ValidationError, validate
from rasa.core.actions.action import RemoteAction

from channels import action_response

ANSWERS = {
    "empty": {},
    "events and responses": {
        "events": [{"event": "slot", "name": "email", "value": "a@b.fr"}],
        "responses": [{"text": "Bien noté."}],
    },
    "events not a list": {"events": {"event": "slot"}},
    "an event without its name": {"events": [{"name": "email"}]},
    "an unknown event": {"events": [{"event": "no_such_event"}]},
    "responses not a list": {"responses": "Bonjour"},
}


def rasa_verdict(answer) -> str:
    """What jsonschema.validate, as Rasa calls it, says of an answer."""
    try:
        validate(answer, RemoteAction.action_response_format_spec())
    except ValidationError as error:
        return error.message
    return "valid"


@pytest.fixture(scope="module")
def check():
    action_response.install()
    action_response.install()  # a second install changes nothing
    assert action_response.installed()
    return RemoteAction("action_test", None)._validate_action_result


@pytest.mark.parametrize("answer", ANSWERS.values(), ids=ANSWERS.keys())
def test_the_cached_check_says_what_rasas_check_says(check, answer):
    expected = rasa_verdict(answer)
    if expected == "valid":
        assert check(answer) is True
    else:
        with pytest.raises(ValidationError) as raised:
            check(answer)
        assert raised.value.message.startswith(expected)
        assert "Failed to validate Action server response" in raised.value.message


def test_the_invalid_answers_of_the_examples_are_really_invalid():
    # the comparison above would pass with a check that accepts nothing wrong only if some are wrong
    verdicts = [rasa_verdict(answer) for answer in ANSWERS.values()]
    assert verdicts.count("valid") == 2 and len(verdicts) == 6


QUICK_CASES = [
    {
        "events": [
            {"event": "slot", "name": "email", "value": "a@b.fr"},
            {"event": "bot", "text": "Bien noté."},
        ]
    },
    {"events": [{"event": "followup", "name": "action_listen"}, {"event": "active_loop", "name": None}]},
    {"events": [{"event": "slot", "name": "email", "value": "a@b.fr", "timestamp": "hier"}]},  # wrong type
    {
        "events": [{"event": "user", "text": "Bonjour", "parse_data": {"entities": [{"entity": "x"}]}}]
    },  # no value
    {"events": [{"event": "no_such_event"}]},
    {"events": ["slot"]},
    {"events": [{"event": 3}]},
    {"events": {"event": "slot"}},
    {"responses": "Bonjour"},
    {"responses": [{"text": "Bonjour"}], "events": []},
    [],
]


@pytest.mark.parametrize("answer", QUICK_CASES)
def test_the_quick_check_accepts_only_what_the_whole_schema_accepts(answer):
    from jsonschema.validators import validator_for

    schema = RemoteAction.action_response_format_spec()
    quick = action_response.quick_check(schema, validator_for(schema))
    assert quick is not None  # Rasa 3.6's schema has the form the quick check needs
    assert quick(answer) == (rasa_verdict(answer) == "valid")


def test_the_quick_check_is_not_used_on_a_schema_of_another_form():
    from jsonschema.validators import Draft7Validator

    assert action_response.quick_check({"type": "object"}, Draft7Validator) is None
    twice = {
        "type": "object",
        "properties": {
            "events": {
                "type": "array",
                "items": {
                    "oneOf": [
                        {"properties": {"event": {"const": "slot"}}},
                        {"properties": {"event": {"const": "slot"}}},
                    ]
                },
            }
        },
    }
    assert action_response.quick_check(twice, Draft7Validator) is None
