"""channels/rest.py's rate limit, through a real Sanic server serving the channel as `rasa run`
does: past REST_RATE_LIMIT messages a client address gets a 429 with a French message, and the
bot does not see the refused messages."""

from __future__ import annotations

import time
from typing import List

import aiohttp

from channels.rest import TOO_MANY_MESSAGES, FrenchRestInput
from tests.channels.rasa_server import rasa_server


class EchoAgent:
    """Stands in for Rasa's agent behind the channel: answers each message, keeps the texts."""

    def __init__(self) -> None:
        self.seen: List[str] = []

    async def handle_message(self, message) -> None:
        self.seen.append(message.text)
        await message.output_channel.send_text_message(message.sender_id, f"reçu : {message.text}")


async def send(session: aiohttp.ClientSession, url: str, text: str):
    async with session.post(
        f"{url}/webhooks/rest/webhook", json={"sender": "client-1", "message": text}
    ) as answer:
        return answer.status, await answer.json(), answer.headers.get("Retry-After")


async def test_past_the_limit_a_client_gets_a_french_429(monkeypatch):
    monkeypatch.setenv("REST_RATE_LIMIT", "3/60")
    agent = EchoAgent()
    async with rasa_server(agent, [FrenchRestInput()]) as url:
        async with aiohttp.ClientSession() as session:
            answers = [await send(session, url, f"message {index}") for index in range(5)]
    assert [status for status, _, _ in answers] == [200, 200, 200, 429, 429]
    assert answers[0][1] == [{"recipient_id": "client-1", "text": "reçu : message 0"}]
    status, body, retry_after = answers[3]
    assert body == [{"text": TOO_MANY_MESSAGES}]
    assert "trop de messages" in body[0]["text"] and int(retry_after) == 20
    assert agent.seen == ["message 0", "message 1", "message 2"]


async def test_the_limit_can_be_switched_off(monkeypatch):
    monkeypatch.setenv("REST_RATE_LIMIT", "off")
    agent = EchoAgent()
    async with rasa_server(agent, [FrenchRestInput()]) as url:
        async with aiohttp.ClientSession() as session:
            statuses = [(await send(session, url, f"m{index}"))[0] for index in range(40)]
    assert statuses == [200] * 40 and len(agent.seen) == 40


async def test_the_default_limit_is_thirty_messages_at_once_then_three_a_second(monkeypatch):
    monkeypatch.delenv("REST_RATE_LIMIT", raising=False)
    agent = EchoAgent()
    async with rasa_server(agent, [FrenchRestInput()]) as url:
        async with aiohttp.ClientSession() as session:
            started = time.monotonic()
            statuses = [(await send(session, url, f"m{index}"))[0] for index in range(40)]
            elapsed = time.monotonic() - started
    assert elapsed < 2, "too slow to measure the burst"
    assert statuses[:30] == [200] * 30 and 429 in statuses[30:]
    assert statuses.count(200) <= 30 + 3 * elapsed + 1  # what came back meanwhile, no more


async def test_a_body_over_sanics_request_max_size_is_refused_cleanly(monkeypatch):
    """tools/stack.py sets SANIC_REQUEST_MAX_SIZE; Rasa's Sanic app reads it as this one does."""
    monkeypatch.setenv("SANIC_REQUEST_MAX_SIZE", "10000")
    agent = EchoAgent()
    async with rasa_server(agent, [FrenchRestInput()]) as url:
        async with aiohttp.ClientSession() as session:
            async with session.post(
                f"{url}/webhooks/rest/webhook", json={"sender": "client-1", "message": "x" * 20_000}
            ) as answer:
                status, text = answer.status, await answer.text()
    assert status == 413, (status, text)
    assert "x" * 100 not in text and agent.seen == []


async def test_a_widget_conversation_cannot_be_continued_through_the_rest_webhook(monkeypatch):
    monkeypatch.setenv("REST_RATE_LIMIT", "off")
    agent = EchoAgent()
    widget_conversation = "web-" + "3f" * 16  # the form of the ids the widget's server issues
    async with rasa_server(agent, [FrenchRestInput()]) as url:
        async with aiohttp.ClientSession() as session:
            async with session.post(
                f"{url}/webhooks/rest/webhook", json={"sender": widget_conversation, "message": "bonjour"}
            ) as refused:
                refused_status, refused_text = refused.status, await refused.text()
            own_status, own_body, _ = await send(session, url, "bonjour")
    assert refused_status == 403 and "widget" in refused_text
    assert own_status == 200 and own_body[0]["recipient_id"] == "client-1"
    assert agent.seen == ["bonjour"]  # only the REST client's own message reached the bot


async def test_reserved_rasa_commands_typed_by_a_customer_are_read_as_words(monkeypatch):
    monkeypatch.setenv("REST_RATE_LIMIT", "off")
    agent = EchoAgent()
    typed = ["/restart", " /session_start", "/EXTERNAL_follow_up", "/affirm", '/inform{"csat": 4}']
    typed.append("/restarting")  # another intent, not Rasa's
    async with rasa_server(agent, [FrenchRestInput()]) as url:
        async with aiohttp.ClientSession() as session:
            for text in typed:
                assert (await send(session, url, text))[0] == 200
    # the buttons' payloads (/affirm, /deny) and other intents stay payloads
    assert agent.seen == [
        "restart",
        "session_start",
        "EXTERNAL_follow_up",
        "/affirm",
        '/inform{"csat": 4}',
        "/restarting",
    ]
