"""The widget's socket.io channel: the sites allowed to open a socket, and the sessions the
server issues and signs (a conversation cannot be continued or read by whoever knows or
guesses its id)."""

from __future__ import annotations

import asyncio

import pytest
from sanic import Sanic

from channels.socketio import NO_SESSION, FrenchSocketIOInput, parse_origins
from litige.widget_session import SECRET_VARIABLE, SessionSigner, is_widget_conversation
from tests.channels.widget_client import CREDENTIALS, WAIT, Agent, instance, widget_on

SECRET = "un secret de test pour les sessions du widget"


async def _ignore(message):  # the blueprint needs a handler; none is called here
    return None


def test_origins_are_parsed_from_a_comma_separated_list():
    assert parse_origins(" https://shop.example/ ,http://127.0.0.1:8080") == [
        "https://shop.example",
        "http://127.0.0.1:8080",
    ]
    assert parse_origins("") == [] and parse_origins(None) == []


@pytest.mark.parametrize("raw", ["*", "https://shop.example,*", ["*"]])
def test_any_origin_is_refused(raw):
    with pytest.raises(ValueError, match="not allowed"):
        parse_origins(raw)


def test_the_environment_sets_the_origins(monkeypatch):
    monkeypatch.setenv("WEB_ALLOWED_ORIGINS", "https://boutique.example")
    channel = FrenchSocketIOInput.from_credentials(dict(CREDENTIALS))
    channel.blueprint(_ignore)
    assert channel.sio.eio.cors_allowed_origins == ["https://boutique.example"]
    assert channel.session_persistence is True
    assert (channel.user_message_evt, channel.bot_message_evt) == ("user_uttered", "bot_uttered")


def test_credentials_win_over_the_environment(monkeypatch):
    monkeypatch.setenv("WEB_ALLOWED_ORIGINS", "https://boutique.example")
    channel = FrenchSocketIOInput.from_credentials(
        {**CREDENTIALS, "cors_allowed_origins": ["https://a.example"]}
    )
    channel.blueprint(_ignore)
    assert channel.sio.eio.cors_allowed_origins == ["https://a.example"]


def test_the_demo_page_is_allowed_by_default(monkeypatch):
    monkeypatch.delenv("WEB_ALLOWED_ORIGINS", raising=False)
    monkeypatch.delenv("WEB_PORT", raising=False)
    channel = FrenchSocketIOInput.from_credentials(dict(CREDENTIALS))
    channel.blueprint(_ignore)
    assert channel.sio.eio.cors_allowed_origins == ["http://127.0.0.1:8080", "http://localhost:8080"]


def test_the_default_follows_the_demo_page_port(monkeypatch):
    monkeypatch.delenv("WEB_ALLOWED_ORIGINS", raising=False)
    monkeypatch.setenv("WEB_PORT", "9000")
    channel = FrenchSocketIOInput.from_credentials(dict(CREDENTIALS))
    channel.blueprint(_ignore)
    assert channel.sio.eio.cors_allowed_origins == ["http://127.0.0.1:9000", "http://localhost:9000"]


# --- server-issued, signed sessions (a real client against a real Sanic server) ----------


@pytest.fixture
def one_instance(monkeypatch):
    """One instance without Redis, with a configured secret."""
    monkeypatch.delenv("SOCKETIO_REDIS_URL", raising=False)
    monkeypatch.delenv("REDIS_URL", raising=False)
    monkeypatch.setenv(SECRET_VARIABLE, SECRET)
    monkeypatch.setattr(Sanic, "test_mode", True)  # several apps in one process


async def test_a_new_widget_gets_a_signed_token_and_speaks_for_its_conversation(one_instance):
    agent = Agent()
    async with instance(agent) as a, widget_on(a.url) as widget:
        assert SessionSigner(SECRET.encode()).verify(widget.token) == widget.conversation
        assert is_widget_conversation(widget.conversation)
        await widget.say("bonjour")
        assert await widget.next() == {"text": "Bien reçu : bonjour"}
    assert agent.senders == [widget.conversation]


async def test_a_valid_token_resumes_the_same_conversation(one_instance):
    agent = Agent()
    async with instance(agent) as a:
        async with widget_on(a.url) as first:
            await first.say("premier message")
            assert await first.next() == {"text": "Bien reçu : premier message"}
        async with widget_on(a.url, first.token) as again:  # a reload: the token kept by the page
            assert again.token == first.token
            await again.say("je reviens")
            assert await again.next() == {"text": "Bien reçu : je reviens"}
    assert agent.senders == [first.conversation, first.conversation]


@pytest.mark.parametrize(
    "offered",
    [
        "conv-widget",  # chosen by the browser
        "0123456789abcdef0123456789abcdef",  # Rasa's own format, a uuid
        "web-0123456789abcdef0123456789abcdef",  # the right shape, unsigned
        "web-0123456789abcdef0123456789abcdef." + "A" * 43,  # a forged signature
        42,
        ["web-0123456789abcdef0123456789abcdef"],
        "x" * 5000,
    ],
)
async def test_a_chosen_or_forged_session_id_gets_a_new_conversation(one_instance, offered):
    agent = Agent()
    async with instance(agent) as a, widget_on(a.url, offered) as widget:
        assert widget.token != offered
        assert SessionSigner(SECRET.encode()).verify(widget.token) == widget.conversation
        await widget.say("bonjour")
        assert await widget.next() == {"text": "Bien reçu : bonjour"}
    assert agent.senders == [widget.conversation]


async def test_knowing_a_conversation_id_neither_continues_nor_reads_it(one_instance):
    """The conversation id is what the console, the tickets and the logs show: with it alone,
    a stranger gets a conversation of their own, and none of the customer's answers."""
    agent = Agent()
    async with instance(agent) as a, widget_on(a.url) as customer:
        async with widget_on(a.url, customer.conversation) as stranger:
            assert stranger.conversation != customer.conversation
            await stranger.say("quel est le statut de mon dossier ?", session_id=customer.conversation)
            assert await stranger.next() == {"text": NO_SESSION}
            await customer.say("ma commande")
            assert await customer.next() == {"text": "Bien reçu : ma commande"}
            await a.channel.get_output_channel().send_text_message(customer.conversation, "Votre dossier.")
            assert await customer.next() == {"text": "Votre dossier."}
            assert await stranger.nothing_more()
    assert agent.senders == [customer.conversation]


async def test_a_message_with_a_forged_token_is_not_handled(one_instance):
    agent = Agent()
    async with instance(agent) as a, widget_on(a.url) as widget:
        other = "web-" + ("1" if widget.conversation[4] != "1" else "2") + widget.conversation[5:]
        signature = widget.token.split(".", 1)[1]
        for forged in (f"{other}.{signature}", widget.token[:-1], "conv-widget"):
            await widget.say("bonjour", session_id=forged)
            assert await widget.next() == {"text": NO_SESSION}
        await widget.say("et avec le bon ?")
        assert await widget.next() == {"text": "Bien reçu : et avec le bon ?"}
    assert agent.handled == ["et avec le bon ?"]


async def test_a_message_with_another_valid_token_moves_the_socket_to_that_conversation(one_instance):
    """A valid token proves the conversation is the sender's: the socket takes it, and the
    pushes of the conversation it leaves no longer reach it."""
    agent = Agent()
    async with instance(agent) as a, widget_on(a.url) as first, widget_on(a.url) as second:
        await second.say("je reprends l'autre", session_id=first.token)
        assert await second.next() == {"text": "Bien reçu : je reprends l'autre"}
        assert await first.next() == {"text": "Bien reçu : je reprends l'autre"}  # its other tab
        await a.channel.get_output_channel().send_text_message(second.conversation, "L'ancienne.")
        assert await second.nothing_more()
    assert agent.senders == [first.conversation]


async def test_a_token_signed_with_another_secret_starts_afresh(one_instance, monkeypatch):
    """Two instances that do not share WIDGET_SESSION_SECRET do not accept each other's tokens."""
    async with instance() as a:
        monkeypatch.setenv(SECRET_VARIABLE, "b" * 40)
        async with instance() as b, widget_on(a.url) as first, widget_on(b.url, first.token) as moved:
            assert moved.conversation != first.conversation


async def test_without_session_persistence_every_connection_starts_afresh(one_instance):
    async with instance(session_persistence=False) as a:
        async with widget_on(a.url) as first:
            pass
        async with widget_on(a.url, first.token) as again:
            assert again.conversation != first.conversation
            await again.say("bonjour", session_id=first.token)  # valid, but not this socket's
            assert await again.next() == {"text": NO_SESSION}


async def test_a_short_secret_stops_the_channel(monkeypatch):
    monkeypatch.setenv(SECRET_VARIABLE, "court")
    channel = FrenchSocketIOInput.from_credentials(dict(CREDENTIALS))
    with pytest.raises(ValueError, match=SECRET_VARIABLE):
        channel.blueprint(_ignore)


async def test_the_open_widgets_are_recorded_for_the_follow_ups(one_instance):
    """A widget joining its conversation is recorded (under the server's conversation id), and
    forgotten when it disconnects."""
    from litige.tickets.access import get_store
    from litige.tickets.widgets import WidgetConnections

    connections = WidgetConnections(get_store())
    async with instance() as a:
        async with widget_on(a.url, "conv-widget") as widget:
            await _until(lambda: connections.is_connected(widget.conversation))  # after the confirmation
            assert not connections.is_connected("conv-widget")
        await _until(lambda: not connections.is_connected(widget.conversation))


async def _until(condition, timeout: float = WAIT) -> None:
    async def poll() -> None:
        while not condition():
            await asyncio.sleep(0.05)

    await asyncio.wait_for(poll(), timeout)
