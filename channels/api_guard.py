"""Clean 4xx answers on Rasa's HTTP API calls that the scheduler and the console make.

Rasa 3.6's ``POST /conversations/<id>/execute`` reads ``request.json.get("name")`` and turns any
failure into a 500: a JSON array, a name that is not a text, an action the domain does not know.
``POST /conversations/<id>/trigger_intent`` has the same first two traps. ``check_api_call`` runs
before Rasa's handlers (a request middleware that the health channel registers on Rasa's app when
the server starts) and answers those with a French 400; well-formed calls go on to Rasa's own
handler, which still checks the API token. Whether an action exists is only said to a caller that
presents the API token (``RASA_API_TOKEN``), so the check reveals nothing to anyone else.
"""

from __future__ import annotations

import hmac
import json
import os
import re
from typing import Any, Optional

from sanic import Sanic, response
from sanic.request import Request
from sanic.response import HTTPResponse

CALL_PATH = re.compile(r"^/conversations/[^/]+/(execute|trigger_intent)$")
NOT_JSON = "Le corps de la requête doit être un objet JSON."
NO_NAME = "Le champ « name » est obligatoire et doit être un texte."
UNKNOWN_ACTION = "Cette action n'existe pas dans le domaine du bot."
_MARK = "_litige_api_guard"


def _bad_request(message: str) -> HTTPResponse:
    return response.json(
        {"status": "failure", "reason": "BadRequest", "message": message, "code": 400}, status=400
    )


def _holds_the_token(request: Request) -> bool:
    expected = os.environ.get("RASA_API_TOKEN", "")
    given = request.args.get("token") or ""
    return bool(expected) and hmac.compare_digest(given.encode(), expected.encode())


def _known_actions(app: Sanic) -> Optional[frozenset]:
    agent = getattr(app.ctx, "agent", None)
    domain = getattr(agent, "domain", None)
    if domain is None:
        return None
    return frozenset(domain.action_names_or_texts)


async def check_api_call(request: Request) -> Optional[HTTPResponse]:
    """A 400 for an execute or trigger_intent call whose body Rasa would turn into a 500."""
    if request.method != "POST":
        return None
    matched = CALL_PATH.match(request.path)
    if matched is None:
        return None
    try:
        body: Any = json.loads(request.body or b"")
    except (ValueError, UnicodeDecodeError):
        return _bad_request(NOT_JSON)
    if not isinstance(body, dict):
        return _bad_request(NOT_JSON)
    name = body.get("name")
    if not isinstance(name, str) or not name.strip():
        return _bad_request(NO_NAME)
    if matched.group(1) == "execute" and _holds_the_token(request):
        known = _known_actions(request.app)
        if known is not None and name not in known:
            return _bad_request(UNKNOWN_ACTION)
    return None


def install_on(app: Sanic) -> None:
    """Register ``check_api_call`` on Rasa's app, once."""
    if getattr(app.ctx, _MARK, False):
        return
    setattr(app.ctx, _MARK, True)
    app.register_middleware(check_api_call, "request")
