"""End-to-end fixtures: the real action server and Rasa server, started once per run.

The model is trained once per run (``make train`` is a no-op when it is up to date),
the servers are started with tools.stack exactly as ``make run`` does, on free ports,
with a throw-away SQLite tracker store.
"""

from __future__ import annotations

import os
import sys
import uuid
from pathlib import Path
from typing import Any, Dict, List

import pytest
import requests

from tools.stack import ROOT, Stack, StackConfig, build_services, free_port

pytestmark = pytest.mark.e2e

# the demo shop's order system and the world of the test customers (their orders, accounts)
BACKOFFICE_SEEDS = (
    ROOT / "catalogue" / "demo_backoffice.yml",
    Path(__file__).parent / "backoffice_world.yml",
)


def stack_config(trained_model: Path, work: Path, clock_env: Dict[str, str], **options: Any) -> StackConfig:
    """A stack like ``make run``'s on free ports, its state in ``work``, its clock frozen."""
    return StackConfig(
        python=sys.executable,
        rasa_port=free_port(),
        action_port=free_port(),
        model=trained_model,
        log_dir=work / "logs",
        tracker_store_url=f"sqlite:///{work / 'tracker.db'}",
        ticket_db_url=f"sqlite:///{work / 'tickets.db'}",
        with_scheduler=False,  # the follow-up tests run the scheduler themselves, with their own clock
        extra_env={
            **clock_env,
            "TICKET_SPOOL_PATH": str(work / "ticket_spool.jsonl"),
            "TICKET_DB_TIMEOUT": "1",
            "REST_RATE_LIMIT": "off",  # scripted customers type faster than people (test_rest.py tests it)
            # the demo order system, with the orders and accounts of the test customers
            "BACKOFFICE_DEMO_DB": str(work / "backoffice.db"),
            "BACKOFFICE_DEMO_SEEDS": ",".join(str(p) for p in BACKOFFICE_SEEDS),
        },
        **options,
    )


def running_stack(config: StackConfig):
    stack = Stack(build_services(config))
    stack.start()
    try:
        stack.wait_ready(timeout=300)
        yield config
    finally:
        stack.stop()


@pytest.fixture(scope="session")
def servers(trained_model, tmp_path_factory) -> StackConfig:
    config = stack_config(
        trained_model,
        tmp_path_factory.mktemp("stack"),
        {
            "APP_TODAY": os.environ.get("E2E_TODAY", "2026-11-20"),
            # a Friday morning, within the advisors' hours: a handoff joins the queue when an
            # advisor is signed in, and gets a call back when nobody is
            "APP_NOW": os.environ.get("E2E_NOW", "2026-11-20T10:00:00+01:00"),
        },
        web_port=free_port(),  # the demo page, for the browser tests
        console_port=free_port(),  # the advisors' console
    )
    yield from running_stack(config)


class Chat:
    """One customer talking to the bot through the REST channel."""

    def __init__(self, config: StackConfig):
        self.config = config
        self.sender = f"e2e-{uuid.uuid4().hex[:12]}"

    def say(self, text: str) -> List[Dict[str, Any]]:
        response = requests.post(
            f"{self.config.rasa_url}/webhooks/rest/webhook",
            json={"sender": self.sender, "message": text},
            timeout=60,
        )
        assert response.status_code == 200, response.text
        return response.json()

    def texts(self, text: str) -> List[str]:
        return [message.get("text", "") for message in self.say(text)]

    def tracker(self) -> Dict[str, Any]:
        response = requests.get(
            f"{self.config.rasa_url}/conversations/{self.sender}/tracker",
            params={"token": self.config.rasa_token},
            timeout=30,
        )
        assert response.status_code == 200
        return response.json()


@pytest.fixture
def chat(servers) -> Chat:
    return Chat(servers)


CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-default-apps",
]


@pytest.fixture(scope="session")
def browser():
    """Debian's Chromium, headless, driven by Playwright (no browser download)."""
    from playwright.sync_api import sync_playwright

    if not os.path.exists(CHROMIUM):
        pytest.fail(f"{CHROMIUM} is missing: install Debian's chromium package (.ci/run does)")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


def pytest_terminal_summary(terminalreporter):
    """The scenario results as a table (also in reports/scenarios.md), when scenarios ran."""
    from tests.e2e.test_scenarios import RESULTS
    from tools.scenarios.report import summary, table

    if not RESULTS:
        return
    text = table(RESULTS) + "\n\n" + summary(RESULTS) + "\n"
    terminalreporter.write_sep("=", "scenarios")
    terminalreporter.write_line(text)
    reports = ROOT / "reports"
    reports.mkdir(exist_ok=True)
    (reports / "scenarios.md").write_text(text, encoding="utf-8")
