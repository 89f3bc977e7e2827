"""The widget's socket.io channel: the sites allowed to open a socket."""

from __future__ import annotations

import pytest

from channels.socketio import FrenchSocketIOInput, parse_origins

CREDENTIALS = {
    "user_message_evt": "user_uttered",
    "bot_message_evt": "bot_uttered",
    "session_persistence": True,
}


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


async def test_the_open_widgets_are_recorded_for_the_follow_ups(monkeypatch):
    """The channel's own socket.io handlers, as python-socketio calls them: a widget joining
    its conversation is recorded, and forgotten when it disconnects."""
    from litige.tickets.access import get_store
    from litige.tickets.widgets import WidgetConnections

    channel = FrenchSocketIOInput.from_credentials(dict(CREDENTIALS))
    channel.blueprint(_ignore)
    sent = []

    async def emit(event, data, room=None, **_):
        sent.append((event, data, room))

    monkeypatch.setattr(channel.sio, "emit", emit)
    monkeypatch.setattr(channel.sio, "enter_room", lambda sid, room, namespace=None: None)
    handlers = channel.sio.handlers["/"]
    connections = WidgetConnections(get_store())
    await handlers["session_request"]("sid-1", {"session_id": "conv-widget"})
    assert sent == [("session_confirm", "conv-widget", "sid-1")]  # Rasa's own handler still runs
    assert connections.is_connected("conv-widget")
    assert not connections.is_connected("conv-other")
    await handlers["disconnect"]("sid-1")
    assert not connections.is_connected("conv-widget")
