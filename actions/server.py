"""The action server, started as rasa-sdk starts it but without its leaks.

rasa-sdk's own error handler (rasa_sdk/endpoint.py, ``exception_handler``) answers a failed
action call with ``{"error": str(exception), "request_body": request.json}``: the whole
tracker, so the customer's messages, e-mail and order numbers, go back to Rasa, which writes
that answer into its log (``ClientResponseError ... body='...'``). Its log line also carries the
exception's message. This module builds rasa-sdk's application with
``rasa_sdk.endpoint.create_app`` and then:

- replaces the error handler: a short French JSON answer, and a log line that names the action,
  the error's type and where it was raised, never its message nor the request;
- checks the webhook's body before rasa-sdk reads it (valid JSON object, an action name, a
  tracker; a deflated body is inflated with a size bound), answering a clean 400 otherwise;
- bounds the request size (``ACTION_SERVER_MAX_BODY`` bytes, 20 MB by default: the tracker and
  the domain of a long conversation).

    python -m actions.server --actions actions --port 5055   (rasa-sdk's options)
"""

from __future__ import annotations

import json
import logging
import os
import traceback
import zlib
from typing import Any, List, Optional

from sanic import Sanic, response
from sanic.exceptions import SanicException
from sanic.request import Request
from sanic.response import HTTPResponse

logger = logging.getLogger(__name__)

DEFAULT_MAX_BODY = 20_000_000
INTERNAL_ERROR = "Erreur interne du serveur d'actions."
STATUS_MESSAGES = {
    400: "Requête invalide.",
    404: "Adresse inconnue.",
    405: "Méthode non autorisée.",
    413: "Requête trop volumineuse.",
    503: "Service momentanément indisponible.",
}


class BadActionCall(ValueError):
    """The webhook's body is not an action call; its message is French and quotes nothing."""


def describe_failure(error: BaseException) -> str:
    """The error's type chain and where the first one was raised, without any message."""
    chain: List[BaseException] = []
    link: Optional[BaseException] = error
    while link is not None and link not in chain:
        chain.append(link)
        link = link.__cause__ or link.__context__
    names = " <- ".join(type(item).__name__ for item in chain)
    frames = traceback.extract_tb(chain[-1].__traceback__)
    if not frames:
        return names
    last = frames[-1]
    return f"{names} (raised in {last.name}, {last.filename.rsplit('/', 1)[-1]}:{last.lineno})"


def read_action_call(body: bytes, deflated: bool, max_body: int) -> dict:
    """The action call in the webhook's body; raise BadActionCall when it is not one."""
    if deflated:
        inflater = zlib.decompressobj()
        try:
            body = inflater.decompress(body, max_body + 1)
        except zlib.error as error:
            raise BadActionCall("Le corps compressé de la requête est illisible.") from error
        if len(body) > max_body or inflater.unconsumed_tail:
            raise BadActionCall("Le corps décompressé de la requête est trop volumineux.")
    try:
        call = json.loads(body)
    except (ValueError, UnicodeDecodeError) as error:
        raise BadActionCall("Le corps de la requête doit être du JSON valide.") from error
    if not isinstance(call, dict):
        raise BadActionCall("Le corps de la requête doit être un objet JSON.")
    if not isinstance(call.get("next_action"), str) or not call["next_action"]:
        raise BadActionCall("Le champ « next_action » doit nommer une action.")
    if not isinstance(call.get("tracker"), dict):
        raise BadActionCall("Le champ « tracker » doit être un objet JSON.")
    if not isinstance(call["tracker"].get("sender_id"), str):
        raise BadActionCall("Le champ « tracker.sender_id » doit être un identifiant de conversation.")
    if not isinstance(call.get("domain", {}), dict):
        raise BadActionCall("Le champ « domain » doit être un objet JSON.")
    return call


def max_body_from_env() -> int:
    try:
        value = int(os.environ.get("ACTION_SERVER_MAX_BODY", DEFAULT_MAX_BODY))
    except ValueError:
        return DEFAULT_MAX_BODY
    return value if value > 0 else DEFAULT_MAX_BODY


def create_app(package: Any = "actions", cors_origins: Any = None, max_body: Optional[int] = None) -> Sanic:
    """rasa-sdk's application for ``package``, with the checks and error handling above."""
    from rasa_sdk.endpoint import create_app as sdk_create_app

    app = sdk_create_app(package, cors_origins=cors_origins, auto_reload=False)
    limit = max_body or max_body_from_env()
    app.config.REQUEST_MAX_SIZE = limit

    @app.on_request
    async def check_action_call(request: Request) -> Optional[HTTPResponse]:
        if request.path != "/webhook" or request.method != "POST":
            return None
        declared = request.headers.get("Content-Length") or "0"
        if not declared.isdigit() or int(declared) > limit or len(request.body or b"") > limit:
            # Sanic 21.12 stops reading at the limit but may still run the middleware
            return response.json({"error": STATUS_MESSAGES[413]}, status=413)
        deflated = request.headers.get("Content-Encoding") == "deflate"
        try:
            call = read_action_call(request.body or b"", deflated, limit)
        except BadActionCall as error:
            logger.warning("action server: refused a malformed action call (%s)", describe_failure(error))
            return response.json({"error": str(error)}, status=400)
        request.ctx.action_name = call["next_action"]
        return None

    @app.exception(Exception)
    async def answer_without_the_body(request: Request, exception: Exception) -> HTTPResponse:
        if isinstance(exception, SanicException) and 400 <= exception.status_code < 500:
            status = exception.status_code
            logger.warning("action server: %s on %s", status, getattr(request, "path", "?"))
            return response.json({"error": STATUS_MESSAGES.get(status, "Requête refusée.")}, status=status)
        action = getattr(request.ctx, "action_name", None) if request is not None else None
        logger.error(
            "action server: the action %s failed: %s", action or "(none)", describe_failure(exception)
        )
        return response.json({"error": INTERNAL_ERROR, "action_name": action}, status=500)

    return app


def main(argv: Optional[List[str]] = None) -> None:
    """``rasa run actions``, with this module's application (same options)."""
    from rasa_sdk import utils
    from rasa_sdk.constants import APPLICATION_ROOT_LOGGER_NAME
    from rasa_sdk.endpoint import create_argument_parser, create_ssl_context
    from rasa_sdk.plugin import plugin_manager

    args = create_argument_parser().parse_args(argv)
    logging.getLogger("matplotlib").setLevel(logging.WARN)
    utils.configure_colored_logging(args.loglevel)
    utils.configure_file_logging(
        logging.getLogger(APPLICATION_ROOT_LOGGER_NAME),
        args.log_file,
        args.loglevel,
        args.logging_config_file,
    )
    utils.update_sanic_log_level()
    app = create_app(args.actions or "actions", cors_origins=args.cors)
    plugin_manager().hook.attach_sanic_app_extensions(app=app)
    ssl_context = create_ssl_context(args.ssl_certificate, args.ssl_keyfile, args.ssl_password)
    host = os.environ.get("SANIC_HOST", "0.0.0.0")
    logger.info("action server on %s://%s:%s", "https" if ssl_context else "http", host, args.port)
    app.run(host, args.port, ssl=ssl_context, workers=utils.number_of_sanic_workers())


if __name__ == "__main__":
    main()
