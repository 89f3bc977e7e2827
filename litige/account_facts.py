"""What the order system knows about this complaint, looked up as soon as the conversation
knows the order number or the customer's e-mail or phone, and kept in the
``account_facts`` slot (JSON) for the remedy choice, the wording and the advisor's brief.

``refresh`` blocks on the order system: call it from the action server's I/O threads."""

from __future__ import annotations

import logging
from typing import Any, Callable, Dict, Mapping, Optional, Tuple

from litige import clock
from litige.backoffice import BackOfficeUnavailable, get_backoffice
from litige.backoffice.model import BackOfficeError
from litige.parsing import normalize_email, normalize_order_id, normalize_phone
from litige.situation import FOUND, NOT_FOUND, UNCHECKED
from litige.wording import DECLINED, UNKNOWN

logger = logging.getLogger(__name__)


def _known(value: Optional[str]) -> bool:
    return bool(value) and value not in (UNKNOWN, DECLINED)


def _look_up(current: Dict[str, Any], name: str, fetch: Callable[[], Any], what: str) -> None:
    """Ask the system for one thing: ``<name>_lookup`` says found / not_found / unchecked."""
    try:
        found = fetch()
        current[f"{name}_lookup"] = FOUND if found else NOT_FOUND
        current[name] = found.as_json() if found else None
    except (BackOfficeUnavailable, BackOfficeError) as exc:
        logger.warning("%s could not be looked up: %s", what, exc)
        current[f"{name}_lookup"] = UNCHECKED


def _identifiers(
    order_id: Optional[str], email: Optional[str], phone: Optional[str]
) -> Tuple[Optional[str], Optional[str], Optional[str]]:
    return (
        normalize_order_id(order_id) if _known(order_id) else None,
        normalize_email(email) if _known(email) else None,
        normalize_phone(phone) if _known(phone) else None,
    )


def _order_due(current: Mapping[str, Any], order_id: Optional[str]) -> bool:
    return bool(order_id) and (
        current.get("order_id") != order_id or current.get("order_lookup") == UNCHECKED
    )


def _account_due(current: Mapping[str, Any], key: Optional[str]) -> bool:
    return bool(key) and (current.get("account_key") != key or current.get("account_lookup") == UNCHECKED)


def lookup_due(
    facts: Optional[Mapping[str, Any]],
    order_id: Optional[str],
    email: Optional[str],
    phone: Optional[str],
) -> bool:
    """Whether ``refresh`` would ask the order system (pure: no lookup, no I/O): an
    identifier not looked up yet, or a lookup that failed and is due again."""
    current = facts or {}
    order_id, email, phone = _identifiers(order_id, email, phone)
    return _order_due(current, order_id) or _account_due(current, email or phone)


def refresh(
    facts: Optional[Mapping[str, Any]],
    order_id: Optional[str],
    email: Optional[str],
    phone: Optional[str],
) -> Optional[Dict[str, Any]]:
    """The facts updated for what is known now; None when nothing new was looked up. A
    lookup that failed (system down) is "unchecked" and tried again at the next turn."""
    current: Dict[str, Any] = dict(facts or {})
    order_id, email, phone = _identifiers(order_id, email, phone)
    backoffice = get_backoffice()
    changed = False
    if _order_due(current, order_id):
        current.update(order_id=order_id, order=None, order_told=False)
        _look_up(current, "order", lambda: backoffice.order(order_id), f"order {order_id}")
        changed = True
    key = email or phone
    if _account_due(current, key):
        current.update(account_key=key, account=None, account_told=False)
        _look_up(
            current, "account", lambda: backoffice.account(email=email, phone=phone), f"account of {key}"
        )
        changed = True
    if changed:
        current["checked_at"] = clock.now().isoformat()
    return current if changed else None
