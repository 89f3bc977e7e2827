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
  the domain of a long conversation);
- answers only the Rasa instances: every call but ``GET /health`` must carry the shared secret
  ``ACTION_SERVER_TOKEN`` (``Authorization: Bearer <token>``, sent by Rasa from the
  ``action_endpoint`` headers of endpoints.yml); missing: 401, wrong: 403, a short French JSON,
  and a log line without the token. Without a token (16 characters at least) the server refuses
  to start: it is never open;
- serves no CORS headers, whatever ``--cors`` says: no web page has any business calling it.

    ACTION_SERVER_TOKEN=... python -m actions.server --actions actions --port 5055   (rasa-sdk's options)
"""

from __future__ import annotations

import hmac
import json
import logging
import os
import sys
import traceback
import zlib
from typing import Any, List, Optional

from sanic import Sanic, response
from sanic.exceptions import SanicException
from sanic.request import Request
from sanic.response import HTTPResponse

from actions.slot_types import drop_ill_typed, project_slot_types, slot_types_of

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


TOKEN_ENV = "ACTION_SERVER_TOKEN"
MIN_TOKEN_LENGTH = 16
OPEN_PATHS = frozenset({"/health"})  # the load balancers' and Rasa's health probes
MISSING_TOKEN = "Jeton du serveur d'actions manquant."
WRONG_TOKEN = "Jeton du serveur d'actions invalide."


class MissingToken(RuntimeError):
    """No usable shared secret: the action server would be open to anyone who reaches it."""


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


def checked_token(token: Optional[str]) -> str:
    """The shared secret, or MissingToken (French) when it is absent or too short."""
    token = (token or "").strip()
    if not token:
        raise MissingToken(
            f"{TOKEN_ENV} est vide : le serveur d'actions refuse de démarrer sans secret partagé "
            "avec Rasa (make run et make run-prod en créent un dans var/)."
        )
    if len(token) < MIN_TOKEN_LENGTH:
        raise MissingToken(f"{TOKEN_ENV} est trop court ({MIN_TOKEN_LENGTH} caractères au moins).")
    return token


def presented_token(request: Request) -> Optional[str]:
    """The token of ``Authorization: Bearer <token>``, None when the header is absent or empty."""
    scheme, _, value = (request.headers.get("Authorization") or "").strip().partition(" ")
    if scheme.lower() != "bearer" or not value.strip():
        return None
    return value.strip()


def create_app(
    package: Any = "actions", max_body: Optional[int] = None, token: Optional[str] = None
) -> Sanic:
    """rasa-sdk's application for ``package``, with the checks and error handling above.
    ``token``: the shared secret (default: ``ACTION_SERVER_TOKEN``); MissingToken without one."""
    from rasa_sdk.endpoint import create_app as sdk_create_app

    expected = checked_token(os.environ.get(TOKEN_ENV) if token is None else token).encode()
    app = sdk_create_app(package, cors_origins=None, auto_reload=False)  # None: no origin allowed
    limit = max_body or max_body_from_env()
    project_types = project_slot_types()  # for calls without a domain
    app.config.REQUEST_MAX_SIZE = limit

    @app.on_request
    async def check_token(request: Request) -> Optional[HTTPResponse]:
        if request.path in OPEN_PATHS and request.method in ("GET", "HEAD"):
            return None
        given = presented_token(request)
        if given is None:
            logger.warning("action server: refused %s %s without a token", request.method, request.path)
            return response.json({"error": MISSING_TOKEN}, status=401, headers={"WWW-Authenticate": "Bearer"})
        if not hmac.compare_digest(given.encode("utf-8", "surrogateescape"), expected):
            logger.warning("action server: refused %s %s with a wrong token", request.method, request.path)
            return response.json({"error": WRONG_TOKEN}, status=403)
        return None

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
        request.parsed_json = call  # rasa-sdk reads request.json: the body is not parsed twice
        tracker_slots = call["tracker"].get("slots")
        if isinstance(tracker_slots, dict):
            types = slot_types_of(call.get("domain") or {}) or project_types
            clean, dropped = drop_ill_typed(tracker_slots, types)
            if dropped:  # the action runs as if those slots were unset; rasa-sdk reads the call again
                logger.warning("action server: ignored ill-typed slots %s", ", ".join(sorted(dropped)))
                call["tracker"]["slots"] = clean
                text = json.dumps(call).encode("utf-8")
                request.body = zlib.compress(text) if deflated else text
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
    if args.cors:
        logger.warning("action server: --cors is ignored, no web page may call the action server")
    try:
        app = create_app(args.actions or "actions")
    except MissingToken as error:
        print(f"Le serveur d'actions ne démarre pas : {error}", file=sys.stderr)
        sys.exit(2)
    plugin_manager().hook.attach_sanic_app_extensions(app=app)
    ssl_context = create_ssl_context(args.ssl_certificate, args.ssl_keyfile, args.ssl_password)
    host = os.environ.get("SANIC_HOST", "0.0.0.0")
    logger.info("action server on %s://%s:%s", "https" if ssl_context else "http", host, args.port)
    app.run(host, args.port, ssl=ssl_context, workers=utils.number_of_sanic_workers())


if __name__ == "__main__":
    main()
