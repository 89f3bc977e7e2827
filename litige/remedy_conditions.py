"""Conditions of the catalogue's remedies on the customer's situation (pure).

In catalogue/remedies.yml a remedy may have ``when`` (every listed condition must hold)
and ``unless`` (none may hold). A condition is ``feature: value`` or ``feature: [values]``
(any of them), on the features of ``litige.situation.Situation``:

    order          found | not_found | unchecked   (the order system knows the order)
    parcel         preparing | in_transit | blocked | lost | delivered | returned | cancelled
    account        found | not_found | unchecked   (the customer's account, by e-mail or phone)
    service_down   true when the service is cut now (the system's outage, or the customer says so)
    outage_known   true when the system itself knows the outage
    carrier_eta    true when the carrier gives an estimated delivery date
    visits         true when the planning has technician slots to offer
    missed_visit   true when a booked visit did not happen
    billed_after_cancel  true when something was charged after a cancellation
    needs          work | health | family | event (what the customer needs the service or order for)
    about          rude | missed_visit (what the complaint is about, in the customer's words)
    hazard         true when the customer spoke of a danger
    phone          true when the customer gave a phone number (a remedy with ``contact: phone``
                   needs it anyway: it is asked, and when declined another remedy is chosen)

and two on the amount at stake (the order's total, else the amount the customer disputes):
``amount_max: 300`` (known and at most 300) and ``amount_min``.
"""

from __future__ import annotations

from typing import Any, Dict, Mapping, Tuple

from litige.situation import Situation

FEATURES = {
    "order": ("found", "not_found", "unchecked"),
    "parcel": ("preparing", "in_transit", "blocked", "lost", "delivered", "returned", "cancelled"),
    "account": ("found", "not_found", "unchecked"),
    "service_down": (True, False),
    "outage_known": (True, False),
    "carrier_eta": (True, False),
    "visits": (True, False),
    "missed_visit": (True, False),
    "billed_after_cancel": (True, False),
    "needs": ("work", "health", "family", "event"),
    "about": ("rude", "missed_visit"),
    "hazard": (True, False),
    "phone": (True, False),
}
AMOUNT_BOUNDS = ("amount_max", "amount_min")

Conditions = Tuple[Tuple[str, Tuple[Any, ...]], ...]


class ConditionError(ValueError):
    """A condition the catalogue cannot hold (unknown feature or value)."""


def parse(raw: Any, where: str) -> Conditions:
    if raw is None:
        return ()
    if not isinstance(raw, Mapping):
        raise ConditionError(f"{where}: conditions must be a mapping of feature: value")
    parsed = []
    for name, value in raw.items():
        if name in AMOUNT_BOUNDS:
            if not isinstance(value, (int, float)) or isinstance(value, bool) or value < 0:
                raise ConditionError(f"{where}: {name} must be an amount in euros, got {value!r}")
            parsed.append((name, (float(value),)))
            continue
        if name not in FEATURES:
            known = ", ".join(list(FEATURES) + list(AMOUNT_BOUNDS))
            raise ConditionError(f"{where}: unknown condition {name!r} (known: {known})")
        values = tuple(value) if isinstance(value, list) else (value,)
        bad = [
            v
            for v in values
            if v not in FEATURES[name] or (isinstance(v, bool) != isinstance(FEATURES[name][0], bool))
        ]
        if not values or bad:
            raise ConditionError(f"{where}: {name} takes {list(FEATURES[name])}, got {value!r}")
        parsed.append((str(name), values))
    return tuple(parsed)


def holds(name: str, values: Tuple[Any, ...], situation: Situation) -> bool:
    if name == "amount_max":
        return situation.amount is not None and situation.amount <= values[0]
    if name == "amount_min":
        return situation.amount is not None and situation.amount >= values[0]
    actual = situation.feature(name)
    if name in ("needs", "about"):
        return any(v in actual for v in values)
    return actual in values


def allowed(when: Conditions, unless: Conditions, situation: Situation) -> bool:
    """Every ``when`` holds and no ``unless`` does."""
    return all(holds(n, v, situation) for n, v in when) and not any(holds(n, v, situation) for n, v in unless)


def describe(conditions: Conditions) -> Dict[str, Any]:
    return {name: list(values) if len(values) > 1 else values[0] for name, values in conditions}
