"""The console's live socket (``/ws``): the queue, and the conversation the advisor is looking
at, pushed as JSON snapshots whenever they change (checked every second), so a new customer in
the queue, a colleague taking a conversation or the customer's new message show up without
reloading. The advisor's browser says which conversation it shows: ``{"watch": "<id>"}``.

While the socket is open the advisor counts as online (litige/tickets/presence.py): the bot
only promises a short wait when someone is there. The session is checked again every few
seconds: a signed-out or expired session closes the socket.
"""

from __future__ import annotations

import asyncio
import json
import logging
from typing import Any, Optional
from urllib.parse import urlsplit

from websockets.exceptions import ConnectionClosed

from console.desk import Refused

logger = logging.getLogger(__name__)
TICK_SECONDS = 1.0
PRESENCE_EVERY = 20  # ticks
SESSION_EVERY = 5  # ticks


def _same_origin(request) -> bool:
    origin = request.headers.get("origin")
    if not origin:
        return True  # not a browser
    return urlsplit(origin).netloc == request.headers.get("host")


async def _send(ws, kind: str, payload: Any, last: dict) -> None:
    encoded = json.dumps({"type": kind, **payload}, sort_keys=True, default=str)
    if last.get(kind) != encoded:
        last[kind] = encoded
        await ws.send(encoded)


async def serve(request, ws) -> None:
    try:
        await _serve(request, ws)
    except (ConnectionClosed, asyncio.CancelledError):
        return


async def _serve(request, ws) -> None:
    if not _same_origin(request):
        await ws.close(code=4403, reason="origin")
        return
    session = request.ctx.session
    desk = request.app.ctx.desk
    accounts = request.app.ctx.accounts
    token = request.cookies.get("litige_session")
    watch: Optional[str] = None
    last: dict = {}
    tick = 0
    while True:
        if tick % PRESENCE_EVERY == 0:
            try:
                await desk.seen(session.account)
            except Refused:
                pass
        if tick % SESSION_EVERY == 0 and tick:
            if await asyncio.to_thread(accounts.session, token) is None:
                await ws.close(code=4401, reason="session")
                return
        try:
            await _send(ws, "queue", {"queue": await desk.queue()}, last)
            if watch:
                await _send(ws, "conversation", await desk.conversation(watch, session.account), last)
        except Refused as error:
            await _send(ws, "error", {"error": error.message}, last)
        message = await ws.recv(timeout=TICK_SECONDS)
        if message is not None:
            watch = _watched(message) or watch
            last.pop("conversation", None)
        tick += 1


def _watched(message: Any) -> Optional[str]:
    try:
        data = json.loads(message)
    except (TypeError, ValueError):
        return None
    watch = data.get("watch") if isinstance(data, dict) else None
    return watch if isinstance(watch, str) and 0 < len(watch) <= 255 else None
