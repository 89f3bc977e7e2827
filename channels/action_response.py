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

from typing import Any, Dict

from jsonschema.exceptions import best_match
from jsonschema.validators import validator_for
from rasa.core.actions.action import RemoteAction
from rasa.shared.constants import DOCS_BASE_URL

_MARK = "_litige_cached_validator"


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
    original = RemoteAction._validate_action_result

    def validate_action_result(self: RemoteAction, result: Dict[str, Any]) -> bool:
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
