"""The widget's pushes across Rasa instances: python-socketio's Redis client manager, speaking
JSON instead of pickle (python-socketio's own one unpickles what it reads from Redis), with
bounded waits. Used by channels/socketio.py when REDIS_URL or SOCKETIO_REDIS_URL is set."""

from __future__ import annotations

import asyncio
import json
import logging
import os
from contextlib import suppress
from typing import Any, AsyncIterator, Dict, Optional
from urllib.parse import urlsplit

import socketio
from redis import asyncio as aioredis
from redis.exceptions import RedisError

logger = logging.getLogger(__name__)

REDIS_CHANNEL = "litige-socketio"  # the same on every instance
REDIS_SCHEMES = ("redis", "rediss", "unix")
PUBLISH_TIMEOUT = 5.0  # seconds, per attempt
READY_TIMEOUT = 5.0  # seconds the server waits at start-up for its Redis subscription


class PushNotDelivered(ConnectionError):
    """Redis could not take a push: the widgets connected to the other instances miss it."""


def redis_url() -> Optional[str]:
    """Where the instances share their pushes: SOCKETIO_REDIS_URL, else REDIS_URL, else
    None (a single instance, nothing shared)."""
    for name in ("SOCKETIO_REDIS_URL", "REDIS_URL"):
        value = (os.environ.get(name) or "").strip()
        if value:
            if urlsplit(value).scheme not in REDIS_SCHEMES:
                raise ValueError(f"{name} must be a redis://, rediss:// or unix:// URL")
            return value
    return None


def redacted(url: str) -> str:
    """The URL without its credentials, for the logs."""
    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.hostname or ''}{f':{parts.port}' if parts.port else ''}{parts.path}"


class JsonRedisManager(socketio.AsyncRedisManager):
    """python-socketio's Redis client manager, with JSON on the Redis channel instead of
    pickle (a pickle read from Redis can run code), a bounded publish that raises instead of
    dropping the push silently, and ``ready`` set while the subscription is live."""

    name = "litige-redis"

    def __init__(self, url: str, channel: str = REDIS_CHANNEL) -> None:
        self.ready = asyncio.Event()
        options = {"socket_connect_timeout": PUBLISH_TIMEOUT, "socket_keepalive": True}
        super().__init__(url, channel=channel, redis_options=options)

    def _redis_connect(self) -> None:
        self.redis = aioredis.Redis.from_url(self.redis_url, **self.redis_options)
        self.pubsub = self.redis.pubsub()  # subscription confirmations tell when we are live

    async def emit(self, event: str, data: Any, namespace: Optional[str] = None, room: Any = None, **kwargs):
        """An emit to one socket connected here (Rasa's session_confirm) skips Redis: a sid
        lives on one instance only, and the widget must not depend on Redis to start."""
        if isinstance(room, str) and self.is_connected(room, namespace or "/"):
            kwargs["ignore_queue"] = True
        return await super().emit(event, data, namespace=namespace, room=room, **kwargs)

    async def _publish(self, data: Dict[str, Any]) -> None:
        payload = json.dumps(data)
        for attempt in (1, 2):
            try:
                await asyncio.wait_for(self.redis.publish(self.channel, payload), PUBLISH_TIMEOUT)
                return
            except (RedisError, OSError, asyncio.TimeoutError) as error:
                logger.warning(
                    "socket.io: Redis refused a push (attempt %d): %s", attempt, type(error).__name__
                )
        raise PushNotDelivered(f"Redis at {redacted(self.redis_url)} is unreachable: push not delivered")

    async def _listen(self) -> AsyncIterator[Dict[str, Any]]:
        channel, delay = self.channel.encode("utf-8"), 1.0
        while True:
            try:
                await self.pubsub.subscribe(self.channel)
                async for message in self.pubsub.listen():
                    if message.get("channel") != channel:
                        continue
                    if message.get("type") == "subscribe":
                        self.ready.set()
                        delay = 1.0
                    elif message.get("type") == "message":
                        data = _decoded(message.get("data"))
                        if data is not None:
                            yield data
            except (RedisError, OSError) as error:
                self.ready.clear()
                logger.error(
                    "socket.io: Redis unreachable (%s), pushes from the other instances are not "
                    "received; retrying in %.0f s",
                    type(error).__name__,
                    delay,
                )
                await asyncio.sleep(delay)
                delay = min(delay * 2, 30.0)
                old, self.pubsub = self.pubsub, self.redis.pubsub()
                with suppress(Exception):
                    await old.reset()

    async def start(self) -> None:
        """Subscribe now, not at the first widget's connection: a push published before the
        subscription is live would be lost. Waits READY_TIMEOUT at most (Redis may be down:
        the listener keeps retrying)."""
        if not self.server.manager_initialized:
            self.server.manager_initialized = True
            self.initialize()
        try:
            await asyncio.wait_for(self.ready.wait(), READY_TIMEOUT)
            logger.info("socket.io: pushes shared through Redis at %s", redacted(self.redis_url))
        except asyncio.TimeoutError:
            logger.error("socket.io: Redis at %s unreachable at start-up, retrying", redacted(self.redis_url))

    async def stop(self) -> None:
        task = getattr(self, "thread", None)
        if task is not None:
            task.cancel()
            with suppress(BaseException):
                await task
        with suppress(Exception):
            await self.pubsub.reset()
        with suppress(Exception):
            await self.redis.close()
            await self.redis.connection_pool.disconnect()


def _decoded(raw: Any) -> Optional[Dict[str, Any]]:
    try:
        data = json.loads(raw)
    except (TypeError, ValueError):
        return None  # not ours (a pickle, garbage): ignored, never unpickled
    return data if isinstance(data, dict) and "method" in data else None
