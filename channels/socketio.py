"""Rasa's socket.io channel (used by the website widget, rasa-webchat), with the allowed
origins configured instead of accepting any site.

Rasa 3.6 creates its socket.io server with origin checks disabled; this subclass sets
the list once the server exists. Origins come from ``cors_allowed_origins`` in
credentials.yml, else from WEB_ALLOWED_ORIGINS (comma-separated), else the demo page's
origins (127.0.0.1 and localhost on WEB_PORT, 8080 by default). "*" is refused: name
the sites that embed the widget.
"""

from __future__ import annotations

import os
from typing import Any, Awaitable, Callable, Dict, List, Optional

from rasa.core.channels.channel import InputChannel, UserMessage
from rasa.core.channels.socketio import SocketIOInput
from sanic import Blueprint


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
        return webhook
