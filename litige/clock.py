"""The single source of "today" for the actions (overridable for demos and tests)."""

from __future__ import annotations

from datetime import date

from litige.config import get_settings


def today() -> date:
    override = get_settings().today_override
    return override if override is not None else date.today()
