"""Every escalation trigger through the real servers, with the real classifier.

Nothing here sets an emotion, a signal or an intent by hand: each customer message goes
through the trained NLU (EmotionClassifier, MessageUnderstanding) and the escalation
policy decides. The messages are written for these tests, not taken from the training
data (tests/data checks that none is a near-copy of a training example).
"""

from __future__ import annotations

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
    assert last_user_parse(chat)["signals"]["request_human"] is True


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
    assert slots(chat)["waltz_step"] in ("attention", "questioning")
    assert slots(chat)["handoff_reason"] is None
    assert "conseiller" not in text
    # what she wants was said upfront: taken in, not asked again
    assert slots(chat)["preferred_remedy"] == "refund"
    assert "bonne solution" not in text


def test_the_second_insult_hands_off_even_inside_complaints(chat):
    chat.say("Bande d'escrocs, ma commande de lave-linge n'est toujours pas livrée depuis trois semaines")
    assert last_user_parse(chat)["signals"]["insult"] is True
    assert slots(chat)["handoff_reason"] is None  # the first one: the bot keeps listening
    assert slots(chat)["waltz_step"] in ("attention", "questioning")
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


def test_two_messages_in_a_row_not_understood_hand_off(chat):
    first = joined(chat.say("zrkx plomv trezq"))
    assert slots(chat)["waltz_step"] != "handoff"
    assert "conseiller" not in first  # the first time, the bot asks to say it otherwise
    assert last_user_parse(chat)["intent"]["name"] == "nlu_fallback"
    chat.say("qsdfgh wxcvbn poiuy")
    assert handed_off(chat, "fallbacks")


def test_a_button_click_after_an_angry_message_is_not_an_angry_turn(chat):
    # everything told at once, in anger: the recap comes with Oui/Non buttons
    chat.say(
        "C'EST INADMISSIBLE !!! TROIS SEMAINES QUE J'ATTENDS MON CANAPÉ, COMMANDE CMD-4471290, "
        "JE VEUX ÊTRE REMBOURSÉ, MON MAIL C'EST paul.girard@example.fr !!! 😡"
    )
    first = last_user_parse(chat)["emotion"]
    assert first["name"] == "anger" and first["intensity"] >= ANGER_THRESHOLD, first
    assert slots(chat)["waltz_step"] == "questioning"
    chat.say("/affirm")  # the "Oui" button under the recap
    assert "emotion" not in last_user_parse(chat)
    assert slots(chat)["handoff_reason"] is None
    assert slots(chat)["waltz_step"] == "resolution"


def test_nothing_left_to_propose_hands_off_honestly(chat):
    # an order the company's system does not know: no refund can be promised, only a search
    chat.say(
        "Bonjour, je voudrais être remboursée de ma commande CMD-5093127, la lampe ne me plaît pas "
        "du tout et je l'ai renvoyée, mon adresse est lina.roche@example.fr"
    )
    chat.say("/affirm")  # the recap is right
    assert slots(chat)["current_remedy"] == "order_search"
    chat.say("non merci, chercher ma commande ne m'avance à rien")
    assert slots(chat)["refused_proposals"] == 1
    chat.say("je veux juste récupérer mon argent")
    text = joined(chat.say("/affirm"))  # "votre remboursement, c'est bien cela ?": it cannot be promised
    assert handed_off(chat, "no_remedy")
    assert "remboursons" not in text and "conseiller" in text
    assert slots(chat)["current_remedy"] is None
