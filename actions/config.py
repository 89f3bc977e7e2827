"""Every environment variable the action server reads, in one place.

Settings are read lazily (first call to :func:`get_settings`) and cached;
tests call ``get_settings.cache_clear()`` after changing the environment.
"""
from __future__ import annotations

import os
from dataclasses import dataclass
from datetime import date
from functools import lru_cache
from typing import Mapping, Optional


class ConfigError(ValueError):
    """An environment variable holds a value we cannot use."""


def _optional_date(env: Mapping[str, str], name: str) -> Optional[date]:
    raw = env.get(name, "").strip()
    if not raw:
        return None
    try:
        return date.fromisoformat(raw)
    except ValueError as exc:
        raise ConfigError(f"{name} must be an ISO date (YYYY-MM-DD), got {raw!r}") from exc


@dataclass(frozen=True)
class Settings:
    """Runtime settings of the action server."""

    # Fixed "today" for demos and end-to-end tests (YYYY-MM-DD); empty means the real date.
    today_override: Optional[date] = None

    @classmethod
    def from_env(cls, env: Mapping[str, str]) -> Settings:
        return cls(today_override=_optional_date(env, "APP_TODAY"))


@lru_cache(maxsize=1)
def get_settings() -> Settings:
    return Settings.from_env(os.environ)
