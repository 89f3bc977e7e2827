"""The console's doors and an advisor's moves, through the running console (HTTP and its live
socket) in front of a stand-in for Rasa's API."""

from __future__ import annotations

import asyncio
import itertools
import json
import re
from concurrent.futures import ThreadPoolExecutor
from datetime import date, datetime, timedelta, timezone

import aiohttp
import requests

from console.app import create_app
from litige.tickets.follow_ups import FollowUps
from litige.tickets.owners import OwnerStore
from litige.tickets.record import ComplaintRecord
from litige.tickets.store import TicketStore
from tests.console.conftest import PASSWORD, sign_in

_ids = itertools.count(1)


def queued(console, fake_rasa, priority="high", reason="request_human"):
    """A conversation handed off by the bot: a ticket, a row in the queue, tracker events."""
    conversation_id = f"customer-{next(_ids)}"
    store = TicketStore(console.db)
    ticket = store.save_complaint(
        ComplaintRecord(
            conversation_id=conversation_id,
            complaint_key="k1",
            category="delivery",
            status="pending_agent",
            priority=priority,
            description="Mon colis n'est jamais arrivé, c'était pour l'anniversaire de ma fille.",
            customer_email="claire.martin@example.fr",
        )
    )
    OwnerStore(store).hand_off(
        conversation_id,
        datetime.now(timezone.utc),
        reason=reason,
        priority=priority,
        ticket_reference=ticket.reference,
    )
    fake_rasa.events[conversation_id] = [
        {
            "event": "user",
            "timestamp": 1765188000.0,
            "text": "Mon colis n'est jamais arrivé, je veux parler à quelqu'un !",
            "parse_data": {
                "intent": {"name": "request_human", "confidence": 0.9},
                "emotion": {"name": "anger", "confidence": 0.8, "intensity": 0.7},
            },
        },
        {"event": "bot", "timestamp": 1765188001.0, "text": "Je vous mets en relation avec un conseiller."},
    ]
    return conversation_id, ticket.reference


def move(session, console, token, conversation_id, name, body=None):
    return session.post(
        f"{console.url}/api/conversations/{conversation_id}/{name}",
        json=body or {},
        headers={"X-CSRF-Token": token},
        timeout=15,
    )


# ---------------------------------------------------------------- doors
def test_every_route_refuses_a_visitor_who_is_not_signed_in(console):
    app = create_app()
    routes = [(route.path, sorted(route.methods)) for route in app.router.routes]
    assert len(routes) >= 10  # the enumeration really found the application's routes
    checked = 0
    for path, methods in routes:
        url = "/" + "/".join("x" if part.startswith("<") else part for part in path.strip("/").split("/"))
        for method in methods:
            if method in ("OPTIONS", "HEAD"):
                continue
            answer = requests.request(method, f"{console.url}{url}", allow_redirects=False, timeout=5)
            checked += 1
            if url in ("/connexion", "/connexion.css"):
                assert answer.status_code in (200, 403), (method, url)  # the sign-in itself
                continue
            if url.startswith("/suivi/"):  # the customers' follow-up answers: a token, no account
                assert answer.status_code == 404 and "n'est pas (ou plus) valable" in answer.text
                continue
            if url.startswith("/api/") or url == "/ws":
                assert answer.status_code == 401, (method, url, answer.status_code)
                assert "Connectez-vous" in answer.json()["error"]
            else:
                assert answer.status_code in (302, 303), (method, url, answer.status_code)
                assert answer.headers["Location"] == "/connexion"
    assert checked >= 10
    # an unknown address says nothing more to a visitor
    assert requests.get(f"{console.url}/api/anything", timeout=5).status_code == 401


def _csrf(page):
    return page.text.split('name="csrf" value="')[1].split('"')[0]


def test_signing_in_sets_a_protected_session_cookie_and_wrong_passwords_say_the_same(console):
    browser = requests.Session()
    form = browser.get(f"{console.url}/connexion", timeout=5)
    wrong = browser.post(
        f"{console.url}/connexion", data={"login": "julie", "password": "x", "csrf": _csrf(form)}
    )
    unknown = browser.post(
        f"{console.url}/connexion", data={"login": "nobody", "password": "x", "csrf": _csrf(wrong)}
    )
    assert wrong.status_code == unknown.status_code == 401
    assert "Identifiant ou mot de passe incorrect." in wrong.text
    assert "Identifiant ou mot de passe incorrect." in unknown.text
    signed = browser.post(
        f"{console.url}/connexion",
        data={"login": "julie", "password": PASSWORD, "csrf": _csrf(unknown)},
        allow_redirects=False,
    )
    assert signed.status_code == 303
    cookie = next(c for c in signed.headers["Set-Cookie"].split(", ") if c.startswith("litige_session="))
    attributes = {part.strip().lower() for part in cookie.split(";")}
    assert "httponly" in attributes and "samesite=strict" in attributes
    assert browser.get(f"{console.url}/", allow_redirects=False, timeout=5).status_code == 200


def test_a_request_the_browser_makes_on_its_own_does_not_void_the_sign_in_form(console):
    """Browsers fetch /favicon.ico by themselves: redirected to the sign-in page, that request
    must not replace the token of the form the advisor is filling in."""
    browser = requests.Session()
    form = browser.get(f"{console.url}/connexion", timeout=5)
    icon = browser.get(f"{console.url}/favicon.ico", timeout=5)  # redirected to /connexion
    assert icon.url.endswith("/connexion")
    signed = browser.post(
        f"{console.url}/connexion",
        data={"login": "julie", "password": PASSWORD, "csrf": _csrf(form)},
        allow_redirects=False,
    )
    assert signed.status_code == 303


def test_the_sign_in_form_needs_its_csrf_token(console):
    answer = requests.post(
        f"{console.url}/connexion", data={"login": "julie", "password": PASSWORD}, allow_redirects=False
    )
    assert answer.status_code == 403 and "expiré" in answer.text


def test_a_sign_in_form_not_in_utf8_gets_a_french_400_and_no_traceback(console):
    session = requests.Session()
    form = session.get(f"{console.url}/connexion", timeout=5)
    csrf = re.search(r'name="csrf" value="([^"]+)"', form.text).group(1)
    logged = len(console.log.read_text())
    answer = session.post(
        f"{console.url}/connexion",
        data="login=julie&password=mot-de-passe-é&csrf=".encode("latin-1") + csrf.encode(),
        headers={"Content-Type": "application/x-www-form-urlencoded"},
        allow_redirects=False,
        timeout=10,
    )
    assert answer.status_code == 400
    assert "pas pu être lu" in answer.text
    assert "Traceback" not in console.log.read_text()[logged:]


def test_a_state_changing_call_without_the_csrf_token_is_refused(console, fake_rasa):
    conversation_id, _ = queued(console, fake_rasa)
    session, _ = sign_in(console)
    answer = session.post(f"{console.url}/api/conversations/{conversation_id}/take", json={}, timeout=5)
    assert answer.status_code == 403 and "Jeton" in answer.json()["error"]
    assert fake_rasa.calls_for(conversation_id) == []


def test_a_trainer_account_has_no_access_to_the_advisors_console(console):
    session, _ = sign_in(console, "tina")
    assert session.get(f"{console.url}/api/queue", timeout=5).status_code == 403
    page = session.get(f"{console.url}/", timeout=5)
    assert page.status_code == 403 and "n'a pas accès" in page.text


def test_bad_input_gets_a_french_4xx(console, fake_rasa):
    conversation_id, _ = queued(console, fake_rasa)
    session, token = sign_in(console)
    bad_json = session.post(
        f"{console.url}/api/conversations/{conversation_id}/take",
        data="{not json",
        headers={"X-CSRF-Token": token, "Content-Type": "application/json"},
    )
    assert bad_json.status_code == 400 and "JSON" in bad_json.json()["error"]
    assert move(session, console, token, conversation_id, "reply", {"text": "bonjour"}).status_code == 409
    assert move(session, console, token, conversation_id, "dance").status_code == 404
    assert move(session, console, token, conversation_id, "take").status_code == 200
    empty = move(session, console, token, conversation_id, "reply", {"text": "   "})
    assert empty.status_code == 400 and "vide" in empty.json()["error"]
    bad_date = move(
        session,
        console,
        token,
        conversation_id,
        "hand-back",
        {"category": "delivery", "remedy": "reshipment", "due_date": "2020-01-01"},
    )
    assert bad_date.status_code == 400 and "passée" in bad_date.json()["error"]
    no_remedy = move(
        session, console, token, conversation_id, "hand-back", {"category": "delivery", "remedy": "pony"}
    )
    assert no_remedy.status_code == 400 and "solution" in no_remedy.json()["error"]


# ---------------------------------------------------------------- moves
def test_two_advisors_clicking_take_at_once_only_one_wins(console, fake_rasa):
    conversation_id, _ = queued(console, fake_rasa)
    julie = sign_in(console, "julie")
    marc = sign_in(console, "marc")
    with ThreadPoolExecutor(2) as pool:
        answers = list(
            pool.map(lambda who: move(who[0], console, who[1], conversation_id, "take"), [julie, marc])
        )
    assert sorted(a.status_code for a in answers) == [200, 409]
    loser = next(a for a in answers if a.status_code == 409)
    assert "a déjà pris cette conversation" in loser.json()["error"]
    appended = fake_rasa.calls_for(conversation_id, "tracker/events")
    pauses = [call for call in appended if call[2][0]["event"] == "pause"]
    assert len(pauses) == 1
    owner = OwnerStore(TicketStore(console.db)).get(conversation_id)
    assert owner.state == "advisor" and owner.advisor_name in ("Julie", "Marc")


def test_take_reply_note_and_hand_back_go_to_the_tracker_in_order(console, fake_rasa):
    conversation_id, reference = queued(console, fake_rasa)
    session, token = sign_in(console)
    assert move(session, console, token, conversation_id, "take").status_code == 200
    [(_, _, taken, query)] = fake_rasa.calls_for(conversation_id, "tracker/events")
    assert [e["event"] for e in taken] == ["pause", "slot", "bot"]
    assert "Julie" in taken[2]["text"] and query["output_channel"] == ["latest"]
    assert TicketStore(console.db).get(reference).status == "in_progress"

    reply = move(session, console, token, conversation_id, "reply", {"text": "Je regarde votre colis."})
    assert reply.status_code == 200
    sent = fake_rasa.calls_for(conversation_id, "tracker/events")[-1][2][0]
    assert sent["metadata"]["advisor"] == {"id": sent["metadata"]["advisor"]["id"], "first_name": "Julie"}
    assert sent["text"] == "**Julie** : Je regarde votre colis."

    note = move(session, console, token, conversation_id, "note", {"text": "Client fidèle"})
    assert note.status_code == 200
    marc, marc_token = sign_in(console, "marc")
    assert move(marc, console, marc_token, conversation_id, "reply", {"text": "Bonjour"}).status_code == 403

    body = {"category": "delivery", "remedy": "reshipment", "due_date": "2099-01-15"}
    too_far = move(session, console, token, conversation_id, "hand-back", body)
    assert too_far.status_code == 400 and "plus d'un an" in too_far.json()["error"]
    assert fake_rasa.calls_for(conversation_id, "execute") == []
    body["due_date"] = (date.today() + timedelta(days=3)).isoformat()
    assert move(session, console, token, conversation_id, "hand-back", body).status_code == 200
    resumed = fake_rasa.calls_for(conversation_id, "tracker/events")[-1][2]
    assert resumed[0]["event"] == "resume"
    assert {e["name"]: e["value"] for e in resumed if e["event"] == "slot"}["current_remedy"] == "reshipment"
    [execute] = fake_rasa.calls_for(conversation_id, "execute")
    assert execute[2] == {"name": "action_advisor_handed_back"}
    assert OwnerStore(TicketStore(console.db)).get(conversation_id).state == "bot"


def test_the_brief_and_the_live_queue_reach_a_signed_in_advisor(console, fake_rasa):
    conversation_id, reference = queued(console, fake_rasa, priority="urgent", reason="serious_threat")
    session, token = sign_in(console)
    brief = session.get(f"{console.url}/api/conversations/{conversation_id}", timeout=10).json()
    assert brief["brief"]["reference"] == reference
    assert brief["brief"]["email"] == "claire.martin@example.fr"
    assert brief["brief"]["transcript"][0]["who"] == "customer"
    assert "<svg" in brief["chart"] and len(brief["suggestions"]) >= 2
    cookie = session.cookies.get("litige_session")

    async def first_queue():
        async with aiohttp.ClientSession(cookies={"litige_session": cookie}) as client:
            async with client.ws_connect(f"{console.url}/ws") as ws:
                message = json.loads((await ws.receive(timeout=10)).data)
                return message

    message = asyncio.run(first_queue())
    assert message["type"] == "queue"
    first = message["queue"][0]
    assert (first["conversation_id"], first["priority"]) == (conversation_id, "urgent")


def test_closing_resumes_the_bot_which_asks_for_the_rating(console, fake_rasa):
    conversation_id, reference = queued(console, fake_rasa)
    session, token = sign_in(console)
    assert move(session, console, token, conversation_id, "take").status_code == 200
    assert move(session, console, token, conversation_id, "close", {"status": "resolved"}).status_code == 200
    assert fake_rasa.calls_for(conversation_id, "execute")[-1][2] == {"name": "action_advisor_closed"}
    assert TicketStore(console.db).get(reference).status == "resolved"
    assert OwnerStore(TicketStore(console.db)).get(conversation_id).state == "closed"


def test_follow_ups_nobody_could_receive_are_listed_for_the_advisors(console):
    store = TicketStore(console.db)
    ticket = store.save_complaint(
        ComplaintRecord(
            conversation_id=f"customer-{next(_ids)}",
            complaint_key="k1",
            category="delivery",
            description="Colis perdu.",
            agreed_remedy="reshipment",
            due_date=date(2026, 11, 24),
        )
    )
    follow_ups = FollowUps(store)
    [row] = [r for r in follow_ups.deliverable(date(2026, 11, 25)) if r["reference"] == ticket.reference]
    follow_ups.unreachable(row["id"], "personne à joindre : widget fermé <script>alert(1)</script>")
    session, _ = sign_in(console)
    listed = session.get(f"{console.url}/api/follow-ups", timeout=10).json()["undelivered"]
    [item] = [i for i in listed if i["reference"] == ticket.reference]
    assert item["due"].startswith("mardi 24 novembre") and "widget fermé" in item["reason"]
    page = session.get(f"{console.url}/", timeout=10).text
    assert "Suivis à faire à la main" in page and ticket.reference in page and "widget fermé" in page
    assert "<script>alert(1)</script>" not in page  # escaped, like everything the page shows
