"""litige.context_intent: what a message means where it is said."""

import pytest

from litige.context_intent import plain_yes, rating_in, reread


@pytest.mark.parametrize(
    "text, mark",
    [
        ("3. vous avez mis du temps à comprendre que je voulais un remboursement", 3),
        ("2 étoiles, ça n'a rien réglé", 2),
        ("4/5", 4),
        ("5 ! merci", 5),
        ("je vous aurais mis 4 tout à l'heure", 4),
        ("ma note : 2", 2),
        ("3 jours que j'attends mon remboursement", None),
        ("2 fois que je vous le dis", None),
        ("12 rue des Lilas", None),
        ("merci, au revoir", None),
    ],
)
def test_a_mark_is_read_where_the_message_gives_one(text, mark):
    assert rating_in(text) == mark


@pytest.mark.parametrize(
    "text, yes",
    [
        ("Oui. Ou le remboursement si vous n'avez pas de date, je l'ai dit.", True),
        ("Vous êtes un disque rayé ou quoi ? J'ai dit OUI.", True),
        ("ouais", True),
        ("oui, sauf que le montant c'est 112,40", False),
        ("Oui c'est à peu près ça, mais il manque le remboursement", False),
        ("non", False),
    ],
)
def test_a_plain_yes_is_told_from_a_yes_that_corrects(text, yes):
    assert plain_yes(text) is yes


def test_a_rating_after_the_closure_is_the_rating_and_only_then():
    text = "3. vous avez mis du temps à comprendre"
    assert reread("request_refund", text, "closure", False, "action_listen") == "rate"
    assert reread("request_refund", text, "closure", True, "action_listen") is None  # rated already
    assert reread("request_refund", text, "questioning", False, "action_reformulate") is None
    assert reread("rate", text, "closure", False, "action_thank_rating") is None  # the NLU agrees


def test_a_yes_is_a_yes_only_right_after_the_reformulation():
    text = "Oui. Ou le remboursement si vous n'avez pas de date."
    assert reread("request_refund", text, "questioning", False, "action_reformulate") == "affirm"
    assert reread("request_refund", text, "questioning", False, "action_propose_remedy") is None
    assert (
        reread("request_refund", text, "questioning", False, "action_reformulate", "complaint_form") is None
    )
    assert reread("deny", "/deny", "questioning", False, "action_reformulate") is None  # a button
