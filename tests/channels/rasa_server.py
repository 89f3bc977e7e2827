"""Serve a Rasa agent's input channels with a real Sanic server on 127.0.0.1, in the test's loop,
the way ``rasa run`` registers them (``rasa.core.channels.channel.register``)."""

from __future__ import annotations

import uuid
from contextlib import asynccontextmanager
from typing import Any, AsyncIterator, List

from rasa.core.channels.channel import register
from sanic import Sanic

from tests.stores.tcp_gate import free_port


@asynccontextmanager
async def rasa_server(agent: Any, channels: List[Any]) -> AsyncIterator[str]:
    """The base URL (http://127.0.0.1:PORT) of a server whose ``app.ctx.agent`` is ``agent``.

    Sanic rewrites its own methods when an app starts ("touchup"); a second app in the same
    process only starts in its test mode, which keeps the originals.
    """
    previous_mode, Sanic.test_mode = Sanic.test_mode, True
    app = Sanic(f"rasa_test_{uuid.uuid4().hex[:8]}", configure_logging=False)
    app.ctx.agent = agent
    register(channels, app, route="/webhooks/")
    port = free_port()
    server = await app.create_server(host="127.0.0.1", port=port, return_asyncio_server=True)
    await server.startup()
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        server.close()
        await server.wait_closed()
        Sanic.test_mode = previous_mode
