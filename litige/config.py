"""Every environment variable of the project's processes (action server, scheduler,
console), in one place.

Settings are read lazily (first call to :func:`get_settings`) and cached;
tests call ``get_settings.cache_clear()`` after changing the environment.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from datetime import date, datetime
from functools import lru_cache
from pathlib import Path
from typing import Mapping, Optional, Tuple

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


def _optional_datetime(env: Mapping[str, str], name: str) -> Optional[datetime]:
    raw = env.get(name, "").strip()
    if not raw:
        return None
    try:
        moment = datetime.fromisoformat(raw)
    except ValueError as exc:
        raise ConfigError(f"{name} must be an ISO date-time with its offset, got {raw!r}") from exc
    if moment.tzinfo is None:
        raise ConfigError(f"{name} needs a UTC offset (2026-12-08T10:00:00+01:00), got {raw!r}")
    return moment


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


def _region(env: Mapping[str, str]) -> str:
    from litige.business_days import REGIONS

    raw = env.get("REGIONAL_HOLIDAYS", "").strip().lower()
    if raw not in REGIONS:
        known = ", ".join(region for region in REGIONS if region)
        raise ConfigError(f"REGIONAL_HOLIDAYS must be empty or one of: {known}; got {raw!r}")
    return raw


def _http_url(env: Mapping[str, str], name: str) -> str:
    raw = env.get(name, "").strip().rstrip("/")
    if raw and not raw.startswith(("http://", "https://")):
        raise ConfigError(f"{name} must start with http:// or https://, got {raw!r}")
    return raw


@dataclass(frozen=True)
class Settings:
    """Runtime settings of the action server."""

    # Fixed "today" for demos and end-to-end tests (YYYY-MM-DD); empty means the real date.
    today_override: Optional[date] = None
    # Fixed "now" (ISO date-time with its offset) for the advisors' hours in end-to-end tests.
    now_override: Optional[datetime] = None
    # The resolution catalogue (YAML): the only remedies the bot may propose.
    catalogue_path: Path = ROOT / "catalogue" / "remedies.yml"
    # Ticket store: SQLite file by default, PostgreSQL with postgresql://user:pass@host/db
    ticket_db_url: str = f"sqlite:///{ROOT / 'var' / 'tickets.db'}"
    ticket_db_timeout: float = 5.0
    # Threads of the action server that run the blocking ticket I/O (off its event loop)
    io_threads: int = 16
    # Fallback journal used while the ticket database is unavailable
    ticket_spool_path: Path = ROOT / "var" / "ticket_spool.jsonl"
    # Follow-up scheduler: the Rasa server it calls, its API token (if the server has one)
    rasa_url: str = "http://127.0.0.1:5005"
    rasa_api_token: str = ""
    follow_up_interval: int = 60
    # Mail: smtp://user:password@host:port (smtps:// for TLS, ?starttls=1 for STARTTLS); empty:
    # every message is written as an .eml file to the outbox folder, for a person to read.
    mail_url: str = ""
    mail_outbox: Path = ROOT / "var" / "outbox"
    mail_from: str = "Service client <service-client@example.invalid>"
    # The advisors' console: its address (for links), its port, the sign-in session's life.
    console_url: str = "http://127.0.0.1:5010"
    console_session_minutes: int = 480
    # Advisors' opening hours, Paris time, French public holidays closed: "lun-ven 09:00-18:00;
    # sam 09:00-12:00" (days lun mar mer jeu ven sam dim, ranges or lists with commas).
    advisor_hours: str = "lun-ven 09:00-18:00; sam 09:00-12:00"
    # Regional days off on top of the national public holidays: "" or "alsace-moselle".
    regional_holidays: str = ""
    # Past this estimated wait (minutes), the customer is offered a call back instead.
    max_wait_minutes: int = 20
    # An advisor counts as online while the console heard from them in the last N seconds.
    advisor_presence_seconds: int = 90
    # A customer waiting who wrote nothing for N minutes: the conversation is marked abandoned.
    abandon_minutes: int = 30
    # The order and subscription system (litige/backoffice): its URL, token and timeout;
    # empty URL: the local demo back-end, an SQLite file seeded from the seed files.
    backoffice_url: str = ""
    backoffice_token: str = ""
    backoffice_timeout: float = 3.0
    backoffice_demo_db: Path = ROOT / "var" / "backoffice.db"
    backoffice_demo_seeds: Tuple[Path, ...] = (ROOT / "catalogue" / "demo_backoffice.yml",)
    # The trainers' review desk: Rasa's SQL tracker store it reads (the same URL as the
    # tracker_store of endpoints.yml), how often the console syncs its read model (seconds),
    # and how long conversations, tickets and logs are kept (days) before the purge.
    tracker_store_url: str = f"sqlite:///{ROOT / 'var' / 'tracker.db'}"
    review_sync_seconds: int = 10
    review_retention_days: int = 365

    @classmethod
    def from_env(cls, env: Mapping[str, str]) -> Settings:
        var_dir = Path(env.get("VAR_DIR") or ROOT / "var")
        return cls(
            today_override=_optional_date(env, "APP_TODAY"),
            now_override=_optional_datetime(env, "APP_NOW"),
            catalogue_path=Path(env.get("REMEDY_CATALOGUE_PATH") or ROOT / "catalogue" / "remedies.yml"),
            ticket_db_url=env.get("TICKET_DB_URL") or f"sqlite:///{var_dir / 'tickets.db'}",
            ticket_db_timeout=float(_int(env, "TICKET_DB_TIMEOUT", 5, minimum=1)),
            io_threads=_int(env, "IO_THREADS", 16, minimum=1),
            ticket_spool_path=Path(env.get("TICKET_SPOOL_PATH") or var_dir / "ticket_spool.jsonl"),
            rasa_url=(env.get("RASA_URL") or "http://127.0.0.1:5005").rstrip("/"),
            rasa_api_token=env.get("RASA_API_TOKEN", ""),
            follow_up_interval=_int(env, "FOLLOW_UP_INTERVAL", 60, minimum=1),
            mail_url=env.get("MAIL_URL", "").strip(),
            mail_outbox=Path(env.get("MAIL_OUTBOX_DIR") or var_dir / "outbox"),
            mail_from=env.get("MAIL_FROM") or "Service client <service-client@example.invalid>",
            console_url=(env.get("CONSOLE_URL") or "http://127.0.0.1:5010").rstrip("/"),
            console_session_minutes=_int(env, "CONSOLE_SESSION_MINUTES", 480, minimum=5),
            advisor_hours=env.get("ADVISOR_HOURS") or "lun-ven 09:00-18:00; sam 09:00-12:00",
            regional_holidays=_region(env),
            max_wait_minutes=_int(env, "MAX_WAIT_MINUTES", 20, minimum=1),
            advisor_presence_seconds=_int(env, "ADVISOR_PRESENCE_SECONDS", 90, minimum=10),
            abandon_minutes=_int(env, "ABANDON_MINUTES", 30, minimum=1),
            backoffice_url=_http_url(env, "BACKOFFICE_URL"),
            backoffice_token=env.get("BACKOFFICE_TOKEN", ""),
            backoffice_timeout=float(_int(env, "BACKOFFICE_TIMEOUT", 3, minimum=1)),
            backoffice_demo_db=Path(env.get("BACKOFFICE_DEMO_DB") or var_dir / "backoffice.db"),
            backoffice_demo_seeds=tuple(
                Path(p.strip())
                for p in (
                    env.get("BACKOFFICE_DEMO_SEEDS") or str(ROOT / "catalogue" / "demo_backoffice.yml")
                ).split(",")
                if p.strip()
            ),
            tracker_store_url=env.get("TRACKER_STORE_URL") or f"sqlite:///{var_dir / 'tracker.db'}",
            review_sync_seconds=_int(env, "REVIEW_SYNC_SECONDS", 10, minimum=1),
            review_retention_days=_int(env, "REVIEW_RETENTION_DAYS", 365, minimum=1),
        )


@lru_cache(maxsize=1)
def get_settings() -> Settings:
    return Settings.from_env(os.environ)
