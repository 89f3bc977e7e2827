"""The review desk's read model fed from Rasa's events through RabbitMQ (optional).

With an event broker (``EVENT_BROKER_URL``, see ``stores/event_broker.py``), each event Rasa
stores is also published to the durable queue ``EVENT_BROKER_QUEUE`` (default ``rasa_events``).
``python -m litige.review consume`` reads that queue: the messages are gathered in batches (at
most ``batch`` messages, or what came within ``linger`` seconds), the conversations they name
are summarised whole from the tracker store, the source of truth, with the sync's own
derivation (``timeline.summarise`` and ``sync.row_of``), their rows of ``review_conversations``
are written, and only then are the messages acknowledged. If the database is unreachable, the
messages go back to the queue and are read again ``retry`` seconds later: nothing is lost.

A row is never replaced by an older summary (one whose last event id is lower): several
consumers can read the same queue side by side. A message that is not a Rasa event (not JSON, no
``sender_id``) is logged and dropped. The polling sync stays the default: the consumer runs it
once at start, to catch up what was stored before the broker was enabled or while Rasa could not
reach it, then every ``catch_up`` seconds (a conversation without new events becomes
"abandoned" only through it); ``catch_up=0``: never, not even at start.
"""

from __future__ import annotations

import asyncio
import json
import logging
from dataclasses import dataclass
from typing import Any, Dict, Iterable, List, Optional, Sequence, Set, Tuple

import aio_pika
import sqlalchemy as sa
from sqlalchemy.engine import Connection
from yarl import URL

from litige.review.store import ReviewStore
from litige.review.sync import insert_for, row_of
from litige.review.timeline import summarise
from litige.tickets.database import TicketStoreUnavailable
from litige.tickets.models import review_conversations

logger = logging.getLogger(__name__)

EXCHANGE = "rasa-exchange"  # the fanout exchange of Rasa's Pika broker (rasa.core.brokers.pika)
DEFAULT_QUEUE = "rasa_events"
BATCH = 200
LINGER = 0.5
RETRY = 5.0
CATCH_UP = 300.0
CONNECT_TIMEOUT = 10.0


def senders_of(bodies: Iterable[bytes]) -> Tuple[List[Optional[str]], int]:
    """Each message's conversation id (None for a message that is not a Rasa event) and the
    number of such invalid messages."""
    senders: List[Optional[str]] = []
    for body in bodies:
        try:
            event = json.loads(body)
        except (ValueError, UnicodeDecodeError):
            event = None
        sender = event.get("sender_id") if isinstance(event, dict) else None
        valid = isinstance(sender, str) and 0 < len(sender) <= 255
        senders.append(sender if valid else None)
    return senders, sum(1 for sender in senders if sender is None)


def refresh(store: ReviewStore, senders: Sequence[str]) -> int:
    """Summarise these conversations from the tracker store and write their rows (never over a
    newer one); the number of rows written. Runs in a thread: it is blocking I/O."""
    senders = sorted(set(senders))
    if not senders or not store.tracker.available():
        return 0
    events = store.tracker.events_of(senders)
    moment = store.clock()
    now = moment.timestamp()
    rows = [row_of(summarise(sender, events[sender], now), moment) for sender in senders if events[sender]]
    if not rows:
        return 0

    def write(connection: Connection) -> int:
        rc = review_conversations.c
        statement = insert_for(connection.dialect.name, review_conversations).values(rows)
        updated = {name: statement.excluded[name] for name in rows[0] if name != rc.conversation_id.name}
        newer = sa.or_(rc.last_event_id.is_(None), rc.last_event_id <= statement.excluded.last_event_id)
        connection.execute(
            statement.on_conflict_do_update(index_elements=["conversation_id"], set_=updated, where=newer)
        )
        return len(rows)

    return store.db._run(write)


@dataclass
class FeedStats:
    messages: int = 0  # acknowledged
    invalid: int = 0  # dropped: not a Rasa event
    batches: int = 0
    written: int = 0  # rows of review_conversations written
    failures: int = 0  # batches sent back to the queue (database unreachable)


class BrokerFeed:
    """Reads Rasa's events from RabbitMQ and keeps ``review_conversations`` up to date."""

    def __init__(
        self,
        store: ReviewStore,
        url: str,
        queue: str = DEFAULT_QUEUE,
        batch: int = BATCH,
        linger: float = LINGER,
        retry: float = RETRY,
        catch_up: float = CATCH_UP,
    ) -> None:
        self.store = store
        self.url = url
        self.queue = queue
        self.batch = max(1, int(batch))
        self.linger = max(0.0, float(linger))
        self.retry = max(0.0, float(retry))
        self.catch_up = max(0.0, float(catch_up))
        self.stats = FeedStats()
        self.ready = asyncio.Event()  # set once the queue is consumed

    def _url(self) -> URL:
        url = URL(self.url)
        if "reconnect_interval" not in url.query:
            url = url.update_query(reconnect_interval=str(self.retry or 1.0))
        return url

    async def run(self, stop: asyncio.Event) -> FeedStats:
        """Consume until ``stop`` is set; the messages being handled are finished first."""
        if self.catch_up:
            await self._catch_up()
        connection = await asyncio.wait_for(
            aio_pika.connect_robust(
                self._url(),
                timeout=CONNECT_TIMEOUT,
                client_properties={"connection_name": "litige review feed"},
            ),
            CONNECT_TIMEOUT + 1,
        )
        try:
            channel = await connection.channel()
            await channel.set_qos(prefetch_count=2 * self.batch)  # the next batch arrives meanwhile
            # declared exactly as Rasa's broker declares them: whichever starts first
            exchange = await channel.declare_exchange(EXCHANGE, type=aio_pika.ExchangeType.FANOUT)
            queue = await channel.declare_queue(self.queue, durable=True)
            await queue.bind(exchange, "")
            inbox: asyncio.Queue = asyncio.Queue()
            tag = await queue.consume(inbox.put)
            logger.info("review feed: reading queue %s", self.queue)
            self.ready.set()
            try:
                await self._loop(inbox, stop)
            finally:
                await queue.cancel(tag)
                for message in self._pending(inbox):  # delivered, never handled: back to the queue
                    await message.nack(requeue=True)
        finally:
            await connection.close()
        return self.stats

    @staticmethod
    def _pending(inbox: asyncio.Queue) -> List[Any]:
        messages = []
        while not inbox.empty():
            messages.append(inbox.get_nowait())
        return messages

    async def _loop(self, inbox: asyncio.Queue, stop: asyncio.Event) -> None:
        loop = asyncio.get_running_loop()
        next_catch_up = loop.time() + self.catch_up if self.catch_up else None
        stopping = loop.create_task(stop.wait())
        try:
            while not stop.is_set():
                first = loop.create_task(inbox.get())
                timeout = max(0.0, next_catch_up - loop.time()) if next_catch_up else None
                done, _ = await asyncio.wait(
                    {first, stopping}, timeout=timeout, return_when="FIRST_COMPLETED"
                )
                if first not in done:
                    first.cancel()  # a cancelled get() leaves its message in the inbox
                    if next_catch_up and loop.time() >= next_catch_up:
                        await self._catch_up()
                        next_catch_up = loop.time() + self.catch_up
                    continue
                messages = [first.result()] + await self._more(inbox)
                if not await self._handle(messages):
                    await self._wait(stop, self.retry)
        finally:
            stopping.cancel()

    async def _more(self, inbox: asyncio.Queue) -> List[Any]:
        """The messages arriving within ``linger`` seconds, up to the batch's size."""
        messages: List[Any] = []
        loop = asyncio.get_running_loop()
        deadline = loop.time() + self.linger
        while len(messages) + 1 < self.batch:
            if not inbox.empty():
                messages.append(inbox.get_nowait())
                continue
            left = deadline - loop.time()
            if left <= 0:
                break
            try:
                messages.append(await asyncio.wait_for(inbox.get(), left))
            except asyncio.TimeoutError:
                break
        return messages

    async def _handle(self, messages: List[Any]) -> bool:
        """Write the read model of the conversations named, then acknowledge; False when the
        messages went back to the queue."""
        senders, invalid = senders_of(message.body for message in messages)
        named: Set[str] = {sender for sender in senders if sender}
        try:
            written = await asyncio.to_thread(refresh, self.store, list(named))
        except TicketStoreUnavailable as error:
            self.stats.failures += 1
            logger.warning(
                "review feed: database unreachable (%s); %d message(s) back to the queue",
                type(error).__name__,
                len(messages),
            )
            for message in messages:
                await message.nack(requeue=True)
            return False
        valid = [message for message, sender in zip(messages, senders, strict=True) if sender]
        for message, sender in zip(messages, senders, strict=True):
            if sender is None:
                await message.reject(requeue=False)
        if valid:  # one acknowledgement for the batch: every delivery up to the last one
            last = max(valid, key=lambda message: message.delivery_tag)
            await last.ack(multiple=True)
        if invalid:
            logger.warning("review feed: %d message(s) that are not Rasa events dropped", invalid)
        self.stats.messages += len(messages) - invalid
        self.stats.invalid += invalid
        self.stats.batches += 1
        self.stats.written += written
        return True

    async def _catch_up(self) -> None:
        try:
            written = await asyncio.to_thread(self.store.sync)
        except TicketStoreUnavailable as error:
            logger.warning("review feed: catch-up sync failed (%s)", type(error).__name__)
            return
        if written:
            logger.info("review feed: catch-up sync wrote %d conversation(s)", written)
        self.stats.written += written

    @staticmethod
    async def _wait(stop: asyncio.Event, seconds: float) -> None:
        try:
            await asyncio.wait_for(stop.wait(), seconds)
        except asyncio.TimeoutError:
            pass


def feed_settings(env: Dict[str, str]) -> Tuple[str, str]:
    """(URL, queue) from EVENT_BROKER_URL and EVENT_BROKER_QUEUE; ValueError in French."""
    url = (env.get("EVENT_BROKER_URL") or "").strip()
    if not url:
        raise ValueError("EVENT_BROKER_URL est vide : aucun courtier d'événements n'est configuré.")
    if not url.startswith(("amqp://", "amqps://")):
        raise ValueError("EVENT_BROKER_URL doit commencer par amqp:// ou amqps://.")
    return url, (env.get("EVENT_BROKER_QUEUE") or "").strip() or DEFAULT_QUEUE


class FeedUnreachable(RuntimeError):
    """RabbitMQ did not answer: a French message for the command line."""


def consume(store: ReviewStore, url: str, queue: str, catch_up: float = CATCH_UP) -> FeedStats:
    """Run the feed until SIGINT or SIGTERM (``python -m litige.review consume``)."""
    import signal

    from aio_pika.exceptions import CONNECTION_EXCEPTIONS

    async def main() -> FeedStats:
        stop = asyncio.Event()
        loop = asyncio.get_running_loop()
        for sig in (signal.SIGINT, signal.SIGTERM):
            loop.add_signal_handler(sig, stop.set)
        return await BrokerFeed(store, url, queue, catch_up=catch_up).run(stop)

    try:
        return asyncio.run(main())
    except (OSError, asyncio.TimeoutError, *CONNECTION_EXCEPTIONS) as error:
        where = URL(url)
        raise FeedUnreachable(
            f"le courtier d'événements {where.host}:{where.port} ne répond pas ({type(error).__name__})."
        ) from None
