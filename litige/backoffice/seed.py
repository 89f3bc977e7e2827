"""The demo back-end's seed (catalogue/demo_backoffice.yml): orders and accounts whose dates
are written relative to the day the demo is reset ("placed: -20" is twenty days earlier),
so the demo shop always looks like last month's orders. Pure: ``resolve`` turns the raw
YAML into the model's objects for a given day.

Seed format, per order: ``id``, ``status``, ``placed`` (days from today), ``items``
(``name``, ``quantity``, ``unit_price``), ``carrier``, ``tracking`` (``day``, ``time``,
``place``, ``label``), ``estimated_delivery`` / ``delivered`` (days from today, optional),
``customer_email``; ``total`` defaults to the items' sum. Per account: ``id``, ``holder``,
``email``, ``phone``, ``postcode``, ``subscriptions`` (``started`` / ``cancelled`` in days),
``outages`` (``started`` / ``expected_end``: ``{day, time}``), ``missed_visits`` (days), and
``visits``: the technician slots still free, explicit (``day``, ``start``, ``end``) or, when
absent, the plan ``visit_plan`` at the top of the file (the windows of each working day
from the next one on, skipping Sundays and public holidays).
"""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from typing import Any, Dict, List, Mapping, Tuple

from litige.backoffice.model import Account, BackOfficeError, Order
from litige.business_days import is_business_day
from litige.clock import PARIS


def _day(today: date, offset: Any, what: str) -> str:
    if not isinstance(offset, int):
        raise BackOfficeError(f"seed: {what} must be a number of days from today, got {offset!r}")
    return (today + timedelta(days=offset)).isoformat()


def _moment(today: date, raw: Any, what: str) -> str:
    if not isinstance(raw, Mapping):
        raise BackOfficeError(f"seed: {what} must be {{day, time}}, got {raw!r}")
    day = date.fromisoformat(_day(today, raw.get("day"), what))
    hour = time.fromisoformat(str(raw.get("time") or "09:00"))
    return datetime.combine(day, hour, tzinfo=PARIS).isoformat()


def _order(today: date, raw: Mapping[str, Any]) -> Order:
    items = [dict(item) for item in raw.get("items") or ()]
    total = raw.get("total")
    if total is None:
        total = sum(float(i.get("unit_price", 0)) * int(i.get("quantity", 1)) for i in items)
    data = {
        "id": raw.get("id"),
        "status": raw.get("status"),
        "placed_on": _day(today, raw.get("placed"), "placed"),
        "total": total,
        "items": items,
        "carrier": raw.get("carrier") or "",
        "tracking": [
            {
                "at": _moment(today, {"day": e.get("day"), "time": e.get("time")}, "tracking"),
                "place": e.get("place") or "",
                "label": e.get("label"),
            }
            for e in raw.get("tracking") or ()
        ],
        "estimated_delivery": (
            _day(today, raw["estimated_delivery"], "estimated_delivery")
            if raw.get("estimated_delivery") is not None
            else None
        ),
        "delivered_on": _day(today, raw["delivered"], "delivered")
        if raw.get("delivered") is not None
        else None,
        "customer_email": raw.get("customer_email") or "",
    }
    return Order.from_json(data)


def planned_visits(today: date, plan: Mapping[str, Any], region: str = "") -> List[Dict[str, str]]:
    """The free technician windows of the next ``days`` working days (Sundays and public
    holidays off), e.g. 08:00-10:00, 10:00-12:00, 14:00-16:00, 16:00-18:00."""
    windows = [tuple(w) for w in plan.get("windows") or ()]
    days = int(plan.get("days", 10))
    visits: List[Dict[str, str]] = []
    day = today
    while len({v["day"] for v in visits}) < days:
        day += timedelta(days=1)
        if day.weekday() == 6 or (day.weekday() < 5 and not is_business_day(day, region)):
            continue
        if day.weekday() == 5 and not plan.get("saturdays", True):
            continue
        visits += [{"day": day.isoformat(), "start": str(a), "end": str(b)} for a, b in windows]
    return visits


def _account(today: date, raw: Mapping[str, Any], plan: Mapping[str, Any], region: str) -> Account:
    data = {
        "id": raw.get("id"),
        "holder": raw.get("holder") or "",
        "email": str(raw.get("email") or "").lower(),
        "phone": raw.get("phone") or "",
        "postcode": str(raw.get("postcode") or ""),
        "subscriptions": [
            {
                **{k: v for k, v in s.items() if k not in ("started", "cancelled")},
                "started_on": _day(today, s.get("started"), "started"),
                "cancelled_on": _day(today, s["cancelled"], "cancelled")
                if s.get("cancelled") is not None
                else None,
            }
            for s in raw.get("subscriptions") or ()
        ],
        "outages": [
            {
                "kind": o.get("kind") or "other",
                "started_at": _moment(today, o.get("started"), "outage.started"),
                "expected_end": _moment(today, o["expected_end"], "outage.expected_end")
                if o.get("expected_end")
                else None,
                "cause": o.get("cause") or "",
            }
            for o in raw.get("outages") or ()
        ],
        "visits": (
            [
                {"day": _day(today, v.get("day"), "visit"), "start": v["start"], "end": v["end"]}
                for v in raw["visits"]
            ]
            if raw.get("visits") is not None
            else planned_visits(today, plan, region)
        ),
        "missed_visits": [_day(today, d, "missed_visits") for d in raw.get("missed_visits") or ()],
    }
    return Account.from_json(data)


def resolve(raw: Mapping[str, Any], today: date, region: str = "") -> Tuple[List[Order], List[Account]]:
    """The seed's orders and accounts, dated from ``today``."""
    if not isinstance(raw, Mapping):
        raise BackOfficeError("seed: the file must hold a mapping with orders and accounts")
    plan = raw.get("visit_plan") or {}
    orders = [_order(today, o) for o in raw.get("orders") or ()]
    accounts = [_account(today, a, plan, region) for a in raw.get("accounts") or ()]
    ids = [o.id for o in orders]
    if len(ids) != len(set(ids)):
        raise BackOfficeError("seed: an order id appears twice")
    return orders, accounts
