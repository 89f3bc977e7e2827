"""The human handoff end to end, through the real Rasa, action server and advisors' console:
the brief of a conversation driven through the bot, the bot's silence while an advisor holds
it, the advisor's messages in the tracker, the way back to the bot; then the same in two real
browser pages (the customer's widget, the advisor's console)."""

from __future__ import annotations

import itertools
import re
from datetime import date, timedelta
from pathlib import Path

import pytest
import requests
from playwright.sync_api import expect

from console.accounts import Accounts
from litige.tickets.store import TicketStore
from tests.e2e.test_widget import Widget

ROOT = Path(__file__).resolve().parents[2]
SCREENSHOTS = ROOT / "screenshots"
REFERENCE = re.compile(r"LIT-\d{4}-\d{6}")
PASSWORD = "un-mot-de-passe-solide"
_logins = itertools.count(1)


@pytest.fixture
def advisor(servers):
    """A fresh advisor account in the stack's database: (login, first name)."""
    login = f"julie{next(_logins)}"
    store = TicketStore(servers.ticket_db_url)
    store.migrate()
    Accounts(store).create(login, "Julie", PASSWORD)
    return login


class Console:
    """An advisor using the console's API, as its page's script does."""

    def __init__(self, servers, login):
        self.url = servers.console_url
        self.http = requests.Session()
        form = self.http.get(f"{self.url}/connexion", timeout=10)
        csrf = re.search(r'name="csrf" value="([^"]+)"', form.text).group(1)
        signed = self.http.post(
            f"{self.url}/connexion",
            data={"login": login, "password": PASSWORD, "csrf": csrf},
            allow_redirects=False,
            timeout=15,
        )
        assert signed.status_code == 303, signed.text
        page = self.http.get(f"{self.url}/", timeout=10)
        self.csrf = re.search(r'<meta name="csrf" content="([^"]+)">', page.text).group(1)

    def queue(self):
        return self.http.get(f"{self.url}/api/queue", timeout=15).json()["queue"]

    def brief(self, conversation_id):
        answer = self.http.get(f"{self.url}/api/conversations/{conversation_id}", timeout=30)
        assert answer.status_code == 200, answer.text
        return answer.json()

    def move(self, conversation_id, name, **body):
        answer = self.http.post(
            f"{self.url}/api/conversations/{conversation_id}/{name}",
            json=body,
            headers={"X-CSRF-Token": self.csrf},
            timeout=60,
        )
        assert answer.status_code == 200, answer.text
        return answer


def bot_events_while_held(events):
    """The bot messages recorded between the pause and the resume that are not the advisor's."""
    held, spoken = False, []
    for event in events:
        if event["event"] == "pause":
            held = True
        elif event["event"] == "resume":
            held = False
        elif held and event["event"] == "bot" and "advisor" not in (event.get("metadata") or {}):
            spoken.append(event.get("text"))
    return spoken


OPENING = (
    "Bonjour, ma commande CMD-482913 n'est jamais arrivée alors que le suivi la dit livrée "
    "depuis lundi, c'était le cadeau d'anniversaire de ma fille et je suis vraiment furieuse."
)


def test_the_brief_holds_what_the_bot_learned_and_the_bot_is_silent_while_an_advisor_holds_it(
    chat, servers, advisor
):
    chat.texts(OPENING)
    handoff = " ".join(chat.texts("Je veux parler à un conseiller, pas à un robot."))
    reference = REFERENCE.search(handoff).group(0)
    console = Console(servers, advisor)
    assert chat.sender in [item["conversation_id"] for item in console.queue()]

    packet = console.brief(chat.sender)
    brief = packet["brief"]
    assert brief["reference"] == reference
    assert brief["category_label"] == "Livraison"
    assert brief["handoff_reason"] == "request_human"
    assert any("CMD-482913" in words for words in brief["customer_words"])
    assert brief["emotions"] and brief["current_emotion"]["emotion"]
    assert [turn["who"] for turn in brief["transcript"]][:2] == ["customer", "bot"]
    assert "<svg" in packet["chart"] and len(packet["suggestions"]) >= 2

    console.move(chat.sender, "take")
    assert chat.say("/affirm") == []  # a button click: no bot reply
    assert chat.say("Vous êtes là ? C'est inadmissible !") == []
    console.move(chat.sender, "reply", text="Je suis là : je regarde votre colis tout de suite.")
    events = chat.tracker()["events"]
    assert bot_events_while_held(events) == [], "the bot spoke while the advisor held the conversation"
    customer_while_held = [e for e in events if e["event"] == "user"][-2:]
    assert [e["text"] for e in customer_while_held][1] == "Vous êtes là ? C'est inadmissible !"
    assert customer_while_held[1]["parse_data"]["emotion"]["name"]  # still measured
    advisor_says = [e for e in events if (e.get("metadata") or {}).get("advisor")]
    assert advisor_says[-1]["metadata"]["advisor"]["first_name"] == "Julie"
    assert advisor_says[-1]["text"].endswith("je regarde votre colis tout de suite.")
    assert console.brief(chat.sender)["brief"]["transcript"][-1]["who"] == "advisor"

    due = (date.fromisoformat("2026-11-20") + timedelta(days=4)).isoformat()
    console.move(chat.sender, "hand-back", category="delivery", remedy="reshipment", due_date=due)
    tracker = chat.tracker()
    said_after = [e["text"] for e in tracker["events"] if e["event"] == "bot"][-3:]
    assert any(reference in (text or "") for text in said_after), said_after
    assert "mardi 24 novembre" in " ".join(filter(None, said_after))
    assert tracker["slots"]["waltz_step"] == "closure" and not tracker["paused"]
    thanks = " ".join(chat.texts("5"))
    assert "merci" in thanks.lower()
    assert TicketStore(servers.ticket_db_url).get(reference)["csat"] == 5


def test_an_advisor_takes_over_live_in_the_console_and_hands_back(browser, servers, advisor):
    customer_context = browser.new_context(locale="fr-FR", viewport={"width": 1100, "height": 900})
    advisor_context = browser.new_context(locale="fr-FR", viewport={"width": 1400, "height": 1000})
    try:
        widget = Widget(customer_context.new_page(), servers.web_url)
        widget.say(OPENING)
        handoff = widget.say("Je veux parler à un conseiller s'il vous plaît.")
        reference = REFERENCE.search(handoff).group(0)

        page = advisor_context.new_page()
        page.goto(f"{servers.console_url}/")
        expect(page).to_have_url(re.compile("/connexion$"))
        page.fill("input[name=login]", advisor)
        page.fill("input[name=password]", PASSWORD)
        page.click("button[type=submit]")
        row = page.locator("#queue tbody tr", has_text=reference)
        expect(row).to_be_visible(timeout=15_000)
        row.locator("a", has_text="Ouvrir").click()
        expect(page.locator("#brief")).to_contain_text(reference, timeout=15_000)
        expect(page.locator("#brief")).to_contain_text("Livraison")
        expect(page.locator("#chart svg")).to_be_visible()

        page.click("#take")
        expect(page.locator("#held")).to_be_visible(timeout=15_000)
        expect(page.locator("#suggestions .suggestion").first).to_be_visible()
        expect(widget.page.locator(".rw-response").last).to_contain_text("Julie", timeout=10_000)

        page.fill("#reply", "Bonjour, je m'occupe de votre colis personnellement.")
        page.click("#send")
        expect(widget.page.locator(".rw-response").last).to_contain_text(
            "je m'occupe de votre colis personnellement", timeout=5_000
        )
        expect(widget.page.locator(".rw-response").last).to_contain_text("Julie")
        widget.page.reload()  # the advisor's words stay in the widget's history
        widget.page.locator(".rw-conversation-container").wait_for()
        expect(widget.page.locator(".rw-conversation-container")).to_contain_text(
            "je m'occupe de votre colis personnellement"
        )
        widget.page.locator(".rw-new-message").fill("Merci, un renvoi en express me conviendrait.")
        widget.page.keyboard.press("Enter")
        expect(page.locator("#transcript")).to_contain_text("un renvoi en express", timeout=10_000)
        SCREENSHOTS.mkdir(exist_ok=True)
        page.screenshot(path=str(SCREENSHOTS / "console-brief.png"), full_page=True)

        page.select_option("#hb-category", "delivery")
        page.select_option("#hb-remedy", "reshipment")
        page.fill("#hb-date", "2026-11-24")
        page.click("#hand-back")
        expect(widget.page.locator(".rw-conversation-container")).to_contain_text(
            "mardi 24 novembre", timeout=15_000
        )
        expect(widget.page.locator(".rw-conversation-container")).to_contain_text(reference)
        expect(widget.page.locator(".rw-reply", has_text="5")).to_be_visible()  # the rating question

        conversation_id = page.locator("#conversation").get_attribute("data-conversation")
        events = requests.get(
            f"{servers.rasa_url}/conversations/{conversation_id}/tracker",
            params={"token": servers.rasa_token},
            timeout=30,
        ).json()["events"]
        assert any(e["event"] == "pause" for e in events) and any(e["event"] == "resume" for e in events)
        assert bot_events_while_held(events) == []
    finally:
        customer_context.close()
        advisor_context.close()
