"""OptionalPikaEventBroker: no broker without a URL; on a real RabbitMQ, the events Rasa's tracker
store saves arrive in the queue, and RabbitMQ down at start or going away never holds Rasa up
nor loses an event while Rasa runs."""

from __future__ import annotations

import asyncio
import json
import logging
import time
from pathlib import Path

import aio_pika
import pytest
from rasa.core.brokers.broker import EventBroker
from rasa.core.tracker_store import create_tracker_store
from rasa.shared.core.domain import Domain
from rasa.shared.core.events import ActionExecuted, BotUttered, UserUttered
from rasa.shared.exceptions import RasaException
from rasa.utils.endpoints import EndpointConfig, read_endpoint_config

from stores.event_broker import OptionalPikaEventBroker
from tests.rabbitmq_server import RabbitMQServer, rabbitmq_server_fixture, requires_rabbitmq

ROOT = Path(__file__).resolve().parents[2]
BROKER = "stores.event_broker.OptionalPikaEventBroker"
STRICT = "stores.tracker_store.StrictSQLTrackerStore"
WAIT = 30.0  # bound of every wait for RabbitMQ (never a speed assertion)

rabbitmq = rabbitmq_server_fixture(scope="module")


def broker_config(url=None, **kwargs) -> EndpointConfig:
    return EndpointConfig(url=url, type=BROKER, **kwargs)


async def queue_bodies(url: str, queue: str, count: int, timeout: float = WAIT) -> list:
    """The JSON of the first ``count`` messages of the queue (taken from it)."""
    connection = await aio_pika.connect(url)
    try:
        channel = await connection.channel()
        source = await channel.declare_queue(queue, durable=True, passive=True)
        bodies, deadline = [], time.monotonic() + timeout
        while len(bodies) < count and time.monotonic() < deadline:
            message = await source.get(no_ack=True, fail=False)
            if message is None:
                await asyncio.sleep(0.05)
            else:
                bodies.append(json.loads(message.body))
        return bodies
    finally:
        await connection.close()


async def until(condition, timeout: float = WAIT) -> bool:
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            return False
        await asyncio.sleep(0.05)
    return True


# --- the default: no broker ------------------------------------------------------------------


@pytest.mark.parametrize("value", [None, "", "   "])
async def test_without_url_there_is_no_broker(monkeypatch, value):
    if value is None:
        monkeypatch.delenv("EVENT_BROKER_URL", raising=False)
    else:
        monkeypatch.setenv("EVENT_BROKER_URL", value)
    assert await EventBroker.create(broker_config()) is None


async def test_endpoints_yml_names_the_optional_broker_and_needs_no_variable(monkeypatch, tmp_path):
    for name in ("ACTION_SERVER_URL", "ACTION_SERVER_TOKEN", "TRACKER_STORE_URL", "REDIS_URL"):
        monkeypatch.setenv(name, "x")
    monkeypatch.delenv("EVENT_BROKER_URL", raising=False)
    config = read_endpoint_config(str(ROOT / "endpoints.yml"), "event_broker")
    assert config.type == BROKER
    assert await EventBroker.create(config) is None
    store = create_tracker_store(
        EndpointConfig(url=f"sqlite:///{tmp_path / 't.db'}", type=STRICT), Domain.empty(), None
    )
    assert store.event_broker is None


@pytest.mark.parametrize("url", ["http://127.0.0.1:5672/", "amqp://", "amqp://127.0.0.1:notaport/"])
async def test_a_malformed_url_is_refused_clearly(url):
    with pytest.raises(RasaException, match="event broker's settings are invalid"):
        await EventBroker.create(broker_config(url))


# --- on a real RabbitMQ ----------------------------------------------------------------------


@requires_rabbitmq
async def test_the_events_rasa_saves_arrive_in_the_queue(rabbitmq, tmp_path, monkeypatch):
    monkeypatch.setenv("EVENT_BROKER_URL", rabbitmq.url)
    monkeypatch.setenv("EVENT_BROKER_QUEUE", "saved_events")
    broker = await EventBroker.create(broker_config())
    assert isinstance(broker, OptionalPikaEventBroker) and broker.is_ready()
    store = create_tracker_store(
        EndpointConfig(url=f"sqlite:///{tmp_path / 'tracker.db'}", type=STRICT), Domain.empty(), broker
    )
    tracker = await store.get_or_create_tracker("client-1")
    tracker.update(UserUttered("Mon colis n'est jamais arrivé"))
    tracker.update(ActionExecuted("utter_excuses"))
    tracker.update(BotUttered("Je suis désolé pour ce retard."))
    await store.save(tracker)
    tracker.update(UserUttered("Merci"))
    await store.save(tracker)  # only the new event is published again
    await broker.drain()
    bodies = await queue_bodies(rabbitmq.url, "saved_events", 5, timeout=3)
    await broker.close()
    assert [(b["sender_id"], b["event"]) for b in bodies] == [
        ("client-1", "action"),  # action_listen, added by get_or_create_tracker
        ("client-1", "user"),
        ("client-1", "action"),
        ("client-1", "bot"),
        ("client-1", "user"),
    ]
    assert [b.get("text") for b in bodies if b["event"] in ("user", "bot")] == [
        "Mon colis n'est jamais arrivé",
        "Je suis désolé pour ce retard.",
        "Merci",
    ]


@requires_rabbitmq
async def test_the_queue_of_endpoints_yml_wins_over_the_variable(rabbitmq, monkeypatch):
    monkeypatch.setenv("EVENT_BROKER_QUEUE", "from_variable")
    broker = await EventBroker.create(broker_config(rabbitmq.url, queues=["from_endpoints"]))
    broker.publish({"sender_id": "client-2", "event": "user", "text": "Bonjour"})
    await broker.drain()
    await broker.close()
    assert rabbitmq.queue_depths().get("from_endpoints") == 1
    assert "from_variable" not in rabbitmq.queue_depths()


@requires_rabbitmq
async def test_rabbitmq_down_at_start_holds_nothing_up_and_loses_nothing(caplog):
    server = RabbitMQServer()  # not started: the port is known, nobody answers
    try:
        config = broker_config(server.url, queues=["late"], connect_timeout=1, retry_delay_in_seconds=0.2)
        with caplog.at_level(logging.INFO, logger="stores.event_broker"):
            broker = await EventBroker.create(config)  # returns: Rasa starts without RabbitMQ
            assert isinstance(broker, OptionalPikaEventBroker) and not broker.is_ready()
            for number in range(3):
                broker.publish({"sender_id": "client-3", "event": "user", "text": f"message {number}"})
            assert broker.waiting == 3
            await asyncio.to_thread(server.start)
            assert await until(lambda: broker.published == 3)
            await broker.drain()
        bodies = await queue_bodies(server.url, "late", 3)
        await broker.close()
    finally:
        server.close()
    assert [b["text"] for b in bodies] == ["message 0", "message 1", "message 2"]
    assert "RabbitMQ unreachable" in caplog.text
    assert server.password not in caplog.text


@requires_rabbitmq
async def test_rabbitmq_going_away_keeps_the_events_until_it_is_back(caplog):
    with RabbitMQServer() as server:
        config = broker_config(server.url, queues=["kept"], retry_delay_in_seconds=0.2, publish_timeout=2)
        broker = await EventBroker.create(config)
        broker.publish({"sender_id": "client-4", "event": "user", "text": "avant la panne"})
        await broker.drain()
        await asyncio.to_thread(server.kill)  # a crash, not a clean stop
        with caplog.at_level(logging.INFO, logger="stores.event_broker"):
            broker.publish(
                {"sender_id": "client-4", "event": "user", "text": "Je suis furieux, 06 12 34 56 78"}
            )
            broker.publish({"sender_id": "client-4", "event": "bot", "text": "Je comprends."})
            await broker.drain()
            assert broker.waiting == 2 and broker.published == 1
            await asyncio.to_thread(server.start)
            assert await until(lambda: broker.published == 3)
        bodies = await queue_bodies(server.url, "kept", 3)
        assert server.queue_depths()["kept"] == 0  # nothing sent twice
        await broker.close()
    # each once (the order of the events kept during an outage is the order their sends failed)
    assert bodies[0]["text"] == "avant la panne"
    assert sorted(b["text"] for b in bodies[1:]) == ["Je comprends.", "Je suis furieux, 06 12 34 56 78"]
    assert "kept for later" in caplog.text
    for secret in ("06 12 34 56 78", "client-4", server.password):
        assert secret not in caplog.text


@requires_rabbitmq
async def test_the_events_kept_in_memory_are_bounded():
    server = RabbitMQServer()  # not started yet
    try:
        config = broker_config(
            server.url, queues=["bounded"], max_unpublished=3, connect_timeout=1, retry_delay_in_seconds=0.2
        )
        broker = await EventBroker.create(config)
        for number in range(5):
            broker.publish({"sender_id": "client-5", "event": "user", "text": f"m{number}"})
        assert (broker.waiting, broker.dropped) == (3, 2)
        await asyncio.to_thread(server.start)
        assert await until(lambda: broker.published == 3)
        bodies = await queue_bodies(server.url, "bounded", 3)
        await broker.close()
    finally:
        server.close()
    assert [b["text"] for b in bodies] == ["m2", "m3", "m4"]  # the oldest were dropped
