"""The single source of "today" and "now" for every process, in the company's time zone
(Europe/Paris): a date a person reads (a promised date, a reference's year, a follow-up's
day, a CLI filter) is a Paris date, whatever the server's own zone or UTC says.

``APP_NOW`` (an ISO date-time with its offset) freezes the clock for demos and tests;
``APP_TODAY`` alone freezes only the date (midday Paris time on that day)."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta, timezone
from typing import Optional
from zoneinfo import ZoneInfo

from litige.config import get_settings

PARIS = ZoneInfo("Europe/Paris")


def now() -> datetime:
    """The current moment, aware (UTC)."""
    settings = get_settings()
    if settings.now_override is not None:
        return settings.now_override.astimezone(timezone.utc)
    if settings.today_override is not None:
        return datetime.combine(settings.today_override, time(12), tzinfo=PARIS).astimezone(timezone.utc)
    return datetime.now(timezone.utc)


def today() -> date:
    """Today's date in Paris."""
    override = get_settings().today_override
    return override if override is not None else paris_date(now())


def aware(moment: Optional[datetime]) -> Optional[datetime]:
    """A moment with its time zone: a naive one (SQLite gives them back) is UTC."""
    if moment is None or moment.tzinfo is not None:
        return moment
    return moment.replace(tzinfo=timezone.utc)


def paris(moment: datetime) -> datetime:
    """A moment as Paris wall-clock time (a naive moment is taken as UTC)."""
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=timezone.utc)
    return moment.astimezone(PARIS)


def paris_date(moment: datetime) -> date:
    return paris(moment).date()


def day_start(day: date) -> datetime:
    """Midnight in Paris at the start of ``day``, as an aware UTC moment (for SQL filters)."""
    return datetime.combine(day, time(0), tzinfo=PARIS).astimezone(timezone.utc)


def day_end(day: date) -> datetime:
    """Midnight in Paris at the end of ``day`` (exclusive bound), as an aware UTC moment."""
    return day_start(day + timedelta(days=1))


def at(day: date, hour: time) -> datetime:
    """``day`` at Paris wall-clock ``hour``, as an aware UTC moment."""
    return datetime.combine(day, hour, tzinfo=PARIS).astimezone(timezone.utc)
