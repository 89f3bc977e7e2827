"""The bot answers French complaints through the REST webhook; bad input never breaks it."""

from __future__ import annotations

import sqlite3

import pytest
import requests

FRENCH_MARKERS = ("je ", "vous", "votre", "désolé", "merci", "bonjour", "pouvez")


def looks_french(text: str) -> bool:
    lowered = text.lower()
    return sum(marker in lowered for marker in FRENCH_MARKERS) >= 2


def test_a_french_complaint_gets_a_french_reply(chat):
    replies = chat.texts("Ma commande est en retard de deux semaines, c'est inadmissible !")
    assert replies, "the bot said nothing"
    assert looks_french(" ".join(replies)), replies


def test_parse_recognises_the_complaint_and_its_entities(servers):
    response = requests.post(
        f"{servers.rasa_url}/model/parse",
        params={"token": servers.rasa_token},
        json={"text": "ma commande CMD-482913 n'est toujours pas arrivée, je l'attends depuis le 3 novembre"},
        timeout=30,
    )
    assert response.status_code == 200
    result = response.json()
    assert result["intent"]["name"] == "complain_delivery"
    # span entities; the facts and categories entities carry lists and dicts
    entities = {(e["entity"], e["value"]) for e in result["entities"] if isinstance(e["value"], str)}
    assert ("order_id", "CMD-482913") in entities
    assert ("date", "3 novembre") in entities


def test_conversations_are_stored_in_the_sql_tracker_store(chat, servers):
    chat.texts("bonjour")
    database = servers.tracker_store_url.removeprefix("sqlite:///")
    with sqlite3.connect(database) as connection:
        rows = connection.execute(
            "SELECT count(*) FROM events WHERE sender_id = ? AND type_name = 'user'", (chat.sender,)
        ).fetchone()
    assert rows[0] == 1


@pytest.mark.parametrize(
    "message",
    ["", "   ", "😡😡😡", "🙏", "a" * 10_000, "Ma commande est en retard. " * 400, "\x00\x07\u200b"],
    ids=["empty", "whitespace", "angry-emojis", "one-emoji", "10k-letters", "10k-sentences", "control-chars"],
)
def test_bad_input_gets_a_polite_french_answer(chat, message):
    response = requests.post(
        f"{chat.config.rasa_url}/webhooks/rest/webhook",
        json={"sender": chat.sender, "message": message},
        timeout=120,
    )
    assert response.status_code == 200, response.text
    replies = [m.get("text", "") for m in response.json()]
    assert replies, f"no answer to {message[:20]!r}"
    assert looks_french(" ".join(replies)), replies


@pytest.mark.parametrize(
    "body",
    ['{"sender": "x"', "pas du json", '{"sender": "x", "message": 42}', '["liste"]'],
    ids=["truncated-json", "not-json", "message-not-text", "json-list"],
)
def test_malformed_requests_get_a_clean_4xx(servers, body):
    response = requests.post(
        f"{servers.rasa_url}/webhooks/rest/webhook",
        data=body,
        headers={"Content-Type": "application/json"},
        timeout=30,
    )
    assert 400 <= response.status_code < 500, (response.status_code, response.text[:200])
