"""actions/server.py: rasa-sdk's action server, whose errors no longer echo the customer's data.

A real Sanic server on a free port of 127.0.0.1 serves this module's two actions (one answers,
one fails with the customer's e-mail in its error message, as a careless action could)."""

from __future__ import annotations

import json
import logging
import uuid
import zlib
from contextlib import asynccontextmanager
from typing import Any, AsyncIterator, Dict

import aiohttp
import pytest
import rasa_sdk
from rasa_sdk import Action
from sanic import Sanic

from actions.server import BadActionCall, create_app, read_action_call
from tests.sanic_server import serving

EMAIL = "zoe.secret-4721@example.org"
ORDER = "CMD-99887766"


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
    async with serving(lambda: create_app(__name__, max_body=max_body)) as url:
        yield url


@pytest.fixture(autouse=True)
def fresh_sdk_app_name(monkeypatch):
    """rasa-sdk names every app "rasa_sdk"; Sanic refuses a second app of the same name."""
    monkeypatch.setattr(Sanic, "_app_registry", {})
    yield


async def post(url: str, data: bytes, headers: Dict[str, str] | None = None):
    async with aiohttp.ClientSession() as session:
        async with session.post(f"{url}/webhook", data=data, headers=headers or {}) as answer:
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
