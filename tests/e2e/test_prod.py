"""The production topology of `make run-prod` (tools/prod.py): two Rasa instances sharing a
PostgreSQL tracker store and a Redis lock store, the action server, nginx in front.

One conversation's messages, whichever instance receives them and however fast they come, are
each stored once, in order, each followed by its own answer; nginx goes on answering when an
instance is killed, and the conversation goes on with its history.
"""

from __future__ import annotations

import os
import signal
import socket
import threading
from concurrent.futures import ThreadPoolExecutor
from typing import Iterator, List

import pytest
import redis
import requests

from tests.e2e.prod_topology import (
    BURST,
    SHOP,
    Topology,
    existing_model,
    new_sender,
    require_prod_tools,
    running_topology,
    say,
    sessions_started,
    stored_turns,
)
from tests.postgres import postgres_database

pytestmark = pytest.mark.e2e

COMPLAINT = [
    "Bonjour, ma commande est en retard de deux semaines, c'est inadmissible !",
    "Je l'attends depuis le 3 novembre.",
    "Je voudrais savoir quand je vais la recevoir.",
    "Merci.",
]


@pytest.fixture(scope="module")
def topology(request, tmp_path_factory) -> Iterator[Topology]:
    require_prod_tools()
    trained_model = existing_model(request)
    with postgres_database() as database:
        with running_topology(trained_model, tmp_path_factory.mktemp("prod"), database) as running:
            yield running


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
