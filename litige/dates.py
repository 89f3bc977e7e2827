"""French dates: parsing what customers write, and writing dates the French way.

Pure functions, no Rasa import: unit-tested on their own.
"""

from __future__ import annotations

import re
from datetime import date, timedelta
from typing import Optional

from litige.parsing import fold

MONTHS = (
    "janvier",
    "février",
    "mars",
    "avril",
    "mai",
    "juin",
    "juillet",
    "août",
    "septembre",
    "octobre",
    "novembre",
    "décembre",
)
WEEKDAYS = ("lundi", "mardi", "mercredi", "jeudi", "vendredi", "samedi", "dimanche")

_NUMBER_WORDS = {
    "un": 1,
    "une": 1,
    "deux": 2,
    "trois": 3,
    "quatre": 4,
    "cinq": 5,
    "six": 6,
    "sept": 7,
    "huit": 8,
    "neuf": 9,
    "dix": 10,
    "quinze": 15,
}


def _fold(text: str) -> str:
    """`fold`, with the spaces normalised too."""
    return re.sub(r"\s+", " ", fold(text).strip())


_FOLDED_MONTHS = {_fold(name): index + 1 for index, name in enumerate(MONTHS)}
_FOLDED_WEEKDAYS = {name: index for index, name in enumerate(WEEKDAYS)}

_DAY_MONTH = re.compile(
    r"^(?:le |du |depuis le )?(?:(?:%s) )?(1er|\d{1,2}) (%s)(?: (\d{4}))?$"
    % ("|".join(WEEKDAYS), "|".join(_FOLDED_MONTHS))
)
_NUMERIC = re.compile(r"^(?:le |du |depuis le )?(\d{1,2})/(\d{1,2})(?:/(\d{2}|\d{4}))?$")
_AGO = re.compile(r"^il y a (\d{1,2}|%s) (jours?|semaines?|mois)$" % "|".join(_NUMBER_WORDS))
_WEEKDAY = re.compile(r"^(%s)(?: (dernier|passe))?$" % "|".join(WEEKDAYS))


def _safe_date(year: int, month: int, day: int) -> Optional[date]:
    try:
        return date(year, month, day)
    except ValueError:
        return None


def _minus_months(day: date, months: int) -> date:
    month_index = day.year * 12 + (day.month - 1) - months
    year, month = divmod(month_index, 12)
    month += 1
    for candidate_day in range(day.day, 27, -1):
        candidate = _safe_date(year, month, candidate_day)
        if candidate:
            return candidate
    return date(year, month, min(day.day, 28))


def _past_day_month(day: int, month: int, today: date) -> Optional[date]:
    """The most recent (day, month) that is not in the future."""
    for year in (today.year, today.year - 1):
        candidate = _safe_date(year, month, day)
        if candidate and candidate <= today:
            return candidate
    # 29 February in a year that has none: fall back to the last leap year
    for year in range(today.year - 2, today.year - 9, -1):
        candidate = _safe_date(year, month, day)
        if candidate:
            return candidate
    return None


def _full_year(raw: str) -> int:
    year = int(raw)
    return year + 2000 if year < 100 else year


def parse_french_date(text: str, today: date) -> Optional[date]:
    """Turn an expression such as "hier", "lundi dernier", "le 3 novembre" or "03/11"
    into a date. Complaint dates lie in the past, so a date without a year is the most
    recent one not after ``today``; a bare weekday is the most recent such day not after
    ``today``, and "lundi dernier" is strictly before it. Returns None when the text is
    not a date we can read (or not a valid calendar date)."""
    if not text:
        return None
    folded = _fold(text)
    if folded in ("aujourd'hui", "ce matin", "ce soir", "cet apres-midi"):
        return today
    if folded == "hier":
        return today - timedelta(days=1)
    if folded == "avant-hier":
        return today - timedelta(days=2)
    if folded == "demain":
        return today + timedelta(days=1)
    if folded == "apres-demain":
        return today + timedelta(days=2)

    match = _AGO.match(folded)
    if match:
        raw_number, unit = match.groups()
        number = int(raw_number) if raw_number.isdigit() else _NUMBER_WORDS[raw_number]
        if unit.startswith("jour"):
            return today - timedelta(days=number)
        if unit.startswith("semaine"):
            return today - timedelta(weeks=number)
        return _minus_months(today, number)

    match = _WEEKDAY.match(folded)
    if match:
        weekday = _FOLDED_WEEKDAYS[match.group(1)]
        back = (today.weekday() - weekday) % 7
        if match.group(2) and back == 0:
            back = 7
        return today - timedelta(days=back)

    match = _DAY_MONTH.match(folded)
    if match:
        raw_day, month_name, raw_year = match.groups()
        day = 1 if raw_day == "1er" else int(raw_day)
        month = _FOLDED_MONTHS[month_name]
        if raw_year:
            return _safe_date(int(raw_year), month, day)
        return _past_day_month(day, month, today)

    match = _NUMERIC.match(folded)
    if match:
        raw_day, raw_month, raw_year = match.groups()
        day, month = int(raw_day), int(raw_month)
        if raw_year:
            return _safe_date(_full_year(raw_year), month, day)
        if not 1 <= month <= 12:
            return None
        return _past_day_month(day, month, today)
    return None


def format_french_date(day: date, today: Optional[date] = None, with_weekday: bool = True) -> str:
    """ "vendredi 28 novembre" (the year is added when it differs from today's)."""
    number = "1er" if day.day == 1 else str(day.day)
    text = f"{number} {MONTHS[day.month - 1]}"
    if with_weekday:
        text = f"{WEEKDAYS[day.weekday()]} {text}"
    if today is None or day.year != today.year:
        text = f"{text} {day.year}"
    return text
