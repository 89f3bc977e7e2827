"""The running bot scores the emotion of every message and keeps it in the tracker."""

from __future__ import annotations

import requests

EMOTIONS = {"anger", "frustration", "anxiety", "disappointment", "neutral", "satisfaction"}


def parse(servers, text):
    response = requests.post(
        f"{servers.rasa_url}/model/parse",
        params={"token": servers.rasa_token},
        json={"text": text},
        timeout=30,
    )
    assert response.status_code == 200
    return response.json()


def test_parse_result_carries_the_emotion_contract(servers):
    result = parse(servers, "Ma commande est en retard de deux semaines, c'est inadmissible !")
    emotion = result["emotion"]
    assert emotion["name"] == "anger"
    assert {item["name"] for item in emotion["ranking"]} == EMOTIONS
    assert emotion["ranking"][0] == {"name": emotion["name"], "confidence": emotion["confidence"]}
    assert 0.0 <= emotion["intensity"] <= 1.0
    assert {"entity": "emotion", "value": "anger"}.items() <= next(
        e for e in result["entities"] if e["entity"] == "emotion"
    ).items()


def test_intensity_rises_with_the_tone(servers):
    messages = [
        "c'est en retard",
        "c'est ENCORE en retard !!!",
        "C'EST INADMISSIBLE, ENCORE EN RETARD !!! 😡",
    ]
    intensities = [parse(servers, text)["emotion"]["intensity"] for text in messages]
    assert intensities[0] < intensities[1] < intensities[2], intensities


def test_each_emotion_is_recognised_in_a_clear_case(servers):
    cases = {
        "vous vous moquez de moi, c'est scandaleux !!": "anger",
        "ça fait trois fois que j'appelle pour ça, j'en ai marre": "frustration",
        "je m'inquiète, est-ce que je vais être remboursé ?": "anxiety",
        "je suis déçu, client fidèle depuis 10 ans": "disappointment",
        "merci beaucoup, c'est parfait 😊": "satisfaction",
        "je voudrais connaître le délai de livraison": "neutral",
    }
    predicted = {text: parse(servers, text)["emotion"]["name"] for text in cases}
    assert predicted == cases


def test_the_tracker_keeps_the_emotion_of_every_turn(chat):
    chat.say("bonjour")
    chat.say("ça fait trois semaines que j'attends ma commande, j'en ai marre")
    chat.say("VOUS VOUS MOQUEZ DE MOI ??? C'EST INADMISSIBLE !!! 😡")
    tracker = chat.tracker()
    user_events = [e for e in tracker["events"] if e["event"] == "user"]
    assert len(user_events) == 3
    assert all(e["parse_data"]["emotion"]["name"] in EMOTIONS for e in user_events)
    assert tracker["slots"]["emotion"] == user_events[-1]["parse_data"]["emotion"]["name"] == "anger"
    assert tracker["slots"]["emotion_intensity"] == user_events[-1]["parse_data"]["emotion"]["intensity"]
    assert tracker["slots"]["emotion_trend"] == "rising"
