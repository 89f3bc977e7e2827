"""Shared fixtures: a CollectingDispatcher, the project's domain, trackers built from events."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any, Dict, List, Optional

import pytest

os.environ.setdefault("RASA_TELEMETRY_ENABLED", "false")
os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "2")

from rasa_sdk import Tracker  # noqa: E402
from rasa_sdk.events import ActionExecuted, SlotSet, UserUttered  # noqa: E402
from rasa_sdk.executor import CollectingDispatcher  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="session")
def trained_model() -> Path:
    """The model, trained once per run (``make train`` does nothing when it is up to date)."""
    import subprocess

    subprocess.run(["make", "--no-print-directory", "train"], cwd=ROOT, check=True)
    model = ROOT / "models" / "current.tar.gz"
    assert model.exists()
    return model


@pytest.fixture(scope="session")
def domain() -> Dict[str, Any]:
    """The domain exactly as the Rasa server sends it to the action server."""
    from rasa.shared.core.domain import Domain

    return Domain.load(str(ROOT / "domain.yml")).as_dict()


@pytest.fixture(autouse=True)
def ticket_db(tmp_path, monkeypatch):
    """Every test gets its own empty ticket database and spool, and its own demo back-end
    (never var/)."""
    from litige.backoffice import _client
    from litige.config import get_settings
    from litige.tickets.access import _store

    url = f"sqlite:///{tmp_path / 'tickets.db'}"
    monkeypatch.setenv("TICKET_DB_URL", url)
    monkeypatch.setenv("TICKET_SPOOL_PATH", str(tmp_path / "spool.jsonl"))
    monkeypatch.setenv("MAIL_OUTBOX_DIR", str(tmp_path / "outbox"))
    monkeypatch.delenv("MAIL_URL", raising=False)
    monkeypatch.setenv("BACKOFFICE_DEMO_DB", str(tmp_path / "backoffice.db"))
    monkeypatch.delenv("BACKOFFICE_URL", raising=False)
    monkeypatch.delenv("BACKOFFICE_DEMO_SEEDS", raising=False)
    get_settings.cache_clear()
    _store.cache_clear()
    _client.cache_clear()
    yield url
    get_settings.cache_clear()
    _store.cache_clear()
    _client.cache_clear()


@pytest.fixture
def dispatcher() -> CollectingDispatcher:
    return CollectingDispatcher()


def user_message(
    text: str,
    intent: str,
    entities: Optional[List[Dict[str, Any]]] = None,
    confidence: float = 0.95,
    emotion: Optional[Dict[str, Any]] = None,
) -> Dict[str, Any]:
    parse_data: Dict[str, Any] = {
        "text": text,
        "intent": {"name": intent, "confidence": confidence},
        "entities": entities or [],
    }
    if emotion is not None:
        parse_data["emotion"] = emotion
    return UserUttered(text, parse_data=parse_data)


def build_tracker(
    events: List[Dict[str, Any]],
    slots: Optional[Dict[str, Any]] = None,
    sender_id: str = "test-user",
    active_loop: Optional[Dict[str, Any]] = None,
    paused: bool = False,
) -> Tracker:
    """A tracker whose latest message and slots follow from the given events."""
    current_slots: Dict[str, Any] = dict(slots or {})
    latest_message: Dict[str, Any] = {}
    latest_action_name = None
    for event in events:
        if event["event"] == "user":
            latest_message = event.get("parse_data") or {"text": event.get("text")}
            latest_message.setdefault("text", event.get("text"))
        elif event["event"] == "slot":
            current_slots[event["name"]] = event["value"]
        elif event["event"] == "action":
            latest_action_name = event["name"]
    return Tracker(
        sender_id=sender_id,
        slots=current_slots,
        latest_message=latest_message,
        events=events,
        paused=paused,
        followup_action=None,
        active_loop=active_loop or {},
        latest_action_name=latest_action_name,
    )


__all__ = ["ActionExecuted", "SlotSet", "UserUttered", "build_tracker", "user_message"]


@pytest.fixture
def friday(monkeypatch):
    """Today is Friday 20 November 2026 for the actions (APP_TODAY)."""
    from datetime import date

    from litige.config import get_settings

    monkeypatch.setenv("APP_TODAY", "2026-11-20")
    get_settings.cache_clear()
    yield date(2026, 11, 20)
    get_settings.cache_clear()


def texts(dispatcher: CollectingDispatcher) -> List[str]:
    return [message.get("text") or "" for message in dispatcher.messages]


def slot_events(events: List[Dict[str, Any]]) -> Dict[str, Any]:
    return {event["name"]: event["value"] for event in events if event.get("event") == "slot"}


def run_action(action: Any, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict[str, Any]):
    """Run an action as rasa-sdk does: awaited when its ``run`` is a coroutine (the actions
    that touch the database run their body off the event loop)."""
    import asyncio

    result = action.run(dispatcher, tracker, domain)
    return asyncio.run(result) if asyncio.iscoroutine(result) else result


def looked_up(order_id: Optional[str] = None, email: Optional[str] = None) -> Dict[str, Any]:
    """The ``account_facts`` slot as the lookup leaves it, from this test's demo back-end
    (catalogue/demo_backoffice.yml, dated from the test's today)."""
    from litige import account_facts

    facts = account_facts.refresh(None, order_id, email, None)
    assert facts is not None
    return facts
