"""Business-day arithmetic for promised dates: weekends and French public holidays are
skipped, so "d'ici le <date>" is a date the company can keep. A region may add its own
days off (``REGIONAL_HOLIDAYS=alsace-moselle``: Good Friday and 26 December). Pure functions."""

from __future__ import annotations

from datetime import date, timedelta
from functools import lru_cache
from typing import FrozenSet


def easter_sunday(year: int) -> date:
    """Gregorian Easter (anonymous Gregorian algorithm, a.k.a. Meeus/Jones/Butcher)."""
    a = year % 19
    b, c = divmod(year, 100)
    d, e = divmod(b, 4)
    f = (b + 8) // 25
    g = (b - f + 1) // 3
    h = (19 * a + b - d - g + 15) % 30
    i, k = divmod(c, 4)
    l = (32 + 2 * e + 2 * i - h - k) % 7  # noqa: E741 (the algorithm's own name)
    m = (a + 11 * h + 22 * l) // 451
    month, day = divmod(h + l - 7 * m + 114, 31)
    return date(year, month, day + 1)


@lru_cache(maxsize=64)
def french_public_holidays(year: int) -> FrozenSet[date]:
    """The eleven public holidays of metropolitan France."""
    easter = easter_sunday(year)
    return frozenset(
        {
            date(year, 1, 1),  # Jour de l'an
            easter + timedelta(days=1),  # Lundi de Pâques
            date(year, 5, 1),  # Fête du travail
            date(year, 5, 8),  # Victoire 1945
            easter + timedelta(days=39),  # Ascension
            easter + timedelta(days=50),  # Lundi de Pentecôte
            date(year, 7, 14),  # Fête nationale
            date(year, 8, 15),  # Assomption
            date(year, 11, 1),  # Toussaint
            date(year, 11, 11),  # Armistice
            date(year, 12, 25),  # Noël
        }
    )


def _alsace_moselle(year: int) -> FrozenSet[date]:
    return frozenset(
        {easter_sunday(year) - timedelta(days=2), date(year, 12, 26)}
    )  # Vendredi saint, Saint-Étienne


REGIONS = {"": lambda year: frozenset(), "alsace-moselle": _alsace_moselle}


@lru_cache(maxsize=128)
def public_holidays(year: int, region: str = "") -> FrozenSet[date]:
    """The national public holidays and those of ``region`` (a key of REGIONS)."""
    if region not in REGIONS:
        raise ValueError(f"unknown region {region!r} (known: {', '.join(r for r in REGIONS if r)})")
    return french_public_holidays(year) | REGIONS[region](year)


def is_business_day(day: date, region: str = "") -> bool:
    return day.weekday() < 5 and day not in public_holidays(day.year, region)


def add_business_days(start: date, days: int, region: str = "") -> date:
    """The date ``days`` business days after ``start`` (``start`` itself is not counted;
    0 gives the next business day on or after ``start``)."""
    if days < 0:
        raise ValueError("days must be >= 0")
    current = start
    if days == 0:
        while not is_business_day(current, region):
            current += timedelta(days=1)
        return current
    remaining = days
    while remaining:
        current += timedelta(days=1)
        if is_business_day(current, region):
            remaining -= 1
    return current
