"""The advisors' opening hours (Paris time, French public holidays closed) and the call back
the bot may promise when nobody is there (pure).

``ADVISOR_HOURS`` reads like a shop door: ``"lun-ven 09:00-18:00; sam 09:00-12:00"``; days are
``lun mar mer jeu ven sam dim``, as a range (``lun-ven``) or a list (``lun,mer``); a day may
have several ranges (``lun 09:00-12:00,14:00-18:00``).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from typing import Dict, List, Optional, Tuple

from litige.business_days import public_holidays
from litige.clock import PARIS

DAYS = ("lun", "mar", "mer", "jeu", "ven", "sam", "dim")
# how long after the opening the call back is promised ("avant 12 h" for a 9 h opening)
CALLBACK_WINDOW = timedelta(hours=3)

_RANGE = re.compile(r"^(\d{1,2})[:h](\d{2})\s*-\s*(\d{1,2})[:h](\d{2})$")


class HoursError(ValueError):
    """ADVISOR_HOURS cannot be read."""


@dataclass(frozen=True)
class Hours:
    by_day: Dict[int, Tuple[Tuple[time, time], ...]]
    region: str = ""  # regional days off (litige.business_days.REGIONS)

    def ranges(self, day: date) -> Tuple[Tuple[time, time], ...]:
        if day in public_holidays(day.year, self.region):
            return ()
        return self.by_day.get(day.weekday(), ())

    def is_open(self, moment: datetime) -> bool:
        local = moment.astimezone(PARIS)
        return any(start <= local.time() < end for start, end in self.ranges(local.date()))

    def next_opening(self, moment: datetime) -> Optional[Tuple[datetime, datetime]]:
        """The next opening range that starts after ``moment`` (Paris time), as aware
        datetimes; None when the hours have no day open at all."""
        local = moment.astimezone(PARIS)
        for offset in range(0, 15):
            day = local.date() + timedelta(days=offset)
            for start, end in self.ranges(day):
                opening = datetime.combine(day, start, tzinfo=PARIS)
                if opening > local:
                    return opening, datetime.combine(day, end, tzinfo=PARIS)
        return None

    def callback(self, moment: datetime) -> Optional[Tuple[datetime, datetime]]:
        """When an advisor calls back a customer who came while nobody was there: from the next
        opening, within CALLBACK_WINDOW (or the range's end, if sooner)."""
        opening = self.next_opening(moment)
        if opening is None:
            return None
        start, end = opening
        return start, min(end, start + CALLBACK_WINDOW)


def _days(spec: str) -> List[int]:
    days: List[int] = []
    for part in spec.split(","):
        part = part.strip()
        if "-" in part:
            first, last = (p.strip() for p in part.split("-", 1))
            if first not in DAYS or last not in DAYS:
                raise HoursError(f"unknown day in {part!r} (use {' '.join(DAYS)})")
            a, b = DAYS.index(first), DAYS.index(last)
            if b < a:
                raise HoursError(f"day range {part!r} goes backwards")
            days.extend(range(a, b + 1))
        elif part in DAYS:
            days.append(DAYS.index(part))
        else:
            raise HoursError(f"unknown day {part!r} (use {' '.join(DAYS)})")
    return days


def _ranges(spec: str) -> List[Tuple[time, time]]:
    ranges = []
    for part in spec.split(","):
        match = _RANGE.match(part.strip())
        if not match:
            raise HoursError(f"cannot read the time range {part.strip()!r} (like 09:00-18:00)")
        h1, m1, h2, m2 = (int(g) for g in match.groups())
        if h1 > 23 or h2 > 24 or m1 > 59 or m2 > 59:
            raise HoursError(f"impossible time in {part.strip()!r}")
        start = time(h1, m1)
        end = time(23, 59, 59) if h2 == 24 else time(h2, m2)
        if end <= start:
            raise HoursError(f"the range {part.strip()!r} ends before it starts")
        ranges.append((start, end))
    return ranges


def parse_hours(raw: str, region: str = "") -> Hours:
    by_day: Dict[int, List[Tuple[time, time]]] = {}
    for chunk in (c.strip().lower() for c in raw.split(";")):
        if not chunk:
            continue
        pieces = chunk.split(None, 1)
        if len(pieces) != 2:
            raise HoursError(f"cannot read {chunk!r} (like 'lun-ven 09:00-18:00')")
        for day in _days(pieces[0]):
            by_day.setdefault(day, []).extend(_ranges(pieces[1]))
    return Hours({day: tuple(sorted(ranges)) for day, ranges in by_day.items()}, region)


def company_hours(settings) -> Hours:
    """The opening hours and regional days of ``litige.config.Settings``."""
    return parse_hours(settings.advisor_hours, settings.regional_holidays)


def french_hour(moment: time) -> str:
    """ "12 h", "12 h 30"."""
    return f"{moment.hour} h" if moment.minute == 0 else f"{moment.hour} h {moment.minute:02d}"
