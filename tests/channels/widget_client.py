"""A Rasa instance with the widget's channel, and a widget speaking rasa-webchat's protocol,
for the socket.io channel's tests.

Each "instance" is a real Sanic server on 127.0.0.1 with the channel registered as Rasa's
``configure_app`` does; the widget is python-socketio's client: ``session_request`` with
the token it kept (or none), the server's token from ``session_confirm``, then
``user_uttered`` with that token, and the bot's ``bot_uttered``.
"""

from __future__ import annotations

import asyncio
import uuid
from contextlib import asynccontextmanager
from types import SimpleNamespace
from typing import Any, AsyncIterator, List, Optional

import socketio
from rasa.core.channels.channel import UserMessage, register
from sanic import Sanic

from channels.socketio import FrenchSocketIOInput
from tests.redis_server import free_port

CREDENTIALS = {
    "user_message_evt": "user_uttered",
    "bot_message_evt": "bot_uttered",
    "session_persistence": True,
}
WAIT = 5.0  # seconds for anything that should arrive
SILENCE = 1.0  # seconds during which nothing must arrive


class Agent:
    """Stands in for Rasa's Agent behind the channel: answers through the message's own output
    channel, as Rasa does, or fails like a tracker store or lock store out of reach."""

    def __init__(self, failure: Optional[BaseException] = None) -> None:
        self.failure = failure
        self.handled: List[str] = []
        self.senders: List[str] = []

    async def handle_message(self, message: UserMessage) -> None:
        self.handled.append(message.text)
        self.senders.append(message.sender_id)
        if self.failure is not None:
            raise self.failure
        await message.output_channel.send_text_message(message.sender_id, f"Bien reçu : {message.text}")


@asynccontextmanager
async def instance(agent: Optional[Agent] = None, **credentials: Any) -> AsyncIterator[SimpleNamespace]:
    """One Rasa instance: a Sanic server with the channel registered like ``rasa run`` does
    (credentials, ``register`` under /webhooks/, the agent in ``app.ctx``), on a free port."""
    app = Sanic(f"instance_{uuid.uuid4().hex[:12]}")
    app.ctx.agent = agent or Agent()
    channel = FrenchSocketIOInput.from_credentials({**CREDENTIALS, **credentials})
    register([channel], app, route="/webhooks/")
    port = free_port()
    server = await app.create_server(host="127.0.0.1", port=port, return_asyncio_server=True)
    await server.startup()
    await server.before_start()
    await server.after_start()
    try:
        yield SimpleNamespace(app=app, channel=channel, url=f"http://127.0.0.1:{port}")
    finally:
        await server.before_stop()
        server.close()
        await asyncio.wait_for(server.wait_closed(), WAIT)
        await server.after_stop()
        Sanic._app_registry.pop(app.name, None)


class Widget:
    """A customer's widget: connects, asks for its conversation with the token it kept (none
    the first time), keeps the server's token, collects bot_uttered."""

    def __init__(self, token: Optional[str] = None) -> None:
        self.token = token
        self.received: asyncio.Queue = asyncio.Queue()
        self.confirmed: asyncio.Queue = asyncio.Queue()
        self.sio = socketio.AsyncClient(reconnection=False)
        self.sio.on("bot_uttered", self.received.put_nowait)
        self.sio.on("session_confirm", self.confirmed.put_nowait)

    @property
    def conversation(self) -> str:
        """The conversation id (the sender id Rasa sees): the token's part before the dot."""
        assert self.token
        return self.token.split(".", 1)[0]

    async def connect(self, url: str) -> None:
        await self.sio.connect(url, transports=["polling"], socketio_path="/socket.io", wait_timeout=WAIT)

    async def request_session(self, session_id: Any) -> str:
        """What rasa-webchat does on every connection; returns the server's token."""
        await self.sio.emit("session_request", {"session_id": session_id})
        token = await asyncio.wait_for(self.confirmed.get(), WAIT)
        assert isinstance(token, str) and token
        return token

    async def open(self, url: str) -> None:
        await self.connect(url)
        self.token = await self.request_session(self.token)

    async def say(self, text: str, session_id: Any = None) -> None:
        await self.sio.emit("user_uttered", {"message": text, "session_id": session_id or self.token})

    async def next(self) -> Any:
        return await asyncio.wait_for(self.received.get(), WAIT)

    async def nothing_more(self) -> bool:
        await asyncio.sleep(SILENCE)
        return self.received.empty()

    async def close(self) -> None:
        await asyncio.wait_for(self.sio.disconnect(), WAIT)


@asynccontextmanager
async def widget_on(url: str, token: Optional[str] = None) -> AsyncIterator[Widget]:
    widget = Widget(token)
    await widget.open(url)
    try:
        yield widget
    finally:
        await widget.close()
