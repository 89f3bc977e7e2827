"""The single source of "today" and "now" for every process (overridable for demos and tests)."""

from __future__ import annotations

from datetime import date, datetime, timezone

from litige.config import get_settings


def today() -> date:
    override = get_settings().today_override
    return override if override is not None else date.today()


def now() -> datetime:
    """The current moment, aware (UTC), for the advisors' hours and the queue."""
    override = get_settings().now_override
    return override.astimezone(timezone.utc) if override is not None else datetime.now(timezone.utc)
