"""Serve a Sanic application on a free port of 127.0.0.1, in the test's own event loop."""

from __future__ import annotations

from contextlib import asynccontextmanager
from typing import AsyncIterator, Callable

from sanic import Sanic

from tools.stack import free_port


@asynccontextmanager
async def serving(make_app: Callable[[], Sanic], listeners: bool = False) -> AsyncIterator[str]:
    """The base URL (http://127.0.0.1:PORT) while the app ``make_app()`` builds answers there.

    Sanic rewrites its own methods when an app starts ("touchup"); a second app in the same
    process only starts in its test mode, which keeps the originals: the app is built and run
    in test mode, and forgotten afterwards (its name may be used again). ``listeners``: run the
    app's "before_server_start" listeners too, as ``app.run`` does."""
    previous_mode, Sanic.test_mode = Sanic.test_mode, True
    app = make_app()
    port = free_port()
    server = await app.create_server(host="127.0.0.1", port=port, return_asyncio_server=True)
    await server.startup()
    if listeners:
        await server.before_start()
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        server.close()
        await server.wait_closed()
        Sanic.test_mode = previous_mode
        Sanic._app_registry.pop(app.name, None)
