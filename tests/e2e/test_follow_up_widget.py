"""The follow-up pushed into the customer's open widget, end to end: a real socket.io client
talks to the real Rasa server (the widget's channel, which records the connection itself),
and the scheduler's question arrives on that socket; once the widget is closed, the channel
forgets it and the next follow-up cannot go that way."""

from __future__ import annotations

import queue
import time
import uuid
from datetime import datetime, timezone

import pytest
import socketio

from litige.clock import PARIS
from litige.rasa_api import RasaApi
from litige.tickets.store import TicketStore
from litige.tickets.widgets import WidgetConnections
from scheduler.follow_ups import FollowUpScheduler
from tests.e2e.test_tickets import HOURS

pytestmark = pytest.mark.e2e


class SocketCustomer:
    """A customer's widget: the socket.io protocol rasa-webchat speaks (session_request, the
    server's signed token in session_confirm, user_uttered with that token, bot_uttered),
    over HTTP long-polling. ``session_id`` is the conversation id (the token's first part):
    the sender id Rasa, the tickets and the scheduler know."""

    def __init__(self, url: str):
        self.received: queue.Queue[dict] = queue.Queue()
        self.confirmed: queue.Queue[str] = queue.Queue()
        self.sio = socketio.Client(reconnection=False)
        self.sio.on("bot_uttered", self.received.put)
        self.sio.on("session_confirm", self.confirmed.put)
        self.sio.connect(url, transports=["polling"], socketio_path="/socket.io", wait_timeout=20)
        chosen = uuid.uuid4().hex  # what a browser could pick: never taken
        self.sio.emit("session_request", {"session_id": chosen})
        try:
            self.token = self.confirmed.get(timeout=20)
        except queue.Empty:
            raise AssertionError("no session_confirm from the socket.io channel") from None
        self.session_id = self.token.split(".", 1)[0]
        assert self.session_id != chosen and self.session_id.startswith("web-")

    def collect(self, first_timeout: float = 60, quiet: float = 3) -> str:
        """What the bot pushes, until it has been quiet for ``quiet`` seconds."""
        texts = [self.received.get(timeout=first_timeout).get("text", "")]
        while True:
            try:
                texts.append(self.received.get(timeout=quiet).get("text", ""))
            except queue.Empty:
                return "\n".join(texts)

    def say(self, text: str) -> str:
        while not self.received.empty():
            self.received.get_nowait()
        self.sio.emit("user_uttered", {"message": text, "session_id": self.token})
        return self.collect()

    def close(self) -> None:
        self.sio.disconnect()


@pytest.fixture
def store(servers):
    store = TicketStore(servers.ticket_db_url)
    yield store
    store.engine.dispose()


def wait_until(condition, timeout: float = 10) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.2)
    return False


def test_the_follow_up_reaches_the_open_widget_and_not_a_closed_one(servers, store):
    widget = SocketCustomer(servers.rasa_url)
    try:
        first = widget.say(
            "Bonjour, ma commande CMD-530771 (des écouteurs) n'est jamais arrivée : le transporteur dit que "
            "le colis est perdu. Je voudrais qu'on me la renvoie."
        )
        assert "e-mail" in first, first
        recap = widget.say("julien.roux@example.fr")
        assert "perdu" in recap and "Si je" in recap, recap  # what the order system says, then the recap
        proposal = widget.say("oui c'est ça")
        assert "mardi 24 novembre" in proposal, proposal
        closure = widget.say("oui, ça me va")
        assert "LIT-" in closure, closure
        widget.say("5")
        connections = WidgetConnections(store)
        assert connections.is_connected(widget.session_id)  # recorded by the channel itself
        [ticket] = store.for_conversation(widget.session_id)
        moment = {"now": datetime(2026, 11, 25, 9, 30, tzinfo=PARIS)}  # the next business day, open
        scheduler = FollowUpScheduler(
            store,
            RasaApi(servers.rasa_url, servers.rasa_token),
            lambda: moment["now"].date(),
            now=lambda: moment["now"].astimezone(timezone.utc),
            hours=HOURS,
        )
        while not widget.received.empty():
            widget.received.get_nowait()
        assert scheduler.run_once().fired >= 1
        pushed = widget.collect(first_timeout=30)
        assert "promis" in pushed and "nouvel envoi" in pushed, pushed
        [follow_up] = store.get(ticket.reference)["follow_ups"]
        assert (follow_up["status"], follow_up["delivered_via"]) == ("sent", "widget")
        answered = widget.say("oui, bien reçu")
        assert "clos" in answered and ticket.reference in answered, answered
    finally:
        widget.close()
    # python-socketio's client leaves without a goodbye over long-polling (a browser's websocket
    # closes at once): the server notices at its ping timeout, and the channel forgets the widget
    assert wait_until(lambda: not WidgetConnections(store).is_connected(widget.session_id), timeout=90)
