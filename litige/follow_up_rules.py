"""When a follow-up may go out, and when a failed one is tried again. Pure functions.

The promise "d'ici le mardi 24" holds until the end of that day: the customer is asked
whether it was kept once the day is over, in the company's opening hours, on the first
business day after it (Paris time, national and regional public holidays skipped), never
at midnight on the promised day itself."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from typing import Optional

from litige.advisor_hours import Hours
from litige.business_days import is_business_day
from litige.clock import PARIS

FIRST_RETRY = timedelta(minutes=5)
LONGEST_WAIT = timedelta(hours=6)
MAX_DAYS_AHEAD = 30  # hours with no opening at all: give up looking


def first_business_day_after(promised: date, region: str = "") -> date:
    day = promised + timedelta(days=1)
    while not is_business_day(day, region):
        day += timedelta(days=1)
    return day


def fire_moment(promised: date, hours: Hours) -> Optional[datetime]:
    """The first opening of the company's hours on or after the first business day after the
    promised date (aware, Paris time); None when the hours never open."""
    day = first_business_day_after(promised, hours.region)
    for offset in range(MAX_DAYS_AHEAD):
        current = day + timedelta(days=offset)
        if not is_business_day(current, hours.region):
            continue
        ranges = hours.ranges(current)
        if ranges:
            return datetime.combine(current, ranges[0][0], tzinfo=PARIS)
    return None


def may_fire(promised: date, hours: Hours, now: datetime) -> bool:
    """Whether the follow-up of a promise due on ``promised`` may go out at ``now``: its
    moment has come and the company is open (so that a person can act on a "non")."""
    moment = fire_moment(promised, hours)
    return moment is not None and now >= moment and hours.is_open(now)


def retry_delay(attempts: int) -> timedelta:
    """The wait after the ``attempts``-th failed delivery: 5 min, 10, 20, 40… up to 6 h."""
    return min(FIRST_RETRY * (2 ** max(0, attempts - 1)), LONGEST_WAIT)
