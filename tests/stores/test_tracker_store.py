"""StrictSQLTrackerStore: no silent reset when the conversation database is unreachable.

Built the way ``rasa run`` builds it (an EndpointConfig through Rasa's factory, the Agent through
``rasa.core.agent.load_agent``), on SQLite (the default of ``make run``) and on a fresh PostgreSQL
database reached through a TCP gate that the test closes (port refused, connections cut) and
reopens, while the customer talks to the real REST channel.
"""

from __future__ import annotations

import asyncio
import json
import logging
import re
import time
from pathlib import Path

import aiohttp
import pytest
import sqlalchemy as sa
from aiohttp import web
from rasa.core.agent import Agent, load_agent
from rasa.core.tracker_store import (
    FailSafeTrackerStore,
    InMemoryTrackerStore,
    SQLTrackerStore,
    create_tracker_store,
)
from rasa.core.utils import AvailableEndpoints, read_endpoints_from_path
from rasa.shared.core.domain import Domain
from rasa.shared.core.events import UserUttered
from rasa.utils.endpoints import EndpointConfig

from channels.health import HealthInput
from channels.rest import TECHNICAL_APOLOGY, FrenchRestInput
from stores.tracker_store import StrictSQLTrackerStore, TrackerStoreUnavailable
from tests.channels.rasa_server import rasa_server
from tests.postgres import POSTGRES, postgres_database
from tests.stores.tcp_gate import TcpGate, free_port

ROOT = Path(__file__).resolve().parents[2]
STRICT = "stores.tracker_store.StrictSQLTrackerStore"
SECRET = "s3cr3t-mot-de-passe"


@pytest.fixture(scope="module")
def domain() -> Domain:
    return Domain.load(str(ROOT / "domain.yml"))


def strict_store(url: str, domain: Domain) -> StrictSQLTrackerStore:
    store = create_tracker_store(EndpointConfig(url=url, type=STRICT), domain)
    assert type(store) is StrictSQLTrackerStore  # not Rasa's AwaitableTrackerStore nor memory
    return store


async def save_user_message(store, sender: str, text: str) -> None:
    tracker = await store.get_or_create_tracker(sender)
    tracker.update(UserUttered(text))
    await store.save(tracker)


async def save_in_a_new_session(store, sender: str, text: str) -> None:
    """A new session (Rasa's three events), then ``text`` in it, saved."""
    from rasa.shared.core.events import ActionExecuted, SessionStarted

    tracker = await store.retrieve(sender)
    time.sleep(0.01)  # the session query compares timestamps
    for event in (ActionExecuted("action_session_start"), SessionStarted(), ActionExecuted("action_listen")):
        tracker.update(event)
    tracker.update(UserUttered(text))
    await store.save(tracker)


def user_texts(tracker) -> list:
    return [event.text for event in tracker.events if isinstance(event, UserUttered)]


# --- SQLite, the default of `make run` -----------------------------------------------------------


async def test_sqlite_connects_lazily_and_keeps_conversations(tmp_path, domain):
    path = tmp_path / "var" / "tracker.db"
    path.parent.mkdir()
    url = f"sqlite:///{path}"  # the Makefile's form: sqlite:///$(VAR_DIR)/tracker.db
    store = strict_store(url, domain)
    assert not path.exists()  # nothing opened before the first conversation
    await save_user_message(store, "client-1", "Bonjour")
    await save_user_message(store, "client-1", "Ma commande n'est pas arrivée")

    restarted = strict_store(url, domain)  # a server restart
    assert user_texts(await restarted.retrieve("client-1")) == ["Bonjour", "Ma commande n'est pas arrivée"]
    assert await restarted.retrieve("inconnu") is None
    assert list(await restarted.keys()) == ["client-1"]


async def test_conversations_of_rasa_sql_store_continue(tmp_path, domain):
    """Switching endpoints.yml from `type: SQL` keeps the conversations, and back again."""
    url = f"sqlite:///{tmp_path / 'tracker.db'}"
    rasa_store = SQLTrackerStore(domain=domain, host=url)
    await save_user_message(rasa_store, "client-2", "Je voudrais un remboursement")
    store = strict_store(url, domain)
    await save_user_message(store, "client-2", "Commande 12345")
    tracker = await SQLTrackerStore(domain=domain, host=url).retrieve("client-2")
    assert user_texts(tracker) == ["Je voudrais un remboursement", "Commande 12345"]


def test_endpoints_yml_configures_the_strict_store(tmp_path, monkeypatch, domain):
    text = (ROOT / "endpoints.yml").read_text(encoding="utf-8")
    for name in re.findall(r"\$\{(\w+)\}", text):  # the Makefile exports them for `make run`
        monkeypatch.setenv(name, "http://127.0.0.1:1/unused")
    monkeypatch.setenv("TRACKER_STORE_URL", f"sqlite:///{tmp_path / 'tracker.db'}")
    endpoints = read_endpoints_from_path(str(ROOT / "endpoints.yml"))
    assert endpoints.tracker_store.type == STRICT
    assert type(create_tracker_store(endpoints.tracker_store, domain)) is StrictSQLTrackerStore


# --- an unreachable database ---------------------------------------------------------------------


async def test_a_server_starts_with_its_database_down_and_says_so(domain, caplog):
    url = f"postgresql://litige:{SECRET}@127.0.0.1:{free_port()}/litige"  # nothing listens there
    started = time.monotonic()
    store = strict_store(url, domain)
    assert time.monotonic() - started < 1  # Rasa's own store retries forever here
    with caplog.at_level(logging.ERROR, logger="stores.tracker_store"):
        with pytest.raises(TrackerStoreUnavailable):
            await store.retrieve("client-3")
        with pytest.raises(TrackerStoreUnavailable):
            await save_user_message(store, "client-3", "Bonjour, c'est Camille")
    assert store.last_failure.operation == "retrieve" and store.failures_in_a_row == 2
    assert "Connection refused" in store.last_failure.reason
    logged = caplog.text
    assert "tracker store unreachable" in logged
    assert SECRET not in logged and SECRET not in store.last_failure.reason
    assert "Camille" not in logged


def test_the_agent_does_not_wrap_the_strict_store(tmp_path, domain):
    store = strict_store(f"sqlite:///{tmp_path / 'tracker.db'}", domain)
    assert Agent(domain=domain, tracker_store=store).tracker_store is store
    # every other store keeps Rasa's behaviour
    assert isinstance(
        Agent(domain=domain, tracker_store=InMemoryTrackerStore(domain)).tracker_store, FailSafeTrackerStore
    )


def test_bad_settings_are_not_turned_into_a_memory_store(domain):
    """Rasa replaces a custom store whose constructor raises AttributeError or ImportError with an
    InMemoryTrackerStore; a wrong URL must stop the server instead."""
    with pytest.raises(Exception) as raised:
        create_tracker_store(EndpointConfig(url="nosuchdb://x/y", type=STRICT), domain)
    assert "invalid" in str(raised.value)


# --- PostgreSQL: an outage in the middle of a conversation ----------------------------------------


@pytest.fixture(scope="module")
def postgres():
    if not POSTGRES:
        pytest.skip("TEST_POSTGRES_URL is not set (make test sets it in CI)")
    with postgres_database() as url:
        yield url


@pytest.fixture(scope="module")
def gate(postgres):
    parts = sa.engine.make_url(postgres)
    gate = TcpGate(parts.host, parts.port or 5432)
    gate.open()
    gate.url = parts.set(host="127.0.0.1", port=gate.port).render_as_string(hide_password=False)
    yield gate
    gate.close()


@pytest.fixture(scope="module")
def action_port() -> int:
    return free_port()


@pytest.fixture(scope="module")
def agent(gate, action_port, trained_model):
    """The trained model, loaded once, with the store configured as in endpoints.yml."""
    endpoints = AvailableEndpoints(
        tracker_store=EndpointConfig(url=gate.url, type=STRICT),
        action=EndpointConfig(url=f"http://127.0.0.1:{action_port}/webhook"),
    )
    loaded = asyncio.run(load_agent(model_path=str(trained_model), endpoints=endpoints))
    assert loaded.is_ready()
    return loaded


async def test_two_instances_share_the_conversations(gate, domain):
    first, second = strict_store(gate.url, domain), strict_store(gate.url, domain)
    await asyncio.gather(first.ping(), second.ping())  # both create the tables at once
    await save_user_message(first, "client-4", "Bonjour")
    await save_user_message(second, "client-4", "Où en est mon colis ?")
    assert user_texts(await first.retrieve("client-4")) == ["Bonjour", "Où en est mon colis ?"]


async def _post(session, base: str, sender: str, text: str):
    async with session.post(
        f"{base}/webhooks/rest/webhook", json={"sender": sender, "message": text}
    ) as answer:
        return answer.status, await answer.json()


async def _health(session, base: str):
    async with session.get(f"{base}/webhooks/health/ready") as answer:
        return answer.status, await answer.json()


async def test_an_outage_gets_an_apology_and_the_conversation_resumes(agent, gate, action_port, caplog):
    store = agent.tracker_store
    assert type(store) is StrictSQLTrackerStore and agent.processor.tracker_store is store  # no fail-safe

    async def action_health(request: web.Request) -> web.Response:  # stands in for rasa-sdk
        return web.json_response({"status": "ok"})

    actions = web.Application()
    actions.router.add_get("/health", action_health)
    runner = web.AppRunner(actions)
    await runner.setup()
    await web.TCPSite(runner, "127.0.0.1", action_port).start()
    try:
        async with rasa_server(agent, [FrenchRestInput(), HealthInput()]) as base:
            async with aiohttp.ClientSession() as session:
                status, replies = await _post(session, base, "client-42", "bonjour")
                assert status == 200 and replies and replies[0]["text"] != TECHNICAL_APOLOGY
                assert (await _health(session, base))[0] == 200

                gate.close()  # the database host goes away
                with caplog.at_level(logging.ERROR):
                    for sender in ("client-42", "client-nouveau"):
                        status, replies = await _post(session, base, sender, "ma commande 98765 est perdue")
                        assert status == 503
                        assert replies == [{"recipient_id": sender, "text": TECHNICAL_APOLOGY}]
                status, health = await _health(session, base)
                assert status == 503 and health["unavailable"] == ["tracker_store"]
                assert health["checks"]["tracker_store"]["last_failure"]["operation"] in ("retrieve", "ping")
                assert "rest channel: handling a message failed: TrackerStoreUnavailable" in caplog.text
                assert "98765" not in caplog.text  # the customer's words stay out of the logs

                gate.open()  # the database is back
                status, replies = await _post(session, base, "client-42", "merci au revoir")
                assert status == 200 and replies and replies[0]["text"] != TECHNICAL_APOLOGY
                assert (await _health(session, base))[0] == 200
    finally:
        await runner.cleanup()

    # read back from PostgreSQL by Rasa's own store, not by the one under test
    tracker = await SQLTrackerStore(domain=agent.domain, host=gate.url).retrieve_full_tracker("client-42")
    assert user_texts(tracker) == ["bonjour", "merci au revoir"]  # resumed, the lost turn not replayed
    assert sum(event.type_name == "session_started" for event in tracker.events) == 1  # never reset
    assert await SQLTrackerStore(domain=agent.domain, host=gate.url).retrieve("client-nouveau") is None


# --- the trackers kept between two messages (stores/recent_trackers.py) ------------------------


def stored_user_texts(url: str, sender: str) -> list:
    engine = sa.create_engine(url)
    with engine.connect() as connection:
        rows = connection.execute(
            sa.text("SELECT data FROM events WHERE sender_id = :s AND type_name = 'user' ORDER BY id"),
            {"s": sender},
        ).fetchall()
    engine.dispose()
    return [json.loads(row[0])["text"] for row in rows]


async def test_the_saved_tracker_is_handed_out_again_until_another_writer_adds_events(tmp_path, domain):
    url = f"sqlite:///{tmp_path / 'tracker.db'}"
    store, other_instance = strict_store(url, domain), strict_store(url, domain)
    await save_user_message(store, "client-1", "Bonjour")
    await save_user_message(store, "client-1", "Mon colis est en retard")
    first = await store.retrieve("client-1")
    assert await store.retrieve("client-1") is first  # nothing rebuilt
    await save_user_message(other_instance, "client-1", "Vous êtes là ?")
    again = await store.retrieve("client-1")
    assert again is not first
    assert user_texts(again) == ["Bonjour", "Mon colis est en retard", "Vous êtes là ?"]


async def test_a_tracker_changed_but_not_saved_is_read_back_from_the_database(tmp_path, domain):
    url = f"sqlite:///{tmp_path / 'tracker.db'}"
    store = strict_store(url, domain)
    await save_user_message(store, "client-1", "Bonjour")
    await save_user_message(store, "client-1", "Ma facture est fausse")
    unsaved = await store.retrieve("client-1")
    unsaved.update(UserUttered("jamais enregistré"))  # the turn failed before its save
    assert user_texts(await store.retrieve("client-1")) == ["Bonjour", "Ma facture est fausse"]


async def test_a_new_session_and_a_purge_never_give_back_stale_or_doubled_events(tmp_path, domain):

    url = f"sqlite:///{tmp_path / 'tracker.db'}"
    store = strict_store(url, domain)
    await save_user_message(store, "client-1", "Bonjour")
    await save_user_message(store, "client-1", "Mon colis est en retard")
    await save_in_a_new_session(store, "client-1", "Je reviens pour la même commande")
    latest = await store.retrieve("client-1")
    assert user_texts(latest) == ["Je reviens pour la même commande"]
    await save_user_message(store, "client-1", "Toujours rien")
    assert stored_user_texts(url, "client-1") == [
        "Bonjour",
        "Mon colis est en retard",
        "Je reviens pour la même commande",
        "Toujours rien",
    ]
    engine = sa.create_engine(url)
    with engine.begin() as connection:  # the review desk's purge deletes the conversation
        connection.execute(sa.text("DELETE FROM events WHERE sender_id = 'client-1'"))
    engine.dispose()
    assert await store.retrieve("client-1") is None


async def test_tracker_cache_size_zero_always_reads_the_database(tmp_path, domain, monkeypatch):
    monkeypatch.setenv("TRACKER_CACHE_SIZE", "0")
    store = strict_store(f"sqlite:///{tmp_path / 'tracker.db'}", domain)
    await save_user_message(store, "client-1", "Bonjour")
    first = await store.retrieve("client-1")
    assert await store.retrieve("client-1") is not first
    assert user_texts(first) == ["Bonjour"]


# --- the two SQL statements of a turn, against Rasa's own query ------------------------------------


def rasa_session_count(store: StrictSQLTrackerStore, sender: str) -> int:
    session = store.sessionmaker()
    try:
        return store._event_query(session, sender, fetch_events_from_all_sessions=False).count()
    finally:
        session.close()


async def check_counts_like_rasa(store: StrictSQLTrackerStore) -> None:

    def last_id_and_count(sender: str):
        store._create_tables()  # lazily, as the first operation does
        session = store.sessionmaker()
        try:
            return store._last_id_and_count(session, sender)
        finally:
            session.close()

    assert last_id_and_count("nobody") == (None, 0)
    await save_user_message(store, "no-session", "Bonjour")  # no session_started at all
    await save_user_message(store, "no-session", "Mon colis est en retard")
    _, count = last_id_and_count("no-session")
    assert count == rasa_session_count(store, "no-session") == 3  # action_listen + 2 messages

    await save_user_message(store, "two-sessions", "Bonjour")
    await save_in_a_new_session(store, "two-sessions", "Je reviens")
    last_id, count = last_id_and_count("two-sessions")
    assert count == rasa_session_count(store, "two-sessions") == 3  # session_started onwards
    with store.engine.connect() as connection:
        assert last_id == connection.execute(sa.text("SELECT max(id) FROM events")).scalar()
    assert user_texts(await store.retrieve("two-sessions")) == ["Je reviens"]


async def test_the_turn_statements_count_like_rasa_on_sqlite(tmp_path, domain):
    store = strict_store(f"sqlite:///{tmp_path / 'tracker.db'}", domain)
    await check_counts_like_rasa(store)
    with store.engine.connect() as connection:  # readers never wait for a save
        assert connection.execute(sa.text("PRAGMA journal_mode")).scalar() == "wal"


async def test_the_turn_statements_count_like_rasa_on_postgresql(postgres, domain):
    store = strict_store(postgres, domain)
    store._create_tables()
    with store.engine.begin() as connection:  # the module's database is shared with other tests
        connection.execute(sa.text("DELETE FROM events WHERE sender_id IN ('no-session', 'two-sessions')"))
    await check_counts_like_rasa(store)
