"""The widget's socket.io channel across several Rasa instances: with Redis, a push sent by
any instance reaches the widget connected to another one; without it, only the instance
the widget is connected to reaches it. And a failure gets a French apology, not silence.

Each "instance" is a real Sanic server on 127.0.0.1 with the channel registered as Rasa's
``configure_app`` does; the widget is python-socketio's client speaking rasa-webchat's
protocol (tests/channels/widget_client.py); Redis is a throwaway redis-server.
"""

from __future__ import annotations

import asyncio
import json
import logging
import pickle
from types import SimpleNamespace

import pytest
import redis
import socketio
from rasa.core.channels.channel import UserMessage
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
from tests.channels.widget_client import CREDENTIALS, WAIT, Agent, instance, widget_on
from tests.redis_server import RedisServer, redis_server_fixture, requires_redis

redis_instance = redis_server_fixture()


@pytest.fixture(autouse=True)
def several_apps_in_one_process(monkeypatch):
    """Sanic rewrites its own request handlers at start-up; in test mode it keeps the
    originals, so that a second app in the same process can start too."""
    monkeypatch.setattr(Sanic, "test_mode", True)


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
        await output.send_text_message(widget.conversation, "Un conseiller vous répond.")
        assert await widget.next() == {"text": "Un conseiller vous répond."}
        buttons = [{"title": "Oui", "payload": "/affirm"}]
        await output.send_text_with_buttons(widget.conversation, "Est-ce réglé ?", buttons)
        follow_up = await widget.next()
        assert follow_up["text"] == "Est-ce réglé ?"
        assert [reply["payload"] for reply in follow_up["quick_replies"]] == ["/affirm"]
        await output.send_text_message("web-" + "0" * 32, "Pas pour vous.")
        assert await widget.nothing_more()


@requires_redis
async def test_a_push_through_rasas_http_api_path_reaches_the_other_instance(shared_redis):
    """The console and the scheduler call Rasa's HTTP API with output_channel=latest: Rasa
    then takes the registered channel named like the conversation's latest input channel."""
    async with instance() as a, instance() as b, widget_on(a.url) as widget:
        tracker = DialogueStateTracker.from_events(
            widget.conversation, [UserUttered("bonjour", input_channel="socketio")]
        )
        request = SimpleNamespace(args={"output_channel": "latest"}, app=b.app)
        output = _get_output_channel(request, tracker)
        await output.send_text_message(widget.conversation, "Votre relance de suivi.")
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
        async with widget_on(a.url) as first, widget_on(b.url, first.token) as second:
            assert second.token == first.token  # the same secret on both: the same conversation
            output = a.channel.get_output_channel()
            await output.send_text_message(first.conversation, "Pour les deux onglets.")
            assert await first.next() == await second.next() == {"text": "Pour les deux onglets."}


async def test_without_redis_only_the_widgets_own_instance_reaches_it(monkeypatch):
    """Why the Redis manager is needed: Rasa's channel alone pushes within its process only."""
    no_redis(monkeypatch)
    async with instance() as a, instance() as b, widget_on(a.url) as widget:
        other, same = b.channel.get_output_channel(), a.channel.get_output_channel()
        await other.send_text_message(widget.conversation, "Depuis l'autre instance.")
        await same.send_text_message(widget.conversation, "Depuis la même instance.")
        assert await widget.next() == {"text": "Depuis la même instance."}
        assert await widget.nothing_more()


@requires_redis
async def test_the_redis_channel_carries_json_and_never_unpickles(shared_redis):
    """Anyone who can write to Redis must not be able to run code through a pickle."""
    async with instance() as a, widget_on(a.url) as widget:
        emit = {"method": "emit", "event": "bot_uttered", "namespace": "/", "room": widget.conversation}
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
        await b.channel.get_output_channel().send_text_message(widget.conversation, "Après le redémarrage.")
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
                a.channel.get_output_channel().send_text_message("web-" + "0" * 32, "Perdu ?"), 4 * WAIT
            )


# --- bad input --------------------------------------------------------------------------


TOKEN = object()  # stands for the widget's own token, valid: only the rest is wrong


@pytest.mark.parametrize(
    "payload, answer",
    [
        (["bonjour"], UNREADABLE),
        ("bonjour", UNREADABLE),
        ({"message": 42, "session_id": TOKEN}, UNREADABLE),
        ({"message": "bonjour", "session_id": [TOKEN]}, UNREADABLE),
        ({"message": "bonjour", "session_id": TOKEN, "metadata": "{pas du json"}, UNREADABLE),
        ({"message": "bonjour", "session_id": TOKEN, "metadata": [1, 2]}, UNREADABLE),
        ({"message": "x" * (MAX_MESSAGE_CHARS + 1), "session_id": TOKEN}, TOO_LONG),
        ({"message": "bonjour"}, NO_SESSION),
    ],
)
async def test_a_message_the_bot_cannot_read_gets_a_french_answer(monkeypatch, payload, answer):
    no_redis(monkeypatch)
    agent = Agent()
    async with instance(agent) as a, widget_on(a.url) as widget:
        if isinstance(payload, dict):
            session = payload.get("session_id")
            payload = {**payload, "session_id": [widget.token] if isinstance(session, list) else widget.token}
            if session is None:
                del payload["session_id"]
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
            "session_id": widget.token,
            "metadata": '{"page": "/aide"}',
        }
        await widget.sio.emit("user_uttered", payload)
        assert await widget.next() == {"text": "Bien reçu : bonjour"}
    assert seen == [("bonjour", {"page": "/aide"})]
