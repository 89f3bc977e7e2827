"""The REST channel, hardened: malformed requests get a clean 400 with a French
message instead of a 500 or a silent empty answer, and a failure inside the bot
gets a French apology instead of an empty list.

Registered in credentials.yml as ``channels.rest.FrenchRestInput``; it keeps the
URL of Rasa's own channel: POST /webhooks/rest/webhook. A client that may send a message
again (no answer, a 503) gives it a ``message_id``: sent again, it gets the stored answers and
is not handled twice (channels/retried_message.py).
"""

from __future__ import annotations

import logging
import os
import re
import traceback
import unicodedata
from typing import Any, Awaitable, Callable, Dict, List

from rasa.core.channels.channel import CollectingOutputChannel, UserMessage
from rasa.core.channels.rest import RestInput
from sanic import Blueprint, response
from sanic.exceptions import Forbidden, InvalidUsage
from sanic.request import Request
from sanic.response import HTTPResponse

from channels import action_failure, retried_message
from litige.ratelimit import RateLimiter, client_address
from litige.widget_session import is_widget_conversation
from stores.tracker_store import TrackerStoreUnavailable

logger = logging.getLogger(__name__)

MAX_MESSAGE_CHARS = 20_000
MAX_SENDER_CHARS = 128
SENDER_PATTERN = re.compile(r"^[\w.:@+-]{1,128}$")
MESSAGE_ID_PATTERN = re.compile(r"^[A-Za-z0-9._:-]{1,64}$")
DEFAULT_RATE_LIMIT = "30/10"  # REST_RATE_LIMIT: messages per seconds and per client address
TOO_MANY_MESSAGES = (
    "Vous envoyez trop de messages à la suite. Patientez quelques secondes avant d'écrire à nouveau."
)
WIDGET_CONVERSATION = (
    "Cette conversation a été ouverte dans le widget du site : elle ne peut se poursuivre que dans ce widget."
)
TECHNICAL_APOLOGY = (
    "Toutes mes excuses, un problème technique m'empêche de vous répondre pour le moment. "
    "Pouvez-vous renvoyer votre message dans un instant ?"
)


def clean_text(text: str) -> str:
    """Drop control and format characters (NUL, BEL, zero-width...) but keep line breaks."""
    return "".join(ch for ch in text if ch in "\n\t" or unicodedata.category(ch) not in ("Cc", "Cf", "Cs"))


# Rasa's own intents, run by its default rules: typed by a customer, "/restart" would wipe the
# conversation without a word and "/session_start" would answer nothing; EXTERNAL_ intents are
# the scheduler's (its reminders). Typed, they are read as the customer's plain words instead.
RESERVED_COMMAND = re.compile(r"^\s*/(restart|session_start|back|out_of_scope|nlu_fallback|EXTERNAL_\w*)\b")


def customer_text(text: str) -> str:
    """The text a customer typed, ready for Rasa: control characters dropped, and a reserved
    Rasa command (``/restart``...) read as words rather than run."""
    text = clean_text(text)
    if RESERVED_COMMAND.match(text):
        return text.strip().lstrip("/")
    return text


def error_chain(error: BaseException) -> List[BaseException]:
    """The error and the errors it was raised from."""
    chain: List[BaseException] = []
    while error is not None and error not in chain:
        chain.append(error)
        error = error.__cause__ or error.__context__
    return chain


def describe_failure(error: BaseException) -> str:
    """Where and what failed, without the errors' messages (they may quote the customer's text)."""
    chain = error_chain(error)
    names = " <- ".join(type(link).__name__ for link in chain)
    frames = traceback.extract_tb(chain[-1].__traceback__)  # where the first error was raised
    if not frames:
        return names
    last = frames[-1]
    return f"{names} (raised in {last.name}, {last.filename.rsplit('/', 1)[-1]}:{last.lineno})"


def parse_body(request: Request) -> Dict[str, Any]:
    """Validate the JSON body; raise a 400 with a French explanation otherwise."""
    try:
        body = request.json
    except Exception as error:  # sanic raises InvalidUsage; be safe with any parser error
        raise InvalidUsage("Le corps de la requête doit être du JSON valide.") from error
    if not isinstance(body, dict):
        raise InvalidUsage('Le corps de la requête doit être un objet JSON : {"sender": …, "message": …}.')
    sender = body.get("sender")
    if not isinstance(sender, str) or not SENDER_PATTERN.match(sender):
        raise InvalidUsage(
            "Le champ « sender » est obligatoire : un identifiant de conversation "
            f"(lettres, chiffres, . _ - : @ +, {MAX_SENDER_CHARS} caractères au plus)."
        )
    if is_widget_conversation(sender):
        raise Forbidden(WIDGET_CONVERSATION)
    message = body.get("message")
    if not isinstance(message, str):
        raise InvalidUsage("Le champ « message » est obligatoire et doit être un texte.")
    if len(message) > MAX_MESSAGE_CHARS:
        raise InvalidUsage(f"Le message est trop long ({MAX_MESSAGE_CHARS} caractères au plus).")
    metadata = body.get("metadata")
    if metadata is not None and not isinstance(metadata, dict):
        raise InvalidUsage("Le champ « metadata » doit être un objet JSON.")
    message_id = body.get("message_id")
    if message_id is not None and not (isinstance(message_id, str) and MESSAGE_ID_PATTERN.match(message_id)):
        raise InvalidUsage(
            "Le champ « message_id », facultatif, identifie le message pour pouvoir le renvoyer sans "
            "qu'il soit traité deux fois : lettres sans accent, chiffres, . _ - :, 64 caractères au plus."
        )
    return {
        "sender": sender,
        "message": customer_text(message),
        "metadata": metadata,
        "message_id": None if message_id is None else retried_message.client_message_id(message_id),
    }


class FrenchRestInput(RestInput):  # name() is RestInput's: "rest"
    def blueprint(self, on_new_message: Callable[[UserMessage], Awaitable[None]]) -> Blueprint:
        action_failure.install()  # an action server failure: an apology, never silence
        retried_message.install()  # a message sent again with its message_id: answered once
        webhook = Blueprint(f"custom_webhook_{type(self).__name__}", __name__)
        limiter = RateLimiter.from_spec(os.environ.get("REST_RATE_LIMIT", DEFAULT_RATE_LIMIT))

        @webhook.route("/", methods=["GET"])
        async def health(request: Request) -> HTTPResponse:
            return response.json({"status": "ok"})

        @webhook.route("/webhook", methods=["POST"])
        async def receive(request: Request) -> HTTPResponse:
            address = client_address(request)
            if limiter is not None and not limiter.take(address):
                wait = str(max(1, limiter.retry_after(address)))
                return response.json([{"text": TOO_MANY_MESSAGES}], status=429, headers={"Retry-After": wait})
            body = parse_body(request)
            collector = CollectingOutputChannel()
            try:
                await on_new_message(
                    UserMessage(
                        body["message"],
                        collector,
                        body["sender"],
                        input_channel=self.name(),
                        metadata=body["metadata"],
                        message_id=body["message_id"],  # None: Rasa gives it one
                    )
                )
            except Exception as error:  # the bot failed: never leave the customer with silence
                logger.error("rest channel: handling a message failed: %s", describe_failure(error))
                logger.debug("rest channel: traceback of the failure", exc_info=True)
                unsaved = any(isinstance(link, TrackerStoreUnavailable) for link in error_chain(error))
                # when the conversation could not be read or saved, this turn did not happen:
                # the customer is asked to send the message again
                if unsaved or not collector.messages:
                    return response.json(
                        [{"recipient_id": body["sender"], "text": TECHNICAL_APOLOGY}], status=503
                    )
            return response.json(collector.messages)

        return webhook
