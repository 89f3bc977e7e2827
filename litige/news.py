"""What the company knows, said to the customer (pure): the phrase of the phrasebook and its
values for the order's state ("votre colis est bloqué depuis le mardi 24 novembre…") and for
an outage where the customer lives. Only facts the order system gave; nothing guessed."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any, Dict, Mapping, Optional, Tuple

from litige.backoffice.model import Account, Order
from litige.clock import paris
from litige.dates import format_french_date
from litige.situation import FOUND, NOT_FOUND
from litige.wording import french_time

News = Tuple[str, Dict[str, str]]


def _day(day: date, today: date) -> str:
    return format_french_date(day, today=today)


def _items(order: Order) -> str:
    if not order.items:
        return "votre commande"
    first = order.items[0].name
    more = sum(i.quantity for i in order.items) - 1
    return (
        first
        if more <= 0
        else f"{first} et {more} autre{'s' if more > 1 else ''} article{'s' if more > 1 else ''}"
    )


def order_news(facts: Optional[Mapping[str, Any]], today: date) -> Optional[News]:
    """``order_<status>`` (or ``order_not_found`` / ``order_unchecked``) and its values;
    None when no order number is known."""
    facts = facts or {}
    order_id = facts.get("order_id")
    if not order_id:
        return None
    lookup = facts.get("order_lookup")
    if lookup == NOT_FOUND:
        return "order_not_found", {"order_id": order_id}
    if lookup != FOUND or not facts.get("order"):
        return "order_unchecked", {"order_id": order_id}
    order = Order.from_json(facts["order"])
    values = {
        "order_id": order.id,
        "items": _items(order),
        "carrier": order.carrier or "le transporteur",
        "placed_on": _day(order.placed_on, today),
    }
    last = order.last_event
    if last is not None:
        values["since"] = _day(paris(last.at).date(), today)
        values["last_step"] = last.label + (
            f", {last.place}" if last.place and last.place not in last.label else ""
        )
    if order.estimated_delivery:
        values["eta"] = _day(order.estimated_delivery, today)
    if order.delivered_on:
        values["delivered_on"] = _day(order.delivered_on, today)
    status = order.status
    if status == "in_transit" and "eta" not in values:
        status = "in_transit_no_eta"
    if status == "preparing" and "eta" not in values:
        status = "preparing_no_eta"
    if (
        status in ("blocked", "lost", "returned", "cancelled", "in_transit", "in_transit_no_eta")
        and "since" not in values
    ):
        values["since"] = values["placed_on"]
        values.setdefault("last_step", "commande enregistrée")
    if status == "delivered" and "delivered_on" not in values:
        values["delivered_on"] = values.get("since", values["placed_on"])
    return f"order_{status}", values


def outage_news(facts: Optional[Mapping[str, Any]], now: datetime, today: date) -> Optional[News]:
    """``outage_known`` with its start, cause and expected end, when the system knows an
    outage in progress where the customer lives; None otherwise."""
    facts = facts or {}
    if facts.get("account_lookup") != FOUND or not facts.get("account"):
        return None
    account = Account.from_json(facts["account"])
    for outage in account.outages:
        if outage.started_at <= now and (outage.expected_end is None or outage.expected_end > now):
            start = paris(outage.started_at)
            values = {
                "started": f"{_day(start.date(), today)} à {french_time(start.strftime('%H:%M'))}",
                "cause": outage.cause or "un incident sur le réseau",
            }
            if outage.expected_end is None:
                return "outage_known_no_end", values
            end = paris(outage.expected_end)
            values["expected_end"] = f"{_day(end.date(), today)} vers {french_time(end.strftime('%H:%M'))}"
            return "outage_known", values
    return None
