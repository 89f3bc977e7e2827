"""A conversation lock store for Rasa that is atomic across instances when Redis is configured.

endpoints.yml::

    lock_store:
      type: stores.lock_store.ConversationLockStore
      url: ${REDIS_URL}          # empty: Rasa's in-memory lock store, unchanged
      # key_prefix: "litige:lock:"
      # lock_lifetime: 60        # seconds without sign of life before a ticket expires
      # socket_timeout: 5        # seconds, every Redis call
      # poll_interval: 0.05      # seconds between two "my turn?" checks

With a Redis URL each conversation has three keys: a counter (``INCR``), a sorted set of
waiting tokens scored by ticket number, and a sorted set of the same tokens scored by
expiry (Redis server time, so instance clocks do not matter). Issue, "my turn?" and release
are each one Lua script, hence atomic: two Rasa instances serve one conversation's messages
strictly in ticket order. A waiting ticket is renewed at every check and the holder's ticket
is renewed every third of the lifetime, so only a dead instance lets its ticket expire; the
next ticket then proceeds. Scripts are idempotent (keyed by a random token), so a call retried
after a dropped connection never issues a second ticket.
"""

from __future__ import annotations

import asyncio
import contextlib
import hashlib
import logging
import re
import time
import uuid
from collections import deque
from typing import Any, AsyncIterator, Optional

from rasa.core.lock import Ticket, TicketLock
from rasa.core.lock_store import LOCK_LIFETIME, InMemoryLockStore, LockError, LockStore
from rasa.utils.endpoints import EndpointConfig

logger = logging.getLogger(__name__)

DEFAULT_KEY_PREFIX = "litige:lock:"
DEFAULT_SOCKET_TIMEOUT = 5.0
DEFAULT_POLL_INTERVAL = 0.05
KEY_PREFIX_PATTERN = re.compile(r"^[A-Za-z0-9_:.-]{1,64}$")
MAX_PLAIN_ID_LENGTH = 200

_LUA_COMMON = """
local function now_ms()
  local t = redis.call('TIME')
  return tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
end
local function purge(now)
  local expired = redis.call('ZRANGEBYSCORE', KEYS[3], '-inf', now)
  for _, token in ipairs(expired) do
    redis.call('ZREM', KEYS[2], token)
    redis.call('ZREM', KEYS[3], token)
  end
end
local function keep(now)
  local last = redis.call('ZRANGE', KEYS[3], -1, -1, 'WITHSCORES')
  if last[2] then
    local ttl = math.max(tonumber(last[2]) - now, 0) + 60000
    for _, key in ipairs(KEYS) do redis.call('PEXPIRE', key, ttl) end
  end
end
"""

# KEYS: counter, queue (token -> number), expiries (token -> ms). ARGV: token, lifetime in ms.
_ISSUE = (
    _LUA_COMMON
    + """
local now = now_ms()
purge(now)
local number = redis.call('ZSCORE', KEYS[2], ARGV[1])
if not number then
  number = redis.call('INCR', KEYS[1])
  redis.call('ZADD', KEYS[2], number, ARGV[1])
  redis.call('ZADD', KEYS[3], now + tonumber(ARGV[2]), ARGV[1])
end
keep(now)
return tonumber(number)
"""
)

# Returns {1, 0} when the token is first in line, {0, ahead} when it waits, {-1, 0} when it is gone.
_TURN = (
    _LUA_COMMON
    + """
local now = now_ms()
purge(now)
local number = redis.call('ZSCORE', KEYS[2], ARGV[1])
if not number then return {-1, 0} end
redis.call('ZADD', KEYS[3], now + tonumber(ARGV[2]), ARGV[1])
keep(now)
local ahead = redis.call('ZCOUNT', KEYS[2], '-inf', '(' .. number)
if ahead == 0 then return {1, 0} end
return {0, ahead}
"""
)

# Returns 1 when the token was still there, 0 otherwise (expired, or Redis lost its data).
_RELEASE = (
    _LUA_COMMON
    + """
local now = now_ms()
local removed = redis.call('ZREM', KEYS[2], ARGV[1])
redis.call('ZREM', KEYS[3], ARGV[1])
purge(now)
if redis.call('ZCARD', KEYS[2]) == 0 then
  -- Nobody waits: drop the queue; the counter lingers so ticket numbers keep increasing.
  redis.call('DEL', KEYS[2], KEYS[3])
  redis.call('PEXPIRE', KEYS[1], 600000)
else
  keep(now)
end
return removed
"""
)


class LockStoreUnavailable(LockError):
    """Redis could not be reached (or did not answer in time): the message is not handled."""


class TicketLost(LockError):
    """The ticket vanished while waiting (expired, or Redis restarted and lost its data)."""


def _setting(value: Any, default: float, name: str) -> float:
    if value is None or (isinstance(value, str) and not value.strip()):
        return default
    try:
        number = float(value)
    except (TypeError, ValueError):
        raise ValueError(
            f"Réglage « {name} » du lock store invalide : « {value} » n'est pas un nombre."
        ) from None
    if number <= 0:
        raise ValueError(f"Réglage « {name} » du lock store invalide : il doit être positif (reçu {value}).")
    return number


class ConversationLockStore(LockStore):
    """Rasa's in-memory lock store without a URL; an atomic Redis ticket lock with one."""

    def __init__(
        self,
        endpoint_config: Optional[EndpointConfig] = None,
        *,
        url: Optional[str] = None,
        key_prefix: Optional[str] = None,
        lock_lifetime: Optional[float] = None,
        socket_timeout: Optional[float] = None,
        poll_interval: Optional[float] = None,
    ) -> None:
        settings = dict(endpoint_config.kwargs) if endpoint_config else {}
        url = url if url is not None else (endpoint_config.url if endpoint_config else None)
        self.url = (url or "").strip() or None
        prefix = key_prefix if key_prefix is not None else settings.get("key_prefix")
        self.key_prefix = (prefix or "").strip() or DEFAULT_KEY_PREFIX
        if not KEY_PREFIX_PATTERN.match(self.key_prefix):
            raise ValueError(
                f"Préfixe de clés du lock store invalide : « {self.key_prefix} » "
                "(lettres, chiffres, « _ : . - », 64 caractères au plus)."
            )
        self.lock_lifetime = _setting(
            lock_lifetime if lock_lifetime is not None else settings.get("lock_lifetime"),
            float(LOCK_LIFETIME),
            "lock_lifetime",
        )
        self.socket_timeout = _setting(
            socket_timeout if socket_timeout is not None else settings.get("socket_timeout"),
            DEFAULT_SOCKET_TIMEOUT,
            "socket_timeout",
        )
        self.poll_interval = _setting(
            poll_interval if poll_interval is not None else settings.get("poll_interval"),
            DEFAULT_POLL_INTERVAL,
            "poll_interval",
        )
        if self.url and not self.url.startswith(("redis://", "rediss://", "unix://")):
            raise ValueError(
                "URL Redis du lock store invalide : elle doit commencer par redis://, rediss:// ou unix://."
            )
        self._memory = InMemoryLockStore()
        self._client: Any = None
        self._client_loop: Optional[asyncio.AbstractEventLoop] = None
        self._scripts: dict = {}
        super().__init__()

    @property
    def uses_redis(self) -> bool:
        return self.url is not None

    # Rasa's synchronous storage interface: the in-memory store when no URL is configured.
    def get_lock(self, conversation_id: str) -> Optional[TicketLock]:
        self._memory_only()
        return self._memory.get_lock(conversation_id)

    def delete_lock(self, conversation_id: str) -> None:
        self._memory_only()
        self._memory.delete_lock(conversation_id)

    def save_lock(self, lock: TicketLock) -> None:
        self._memory_only()
        self._memory.save_lock(lock)

    def _memory_only(self) -> None:
        if self.uses_redis:
            raise NotImplementedError(
                "Avec Redis, le verrou ne s'obtient que par « async with store.lock(...) »."
            )

    @contextlib.asynccontextmanager
    async def lock(
        self,
        conversation_id: str,
        lock_lifetime: Optional[float] = None,
        wait_time_in_seconds: Optional[float] = None,
    ) -> AsyncIterator[TicketLock]:
        """Hold the conversation's lock: wait for every earlier ticket, then run the block alone."""
        lifetime = lock_lifetime or self.lock_lifetime
        if not self.uses_redis:
            async with super().lock(conversation_id, lifetime, wait_time_in_seconds or 1) as lock:
                yield lock
            return

        token = uuid.uuid4().hex
        keys = self._keys(conversation_id)
        lifetime_ms = int(lifetime * 1000)
        renewal: Optional[asyncio.Task] = None
        release = True
        try:
            try:
                number = await self._call("issue", keys, token, lifetime_ms, conversation_id)
                await self._wait_for_turn(
                    conversation_id, keys, token, number, lifetime_ms, wait_time_in_seconds
                )
            except LockStoreUnavailable:
                release = False  # Redis is down: a ticket it may hold expires after the lifetime
                raise
            renewal = asyncio.create_task(self._renew(conversation_id, keys, token, lifetime_ms))
            yield TicketLock(conversation_id, deque([Ticket(number, time.time() + lifetime)]))
        finally:
            if renewal is not None:
                renewal.cancel()
                with contextlib.suppress(asyncio.CancelledError):
                    await renewal
            if release:
                # Shielded: a cancelled request (client gone) still gives its ticket back.
                await asyncio.shield(self._release(conversation_id, keys, token))

    async def _wait_for_turn(
        self,
        conversation_id: str,
        keys: list,
        token: str,
        number: int,
        lifetime_ms: int,
        wait_time: Optional[float],
    ) -> None:
        while True:
            status, ahead = await self._call("turn", keys, token, lifetime_ms, conversation_id)
            if status == 1:
                logger.debug("Verrou obtenu pour la conversation %s (ticket %s).", conversation_id, number)
                return
            if status == -1:
                logger.error(
                    "Ticket %s perdu pour la conversation %s (expiré, ou Redis a perdu ses données) : "
                    "message non traité.",
                    number,
                    conversation_id,
                )
                raise TicketLost(
                    f"Le ticket {number} de la conversation « {conversation_id} » a disparu avant son tour : "
                    "le message n'a pas été traité."
                )
            logger.debug(
                "Conversation %s : %s message(s) avant le ticket %s.", conversation_id, ahead, number
            )
            await asyncio.sleep(wait_time or self.poll_interval)

    async def _renew(self, conversation_id: str, keys: list, token: str, lifetime_ms: int) -> None:
        """Keep the holder's ticket alive while the block runs (a dead instance stops renewing)."""
        while True:
            await asyncio.sleep(lifetime_ms / 3000)
            try:
                status, _ = await self._call("turn", keys, token, lifetime_ms, conversation_id)
            except LockStoreUnavailable:
                continue
            if status != 1:
                logger.error(
                    "Le verrou de la conversation %s a été perdu pendant le traitement "
                    "(Redis redémarré ou ticket expiré).",
                    conversation_id,
                )
                return

    async def _release(self, conversation_id: str, keys: list, token: str) -> None:
        try:
            removed = await self._call("release", keys, token, None, conversation_id)
        except LockStoreUnavailable:
            return  # already logged; the ticket expires on its own after the lifetime
        if not removed:
            logger.warning(
                "Ticket de la conversation %s déjà absent à sa libération (expiré, ou Redis redémarré).",
                conversation_id,
            )

    def _keys(self, conversation_id: str) -> list:
        name = conversation_id
        if len(name) > MAX_PLAIN_ID_LENGTH:
            name = "sha256:" + hashlib.sha256(name.encode("utf-8", "surrogatepass")).hexdigest()
        base = f"{self.key_prefix}{name}"
        return [f"{base}:counter", f"{base}:queue", f"{base}:expiries"]

    def _redis(self) -> Any:
        """One asyncio client per event loop (Rasa, Sanic workers and tests each run their own)."""
        loop = asyncio.get_running_loop()
        if self._client is None or self._client_loop is not loop:
            from redis.asyncio import Redis
            from redis.asyncio.retry import Retry
            from redis.backoff import ConstantBackoff
            from redis.exceptions import ConnectionError as RedisConnectionError
            from redis.exceptions import TimeoutError as RedisTimeoutError

            self._client = Redis.from_url(
                self.url,
                socket_timeout=self.socket_timeout,
                socket_connect_timeout=self.socket_timeout,
                # One retry: a pooled connection is stale after a Redis restart. Safe because
                # every script is idempotent (keyed by the caller's token).
                retry=Retry(ConstantBackoff(0.1), 1),
                retry_on_error=[RedisConnectionError, RedisTimeoutError],
                health_check_interval=30,
            )
            self._client_loop = loop
            self._scripts = {
                "issue": self._client.register_script(_ISSUE),
                "turn": self._client.register_script(_TURN),
                "release": self._client.register_script(_RELEASE),
            }
        return self._client

    async def _call(
        self, script: str, keys: list, token: str, lifetime_ms: Optional[int], conversation_id: str
    ) -> Any:
        from redis.exceptions import RedisError

        self._redis()
        args = [token] if lifetime_ms is None else [token, lifetime_ms]
        try:
            # Bounded even if a timeout setting were missed somewhere below (reference: Rasa #6226).
            call = self._scripts[script](keys=keys, args=args)
            return await asyncio.wait_for(call, self.socket_timeout * 3)
        except (RedisError, OSError, asyncio.TimeoutError) as error:
            logger.error(
                "Redis injoignable pour le lock store (%s, conversation %s) : %s",
                script,
                conversation_id,
                error,
            )
            raise LockStoreUnavailable(
                f"Le verrou de la conversation « {conversation_id} » est indisponible : Redis ne répond pas "
                f"({type(error).__name__})."
            ) from error

    async def ping(self) -> bool:
        """Whether Redis answers (always true without Redis): for a health endpoint."""
        if not self.uses_redis:
            return True
        try:
            return bool(await asyncio.wait_for(self._redis().ping(), self.socket_timeout))
        except Exception:  # noqa: BLE001 - any failure means "not healthy"
            return False

    async def close(self) -> None:
        if self._client is not None:
            await self._client.close(close_connection_pool=True)
            self._client = None
