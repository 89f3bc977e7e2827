"""The trainers' review desk through a running console (its own process, as `make run` starts
it) over a small SQL tracker store laid out as Rasa's (tests/console/review_world.py)."""

from __future__ import annotations

import html
import json
import re

import pytest
import requests
import sqlalchemy as sa
import yaml

from console.accounts import Accounts
from litige.tickets.store import TicketStore
from tests.console.conftest import PASSWORD, running_console, sign_in
from tests.console.review_world import EMAIL, NOW, conversations, write_tracker


# ---------------------------------------------------------------- the console
@pytest.fixture(scope="module")
def desk(fake_rasa, tmp_path_factory):
    work = tmp_path_factory.mktemp("review")
    tickets = f"sqlite:///{work / 'tickets.db'}"
    tracker = f"sqlite:///{work / 'tracker.db'}"
    store = TicketStore(tickets)
    store.migrate()
    accounts = Accounts(store)
    accounts.create("tina", "Tina", PASSWORD, role="trainer")
    accounts.create("anne", "Anne", PASSWORD, role="admin")
    accounts.create("julie", "Julie", PASSWORD)
    write_tracker(tracker, conversations())
    log = work / "console.log"
    extra = {"TRACKER_STORE_URL": tracker, "REVIEW_SYNC_SECONDS": "1", "APP_NOW": NOW}
    with running_console(fake_rasa, tickets, log, **extra) as url:
        yield type("Desk", (), {"url": url, "tickets": tickets, "tracker": tracker, "log": log})


def signed(desk, login):
    """A browser-like session signed in as ``login`` on the desk; returns (session, CSRF token or None)."""
    return sign_in(desk, login, landing="/revue")


@pytest.fixture(scope="module")
def trainer(desk):
    return signed(desk, "tina")


def post(session, desk, token, conversation_id, move, body):
    return session.post(
        f"{desk.url}/api/revue/conversations/{conversation_id}/{move}",
        json=body,
        headers={"X-CSRF-Token": token},
        timeout=15,
    )


PAGES = (
    "/revue",
    "/revue/tableau-de-bord",
    "/revue/conversations/conv-resolved",
    "/revue/conversations/conv-resolved/story-test.yml",
    "/revue/conversations/conv-resolved/story-entrainement.yml",
    "/revue/corrections.yml",
    "/static/review/review.js",
    "/api/revue/conversations",
    "/api/revue/conversations/conv-resolved",
    "/api/revue/tableau-de-bord",
)


# ---------------------------------------------------------------- doors
def test_an_advisor_gets_403_on_every_page_and_call_of_the_desk(desk):
    session, _ = signed(desk, "julie")
    token = re.search(
        r'<meta name="csrf" content="([^"]+)">', session.get(f"{desk.url}/", timeout=5).text
    ).group(1)
    for path in PAGES:
        answer = session.get(f"{desk.url}{path}", timeout=10)
        assert answer.status_code == 403, path
        said = answer.json()["error"] if path.startswith("/api/") else answer.text
        assert "n'a pas accès" in said, path
    for move in ("mark", "comment", "correct", "reveal"):
        answer = post(
            session, desk, token, "conv-resolved", move, {"status": "reviewed", "text": "x", "turn": 1}
        )
        assert answer.status_code == 403 and "n'a pas accès" in answer.json()["error"]
    reveal = session.post(
        f"{desk.url}/revue/conversations/conv-resolved/afficher", data={"csrf": token}, timeout=10
    )
    assert reveal.status_code == 403 and EMAIL not in reveal.text


def test_a_visitor_who_is_not_signed_in_is_sent_to_the_sign_in_page(desk):
    for path in PAGES:
        answer = requests.get(f"{desk.url}{path}", allow_redirects=False, timeout=5)
        if path.startswith("/api/"):
            assert answer.status_code == 401, path
        else:
            assert answer.status_code in (302, 303) and answer.headers["Location"] == "/connexion", path


def test_a_trainer_and_an_admin_open_the_desk(desk, trainer):
    session, token = trainer
    assert token
    for path in ("/revue", "/revue/tableau-de-bord", "/revue/conversations/conv-handoff"):
        assert session.get(f"{desk.url}{path}", timeout=15).status_code == 200, path
    admin, _ = signed(desk, "anne")
    page = admin.get(f"{desk.url}/revue", timeout=15)
    assert page.status_code == 200 and 'href="/revue/tableau-de-bord"' in page.text
    assert 'href="/">File d\'attente' in page.text  # an admin also has the advisors' queue


# ---------------------------------------------------------------- the list
def ids(answer):
    return sorted(row["conversation_id"] for row in answer.json()["rows"])


def test_the_list_reads_the_tracker_store_and_filters_by_query_string(desk, trainer):
    session, _ = trainer
    api = f"{desk.url}/api/revue/conversations"
    everything = session.get(api, timeout=15)
    assert everything.status_code == 200
    assert ids(everything) == ["conv-handoff", "conv-old", "conv-resolved"]
    assert everything.json()["total"] == 3
    assert ids(session.get(api, params={"outcome": "handoff"}, timeout=15)) == ["conv-handoff"]
    assert ids(session.get(api, params={"category": "delivery"}, timeout=15)) == ["conv-resolved"]
    assert ids(session.get(api, params={"low_confidence": "1"}, timeout=15)) == ["conv-handoff"]
    assert ids(session.get(api, params={"date_from": "2026-11-01"}, timeout=15)) == [
        "conv-handoff",
        "conv-resolved",
    ]
    assert ids(session.get(api, params={"emotion_end": "satisfaction"}, timeout=15)) == ["conv-resolved"]
    assert ids(session.get(api, params={"q": "mixeur"}, timeout=15)) == ["conv-handoff"]
    assert ids(session.get(api, params={"rating": "5"}, timeout=15)) == ["conv-resolved"]
    # the list never shows the customer's e-mail
    assert EMAIL not in everything.text
    page = session.get(f"{desk.url}/revue", params={"outcome": "handoff"}, timeout=15)
    assert page.status_code == 200
    assert 'href="/revue/conversations/conv-handoff"' in page.text
    assert "conv-resolved" not in page.text
    assert '<option value="handoff" selected>' in page.text  # the form keeps the filter


def test_a_bad_filter_gets_a_french_400_not_a_500(desk, trainer):
    session, _ = trainer
    api = session.get(f"{desk.url}/api/revue/conversations", params={"rating": "9"}, timeout=15)
    assert api.status_code == 400 and "La note doit être un nombre entier de 1 à 5" in api.json()["error"]
    page = session.get(f"{desk.url}/revue", params={"date_from": "31/02/2026"}, timeout=15)
    assert page.status_code == 400 and "n'est pas valable" in html.unescape(page.text)
    bad_page = session.get(f"{desk.url}/api/revue/conversations", params={"page": "zéro"}, timeout=15)
    assert bad_page.status_code == 400 and "numéro valable" in bad_page.json()["error"]
    dashboard = session.get(f"{desk.url}/revue/tableau-de-bord", params={"du": "hier"}, timeout=15)
    assert dashboard.status_code == 400 and "n'est pas valable" in html.unescape(dashboard.text)


def test_a_page_number_too_large_for_the_database_gets_a_french_400(desk, trainer):
    session, _ = trainer
    huge = "99999999999999999999"  # its offset overflowed SQLite's integers: a 503 before
    api = session.get(f"{desk.url}/api/revue/conversations", params={"page": huge}, timeout=15)
    assert api.status_code == 400 and "de 1 à 100\u202f000" in api.json()["error"]
    page = session.get(f"{desk.url}/revue", params={"page": huge}, timeout=15)
    assert page.status_code == 400 and "numéro de page n'est pas valable" in html.unescape(page.text)
    last = session.get(f"{desk.url}/api/revue/conversations", params={"page": "100000"}, timeout=15)
    assert last.status_code == 200 and last.json()["rows"] == []


# ---------------------------------------------------------------- one conversation
def test_the_conversation_page_shows_each_turn_masked_with_its_chart_and_markers(desk, trainer):
    session, _ = trainer
    page = session.get(f"{desk.url}/revue/conversations/conv-handoff", timeout=15)
    assert page.status_code == 200
    text = page.text
    assert "je veux un humain tout de suite" in text
    assert "request_human" in text and "32 %" in text  # intent and confidence
    assert "colère (0,90)" in text  # emotion and intensity
    assert "Bonjour, je suis Julie." in text  # the advisor's message
    assert "Passage à un conseiller" in text and "Message compris avec peu de certitude" in text
    chart = re.search(r"data-points='([^']*)'", text).group(1)
    points = json.loads(chart.replace("&#39;", "'"))
    assert [(p["turn"], p["emotion"], p["intensity"]) for p in points] == [
        (1, "anger", 0.7),
        (2, "anger", 0.9),
    ]
    assert "Émotion du client sur 2 messages" in text  # the chart said in words
    resolved = session.get(f"{desk.url}/revue/conversations/conv-resolved", timeout=15)
    assert EMAIL not in resolved.text and "CMD-482913" not in resolved.text
    assert "[e-mail masqué]" in resolved.text and "[commande masquée]" in resolved.text
    unknown = session.get(f"{desk.url}/revue/conversations/nobody-here", timeout=15)
    assert unknown.status_code == 404 and "introuvable" in unknown.text


def reveal_log(desk):
    """The reveal log, oldest first: (conversation, who, kind, when)."""
    engine = sa.create_engine(desk.tickets)
    with engine.connect() as connection:
        query = "SELECT conversation_id, who, kind, at FROM review_reveals ORDER BY id"
        rows = connection.execute(sa.text(query)).all()
    engine.dispose()
    return [tuple(row) for row in rows]


def test_revealing_personal_data_is_logged_with_who_and_when(desk, trainer):
    session, token = trainer
    before = reveal_log(desk)
    refused = session.post(f"{desk.url}/revue/conversations/conv-resolved/afficher", timeout=10)
    assert refused.status_code == 403 and EMAIL not in refused.text  # no CSRF token
    shown = session.post(
        f"{desk.url}/revue/conversations/conv-resolved/afficher", data={"csrf": token}, timeout=15
    )
    assert shown.status_code == 200
    assert EMAIL in shown.text and "CMD-482913" in shown.text
    assert "enregistré à votre nom" in shown.text
    logged = reveal_log(desk)[len(before) :]
    assert [(r[0], r[1], r[2]) for r in logged] == [("conv-resolved", "tina", "all")]
    assert logged[0][3] is not None  # when
    # the next plain visit is masked again
    assert EMAIL not in session.get(f"{desk.url}/revue/conversations/conv-resolved", timeout=15).text


def test_one_kind_of_personal_data_can_be_shown_alone(desk, trainer):
    session, token = trainer
    before = reveal_log(desk)
    page = f"{desk.url}/revue/conversations/conv-resolved/afficher"
    shown = session.post(page, data={"csrf": token, "kind": "email"}, timeout=15)
    assert shown.status_code == 200
    assert EMAIL in shown.text
    assert "CMD-482913" not in shown.text and "[commande masquée]" in shown.text  # the order stays masked
    assert "Affichées : les adresses e-mail." in shown.text
    refused = session.post(page, data={"csrf": token, "kind": "iban"}, timeout=15)
    assert refused.status_code == 400 and "inconnue" in refused.text and EMAIL not in refused.text
    logged = [row[:3] for row in reveal_log(desk)[len(before) :]]
    assert logged == [("conv-resolved", "tina", "email")]  # the refused kind is not logged


def test_review_moves_persist(desk, trainer):
    session, token = trainer
    flagged = post(session, desk, token, "conv-handoff", "mark", {"status": "flagged"})
    assert flagged.status_code == 200, flagged.text
    tagged = post(session, desk, token, "conv-handoff", "mark", {"tags": ["colis cassé", "urgent"]})
    assert tagged.status_code == 200
    said = post(session, desk, token, "conv-handoff", "comment", {"text": "Il fallait questionner avant."})
    assert said.status_code == 200
    data = session.get(f"{desk.url}/api/revue/conversations/conv-handoff", timeout=15).json()
    assert data["mark"]["status"] == "flagged"  # the tags did not reset the status
    assert data["mark"]["tags"] == ["colis-cassé", "urgent"]
    assert [c["text"] for c in data["comments"]] == ["Il fallait questionner avant."]
    assert data["comments"][0]["who"] == "tina"
    listed = session.get(f"{desk.url}/api/revue/conversations", params={"status": "flagged"}, timeout=15)
    assert ids(listed) == ["conv-handoff"]
    assert ids(session.get(f"{desk.url}/api/revue/conversations", params={"tag": "urgent"}, timeout=15)) == [
        "conv-handoff"
    ]
    assert post(session, desk, token, "conv-handoff", "comment", {"text": "  "}).status_code == 400
    assert post(session, desk, token, "conv-handoff", "mark", {"status": "done"}).status_code == 400
    assert post(session, desk, token, "conv-handoff", "dance", {}).status_code == 404
    no_csrf = session.post(f"{desk.url}/api/revue/conversations/conv-handoff/mark", json={"status": "new"})
    assert no_csrf.status_code == 403


def test_a_correction_is_kept_and_an_unknown_intent_is_refused(desk, trainer):
    session, token = trainer
    unknown = post(session, desk, token, "conv-handoff", "correct", {"turn": 2, "intent": "order_pizza"})
    assert unknown.status_code == 400 and "Intention inconnue" in unknown.json()["error"]
    too_strong = post(session, desk, token, "conv-handoff", "correct", {"turn": 2, "intensity": "1,5"})
    assert too_strong.status_code == 400 and "entre 0 et 1" in too_strong.json()["error"]
    button = post(session, desk, token, "conv-resolved", "correct", {"turn": 3, "intent": "deny"})
    assert button.status_code == 400 and "bouton" in button.json()["error"]
    fixed = post(
        session,
        desk,
        token,
        "conv-handoff",
        "correct",
        {"turn": 2, "intent": "complain_product", "emotion": "frustration", "intensity": "0,6"},
    )
    assert fixed.status_code == 200, fixed.text
    page = session.get(f"{desk.url}/revue/conversations/conv-handoff", timeout=15).text
    assert "intention request_human → complain_product" in page
    assert "émotion colère (0,90) → frustration (0,60)" in page
    corrections = session.get(f"{desk.url}/revue/corrections.yml", timeout=15)
    assert corrections.status_code == 200
    assert corrections.headers["Content-Type"].startswith("application/yaml")
    assert corrections.headers["Content-Disposition"] == 'attachment; filename="corrections-nlu.yml"'
    nlu = yaml.safe_load(corrections.text)
    assert nlu["nlu"] == [
        {
            "intent": "complain_product",
            "examples": [
                {
                    "text": "je veux un humain tout de suite",
                    "metadata": {"emotion": "frustration", "intensity": 0.6},
                }
            ],
        }
    ]


def test_a_conversation_exports_as_test_and_training_stories(desk, trainer):
    session, _ = trainer
    before = reveal_log(desk)
    training = session.get(f"{desk.url}/revue/conversations/conv-handoff/story-entrainement.yml")
    assert training.status_code == 200
    assert reveal_log(desk) == before  # a training story has no customer's words: nothing revealed
    test = session.get(f"{desk.url}/revue/conversations/conv-resolved/story-test.yml", timeout=15)
    assert test.status_code == 200
    assert test.headers["Content-Type"].startswith("application/yaml")
    assert test.headers["Content-Disposition"] == 'attachment; filename="story-test-conv-resolved.yml"'
    story = yaml.safe_load(test.text)["stories"][0]
    assert "conv-resolved" in story["story"]
    intents = [step["intent"] for step in story["steps"] if "intent" in step]
    assert intents == ["complain_delivery", "inform", "affirm", "thank"]
    assert any(step.get("user") == "Elle devait arriver lundi" for step in story["steps"])
    training = session.get(f"{desk.url}/revue/conversations/conv-resolved/story-entrainement.yml", timeout=15)
    assert training.status_code == 200
    assert (
        training.headers["Content-Disposition"]
        == 'attachment; filename="story-entrainement-conv-resolved.yml"'
    )
    steps = yaml.safe_load(training.text)["stories"][0]["steps"]
    assert not any("user" in step for step in steps)  # no customer's words in a training story
    assert "action_propose_remedy" in [step.get("action") for step in steps]
    # the test story keeps the customer's words as written: its download is logged like a reveal
    assert [row[:3] for row in reveal_log(desk)[len(before) :]] == [("conv-resolved", "tina", "all")]
    missing = session.get(f"{desk.url}/revue/conversations/nobody-here/story-test.yml", timeout=15)
    assert missing.status_code == 404


# ---------------------------------------------------------------- the dashboard
def test_the_dashboard_shows_the_figures_of_the_last_eight_weeks_with_links(desk, trainer):
    session, _ = trainer
    figures = session.get(f"{desk.url}/api/revue/tableau-de-bord", timeout=15).json()
    assert figures["period_start"] == "2026-09-26" and figures["period_end"] == "2026-11-20"
    assert figures["conversations"] == 3
    assert figures["handoff_rate"] == pytest.approx(1 / 3, abs=1e-3)
    assert figures["handoff_reasons"] == {"request_human": 1}
    page = session.get(f"{desk.url}/revue/tableau-de-bord", timeout=15)
    assert page.status_code == 200
    assert "du 26/09/2026 au 20/11/2026" in page.text
    assert 'href="/revue?date_from=2026-09-26&amp;date_to=2026-11-20&amp;outcome=handoff"' in page.text
    assert "demande d&#39;un conseiller" in page.text  # the handoff reason, in French
    weekly = json.loads(re.search(r"data-weekly='([^']*)'", page.text).group(1))
    assert {s["label"] for s in weekly["series"]} == {"Livraison", "Produit", "Facturation"}
    assert (
        len(weekly["weeks"]) == 9 and weekly["weeks"][-1] == "sem. du 16/11 (en cours)"
    )  # Friday 20 November
    narrow = session.get(
        f"{desk.url}/api/revue/tableau-de-bord", params={"du": "2026-11-19", "au": "2026-11-19"}
    )
    assert narrow.json()["conversations"] == 1
    backwards = session.get(
        f"{desk.url}/api/revue/tableau-de-bord", params={"du": "2026-11-19", "au": "2026-11-01"}
    )
    assert backwards.status_code == 400 and "précéder" in backwards.json()["error"]


def test_the_chart_library_is_served_by_the_console_itself(desk, trainer):
    session, _ = trainer
    page = session.get(f"{desk.url}/revue/conversations/conv-resolved", timeout=15).text
    assert '<script src="/static/vendor/chart.js" defer></script>' in page
    assert "cdn" not in page.lower() and "https://" not in page
    library = session.get(f"{desk.url}/static/vendor/chart.js", timeout=15)
    assert library.status_code == 200
    assert library.headers["Content-Type"].startswith("application/javascript")
    assert "Chart.js v4" in library.text[:200]
    assert requests.get(
        f"{desk.url}/static/vendor/chart.js", allow_redirects=False, timeout=5
    ).status_code in (
        302,
        303,
    )
    script = session.get(f"{desk.url}/static/review/review.js", timeout=5)
    assert script.status_code == 200 and "new window.Chart" in script.text
