"""Rasa's socket.io channel (used by the website widget, rasa-webchat), with the allowed
origins configured instead of accepting any site.

Rasa 3.6 creates its socket.io server with origin checks disabled; this subclass sets
the list once the server exists. Origins come from ``cors_allowed_origins`` in
credentials.yml, else from WEB_ALLOWED_ORIGINS (comma-separated), else the demo page's
origins (127.0.0.1 and localhost on WEB_PORT, 8080 by default). "*" is refused: name
the sites that embed the widget.

It also records which conversations have a widget open right now (``litige.tickets.widgets``,
in the shared database, off the event loop): a follow-up pushed into a conversation whose
widget is closed would reach nobody, so the scheduler e-mails it instead.
"""

from __future__ import annotations

import asyncio
import logging
import os
import socket
from typing import Any, Awaitable, Callable, Dict, List, Optional

from rasa.core.channels.channel import InputChannel, UserMessage
from rasa.core.channels.socketio import SocketIOInput
from sanic import Blueprint

logger = logging.getLogger(__name__)


def instance_name() -> str:
    """This Rasa instance, stable across its restarts (RASA_INSTANCE, else host and URL)."""
    return (os.environ.get("RASA_INSTANCE") or f"{socket.gethostname()}:{os.environ.get('RASA_URL', '')}")[
        :120
    ]


def _connections():
    from litige import clock
    from litige.tickets.access import get_store
    from litige.tickets.widgets import WidgetConnections

    return WidgetConnections(get_store()), clock.now()


def default_origins() -> List[str]:
    """The demo page's own origins (tools/webserver.py on WEB_PORT)."""
    port = os.environ.get("WEB_PORT") or "8080"
    return [f"http://127.0.0.1:{port}", f"http://localhost:{port}"]


def parse_origins(raw: Any) -> List[str]:
    if raw is None or raw == "":
        return []
    items = raw if isinstance(raw, list) else str(raw).split(",")
    origins = [str(item).strip().rstrip("/") for item in items if str(item).strip()]
    if "*" in origins:
        raise ValueError("WEB_ALLOWED_ORIGINS: '*' is not allowed, list the sites that embed the widget")
    return origins


class FrenchSocketIOInput(SocketIOInput):  # name() is SocketIOInput's: "socketio"
    @classmethod
    def from_credentials(cls, credentials: Optional[Dict[str, Any]]) -> InputChannel:
        credentials = dict(credentials or {})
        origins = parse_origins(credentials.pop("cors_allowed_origins", None))
        channel = super().from_credentials(credentials)
        channel.allowed_origins = (
            origins or parse_origins(os.environ.get("WEB_ALLOWED_ORIGINS")) or default_origins()
        )
        return channel

    def blueprint(self, on_new_message: Callable[[UserMessage], Awaitable[Any]]) -> Blueprint:
        webhook = super().blueprint(on_new_message)
        # read by engine.io on every request: origins outside the list get a 400
        self.sio.eio.cors_allowed_origins = list(getattr(self, "allowed_origins", None) or default_origins())
        self._record_connections()
        return webhook

    def _record_connections(self) -> None:
        """Wrap Rasa's own session_request and disconnect handlers: after them, record the
        widget joining its conversation's room, or leaving it."""
        namespace = self.namespace or "/"
        handlers = self.sio.handlers.get(namespace, {})
        original_request, original_disconnect = handlers["session_request"], handlers["disconnect"]
        instance = instance_name()
        _in_thread(lambda: _connections()[0].forget_instance(instance), "forget")  # a restart: all gone

        async def session_request(sid: str, data: Optional[Dict]) -> None:
            data = data if isinstance(data, dict) else {}
            await original_request(sid, data)  # Rasa's handler fills in a missing session_id
            conversation = data.get("session_id")
            if self.session_persistence and isinstance(conversation, str) and conversation:

                def joined() -> None:
                    store, now = _connections()
                    store.joined(sid, conversation, instance, now)

                await asyncio.to_thread(_in_thread, joined, "join")

        async def disconnect(sid: str) -> None:
            await original_disconnect(sid)
            await asyncio.to_thread(_in_thread, lambda: _connections()[0].left(sid), "leave")

        self.sio.on("session_request", session_request, namespace=namespace)
        self.sio.on("disconnect", disconnect, namespace=namespace)


def _in_thread(work: Callable[[], None], what: str) -> None:
    """Blocking bookkeeping that must never break the widget: a database error is logged."""
    from litige.tickets.store import TicketRecordInvalid, TicketStoreUnavailable

    try:
        work()
    except (TicketStoreUnavailable, TicketRecordInvalid) as error:
        logger.warning("widget connections (%s) not recorded: %s", what, error)
