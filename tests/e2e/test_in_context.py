"""Answers read where they are said, through the real servers and the trained model: a yes
with a remark to the reformulation, and a rating with a comment after the closure, which the
NLU alone reads as a complaint (channels/context_intent.py)."""

from __future__ import annotations

from tests.e2e.test_waltz import CONSENT, REFERENCE, answer_questions, joined, start_complaint, waltz_steps


def test_a_yes_with_a_remark_is_a_yes_and_a_rating_with_a_comment_is_the_rating(chat):
    start_complaint(chat)
    answer_questions(chat)
    proposal = joined(chat.say("Oui. Ou alors remboursez-moi si vous n'êtes pas capables de tenir une date."))
    assert CONSENT in proposal, proposal  # not the recap again
    closure = joined(chat.say("oui, ça me convient"))
    assert REFERENCE.search(closure), closure
    ticket = chat.tracker()["slots"]["ticket_id"]
    thanks = joined(chat.say("3. vous avez mis du temps à comprendre que je voulais une date"))
    slots = chat.tracker()["slots"]
    assert slots["csat"] == 3.0, thanks
    assert slots["ticket_id"] == ticket and slots["waltz_step"] == "closure"  # no new complaint
    assert "autre chose" in thanks, thanks
    assert waltz_steps(chat) == ["attention", "questioning", "resolution", "closure"]
    nlu = [e["parse_data"] for e in chat.tracker()["events"] if e["event"] == "user"][-1]
    assert nlu["intent"]["name"] == "rate" and nlu["nlu_intent"]["name"] != "rate"
