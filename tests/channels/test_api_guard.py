"""channels/api_guard.py: Rasa's execute and trigger_intent calls with a body Rasa would turn into
a 500 get a French 400 instead, on a real Sanic server built as `rasa run` builds it (the health
channel registers the check when the server starts)."""

from __future__ import annotations

from typing import List

import aiohttp
import pytest
from sanic import response

from channels.api_guard import NO_NAME, NOT_JSON, UNKNOWN_ACTION
from channels.health import HealthInput
from tests.channels.rasa_server import rasa_server

TOKEN = "jeton-api-de-test-0123456789"


class Domain:
    action_names_or_texts = ["action_listen", "action_follow_up", "utter_greet"]


class Agent:
    """What the guard reads of Rasa's agent: its domain. (No tracker store: health says so.)"""

    domain = Domain()
    tracker_store = None
    lock_store = None
    action_endpoint = None

    def is_ready(self) -> bool:
        return True


def with_rasa_routes(app_calls: List[str]):
    """Stand-ins for Rasa's own handlers, recording the calls that reached them."""

    def add(app) -> None:
        @app.post("/conversations/<conversation_id>/execute")
        async def execute(request, conversation_id):
            app_calls.append(f"execute {conversation_id}")
            return response.json({"ok": True})

        @app.post("/conversations/<conversation_id>/trigger_intent")
        async def trigger(request, conversation_id):
            app_calls.append(f"trigger {conversation_id}")
            return response.json({"ok": True})

    return add


@pytest.fixture
def token(monkeypatch):
    monkeypatch.setenv("RASA_API_TOKEN", TOKEN)
    return TOKEN


@pytest.mark.parametrize(
    "path, body, message",
    [
        ("execute", b'["action_follow_up"]', NOT_JSON),
        ("execute", b'{"name": ', NOT_JSON),
        ("execute", b"\xff\xfe", NOT_JSON),
        ("execute", b'{"name": 42}', NO_NAME),
        ("execute", b"{}", NO_NAME),
        ("execute", b'{"name": "action_qui_n_existe_pas"}', UNKNOWN_ACTION),
        ("execute", b'{"name": "../../etc/passwd"}', UNKNOWN_ACTION),
        ("trigger_intent", b'{"name": ["a"]}', NO_NAME),
        ("trigger_intent", b"[]", NOT_JSON),
    ],
)
async def test_bad_calls_get_a_french_400_and_never_reach_rasa(token, path, body, message):
    reached: List[str] = []
    async with rasa_server(Agent(), [HealthInput()], extra_routes=with_rasa_routes(reached)) as url:
        async with aiohttp.ClientSession() as session:
            async with session.post(
                f"{url}/conversations/abc/{path}", params={"token": token}, data=body
            ) as answer:
                status, payload = answer.status, await answer.json()
    assert status == 400 and payload["message"] == message
    assert reached == []


async def test_good_calls_reach_rasa_and_unknown_names_are_told_only_to_the_token_holder(token):
    reached: List[str] = []
    async with rasa_server(Agent(), [HealthInput()], extra_routes=with_rasa_routes(reached)) as url:
        async with aiohttp.ClientSession() as session:
            async with session.post(
                f"{url}/conversations/abc/execute", params={"token": token}, json={"name": "action_follow_up"}
            ) as good:
                good_status = good.status
            async with session.post(
                f"{url}/conversations/xyz/execute", json={"name": "action_qui_n_existe_pas"}
            ) as anonymous:
                anonymous_status = anonymous.status
    assert good_status == 200
    # without the token the guard does not say whether the action exists: Rasa's handler
    # (here its stand-in) answers, and the real one answers 401 for the missing token
    assert anonymous_status == 200
    assert reached == ["execute abc", "execute xyz"]
