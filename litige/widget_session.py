"""Server-issued, signed session tokens for the website widget.

The widget (rasa-webchat) keeps a session id in the browser and sends it back on every
connection and message. That id used to be the conversation's id itself, chosen by the
browser or a plain uuid: whoever knew or guessed it could continue the conversation and
read its answers (a ticket's status among them). Now the server alone issues it:

* a conversation id, ``web-`` and 32 random hexadecimal digits (128 bits), is the sender id
  Rasa, the tickets, the console and the review desk see (it fits the REST channel's
  sender pattern and the console's URLs);
* the token the widget keeps is ``<conversation id>.<signature>``, the signature being an
  HMAC-SHA256 of the conversation id under a secret (base64url, no padding).

A token is only accepted when its signature matches (compared in constant time): a
client cannot choose, guess or alter a conversation id. Knowing a token still gives the
conversation: it must stay in that browser (like a session cookie).

The secret is ``WIDGET_SESSION_SECRET`` (at least 32 characters; every Rasa instance must
have the same one). When it is empty, each process draws a random secret of its own at
its first use: nothing insecure is derived, but widget conversations do not survive a
restart of Rasa (the widget gets a new conversation) and, with several instances, a
widget that moves to another instance starts afresh. ``make run`` and ``make run-prod``
generate one into ``var/`` instead.

Pure: no I/O; the environment is read only when asked (``from_environment``).
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import os
import re
import secrets
import threading
from typing import Mapping, Optional, Tuple

SECRET_VARIABLE = "WIDGET_SESSION_SECRET"
MIN_SECRET_CHARS = 32
PREFIX = "web-"
CONVERSATION = re.compile(r"web-[0-9a-f]{32}")
TOKEN = re.compile(r"(web-[0-9a-f]{32})\.([A-Za-z0-9_-]{43})")
MAX_TOKEN_CHARS = 80  # len("web-" + 32 + "." + 43)
_LABEL = b"litige-widget-session-v1:"  # the same secret signing something else never matches

_process_secret: Optional[bytes] = None
_process_secret_lock = threading.Lock()


def is_widget_conversation(sender_id: object) -> bool:
    """Whether this sender id is a conversation the widget's channel issued (``web-`` and 32
    hexadecimal digits): other channels must refuse to continue it."""
    return isinstance(sender_id, str) and CONVERSATION.fullmatch(sender_id) is not None


def process_secret() -> bytes:
    """A random secret drawn once per process (when WIDGET_SESSION_SECRET is empty)."""
    global _process_secret
    with _process_secret_lock:
        if _process_secret is None:
            _process_secret = secrets.token_bytes(32)
        return _process_secret


class SessionSigner:
    """Issues and verifies the widget's session tokens with one secret."""

    def __init__(self, secret: bytes, *, ephemeral: bool = False) -> None:
        if len(secret) < MIN_SECRET_CHARS:
            raise ValueError(f"{SECRET_VARIABLE} must be at least {MIN_SECRET_CHARS} characters long")
        self._secret = secret
        self.ephemeral = ephemeral  # True: a per-process secret, sessions end with the process

    @classmethod
    def from_environment(cls, environ: Optional[Mapping[str, str]] = None) -> SessionSigner:
        """The signer of WIDGET_SESSION_SECRET, else of this process's random secret."""
        environ = os.environ if environ is None else environ
        configured = (environ.get(SECRET_VARIABLE) or "").strip()
        if configured:
            return cls(configured.encode("utf-8"))
        return cls(process_secret(), ephemeral=True)

    def _signature(self, conversation_id: str) -> str:
        digest = hmac.new(self._secret, _LABEL + conversation_id.encode("ascii"), hashlib.sha256).digest()
        return base64.urlsafe_b64encode(digest).decode("ascii").rstrip("=")

    def token_for(self, conversation_id: str) -> str:
        if not is_widget_conversation(conversation_id):
            raise ValueError("not a widget conversation id")
        return f"{conversation_id}.{self._signature(conversation_id)}"

    def issue(self) -> Tuple[str, str]:
        """A new conversation: (its id, the token the widget keeps)."""
        conversation_id = PREFIX + secrets.token_hex(16)
        return conversation_id, self.token_for(conversation_id)

    def verify(self, token: object) -> Optional[str]:
        """The conversation id of a token this secret signed; None for anything else
        (missing, malformed, unsigned, forged, signed with another secret)."""
        if not isinstance(token, str) or len(token) > MAX_TOKEN_CHARS:
            return None
        match = TOKEN.fullmatch(token)
        if match is None:
            return None
        conversation_id, signature = match.groups()
        if not hmac.compare_digest(
            signature.encode("ascii"), self._signature(conversation_id).encode("ascii")
        ):
            return None
        return conversation_id
