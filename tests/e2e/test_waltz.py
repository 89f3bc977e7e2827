"""The four-step de-escalation dialogue through the real servers (REST channel).

The servers run with APP_TODAY=2026-11-20 (a Friday), so promised dates are known:
a re-shipment (2 business days) is due "mardi 24 novembre", a refund (5) "vendredi 27".
"""

from __future__ import annotations

import re

FRENCH_DATE = re.compile(
    r"\b(lundi|mardi|mercredi|jeudi|vendredi) \d{1,2}(er)? "
    r"(janvier|février|mars|avril|mai|juin|juillet|août|septembre|octobre|novembre|décembre)\b"
)
CONSENT = "Est-ce que cela vous convient si"
APOLOGY = re.compile(r"désolé|excuses", re.I)
REFERENCE = re.compile(r"\bLIT-2026-\d{6}\b")


def waltz_steps(chat):
    """The successive values of waltz_step in the tracker, repeats collapsed."""
    steps = []
    for event in chat.tracker()["events"]:
        if event["event"] == "slot" and event["name"] == "waltz_step" and event["value"]:
            if not steps or steps[-1] != event["value"]:
                steps.append(event["value"])
    return steps


def joined(messages):
    return "\n".join(m.get("text", "") for m in messages)


def start_complaint(chat):
    first = chat.say("Ma commande est en retard de deux semaines, c'est inadmissible !")
    text = joined(first)
    assert APOLOGY.search(text), text
    # attention only: an apology before any question, no solution, no form question
    assert APOLOGY.search(text).start() < text.index("?") if "?" in text else True
    assert CONSENT not in text and "numéro" not in text and "e-mail" not in text
    assert "colère" in text  # the detected emotion is named
    assert chat.tracker()["slots"]["waltz_step"] == "attention"
    return first


def answer_questions(chat):
    asked = []
    for reply in (
        "Je l'attendais pour l'anniversaire de mon fils samedi.",
        "CMD-482913",
        "La recevoir avant samedi",
        "julie.martin@gmail.com",
    ):
        messages = chat.say(reply)
        asked.append(joined(messages))
        assert CONSENT not in asked[-1]  # no proposal during the questioning step
    # one question at a time: order number, then the hidden need, then the e-mail
    assert "CMD" in asked[0] and "?" in asked[0]
    assert "bonne solution" in asked[1]
    assert "e-mail" in asked[2]
    assert asked[3].startswith("Si je comprends bien")
    assert "CMD-482913" in asked[3] and "samedi" in asked[3]
    return asked


def test_a_complaint_goes_through_the_four_steps(chat):
    start_complaint(chat)
    answer_questions(chat)
    proposal = joined(chat.say("oui"))
    assert CONSENT in proposal and FRENCH_DATE.search(proposal), proposal
    assert "mardi 24 novembre" in proposal  # Friday + 2 business days, weekend skipped
    closure = chat.say("oui, ça me convient")
    closure_text = joined(closure)
    assert REFERENCE.search(closure_text) and "mardi 24 novembre" in closure_text
    assert "julie.martin@gmail.com" in closure_text
    assert [b["title"] for b in closure[-1]["buttons"]] == ["1", "2", "3", "4", "5"]
    thanks = joined(chat.say('/rate{"csat":"5"}'))
    assert thanks.startswith("Merci") and "autre chose" in thanks
    goodbye = joined(chat.say("non merci")).lower()
    assert any(word in goodbye for word in ("revoir", "bientôt", "bonne journée")), goodbye
    tracker = chat.tracker()
    assert waltz_steps(chat) == ["attention", "questioning", "resolution", "closure"]
    assert tracker["slots"]["csat"] == 5.0
    assert REFERENCE.fullmatch(tracker["slots"]["ticket_id"])


def test_asking_for_a_person_hands_off(chat):
    start_complaint(chat)
    text = joined(chat.say("je veux parler à quelqu'un"))
    assert "conseiller" in text
    slots = chat.tracker()["slots"]
    assert slots["waltz_step"] == "handoff" and slots["handoff_reason"] == "request_human"
    assert waltz_steps(chat) == ["attention", "handoff"]


def test_a_refusal_goes_back_to_questioning_and_never_repeats_a_proposal(chat):
    start_complaint(chat)
    answer_questions(chat)
    first = joined(chat.say("/affirm"))
    assert CONSENT in first
    adjust = joined(chat.say("/deny"))
    assert "conviendrait mieux" in adjust and CONSENT not in adjust
    again = joined(chat.say("je préfère être remboursé"))
    assert again.startswith("Si je comprends bien")
    second = joined(chat.say("/affirm"))
    assert CONSENT in second and "rembours" in second
    assert "vendredi 27 novembre" in second  # a refund takes 5 business days
    first_offer = first.split("\n")[0].split(":", 1)[1]
    assert first_offer.strip() not in second
    assert REFERENCE.search(joined(chat.say("/affirm")))
    assert waltz_steps(chat) == [
        "attention",
        "questioning",
        "resolution",
        "questioning",
        "resolution",
        "closure",
    ]


def test_two_refused_proposals_hand_off(chat):
    start_complaint(chat)
    answer_questions(chat)
    chat.say("/affirm")
    chat.say("/deny")
    chat.say("autre chose")
    chat.say("/affirm")
    text = joined(chat.say("/deny"))
    assert "conseiller" in text
    assert chat.tracker()["slots"]["handoff_reason"] == "refusals"


def test_interruptions_inside_the_form_are_answered_and_the_form_resumes(chat):
    start_complaint(chat)
    chat.say("Je l'attendais pour samedi.")
    bot = joined(chat.say("je parle à un robot ?"))
    assert "assistant virtuel" in bot and "CMD" in bot  # honest answer, then the pending question
    off_topic = joined(chat.say("au fait, quelle est la capitale du Pérou ?"))
    assert "CMD" in off_topic
    assert joined(chat.say("CMD-482913")).count("?") >= 1
    assert chat.tracker()["slots"]["order_id"] == "CMD-482913"


def test_a_first_insult_gets_a_boundary_and_a_second_hands_off(chat):
    start_complaint(chat)
    first = joined(chat.say("bande d'incapables"))
    assert "courtois" in first or "respectueux" in first
    assert chat.tracker()["slots"]["waltz_step"] != "handoff"
    second = joined(chat.say("vous êtes vraiment des escrocs"))
    assert "conseiller" in second
    assert chat.tracker()["slots"]["handoff_reason"] == "insults"


def test_a_legal_threat_hands_off_and_a_review_threat_raises_priority(chat, servers):
    start_complaint(chat)
    review = joined(chat.say("je vais vous mettre un avis 1 étoile sur Google"))
    assert "prioritaire" in review
    assert chat.tracker()["slots"]["priority"] == "high"
    lawyer = joined(chat.say("et je vais prendre un avocat"))
    assert "conseiller" in lawyer
    slots = chat.tracker()["slots"]
    assert slots["handoff_reason"] == "serious_threat" and slots["priority"] == "urgent"


def test_cancel_resets_the_conversation(chat):
    start_complaint(chat)
    reply = joined(chat.say("annuler"))
    assert "zéro" in reply or "effacé" in reply
    slots = chat.tracker()["slots"]
    assert slots["waltz_step"] is None and slots["complaint_category"] is None
