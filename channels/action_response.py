"""Rasa's check of each action server answer, without re-checking its own schema every time.

After every call to the action server, Rasa 3.6 (``RemoteAction._validate_action_result``)
runs ``jsonschema.validate(answer, schema)``, and ``validate`` first checks the schema itself
against JSON Schema's meta-schema before building a new validator: measured with
``tools/profile_turn.py``, that was a third of a whole turn (16–25 ms a call, 2.6 calls a turn).
The schema is a constant (``RemoteAction.action_response_format_spec``), so ``install()``
checks it once and keeps one validator; every answer is still validated against the same
schema, and an invalid one raises the same ``ValidationError`` (the most relevant error, as
``validate`` chooses it, with Rasa's own explanation appended).
"""

from __future__ import annotations

from typing import Any, Callable, Dict, Optional

from jsonschema.exceptions import best_match
from jsonschema.validators import validator_for
from rasa.core.actions.action import RemoteAction
from rasa.shared.constants import DOCS_BASE_URL

_MARK = "_litige_cached_validator"


def quick_check(schema: Dict[str, Any], kind: Any) -> Optional[Callable[[Any], bool]]:
    """A check that accepts only answers the whole schema accepts, an order of magnitude faster.

    Each event is checked against the ``oneOf`` branch its ``event`` names (and the common
    part), instead of against the 23 branches: when every branch requires its own distinct
    ``event`` constant, an event valid for its branch fails all the others, so exactly one
    branch matches, which is what ``oneOf`` asks. ``None`` when the schema is not of that form
    (another Rasa version): the whole check is then used alone. An answer the quick check
    refuses goes through the whole check, which gives Rasa's error.
    """
    try:
        items = schema["properties"]["events"]["items"]
        branches = items["oneOf"]
        names = [branch["properties"]["event"]["const"] for branch in branches]
    except (KeyError, TypeError):
        return None
    if len(set(names)) != len(names) or set(schema) != {"type", "properties"}:
        return None
    common = {key: value for key, value in items.items() if key != "oneOf"}
    by_name = {name: kind({"allOf": [common, branch]}) for name, branch in zip(names, branches, strict=True)}
    outer = kind({**schema, "properties": {**schema["properties"], "events": {"type": "array"}}})

    def valid(answer: Any) -> bool:
        if not outer.is_valid(answer):
            return False
        for event in answer.get("events") or ():
            branch = by_name.get(event.get("event")) if isinstance(event, dict) else None
            if branch is None or not branch.is_valid(event):
                return False
        return True

    return valid


def installed() -> bool:
    return bool(getattr(RemoteAction._validate_action_result, _MARK, False))


def install() -> None:
    """Replace Rasa's check with one that reuses a validator (idempotent)."""
    if installed():
        return
    schema = RemoteAction.action_response_format_spec()
    kind = validator_for(schema)
    kind.check_schema(schema)  # once, instead of at every answer
    validator = kind(schema)
    quick = quick_check(schema, kind)
    original = RemoteAction._validate_action_result

    def validate_action_result(self: RemoteAction, result: Dict[str, Any]) -> bool:
        if quick is not None and quick(result):
            return True
        error = best_match(validator.iter_errors(result))
        if error is None:
            return True
        error.message += (  # Rasa's own wording
            f". Failed to validate Action server response from API, "
            f"make sure your response from the Action endpoint is valid. "
            f"For more information about the format visit "
            f"{DOCS_BASE_URL}/custom-actions"
        )
        raise error

    setattr(validate_action_result, _MARK, True)
    validate_action_result.__wrapped__ = original  # type: ignore[attr-defined]
    RemoteAction._validate_action_result = validate_action_result  # type: ignore[method-assign]
