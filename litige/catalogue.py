"""The resolution catalogue (catalogue/remedies.yml): which remedies exist per complaint
category, how long they take, how to word them, and how to name the customer's problem.

Loaded lazily and cached; validated on load so a broken catalogue fails loudly at the
first use (and in the unit tests), never with a half-worded proposal to a customer.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Dict, Iterable, List, Optional, Tuple

import yaml

from litige import remedy_conditions as conditions
from litige.categories import INTENT_CATEGORY  # noqa: F401  (the one intent -> category map)
from litige.config import get_settings
from litige.parsing import fold
from litige.situation import Situation

WEEKDAYS = ("lundi", "mardi", "mercredi", "jeudi", "vendredi", "samedi", "dimanche")
CATEGORIES = ("delivery", "product", "billing", "refund", "service", "communication")
_REMEDY_TEXT_FIELDS = ("offer", "consent", "summary", "follow_up", "promise")
_VALUES = re.compile(r"\{(\w+)\}")
DATE_SOURCES = ("", "carrier_eta", "visit")


class CatalogueError(ValueError):
    """The catalogue file is missing a field or holds an invalid value."""


@dataclass(frozen=True)
class Remedy:
    id: str
    keywords: Tuple[str, ...]
    delay_business_days: int
    offer: str
    consent: str
    summary: str
    follow_up: str
    promise: str
    wish: str = ""
    appointment_days: Tuple[int, ...] = ()  # weekday numbers (0 = lundi); empty: no appointment
    appointment_hours: Tuple[str, str] = ("", "")
    hazard_safe: bool = True  # False: keeps or resends the same product (never after a danger)
    when: conditions.Conditions = ()  # litige.remedy_conditions: all must hold
    unless: conditions.Conditions = ()  # none may hold
    date_from: str = ""  # "carrier_eta": the carrier's estimate; "visit": the planning's slots
    window_hours: int = 0  # an appointment's window, at most this many hours (0: its hours)
    needs_phone: bool = False  # happens by phone: the customer's number is asked first
    at_home: bool = False  # somebody comes to the customer's home: their availability is asked first

    def fits(self, situation: Situation) -> bool:
        """Whether the remedy can honestly be proposed in this situation: its conditions hold,
        the facts its wording or its date needs are known."""
        if not conditions.allowed(self.when, self.unless, situation):
            return False
        if self.needs_phone and not situation.phone:
            return False  # a call back to nobody: never promised
        if self.date_from == "carrier_eta" and situation.carrier_eta is None:
            return False
        known = situation.values()
        return all(name in known for name in self.values_needed)

    @property
    def values_needed(self) -> Tuple[str, ...]:
        """The facts its wording names ({amount}, {daily_credit}…)."""
        texts = (self.offer, self.consent, self.summary)
        return tuple(sorted({name for text in texts for name in _VALUES.findall(text)}))

    @property
    def appointment(self) -> bool:
        """Whether the remedy happens on a day (and in a time window) the customer chooses."""
        return bool(self.appointment_days)

    @property
    def wished(self) -> str:
        """What a customer asking for this remedy wants, as a noun phrase."""
        return self.wish or self.promise

    def matches(self, text: str) -> int:
        """How many of the remedy's keywords occur in the (folded) text."""
        return len(self.matched(text))

    def matched(self, text: str) -> Tuple[str, ...]:
        """The remedy's keywords that occur in the (folded) text."""
        folded = fold(text or "")
        return tuple(keyword for keyword in self.keywords if keyword in folded)


@dataclass(frozen=True)
class Category:
    name: str
    needs_order_id: bool
    needs_email: bool
    default_problem: str
    problems: Tuple[Tuple[Tuple[str, ...], str], ...]
    remedies: Tuple[Remedy, ...]

    def problem_phrase(self, text: str) -> str:
        """The problem in the customer's own terms, e.g. "ce retard de livraison"."""
        folded = fold(text or "")
        for words, phrase in self.problems:
            if all(word in folded for word in words):
                return phrase
        return self.default_problem

    def remedy(self, remedy_id: str) -> Optional[Remedy]:
        return next((r for r in self.remedies if r.id == remedy_id), None)

    def unsafe(self) -> List[str]:
        """The remedies never proposed after a danger was reported."""
        return [r.id for r in self.remedies if not r.hazard_safe]

    def fitting(self, situation: Situation) -> List[Remedy]:
        """The remedies whose conditions hold in the customer's situation."""
        return [r for r in self.remedies if r.fits(situation)]

    def choose(
        self, expected_outcome: str, already_proposed: Iterable[str], situation: Situation
    ) -> Optional[Remedy]:
        """The next remedy to propose: only those that fit the situation, never one already
        proposed; among them the one that best matches what the customer said would satisfy
        them, else the first in catalogue order. None when nothing is left. (A remedy the
        customer names again at a proposal is proposed again by the negotiation.)"""
        proposed = set(already_proposed)
        candidates = [r for r in self.fitting(situation) if r.id not in proposed]
        if not candidates:
            return None
        best = max(candidates, key=lambda r: r.matches(expected_outcome))
        return best if best.matches(expected_outcome) else candidates[0]

    def matching(self, expected_outcome: str, situation: Optional[Situation] = None) -> Optional[Remedy]:
        """The remedy the customer asked for, if any (ignores what was proposed); with a
        situation, only among those that fit it."""
        remedies = self.remedies if situation is None else self.fitting(situation)
        scored = [(r.matches(expected_outcome), r) for r in remedies]
        if not scored:
            return None
        score, remedy = max(scored, key=lambda item: item[0])
        return remedy if score else None


def _require(mapping: Dict, key: str, where: str):
    if key not in mapping or mapping[key] in (None, ""):
        raise CatalogueError(f"{where}: missing '{key}'")
    return mapping[key]


def _appointment(raw, spot: str) -> Tuple[Tuple[int, ...], Tuple[str, str]]:
    """``{days: [lundi, …], hours: ["08:00", "18:00"]}`` -> weekday numbers and hours."""
    if raw is None:
        return (), ("", "")
    if not isinstance(raw, dict):
        raise CatalogueError(f"{spot}: 'appointment' must be a mapping with days and hours")
    days = raw.get("days") or []
    hours = raw.get("hours") or []
    if not days or any(fold(str(d)) not in WEEKDAYS for d in days):
        raise CatalogueError(f"{spot}: appointment days must be French week days, got {days}")
    if (
        len(hours) != 2
        or not all(re.fullmatch(r"[0-2]\d:[0-5]\d", str(h)) for h in hours)
        or hours[0] >= hours[1]
    ):
        raise CatalogueError(
            f'{spot}: appointment hours must be two times "HH:MM", the first before the last'
        )
    return tuple(sorted(WEEKDAYS.index(fold(str(d))) for d in days)), (str(hours[0]), str(hours[1]))


def parse_catalogue(raw: Dict) -> Dict[str, Category]:
    categories = _require(raw or {}, "categories", "catalogue")
    missing = set(CATEGORIES) - set(categories)
    if missing:
        raise CatalogueError(f"catalogue: no entry for categories {sorted(missing)}")
    parsed: Dict[str, Category] = {}
    for name, body in categories.items():
        where = f"catalogue.{name}"
        remedies: List[Remedy] = []
        if not isinstance(body, dict) or not isinstance(body.get("remedies"), list):
            raise CatalogueError(f"{where}: 'remedies' must be a list (it may be empty)")
        for index, item in enumerate(body["remedies"]):
            spot = f"{where}.remedies[{index}]"
            delay = _require(item, "delay_business_days", spot)
            if not isinstance(delay, int) or delay < 0:
                raise CatalogueError(f"{spot}: delay_business_days must be a whole number >= 0")
            days, hours = _appointment(item.get("appointment"), spot)
            date_from = str(item.get("date") or "")
            if date_from not in DATE_SOURCES:
                raise CatalogueError(f"{spot}: date must be one of {DATE_SOURCES[1:]}, got {date_from!r}")
            window_hours = (item.get("appointment") or {}).get("window_hours", 0)
            if not isinstance(window_hours, int) or window_hours < 0:
                raise CatalogueError(f"{spot}: appointment window_hours must be a whole number of hours")
            try:
                when = conditions.parse(item.get("when"), f"{spot}.when")
                unless = conditions.parse(item.get("unless"), f"{spot}.unless")
            except conditions.ConditionError as exc:
                raise CatalogueError(str(exc)) from exc
            remedies.append(
                Remedy(
                    id=str(_require(item, "id", spot)),
                    keywords=tuple(fold(str(k)) for k in item.get("keywords") or ()),
                    delay_business_days=delay,
                    **{field: str(_require(item, field, spot)).strip() for field in _REMEDY_TEXT_FIELDS},
                    wish=str(item.get("wish") or "").strip(),
                    appointment_days=days,
                    appointment_hours=hours,
                    hazard_safe=item.get("if_hazard", True) is not False,
                    when=when,
                    unless=unless,
                    date_from=date_from,
                    window_hours=window_hours,
                    needs_phone=str(item.get("contact") or "") == "phone",
                    at_home=item.get("at_home", False) is True,
                )
            )
        for remedy in remedies:
            for text in (remedy.follow_up, remedy.promise, remedy.wish):
                if _VALUES.search(text):
                    raise CatalogueError(
                        f"{where}.{remedy.id}: only offer, consent and summary take {{values}}"
                    )
        ids = [r.id for r in remedies]
        if len(ids) != len(set(ids)):
            raise CatalogueError(f"{where}: duplicate remedy ids {ids}")
        problems = tuple(
            (tuple(fold(w) for w in _require(p, "words", where)), str(_require(p, "phrase", where)))
            for p in body.get("problems") or ()
        )
        parsed[name] = Category(
            name=name,
            needs_order_id=bool(body.get("needs_order_id", False)),
            needs_email=str(body.get("contact", "email")) == "email",
            default_problem=str(_require(body, "default_problem", where)),
            problems=problems,
            remedies=tuple(remedies),
        )
    return parsed


def load_catalogue(path: Path) -> Dict[str, Category]:
    try:
        raw = yaml.safe_load(Path(path).read_text(encoding="utf-8"))
    except OSError as exc:
        raise CatalogueError(f"cannot read the catalogue {path}: {exc}") from exc
    return parse_catalogue(raw)


@lru_cache(maxsize=4)
def _cached(path: str) -> Dict[str, Category]:
    return load_catalogue(Path(path))


def catalogue() -> Dict[str, Category]:
    """The configured catalogue (REMEDY_CATALOGUE_PATH), loaded once."""
    return _cached(str(get_settings().catalogue_path))


def category_for(name: Optional[str]) -> Optional[Category]:
    return catalogue().get(name) if name else None


def remedy_for(category_name: Optional[str], remedy_id: Optional[str]) -> Optional[Remedy]:
    """A remedy of the catalogue by its category and id; None when either is unknown."""
    category = category_for(category_name)
    return category.remedy(remedy_id or "") if category else None
