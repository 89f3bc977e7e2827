"""A health endpoint for load balancers and Kubernetes probes, registered as an input channel.

``GET /webhooks/health/`` checks what a conversation needs: the tracker store (the
conversation database), the lock store and the action server. It answers 200 when all three
answer, 503 otherwise, naming the ones that do not. ``GET /webhooks/health/ready`` also requires
the model to be loaded. The answer never contains a URL, a password or an error message from a
driver: only the component's state and, for the tracker store, when and where it last failed.

credentials.yml::

    channels.health.HealthInput:
      timeout: 2   # seconds per check (optional)
"""

from __future__ import annotations

import asyncio
import inspect
import logging
from datetime import datetime, timezone
from typing import Any, Awaitable, Callable, Dict, Optional
from urllib.parse import urlsplit, urlunsplit

import aiohttp
import sqlalchemy
from rasa.core.channels.channel import InputChannel, UserMessage
from sanic import Blueprint, Sanic, response
from sanic.request import Request
from sanic.response import HTTPResponse

from channels import action_failure, api_guard, gc_freeze

logger = logging.getLogger(__name__)

DEFAULT_TIMEOUT = 2.0
UNAVAILABLE = {
    "tracker_store": "La base des conversations ne répond pas.",
    "lock_store": "Le stockage des verrous ne répond pas.",
    "action_server": "Le serveur d'actions ne répond pas.",
    "model": "Le modèle n'est pas encore chargé.",
}
COMPONENTS = ["tracker_store", "lock_store", "action_server"]
TIMED_OUT = "Pas de réponse dans le délai imparti."


class ComponentDown(Exception):
    """A component did not answer its check."""


def unwrap(store: Any) -> Any:
    """The store inside Rasa's wrappers (FailSafeTrackerStore, AwaitableTrackerStore)."""
    while getattr(store, "_tracker_store", None) is not None:
        store = store._tracker_store
    return store


def tracker_store_facts(store: Any) -> Dict[str, Any]:
    """The store's type and, for the strict SQL store, when and in which operation it last failed."""
    store = unwrap(store)
    facts: Dict[str, Any] = {"type": type(store).__name__}
    failure = getattr(store, "last_failure", None)
    if failure is not None:
        facts["last_failure"] = {
            "at": datetime.fromtimestamp(failure.at, timezone.utc).isoformat(timespec="seconds"),
            "operation": failure.operation,
        }
    return facts


async def check_tracker_store(store: Any) -> Dict[str, Any]:
    store = unwrap(store)
    ping = getattr(store, "ping", None)
    if ping is not None:
        await ping()
    elif getattr(store, "engine", None) is not None:  # Rasa's SQLTrackerStore

        def select_one() -> None:
            with store.engine.connect() as connection:
                connection.execute(sqlalchemy.text("SELECT 1"))

        await asyncio.to_thread(select_one)
    return {}  # an in-memory store is always there


async def check_lock_store(lock_store: Any) -> Dict[str, Any]:
    ping = getattr(lock_store, "ping", None)
    redis_client = getattr(lock_store, "red", None)  # Rasa's RedisLockStore
    if ping is not None:
        result = ping()
        if inspect.isawaitable(result):
            result = await result
    elif redis_client is not None:
        result = await asyncio.to_thread(redis_client.ping)
    else:
        return {}  # in memory
    if result is False:
        raise ComponentDown()
    return {}


def action_health_url(url: str) -> str:
    """rasa-sdk answers GET /health next to its /webhook."""
    parts = urlsplit(url)
    return urlunsplit((parts.scheme, parts.netloc, "/health", "", ""))


async def check_action_server(endpoint: Any, timeout: float) -> Dict[str, Any]:
    if endpoint is None or not getattr(endpoint, "url", None):
        return {"configured": False}
    client_timeout = aiohttp.ClientTimeout(total=timeout)
    async with aiohttp.ClientSession(timeout=client_timeout) as session:
        async with session.get(action_health_url(endpoint.url)) as answer:
            if answer.status != 200:
                raise ComponentDown()
    return {"configured": True}


class HealthInput(InputChannel):
    """Serves the health endpoint only; it receives no messages."""

    @classmethod
    def name(cls) -> str:
        return "health"

    @classmethod
    def from_credentials(cls, credentials: Optional[Dict[str, Any]]) -> InputChannel:
        timeout = (credentials or {}).get("timeout", DEFAULT_TIMEOUT)
        return cls(timeout=float(timeout))

    def __init__(self, timeout: float = DEFAULT_TIMEOUT) -> None:
        self.timeout = timeout

    async def _check(self, name: str, check: Awaitable[Dict[str, Any]]) -> Dict[str, Any]:
        try:
            details = await asyncio.wait_for(check, self.timeout)
        except asyncio.TimeoutError:
            logger.warning("health: %s did not answer within %.1f s", name, self.timeout)
            return {"ok": False, "detail": f"{UNAVAILABLE[name]} {TIMED_OUT}"}
        except Exception as error:  # any failure means "down"; its message may hold a URL
            logger.warning("health: %s is unavailable (%s)", name, type(error).__name__)
            return {"ok": False, "detail": UNAVAILABLE[name]}
        return {"ok": True, **details}

    async def report(self, agent: Any, need_model: bool) -> HTTPResponse:
        if agent is None:
            names = [*COMPONENTS, "model"] if need_model else COMPONENTS
            checks = {name: {"ok": False, "detail": "Le serveur démarre."} for name in names}
        else:
            results = await asyncio.gather(
                self._check("tracker_store", check_tracker_store(agent.tracker_store)),
                self._check("lock_store", check_lock_store(agent.lock_store)),
                self._check("action_server", check_action_server(agent.action_endpoint, self.timeout)),
            )
            checks = dict(zip(COMPONENTS, results, strict=True))
            checks["tracker_store"].update(tracker_store_facts(agent.tracker_store))
            checks["lock_store"]["type"] = type(agent.lock_store).__name__
            if need_model:
                ready = bool(agent.is_ready())
                checks["model"] = {"ok": True} if ready else {"ok": False, "detail": UNAVAILABLE["model"]}
        unavailable = [name for name, result in checks.items() if not result["ok"]]
        body = {
            "status": "indisponible" if unavailable else "ok",
            "unavailable": unavailable,
            "checks": checks,
        }
        return response.json(body, status=503 if unavailable else 200)

    def blueprint(self, on_new_message: Callable[[UserMessage], Awaitable[Any]]) -> Blueprint:
        action_failure.install()  # an action server failure: an apology, never silence
        health = Blueprint(f"custom_webhook_{type(self).__name__}", __name__)

        @health.listener("before_server_start")
        async def guard_the_api(app: Sanic, _loop: Any) -> None:
            api_guard.install_on(app)  # clean 400s where Rasa's API answers 500

        @health.listener("after_server_start")
        async def freeze_the_loaded_model(_app: Sanic, _loop: Any) -> None:
            gc_freeze.freeze_what_is_loaded()  # full collections skip the model (channels/gc_freeze.py)

        @health.route("/", methods=["GET"])
        async def dependencies(request: Request) -> HTTPResponse:
            return await self.report(getattr(request.app.ctx, "agent", None), need_model=False)

        @health.route("/ready", methods=["GET"])
        async def ready(request: Request) -> HTTPResponse:
            return await self.report(getattr(request.app.ctx, "agent", None), need_model=True)

        return health
