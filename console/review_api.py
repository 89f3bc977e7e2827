"""The review desk's JSON API (``/api/revue/...``, for the pages' script) and the data access
its pages share (console/review.py): the sync, the list's query, a conversation, the period
and the figures of the dashboard. Trainers and admins only; a POST needs the session's CSRF
token in ``X-CSRF-Token``, as the pages' script sends it.

    GET  /api/revue/conversations?…filters…          {"rows", "total", "page", "per_page"}
    GET  /api/revue/conversations/<id>               the conversation, masked
    POST /api/revue/conversations/<id>/mark          {"status"?, "tags"?}
    POST /api/revue/conversations/<id>/comment       {"text"}
    POST /api/revue/conversations/<id>/correct       {"turn", "intent"?, "emotion"?, "intensity"?}
    POST /api/revue/conversations/<id>/reveal        the conversation unmasked (the reveal is logged)
    GET  /api/revue/tableau-de-bord?du=…&au=…        the figures (litige/review/kpis.py)
"""

from __future__ import annotations

import asyncio
import json as jsonlib
import logging
from datetime import date, timedelta
from functools import wraps
from typing import Any, Callable, Dict, List, Tuple
from urllib.parse import urlencode

from sanic import Request, Sanic
from sanic.response import HTTPResponse, json

from console import review_view
from console.security import signed_in
from litige import clock
from litige.review import kpis, privacy
from litige.review.store import (
    ReviewError,
    TicketStoreUnavailable,
    UnknownConversation,
    parse_filters,
    parse_page,
)

logger = logging.getLogger(__name__)
ROLES = ("trainer", "admin")
PER_PAGE = 50
# beyond any real list; a larger page's offset overflows the database's integers (a 500 before)
MAX_PAGE = 100_000
DEFAULT_WEEKS = 8
MAX_PERIOD_DAYS = 731
UNAVAILABLE = "La base de la revue est momentanément indisponible : réessayez dans un instant."


class BadRequest(Exception):
    """A request the desk cannot answer, with the French sentence that says why."""

    def __init__(self, message: str, status: int = 400):
        super().__init__(message)
        self.message = message
        self.status = status


def answers_json(handler: Callable) -> Callable:
    """The store's refusals as a JSON error with a French message, never a 500."""

    @wraps(handler)
    async def guarded(request: Request, *args: Any, **kwargs: Any) -> HTTPResponse:
        try:
            return await handler(request, *args, **kwargs)
        except BadRequest as error:
            return json({"error": error.message}, status=error.status)
        except UnknownConversation:
            return json({"error": "Conversation introuvable."}, status=404)
        except ReviewError as error:
            return json({"error": str(error)}, status=400)
        except TicketStoreUnavailable:
            logger.exception("review desk: the database is unavailable")
            return json({"error": UNAVAILABLE}, status=503)

    return guarded


def register(app: Sanic) -> None:
    @app.get("/api/revue/conversations")
    @signed_in(roles=ROLES)
    @answers_json
    async def api_list(request: Request) -> HTTPResponse:
        rows, total, number = await listing(request.app, query_args(request))
        shown = [review_view.row_view(privacy.mask_summary(row)) for row in rows]
        return json({"rows": shown, "total": total, "page": number, "per_page": PER_PAGE}, default=str)

    @app.get("/api/revue/conversations/<conversation_id:str>")
    @signed_in(roles=ROLES)
    @answers_json
    async def api_conversation(request: Request, conversation_id: str) -> HTTPResponse:
        data = await load(request.app, conversation_id)
        return json(conversation_view(privacy.mask_conversation(data)), default=str)

    @app.post("/api/revue/conversations/<conversation_id:str>/<move:str>")
    @signed_in(roles=ROLES)
    @answers_json
    async def api_move(request: Request, conversation_id: str, move: str) -> HTTPResponse:
        if move not in MOVES:
            raise BadRequest("Action inconnue.", 404)
        body = _body(request)
        data = await load(request.app, conversation_id)
        answer = await MOVES[move](request, data, body)
        return json({"ok": True, **answer}, default=str)

    @app.get("/api/revue/tableau-de-bord")
    @signed_in(roles=ROLES)
    @answers_json
    async def api_dashboard(request: Request) -> HTTPResponse:
        start, end = period(query_args(request))
        return json(await dashboard_figures(request.app, start, end), default=str)


# ---------------------------------------------------------------------- the moves
def _who(request: Request) -> str:
    return request.ctx.session.account.login


async def _call(request: Request, name: str, *args: Any) -> Any:
    return await asyncio.to_thread(getattr(request.app.ctx.review, name), *args)


async def _mark(request: Request, data: Dict[str, Any], body: Dict[str, Any]) -> Dict[str, Any]:
    """The review status, the tags, or both; what is not sent stays as it was."""
    mark = data.get("mark") or {}
    status = body.get("status") or mark.get("status") or "new"
    tags = body["tags"] if "tags" in body else mark.get("tags") or []
    saved = await _call(request, "mark", data["conversation_id"], status, tags, _who(request))
    return {"mark": saved, "status_label": review_view.STATUS_LABELS.get(saved["status"], "")}


async def _comment(request: Request, data: Dict[str, Any], body: Dict[str, Any]) -> Dict[str, Any]:
    comment = await _call(request, "comment", data["conversation_id"], body.get("text"), _who(request))
    return {"comment": comment}


async def _correct(request: Request, data: Dict[str, Any], body: Dict[str, Any]) -> Dict[str, Any]:
    turn = body.get("turn")
    if isinstance(turn, bool) or not isinstance(turn, int) or turn < 1:
        raise BadRequest("Indiquez le numéro du message à corriger.")
    intensity = body.get("intensity")
    if isinstance(intensity, str):
        intensity = intensity.strip().replace(",", ".") or None
    correction = await _call(
        request,
        "correct",
        data["conversation_id"],
        turn,
        (body.get("intent") or "").strip() or None,
        body.get("emotion") or None,
        intensity,
        _who(request),
    )
    return {"correction": correction, "text": review_view.correction_text(correction)}


async def _reveal(request: Request, data: Dict[str, Any], body: Dict[str, Any]) -> Dict[str, Any]:
    """Unmask one kind of personal data (``kind``: e-mail, phone, order id, name) or all of it."""
    kind = body.get("kind") or privacy.ALL
    await _call(request, "log_reveal", data["conversation_id"], _who(request), kind)  # refuses bad kinds
    return {"conversation": conversation_view(privacy.mask_conversation(data, keep=(kind,)))}


MOVES = {"mark": _mark, "comment": _comment, "correct": _correct, "reveal": _reveal}


def _body(request: Request) -> Dict[str, Any]:
    if not request.body:
        return {}
    try:
        body = jsonlib.loads(request.body)
    except ValueError:
        raise BadRequest("Requête invalide (JSON attendu).") from None
    if not isinstance(body, dict):
        raise BadRequest("Requête invalide (objet JSON attendu).")
    return body


# ---------------------------------------------------------------------- shared with the pages
def query_args(request: Request) -> Dict[str, str]:
    """The query string as one value per name (the first one), blanks left out."""
    return {name: request.args.get(name) for name in request.args if (request.args.get(name) or "").strip()}


async def sync(app: Sanic) -> None:
    """Brings the read model up to date (one sync at a time); a failure is logged, never shown
    as an error: the desk answers with what it already has."""
    async with app.ctx.review_lock:
        try:
            await asyncio.to_thread(app.ctx.review.sync)
        except Exception:
            logger.exception("review desk: the sync from the tracker store failed")


async def keep_in_sync(app: Sanic, seconds: int) -> None:
    while True:
        await sync(app)
        await asyncio.sleep(seconds)


async def listing(app: Sanic, args: Dict[str, str]) -> Tuple[List[Dict[str, Any]], int, int]:
    """The page of the list the query asks for: (rows, total, page number); a bad filter
    raises ``ReviewError`` with its French message."""
    filters = parse_filters(args)
    number, _ = parse_page(args, PER_PAGE)
    if number > MAX_PAGE:
        limit = f"{MAX_PAGE:,}".replace(",", "\u202f")
        raise ReviewError(f"Ce numéro de page n'est pas valable : attendu un nombre entier de 1 à {limit}.")
    await sync(app)
    rows, total = await asyncio.to_thread(app.ctx.review.list_conversations, filters, number, PER_PAGE)
    return rows, total, number


def page_link(args: Dict[str, str], number: int) -> str:
    return "/revue?" + urlencode({**{k: v for k, v in args.items() if k != "page"}, "page": str(number)})


async def load(app: Sanic, conversation_id: str) -> Dict[str, Any]:
    """A conversation of the read model (summary, turns as dicts, review); raises
    ``UnknownConversation`` when nobody knows it."""
    data = await asyncio.to_thread(app.ctx.review.conversation, conversation_id)
    if not data:
        raise UnknownConversation(f"Conversation inconnue : « {conversation_id} ».")
    return review_view.plain(data)


def conversation_view(data: Dict[str, Any]) -> Dict[str, Any]:
    """What the conversation page (and its script) shows of ``store.conversation()``."""
    corrections = data.get("corrections") or []
    turns = [review_view.turn_view(turn, corrections) for turn in data.get("turns") or []]
    points = review_view.chart_points(turns)
    return {
        "summary": review_view.row_view(data.get("summary") or {}),
        "turns": turns,
        "markers": review_view.markers_of(turns),
        "chart": points,
        "chart_text": review_view.chart_text(points),
        "mark": data.get("mark") or {"status": "new", "tags": []},
        "status_labels": review_view.STATUS_LABELS,
        "comments": [
            {**c, "at_text": review_view.paris_time(c.get("at"))} for c in data.get("comments") or []
        ],
        "notes": [{**n, "at_text": review_view.paris_time(n.get("at"))} for n in data.get("notes") or []],
    }


def period(args: Dict[str, str]) -> Tuple[date, date]:
    """The dashboard's period from ``du`` and ``au`` (YYYY-MM-DD, Paris dates, both included);
    by default the last eight weeks up to today."""
    end = _day(args["au"], "de fin") if args.get("au") else clock.today()
    if args.get("du"):
        start = _day(args["du"], "de début")
    else:
        start = end - timedelta(weeks=DEFAULT_WEEKS) + timedelta(days=1)
    if start > end:
        raise BadRequest("La date de début doit précéder la date de fin.")
    if (end - start).days > MAX_PERIOD_DAYS:
        raise BadRequest("La période ne peut pas dépasser deux ans.")
    return start, end


def _day(raw: str, which: str) -> date:
    try:
        return date.fromisoformat(raw)
    except ValueError:
        raise BadRequest(
            f"La date {which} « {raw} » n'est pas valable (format attendu : AAAA-MM-JJ)."
        ) from None


async def dashboard_figures(app: Sanic, start: date, end: date) -> Dict[str, Any]:
    await sync(app)
    summaries = await asyncio.to_thread(app.ctx.review.summaries, start, end)
    return kpis.figures(summaries, start, end)
