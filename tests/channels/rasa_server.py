"""Serve a Rasa agent's input channels with a real Sanic server on 127.0.0.1, in the test's loop,
the way ``rasa run`` registers them (``rasa.core.channels.channel.register``)."""

from __future__ import annotations

import uuid
from contextlib import asynccontextmanager
from typing import Any, AsyncIterator, Callable, List, Optional

from rasa.core.channels.channel import register
from sanic import Sanic

from tests.sanic_server import serving


@asynccontextmanager
async def rasa_server(
    agent: Any, channels: List[Any], extra_routes: Optional[Callable[[Sanic], None]] = None
) -> AsyncIterator[str]:
    """The base URL (http://127.0.0.1:PORT) of a server whose ``app.ctx.agent`` is ``agent``;
    ``extra_routes(app)`` may add stand-ins for Rasa's own HTTP API routes."""

    def make_app() -> Sanic:
        app = Sanic(f"rasa_test_{uuid.uuid4().hex[:8]}", configure_logging=False)
        app.ctx.agent = agent
        register(channels, app, route="/webhooks/")
        if extra_routes is not None:
            extra_routes(app)
        return app

    async with serving(make_app, listeners=extra_routes is not None) as url:
        yield url
