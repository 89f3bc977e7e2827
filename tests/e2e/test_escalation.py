"""Every escalation trigger through the real servers, with the real classifier.

Nothing here sets an emotion, a signal or an intent by hand: each customer message goes
through the trained NLU (EmotionClassifier, MessageUnderstanding) and the escalation
policy decides. The messages are written for these tests, not taken from the training
data (tests/data checks that none is a near-copy of a training example).
"""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from tests.e2e.conftest import Chat, free_port
from tools.stack import ROOT, Stack, StackConfig, build_services

ANGER_THRESHOLD = 0.75  # config.yml, EscalationPolicy.anger_intensity


def joined(messages):
    return "\n".join(m.get("text", "") for m in messages)


def slots(chat):
    return chat.tracker()["slots"]


def last_user_parse(chat):
    users = [e for e in chat.tracker()["events"] if e["event"] == "user"]
    return users[-1]["parse_data"]


def handed_off(chat, reason):
    current = slots(chat)
    return current["waltz_step"] == "handoff" and current["handoff_reason"] == reason


def test_a_request_for_a_person_inside_a_complaint_hands_off_at_once(chat):
    text = joined(
        chat.say(
            "Deux prélèvements pour le même mois d'abonnement, je veux parler à un conseiller tout de suite"
        )
    )
    assert handed_off(chat, "request_human")
    assert "conseiller" in text
    assert last_user_parse(chat)["intent"]["name"] == "complain_billing"  # the complaint is still read


def test_a_serious_threat_inside_a_complaint_hands_off(chat):
    chat.say("Mon colis a disparu depuis un mois et si rien ne bouge d'ici vendredi je saisis le tribunal")
    assert handed_off(chat, "serious_threat")
    assert slots(chat)["priority"] == "urgent"


def test_a_negated_threat_is_not_a_threat(chat):
    text = joined(
        chat.say(
            "Je ne veux pas aller en justice pour si peu, je veux simplement être remboursée "
            "de ce grille-pain "
            "qui ne chauffe pas"
        )
    )
    assert last_user_parse(chat)["signals"]["threat"] is None
    assert slots(chat)["waltz_step"] == "attention"
    assert "conseiller" not in text


def test_the_second_insult_hands_off_even_inside_complaints(chat):
    chat.say("Vous êtes des escrocs, j'ai payé un lave-linge qui n'est jamais arrivé")
    assert last_user_parse(chat)["signals"]["insult"] is True
    assert slots(chat)["waltz_step"] == "attention"  # the first one: the bot keeps listening
    chat.say("Toujours rien, bande de clowns")
    assert handed_off(chat, "insults")


def test_sustained_anger_hands_off(chat):
    chat.say("C'EST SCANDALEUX !!! TROIS SEMAINES SANS INTERNET ET PERSONNE NE BOUGE !!! 😡")
    first = last_user_parse(chat)["emotion"]
    assert first["name"] == "anger" and first["intensity"] >= ANGER_THRESHOLD, first
    chat.say("JE PAIE TOUS LES MOIS POUR RIEN, VOUS VOUS FICHEZ DE MOI !!! 😡")
    assert handed_off(chat, "anger")


def test_rising_anger_hands_off(chat):
    chat.say("Bonjour, le four que j'ai commandé n'est pas encore arrivé.")
    chat.say("Ça fait quand même dix jours maintenant, ça commence à être long.")
    assert slots(chat)["waltz_step"] != "handoff"
    chat.say("VOUS VOUS MOQUEZ DE MOI, DIX JOURS ET TOUJOURS RIEN, C'EST INADMISSIBLE !!!")
    emotions = [e["parse_data"]["emotion"]["name"] for e in chat.tracker()["events"] if e["event"] == "user"]
    assert emotions[0] != "anger" and emotions[1] != "anger" and emotions[-1] == "anger", emotions
    assert handed_off(chat, "rising_anger")


def test_two_messages_not_understood_hand_off(chat):
    chat.say("zrkx plomv trezq")
    assert slots(chat)["waltz_step"] != "handoff"
    chat.say("vlkrr qsdmp wxq")
    assert handed_off(chat, "fallbacks")


def test_two_typed_refusals_hand_off(chat):
    chat.say("Le technicien n'est jamais venu pour réparer ma chaudière, j'ai attendu toute la matinée")
    for answer in (
        "Il devait venir jeudi entre 8h et 12h, j'ai prévenu mon employeur pour rien.",
        "qu'un technicien vienne vraiment cette fois",
        "non merci, pas d'e-mail",
    ):
        if slots(chat)["requested_slot"] is None:
            break
        chat.say(answer)
    chat.say("oui c'est exactement ça")
    first = slots(chat)["current_remedy"]
    assert first, "a remedy is proposed after the reformulation"
    chat.say("non, ça ne me convient pas du tout")
    assert slots(chat)["refused_proposals"] == 1.0
    chat.say("un vrai rendez-vous avec un horaire précis")
    chat.say("oui voilà")
    assert slots(chat)["current_remedy"] != first
    chat.say("non, toujours pas")
    assert handed_off(chat, "refusals")


def test_a_button_click_after_an_angry_message_does_not_hand_off(chat):
    chat.say("Ma facture d'électricité a doublé sans explication, je ne comprends pas.")
    chat.say("Elle est passée de 80 à 160 euros alors que rien n'a changé chez moi.")
    chat.say("qu'on corrige la facture et qu'on me rende la différence")
    answer = chat.say(
        "le voici : sophie.garnier@wanadoo.fr, ET J'EXIGE UNE RÉPONSE RAPIDE, C'EST INADMISSIBLE !!!"
    )
    angry = last_user_parse(chat)["emotion"]
    assert angry["name"] == "anger" and angry["intensity"] >= ANGER_THRESHOLD, angry
    assert joined(answer).startswith("Si je comprends bien")
    proposal = joined(chat.say("/affirm"))  # the "Oui, c'est bien ça" button
    assert slots(chat)["waltz_step"] == "resolution", proposal
    assert "Est-ce que cela vous convient si" in proposal


# ---- nothing left to propose: a catalogue with a single delivery remedy ----------------


@pytest.fixture(scope="module")
def one_remedy_servers(trained_model, tmp_path_factory):
    work = tmp_path_factory.mktemp("one-remedy")
    catalogue = yaml.safe_load((ROOT / "catalogue" / "remedies.yml").read_text(encoding="utf-8"))
    catalogue["categories"]["delivery"]["remedies"] = catalogue["categories"]["delivery"]["remedies"][:1]
    path = Path(work / "remedies.yml")
    path.write_text(yaml.safe_dump(catalogue, allow_unicode=True), encoding="utf-8")
    config = StackConfig(
        rasa_port=free_port(),
        action_port=free_port(),
        model=trained_model,
        log_dir=work / "logs",
        tracker_store_url=f"sqlite:///{work / 'tracker.db'}",
        ticket_db_url=f"sqlite:///{work / 'tickets.db'}",
        with_scheduler=False,
        web_port=None,
        extra_env={"APP_TODAY": "2026-11-20", "REMEDY_CATALOGUE_PATH": str(path)},
    )
    stack = Stack(build_services(config))
    stack.start()
    try:
        stack.wait_ready(timeout=300)
        yield config
    finally:
        stack.stop()


def test_nothing_left_to_propose_hands_off_honestly(one_remedy_servers):
    chat = Chat(one_remedy_servers)
    chat.say("Le paquet avec les rideaux n'est jamais arrivé, le suivi est bloqué depuis dix jours.")
    for answer in (
        "J'en avais besoin pour l'emménagement.",
        "CMD-8830127",
        "qu'on me le renvoie",
        "pas de mail",
    ):
        if slots(chat)["requested_slot"] is None:
            break
        chat.say(answer)
    chat.say("/affirm")
    assert slots(chat)["current_remedy"] == "reshipment"
    chat.say("/deny")
    chat.say("je ne sais pas, autre chose qu'un renvoi")
    text = joined(chat.say("/affirm"))
    assert handed_off(chat, "no_remedy"), text
    assert "conseiller" in text
