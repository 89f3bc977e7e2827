"""ConversationLockStore: Rasa's in-memory behaviour without a URL, an atomic ticket lock on a real Redis."""

from __future__ import annotations

import asyncio
import logging
import os
import random
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest
import redis
from rasa.core.lock_store import InMemoryLockStore, LockError, LockStore
from rasa.utils.endpoints import EndpointConfig, read_endpoint_config

from stores.lock_store import ConversationLockStore, LockStoreUnavailable, TicketLost
from tests.redis_server import redis_server_fixture, requires_redis

ROOT = Path(__file__).resolve().parents[2]
STORE_TYPE = "stores.lock_store.ConversationLockStore"

redis_srv = redis_server_fixture()


class Recorder:
    """What the locked blocks did: order of entry, and how many ran at the same time."""

    def __init__(self) -> None:
        self.entered: list = []
        self.active = 0
        self.max_active = 0

    async def handle(self, store, conversation_id: str, name, hold: float):
        async with store.lock(conversation_id) as lock:
            self.active += 1
            self.max_active = max(self.max_active, self.active)
            self.entered.append((name, lock.tickets[0].number))
            await asyncio.sleep(hold)
            self.active -= 1


async def send_in_order(recorder: Recorder, stores, conversation_id: str, holds, gap: float = 0.01):
    tasks = []
    for index, hold in enumerate(holds):
        store = stores[index % len(stores)]
        tasks.append(asyncio.create_task(recorder.handle(store, conversation_id, index, hold)))
        await asyncio.sleep(gap)
    return await asyncio.gather(*tasks, return_exceptions=True)


# Default setup (no Redis URL): Rasa's in-memory lock store.


@pytest.mark.parametrize("url", [None, "", "  "])
def test_without_url_there_is_no_redis(url):
    assert not ConversationLockStore(EndpointConfig(url=url, type=STORE_TYPE)).uses_redis


async def test_without_url_messages_are_served_in_order_like_rasa_in_memory():
    store = ConversationLockStore(EndpointConfig(url="", type=STORE_TYPE))  # ${REDIS_URL} left empty
    recorder = Recorder()
    # Rasa's own message-order test (decreasing hold times); 5 messages as Rasa polls every second.
    results = await send_in_order(recorder, [store], "memoire", [0.05 * (5 - i) for i in range(5)], gap=0)
    assert results == [None] * 5
    assert [name for name, _ in recorder.entered] == list(range(5))
    assert recorder.max_active == 1
    assert store.get_lock("memoire") is None  # deleted once nobody waits, as InMemoryLockStore does


async def test_without_url_the_synchronous_rasa_interface_works():
    store = ConversationLockStore()
    reference = InMemoryLockStore()
    for candidate in (store, reference):
        assert candidate.issue_ticket("c", 10) == 0
        assert candidate.issue_ticket("c", 10) == 1
        assert candidate.is_someone_waiting("c")
        candidate.cleanup("c", 0)
        assert candidate.get_lock("c").now_serving == 1
    assert store.get_lock("c").dumps().count("number") == reference.get_lock("c").dumps().count("number")


def test_rasa_loads_the_class_from_endpoints_yml(tmp_path, monkeypatch):
    endpoints = tmp_path / "endpoints.yml"
    endpoints.write_text(
        f"lock_store:\n  type: {STORE_TYPE}\n  url: ${{REDIS_URL}}\n"
        "  key_prefix: essai\n  lock_lifetime: 12\n"
    )
    monkeypatch.setenv("REDIS_URL", "")
    store = LockStore.create(read_endpoint_config(str(endpoints), "lock_store"))
    assert isinstance(store, ConversationLockStore) and not store.uses_redis

    monkeypatch.setenv("REDIS_URL", "redis://127.0.0.1:6399/0")
    store = LockStore.create(read_endpoint_config(str(endpoints), "lock_store"))
    assert store.uses_redis and store.url == "redis://127.0.0.1:6399/0"
    assert (store.key_prefix, store.lock_lifetime) == ("essai", 12.0)


@pytest.mark.parametrize(
    "settings, expected",
    [
        ({"url": "http://127.0.0.1:6379"}, "redis://"),
        ({"url": "redis://127.0.0.1:6379", "lock_lifetime": "abc"}, "lock_lifetime"),
        ({"url": "redis://127.0.0.1:6379", "socket_timeout": "-1"}, "positif"),
        ({"url": "redis://127.0.0.1:6379", "key_prefix": "a b"}, "Préfixe"),
    ],
)
def test_bad_settings_are_refused_in_french(settings, expected):
    with pytest.raises(ValueError, match=expected):
        ConversationLockStore(EndpointConfig(type=STORE_TYPE, **settings))


# Redis: atomic across instances.


@requires_redis
async def test_rasa_create_builds_a_working_redis_store(redis_srv):
    store = LockStore.create(EndpointConfig(url=redis_srv.url, type=STORE_TYPE, key_prefix="rasa"))
    assert isinstance(store, ConversationLockStore) and store.uses_redis
    async with store.lock("depuis-rasa") as lock:
        keys = redis.Redis.from_url(redis_srv.url).keys("rasa*")
        assert sorted(keys) == [
            b"rasadepuis-rasa:counter",
            b"rasadepuis-rasa:expiries",
            b"rasadepuis-rasa:queue",
        ]
        assert lock.conversation_id == "depuis-rasa"
    assert await store.ping()
    await store.close()


@requires_redis
async def test_two_instances_serve_one_conversation_once_each_in_ticket_order(redis_srv):
    first, second = ConversationLockStore(url=redis_srv.url), ConversationLockStore(url=redis_srv.url)
    recorder = Recorder()
    rng = random.Random(15)
    holds = [rng.uniform(0, 0.03) for _ in range(20)]
    results = await send_in_order(recorder, [first, second], "partagee", holds, gap=0.003)
    assert results == [None] * 20
    names = [name for name, _ in recorder.entered]
    tickets = [ticket for _, ticket in recorder.entered]
    assert sorted(names) == list(range(20))  # every message exactly once
    assert tickets == sorted(tickets) and len(set(tickets)) == 20  # strictly in ticket order
    assert recorder.max_active == 1
    assert redis.Redis.from_url(redis_srv.url).keys("*queue") == []  # nothing left behind
    await first.close()
    await second.close()


WORKER = """
import asyncio, random, sys
import redis.asyncio as aioredis
from stores.lock_store import ConversationLockStore

async def main(url, name):
    store, log = ConversationLockStore(url=url), aioredis.Redis.from_url(url)
    while not await log.exists("go"):
        await asyncio.sleep(0.005)
    async def message(i):
        async with store.lock("deux-processus") as lock:
            entry = f"{name}-{i}:{lock.tickets[0].number}"
            await log.rpush("log", "debut:" + entry)
            await asyncio.sleep(random.uniform(0, 0.02))
            await log.rpush("log", "fin:" + entry)
    await asyncio.gather(*(message(i) for i in range(10)))

asyncio.run(main(sys.argv[1], sys.argv[2]))
"""


def start_python(code: str, *args: str) -> subprocess.Popen:
    env = dict(os.environ, PYTHONPATH=str(ROOT), RASA_TELEMETRY_ENABLED="false")
    return subprocess.Popen(
        [sys.executable, "-c", code, *args], cwd=ROOT, env=env, stdout=subprocess.PIPE, text=True
    )


@requires_redis
def test_two_processes_never_overlap_and_follow_ticket_order(redis_srv):
    workers = [start_python(WORKER, redis_srv.url, name) for name in ("A", "B")]
    client = redis.Redis.from_url(redis_srv.url, decode_responses=True)
    client.set("go", 1)
    for worker in workers:
        assert worker.wait(timeout=60) == 0
    log = client.lrange("log", 0, -1)
    assert len(log) == 40
    starts, ends = log[0::2], log[1::2]
    assert all(
        s.startswith("debut:") and e == "fin:" + s[6:] for s, e in zip(starts, ends, strict=True)
    )  # no overlap
    messages = [s[6:].split(":")[0] for s in starts]
    assert sorted(messages) == sorted(f"{n}-{i}" for n in "AB" for i in range(10))
    tickets = [int(s.rsplit(":", 1)[1]) for s in starts]
    assert tickets == sorted(tickets) and len(set(tickets)) == 20


@requires_redis
async def test_other_conversations_do_not_wait(redis_srv):
    first, second = ConversationLockStore(url=redis_srv.url), ConversationLockStore(url=redis_srv.url)
    async with first.lock("lente"):
        started = time.monotonic()
        async with second.lock("autre"):
            assert time.monotonic() - started < 0.5
        with pytest.raises(asyncio.TimeoutError):  # while the same conversation does wait
            await asyncio.wait_for(_acquire_time(second, "lente"), 0.5)
    started = time.monotonic()
    async with second.lock("lente"):  # the cancelled waiter gave its ticket back at once
        assert time.monotonic() - started < 0.5
    await first.close()
    await second.close()


HOLDER = """
import asyncio, sys
from stores.lock_store import ConversationLockStore

async def main():
    async with ConversationLockStore(url=sys.argv[1], lock_lifetime=1).lock("abandonnee"):
        print("tenu", flush=True)
        await asyncio.sleep(120)

asyncio.run(main())
"""


@requires_redis
async def test_a_killed_holder_blocks_only_until_its_ticket_expires(redis_srv):
    holder = start_python(HOLDER, redis_srv.url)
    try:
        line = await asyncio.to_thread(holder.stdout.readline)
        assert line.strip() == "tenu"
        await asyncio.sleep(1.5)  # alive past its lifetime: its renewals keep the lock
        store = ConversationLockStore(url=redis_srv.url, lock_lifetime=1)
        waiter = asyncio.create_task(_acquire_time(store, "abandonnee"))
        await asyncio.sleep(0.8)
        assert not waiter.done()
        holder.send_signal(signal.SIGKILL)
        killed = time.monotonic()
        acquired = await asyncio.wait_for(waiter, 5)
        assert acquired - killed < 1.6  # at most one lifetime (1 s) after the holder's death
    finally:
        holder.kill()
        holder.wait(timeout=10)
    await store.close()


async def _acquire_time(store, conversation_id: str) -> float:
    async with store.lock(conversation_id):
        return time.monotonic()


@requires_redis
async def test_a_message_longer_than_the_lifetime_keeps_its_turn(redis_srv):
    store = ConversationLockStore(url=redis_srv.url, lock_lifetime=0.6)
    recorder = Recorder()
    results = await send_in_order(recorder, [store], "longue", [1.5, 0.01], gap=0.05)
    assert results == [None, None]
    assert [name for name, _ in recorder.entered] == [0, 1] and recorder.max_active == 1
    await store.close()


@requires_redis
async def test_an_error_in_the_block_propagates_and_frees_the_conversation(redis_srv):
    store = ConversationLockStore(url=redis_srv.url)
    with pytest.raises(ZeroDivisionError):
        async with store.lock("erreur"):
            raise ZeroDivisionError
    started = time.monotonic()
    async with store.lock("erreur"):
        assert time.monotonic() - started < 0.5
    await store.close()


# Redis outages.


@requires_redis
async def test_redis_restarted_between_two_messages(redis_srv, caplog):
    store = ConversationLockStore(url=redis_srv.url)
    handled = []
    async with store.lock("redemarrage"):
        handled.append("premier")
    redis_srv.restart()
    async with store.lock("redemarrage"):
        handled.append("second")
    assert handled == ["premier", "second"]

    # A restart while one message is handled and another waits: nothing handled twice, the
    # waiter's lost ticket is a clear LockError (Rasa answers with an error), never a silent run.
    recorder = Recorder()
    tasks = asyncio.create_task(send_in_order(recorder, [store], "redemarrage", [1.0, 0.01], gap=0.05))
    await asyncio.sleep(0.3)
    await asyncio.to_thread(redis_srv.restart)
    caplog.set_level(logging.ERROR, logger="stores.lock_store")
    results = await asyncio.wait_for(tasks, 10)
    assert [name for name, _ in recorder.entered] == [0]
    assert results[0] is None and isinstance(results[1], TicketLost)
    assert isinstance(results[1], LockError) and "a disparu" in str(results[1])
    assert "perdu" in caplog.text
    async with store.lock("redemarrage"):  # and the conversation goes on afterwards
        pass
    await store.close()


@requires_redis
async def test_redis_down_gives_a_quick_clear_error_then_recovers(redis_srv, caplog):
    store = ConversationLockStore(url=redis_srv.url, socket_timeout=0.5)
    async with store.lock("panne"):
        pass
    redis_srv.stop()
    ran = []
    started = time.monotonic()
    with pytest.raises(LockStoreUnavailable, match="Redis ne répond pas"):
        async with store.lock("panne"):
            ran.append(1)
    assert time.monotonic() - started < 2 and ran == []
    assert "Redis injoignable" in caplog.text
    assert not await store.ping()
    redis_srv.start()
    async with store.lock("panne"):
        ran.append(2)
    assert ran == [2]
    await store.close()


async def test_unresponsive_redis_is_a_bounded_wait():
    # A socket that accepts connections but never answers (the hang of Rasa #6226).
    with socket.socket() as silent:
        silent.bind(("127.0.0.1", 0))
        silent.listen(16)
        store = ConversationLockStore(
            url=f"redis://127.0.0.1:{silent.getsockname()[1]}/0", socket_timeout=0.3
        )
        started = time.monotonic()
        with pytest.raises(LockStoreUnavailable):
            async with store.lock("muet"):
                pytest.fail("the block must not run")
        elapsed = time.monotonic() - started
    assert 0.3 <= elapsed < 1.5
