"""The page an e-mailed follow-up links to (``/suivi/<token>``): the customer says in one
click whether the promise was kept. Public (the random token in the link is the only key),
French, and a GET never changes anything (mail scanners open links): the answer is a POST
from the page's own buttons. "Non" reopens the ticket at high priority, as in the chat."""

from __future__ import annotations

import asyncio
import logging
import re
from typing import Any, Callable, Dict, Optional

from sanic import Request, Sanic
from sanic.response import HTTPResponse

from litige import clock
from litige.catalogue import remedy_for
from litige.dates import format_french_date
from litige.tickets.follow_ups import FollowUps
from litige.tickets.store import TicketNotFound, TicketStoreUnavailable

logger = logging.getLogger(__name__)
TOKEN = re.compile(r"^[A-Za-z0-9_-]{16,64}$")
PREFIX = "/suivi/"


def register(app: Sanic, page: Callable[..., HTTPResponse]) -> None:
    def follow_ups(request: Request) -> FollowUps:
        return FollowUps(request.app.ctx.store)

    async def find(request: Request, token: str) -> Optional[Dict[str, Any]]:
        if not TOKEN.fullmatch(token):
            return None
        return await asyncio.to_thread(follow_ups(request).by_token, token)

    def show(row: Optional[Dict[str, Any]], status: int = 200, **values: Any) -> HTTPResponse:
        if row is None:
            return page("follow_up.html", status=404, state="unknown")
        remedy = remedy_for(row.get("category"), row.get("agreed_remedy"))
        return page(
            "follow_up.html",
            status=status,
            reference=row["reference"],
            promise=remedy.promise if remedy else "le traitement de votre dossier",
            due=format_french_date(row["due_date"], today=clock.today()),
            **values,
        )

    @app.get(f"{PREFIX}<token:str>")
    async def follow_up_page(request: Request, token: str) -> HTTPResponse:
        try:
            row = await find(request, token)
        except TicketStoreUnavailable:
            return page("follow_up.html", status=503, state="unavailable")
        if row is not None and row["status"] == "answered":
            return show(row, state="already", solved=row.get("answer") == "yes")
        return show(row, state="ask", token=token)

    @app.post(f"{PREFIX}<token:str>")
    async def follow_up_answer(request: Request, token: str) -> HTTPResponse:
        answer = (request.form or {}).get("reponse")
        try:
            row = await find(request, token)
            if row is None:
                return show(None)
            if row["status"] == "answered":
                return show(row, state="already", solved=row.get("answer") == "yes")
            if answer not in ("oui", "non"):
                return show(
                    row, status=400, state="ask", token=token, message="Choisissez une des deux réponses."
                )
            await asyncio.to_thread(
                follow_ups(request).answer, row["reference"], answer == "oui", "client (e-mail)"
            )
        except TicketStoreUnavailable:
            return page("follow_up.html", status=503, state="unavailable")
        except TicketNotFound:
            return show(None)
        return show(row, state="thanks", solved=answer == "oui")
