"""The production topology of `make run-prod` (tools/prod.py): two Rasa instances sharing a
PostgreSQL tracker store and a Redis lock store, the action server, nginx in front.

One conversation's messages, whichever instance receives them and however fast they come, are
each stored once, in order, each followed by its own answer; nginx goes on answering when an
instance is killed, and the conversation goes on with its history.
"""

from __future__ import annotations

import json
import os
import secrets
import shutil
import signal
import socket
import sys
import threading
import uuid
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import Iterator, List, Tuple

import pytest
import redis
import requests
import sqlalchemy as sa

from tests.e2e.conftest import BACKOFFICE_SEEDS
from tests.postgres import POSTGRES, postgres_database
from tests.redis_server import REDIS_SERVER_BINARY, RedisServer
from tools.prod import ProdConfig, build_prod_services, write_nginx_config
from tools.stack import Stack, free_port

pytestmark = pytest.mark.e2e

NGINX = shutil.which("nginx") or ("/usr/sbin/nginx" if Path("/usr/sbin/nginx").exists() else None)

SHOP = "https://boutique.example"  # the site embedding the widget

COMPLAINT = [
    "Bonjour, ma commande est en retard de deux semaines, c'est inadmissible !",
    "Je l'attends depuis le 3 novembre.",
    "Je voudrais savoir quand je vais la recevoir.",
    "Merci.",
]
BURST = [
    "Ma commande n'est toujours pas arrivée.",
    "Le colis est en retard depuis dix jours.",
    "Je suis vraiment très mécontent.",
    "Pouvez-vous m'aider ?",
    "Je veux être remboursé.",
]


@dataclass
class Topology:
    prod: ProdConfig
    stack: Stack
    database: str
    redis_url: str


@pytest.fixture(scope="module")
def topology(trained_model, tmp_path_factory) -> Iterator[Topology]:
    if not POSTGRES:
        pytest.skip("TEST_POSTGRES_URL is not set (make test sets it in CI)")
    if REDIS_SERVER_BINARY is None or NGINX is None:
        pytest.skip("redis-server or nginx is not installed")
    work = tmp_path_factory.mktemp("prod")
    with postgres_database() as database, RedisServer() as redis_server:
        prod = ProdConfig(
            public_port=free_port(),
            api_port=free_port(),
            rasa_ports=(free_port(), free_port()),
            action_port=free_port(),
            console_port=None,
            web_port=None,
            with_scheduler=False,
            redis_url=redis_server.url,
            database_url=database,
            prod_dir=work,
            model=trained_model,
            python=sys.executable,
            rasa_token=secrets.token_urlsafe(24),
            extra_env={
                "APP_TODAY": os.environ.get("E2E_TODAY", "2026-11-20"),
                "APP_NOW": os.environ.get("E2E_NOW", "2026-11-20T10:00:00+01:00"),
                "TICKET_SPOOL_PATH": str(work / "ticket_spool.jsonl"),
                "BACKOFFICE_DEMO_DB": str(work / "backoffice.db"),
                "BACKOFFICE_DEMO_SEEDS": ",".join(str(p) for p in BACKOFFICE_SEEDS),
                "WEB_ALLOWED_ORIGINS": SHOP,
            },
        )
        write_nginx_config(prod)
        stack = Stack(build_prod_services(prod))
        stack.start()
        try:
            stack.wait_ready(timeout=300)
            yield Topology(prod, stack, database, redis_server.url)
        finally:
            stack.stop()


def say(base_url: str, sender: str, text: str) -> List[str]:
    response = requests.post(
        f"{base_url}/webhooks/rest/webhook", json={"sender": sender, "message": text}, timeout=120
    )
    assert response.status_code == 200, (response.status_code, response.text[:300])
    replies = [message.get("text", "") for message in response.json()]
    assert replies, f"no answer to {text!r}"
    return replies


def stored_turns(database: str, sender: str) -> List[Tuple[str, List[str]]]:
    """The conversation as stored in PostgreSQL: each user message with the bot texts after it."""
    engine = sa.create_engine(database)
    try:
        with engine.connect() as connection:
            rows = connection.execute(
                sa.text(
                    "SELECT type_name, data FROM events WHERE sender_id = :sender "
                    "AND type_name IN ('user', 'bot') ORDER BY id"
                ),
                {"sender": sender},
            ).all()
    finally:
        engine.dispose()
    turns: List[Tuple[str, List[str]]] = []
    for type_name, data in rows:
        text = json.loads(data).get("text") or ""
        if type_name == "user":
            turns.append((text, []))
        else:
            assert turns, f"a bot message before any user message: {text!r}"
            turns[-1][1].append(text)
    return turns


def sessions_started(database: str, sender: str) -> int:
    """How many times the conversation was started: more than once would be a silent reset."""
    engine = sa.create_engine(database)
    try:
        with engine.connect() as connection:
            return connection.execute(
                sa.text(
                    "SELECT count(*) FROM events WHERE sender_id = :sender AND type_name = 'session_started'"
                ),
                {"sender": sender},
            ).scalar_one()
    finally:
        engine.dispose()


def new_sender() -> str:
    return f"prod-{uuid.uuid4().hex[:12]}"


def test_messages_alternating_between_the_instances_are_stored_once_in_order(topology):
    first, second = topology.prod.rasa_urls
    sender = new_sender()
    answers = [say((first, second)[index % 2], sender, text) for index, text in enumerate(COMPLAINT)]
    turns = stored_turns(topology.database, sender)
    assert [text for text, _ in turns] == COMPLAINT
    assert [replies for _, replies in turns] == answers
    assert sessions_started(topology.database, sender) == 1


def test_a_burst_through_nginx_is_handled_one_message_at_a_time(topology):
    sender = new_sender()
    access_log = topology.prod.log_dir / "nginx-access.log"
    log_start = access_log.stat().st_size
    barrier = threading.Barrier(len(BURST))

    def send(text: str) -> List[str]:
        barrier.wait(timeout=30)
        return say(topology.prod.public_url, sender, text)

    with ThreadPoolExecutor(max_workers=len(BURST)) as pool:
        answers = dict(zip(BURST, pool.map(send, BURST), strict=True))
    turns = stored_turns(topology.database, sender)
    # each message exactly once, each followed by its own answer: no interleaving
    assert sorted(text for text, _ in turns) == sorted(BURST)
    for text, replies in turns:
        assert replies == answers[text], text
    # one lock ticket per message, taken in Redis
    counter = redis.Redis.from_url(topology.redis_url).get(f"litige:lock:{sender}:counter")
    assert counter is not None and int(counter) == len(BURST)
    # the burst was spread over both instances: the lock worked across them
    with open(access_log, encoding="utf-8") as log:
        log.seek(log_start)
        upstreams = {line.rsplit('"', 2)[-2] for line in log if "/webhooks/rest/webhook" in line}
    assert upstreams == {url.removeprefix("http://") for url in topology.prod.rasa_urls}


def test_a_message_through_nginx_is_answered_and_health_is_public(topology):
    assert say(topology.prod.public_url, new_sender(), "Bonjour, j'ai un problème avec ma commande.")
    health = requests.get(f"{topology.prod.public_url}/webhooks/health/", timeout=10)
    assert health.status_code == 200, health.text
    # Rasa's HTTP API is not reachable from the public entry point, token or not
    tracker = requests.get(
        f"{topology.prod.public_url}/conversations/x/tracker",
        params={"token": topology.prod.rasa_token},
        timeout=10,
    )
    assert tracker.status_code == 404


def test_the_widget_socket_upgrades_to_a_websocket_through_nginx(topology):
    handshake = (
        "GET /socket.io/?EIO=4&transport=websocket HTTP/1.1\r\n"
        f"Host: 127.0.0.1:{topology.prod.public_port}\r\n"
        f"Origin: {SHOP}\r\n"
        "Connection: Upgrade\r\nUpgrade: websocket\r\nSec-WebSocket-Version: 13\r\n"
        "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n\r\n"
    )
    with socket.create_connection(("127.0.0.1", topology.prod.public_port), timeout=10) as connection:
        connection.sendall(handshake.encode())
        status_line = connection.recv(4096).split(b"\r\n", 1)[0]
    assert status_line == b"HTTP/1.1 101 Switching Protocols"


def test_when_an_instance_is_killed_nginx_goes_on_and_the_conversation_keeps_its_history(topology):
    sender = new_sender()
    before = COMPLAINT[:2]
    answers = [say(topology.prod.public_url, sender, text) for text in before]
    [first] = [s for s in topology.stack.services if s.name == "rasa server 1"]
    os.killpg(first.process.pid, signal.SIGKILL)
    first.process.wait(timeout=10)
    after = COMPLAINT[2:] + ["Ma commande n'est toujours pas arrivée."] * 2
    answers += [say(topology.prod.public_url, sender, text) for text in after]
    turns = stored_turns(topology.database, sender)
    assert [text for text, _ in turns] == before + after
    assert [replies for _, replies in turns] == answers
    assert sessions_started(topology.database, sender) == 1  # the same conversation, not a fresh one
    # the surviving instance still answers the health check through nginx
    assert requests.get(f"{topology.prod.public_url}/webhooks/health/", timeout=10).status_code == 200
