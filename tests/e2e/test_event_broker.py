"""The optional event broker through the real servers: Rasa starts and answers a customer while
RabbitMQ is down; once RabbitMQ is up, the events kept meanwhile and the next ones reach the
review desk's read model through ``python -m litige.review consume`` (its catch-up sync off: the
read model can only come from the queue)."""

from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import sys
import time
import uuid

import pytest
import requests

from tests.e2e.conftest import running_stack, stack_config
from tests.rabbitmq_server import RabbitMQServer, requires_rabbitmq

pytestmark = [pytest.mark.e2e, requires_rabbitmq]

QUEUE = "e2e_events"
WAIT = 90.0  # bound of every wait (Rasa retries the connection every 5 seconds)
CLOCK = {"APP_TODAY": "2026-11-20", "APP_NOW": "2026-11-20T10:00:00+01:00"}


@pytest.fixture(scope="module")
def rabbitmq():
    server = RabbitMQServer()  # not started: Rasa starts while RabbitMQ is down
    yield server
    server.close()


@pytest.fixture(scope="module")
def broker_stack(trained_model, tmp_path_factory, rabbitmq):
    work = tmp_path_factory.mktemp("broker-stack")
    config = stack_config(trained_model, work, CLOCK, web_port=None, console_port=None)
    config.extra_env.update(
        {"EVENT_BROKER_URL": rabbitmq.url, "EVENT_BROKER_QUEUE": QUEUE, "VAR_DIR": str(work)}
    )
    yield from running_stack(config)


def say(config, sender: str, text: str) -> list:
    response = requests.post(
        f"{config.rasa_url}/webhooks/rest/webhook", json={"sender": sender, "message": text}, timeout=60
    )
    assert response.status_code == 200, response.text
    return [message.get("text", "") for message in response.json()]


def tracker_rows(config, sender: str) -> tuple:
    """(highest event id, customer messages) of the conversation, read with SQL."""
    path = config.tracker_store_url[len("sqlite:///") :]
    with sqlite3.connect(path) as connection:
        last = connection.execute("SELECT max(id) FROM events WHERE sender_id = ?", (sender,)).fetchone()[0]
        texts = connection.execute(
            "SELECT data FROM events WHERE sender_id = ? AND type_name = 'user' ORDER BY id", (sender,)
        ).fetchall()
    return last, len(texts)


def read_model(config, sender: str) -> dict:
    """The conversation's row of the read model, read with SQL ({} while there is none)."""
    path = config.ticket_db_url[len("sqlite:///") :]
    try:
        with sqlite3.connect(path) as connection:
            row = connection.execute(
                "SELECT last_event_id, customer_text FROM review_conversations WHERE conversation_id = ?",
                (sender,),
            ).fetchone()
    except sqlite3.OperationalError:  # no table yet: the consumer creates it
        return {}
    return {"last_event_id": row[0], "customer_text": row[1]} if row else {}


def until(condition, timeout: float = WAIT):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = condition()
        if value:
            return value
        time.sleep(0.2)
    return None


def test_a_conversation_reaches_the_read_model_through_rabbitmq(broker_stack, rabbitmq):
    config = broker_stack
    sender = f"e2e-broker-{uuid.uuid4().hex[:10]}"
    # RabbitMQ is down: the customer is answered all the same
    first = say(config, sender, "Bonjour, ma commande n'est jamais arrivée, je suis très énervé")
    assert any(text.strip() for text in first)

    rabbitmq.start()
    env = {
        **os.environ,
        "TICKET_DB_URL": config.ticket_db_url,
        "TRACKER_STORE_URL": config.tracker_store_url,
        "EVENT_BROKER_URL": rabbitmq.url,
        "EVENT_BROKER_QUEUE": QUEUE,
    }
    consumer = subprocess.Popen(
        [sys.executable, "-m", "litige.review", "consume", "--catch-up", "0"],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        # the events kept by Rasa while RabbitMQ was down arrive once it is back
        last, _ = tracker_rows(config, sender)
        row = until(lambda: read_model(config, sender).get("last_event_id") == last)
        assert row, f"the read model never got the first message:\n{read_model(config, sender)}"

        second = say(config, sender, "Je voudrais être remboursé s'il vous plaît")
        assert any(text.strip() for text in second)
        last, user_messages = tracker_rows(config, sender)
        assert user_messages == 2
        assert until(lambda: read_model(config, sender).get("last_event_id") == last)
        summary = read_model(config, sender)
        assert "remboursé" in summary["customer_text"] and "jamais arrivée" in summary["customer_text"]
        assert rabbitmq.queue_depths().get(QUEUE) == 0  # every message acknowledged
    finally:
        consumer.send_signal(signal.SIGTERM)
        out, err = consumer.communicate(timeout=30)
    assert consumer.returncode == 0, err
    assert "Arrêt :" in out

    log = (config.log_dir / "rasa.log").read_text(errors="replace")
    assert "RabbitMQ unreachable" in log
    assert rabbitmq.password not in log
