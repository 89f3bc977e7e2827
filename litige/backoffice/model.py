"""What the company's order and subscription system knows, as this project reads it.

These dataclasses are also the JSON shape a real system answers with (``from_json``): the
README's "Plugging in a real order system" describes the same fields. Dates are ISO
strings on the wire (``YYYY-MM-DD``, and date-times with their offset), ``date`` and
``datetime`` objects here. Pure: no I/O.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any, Dict, Mapping, Optional, Tuple

# The order statuses the bot knows how to tell and to act on.
ORDER_STATUSES = (
    "preparing",  # not shipped yet
    "in_transit",  # with the carrier, moving
    "blocked",  # with the carrier, stuck at a depot (no movement)
    "lost",  # declared lost by the carrier
    "delivered",
    "returned",  # back at the warehouse
    "cancelled",
)
SUBSCRIPTION_STATUSES = ("active", "suspended", "cancelled")


class BackOfficeError(ValueError):
    """An answer of the order system that does not have the expected shape."""


def _date(value: Any, what: str) -> Optional[date]:
    if value in (None, ""):
        return None
    try:
        return date.fromisoformat(str(value)[:10])
    except ValueError as exc:
        raise BackOfficeError(f"{what}: not a date: {value!r}") from exc


def _datetime(value: Any, what: str) -> datetime:
    try:
        moment = datetime.fromisoformat(str(value))
    except ValueError as exc:
        raise BackOfficeError(f"{what}: not a date-time: {value!r}") from exc
    if moment.tzinfo is None:
        raise BackOfficeError(f"{what}: a date-time needs its offset: {value!r}")
    return moment


def _money(value: Any, what: str) -> float:
    try:
        amount = round(float(value), 2)
    except (TypeError, ValueError) as exc:
        raise BackOfficeError(f"{what}: not an amount: {value!r}") from exc
    if amount < 0:
        raise BackOfficeError(f"{what}: a negative amount: {value!r}")
    return amount


def _one_of(value: Any, allowed: Tuple[str, ...], what: str) -> str:
    if value not in allowed:
        raise BackOfficeError(f"{what}: {value!r} is not one of {', '.join(allowed)}")
    return str(value)


@dataclass(frozen=True)
class Item:
    name: str
    quantity: int
    unit_price: float


@dataclass(frozen=True)
class TrackingEvent:
    at: datetime
    label: str  # "arrivé au dépôt", "en cours de livraison"...
    place: str = ""  # "Lyon"


@dataclass(frozen=True)
class Order:
    id: str
    status: str
    placed_on: date
    total: float
    items: Tuple[Item, ...] = ()
    carrier: str = ""
    tracking: Tuple[TrackingEvent, ...] = ()  # oldest first
    estimated_delivery: Optional[date] = None  # the carrier's estimate, when it gives one
    delivered_on: Optional[date] = None
    customer_email: str = ""

    @property
    def last_event(self) -> Optional[TrackingEvent]:
        return self.tracking[-1] if self.tracking else None

    @classmethod
    def from_json(cls, data: Mapping[str, Any]) -> Order:
        try:
            events = tuple(
                TrackingEvent(
                    at=_datetime(e["at"], "tracking.at"),
                    label=str(e["label"]),
                    place=str(e.get("place") or ""),
                )
                for e in data.get("tracking") or ()
            )
            return cls(
                id=str(data["id"]),
                status=_one_of(data["status"], ORDER_STATUSES, "status"),
                placed_on=_date(data["placed_on"], "placed_on"),  # type: ignore[arg-type]
                total=_money(data["total"], "total"),
                items=tuple(
                    Item(str(i["name"]), int(i.get("quantity", 1)), _money(i["unit_price"], "unit_price"))
                    for i in data.get("items") or ()
                ),
                carrier=str(data.get("carrier") or ""),
                tracking=tuple(sorted(events, key=lambda e: e.at)),
                estimated_delivery=_date(data.get("estimated_delivery"), "estimated_delivery"),
                delivered_on=_date(data.get("delivered_on"), "delivered_on"),
                customer_email=str(data.get("customer_email") or ""),
            )
        except (KeyError, TypeError) as exc:
            raise BackOfficeError(f"order: missing or invalid field {exc}") from exc

    def as_json(self) -> Dict[str, Any]:
        return {
            "id": self.id,
            "status": self.status,
            "placed_on": self.placed_on.isoformat(),
            "total": self.total,
            "items": [
                {"name": i.name, "quantity": i.quantity, "unit_price": i.unit_price} for i in self.items
            ],
            "carrier": self.carrier,
            "tracking": [{"at": e.at.isoformat(), "label": e.label, "place": e.place} for e in self.tracking],
            "estimated_delivery": self.estimated_delivery.isoformat() if self.estimated_delivery else None,
            "delivered_on": self.delivered_on.isoformat() if self.delivered_on else None,
            "customer_email": self.customer_email,
        }


@dataclass(frozen=True)
class Subscription:
    id: str
    service: str  # "Fibre 1 Gb/s", "Électricité, offre base"
    kind: str  # internet | mobile | energy | tv | other
    status: str
    monthly_price: float
    started_on: date
    cancelled_on: Optional[date] = None
    billed_after_cancel: float = 0.0  # what was still charged after the cancellation

    @property
    def daily_price(self) -> float:
        return round(self.monthly_price / 30, 2)


@dataclass(frozen=True)
class Outage:
    kind: str  # the kind of service cut: internet | mobile | energy | tv | other
    started_at: datetime
    expected_end: Optional[datetime] = None  # None: nobody knows yet
    cause: str = ""  # "travaux sur le réseau", "incident sur une armoire de rue"


@dataclass(frozen=True)
class Visit:
    """A technician slot the planning can still give (a precise window of a few hours)."""

    day: date
    start: str  # "08:00"
    end: str  # "10:00"


@dataclass(frozen=True)
class Account:
    id: str
    holder: str
    email: str = ""
    phone: str = ""  # E.164
    postcode: str = ""
    subscriptions: Tuple[Subscription, ...] = ()
    outages: Tuple[Outage, ...] = ()  # current or recent outages where the customer lives
    visits: Tuple[Visit, ...] = ()  # technician slots still free near the customer
    missed_visits: Tuple[date, ...] = field(default=())  # booked visits nobody came to

    @classmethod
    def from_json(cls, data: Mapping[str, Any]) -> Account:
        try:
            subscriptions = tuple(
                Subscription(
                    id=str(s["id"]),
                    service=str(s["service"]),
                    kind=str(s.get("kind") or "other"),
                    status=_one_of(s["status"], SUBSCRIPTION_STATUSES, "subscription.status"),
                    monthly_price=_money(s["monthly_price"], "monthly_price"),
                    started_on=_date(s["started_on"], "started_on"),  # type: ignore[arg-type]
                    cancelled_on=_date(s.get("cancelled_on"), "cancelled_on"),
                    billed_after_cancel=_money(s.get("billed_after_cancel") or 0, "billed_after_cancel"),
                )
                for s in data.get("subscriptions") or ()
            )
            outages = tuple(
                Outage(
                    kind=str(o.get("kind") or "other"),
                    started_at=_datetime(o["started_at"], "outage.started_at"),
                    expected_end=_datetime(o["expected_end"], "outage.expected_end")
                    if o.get("expected_end")
                    else None,
                    cause=str(o.get("cause") or ""),
                )
                for o in data.get("outages") or ()
            )
            visits = tuple(
                Visit(day=_date(v["day"], "visit.day"), start=str(v["start"]), end=str(v["end"]))  # type: ignore[arg-type]
                for v in data.get("visits") or ()
            )
            return cls(
                id=str(data["id"]),
                holder=str(data.get("holder") or ""),
                email=str(data.get("email") or ""),
                phone=str(data.get("phone") or ""),
                postcode=str(data.get("postcode") or ""),
                subscriptions=subscriptions,
                outages=outages,
                visits=tuple(sorted(visits, key=lambda v: (v.day, v.start))),
                missed_visits=tuple(
                    _date(d, "missed_visits")
                    for d in data.get("missed_visits") or ()  # type: ignore[misc]
                ),
            )
        except (KeyError, TypeError) as exc:
            raise BackOfficeError(f"account: missing or invalid field {exc}") from exc

    def as_json(self) -> Dict[str, Any]:
        return {
            "id": self.id,
            "holder": self.holder,
            "email": self.email,
            "phone": self.phone,
            "postcode": self.postcode,
            "subscriptions": [
                {
                    "id": s.id,
                    "service": s.service,
                    "kind": s.kind,
                    "status": s.status,
                    "monthly_price": s.monthly_price,
                    "started_on": s.started_on.isoformat(),
                    "cancelled_on": s.cancelled_on.isoformat() if s.cancelled_on else None,
                    "billed_after_cancel": s.billed_after_cancel,
                }
                for s in self.subscriptions
            ],
            "outages": [
                {
                    "kind": o.kind,
                    "started_at": o.started_at.isoformat(),
                    "expected_end": o.expected_end.isoformat() if o.expected_end else None,
                    "cause": o.cause,
                }
                for o in self.outages
            ],
            "visits": [{"day": v.day.isoformat(), "start": v.start, "end": v.end} for v in self.visits],
            "missed_visits": [d.isoformat() for d in self.missed_visits],
        }
