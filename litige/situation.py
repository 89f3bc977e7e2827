"""The customer's real situation, from what the order system knows and what the customer
said (pure): the features the catalogue's remedy conditions are written on.

``lookup_facts`` (litige.account_facts) stores what the system answered as a JSON dict in
the ``account_facts`` slot; ``of`` turns it, with the customer's words, into a
``Situation``. A feature the system could not check is "unchecked", never guessed.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any, Dict, Mapping, Optional, Tuple

from litige.backoffice.model import Account, Order
from litige.digest import amount as amount_text
from litige.parsing import french_phone, normalize_phone
from litige.text import fold

FOUND, NOT_FOUND, UNCHECKED = "found", "not_found", "unchecked"
DECLINED = "declined"  # a contact detail the customer preferred not to give

# what the customer says that tells the service is down, and what they need it for
_SERVICE_DOWN = re.compile(
    r"\b(?:coupure|coupee?s?|panne|plus d'(?:internet|electricite|eau|reseau|gaz|chauffage)"
    r"|plus de (?:connexion|reseau|courant|ligne|telephone|tele|tv|wifi|box|fibre|chauffage)"
    r"|(?:internet|box|fibre|wifi|ligne|reseau|connexion|courant|chauffage) (?:ne )?(?:marche|fonctionne)"
    r" (?:plus|pas)|aucune connexion|sans (?:internet|connexion|reseau|courant|electricite|chauffage))\b"
)
_NEEDS = (
    (
        "work",
        re.compile(r"\b(?:teletravail\w*|travaill\w*|boulot|taf|reunions?|visio\w*|clients?|bureau|pro)\b"),
    ),
    ("health", re.compile(r"\b(?:medic\w*|malade|oxygene|sante|handicap\w*|hopital|traitement)\b")),
    ("family", re.compile(r"\b(?:enfants?|bebes?|fille|fils|famille)\b")),
    ("event", re.compile(r"\b(?:mariage|anniversaire|noel|bapteme|cadeau|demenagement|voyage)\b")),
)


# what the complaint is about, in the customer's words, where the remedies differ
_ABOUT = (
    (
        "rude",
        re.compile(
            r"\b(?:impoli\w*|desagreable\w*|mal parle|mal recu\w*|meprisant\w*|insolent\w*"
            r"|agressi\w*|grossier\w*|malpoli\w*|irrespectu\w*|raccroche\w* au nez|hautain\w*)"
        ),
    ),
    (
        "missed_visit",
        re.compile(
            r"\b(?:(?:pas|jamais|personne n'est) (?:\w+ )?venu\w*|rendez-vous manque\w*"
            r"|lapin|attendu (?:toute la|toute une|la) (?:journee|matinee|apres-midi))"
        ),
    ),
)


@dataclass(frozen=True)
class Situation:
    order: str = UNCHECKED  # found | not_found | unchecked
    parcel: Optional[str] = None  # the order's status when found (preparing, in_transit, blocked, lost…)
    carrier_eta: Optional[date] = None
    amount: Optional[float] = None  # the order's total, else the amount the customer disputes
    account: str = UNCHECKED
    service_down: bool = False  # the service is cut now (the system's outage or the customer's words)
    outage_known: bool = False  # the system itself knows the outage
    outage_end: Optional[datetime] = None
    daily_price: Optional[float] = None  # of the subscription concerned, for a credit per day
    billed_after_cancel: float = 0.0
    missed_visit: bool = False
    visits: Tuple[Tuple[date, str, str], ...] = ()  # technician slots still free
    needs: Tuple[str, ...] = ()  # work, health, family, event
    about: Tuple[str, ...] = ()  # rude (staff), missed_visit
    hazard: bool = False
    phone: Optional[str] = None  # the customer's number (E.164), for a call back
    address: Optional[str] = None  # where to come ("12 rue des Lilas, 69003 Lyon"), for a visit

    def feature(self, name: str) -> Any:
        if name in ("needs", "about"):
            return getattr(self, name)
        if name == "visits":
            return bool(self.visits)
        if name == "carrier_eta":
            return self.carrier_eta is not None
        if name == "billed_after_cancel":
            return self.billed_after_cancel > 0
        if name == "phone":
            return bool(self.phone)
        return getattr(self, name)

    def values(self) -> Dict[str, str]:
        """What a remedy's wording may use: {amount}, {daily_credit}, {billed_after_cancel},
        {phone}, {address}."""
        out: Dict[str, str] = {}
        if self.amount is not None:
            out["amount"] = amount_text(self.amount)
        if self.daily_price is not None:
            out["daily_credit"] = amount_text(self.daily_price)
        if self.billed_after_cancel:
            out["billed_after_cancel"] = amount_text(self.billed_after_cancel)
        if self.phone:
            out["phone"] = french_phone(self.phone)
        if self.address:
            out["address"] = self.address
        return out


def needs_in(text: str) -> Tuple[str, ...]:
    folded = fold(text or "")
    return tuple(name for name, pattern in _NEEDS if pattern.search(folded))


def about_in(text: str) -> Tuple[str, ...]:
    folded = fold(text or "")
    return tuple(name for name, pattern in _ABOUT if pattern.search(folded))


def of(
    facts: Optional[Mapping[str, Any]],
    text: str = "",
    category: Optional[str] = None,
    disputed_amount: Optional[float] = None,
    hazard: bool = False,
    now: Optional[datetime] = None,
    phone: Optional[str] = None,
    address: Optional[str] = None,
) -> Situation:
    """The situation from the ``account_facts`` slot and the customer's words."""
    facts = facts or {}
    order = Order.from_json(facts["order"]) if facts.get("order") else None
    account = Account.from_json(facts["account"]) if facts.get("account") else None
    folded = fold(text or "")
    outage = None
    if account and now is not None:
        outage = next(
            (
                o
                for o in account.outages
                if o.started_at <= now and (o.expected_end is None or o.expected_end > now)
            ),
            None,
        )
    subscription = None
    if account:
        billed = [s for s in account.subscriptions if s.billed_after_cancel]
        active = [s for s in account.subscriptions if s.status == "active"]
        wanted_kind = outage.kind if outage else None
        subscription = (
            next((s for s in active if s.kind == wanted_kind), None) or (billed or active or [None])[0]
        )
    said_down = category in (None, "service", "product") and bool(_SERVICE_DOWN.search(folded))
    # a billing complaint is about the amount the customer disputes; the others about the order
    amount = (
        disputed_amount
        if category == "billing" and disputed_amount
        else order.total
        if order
        else disputed_amount
    )
    return Situation(
        order=facts.get("order_lookup", UNCHECKED),
        parcel=order.status if order else None,
        carrier_eta=order.estimated_delivery
        if order and order.status in ("in_transit", "preparing")
        else None,
        amount=amount,
        account=facts.get("account_lookup", UNCHECKED),
        service_down=bool(outage) or (said_down and category == "service"),
        outage_known=bool(outage),
        outage_end=outage.expected_end if outage else None,
        daily_price=subscription.daily_price if subscription else None,
        billed_after_cancel=sum(s.billed_after_cancel for s in account.subscriptions) if account else 0.0,
        missed_visit=bool(account and account.missed_visits) or "missed_visit" in about_in(text),
        visits=tuple((v.day, v.start, v.end) for v in account.visits) if account else (),
        needs=needs_in(text),
        about=about_in(text),
        hazard=hazard,
        phone=normalize_phone(phone),
        address=address if address and address != DECLINED else None,
    )


def describe(situation: Situation) -> Dict[str, Any]:
    """The situation for the ticket and the advisor's brief (JSON-friendly); ``values`` are
    what the remedies' wording names ({amount}…), to word the promise again later."""
    data: Dict[str, Any] = {
        "order": situation.order,
        "account": situation.account,
        "values": situation.values(),
    }
    for name in ("parcel", "amount", "daily_price"):
        if getattr(situation, name) is not None:
            data[name] = getattr(situation, name)
    if situation.carrier_eta:
        data["carrier_eta"] = situation.carrier_eta.isoformat()
    if situation.service_down:
        data["service_down"] = True
    if situation.needs:
        data["needs"] = list(situation.needs)
    return data


def from_slots(slots: Mapping[str, Any], now: Optional[datetime] = None) -> Situation:
    """The situation from a conversation's slots (the action server and the ticket record)."""
    text = " ".join(
        str(slots[k]) for k in ("complaint_text", "complaint_details", "expected_outcome") if slots.get(k)
    )
    disputed = slots.get("corrected_amount") or slots.get("disputed_amount")
    try:
        amount = float(str(disputed).replace(",", ".")) if disputed else None
    except ValueError:
        amount = None
    return of(
        slots.get("account_facts"),
        text,
        slots.get("complaint_category"),
        disputed_amount=amount,
        hazard=bool(slots.get("hazard_reported")),
        now=now,
        phone=slots.get("customer_phone"),
        address=slots.get("customer_address"),
    )
