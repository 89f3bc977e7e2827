"""Slots whose value does not have the type the domain declares are treated as unset.

A customer can type a payload with entities (``/inform{"complaint_category": 42}``) and Rasa
then fills a text slot with a number; an action trusting the domain's types would fail on it.
The action server checks every slot of an action call against the domain before the action
runs (actions/server.py): a value of the wrong type is dropped (set to None) and only the slot's
name is logged. Pure functions, no Rasa import.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any, Dict, List, Mapping, Optional, Tuple

import yaml

DOMAIN_PATH = Path(__file__).resolve().parent.parent / "domain.yml"


def _is_number(value: Any) -> bool:
    return isinstance(value, (int, float)) and not isinstance(value, bool)


def fits(slot_type: str, value: Any, values: Optional[List[Any]] = None) -> bool:
    """Whether ``value`` is acceptable for a slot of ``slot_type`` (None always is)."""
    if value is None:
        return True
    kind = slot_type.rsplit(".", 1)[-1].lower().removesuffix("slot")
    if kind == "text":
        return isinstance(value, str)
    if kind == "float":
        return _is_number(value)
    if kind == "bool":
        return isinstance(value, bool)
    if kind == "list":
        return isinstance(value, list) and all(isinstance(item, (str, int, float, bool)) for item in value)
    if kind == "categorical":
        if not isinstance(value, (str, int, float)) or isinstance(value, bool):
            return False
        if values:  # Rasa compares categorical values as lowercase text
            return str(value).lower() in {str(item).lower() for item in values}
        return True
    return True  # "any" and types this module does not know


def slot_types_of(domain: Mapping[str, Any]) -> Dict[str, Tuple[str, List[Any]]]:
    """Each slot's declared type and its categorical values, from a domain as a dict."""
    slots = domain.get("slots") if isinstance(domain, Mapping) else None
    if not isinstance(slots, Mapping):
        return {}
    types: Dict[str, Tuple[str, List[Any]]] = {}
    for name, spec in slots.items():
        if isinstance(spec, Mapping) and isinstance(spec.get("type"), str):
            values = spec.get("values")
            types[str(name)] = (spec["type"], list(values) if isinstance(values, list) else [])
    return types


def project_slot_types(path: Path = DOMAIN_PATH) -> Dict[str, Tuple[str, List[Any]]]:
    """The slot types of the project's domain.yml, for calls that carry no domain."""
    try:
        with path.open(encoding="utf-8") as handle:
            return slot_types_of(yaml.safe_load(handle) or {})
    except (OSError, yaml.YAMLError):
        return {}


def drop_ill_typed(
    slots: Mapping[str, Any], types: Mapping[str, Tuple[str, List[Any]]]
) -> Tuple[Dict[str, Any], List[str]]:
    """The slots with every ill-typed value set to None, and the names of those slots."""
    clean: Dict[str, Any] = dict(slots)
    dropped: List[str] = []
    for name, value in slots.items():
        declared = types.get(name)
        if declared is not None and not fits(declared[0], value, declared[1]):
            clean[name] = None
            dropped.append(name)
    return clean, dropped
