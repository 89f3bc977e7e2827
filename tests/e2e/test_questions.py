"""Questions through the real servers: a plain question is answered and never becomes a
complaint; a question inside the form is answered, then the form asks again."""

from __future__ import annotations

from tests.e2e.test_waltz import joined, start_complaint, waltz_steps


def test_a_plain_question_is_answered_and_is_not_a_complaint(chat):
    answer = joined(chat.say("Bonjour, vous livrez en Belgique avant Noël ?"))
    assert "Belgique" in answer and "jours ouvrés" in answer, answer
    assert "désolé" not in answer.lower() and "excuses" not in answer
    slots = chat.tracker()["slots"]
    assert slots["waltz_step"] is None and slots["complaint_category"] is None
    returns = joined(chat.say("et je peux retourner un article s'il ne plaît pas ?"))
    assert "14 jours" in returns and "conseiller" not in returns, returns
    assert chat.tracker()["slots"]["waltz_step"] is None  # no handoff for a question


def test_a_question_in_the_form_is_answered_then_the_form_goes_on(chat):
    start_complaint(chat)
    asked = joined(chat.say("C'était pour le baptême de ma nièce, samedi prochain."))
    assert "CMD" in asked
    answer = joined(chat.say("je le trouve où, le numéro de commande ?"))
    assert "e-mail de confirmation" in answer or "confirmation reçu" in answer, answer
    assert "CMD" in answer.split("\n")[-1]  # and the number is asked again
    slots = chat.tracker()["slots"]
    assert slots["order_id"] is None and slots["order_id_attempts"] == 0
    nxt = joined(chat.say("ah oui, CMD-7305186"))
    assert "bonne solution" in nxt, nxt
    assert waltz_steps(chat) == ["attention", "questioning"]
