"""The widget's socket.io channel across several Rasa instances: with Redis, a push sent by
any instance reaches the widget connected to another one; without it, only the instance
the widget is connected to reaches it. And a failure gets a French apology, not silence.

Each "instance" is a real Sanic server on 127.0.0.1 with the channel registered as Rasa's
``configure_app`` does; the widget is python-socketio's client speaking rasa-webchat's
protocol (session_request, then bot_uttered); Redis is a throwaway redis-server.
"""

from __future__ import annotations

import asyncio
import json
import logging
import pickle
import uuid
from contextlib import asynccontextmanager
from types import SimpleNamespace
from typing import Any, AsyncIterator, List, Optional

import pytest
import redis
import socketio
from rasa.core.channels.channel import UserMessage, register
from rasa.core.channels.socketio import SocketIOOutput
from rasa.server import _get_output_channel
from rasa.shared.core.events import UserUttered
from rasa.shared.core.trackers import DialogueStateTracker
from sanic import Sanic

from channels.rest import MAX_MESSAGE_CHARS, TECHNICAL_APOLOGY
from channels.socketio import (
    NO_SESSION,
    REDIS_CHANNEL,
    TOO_LONG,
    UNREADABLE,
    FrenchSocketIOInput,
    JsonRedisManager,
    PushNotDelivered,
    redacted,
    redis_url,
)
from tests.redis_server import RedisServer, free_port, redis_server_fixture, requires_redis

CREDENTIALS = {
    "user_message_evt": "user_uttered",
    "bot_message_evt": "bot_uttered",
    "session_persistence": True,
}
WAIT = 5.0  # seconds for anything that should arrive
SILENCE = 1.0  # seconds during which nothing must arrive

redis_instance = redis_server_fixture()


@pytest.fixture(autouse=True)
def several_apps_in_one_process(monkeypatch):
    """Sanic rewrites its own request handlers at start-up; in test mode it keeps the
    originals, so that a second app in the same process can start too."""
    monkeypatch.setattr(Sanic, "test_mode", True)


class Agent:
    """Stands in for Rasa's Agent behind the channel: answers through the message's own output
    channel, as Rasa does, or fails like a tracker store or lock store out of reach."""

    def __init__(self, failure: Optional[BaseException] = None) -> None:
        self.failure = failure
        self.handled: List[str] = []

    async def handle_message(self, message: UserMessage) -> None:
        self.handled.append(message.text)
        if self.failure is not None:
            raise self.failure
        await message.output_channel.send_text_message(message.sender_id, f"Bien reçu : {message.text}")


@asynccontextmanager
async def instance(agent: Optional[Agent] = None) -> AsyncIterator[SimpleNamespace]:
    """One Rasa instance: a Sanic server with the channel registered like ``rasa run`` does
    (credentials, ``register`` under /webhooks/, the agent in ``app.ctx``), on a free port."""
    app = Sanic(f"instance_{uuid.uuid4().hex[:12]}")
    app.ctx.agent = agent or Agent()
    channel = FrenchSocketIOInput.from_credentials(dict(CREDENTIALS))
    register([channel], app, route="/webhooks/")
    port = free_port()
    server = await app.create_server(host="127.0.0.1", port=port, return_asyncio_server=True)
    await server.startup()
    await server.before_start()
    await server.after_start()
    try:
        yield SimpleNamespace(app=app, channel=channel, url=f"http://127.0.0.1:{port}")
    finally:
        await server.before_stop()
        server.close()
        await asyncio.wait_for(server.wait_closed(), WAIT)
        await server.after_stop()


class Widget:
    """A customer's widget: connects, asks for its conversation, collects bot_uttered."""

    def __init__(self, session_id: str) -> None:
        self.session_id = session_id
        self.received: asyncio.Queue = asyncio.Queue()
        self.confirmed: asyncio.Queue = asyncio.Queue()
        self.sio = socketio.AsyncClient(reconnection=False)
        self.sio.on("bot_uttered", self.received.put_nowait)
        self.sio.on("session_confirm", self.confirmed.put_nowait)

    async def open(self, url: str) -> None:
        await self.sio.connect(url, transports=["polling"], socketio_path="/socket.io", wait_timeout=WAIT)
        await self.sio.emit("session_request", {"session_id": self.session_id})
        assert await asyncio.wait_for(self.confirmed.get(), WAIT) == self.session_id

    async def say(self, text: str) -> None:
        await self.sio.emit("user_uttered", {"message": text, "session_id": self.session_id})

    async def next(self) -> Any:
        return await asyncio.wait_for(self.received.get(), WAIT)

    async def nothing_more(self) -> bool:
        await asyncio.sleep(SILENCE)
        return self.received.empty()

    async def close(self) -> None:
        await asyncio.wait_for(self.sio.disconnect(), WAIT)


@asynccontextmanager
async def widget_on(url: str, session_id: str = "conv-cluster") -> AsyncIterator[Widget]:
    widget = Widget(session_id)
    await widget.open(url)
    try:
        yield widget
    finally:
        await widget.close()


def no_redis(monkeypatch) -> None:
    monkeypatch.delenv("SOCKETIO_REDIS_URL", raising=False)
    monkeypatch.delenv("REDIS_URL", raising=False)


@pytest.fixture
def shared_redis(monkeypatch, redis_instance: RedisServer) -> RedisServer:
    """Both instances configured like production: REDIS_URL only, shared with the lock store."""
    no_redis(monkeypatch)
    monkeypatch.setenv("REDIS_URL", redis_instance.url)
    return redis_instance


# --- configuration ----------------------------------------------------------------------


def test_without_redis_the_channel_keeps_the_in_process_manager(monkeypatch):
    no_redis(monkeypatch)
    assert redis_url() is None
    channel = FrenchSocketIOInput.from_credentials(dict(CREDENTIALS))
    channel.blueprint(Agent().handle_message)
    assert type(channel.sio.manager) is socketio.AsyncManager


def test_the_socketio_variable_wins_over_the_shared_one(monkeypatch):
    monkeypatch.setenv("REDIS_URL", "redis://lock-store:6379/0")
    monkeypatch.setenv("SOCKETIO_REDIS_URL", "redis://pushes:6379/2")
    assert redis_url() == "redis://pushes:6379/2"
    monkeypatch.setenv("SOCKETIO_REDIS_URL", "")
    assert redis_url() == "redis://lock-store:6379/0"
    channel = FrenchSocketIOInput.from_credentials(dict(CREDENTIALS))
    channel.blueprint(Agent().handle_message)
    assert isinstance(channel.sio.manager, JsonRedisManager)
    assert channel.sio.manager.server is channel.sio


def test_a_url_that_is_not_redis_is_refused(monkeypatch):
    no_redis(monkeypatch)
    monkeypatch.setenv("REDIS_URL", "http://127.0.0.1:6379")
    with pytest.raises(ValueError, match="REDIS_URL must be a redis://"):
        redis_url()


def test_the_password_never_reaches_the_logs():
    assert redacted("redis://:s3cret@redis.internal:6380/1") == "redis://redis.internal:6380/1"


# --- several instances --------------------------------------------------------------------


@requires_redis
async def test_with_redis_a_push_from_the_other_instance_reaches_the_widget(shared_redis):
    async with instance() as a, instance() as b, widget_on(a.url) as widget:
        output = b.channel.get_output_channel()
        assert isinstance(output, SocketIOOutput)
        await output.send_text_message("conv-cluster", "Un conseiller vous répond.")
        assert await widget.next() == {"text": "Un conseiller vous répond."}
        buttons = [{"title": "Oui", "payload": "/affirm"}]
        await output.send_text_with_buttons("conv-cluster", "Est-ce réglé ?", buttons)
        follow_up = await widget.next()
        assert follow_up["text"] == "Est-ce réglé ?"
        assert [reply["payload"] for reply in follow_up["quick_replies"]] == ["/affirm"]
        await output.send_text_message("conv-someone-else", "Pas pour vous.")
        assert await widget.nothing_more()


@requires_redis
async def test_a_push_through_rasas_http_api_path_reaches_the_other_instance(shared_redis):
    """The console and the scheduler call Rasa's HTTP API with output_channel=latest: Rasa
    then takes the registered channel named like the conversation's latest input channel."""
    tracker = DialogueStateTracker.from_events(
        "conv-cluster", [UserUttered("bonjour", input_channel="socketio")]
    )
    async with instance() as a, instance() as b, widget_on(a.url) as widget:
        request = SimpleNamespace(args={"output_channel": "latest"}, app=b.app)
        output = _get_output_channel(request, tracker)
        await output.send_text_message("conv-cluster", "Votre relance de suivi.")
        assert await widget.next() == {"text": "Votre relance de suivi."}


@requires_redis
async def test_with_redis_the_bot_still_answers_the_widget_on_its_own_instance(shared_redis):
    agent = Agent()
    async with instance(agent) as a, instance(), widget_on(a.url) as widget:
        await widget.say("ma commande")
        assert await widget.next() == {"text": "Bien reçu : ma commande"}
        assert await widget.nothing_more()  # once, though both instances hear it on Redis
        assert agent.handled == ["ma commande"]


@requires_redis
async def test_both_tabs_of_one_conversation_get_the_push_wherever_they_are(shared_redis):
    async with instance() as a, instance() as b:
        async with widget_on(a.url) as first, widget_on(b.url) as second:
            await a.channel.get_output_channel().send_text_message("conv-cluster", "Pour les deux onglets.")
            assert await first.next() == await second.next() == {"text": "Pour les deux onglets."}


async def test_without_redis_only_the_widgets_own_instance_reaches_it(monkeypatch):
    """Why the Redis manager is needed: Rasa's channel alone pushes within its process only."""
    no_redis(monkeypatch)
    async with instance() as a, instance() as b, widget_on(a.url) as widget:
        await b.channel.get_output_channel().send_text_message("conv-cluster", "Depuis l'autre instance.")
        await a.channel.get_output_channel().send_text_message("conv-cluster", "Depuis la même instance.")
        assert await widget.next() == {"text": "Depuis la même instance."}
        assert await widget.nothing_more()


@requires_redis
async def test_the_redis_channel_carries_json_and_never_unpickles(shared_redis):
    """Anyone who can write to Redis must not be able to run code through a pickle."""
    async with instance() as a, widget_on(a.url) as widget:
        emit = {"method": "emit", "event": "bot_uttered", "namespace": "/", "room": "conv-cluster"}
        client = redis.Redis.from_url(shared_redis.url, socket_timeout=WAIT)
        try:
            client.publish(REDIS_CHANNEL, pickle.dumps({**emit, "data": {"text": "pickle"}}))
            client.publish(REDIS_CHANNEL, b"\x00 pas du JSON")
            client.publish(REDIS_CHANNEL, json.dumps({**emit, "data": {"text": "json"}}))
        finally:
            client.close()
        assert await widget.next() == {"text": "json"}
        assert await widget.nothing_more()


@requires_redis
async def test_pushes_resume_when_redis_comes_back(shared_redis):
    async with instance() as a, instance() as b, widget_on(a.url) as widget:
        manager = a.channel.sio.manager
        shared_redis.restart()
        await asyncio.wait_for(_until(lambda: not manager.ready.is_set()), WAIT)
        await asyncio.wait_for(manager.ready.wait(), 4 * WAIT)  # the listener resubscribes
        await b.channel.get_output_channel().send_text_message("conv-cluster", "Après le redémarrage.")
        assert await widget.next() == {"text": "Après le redémarrage."}


async def _until(condition) -> None:
    while not condition():
        await asyncio.sleep(0.05)


# --- failures ---------------------------------------------------------------------------


PRIVATE = "jean.dupont@example.com commande 4471"


async def _apology_is_received(caplog, agent: Agent, url: str) -> None:
    async with widget_on(url) as widget:
        await widget.say(f"mon e-mail est {PRIVATE}")
        assert await widget.next() == {"text": TECHNICAL_APOLOGY}
        assert await widget.nothing_more()
    assert agent.handled == [f"mon e-mail est {PRIVATE}"]
    errors = [r for r in caplog.records if r.name == "channels.socketio" and r.levelno >= logging.ERROR]
    assert errors and "could not be handled" in errors[0].getMessage()
    assert "ConnectionError" in errors[0].getMessage()
    logged = caplog.text + "".join(str(r.exc_info) for r in caplog.records)
    assert "jean.dupont" not in logged and "4471" not in logged


async def test_a_failure_gets_the_french_apology_and_a_log_without_the_message(monkeypatch, caplog):
    no_redis(monkeypatch)
    caplog.set_level(logging.INFO)
    agent = Agent(ConnectionError(f"tracker store unreachable while saving '{PRIVATE}'"))
    async with instance(agent) as a:
        await _apology_is_received(caplog, agent, a.url)


@requires_redis
async def test_the_widget_starts_and_gets_the_apology_even_when_redis_is_down(shared_redis, caplog):
    """The lock store shares this Redis: when it is down, the message fails, and neither the
    session's confirmation nor the apology may depend on Redis to reach a widget connected
    to this very instance."""
    caplog.set_level(logging.INFO)
    agent = Agent(ConnectionError(f"lock store unreachable for '{PRIVATE}'"))
    async with instance(agent) as a:
        shared_redis.stop()
        async with widget_on(a.url) as widget:  # waits for session_confirm
            await widget.say(f"mon e-mail est {PRIVATE}")
            assert await widget.next() == {"text": TECHNICAL_APOLOGY}
        assert "jean.dupont" not in caplog.text and "4471" not in caplog.text


@requires_redis
async def test_a_push_redis_cannot_take_is_an_error_not_a_silent_loss(shared_redis):
    async with instance() as a:
        shared_redis.stop()
        with pytest.raises(PushNotDelivered):
            await asyncio.wait_for(
                a.channel.get_output_channel().send_text_message("conv-cluster", "Perdu ?"), 4 * WAIT
            )


# --- bad input --------------------------------------------------------------------------


@pytest.mark.parametrize(
    "payload, answer",
    [
        (["bonjour"], UNREADABLE),
        ("bonjour", UNREADABLE),
        ({"message": 42, "session_id": "conv-cluster"}, UNREADABLE),
        ({"message": "bonjour", "session_id": ["conv-cluster"]}, UNREADABLE),
        ({"message": "bonjour", "session_id": "conv-cluster", "metadata": "{pas du json"}, UNREADABLE),
        ({"message": "bonjour", "session_id": "conv-cluster", "metadata": [1, 2]}, UNREADABLE),
        ({"message": "x" * (MAX_MESSAGE_CHARS + 1), "session_id": "conv-cluster"}, TOO_LONG),
        ({"message": "bonjour"}, NO_SESSION),
    ],
)
async def test_a_message_the_bot_cannot_read_gets_a_french_answer(monkeypatch, payload, answer):
    no_redis(monkeypatch)
    agent = Agent()
    async with instance(agent) as a, widget_on(a.url) as widget:
        await widget.sio.emit("user_uttered", payload)
        assert await widget.next() == {"text": answer}
        await widget.say("et maintenant ?")  # the socket still works
        assert await widget.next() == {"text": "Bien reçu : et maintenant ?"}
    assert agent.handled == ["et maintenant ?"]


async def test_control_characters_are_dropped_and_json_metadata_is_read(monkeypatch):
    no_redis(monkeypatch)
    seen = []

    class Recording(Agent):
        async def handle_message(self, message: UserMessage) -> None:
            seen.append((message.text, message.metadata))
            await super().handle_message(message)

    async with instance(Recording()) as a, widget_on(a.url) as widget:
        payload = {
            "message": "bon\x00jour\u200b",
            "session_id": "conv-cluster",
            "metadata": '{"page": "/aide"}',
        }
        await widget.sio.emit("user_uttered", payload)
        assert await widget.next() == {"text": "Bien reçu : bonjour"}
    assert seen == [("bonjour", {"page": "/aide"})]
