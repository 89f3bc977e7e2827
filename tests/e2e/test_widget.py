"""The customer's website widget (rasa-webchat) in a real browser: Debian's Chromium,
headless, through the real Rasa and action servers and the demo page."""

from __future__ import annotations

import queue
import re
from pathlib import Path
from urllib.parse import urlsplit

import pytest
import requests
import socketio
from playwright.sync_api import expect

ROOT = Path(__file__).resolve().parents[2]
SCREENSHOTS = ROOT / "screenshots"  # git-ignored, for humans to look at
REFERENCE = re.compile(r"LIT-\d{4}-\d{6}")
SESSION_TOKEN = re.compile(r"(web-[0-9a-f]{32})\.[A-Za-z0-9_-]{43}")  # litige/widget_session.py


class Widget:
    """A customer in front of the demo page."""

    def __init__(self, page, url: str):
        self.page = page
        self.requests = []
        self.blocked = []
        page.on("request", lambda request: self.requests.append(request.url))
        page.on("requestfailed", lambda request: self.blocked.append((request.url, request.failure)))
        page.goto(url)
        page.locator(".rw-conversation-container").wait_for()  # opened on the first visit

    @property
    def messages(self):
        return self.page.locator(".rw-message")

    def texts(self):
        return [text.strip() for text in self.messages.all_inner_texts()]

    def bot_texts(self):
        return [t.strip() for t in self.page.locator(".rw-response").all_inner_texts()]

    def wait_for_answer(self, before: int, timeout: float = 30_000) -> str:
        """Waits until the bot has answered (a new message after ours) and has finished
        (no new message for 3 s: the widget shows long answers bubble by bubble, with a
        typing indicator); returns the text of the bot's answer."""
        self.messages.nth(before + 1).wait_for(timeout=timeout)
        stable, count = 0, self.messages.count()
        while stable < 6:
            self.page.wait_for_timeout(500)
            now = self.messages.count()
            stable, count = (stable + 1, count) if now == count else (0, now)
        return "\n".join(self.texts()[before + 1 :])

    def stored_session(self) -> str:
        """The session id rasa-webchat keeps in the page's localStorage (the server's token)."""
        return self.page.evaluate("JSON.parse(localStorage.getItem('chat_session') || '{}').session_id || ''")

    def say(self, text: str) -> str:
        before = self.messages.count()
        self.page.locator(".rw-new-message").fill(text)
        self.page.keyboard.press("Enter")
        return self.wait_for_answer(before)

    def click(self, title: str) -> str:
        before = self.messages.count()
        self.page.locator(".rw-reply", has_text=title).last.click()
        return self.wait_for_answer(before)


@pytest.fixture
def widget(browser, servers):
    context = browser.new_context(locale="fr-FR", viewport={"width": 1280, "height": 900})
    yield Widget(context.new_page(), servers.web_url)
    context.close()


def test_the_page_is_french_and_the_widget_opens_on_a_welcome_message(widget):
    page = widget.page
    expect(page).to_have_title(re.compile("Maison Lumière"))
    assert page.locator("html").get_attribute("lang") == "fr"
    expect(page.locator(".rw-title")).to_have_text("Service client Maison Lumière")
    expect(page.locator(".rw-header")).to_contain_text("Un souci ? Je vous écoute.")
    assert page.locator(".rw-new-message").get_attribute("placeholder") == "Écrivez votre message…"
    expect(widget.messages.first).to_contain_text(re.compile("Bonjour|bienvenue"))


def test_the_page_needs_no_internet(widget):
    """Everything comes from the local server: no CDN, no web font, not even a blocked
    attempt (the bundle's Google Fonts import is dropped when it is served)."""
    widget.say("bonjour")
    outside = [
        url for url in widget.requests if url.startswith("http") and urlsplit(url).hostname != "127.0.0.1"
    ]
    assert outside == []
    assert widget.blocked == []
    assert any(url.endswith("/static/rasa-webchat.js") for url in widget.requests)


def test_a_customer_reaches_the_closure_by_clicking(widget):
    page = widget.page
    widget.messages.first.wait_for()
    attention = widget.say(
        "Toujours pas de trace de mon paquet alors qu'il devait être là lundi, c'est honteux"
    )
    assert re.search("excuses|désolé", attention), attention
    assert "CMD" in widget.say("C'est un service à raclette pour les fêtes, je le voulais avant le 20.")
    assert "bonne solution" in widget.say("cmd 5520931")
    assert "e-mail" in widget.say("qu'on me l'envoie au plus vite")
    reformulation = widget.say("helene.perrin@orange.fr")
    assert re.search(r"Si je (comprends|résume) bien", reformulation), reformulation
    proposal = widget.click("Oui, c'est bien ça")
    assert "Est-ce que cela vous convient si" in proposal and "mardi 24 novembre" in proposal
    expect(page.locator(".rw-message strong", has_text="mardi 24 novembre").last).to_be_visible()
    expect(page.locator(".rw-reply", has_text="Oui, ça me convient")).to_be_visible()
    SCREENSHOTS.mkdir(exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / "widget-proposal.png"))
    closure = widget.click("Oui, ça me convient")
    reference = REFERENCE.search(closure)
    assert reference, closure
    expect(page.locator(".rw-message strong", has_text=reference.group(0))).to_be_visible()
    thanks = widget.click("5")
    expect(page.locator(".rw-client").last).to_have_text("5")  # the customer's choice, as their message
    assert "Merci" in thanks and "autre chose" in thanks


def test_the_conversation_survives_a_reload_and_a_change_of_page(widget):
    page = widget.page
    widget.messages.first.wait_for()
    widget.say("Le paquet n'arrive pas et j'ai peur qu'il soit perdu, c'était un cadeau")
    asked = widget.say("Sur le site du transporteur il est noté remis en boîte aux lettres, elle est vide.")
    assert "CMD" in asked
    before = widget.texts()
    page.reload()
    page.locator(".rw-conversation-container").wait_for()
    expect(widget.messages).to_have_count(len(before))
    assert widget.texts() == before  # the history is kept
    page.get_by_role("link", name="Mes commandes").click()  # another page of the shop
    expect(page).to_have_url(re.compile("commandes.html"))
    page.locator(".rw-conversation-container").wait_for()
    expect(widget.messages).to_have_count(len(before))
    assert widget.texts() == before
    assert "bonne solution" in widget.say("CMD-7734120")  # and the form goes on where it was


def test_two_customers_chat_at_the_same_time_without_seeing_each_other(browser, servers):
    first_context = browser.new_context(locale="fr-FR")
    second_context = browser.new_context(locale="fr-FR")
    try:
        alice = Widget(first_context.new_page(), servers.web_url)
        bruno = Widget(second_context.new_page(), servers.web_url)
        alice.messages.first.wait_for()
        bruno.messages.first.wait_for()
        alice.say(
            "On m'a prélevé deux fois les frais de port sur la commande CMD-1111111, je veux comprendre"
        )
        bruno.say(
            "Rendez-vous d'installation de la fibre mardi, le technicien n'est pas venu "
            "et j'avais posé ma journée"
        )
        alice_text, bruno_text = "\n".join(alice.texts()), "\n".join(bruno.texts())
        assert "technicien" not in alice_text and "CMD-1111111" not in bruno_text
        # each one's bot answer names that customer's own problem
        alice_bot, bruno_bot = "\n".join(alice.bot_texts()), "\n".join(bruno.bot_texts())
        assert "double prélèvement" in alice_bot, alice_bot
        assert "rendez-vous manqué par le technicien" in bruno_bot, bruno_bot
    finally:
        first_context.close()
        second_context.close()


def _tracker_events(servers, conversation: str):
    response = requests.get(
        f"{servers.rasa_url}/conversations/{conversation}/tracker",
        params={"token": servers.rasa_token},
        timeout=30,
    )
    assert response.status_code == 200
    return [event for event in response.json()["events"] if event["event"] == "user"]


def test_the_widget_keeps_a_server_token_and_a_copied_conversation_id_opens_nothing(browser, servers):
    """The page keeps the token the server signed; someone who copies the conversation id
    (what the console and the tickets show) gets a conversation of their own and cannot
    write into the customer's."""
    context = browser.new_context(locale="fr-FR")
    try:
        customer = Widget(context.new_page(), servers.web_url)
        customer.messages.first.wait_for()
        customer.say("Ma commande CMD-2468013 n'est jamais arrivée")
        token = SESSION_TOKEN.fullmatch(customer.stored_session())
        assert token, customer.stored_session()
        conversation = token.group(1)
        assert any("CMD-2468013" in (e.get("text") or "") for e in _tracker_events(servers, conversation))
        # a stranger who copied the conversation id (not the token) offers it on their own socket
        stranger, answers, confirmed = socketio.Client(reconnection=False), queue.Queue(), queue.Queue()
        stranger.on("bot_uttered", answers.put)
        stranger.on("session_confirm", confirmed.put)
        stranger.connect(
            servers.rasa_url, transports=["polling"], socketio_path="/socket.io", wait_timeout=20
        )
        try:
            stranger.emit("session_request", {"session_id": conversation})
            theirs = SESSION_TOKEN.fullmatch(confirmed.get(timeout=20))
            assert theirs and theirs.group(1) != conversation  # a conversation of their own
            stranger.emit(
                "user_uttered", {"message": "quel est le statut de ma commande ?", "session_id": conversation}
            )
            assert "rechargez la page" in answers.get(timeout=20)["text"]  # refused, in French
        finally:
            stranger.disconnect()
        assert not any("statut" in (e.get("text") or "") for e in _tracker_events(servers, conversation))
        assert "statut" not in "\n".join(customer.texts())
    finally:
        context.close()


def test_the_socket_only_accepts_the_configured_origins(servers):
    url = f"{servers.rasa_url}/socket.io/?EIO=4&transport=polling"
    allowed = requests.get(url, headers={"Origin": servers.web_url}, timeout=10)
    assert allowed.status_code == 200
    assert allowed.headers.get("Access-Control-Allow-Origin") == servers.web_url
    refused = requests.get(url, headers={"Origin": "http://evil.example"}, timeout=10)
    assert refused.status_code == 400
