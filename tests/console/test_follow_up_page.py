"""The page an e-mailed follow-up links to: public, one click, a GET changes nothing."""

from datetime import date

import requests

from litige.tickets.follow_ups import FollowUps
from litige.tickets.store import TicketStore
from tests.litige.tickets.test_store import agreed


def emailed(console, conversation_id, token):
    store = TicketStore(console.db)
    ticket = store.save_complaint(agreed(conversation_id=conversation_id))
    follow_ups = FollowUps(store)
    [row] = [r for r in follow_ups.deliverable(date(2026, 11, 25)) if r["conversation_id"] == conversation_id]
    follow_ups.claim(row["id"])
    follow_ups.set_answer_token(row["id"], token)
    follow_ups.delivered(row["id"], "email")
    return store, ticket.reference


def test_the_customer_answers_in_one_click_without_signing_in(console):
    store, reference = emailed(console, "conv-mail-oui", "jeton-de-suivi-oui-0123456789")
    url = f"{console.url}/suivi/jeton-de-suivi-oui-0123456789"
    page = requests.get(url, timeout=5)
    assert page.status_code == 200 and reference in page.text and "mardi 24 novembre" in page.text
    assert "Oui, c'est réglé" in page.text
    requests.get(url, timeout=5)  # a mail scanner opening the link twice answers nothing
    assert store.get(reference).status == "open"
    done = requests.post(url, data={"reponse": "oui"}, timeout=5)
    assert done.status_code == 200 and "clos" in done.text
    ticket = store.get(reference)
    assert ticket.status == "resolved" and ticket["follow_ups"][0]["answer"] == "yes"
    assert ticket["history"][-1]["actor"] == "client (e-mail)"
    again = requests.post(url, data={"reponse": "non"}, timeout=5)  # a second click changes nothing
    assert "déjà enregistrée" in again.text and store.get(reference).status == "resolved"


def test_not_solved_reopens_the_ticket_at_high_priority(console):
    store, reference = emailed(console, "conv-mail-non", "jeton-de-suivi-non-0123456789")
    done = requests.post(
        f"{console.url}/suivi/jeton-de-suivi-non-0123456789", data={"reponse": "non"}, timeout=5
    )
    assert done.status_code == 200 and "rouvert en priorité haute" in done.text
    ticket = store.get(reference)
    assert (ticket.status, ticket.priority, ticket["follow_ups"][0]["answer"]) == ("open", "high", "no")


def test_bad_links_and_answers_get_a_clear_french_page(console):
    unknown = requests.get(f"{console.url}/suivi/ce-jeton-n-existe-pas-du-tout", timeout=5)
    assert unknown.status_code == 404 and "n'est pas (ou plus) valable" in unknown.text
    malformed = requests.get(f"{console.url}/suivi/%3Cscript%3E", timeout=5)
    assert malformed.status_code == 404 and "<script>" not in malformed.text
    store, reference = emailed(console, "conv-mail-bad", "jeton-de-suivi-bad-0123456789")
    wrong = requests.post(
        f"{console.url}/suivi/jeton-de-suivi-bad-0123456789", data={"reponse": "peut-être"}, timeout=5
    )
    assert wrong.status_code == 400 and "Choisissez" in wrong.text
    assert store.get(reference).status == "open"
