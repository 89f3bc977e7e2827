"""channels/retried_message.py: a message a REST client sends again with its message_id is
answered from the stored conversation and never handled twice; through the real REST channel
and the trained model, on the SQLite store of ``make run``."""

from __future__ import annotations

import asyncio

import aiohttp
import pytest
from rasa.core.agent import load_agent
from rasa.core.utils import AvailableEndpoints
from rasa.shared.core.events import ActionExecuted, BotUttered, SlotSet, UserUttered
from rasa.utils.endpoints import EndpointConfig

from channels.rest import FrenchRestInput
from channels.retried_message import client_message_id, stored_answers
from tests.channels.rasa_server import rasa_server
from tests.stores.tcp_gate import free_port

STRICT = "stores.tracker_store.StrictSQLTrackerStore"

# --- the stored answers, from events --------------------------------------------------------------


def turn(message_id: str, text: str, *answers: str) -> list:
    events = [UserUttered(text, message_id=message_id), SlotSet("waltz_step", "attention")]
    for answer in answers:
        buttons = [{"title": "Oui", "payload": "/affirm"}]
        events += [ActionExecuted("utter_x"), BotUttered(answer, {"buttons": buttons})]
    return events + [ActionExecuted("action_listen")]


EVENTS = (
    turn("client:m1", "Bonjour", "Bonjour, je vous écoute.")
    + turn("client:m2", "Mon colis est en retard", "Je suis désolé.", "Depuis quand l'attendez-vous ?")
    + turn("c0ffee", "Depuis lundi")
)


def test_the_answers_to_a_stored_message_are_its_bot_messages_in_order():
    answers = stored_answers(EVENTS, "client:m2", "Mon colis est en retard")
    assert [a["text"] for a in answers] == ["Je suis désolé.", "Depuis quand l'attendez-vous ?"]
    assert answers[0]["buttons"] == [{"title": "Oui", "payload": "/affirm"}]  # as Rasa sent them


def test_a_message_answered_by_nothing_is_still_a_stored_message():
    assert stored_answers(EVENTS, "c0ffee", "Depuis lundi") == []


def test_an_unknown_id_or_another_text_under_the_same_id_is_not_a_stored_message():
    assert stored_answers(EVENTS, "client:m3", "Mon colis est en retard") is None
    assert stored_answers(EVENTS, "client:m2", "Autre chose") is None


def test_an_id_used_again_for_another_message_answers_with_the_last_one():
    events = EVENTS + turn("client:m1", "Bonjour", "Re-bonjour !")
    assert [a["text"] for a in stored_answers(events, "client:m1", "Bonjour")] == ["Re-bonjour !"]


# --- through the REST channel and the trained model ----------------------------------------------


@pytest.fixture(scope="module")
def agent(trained_model, tmp_path_factory):
    database = tmp_path_factory.mktemp("retried") / "tracker.db"
    endpoints = AvailableEndpoints(
        tracker_store=EndpointConfig(url=f"sqlite:///{database}", type=STRICT),
        action=EndpointConfig(url=f"http://127.0.0.1:{free_port()}/webhook"),  # nothing listens
    )
    loaded = asyncio.run(load_agent(model_path=str(trained_model), endpoints=endpoints))
    assert loaded.is_ready()
    return loaded


async def post(session, base: str, body: dict):
    async with session.post(f"{base}/webhooks/rest/webhook", json=body) as answer:
        return answer.status, await answer.json(content_type=None)


async def test_a_message_sent_again_gets_the_same_answers_and_is_stored_once(agent, monkeypatch):
    monkeypatch.setenv("REST_RATE_LIMIT", "off")
    sender = "retry-client-1"
    first_text = "Bonjour, ma commande CMD-5550123 n'est jamais arrivée et je suis vraiment en colère"
    said = {"sender": sender, "message": first_text}
    async with rasa_server(agent, [FrenchRestInput()]) as base:
        async with aiohttp.ClientSession() as session:
            status, first = await post(session, base, {**said, "message_id": "a-1"})
            assert status == 200 and first
            status, again = await post(session, base, {**said, "message_id": "a-1"})
            assert status == 200
            assert again == first
            # the same words under a new id: a new message, handled
            status, second = await post(session, base, {**said, "message_id": "a-2"})
            assert status == 200 and second
            # without an id, as before
            status, third = await post(session, base, {"sender": sender, "message": "Vous êtes là ?"})
            assert status == 200 and third

    tracker = await agent.tracker_store.retrieve(sender)
    users = [e for e in tracker.events if isinstance(e, UserUttered)]
    assert [e.text for e in users] == [first_text, first_text, "Vous êtes là ?"]
    assert [e.message_id for e in users[:2]] == [client_message_id("a-1"), client_message_id("a-2")]
    assert len(users[2].message_id) == 32  # Rasa's own id


@pytest.mark.parametrize("message_id", ["", "é-accent", "a" * 65, 42, ["a-1"], "a b"])
async def test_a_bad_message_id_gets_a_french_400_and_reaches_no_bot(agent, monkeypatch, message_id):
    monkeypatch.setenv("REST_RATE_LIMIT", "off")
    sender = "retry-client-bad"
    async with rasa_server(agent, [FrenchRestInput()]) as base:
        async with aiohttp.ClientSession() as session:
            body = {"sender": sender, "message": "Bonjour", "message_id": message_id}
            async with session.post(f"{base}/webhooks/rest/webhook", json=body) as answer:
                status, body = answer.status, await answer.json()
    assert status == 400
    assert "message_id" in body["message"] and "64 caractères au plus" in body["message"]
    assert await agent.tracker_store.retrieve(sender) is None
