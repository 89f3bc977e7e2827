"""Bad input on the advisors' console, as it runs next to the bot: its sign-in form, its
JSON API and pages (the review desk's too), and the customers' follow-up page (``/suivi/``).

Unsigned calls get a redirect to the sign-in page, a 401 or a 403; bad bodies, odd ids (path
traversal, SQL, control characters) and odd queries a clean 4xx or a page; never a 5xx, and
after each case every server still answers its health check."""

from __future__ import annotations

import itertools
import re
import uuid

import pytest
import requests

from console.accounts import Accounts
from litige.tickets.store import TicketStore
from tests.e2e.test_bad_input import (
    CONTROL,
    MEGABYTE_TEXT,
    SQL,
    TRAVERSAL,
    assert_every_server_is_healthy,
    assert_no_server_error,
    body_of,
    dumps,
    replies_of,
    say,
)
from tests.e2e.test_rest_channel import looks_french

pytestmark = pytest.mark.e2e

PASSWORD = "un-mot-de-passe-solide"
_logins = itertools.count(1)


@pytest.fixture(autouse=True)
def still_healthy(servers):
    yield
    assert_every_server_is_healthy(servers)


@pytest.fixture(scope="module")
def known_conversation(servers) -> str:
    sender = f"bad-console-{uuid.uuid4().hex[:10]}"
    assert say(servers, "Bonjour", sender).status_code == 200
    return sender


def sign_in(servers, role: str) -> requests.Session:
    """A fresh account of ``role``, signed in as the console's page does; ``.csrf`` set."""
    login = f"bad{role}{next(_logins)}{uuid.uuid4().hex[:6]}"
    store = TicketStore(servers.ticket_db_url)
    store.migrate()
    Accounts(store).create(login, "Julie", PASSWORD, role=role)
    store.engine.dispose()
    http = requests.Session()
    form = http.get(f"{servers.console_url}/connexion", timeout=10)
    csrf = re.search(r'name="csrf" value="([^"]+)"', form.text).group(1)
    signed = http.post(
        f"{servers.console_url}/connexion",
        data={"login": login, "password": PASSWORD, "csrf": csrf},
        allow_redirects=False,
        timeout=15,
    )
    assert signed.status_code == 303, body_of(signed)
    home = http.get(f"{servers.console_url}/{'revue' if role == 'trainer' else ''}", timeout=10)
    http.csrf = re.search(r'<meta name="csrf" content="([^"]+)">', home.text).group(1)
    return http


@pytest.fixture(scope="module")
def advisor(servers) -> requests.Session:
    return sign_in(servers, "agent")


@pytest.fixture(scope="module")
def trainer(servers) -> requests.Session:
    return sign_in(servers, "trainer")


ODD_IDS = {
    "sql": requests.utils.quote(SQL, safe=""),
    "traversal": "..%2f..%2fetc%2fpasswd",
    "dot-traversal": "%2e%2e%2f%2e%2e%2fetc%2fpasswd",
    "control-characters": requests.utils.quote(CONTROL, safe=""),
    "long": "x" * 5000,
}
UNSIGNED_CALLS = [
    ("GET", "/"),
    ("GET", "/api/queue"),
    ("GET", "/api/follow-ups"),
    ("GET", f"/api/conversations/{ODD_IDS['sql']}"),
    ("POST", "/api/conversations/x/reply"),
    ("POST", "/deconnexion"),
    ("GET", "/revue"),
    ("GET", "/api/revue/conversations"),
    ("POST", "/api/revue/conversations/x/marquer"),
    ("GET", "/static/console.js"),
    ("GET", "/conversations/..%2f..%2fetc%2fpasswd"),
    ("GET", "/../../etc/passwd"),
    ("GET", "/%2e%2e%2f%2e%2e%2fetc%2fpasswd"),
    ("GET", "/ws"),
]


@pytest.mark.parametrize("method, path", UNSIGNED_CALLS, ids=[f"{m} {p}" for m, p in UNSIGNED_CALLS])
def test_the_console_lets_nobody_in_without_signing_in(servers, method, path):
    response = requests.request(
        method, f"{servers.console_url}{path}", json={"text": "coucou"}, allow_redirects=False, timeout=30
    )
    assert response.status_code in (301, 302, 303, 307, 401, 403, 404), (
        response.status_code,
        body_of(response),
    )
    assert "root:" not in response.text


def signin_form(servers) -> tuple[requests.Session, str]:
    http = requests.Session()
    form = http.get(f"{servers.console_url}/connexion", timeout=10)
    return http, re.search(r'name="csrf" value="([^"]+)"', form.text).group(1)


FORM = "application/x-www-form-urlencoded"
SIGNIN_BODIES = {  # (content type, body with {csrf} filled in); a few count as failed sign-ins
    "json-object": ("application/json", '{{"login": "julie", "password": "x", "csrf": "{csrf}"}}'),
    "json-array": ("application/json", '["julie", "x"]'),
    "invalid-json": ("application/json", '{"login": '),
    "empty": (FORM, ""),
    "no-csrf": (FORM, "login=julie&password=x"),
    "not-utf8": (FORM, b"login=\xff\xfe&password=\xe9&csrf={csrf}"),
    "sql-login": (FORM, "login=1%27+OR+%271%27%3D%271&password=%27+OR+1%3D1+--&csrf={csrf}"),
    "control-characters": (FORM, "login=%00%07%1b&password=%00&csrf={csrf}"),
    "repeated-fields": (FORM, "login=a&login=b&password=x&password=y&csrf={csrf}&csrf=z"),
    "megabyte-login": (FORM, "login=" + "a" * 1_000_000 + "&password=x&csrf={csrf}"),
    "multipart-junk": (
        "multipart/form-data; boundary=zzz",
        "--zzz\r\nContent-Disposition: form-data\r\n\r\nx",
    ),
}


@pytest.mark.parametrize("content_type, body", SIGNIN_BODIES.values(), ids=SIGNIN_BODIES.keys())
def test_the_sign_in_form_refuses_bad_bodies_without_a_5xx(servers, content_type, body):
    http, csrf = signin_form(servers)
    data = body.replace(b"{csrf}", csrf.encode()) if isinstance(body, bytes) else body.replace("{csrf}", csrf)
    response = http.post(
        f"{servers.console_url}/connexion",
        data=data if isinstance(data, bytes) else data.encode("utf-8"),
        headers={"Content-Type": content_type},
        allow_redirects=False,
        timeout=30,
    )
    assert 400 <= response.status_code < 500, (response.status_code, body_of(response))
    assert "litige_session" not in response.cookies


API_BODIES = {
    "invalid-json": b'{"text": ',
    "json-array": dumps(["bonjour"]),
    "not-utf8": b'{"text": "\xff\xfe"}',
    "text-a-number": dumps({"text": 42, "status": 42}),
    "text-an-object": dumps({"text": {"a": 1}, "status": ["resolved"]}),
    "status-sql": dumps({"status": SQL}),
    "megabyte-text": dumps({"text": MEGABYTE_TEXT}),
    "control-characters": dumps({"text": CONTROL, "status": CONTROL}),
}
MOVES = ["reply", "status", "hand-back", "drop-table"]


@pytest.mark.parametrize("move", MOVES)
@pytest.mark.parametrize("body", API_BODIES.values(), ids=API_BODIES.keys())
def test_the_console_api_refuses_bad_bodies_with_a_4xx(servers, advisor, known_conversation, move, body):
    response = advisor.post(
        f"{servers.console_url}/api/conversations/{known_conversation}/{move}",
        data=body,
        headers={"Content-Type": "application/json", "X-CSRF-Token": advisor.csrf},
        timeout=60,
    )
    assert 400 <= response.status_code < 500, (response.status_code, body_of(response))


@pytest.mark.parametrize("conversation", ODD_IDS.values(), ids=ODD_IDS.keys())
def test_the_console_api_answers_odd_conversation_ids_without_a_5xx(servers, advisor, trainer, conversation):
    calls = [
        advisor.get(f"{servers.console_url}/api/conversations/{conversation}", timeout=60),
        advisor.get(f"{servers.console_url}/conversations/{conversation}", timeout=60),
        advisor.post(
            f"{servers.console_url}/api/conversations/{conversation}/reply",
            json={"text": "Bonjour, je reprends votre dossier."},
            headers={"X-CSRF-Token": advisor.csrf},
            timeout=60,
        ),
        trainer.get(f"{servers.console_url}/api/revue/conversations/{conversation}", timeout=60),
        trainer.post(
            f"{servers.console_url}/api/revue/conversations/{conversation}/marquer",
            json={"status": SQL, "tags": [SQL]},
            headers={"X-CSRF-Token": trainer.csrf},
            timeout=60,
        ),
    ]
    for response in calls:
        assert_no_server_error(response)
        assert "root:" not in response.text


def test_the_console_api_refuses_a_move_without_its_csrf_token(servers, advisor, known_conversation):
    response = advisor.post(
        f"{servers.console_url}/api/conversations/{known_conversation}/reply", json={"text": "x"}, timeout=30
    )
    assert response.status_code == 403, body_of(response)


REVIEW_QUERIES = [
    {"page": "abc", "per_page": "-1"},
    {"page": "99999999999999999999"},
    {"since": "pas-une-date", "until": "2026-13-45"},
    {"status": SQL, "tag": TRAVERSAL, "q": CONTROL},
    {"from": "0000-00-00", "to": "9" * 50},
]


@pytest.mark.parametrize("query", REVIEW_QUERIES)
def test_the_review_desk_answers_odd_queries_without_a_5xx(servers, trainer, query):
    for path in (
        "/api/revue/conversations",
        "/api/revue/tableau-de-bord",
        "/revue",
        "/revue/tableau-de-bord",
    ):
        assert_no_server_error(trainer.get(f"{servers.console_url}{path}", params=query, timeout=60))


@pytest.mark.parametrize("token", [TRAVERSAL, "%2e%2e%2f%2e%2e%2fetc%2fpasswd", SQL, "A" * 40, CONTROL])
def test_the_follow_up_page_answers_unknown_or_odd_tokens_with_a_404(servers, token):
    url = f"{servers.console_url}/suivi/{requests.utils.quote(token, safe='%')}"
    shown = requests.get(url, timeout=30)
    answered = requests.post(
        url, data=b"reponse=\xff\xfe&reponse=oui", headers={"Content-Type": FORM}, timeout=30
    )
    for response in (shown, answered):
        assert 400 <= response.status_code < 500, (response.status_code, body_of(response))
        assert "root:" not in response.text


def test_after_the_battery_an_advisor_works_and_a_customer_is_answered(servers, known_conversation):
    advisor = sign_in(servers, "agent")
    queue = advisor.get(f"{servers.console_url}/api/queue", timeout=30)
    assert queue.status_code == 200 and isinstance(queue.json()["queue"], list)
    brief = advisor.get(f"{servers.console_url}/api/conversations/{known_conversation}", timeout=30)
    assert brief.status_code == 200, body_of(brief)
    answer = say(servers, "Bonjour, mon colis n'est jamais arrivé.", known_conversation)
    assert answer.status_code == 200 and looks_french(" ".join(replies_of(answer))), body_of(answer)
