"""The advisors' console: a Sanic application next to the bot (its own port, ``CONSOLE_URL``).

Pages (French, rendered from console/templates, a small script from console/static) and a JSON
API behind the same sign-in; the live socket (``/ws``) pushes the queue and the conversation
an advisor is looking at (console/live.py). What each move does is in console/desk.py.

    python -m console serve [--host 127.0.0.1] [--port 5010]
"""

from __future__ import annotations

import argparse
import asyncio
import itertools
import logging
import os
from pathlib import Path
from typing import Any, Dict, List, Optional
from urllib.parse import urlsplit

from jinja2 import Environment, FileSystemLoader, select_autoescape
from sanic import Request, Sanic
from sanic.exceptions import NotFound, SanicException
from sanic.response import HTTPResponse, html, json, redirect, text

from console import follow_up_page, live, review
from console.accounts import Accounts, SignInRefused
from console.desk import Desk, Refused
from console.security import (
    PUBLIC,
    SESSION_COOKIE,
    SIGNIN_COOKIE,
    TOKEN_SHAPE,
    add_headers,
    clear_cookie,
    current_session,
    new_token,
    refused,
    same,
    set_cookie,
    signed_in,
)
from litige.config import Settings, get_settings
from litige.mailer import Mailer
from litige.rasa_api import AsyncRasaApi
from litige.ratelimit import RateLimiter, client_address
from litige.tickets.store import TicketStore

HERE = Path(__file__).parent
STATIC = {"console.js": "application/javascript", "console.css": "text/css"}
_names = itertools.count(1)
logger = logging.getLogger(__name__)
UNREADABLE_FORM = "Le formulaire n'a pas pu être lu : merci de le remplir à nouveau sur cette page."
# CONSOLE_SIGNIN_RATE_LIMIT: failed sign-ins per seconds and per client address
DEFAULT_SIGNIN_RATE_LIMIT = "10/60"
TOO_MANY_SIGN_INS = (
    "Trop de tentatives de connexion depuis votre adresse : patientez une minute avant de réessayer."
)


def _templates() -> Environment:
    return Environment(loader=FileSystemLoader(HERE / "templates"), autoescape=select_autoescape(["html"]))


def create_app(settings: Optional[Settings] = None) -> Sanic:
    settings = settings or get_settings()
    app = Sanic(f"litige_console_{next(_names)}")
    app.config.FALLBACK_ERROR_FORMAT = "json"
    secure = urlsplit(settings.console_url).scheme == "https"
    templates = _templates()
    signin_limiter = RateLimiter.from_spec(
        os.environ.get("CONSOLE_SIGNIN_RATE_LIMIT", DEFAULT_SIGNIN_RATE_LIMIT)
    )

    @app.before_server_start
    async def open_stores(app: Sanic, _loop) -> None:
        store = TicketStore(settings.ticket_db_url, timeout=settings.ticket_db_timeout)
        await asyncio.to_thread(store.migrate)
        app.ctx.store = store
        app.ctx.logger = logger
        app.ctx.accounts = Accounts(store, session_minutes=settings.console_session_minutes)
        app.ctx.desk = Desk(
            store,
            AsyncRasaApi(settings.rasa_url, settings.rasa_api_token),
            Mailer.from_settings(),
            presence_seconds=settings.advisor_presence_seconds,
        )

    @app.after_server_stop
    async def close_clients(app: Sanic, _loop) -> None:
        await app.ctx.desk.rasa.close()

    @app.on_request
    async def door(request: Request) -> Optional[HTTPResponse]:
        """Nothing but the sign-in page answers without a signed-in account."""
        if request.path in PUBLIC or request.path.startswith(follow_up_page.PREFIX):
            return None  # the sign-in page, and the customers' follow-up answers (a token each)
        session = await current_session(request)
        if session is None:
            return refused(request, 401, "Connectez-vous pour accéder à la console.")
        request.ctx.session = session
        return None

    app.on_response(add_headers)

    def page(name: str, status: int = 200, **values: Any) -> HTTPResponse:
        return html(templates.get_template(name).render(**values), status=status)

    follow_up_page.register(app, page)
    review.register(app, page, settings)

    # ------------------------------------------------------------------ sign-in
    @app.get("/connexion")
    async def signin_page(request: Request) -> HTTPResponse:
        return _signin(page, request, secure)

    @app.post("/connexion")
    async def signin(request: Request) -> HTTPResponse:
        address = client_address(request)
        if signin_limiter is not None and not signin_limiter.allows(address):
            refusal = _signin(page, request, secure, TOO_MANY_SIGN_INS, 429)
            refusal.headers["Retry-After"] = str(max(1, signin_limiter.retry_after(address)))
            return refusal
        if not _is_utf8(request.body):  # Sanic would log a traceback and read an empty form
            return _signin(page, request, secure, UNREADABLE_FORM, 400)
        form = request.form or {}
        if not same(form.get("csrf"), request.cookies.get(SIGNIN_COOKIE)):
            return _signin(page, request, secure, "Le formulaire a expiré : merci de réessayer.", 403)
        accounts: Accounts = request.app.ctx.accounts
        try:
            account = await asyncio.to_thread(
                accounts.authenticate, form.get("login") or "", form.get("password") or ""
            )
            token, _session = await asyncio.to_thread(accounts.open_session, account)
        except SignInRefused as error:
            if signin_limiter is not None:
                signin_limiter.take(address)  # only failures count: an office signs in at 9:00
            return _signin(page, request, secure, error.message, 429 if error.reason == "locked" else 401)
        except Exception:  # the database is down: say so, never a 500
            logger.exception("console: sign-in failed")
            return _signin(
                page, request, secure, "La console est momentanément indisponible : réessayez.", 503
            )
        response = redirect("/revue" if account.role == "trainer" else "/", status=303)
        set_cookie(response, SESSION_COOKIE, token, secure, None)
        clear_cookie(response, SIGNIN_COOKIE)
        return response

    @app.get("/connexion.css")
    async def signin_css(request: Request) -> HTTPResponse:
        return text((HERE / "static" / "console.css").read_text(encoding="utf-8"), content_type="text/css")

    @app.post("/deconnexion")
    @signed_in(roles=("agent", "admin", "trainer"))
    async def signout(request: Request) -> HTTPResponse:
        session = request.ctx.session
        await asyncio.to_thread(request.app.ctx.accounts.close_session, request.cookies.get(SESSION_COOKIE))
        try:
            await request.app.ctx.desk.gone(session.account)
        except Refused:
            pass
        response = redirect("/connexion", status=303)
        clear_cookie(response, SESSION_COOKIE)
        return response

    # ------------------------------------------------------------------ pages
    @app.get("/")
    @signed_in()
    async def queue_page(request: Request) -> HTTPResponse:
        session = request.ctx.session
        await _seen(request)
        follow_ups = await request.app.ctx.desk.undelivered_follow_ups()
        return page("queue.html", account=session.account, csrf=session.csrf_token, follow_ups=follow_ups)

    @app.get("/conversations/<conversation_id:str>")
    @signed_in()
    async def conversation_page(request: Request, conversation_id: str) -> HTTPResponse:
        session = request.ctx.session
        await _seen(request)
        return page(
            "conversation.html",
            account=session.account,
            csrf=session.csrf_token,
            conversation_id=conversation_id,
        )

    @app.get("/static/<name:str>")
    @signed_in(roles=("agent", "admin", "trainer"))
    async def static(request: Request, name: str) -> HTTPResponse:
        if name not in STATIC:
            raise NotFound("Fichier introuvable.")
        return text((HERE / "static" / name).read_text(encoding="utf-8"), content_type=STATIC[name])

    # ------------------------------------------------------------------ API
    @app.get("/api/queue")
    @signed_in()
    async def api_queue(request: Request) -> HTTPResponse:
        return json({"queue": await request.app.ctx.desk.queue()})

    @app.get("/api/follow-ups")
    @signed_in()
    async def api_follow_ups(request: Request) -> HTTPResponse:
        return json({"undelivered": await request.app.ctx.desk.undelivered_follow_ups()})

    @app.get("/api/conversations/<conversation_id:str>")
    @signed_in()
    async def api_conversation(request: Request, conversation_id: str) -> HTTPResponse:
        return json(await request.app.ctx.desk.conversation(conversation_id, request.ctx.session.account))

    @app.post("/api/conversations/<conversation_id:str>/<move:str>")
    @signed_in()
    async def api_move(request: Request, conversation_id: str, move: str) -> HTTPResponse:
        desk: Desk = request.app.ctx.desk
        account = request.ctx.session.account
        body = _body(request)
        if move == "take":
            await desk.take(conversation_id, account)
        elif move == "reply":
            await desk.reply(conversation_id, account, body.get("text"))
        elif move == "note":
            await desk.note(conversation_id, account, body.get("text"))
        elif move == "status":
            await desk.set_status(conversation_id, account, body.get("status"))
        elif move == "release":
            await desk.release(conversation_id, account)
        elif move == "hand-back":
            await desk.hand_back(conversation_id, account, body)
        elif move == "close":
            await desk.close(conversation_id, account, body.get("status") or "resolved")
        else:
            raise NotFound("Action inconnue.")
        return json({"ok": True})

    @app.websocket("/ws")
    async def socket(request: Request, ws) -> None:
        await live.serve(request, ws)

    # ------------------------------------------------------------------ errors
    @app.exception(Refused)
    async def on_refused(request: Request, error: Refused) -> HTTPResponse:
        return json({"error": error.message}, status=error.status)

    @app.exception(NotFound)
    async def on_not_found(request: Request, error: NotFound) -> HTTPResponse:
        return json({"error": "Page introuvable."}, status=404)

    @app.exception(SanicException)
    async def on_sanic_error(request: Request, error: SanicException) -> HTTPResponse:
        status = getattr(error, "status_code", 400) or 400
        return json({"error": "Requête invalide."}, status=status if status < 500 else 400)

    @app.exception(Exception)
    async def on_error(request: Request, error: Exception) -> HTTPResponse:
        logger.exception("console: unexpected error on %s", request.path)
        message = "Une erreur inattendue s'est produite ; réessayez dans un instant."
        return json({"error": message}, status=503)

    return app


def _is_utf8(body: bytes) -> bool:
    try:
        body.decode("utf-8")
    except UnicodeDecodeError:
        return False
    return True


def _signin(page, request: Request, secure: bool, message: str = "", status: int = 200) -> HTTPResponse:
    # keep the browser's sign-in token while it is still there: a second tab, or a request the
    # browser makes on its own (an icon) redirected here, must not void the form already shown
    csrf = request.cookies.get(SIGNIN_COOKIE) or ""
    if not TOKEN_SHAPE.fullmatch(csrf):
        csrf = new_token()
    response = page("signin.html", status=status, csrf=csrf, message=message)
    set_cookie(response, SIGNIN_COOKIE, csrf, secure, 3600)
    return response


async def _seen(request: Request) -> None:
    try:
        await request.app.ctx.desk.seen(request.ctx.session.account)
    except Refused:
        pass


def _body(request: Request) -> Dict[str, Any]:
    if not request.body:
        return {}
    try:
        body = request.json
    except Exception:
        raise Refused("Requête invalide (JSON attendu).", 400) from None
    if not isinstance(body, dict):
        raise Refused("Requête invalide (objet JSON attendu).", 400)
    return body


def main(argv: Optional[List[str]] = None) -> int:
    settings = get_settings()
    address = urlsplit(settings.console_url)
    parser = argparse.ArgumentParser(prog="python -m console serve", description="Console des conseillers.")
    parser.add_argument("--host", default=address.hostname or "127.0.0.1")
    parser.add_argument("--port", type=int, default=address.port or 5010)
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s %(message)s")
    create_app(settings).run(host=args.host, port=args.port, access_log=False, motd=False, workers=1)
    return 0
