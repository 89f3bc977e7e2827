"""Negotiating the proposal through the real servers (APP_TODAY is Friday 20 November 2026):
a day said again, a question, a typed refusal, another remedy named."""

from __future__ import annotations

from tests.e2e.test_waltz import CONSENT, REFERENCE, answer_questions, joined, start_complaint, waltz_steps

SERVICE = (
    "Bonjour, le technicien devait venir mardi réparer ma box et personne n'est venu, sans prévenir. "
    "Je suis en télétravail et sans internet depuis six jours. Je voudrais qu'un technicien vienne "
    "vraiment, sur un créneau sûr."
)


ANSWERS = {  # what the customer answers to each question of the form
    "customer_address": "3 rue de la Gare, 69007 Lyon",
    "visit_availability": "n'importe quand, je suis en télétravail",
    "customer_email": "nadia.benali@gmail.com",
}


def until_the_recap(chat, first):
    """Answer what the form still asks (where and when for the visit, the e-mail) until the
    reformulation comes."""
    text = joined(first)
    for _ in range(len(ANSWERS) + 1):
        if "Si je" in text:
            return text
        asked = chat.tracker()["slots"]["requested_slot"]
        text = joined(chat.say(ANSWERS.get(asked, "non, rien d'autre")))
    return text


def test_a_day_said_again_moves_the_appointment(chat):
    recap = until_the_recap(chat, chat.say(SERVICE))
    assert "Si je" in recap, recap
    proposal = joined(chat.say("oui c'est ça"))
    assert CONSENT in proposal and "technicien" in proposal, proposal
    moved = joined(chat.say("Vendredi je travaille, j'ai dit SAMEDI 28"))
    assert "samedi 28 novembre" in moved and "technicien" in moved, moved
    slots = chat.tracker()["slots"]
    assert slots["due_date"] == "2026-11-28" and slots["refused_proposals"] == 0
    closure = joined(chat.say("parfait"))
    assert REFERENCE.search(closure) and "samedi 28 novembre" in closure, closure
    assert waltz_steps(chat) == ["attention", "questioning", "resolution", "closure"]


def test_a_question_is_answered_and_another_remedy_named_is_proposed(chat):
    start_complaint(chat)
    answer_questions(chat)
    assert CONSENT in joined(chat.say("oui"))
    answer = joined(chat.say("et ce sera livré quand exactement ?"))
    assert "mardi 24 novembre" in answer and "conviendrait mieux" not in answer, answer
    assert chat.tracker()["slots"]["waltz_step"] == "resolution"
    how = joined(chat.say("et je serai prévenu comment ?"))
    assert "marc.lefebvre@free.fr" in how and "suivi" in how, how
    refund = joined(chat.say("non, finalement je préfère être remboursé"))
    assert CONSENT in refund and "rembours" in refund and "vendredi 27 novembre" in refund, refund
    assert chat.tracker()["slots"]["current_remedy"] == "refund"
    closure = joined(chat.say("/affirm"))
    assert REFERENCE.search(closure) and "vendredi 27 novembre" in closure
    assert waltz_steps(chat) == ["attention", "questioning", "resolution", "closure"]


def test_a_typed_refusal_counts_and_two_hand_off(chat):
    start_complaint(chat)
    answer_questions(chat)
    chat.say("oui")
    adjust = joined(chat.say("franchement, votre solution me laisse froid, c'est non"))
    assert "conviendrait mieux" in adjust and CONSENT not in adjust, adjust
    assert chat.tracker()["slots"]["refused_proposals"] == 1
    chat.say("je ne sais pas, quelque chose de plus sérieux")
    chat.say("oui")
    handoff = joined(chat.say("non, c'est toujours non"))
    assert "conseiller" in handoff, handoff
    assert chat.tracker()["slots"]["handoff_reason"] == "refusals"
