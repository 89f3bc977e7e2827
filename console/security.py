"""The console's doors: who is signed in, CSRF on every state-changing request, security
headers on every answer.

* The session cookie (``litige_session``) is HttpOnly, SameSite=Strict, Secure when the console
  is served over https; only its hash is stored (console/accounts.py); it expires after
  ``CONSOLE_SESSION_MINUTES`` without activity.
* CSRF: each session has its own token, sent back by the pages' script in the
  ``X-CSRF-Token`` header (or the form's ``csrf`` field); the sign-in form uses a
  double-submit cookie (``litige_signin``) since there is no session yet.
* Every route needs a signed-in advisor except the sign-in page itself (``PUBLIC``); pages
  redirect to it, the API and the live socket answer 401.
"""

from __future__ import annotations

import asyncio
import hmac
import re
import secrets
from functools import wraps
from html import escape
from typing import Any, Callable, Iterable, Optional

from sanic import Request
from sanic.response import HTTPResponse, html, json, redirect

from console.accounts import Session

SESSION_COOKIE = "litige_session"
SIGNIN_COOKIE = "litige_signin"
CSRF_HEADER = "X-CSRF-Token"
PUBLIC = frozenset({"/connexion", "/connexion.css"})
CONSOLE_ROLES = ("agent", "admin")
CSP = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "connect-src 'self'; frame-ancestors 'none'; form-action 'self'; base-uri 'none'"
)


def set_cookie(response: HTTPResponse, name: str, value: str, secure: bool, max_age: Optional[int]) -> None:
    response.cookies[name] = value
    cookie = response.cookies[name]
    cookie["httponly"] = True
    cookie["samesite"] = "Strict"
    cookie["path"] = "/"
    if secure:
        cookie["secure"] = True
    if max_age is not None:
        cookie["max-age"] = max_age


def clear_cookie(response: HTTPResponse, name: str) -> None:
    response.cookies[name] = ""
    response.cookies[name]["max-age"] = 0
    response.cookies[name]["path"] = "/"


def same(a: Optional[str], b: Optional[str]) -> bool:
    return bool(a) and bool(b) and hmac.compare_digest(str(a), str(b))


TOKEN_SHAPE = re.compile(r"[A-Za-z0-9_-]{43}")  # what new_token() makes


def new_token() -> str:
    return secrets.token_urlsafe(32)


async def current_session(request: Request) -> Optional[Session]:
    token = request.cookies.get(SESSION_COOKIE)
    if not token:
        return None
    accounts = request.app.ctx.accounts
    try:
        return await asyncio.to_thread(accounts.session, token)
    except Exception:  # the database is down: nobody is signed in (never a 500 page)
        request.app.ctx.logger.exception("console: sessions unavailable")
        return None


def _is_api(request: Request) -> bool:
    return request.path.startswith("/api/") or request.path == "/ws"


def refused(request: Request, status: int, message: str) -> HTTPResponse:
    if _is_api(request):
        return json({"error": message}, status=status)
    if status == 401:
        return redirect("/connexion")
    body = escape(message, quote=False)
    return html(f'<!doctype html><html lang="fr"><meta charset="utf-8"><p>{body}</p></html>', status=status)


def signed_in(roles: Iterable[str] = CONSOLE_ROLES, csrf: bool = True) -> Callable:
    """The route needs a signed-in account with one of ``roles``; state-changing methods also
    need the session's CSRF token."""
    allowed = frozenset(roles)

    def decorator(handler: Callable) -> Callable:
        @wraps(handler)
        async def guarded(request: Request, *args: Any, **kwargs: Any) -> HTTPResponse:
            session = await current_session(request)
            if session is None:
                return refused(request, 401, "Connectez-vous pour accéder à la console.")
            if session.account.role not in allowed:
                return refused(request, 403, "Votre compte n'a pas accès à cette page.")
            if csrf and request.method not in ("GET", "HEAD", "OPTIONS"):
                form = request.form or {}
                sent = request.headers.get(CSRF_HEADER) or form.get("csrf")
                if not same(sent, session.csrf_token):
                    return refused(request, 403, "Jeton de sécurité manquant ou périmé : rechargez la page.")
            request.ctx.session = session
            return await handler(request, *args, **kwargs)

        guarded.signed_in = True  # the route enumeration test checks every route has a door
        return guarded

    return decorator


def add_headers(request: Request, response: HTTPResponse) -> None:
    response.headers.setdefault("Content-Security-Policy", CSP)
    response.headers.setdefault("X-Frame-Options", "DENY")
    response.headers.setdefault("X-Content-Type-Options", "nosniff")
    response.headers.setdefault("Referrer-Policy", "no-referrer")
    response.headers.setdefault("Cache-Control", "no-store")
