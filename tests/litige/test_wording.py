from datetime import date

import pytest

from litige.catalogue import catalogue
from litige.wording import DECLINED, closure, follow_up_sentence, order_part, parse_rating, proposal, quote


def test_quote_keeps_words_on_one_line_and_shortens_on_a_word():
    assert quote("  je   l'attendais\npour samedi !! ") == "je l'attendais pour samedi"
    long = "mot " * 100
    quoted = quote(long, limit=30)
    assert quoted.endswith("…") and len(quoted) <= 31 and "mo…" not in quoted


def test_order_part():
    assert order_part("CMD-482913") == ", pour la commande CMD-482913"
    # no "cette commande qui n'arrive pas, pour la commande CMD-…"
    assert order_part("CMD-482913", "cette commande qui n'arrive toujours pas") == " (CMD-482913)"
    assert order_part("unknown") == "" and order_part(None) == ""


def test_proposal_and_closure_use_french_calendar_dates():
    remedy = catalogue()["delivery"].remedy("reshipment")
    today = date(2026, 11, 20)
    wording = proposal(remedy, date(2026, 11, 24), today)
    assert wording["due"] == "mardi 24 novembre"
    assert not wording["offer"].endswith(".")
    recap = closure(remedy, date(2027, 1, 4), today, "LIT-2026-000123", "a@b.fr")
    assert recap["due"] == "lundi 4 janvier 2027"
    assert recap["follow_up_sentence"].endswith("à l'adresse a@b.fr")


def test_follow_up_without_email_happens_in_the_chat():
    assert "ici même" in follow_up_sentence("un e-mail", DECLINED)
    assert "ici même" in follow_up_sentence("un e-mail", None)


@pytest.mark.parametrize(
    "text, rating",
    [
        ("5", 5),
        ("4/5", 4),
        ("je mets 3", 3),
        ("5 étoiles", 5),
        ("cinq", 5),
        ("un", 1),
        ("un 4 pour la peine", 4),
        ("3 ou 4", None),
        ("CMD-482913", None),
        ("10/10", None),
        ("bof", None),
        ("", None),
        (None, None),
    ],
)
def test_parse_rating(text, rating):
    assert parse_rating(text) == rating
