"""Intents and payloads that mean something only at one step, sent at the wrong one: a sensible
French answer, never a crash, and nothing stored that the step did not ask for."""

import re

import pytest

from tests.e2e.conftest import Chat

OPENING = (
    "Bonjour, la lampe de la commande CMD-733810 est arrivée hier avec le pied tout rayé, quelle déception."
)
FRENCH = re.compile(r"[a-zA-Zéèàù]{3,}")


@pytest.mark.parametrize(
    "payload",
    ['/inform{"csat":"abc"}', '/rate{"csat":"9"}', "/affirm", "/deny", '/rate{"csat":"4"}'],
)
def test_a_payload_out_of_place_gets_an_answer_and_stores_nothing(chat: Chat, payload):
    replies = chat.texts(payload)  # before any complaint
    assert replies and all(FRENCH.search(text) for text in replies)
    assert chat.tracker()["slots"]["csat"] is None


def test_a_rating_in_the_middle_of_the_questions_is_not_taken_as_an_answer(chat: Chat):
    chat.texts(OPENING)
    asked = chat.tracker()["slots"]["requested_slot"]
    assert asked is not None
    replies = chat.texts('/rate{"csat":"abc"}')
    assert replies and all(FRENCH.search(text) for text in replies)
    slots = chat.tracker()["slots"]
    assert slots["csat"] is None
    assert slots[asked] is None  # nothing conversational validated as an order number or an e-mail
    assert slots["complaint_category"] is not None  # the complaint is kept
