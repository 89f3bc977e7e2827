"""Rasa's socket.io channel (used by the website widget, rasa-webchat), with the allowed
origins configured instead of accepting any site.

Rasa 3.6 creates its socket.io server with origin checks disabled; this subclass sets
the list once the server exists. Origins come from ``cors_allowed_origins`` in
credentials.yml, else from WEB_ALLOWED_ORIGINS (comma-separated), else the demo page's
origins (127.0.0.1 and localhost on WEB_PORT, 8080 by default). "*" is refused: name
the sites that embed the widget.

The conversation is the server's choice, never the browser's (``litige.widget_session``): a
valid signed token in ``session_request`` is kept (the conversation resumes), anything else
gets a fresh one in ``session_confirm``; the socket joins the room of the conversation id
(the sender id pushes address). ``user_uttered`` is handled only with the token confirmed to
that socket, or another valid one; otherwise the widget gets a French message.

It also records which conversations have a widget open right now (``litige.tickets.widgets``,
in the shared database, off the event loop): a follow-up pushed into a conversation whose
widget is closed would reach nobody, so the scheduler e-mails it instead.

Several Rasa instances: set REDIS_URL (shared with the lock store) or SOCKETIO_REDIS_URL
(which wins, for a separate Redis). The socket.io server then shares its pushes through
Redis (python-socketio's Redis client manager, speaking JSON instead of pickle), so an
emit to a conversation's room from ANY instance (the advisor's reply, a follow-up, sent
through Rasa's HTTP API with ``output_channel=latest``) reaches the widget connected to
another one. Without either variable nothing changes: one instance, in-process manager.
Anyone who can publish on that Redis can push to any widget: keep it private (password, TLS).

When handling a customer's message fails (tracker store or lock store unreachable...),
the widget gets the same French apology as the REST channel instead of silence; the
log names the error type and code location, never the message or the error's text.
A message Rasa's handler cannot read (wrong types, bad metadata, too long) gets a French
answer instead of being dropped silently.
"""

from __future__ import annotations

import asyncio
import hmac
import json
import logging
import os
import socket
from typing import Any, Awaitable, Callable, Dict, List, Optional, Tuple

from rasa.core.channels.channel import InputChannel, UserMessage
from rasa.core.channels.socketio import SocketIOInput, SocketIOOutput
from sanic import Blueprint

from channels import action_failure
from channels.rest import MAX_MESSAGE_CHARS, TECHNICAL_APOLOGY, customer_text, describe_failure
from channels.socket_redis import (  # noqa: F401  (re-exported: the tests use them from here)
    REDIS_CHANNEL,
    JsonRedisManager,
    PushNotDelivered,
    redacted,
    redis_url,
)
from litige.widget_session import SECRET_VARIABLE, SessionSigner

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


UNREADABLE = "Désolé, je n'ai pas pu lire votre message. Pouvez-vous le renvoyer ?"
_LIMIT = f"{MAX_MESSAGE_CHARS:,}".replace(",", "\u202f")  # 20 000, French style
TOO_LONG = f"Votre message est trop long ({_LIMIT} caractères au plus) : pouvez-vous le raccourcir ?"
NO_SESSION = "Votre conversation n'a pas pu être retrouvée : rechargez la page, puis renvoyez votre message."


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
        action_failure.install()  # an action server failure: an apology, never silence
        self.signer = SessionSigner.from_environment()  # a too short secret stops the start here
        if self.signer.ephemeral:
            logger.warning(
                "socket.io: %s is empty, widget sessions are signed with this process's own "
                "secret: they end when it restarts and do not move to another instance",
                SECRET_VARIABLE,
            )
        self._sessions: Dict[str, Tuple[str, str]] = {}  # sid -> (conversation id, token)
        handle = self._apologising(on_new_message)
        webhook = super().blueprint(handle)
        # read by engine.io on every request: origins outside the list get a 400
        self.sio.eio.cors_allowed_origins = list(getattr(self, "allowed_origins", None) or default_origins())
        self._serve_sessions(handle)
        url = redis_url()
        if url:
            self._share_through_redis(webhook, JsonRedisManager(url))
        return webhook

    def _share_through_redis(self, webhook: Blueprint, manager: JsonRedisManager) -> None:
        """Rasa built the server with the in-process manager and nobody is connected yet:
        swap in the Redis one (Rasa's output channels all emit through ``self.sio``)."""
        self.sio.manager = manager
        manager.set_server(self.sio)

        @webhook.listener("before_server_start")
        async def share_pushes(app: Any, loop: Any) -> None:
            await manager.start()

        @webhook.listener("after_server_stop")
        async def stop_sharing(app: Any, loop: Any) -> None:
            await manager.stop()

    def _apologising(self, on_new_message: Callable[[UserMessage], Awaitable[Any]]) -> Callable:
        async def handle(message: UserMessage) -> None:
            try:
                await on_new_message(message)
            except Exception as error:  # never leave the customer with silence
                logger.error(
                    "socket.io: a customer's message could not be handled: %s", describe_failure(error)
                )
                await self.apologise(message.sender_id)

        return handle

    async def apologise(self, room: str) -> None:
        """The French apology, to this instance's sockets only: the widget that wrote is
        connected here, and the emit must not depend on Redis, which may be what failed."""
        try:
            await self.sio.emit(
                self.bot_message_evt,
                {"text": TECHNICAL_APOLOGY},
                room=room,
                namespace=self.namespace,
                ignore_queue=True,
            )
        except Exception as error:
            logger.error("socket.io: the apology could not be sent: %s", describe_failure(error))

    def _serve_sessions(self, on_new_message: Callable[[UserMessage], Awaitable[Any]]) -> None:
        """Replace Rasa's session_request and message handlers (Rasa takes the session id the
        browser sends as the conversation's id): the server issues signed tokens, a socket
        speaks only for the conversation of its token, and the open widgets are recorded."""
        namespace = self.namespace or "/"
        original_disconnect = self.sio.handlers[namespace]["disconnect"]
        instance = instance_name()
        _in_thread(lambda: _connections()[0].forget_instance(instance), "forget")  # a restart: all gone

        async def session_request(sid: str, data: Any) -> None:
            offered = data.get("session_id") if isinstance(data, dict) else None
            # without session persistence (Rasa's meaning), every connection starts afresh
            conversation = self.signer.verify(offered) if self.session_persistence else None
            if conversation is None:  # missing, unsigned, forged: never the browser's choice
                conversation, offered = self.signer.issue()
            record = self._attach(sid, conversation, offered, instance)
            try:  # the widget starts first, then the open widget is recorded
                await self.sio.emit("session_confirm", offered, room=sid, namespace=self.namespace)
            finally:
                await record

        async def disconnect(sid: str) -> None:
            self._sessions.pop(sid, None)
            await original_disconnect(sid)
            await asyncio.to_thread(_in_thread, lambda: _connections()[0].left(sid), "leave")

        async def handle_message(sid: str, data: Any) -> None:
            problem, data = readable(data, self.metadata_key)
            conversation = None if problem else await self._conversation_of(sid, data["session_id"], instance)
            if conversation is None:
                await self.sio.emit(
                    self.bot_message_evt,
                    {"text": problem or NO_SESSION},
                    room=sid,
                    namespace=self.namespace,
                    ignore_queue=True,
                )
                return
            output = SocketIOOutput(self.sio, self.bot_message_evt)
            await on_new_message(
                UserMessage(
                    data["message"],
                    output,
                    conversation,
                    input_channel=self.name(),
                    metadata=data[self.metadata_key],
                )
            )

        self.sio.on("session_request", session_request, namespace=namespace)
        self.sio.on("disconnect", disconnect, namespace=namespace)
        self.sio.on(self.user_message_evt, handle_message, namespace=namespace)

    def _attach(self, sid: str, conversation: str, token: str, instance: str) -> Awaitable[None]:
        """The socket joins its conversation's room (the conversation id: what Rasa's output
        channel and the pushes from other instances address) and leaves its previous one, at
        once; the awaitable returned records the open widget in the database."""
        previous = self._sessions.get(sid)
        if previous is not None and previous[0] != conversation:
            self.sio.leave_room(sid, previous[0], namespace=self.namespace)
        self._sessions[sid] = (conversation, token)
        self.sio.enter_room(sid, conversation, namespace=self.namespace)

        def joined() -> None:
            store, now = _connections()
            store.joined(sid, conversation, instance, now)

        return asyncio.to_thread(_in_thread, joined, "join")

    async def _conversation_of(self, sid: str, token: str, instance: str) -> Optional[str]:
        """The conversation a message speaks for: the one confirmed to this socket for that
        token, else the one a valid token signs (the socket then joins it), else None."""
        confirmed = self._sessions.get(sid)
        if confirmed is not None and hmac.compare_digest(confirmed[1].encode(), token.encode()):
            return confirmed[0]
        conversation = self.signer.verify(token) if self.session_persistence else None
        if conversation is not None:
            await self._attach(sid, conversation, token, instance)
        return conversation


def readable(data: Any, metadata_key: str) -> Tuple[str, Dict[str, Any]]:
    """("", the message cleaned) when it can be handled, else (a French answer, {})."""
    if not isinstance(data, dict):
        return UNREADABLE, {}
    text, metadata, session = data.get("message", ""), data.get(metadata_key), data.get("session_id")
    if not isinstance(text, str) or (session is not None and not isinstance(session, str)):
        return UNREADABLE, {}
    if len(text) > MAX_MESSAGE_CHARS:
        return TOO_LONG, {}
    if not session:
        return NO_SESSION, {}
    if isinstance(metadata, str):
        try:
            metadata = json.loads(metadata)
        except ValueError:
            return UNREADABLE, {}
    if metadata is not None and not isinstance(metadata, dict):
        return UNREADABLE, {}
    return "", {**data, "message": customer_text(text), metadata_key: metadata or {}}


def _in_thread(work: Callable[[], None], what: str) -> None:
    """Blocking bookkeeping that must never break the widget: a database error is logged."""
    from litige.tickets.store import TicketRecordInvalid, TicketStoreUnavailable

    try:
        work()
    except (TicketStoreUnavailable, TicketRecordInvalid) as error:
        logger.warning("widget connections (%s) not recorded: %s", what, error)
