"""Every environment variable the action server reads, in one place.

Settings are read lazily (first call to :func:`get_settings`) and cached;
tests call ``get_settings.cache_clear()`` after changing the environment.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from datetime import date
from functools import lru_cache
from pathlib import Path
from typing import Mapping, Optional

ROOT = Path(__file__).resolve().parent.parent


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


def _int(env: Mapping[str, str], name: str, default: int, minimum: int = 0) -> int:
    raw = env.get(name, "").strip()
    if not raw:
        return default
    try:
        value = int(raw)
    except ValueError as exc:
        raise ConfigError(f"{name} must be an integer, got {raw!r}") from exc
    if value < minimum:
        raise ConfigError(f"{name} must be >= {minimum}, got {value}")
    return value


@dataclass(frozen=True)
class Settings:
    """Runtime settings of the action server."""

    # Fixed "today" for demos and end-to-end tests (YYYY-MM-DD); empty means the real date.
    today_override: Optional[date] = None
    # The resolution catalogue (YAML): the only remedies the bot may propose.
    catalogue_path: Path = ROOT / "catalogue" / "remedies.yml"
    # What the customer is told about the wait for an advisor after a handoff (hours).
    handoff_response_hours: int = 4
    # Ticket store: SQLite file by default, PostgreSQL with postgresql://user:pass@host/db
    ticket_db_url: str = f"sqlite:///{ROOT / 'var' / 'tickets.db'}"
    ticket_db_timeout: float = 5.0
    # Fallback journal used while the ticket database is unavailable
    ticket_spool_path: Path = ROOT / "var" / "ticket_spool.jsonl"
    # Follow-up scheduler: the Rasa server it calls, its API token (if the server has one)
    rasa_url: str = "http://127.0.0.1:5005"
    rasa_api_token: str = ""
    follow_up_interval: int = 60

    @classmethod
    def from_env(cls, env: Mapping[str, str]) -> Settings:
        var_dir = Path(env.get("VAR_DIR") or ROOT / "var")
        return cls(
            today_override=_optional_date(env, "APP_TODAY"),
            catalogue_path=Path(env.get("REMEDY_CATALOGUE_PATH") or ROOT / "catalogue" / "remedies.yml"),
            handoff_response_hours=_int(env, "HANDOFF_RESPONSE_HOURS", 4, minimum=1),
            ticket_db_url=env.get("TICKET_DB_URL") or f"sqlite:///{var_dir / 'tickets.db'}",
            ticket_db_timeout=float(_int(env, "TICKET_DB_TIMEOUT", 5, minimum=1)),
            ticket_spool_path=Path(env.get("TICKET_SPOOL_PATH") or var_dir / "ticket_spool.jsonl"),
            rasa_url=(env.get("RASA_URL") or "http://127.0.0.1:5005").rstrip("/"),
            rasa_api_token=env.get("RASA_API_TOKEN", ""),
            follow_up_interval=_int(env, "FOLLOW_UP_INTERVAL", 60, minimum=1),
        )


@lru_cache(maxsize=1)
def get_settings() -> Settings:
    return Settings.from_env(os.environ)
