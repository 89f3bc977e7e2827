"""An optional RabbitMQ event broker: Rasa's Pika broker that never holds the bot up.

``endpoints.yml`` names ``stores.event_broker.OptionalPikaEventBroker``. Its settings come from
the environment (an ``url:`` or ``queues:`` key in ``endpoints.yml`` takes precedence):

- ``EVENT_BROKER_URL`` empty or unset (the default, ``make run``): no broker at all, Rasa
  publishes nothing (``from_endpoint_config`` returns ``None``, which Rasa accepts);
- ``EVENT_BROKER_URL=amqp://user:password@host:5672/vhost``: each event Rasa stores is published,
  as JSON (``{"sender_id": …, **event.as_dict()}``), persistent, to Rasa's fanout exchange
  ``rasa-exchange`` and from there to the durable queue ``EVENT_BROKER_QUEUE`` (default
  ``rasa_events``), which the review desk's consumer reads (``python -m litige.review consume``).

What Rasa 3.6.21's own ``PikaEventBroker`` does when RabbitMQ is unreachable, and what this
class changes:

- at start, Rasa's broker tries 20 times, 5 seconds apart, then raises (measured: 100.3 s,
  then ``ConnectionException``): Rasa's server waits and then fails to load the agent (no
  answer at all). Here one attempt of at most ``connect_timeout`` seconds (default 5) is made;
  then Rasa starts without the broker and the connection is retried in the background every
  ``retry_delay_in_seconds`` (default 5);
- while RabbitMQ is away, Rasa's broker keeps the failed events in an unbounded list and logs
  each one at the error level with the customer's text and the host as configured (an
  ``amqp://`` URL with its password). Here the events wait in memory, at most
  ``max_unpublished`` (default 10,000; the oldest are dropped beyond, with a warning and
  ``dropped`` counting them), and are published again when the connection is back; each
  attempt is bounded by ``publish_timeout`` seconds; the logs never hold an event's content, a
  conversation id or the password. The events kept during an outage are sent each once, in
  the order their sends failed.

Publishing is never awaited by the conversation: the tracker store stores the events first
(``stores.tracker_store``), then hands them here, where each is sent by a background task. The
events kept in memory are lost if Rasa stops before RabbitMQ is back; the review desk's sync
from the tracker store (``python -m litige.review sync``) then catches up.
"""

from __future__ import annotations

import asyncio
import logging
import os
from collections import deque
from typing import Any, Deque, Dict, List, Optional, Tuple
from urllib.parse import unquote, urlsplit

import aio_pika
from rasa.core.brokers.pika import PikaEventBroker
from rasa.shared.exceptions import RasaException
from rasa.utils.endpoints import EndpointConfig
from yarl import URL

logger = logging.getLogger(__name__)

URL_VARIABLE = "EVENT_BROKER_URL"
QUEUE_VARIABLE = "EVENT_BROKER_QUEUE"
DEFAULT_QUEUE = "rasa_events"
MAX_UNPUBLISHED = 10_000
CONNECT_TIMEOUT = 5.0
PUBLISH_TIMEOUT = 10.0
RETRY_DELAY = 5.0
CLOSE_TIMEOUT = 5.0


def broker_url(configured: Optional[str] = None) -> str:
    """The broker's URL: ``url`` of endpoints.yml, else ``EVENT_BROKER_URL``; "" for none."""
    return (configured or os.environ.get(URL_VARIABLE) or "").strip()


def queue_names(configured: Any = None) -> List[str]:
    """The queues: ``queues`` of endpoints.yml, else ``EVENT_BROKER_QUEUE``, else rasa_events."""
    if isinstance(configured, str) and configured.strip():
        return [configured.strip()]
    if isinstance(configured, (list, tuple)) and configured:
        return [str(name) for name in configured]
    return [(os.environ.get(QUEUE_VARIABLE) or "").strip() or DEFAULT_QUEUE]


def parse_url(url: str) -> Tuple[str, str, str, int]:
    """(host, user, password, port) of an ``amqp://`` or ``amqps://`` URL; ValueError otherwise."""
    parts = urlsplit(url)
    if parts.scheme not in ("amqp", "amqps") or not parts.hostname:
        raise ValueError(f"{URL_VARIABLE} must look like amqp://user:password@host:5672/vhost")
    try:
        port = parts.port or (5671 if parts.scheme == "amqps" else 5672)
    except ValueError:
        raise ValueError(f"{URL_VARIABLE} has an invalid port") from None
    return parts.hostname, unquote(parts.username or "guest"), unquote(parts.password or "guest"), port


def safe_address(url: str) -> str:
    """host:port/vhost of the URL, without the user or password (what the logs show)."""
    parts = urlsplit(url)
    try:
        port = parts.port
    except ValueError:
        port = None
    return f"{parts.hostname}:{port or ''}{parts.path or '/'}"


class OptionalPikaEventBroker(PikaEventBroker):
    """Rasa's Pika broker, off without a URL, and never blocking or crashing Rasa."""

    def __init__(
        self,
        url: str,
        queues: Any = None,
        max_unpublished: int = MAX_UNPUBLISHED,
        connect_timeout: float = CONNECT_TIMEOUT,
        publish_timeout: float = PUBLISH_TIMEOUT,
        retry_delay_in_seconds: float = RETRY_DELAY,
        event_loop: Optional[asyncio.AbstractEventLoop] = None,
        **kwargs: Any,
    ) -> None:
        host, username, password, port = parse_url(url)
        super().__init__(
            host,
            username,
            password,
            port=port,
            queues=queue_names(queues),
            should_keep_unpublished_messages=True,
            raise_on_failure=False,
            event_loop=event_loop or asyncio.get_event_loop(),
            retry_delay_in_seconds=float(retry_delay_in_seconds),
            **kwargs,
        )
        self.url = url
        self.address = safe_address(url)
        self.connect_timeout = float(connect_timeout)
        self.publish_timeout = float(publish_timeout)
        self._unpublished_events: Deque[Dict[str, Any]] = deque(maxlen=max(1, int(max_unpublished)))
        self.dropped = 0
        self.published = 0
        self.failures = 0  # failed attempts in a row
        self._connector: Optional[asyncio.Task] = None
        self._closing = False

    @classmethod
    async def from_endpoint_config(
        cls,
        broker_config: Optional[EndpointConfig],
        event_loop: Optional[asyncio.AbstractEventLoop] = None,
    ) -> Optional[OptionalPikaEventBroker]:
        """None without a URL; otherwise a broker, connected if RabbitMQ answered in time."""
        url = broker_url(broker_config.url if broker_config else None)
        if not url:
            logger.debug("event broker: %s is empty, no event is published", URL_VARIABLE)
            return None
        kwargs = dict(broker_config.kwargs) if broker_config else {}
        try:
            broker = cls(url, event_loop=event_loop or asyncio.get_running_loop(), **kwargs)
        except (ValueError, TypeError) as error:
            raise RasaException(f"The event broker's settings are invalid: {error}") from None
        await broker.connect()
        return broker

    # --- connection ------------------------------------------------------------------------

    async def connect(self) -> None:
        """One bounded attempt; when it fails, Rasa goes on and a background task retries."""
        try:
            await self._connect_once()
        except Exception as error:  # noqa: BLE001 - whatever RabbitMQ's state, Rasa starts
            logger.warning(
                "event broker: RabbitMQ unreachable at %s (%s); Rasa answers without it, the "
                "events wait in memory (at most %d) and are sent once it is back",
                self.address,
                type(error).__name__,
                self._unpublished_events.maxlen,
            )
            self._connector = self._loop.create_task(self._keep_connecting())

    async def _connect_once(self) -> None:
        url = URL(self.url)
        if "reconnect_interval" not in url.query:  # aio-pika reads it from the URL only
            url = url.update_query(reconnect_interval=str(self._retry_delay_in_seconds))
        connection = await asyncio.wait_for(
            aio_pika.connect_robust(
                url, timeout=self.connect_timeout, client_properties={"connection_name": "rasa event broker"}
            ),
            self.connect_timeout + 1,
        )
        try:
            channel = await asyncio.wait_for(connection.channel(), self.connect_timeout)
            exchange = await asyncio.wait_for(self._set_up_exchange(channel), self.connect_timeout)
        except BaseException:
            await self._close_quietly(connection)
            raise
        connection.reconnect_callbacks.add(self._on_reconnect)
        self._connection, self._exchange = connection, exchange
        logger.info("event broker: connected to RabbitMQ at %s, queues %s", self.address, self.queues)
        self._flush()

    async def _keep_connecting(self) -> None:
        attempts = 0
        while not self._closing and self._exchange is None:
            await asyncio.sleep(self._retry_delay_in_seconds)
            attempts += 1
            try:
                await self._connect_once()
            except Exception as error:  # noqa: BLE001
                if attempts % 12 == 1:  # about once a minute with the default delay
                    logger.warning(
                        "event broker: RabbitMQ still unreachable at %s (%s), %d event(s) waiting",
                        self.address,
                        type(error).__name__,
                        len(self._unpublished_events),
                    )

    def _on_reconnect(self, *_: Any, **__: Any) -> None:
        logger.info("event broker: connection to RabbitMQ at %s is back", self.address)
        self._flush()

    def _publish_unpublished_messages(self, *_: Any, **__: Any) -> None:
        self._flush()

    def _flush(self) -> None:
        waiting = len(self._unpublished_events)
        if waiting:
            logger.info("event broker: sending %d event(s) kept while RabbitMQ was away", waiting)
        for _ in range(waiting):
            self.publish(self._unpublished_events.popleft())

    # --- publishing ------------------------------------------------------------------------

    def _keep(self, event: Dict[str, Any]) -> None:
        if len(self._unpublished_events) == self._unpublished_events.maxlen:
            self.dropped += 1
            if self.dropped % 1000 == 1:
                logger.warning(
                    "event broker: %d event(s) kept in memory, the oldest are dropped (%d so far)",
                    self._unpublished_events.maxlen,
                    self.dropped,
                )
        self._unpublished_events.append(event)

    def publish(self, event: Dict[str, Any], headers: Optional[Dict[str, str]] = None) -> None:
        """Hand the event to a background task (kept in memory while not connected)."""
        if self._exchange is None:
            self._keep(event)
            return
        task = self._loop.create_task(self._publish(event, headers))
        self._background_tasks.add(task)
        task.add_done_callback(self._background_tasks.discard)

    async def _publish(self, event: Dict[str, Any], headers: Optional[Dict[str, str]] = None) -> None:
        exchange = self._exchange
        if exchange is None:
            self._keep(event)
            return
        try:
            await asyncio.wait_for(exchange.publish(self._message(event, headers), ""), self.publish_timeout)
            self.published += 1
            self.failures = 0
        except Exception as error:  # noqa: BLE001 - kept for later, never raised into Rasa
            self.failures += 1
            if self.failures % 1000 == 1:
                logger.warning(
                    "event broker: events could not be sent to %s (%s); kept for later",
                    self.address,
                    type(error).__name__,
                )
            self._keep(event)

    @property
    def waiting(self) -> int:
        """Events kept in memory, not sent yet."""
        return len(self._unpublished_events)

    async def drain(self, timeout: float = CLOSE_TIMEOUT) -> None:
        """Wait (at most ``timeout`` seconds) for the events being sent."""
        pending = [task for task in self._background_tasks if not task.done()]
        if pending:
            await asyncio.wait(pending, timeout=timeout)

    async def close(self) -> None:
        """Send what is being sent (bounded), then close the connection."""
        self._closing = True
        if self._connector is not None:
            self._connector.cancel()
        await self.drain()
        if self.waiting:
            logger.warning("event broker: %d event(s) not sent at shutdown", self.waiting)
        connection, self._connection, self._exchange = self._connection, None, None
        if connection is not None:
            await self._close_quietly(connection)

    @staticmethod
    async def _close_quietly(connection: Any) -> None:
        try:
            await asyncio.wait_for(connection.close(), CLOSE_TIMEOUT)
        except Exception:  # noqa: BLE001
            logger.debug("event broker: the connection did not close cleanly", exc_info=True)
