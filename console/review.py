"""The trainers' review desk in the console (issue 14): the conversation list, a conversation
turn by turn, the dashboard and the exports, for the roles ``trainer`` and ``admin`` (an
advisor gets 403). The JSON API of the pages' script and the data access the pages share are
in console/review_api.py, what the pages show in console/review_view.py, the data in
litige/review.

    /revue                                   the list (its filters in the query string)
    /revue/conversations/<id>                one conversation, personal data masked
    POST /revue/conversations/<id>/afficher  the same unmasked (the reveal is logged)
    /revue/conversations/<id>/story-test.yml and /story-entrainement.yml, /revue/corrections.yml
    /revue/tableau-de-bord?du=…&au=…         the figures of a period (default: the last 8 weeks)
    /static/vendor/chart.js                  Chart.js, served from web/node_modules (no CDN)
    /static/review/review.js, review.css     the pages' script and style

The console keeps the read model up to date: a sync every ``REVIEW_SYNC_SECONDS`` in the
background, and one before answering the list and the dashboard.
"""

from __future__ import annotations

import asyncio
import logging
import re
from functools import lru_cache, wraps
from pathlib import Path
from typing import Any, Callable, Dict, Optional, Set

from sanic import Request, Sanic
from sanic.response import HTTPResponse, text

from console import review_api, review_view
from console.review_api import ROLES, BadRequest
from console.security import signed_in
from litige import clock
from litige.config import Settings, get_settings
from litige.review import export, privacy
from litige.review.store import (
    DOMAIN,
    ReviewError,
    ReviewStore,
    TicketStoreUnavailable,
    UnknownConversation,
    domain_intents,
)

logger = logging.getLogger(__name__)
HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
STATIC = {  # console.css too: the console's own /static/ route serves advisors only
    "review.js": "application/javascript; charset=utf-8",
    "review.css": "text/css; charset=utf-8",
    "console.css": "text/css; charset=utf-8",
}
CHART_JS = ROOT / "web" / "node_modules" / "chart.js" / "dist" / "chart.umd.min.js"
YAML = "application/yaml; charset=utf-8"
REVEAL_LABELS = {  # what a trainer may show, one kind at a time or all (privacy.REVEAL_KINDS)
    privacy.ALL: "toutes les données personnelles",
    privacy.EMAIL: "les adresses e-mail",
    privacy.PHONE: "les numéros de téléphone",
    privacy.ORDER_ID: "les numéros de commande",
    privacy.NAME: "le nom du client",
}
_SOURCE_MAP = re.compile(r"\n//# sourceMappingURL=\S+\s*$")


def register(app: Sanic, page: Callable[..., HTTPResponse], settings: Optional[Settings] = None) -> None:
    @app.before_server_start
    async def open_review(app: Sanic, loop) -> None:
        chosen = settings or get_settings()
        app.ctx.review = ReviewStore(chosen.ticket_db_url, chosen.tracker_store_url)
        app.ctx.review_lock = asyncio.Lock()
        app.ctx.review_task = loop.create_task(review_api.keep_in_sync(app, chosen.review_sync_seconds))

    @app.before_server_stop
    async def stop_review(app: Sanic, _loop) -> None:
        task = getattr(app.ctx, "review_task", None)
        if task is not None:
            task.cancel()
        if getattr(app.ctx, "review", None) is not None:
            await asyncio.to_thread(app.ctx.review.close)

    def show(request: Request, name: str, status: int = 200, **values: Any) -> HTTPResponse:
        session = request.ctx.session
        return page(name, status=status, account=session.account, csrf=session.csrf_token, **values)

    def guarded(template: str) -> Callable:
        """A page whose conversation is unknown says so (404), and a database that cannot be
        reached gives a French page (503), never a 500."""

        def decorator(handler: Callable) -> Callable:
            @wraps(handler)
            async def run(request: Request, *args: Any, **kwargs: Any) -> HTTPResponse:
                try:
                    return await handler(request, *args, **kwargs)
                except UnknownConversation:
                    return show(request, template, status=404, missing=True, **kwargs)
                except TicketStoreUnavailable:
                    logger.exception("review desk: the database is unavailable")
                    return show(request, template, status=503, unavailable=review_api.UNAVAILABLE, **kwargs)

            return run

        return decorator

    # ------------------------------------------------------------------ the list
    @app.get("/revue")
    @signed_in(roles=ROLES)
    @guarded("review_list.html")
    async def review_list(request: Request) -> HTTPResponse:
        args = review_api.query_args(request)
        values: Dict[str, Any] = {"args": args, "options": review_view.filter_options()}
        try:
            rows, total, number = await review_api.listing(request.app, args)
        except ReviewError as error:
            return show(request, "review_list.html", status=400, error=str(error), rows=[], total=0, **values)
        pages = max(1, -(-total // review_api.PER_PAGE))
        values.update(
            rows=[review_view.row_view(privacy.mask_summary(row)) for row in rows],
            total=total,
            page_number=number,
            pages=pages,
            previous=review_api.page_link(args, number - 1) if number > 1 else None,
            next=review_api.page_link(args, number + 1) if number < pages else None,
        )
        return show(request, "review_list.html", **values)

    # ------------------------------------------------------------------ one conversation
    async def conversation(request: Request, conversation_id: str, revealed: Optional[str]) -> HTTPResponse:
        """The page, masked, or with one kind of personal data shown (``revealed``: a kind of
        privacy.REVEAL_KINDS), the reveal logged first."""
        data = await review_api.load(request.app, conversation_id)
        if revealed:
            who = request.ctx.session.account.login
            await asyncio.to_thread(request.app.ctx.review.log_reveal, conversation_id, who, revealed)
        data = privacy.mask_conversation(data, keep=(revealed,) if revealed else ())
        return show(
            request,
            "review_conversation.html",
            conversation_id=conversation_id,
            revealed=revealed,
            revealed_label=REVEAL_LABELS.get(revealed or "", ""),
            reveal_choices=REVEAL_LABELS,
            options=review_view.filter_options(),
            intents=await asyncio.to_thread(domain_intents),
            **review_api.conversation_view(data),
        )

    @app.get("/revue/conversations/<conversation_id:str>")
    @signed_in(roles=ROLES)
    @guarded("review_conversation.html")
    async def review_conversation(request: Request, conversation_id: str) -> HTTPResponse:
        return await conversation(request, conversation_id, revealed=None)

    @app.post("/revue/conversations/<conversation_id:str>/afficher")
    @signed_in(roles=ROLES)
    @guarded("review_conversation.html")
    async def review_reveal(request: Request, conversation_id: str) -> HTTPResponse:
        kind = (request.form or {}).get("kind") or privacy.ALL
        try:
            return await conversation(request, conversation_id, revealed=kind)
        except ReviewError as error:  # a kind that does not exist
            return show(request, "review_conversation.html", status=400, error=str(error))

    # ------------------------------------------------------------------ exports
    async def story(request: Request, conversation_id: str, kind: str) -> HTTPResponse:
        store = request.app.ctx.review
        if not await asyncio.to_thread(store.tracker.knows, conversation_id):
            raise UnknownConversation(conversation_id)
        events = await asyncio.to_thread(store.events, conversation_id)
        exported = clock.paris(clock.now())
        if kind == "test":  # the customer's words as written: logged like a reveal
            who = request.ctx.session.account.login
            await asyncio.to_thread(store.log_reveal, conversation_id, who, privacy.ALL)
            body = export.test_story(conversation_id, events, exported)
        else:
            slots = await asyncio.to_thread(_influential_slots)
            body = export.training_story(conversation_id, events, exported, slots)
        return download(body, f"story-{kind}-{_file_name(conversation_id)}.yml")

    @app.get("/revue/conversations/<conversation_id:str>/story-test.yml")
    @signed_in(roles=ROLES)
    @guarded("review_conversation.html")
    async def review_test_story(request: Request, conversation_id: str) -> HTTPResponse:
        return await story(request, conversation_id, "test")

    @app.get("/revue/conversations/<conversation_id:str>/story-entrainement.yml")
    @signed_in(roles=ROLES)
    @guarded("review_conversation.html")
    async def review_training_story(request: Request, conversation_id: str) -> HTTPResponse:
        return await story(request, conversation_id, "entrainement")

    @app.get("/revue/corrections.yml")
    @signed_in(roles=ROLES)
    @guarded("review_list.html")
    async def review_corrections(request: Request) -> HTTPResponse:
        corrections = await asyncio.to_thread(request.app.ctx.review.corrections)
        return download(export.nlu_yaml(corrections), "corrections-nlu.yml")

    # ------------------------------------------------------------------ the dashboard
    @app.get("/revue/tableau-de-bord")
    @signed_in(roles=ROLES)
    @guarded("review_dashboard.html")
    async def review_dashboard(request: Request) -> HTTPResponse:
        args = review_api.query_args(request)
        try:
            start, end = review_api.period(args)
        except BadRequest as error:
            return show(
                request,
                "review_dashboard.html",
                status=error.status,
                error=error.message,
                start=args.get("du") or "",
                end=args.get("au") or clock.today().isoformat(),
            )
        figures = await review_api.dashboard_figures(request.app, start, end)
        return show(request, "review_dashboard.html", **review_view.dashboard_view(figures, start, end))

    # ------------------------------------------------------------------ the charting library
    @app.get("/static/vendor/chart.js")
    @signed_in(roles=("agent", "admin", "trainer"))
    async def chart_library(request: Request) -> HTTPResponse:
        try:
            source = await asyncio.to_thread(CHART_JS.read_text, encoding="utf-8")
        except OSError:
            return text("Bibliothèque de graphiques absente : lancez « make install ».", status=404)
        response = text(_SOURCE_MAP.sub("\n", source), content_type="application/javascript; charset=utf-8")
        response.headers["Cache-Control"] = "private, max-age=3600"
        return response

    @app.get("/static/review/<name:str>")
    @signed_in(roles=ROLES)
    async def review_static(request: Request, name: str) -> HTTPResponse:
        if name not in STATIC:
            return text("Fichier introuvable.", status=404)
        source = await asyncio.to_thread((HERE / "static" / name).read_text, encoding="utf-8")
        return text(source, content_type=STATIC[name])

    review_api.register(app)


@lru_cache(maxsize=1)
def _influential_slots() -> Set[str]:
    return export.influential_slots(DOMAIN)


def download(body: str, name: str) -> HTTPResponse:
    response = text(body, content_type=YAML)
    response.headers["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


def _file_name(conversation_id: str) -> str:
    return re.sub(r"[^A-Za-z0-9_.-]", "_", conversation_id)[:80] or "conversation"
