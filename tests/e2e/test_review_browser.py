"""The trainers' review desk in a real browser (Debian's Chromium, headless), over a
conversation driven through the real Rasa and action servers: a trainer signs in, filters the
list, opens the conversation with its emotion chart, corrects a label and exports a test story.

With ``REVIEW_SCREENSHOT`` set, the conversation page is saved to docs/review-conversation.png
(the README's screenshot)."""

from __future__ import annotations

import itertools
import os
import re
from datetime import datetime, timedelta
from pathlib import Path

import pytest
import requests
import yaml
from playwright.sync_api import expect

from console.accounts import Accounts
from litige.clock import PARIS
from litige.tickets.store import TicketStore

ROOT = Path(__file__).resolve().parents[2]
SCREENSHOT = ROOT / "docs" / "review-conversation.png"
PASSWORD = "un-mot-de-passe-solide"
_logins = itertools.count(1)

OPENING = (
    "Bonjour, ma commande CMD-482913 n'est jamais arrivée alors que le suivi la dit livrée "
    "depuis lundi, c'était le cadeau d'anniversaire de ma fille et je suis vraiment furieuse."
)


@pytest.fixture
def trainer(servers):
    """A fresh trainer account in the stack's database: its login."""
    login = f"tina{next(_logins)}"
    store = TicketStore(servers.ticket_db_url)
    store.migrate()
    Accounts(store).create(login, "Tina", PASSWORD, role="trainer")
    return login


def canvas_has_ink(page, selector: str) -> bool:
    """Some pixel of the canvas is painted (Chart.js drew the line and its points)."""
    return page.eval_on_selector(
        selector,
        """canvas => {
            const { width, height } = canvas;
            if (!width || !height) return false;
            const pixels = canvas.getContext("2d").getImageData(0, 0, width, height).data;
            for (let i = 3; i < pixels.length; i += 4) if (pixels[i] > 0) return true;
            return false;
        }""",
    )


def test_a_trainer_reviews_a_real_conversation_in_the_browser(browser, servers, chat, trainer, tmp_path):
    chat.texts(OPENING)
    chat.texts("Je l'attendais pour samedi, c'est vraiment inadmissible.")

    context = browser.new_context(
        locale="fr-FR", viewport={"width": 1400, "height": 1000}, accept_downloads=True
    )
    blocked = []

    def complain(kind: str, text: str, url: str) -> None:
        if kind == "error" and not (url or "").endswith("/favicon.ico"):  # the browser's own icon
            blocked.append(f"{text} ({url})")

    try:
        page = context.new_page()
        page.goto(f"{servers.console_url}/revue")
        expect(page).to_have_url(re.compile("/connexion$"))
        page.fill("input[name=login]", trainer)
        page.fill("input[name=password]", PASSWORD)
        page.click("button[type=submit]")
        page.wait_for_load_state()
        expect(page).to_have_url(re.compile("/revue$"))  # a trainer lands on the desk
        page.on("console", lambda message: complain(message.type, message.text, message.location.get("url")))

        # from the dashboard to the delivery complaints of the period, in two clicks
        page.click("header >> text=Tableau de bord")
        expect(page.locator("h1")).to_have_text("Tableau de bord de la revue")
        # the stack's clock is frozen in November, the conversation was held today: its week
        held = datetime.now(PARIS).date()
        page.fill("input[name=du]", (held - timedelta(days=7)).isoformat())
        page.fill("input[name=au]", held.isoformat())
        page.click("text=Afficher la période")
        page.locator("section.panel", has_text="Types de réclamation").get_by_role(
            "link", name="Livraison"
        ).click()
        expect(page).to_have_url(re.compile(r"category=delivery"))
        expect(page.locator(f'#conversations tr[data-conversation="{chat.sender}"]')).to_be_visible()
        page.goto(f"{servers.console_url}/revue")

        # filter the list: the delivery complaints that started in anger
        page.select_option("select[name=category]", "delivery")
        page.select_option("select[name=emotion_start]", "anger")
        page.click("#filters button[type=submit]")
        expect(page).to_have_url(re.compile(r"category=delivery"))
        row = page.locator(f'#conversations tr[data-conversation="{chat.sender}"]')
        expect(row).to_be_visible(timeout=15_000)
        expect(row).to_contain_text("Livraison")
        page.select_option("select[name=category]", "billing")
        page.click("#filters button[type=submit]")
        expect(page.locator(f'#conversations tr[data-conversation="{chat.sender}"]')).to_have_count(0)
        page.go_back()

        # the conversation page, with its chart drawn by Chart.js
        page.locator(f'#conversations tr[data-conversation="{chat.sender}"] a', has_text="Ouvrir").click()
        expect(page.locator("h1")).to_contain_text("Conversation du")
        expect(page.locator("#emotion-chart")).to_have_attribute("data-drawn", "2", timeout=10_000)
        assert canvas_has_ink(page, "#emotion-chart")
        expect(page.locator("#chart-text")).to_contain_text("Émotion du client sur 2 messages")
        expect(page.locator("#tour-1 .said")).to_contain_text("[commande masquée]")
        expect(page.locator("#tour-1 .said")).not_to_contain_text("CMD-482913")
        if os.environ.get("REVIEW_SCREENSHOT"):
            page.screenshot(path=str(SCREENSHOT), full_page=True)

        # correct the first message's emotion in place
        page.locator("#tour-1 details.correct summary").click()
        form = page.locator("#tour-1 form.correction")
        form.locator("select[name=emotion]").select_option("frustration")
        form.locator("input[name=intensity]").fill("0.6")
        form.locator("button[type=submit]").click()
        expect(page.locator("#tour-1 .corrected")).to_have_text("Correction enregistrée.", timeout=10_000)
        expect(page.locator("#tour-1 .emotion")).to_have_text("frustration (0,60)")
        page.reload()
        expect(page.locator("#tour-1 .corrected")).to_contain_text("frustration (0,60)")

        # export the conversation as a test story
        with page.expect_download() as waiting:
            page.click("#export-test")
        download = waiting.value
        assert download.suggested_filename == f"story-test-{chat.sender}.yml"
        saved = tmp_path / download.suggested_filename
        download.save_as(saved)
        story = yaml.safe_load(saved.read_text(encoding="utf-8"))["stories"][0]
        assert chat.sender in story["story"]
        assert [step["user"] for step in story["steps"] if "user" in step][0] == OPENING
        assert blocked == [], "\n".join(blocked)  # no script refused by the CSP, no failed request
    finally:
        context.close()

    # the correction is in the NLU download, for the trainer only
    http = requests.Session()
    form = http.get(f"{servers.console_url}/connexion", timeout=10)
    csrf = re.search(r'name="csrf" value="([^"]+)"', form.text).group(1)
    http.post(
        f"{servers.console_url}/connexion",
        data={"login": trainer, "password": PASSWORD, "csrf": csrf},
        allow_redirects=False,
        timeout=15,
    )
    nlu = yaml.safe_load(http.get(f"{servers.console_url}/revue/corrections.yml", timeout=15).text)
    examples = [example for group in nlu["nlu"] for example in group["examples"]]
    masked = OPENING.replace("CMD-482913", "[commande masquée]")  # no personal data in training files
    assert {"text": masked, "metadata": {"emotion": "frustration", "intensity": 0.6}} in examples
