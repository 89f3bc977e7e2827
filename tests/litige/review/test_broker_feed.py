"""The review desk fed from RabbitMQ (litige/review/broker_feed.py), on SQLite and PostgreSQL
with a real private RabbitMQ: Rasa's tracker store saves and publishes the events, the feed
writes the read model the polling sync would write, acknowledges only once it is written, keeps
the messages while the database is locked, drops what is not a Rasa event, never replaces a
row by an older summary; and ``python -m litige.review consume`` as a process."""

from __future__ import annotations

import asyncio
import io
import os
import re
import signal
import subprocess
import sys
import time
from datetime import datetime, timedelta, timezone
from pathlib import Path

import aio_pika
import pytest
import sqlalchemy as sa
from rasa.core.tracker_store import create_tracker_store
from rasa.shared.core.domain import Domain
from rasa.shared.core.events import Event
from rasa.shared.core.trackers import DialogueStateTracker
from rasa.utils.endpoints import EndpointConfig

from litige.review.broker_feed import EXCHANGE, BrokerFeed, refresh
from litige.review.cli import main
from litige.review.filters import ListFilters
from stores.event_broker import OptionalPikaEventBroker
from tests.rabbitmq_server import RabbitMQServer, rabbitmq_server_fixture, requires_rabbitmq

from .conftest import Talk, handoff, resolved

ROOT = Path(__file__).resolve().parents[3]
MORNING = datetime(2026, 12, 8, 9, 0, tzinfo=timezone.utc)
WAIT = 30.0  # bound of every wait (never a speed assertion)

pytestmark = requires_rabbitmq
rabbitmq = rabbitmq_server_fixture(scope="module")


@pytest.fixture(scope="module")
def domain() -> Domain:
    return Domain.load(str(ROOT / "domain.yml"))


class Rasa:
    """Rasa's own tracker store (the project's strict SQL store) publishing to the broker."""

    def __init__(self, tracker_url: str, domain: Domain, broker: OptionalPikaEventBroker):
        config = EndpointConfig(url=tracker_url, type="stores.tracker_store.StrictSQLTrackerStore")
        self.store = create_tracker_store(config, domain, broker)
        self.broker = broker
        self.domain = domain

    async def save(self, sender: str, events: list) -> None:
        tracker = await self.store.retrieve(sender) or DialogueStateTracker(sender, self.domain.slots)
        for event in events:
            tracker.update(Event.from_parameters(event))
        await self.store.save(tracker)
        await self.broker.drain()


@pytest.fixture
async def rasa(rabbitmq, urls, domain, request):
    queue = re.sub(r"[^\w.-]", "_", f"feed_{request.node.name}")[:200]
    broker = await OptionalPikaEventBroker.from_endpoint_config(
        EndpointConfig(url=rabbitmq.url, queues=[queue])
    )
    yield Rasa(urls[1], domain, broker)
    await broker.close()


@pytest.fixture
async def feed(rasa, store):
    """The feed running in the background on the test's queue."""
    stop = asyncio.Event()
    feed = BrokerFeed(store, rasa.broker.url, rasa.broker.queues[0], linger=0.05, retry=0.2, catch_up=0)
    task = asyncio.create_task(feed.run(stop))
    ready = asyncio.create_task(feed.ready.wait())
    await asyncio.wait({task, ready}, timeout=WAIT, return_when=asyncio.FIRST_COMPLETED)
    if task.done():
        task.result()  # the feed failed to start: its error
    assert ready.done(), "the feed did not start consuming"
    yield feed
    stop.set()
    await asyncio.wait_for(task, WAIT)


async def until(condition, timeout: float = WAIT) -> bool:
    deadline = time.monotonic() + timeout
    while not await asyncio.to_thread(condition):
        if time.monotonic() > deadline:
            return False
        await asyncio.sleep(0.05)
    return True


def rows(store) -> dict:
    found, _ = store.list_conversations(ListFilters(), per_page=50)
    return {row["conversation_id"]: row for row in found}


async def test_published_events_end_up_in_the_read_model_the_sync_would_write(rasa, feed, store, rabbitmq):
    await rasa.save("c-resolved", resolved().events)
    await rasa.save("c-handoff", handoff().events)
    assert await until(lambda: set(rows(store)) == {"c-resolved", "c-handoff"})
    assert await until(lambda: rabbitmq.queue_depths().get(rasa.broker.queues[0]) == 0)  # all acked
    fed = rows(store)
    assert (fed["c-resolved"]["outcome"], fed["c-resolved"]["category"]) == ("resolved", "delivery")
    assert fed["c-resolved"]["rating"] == 5
    assert fed["c-handoff"]["handoff_reason"] == "request_human"
    assert feed.stats.messages == len(resolved().events) + len(handoff().events)
    assert store.rebuild() == 2  # the polling sync, from the tracker store alone
    assert rows(store) == fed


async def test_a_conversation_that_goes_on_is_summarised_again(rasa, feed, store):
    start = (
        Talk(MORNING)
        .session()
        .user("Mon grille-pain ne chauffe plus", "complain_product", 0.9, "sadness", 0.4)
    )
    await rasa.save("c-1", start.events)
    assert await until(lambda: "c-1" in rows(store))
    first = rows(store)["c-1"]
    more = Talk(MORNING + timedelta(minutes=5)).user(
        "Et il fait disjoncter la maison", "inform", 0.9, "anger", 0.7
    )
    await rasa.save("c-1", more.events)
    assert await until(lambda: rows(store)["c-1"]["last_event_id"] != first["last_event_id"])
    again = rows(store)["c-1"]
    assert (again["turns"], again["emotion_start"], again["emotion_end"]) == (
        first["turns"] + 1,
        "sadness",
        "anger",
    )


class ReadModelLock:
    """Another connection holding the read model's table: the feed's writes time out."""

    def __init__(self, url: str):
        self.sqlite = url.startswith("sqlite")
        self.engine = sa.create_engine(url)
        self.connection = self.engine.connect()
        if self.sqlite:
            self.connection.exec_driver_sql("BEGIN EXCLUSIVE")
        else:
            self.transaction = self.connection.begin()
            self.connection.exec_driver_sql("LOCK TABLE review_conversations IN ACCESS EXCLUSIVE MODE")

    def release(self) -> None:
        if self.sqlite:
            self.connection.exec_driver_sql("ROLLBACK")
        else:
            self.transaction.rollback()
        self.connection.close()
        self.engine.dispose()


async def test_while_the_database_is_locked_the_messages_stay_in_the_queue(rasa, feed, store, urls, rabbitmq):
    store.migrate()
    lock = ReadModelLock(urls[0])
    try:
        await rasa.save("c-handoff", handoff().events)
        assert await until(lambda: feed.stats.failures >= 1)
        assert feed.stats.messages == 0  # nothing acknowledged
        depth = rabbitmq.queue_depths().get(rasa.broker.queues[0])
        assert depth == len(handoff().events)  # ready or delivered again: still in RabbitMQ
    finally:
        lock.release()
    assert await until(lambda: "c-handoff" in rows(store))
    assert rows(store)["c-handoff"]["outcome"] == "handoff"
    assert await until(lambda: rabbitmq.queue_depths().get(rasa.broker.queues[0]) == 0)


async def test_what_is_not_a_rasa_event_is_dropped_and_the_rest_written(rasa, feed, store, rabbitmq):
    await rasa.save("c-resolved", resolved().events[:6])
    connection = await aio_pika.connect(rabbitmq.url)
    try:
        channel = await connection.channel()
        exchange = await channel.get_exchange(EXCHANGE)
        for body in (b"pas du json", b'{"event": "user", "text": "sans conversation"}', b"[1, 2]"):
            await exchange.publish(aio_pika.Message(body), "")
    finally:
        await connection.close()
    assert await until(lambda: feed.stats.invalid == 3)
    assert "c-resolved" in rows(store)
    assert await until(lambda: rabbitmq.queue_depths().get(rasa.broker.queues[0]) == 0)


def test_a_row_is_never_replaced_by_an_older_summary(store, tracker):
    tracker.add("c-handoff", handoff().events)
    assert refresh(store, ["c-handoff"]) == 1
    newest = rows(store)["c-handoff"]
    with tracker.engine.begin() as connection:  # as if another consumer read it earlier
        last = max(tracker.ids("c-handoff"))
        connection.execute(tracker.events.delete().where(tracker.events.c.id == last))
    refresh(store, ["c-handoff"])
    assert rows(store)["c-handoff"]["last_event_id"] == newest["last_event_id"]
    assert rows(store)["c-handoff"] == newest


# --- the command line ------------------------------------------------------------------------


@pytest.mark.parametrize(
    "value, message",
    [("", "EVENT_BROKER_URL est vide"), ("http://127.0.0.1:5672/", "doit commencer par amqp://")],
)
def test_consume_without_a_broker_says_so_in_french(monkeypatch, capsys, value, message):
    monkeypatch.setenv("EVENT_BROKER_URL", value)
    assert main(["consume"], out=io.StringIO()) == 2
    assert message in capsys.readouterr().err


def _consume(tmp_path, url: str) -> subprocess.Popen:
    env = {
        **os.environ,
        "TICKET_DB_URL": f"sqlite:///{tmp_path / 'tickets.db'}",
        "TRACKER_STORE_URL": f"sqlite:///{tmp_path / 'tracker.db'}",
        "EVENT_BROKER_URL": url,
        "EVENT_BROKER_QUEUE": "cli_events",
        "VAR_DIR": str(tmp_path),
    }
    return subprocess.Popen(
        [sys.executable, "-m", "litige.review", "consume", "--catch-up", "0"],
        cwd=ROOT,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


async def test_consume_as_a_process_feeds_the_read_model_and_stops_on_sigterm(tmp_path, rabbitmq, domain):
    broker = await OptionalPikaEventBroker.from_endpoint_config(
        EndpointConfig(url=rabbitmq.url, queues=["cli_events"])
    )
    rasa = Rasa(f"sqlite:///{tmp_path / 'tracker.db'}", domain, broker)
    process = _consume(tmp_path, rabbitmq.url)
    try:
        await rasa.save("c-handoff", handoff().events)
        from litige.review.store import ReviewStore

        store = ReviewStore(f"sqlite:///{tmp_path / 'tickets.db'}", f"sqlite:///{tmp_path / 'tracker.db'}")
        assert await until(lambda: "c-handoff" in rows(store))
        store.close()
        process.send_signal(signal.SIGTERM)
        out, err = await asyncio.to_thread(process.communicate, timeout=WAIT)
    finally:
        if process.poll() is None:
            process.kill()
            process.wait()
        await broker.close()
    assert process.returncode == 0, err
    assert "Lecture de la file « cli_events »" in out
    assert f"Arrêt : {len(handoff().events)} événement(s) lu(s)" in out


def test_consume_with_rabbitmq_unreachable_exits_with_a_french_message(tmp_path):
    server = RabbitMQServer()  # never started: nobody answers on its port
    try:
        process = _consume(tmp_path, server.url)
        out, err = process.communicate(timeout=WAIT)
    finally:
        server.close()
    assert process.returncode == 3
    assert f"le courtier d'événements 127.0.0.1:{server.port} ne répond pas" in err
    assert server.password not in err + out
