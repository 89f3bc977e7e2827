"""The health endpoint (channels/health.py) through a real Sanic server: 200 when the tracker
store, the lock store and the action server answer, 503 naming the one that does not, and never a
URL or a password in the answer."""

from __future__ import annotations

import time
from pathlib import Path

import aiohttp
import pytest
from aiohttp import web
from rasa.core.agent import Agent
from rasa.core.lock_store import InMemoryLockStore, RedisLockStore
from rasa.core.tracker_store import create_tracker_store
from rasa.shared.core.domain import Domain
from rasa.utils.endpoints import EndpointConfig

from channels.health import HealthInput, action_health_url
from stores.lock_store import ConversationLockStore
from tests.channels.rasa_server import rasa_server
from tests.redis_server import redis_url_fixture, requires_redis
from tests.stores.tcp_gate import free_port

ROOT = Path(__file__).resolve().parents[2]
STRICT = "stores.tracker_store.StrictSQLTrackerStore"
SECRET = "s3cr3t-mot-de-passe"


@pytest.fixture(scope="module")
def domain() -> Domain:
    return Domain.load(str(ROOT / "domain.yml"))


@pytest.fixture
def sqlite_store(tmp_path, domain):
    return create_tracker_store(
        EndpointConfig(url=f"sqlite:///{tmp_path / 'tracker.db'}", type=STRICT), domain
    )


@pytest.fixture
async def action_server():
    """A stand-in for rasa-sdk's GET /health; ``state["status"]`` sets its answer."""
    state = {"status": 200}

    async def health(request: web.Request) -> web.Response:
        return web.json_response({"status": "ok"}, status=state["status"])

    app = web.Application()
    app.router.add_get("/health", health)
    runner = web.AppRunner(app)
    await runner.setup()
    port = free_port()
    await web.TCPSite(runner, "127.0.0.1", port).start()
    state["endpoint"] = EndpointConfig(url=f"http://127.0.0.1:{port}/webhook")
    yield state
    await runner.cleanup()


redis_url = redis_url_fixture()


async def get(url: str):
    async with aiohttp.ClientSession() as session:
        async with session.get(url) as answer:
            return answer.status, await answer.text(), await answer.json()


def agent_for(domain, tracker_store, lock_store, action_endpoint) -> Agent:
    return Agent(
        domain=domain, tracker_store=tracker_store, lock_store=lock_store, action_endpoint=action_endpoint
    )


@requires_redis
async def test_all_answer_then_200(domain, sqlite_store, action_server, redis_url):
    lock_store = ConversationLockStore(url=redis_url)
    agent = agent_for(domain, sqlite_store, lock_store, action_server["endpoint"])
    async with rasa_server(agent, [HealthInput()]) as base:
        status, _, body = await get(f"{base}/webhooks/health/")
    await lock_store.close()
    assert status == 200
    assert body["status"] == "ok" and body["unavailable"] == []
    assert body["checks"]["tracker_store"] == {"ok": True, "type": "StrictSQLTrackerStore"}
    assert body["checks"]["lock_store"] == {"ok": True, "type": "ConversationLockStore"}
    assert body["checks"]["action_server"] == {"ok": True, "configured": True}


async def test_an_unreachable_tracker_store_is_named_without_its_url(domain, action_server):
    url = f"postgresql://litige:{SECRET}@127.0.0.1:{free_port()}/litige"  # nothing listens there
    store = create_tracker_store(EndpointConfig(url=url, type=STRICT), domain)
    agent = agent_for(domain, store, InMemoryLockStore(), action_server["endpoint"])
    async with rasa_server(agent, [HealthInput()]) as base:
        status, text, body = await get(f"{base}/webhooks/health/")
    assert status == 503
    assert body["status"] == "indisponible" and body["unavailable"] == ["tracker_store"]
    tracker = body["checks"]["tracker_store"]
    assert tracker["ok"] is False and tracker["detail"] == "La base des conversations ne répond pas."
    assert tracker["last_failure"]["operation"] == "ping"
    assert SECRET not in text and "postgresql" not in text and "127.0.0.1" not in text


async def test_an_unreachable_lock_store_is_named(domain, sqlite_store, action_server):
    closed = f"redis://:{SECRET}@127.0.0.1:{free_port()}/0"
    lock_store = ConversationLockStore(url=closed, socket_timeout=1)
    agent = agent_for(domain, sqlite_store, lock_store, action_server["endpoint"])
    async with rasa_server(agent, [HealthInput()]) as base:
        status, text, body = await get(f"{base}/webhooks/health/")
    assert status == 503 and body["unavailable"] == ["lock_store"]
    assert body["checks"]["lock_store"]["detail"] == "Le stockage des verrous ne répond pas."
    assert SECRET not in text and "redis://" not in text


async def test_rasa_redis_lock_store_is_checked_too(domain, sqlite_store, action_server):
    lock_store = RedisLockStore(host="127.0.0.1", port=free_port(), password=SECRET, socket_timeout=1)
    agent = agent_for(domain, sqlite_store, lock_store, action_server["endpoint"])
    async with rasa_server(agent, [HealthInput()]) as base:
        status, text, body = await get(f"{base}/webhooks/health/")
    assert status == 503 and body["unavailable"] == ["lock_store"]
    assert body["checks"]["lock_store"]["type"] == "RedisLockStore" and SECRET not in text


@pytest.mark.parametrize("down", ["answers 500", "not listening"])
async def test_an_unavailable_action_server_is_named(domain, sqlite_store, action_server, down):
    endpoint = action_server["endpoint"]
    if down == "answers 500":
        action_server["status"] = 500
    else:
        endpoint = EndpointConfig(url=f"http://user:{SECRET}@127.0.0.1:{free_port()}/webhook")
    agent = agent_for(domain, sqlite_store, InMemoryLockStore(), endpoint)
    async with rasa_server(agent, [HealthInput()]) as base:
        status, text, body = await get(f"{base}/webhooks/health/")
    assert status == 503 and body["unavailable"] == ["action_server"]
    assert body["checks"]["action_server"] == {"ok": False, "detail": "Le serveur d'actions ne répond pas."}
    assert SECRET not in text


async def test_ready_needs_the_model(domain, sqlite_store, action_server):
    agent = agent_for(domain, sqlite_store, InMemoryLockStore(), action_server["endpoint"])
    async with rasa_server(agent, [HealthInput()]) as base:
        ready = await get(f"{base}/webhooks/health/ready")
        live = await get(f"{base}/webhooks/health/")
    assert ready[0] == 503 and ready[2]["unavailable"] == ["model"]
    assert ready[2]["checks"]["model"]["detail"] == "Le modèle n'est pas encore chargé."
    assert live[0] == 200  # the dependencies answer: only readiness waits for the model


async def test_a_slow_check_is_bounded(domain, sqlite_store):
    """An action server that accepts connections but never answers: 503 within the timeout."""
    import socket

    silent = socket.socket()
    silent.bind(("127.0.0.1", 0))
    silent.listen(1)
    endpoint = EndpointConfig(url=f"http://127.0.0.1:{silent.getsockname()[1]}/webhook")
    agent = agent_for(domain, sqlite_store, InMemoryLockStore(), endpoint)
    try:
        async with rasa_server(agent, [HealthInput(timeout=0.5)]) as base:
            started = time.monotonic()
            status, _, body = await get(f"{base}/webhooks/health/")
            elapsed = time.monotonic() - started
    finally:
        silent.close()
    assert status == 503 and body["unavailable"] == ["action_server"]
    assert "délai" in body["checks"]["action_server"]["detail"] and elapsed < 3


def test_the_action_server_health_url_sits_next_to_its_webhook():
    assert action_health_url("http://actions:5055/webhook") == "http://actions:5055/health"
    assert (
        action_health_url("https://u:p@actions.example/webhook?x=1") == "https://u:p@actions.example/health"
    )


def test_the_timeout_comes_from_credentials():
    assert HealthInput.from_credentials({"timeout": "0.5"}).timeout == 0.5
    assert HealthInput.from_credentials(None).timeout == 2.0
