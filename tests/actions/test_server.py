"""actions/server.py: rasa-sdk's action server, whose errors no longer echo the customer's data
and which answers only the holders of the shared secret.

A real Sanic server on a free port of 127.0.0.1 serves this module's two actions (one answers,
one fails with the customer's e-mail in its error message, as a careless action could)."""

from __future__ import annotations

import json
import logging
import os
import subprocess
import sys
import uuid
import zlib
from contextlib import asynccontextmanager
from typing import Any, AsyncIterator, Dict

import aiohttp
import pytest
import rasa_sdk
from rasa_sdk import Action
from sanic import Sanic

from actions.server import BadActionCall, MissingToken, create_app, read_action_call
from tests.sanic_server import serving
from tools.stack import ROOT

EMAIL = "zoe.secret-4721@example.org"
ORDER = "CMD-99887766"
TOKEN = "jeton-partage-de-test-0123456789"
AUTHORIZED = {"Authorization": f"Bearer {TOKEN}"}


class ActionTestEcho(Action):
    def name(self) -> str:
        return "action_test_echo"

    def run(self, dispatcher, tracker, domain):
        dispatcher.utter_message(text="Bien reçu.")
        return []


class ActionTestLeak(Action):
    def name(self) -> str:
        return "action_test_leak"

    def run(self, dispatcher, tracker, domain):
        raise ValueError(f"no order {tracker.get_slot('order_id')} for {tracker.get_slot('email')}")


class ActionTestSlots(Action):
    """Says what it sees of three slots, and their Python types."""

    def name(self) -> str:
        return "action_test_slots"

    def run(self, dispatcher, tracker, domain):
        seen = {name: tracker.get_slot(name) for name in ("complaint_category", "amount", "email")}
        dispatcher.utter_message(json_message=seen)
        return []


def action_call(action: str) -> Dict[str, Any]:
    return {
        "next_action": action,
        "sender_id": "test-conversation",
        "version": rasa_sdk.__version__,
        "tracker": {
            "sender_id": "test-conversation",
            "slots": {"email": EMAIL, "order_id": ORDER},
            "latest_message": {"text": f"Ma commande {ORDER}, mon adresse {EMAIL}"},
            "events": [],
        },
        "domain": {},
    }


@asynccontextmanager
async def action_server(max_body: int = 100_000) -> AsyncIterator[str]:
    async with serving(lambda: create_app(__name__, max_body=max_body, token=TOKEN)) as url:
        yield url


@pytest.fixture(autouse=True)
def fresh_sdk_app_name(monkeypatch):
    """rasa-sdk names every app "rasa_sdk"; Sanic refuses a second app of the same name."""
    monkeypatch.setattr(Sanic, "_app_registry", {})
    yield


async def post(url: str, data: bytes, headers: Dict[str, str] | None = None):
    async with aiohttp.ClientSession() as session:
        async with session.post(
            f"{url}/webhook", data=data, headers={**AUTHORIZED, **(headers or {})}
        ) as answer:
            return answer.status, await answer.text()


async def test_a_working_action_still_answers_through_rasa_sdk():
    async with action_server() as url:
        status, text = await post(url, json.dumps(action_call("action_test_echo")).encode())
        deflated_status, deflated = await post(
            url,
            zlib.compress(json.dumps(action_call("action_test_echo")).encode()),
            {"Content-Encoding": "deflate"},
        )
    assert status == 200, text
    assert json.loads(text)["responses"][0]["text"] == "Bien reçu."
    assert deflated_status == 200 and json.loads(deflated)["responses"][0]["text"] == "Bien reçu."


async def test_a_failing_action_answers_a_short_error_without_the_request_nor_the_message(caplog):
    caplog.set_level(logging.DEBUG)
    async with action_server() as url:
        status, text = await post(url, json.dumps(action_call("action_test_leak")).encode())
    assert status == 500
    assert json.loads(text) == {
        "error": "Erreur interne du serveur d'actions.",
        "action_name": "action_test_leak",
    }
    logged = caplog.text
    assert "action_test_leak" in logged and "ValueError" in logged  # the log says what failed, where
    for secret in (EMAIL, ORDER):
        assert secret not in text
        assert secret not in logged


@pytest.mark.parametrize(
    "body, message",
    [
        (f'{{"next_action": "action_test_echo", "tracker": {{"slots": "{EMAIL}"'.encode(), "JSON valide"),
        (json.dumps([EMAIL, ORDER]).encode(), "objet JSON"),
        (json.dumps({"tracker": {"sender_id": "x", "slots": {"email": EMAIL}}}).encode(), "next_action"),
        (json.dumps({"next_action": "action_test_echo", "tracker": EMAIL}).encode(), "tracker"),
        (
            json.dumps({"next_action": "action_test_echo", "tracker": {"slots": {"e": EMAIL}}}).encode(),
            "sender_id",
        ),
        (b"\xff\xfe" + EMAIL.encode(), "JSON valide"),
    ],
)
async def test_a_malformed_action_call_gets_a_french_400_that_quotes_nothing(body, message, caplog):
    caplog.set_level(logging.DEBUG)
    async with action_server() as url:
        status, text = await post(url, body)
    assert status == 400, text
    assert message in json.loads(text)["error"]
    assert EMAIL not in text and EMAIL not in caplog.text


async def test_an_oversized_or_inflating_body_is_refused_without_being_echoed():
    padding = {"padding": EMAIL * 2_000}  # about 54 KB
    call = {**action_call("action_test_echo"), **padding}
    async with action_server(max_body=20_000) as url:
        big_status, big = await post(url, json.dumps(call).encode())
        bomb_status, bomb = await post(
            url, zlib.compress(json.dumps(call).encode(), 9), {"Content-Encoding": "deflate"}
        )
        broken_status, broken = await post(
            url, b"not deflate " + EMAIL.encode(), {"Content-Encoding": "deflate"}
        )
    assert big_status == 413 and json.loads(big) == {"error": "Requête trop volumineuse."}
    assert bomb_status == 400 and "trop volumineux" in json.loads(bomb)["error"]
    assert broken_status == 400 and "illisible" in json.loads(broken)["error"]
    assert not any(EMAIL in text for text in (big, bomb, broken))


async def test_an_unknown_action_keeps_rasa_sdks_404():
    async with action_server() as url:
        status, text = await post(url, json.dumps(action_call(f"action_{uuid.uuid4().hex}")).encode())
    assert status == 404
    assert EMAIL not in text


def test_read_action_call_accepts_a_call_and_bounds_inflation():
    call = action_call("action_test_echo")
    assert read_action_call(json.dumps(call).encode(), False, 10_000) == call
    assert read_action_call(zlib.compress(json.dumps(call).encode()), True, 10_000) == call
    with pytest.raises(BadActionCall):
        read_action_call(zlib.compress(b" " * 50_000 + json.dumps(call).encode()), True, 10_000)


async def request(method: str, url: str, headers: Dict[str, str], data: bytes = b""):
    async with aiohttp.ClientSession() as session:
        async with session.request(method, url, data=data, headers=headers) as answer:
            return answer.status, await answer.text(), answer.headers


async def test_calls_without_the_shared_secret_are_refused_and_health_stays_open(caplog):
    caplog.set_level(logging.DEBUG)
    body = json.dumps(action_call("action_test_echo")).encode()
    async with action_server() as url:
        missing = await request("POST", f"{url}/webhook", {}, body)
        not_bearer = await request("POST", f"{url}/webhook", {"Authorization": f"Basic {TOKEN}"}, body)
        wrong = await request("POST", f"{url}/webhook", {"Authorization": "Bearer devine-1234567890"}, body)
        longer = await request("POST", f"{url}/webhook", {"Authorization": f"Bearer {TOKEN}x"}, body)
        actions_missing = await request("GET", f"{url}/actions", {})
        actions_granted = await request("GET", f"{url}/actions", AUTHORIZED)
        malformed_missing = await request("POST", f"{url}/webhook", {}, b"not json " + EMAIL.encode())
        health = await request("GET", f"{url}/health", {})
        granted = await request("POST", f"{url}/webhook", AUTHORIZED, body)
    for status, text, headers in (missing, not_bearer, actions_missing, malformed_missing):
        assert status == 401, text
        assert json.loads(text) == {"error": "Jeton du serveur d'actions manquant."}
        assert headers["WWW-Authenticate"] == "Bearer"
    for status, text, _ in (wrong, longer):
        assert status == 403 and json.loads(text) == {"error": "Jeton du serveur d'actions invalide."}
    assert actions_granted[0] == 200 and "action_test_echo" in actions_granted[1]
    assert health[0] == 200
    assert granted[0] == 200 and json.loads(granted[1])["responses"][0]["text"] == "Bien reçu."
    assert "without a token" in caplog.text and "wrong token" in caplog.text
    for secret in (TOKEN, "devine-1234567890", EMAIL):
        assert secret not in caplog.text


async def test_the_action_server_sends_no_cors_header_to_any_origin():
    origin = {"Origin": "http://127.0.0.1:8080"}  # even the demo page's: no page may call it
    preflight = {
        **origin,
        "Access-Control-Request-Method": "POST",
        "Access-Control-Request-Headers": "authorization",
    }
    body = json.dumps(action_call("action_test_echo")).encode()
    async with action_server() as url:
        answers = [
            await request("GET", f"{url}/health", origin),
            await request("POST", f"{url}/webhook", {**AUTHORIZED, **origin}, body),
            await request("OPTIONS", f"{url}/webhook", preflight),
        ]
    assert answers[0][0] == 200 and answers[1][0] == 200  # the calls themselves are served
    for _, _, headers in answers:
        assert "Access-Control-Allow-Origin" not in headers


def test_the_app_needs_a_long_enough_token(monkeypatch):
    monkeypatch.delenv("ACTION_SERVER_TOKEN", raising=False)
    with pytest.raises(MissingToken, match="ACTION_SERVER_TOKEN est vide"):
        create_app(__name__)
    with pytest.raises(MissingToken, match="trop court"):
        create_app(__name__, token="court")
    monkeypatch.setenv("ACTION_SERVER_TOKEN", "   ")
    with pytest.raises(MissingToken):
        create_app(__name__)
    monkeypatch.setenv("ACTION_SERVER_TOKEN", TOKEN)
    assert create_app(__name__).name == "rasa_sdk"


def test_the_server_refuses_to_start_without_a_token():
    env = {key: value for key, value in os.environ.items() if key != "ACTION_SERVER_TOKEN"}
    started = subprocess.run(
        [sys.executable, "-m", "actions.server", "--actions", "actions", "--port", "1"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert started.returncode == 2
    assert "Le serveur d'actions ne démarre pas : ACTION_SERVER_TOKEN est vide" in started.stderr


@pytest.mark.parametrize("deflate", [False, True], ids=["plain", "deflated"])
async def test_slots_of_the_wrong_type_reach_the_action_as_unset(deflate, caplog):
    call = action_call("action_test_slots")
    call["tracker"]["slots"] = {"complaint_category": 42, "amount": "cent euros", "email": EMAIL}
    call["domain"] = {"slots": {"complaint_category": {"type": "text"}, "amount": {"type": "float"}}}
    body = json.dumps(call).encode()
    caplog.set_level(logging.WARNING)
    async with action_server() as url:
        if deflate:
            status, text = await post(url, zlib.compress(body), {"Content-Encoding": "deflate"})
        else:
            status, text = await post(url, body)
    assert status == 200, text
    seen = json.loads(text)["responses"][0]["custom"]
    assert seen == {"complaint_category": None, "amount": None, "email": EMAIL}
    assert "complaint_category" in caplog.text and "cent euros" not in caplog.text


async def test_a_call_without_a_domain_is_checked_against_the_projects_domain():
    call = action_call("action_test_slots")
    # domain.yml: complaint_category is categorical (delivery, product, ...); amount is not a slot
    call["tracker"]["slots"] = {"complaint_category": "inconnue", "amount": 12.5, "email": EMAIL}
    async with action_server() as url:
        status, text = await post(url, json.dumps(call).encode())
        call["tracker"]["slots"]["complaint_category"] = "billing"
        kept_status, kept = await post(url, json.dumps(call).encode())
    assert status == 200 and kept_status == 200, (text, kept)
    assert json.loads(text)["responses"][0]["custom"]["complaint_category"] is None
    assert json.loads(kept)["responses"][0]["custom"] == {
        "complaint_category": "billing",
        "amount": 12.5,
        "email": EMAIL,
    }
