"""litige.digest: what an opening already tells, and the wish said back without quoting."""

import pytest

from litige.digest import amount, context_phrase, second_person, story_told, wish_clause
from litige.facts import Elapsed, Facts, Since


# ---- story_told ------------------------------------------------------------------------------
@pytest.mark.parametrize(
    "text",
    [
        "J'ai commandé un canapé il y a six semaines, on m'avait promis trois semaines et toujours rien",
        "On m'a prélevé deux fois 189,90 € pour la même commande",  # 9 words and an amount
        "Mon colis est bloqué depuis lundi au dépôt, aucune nouvelle",
    ],
)
def test_a_story_is_told_when_the_message_says_what_happened(text):
    assert story_told(text) is True


@pytest.mark.parametrize(
    "text",
    [
        "j'ai un problème",
        "Bonjour, je voudrais faire une réclamation",
        "c'est inadmissible, vraiment pas sérieux du tout",  # 8 words, no fact
        "",
        None,
    ],
)
def test_a_thin_message_is_not_a_story(text):
    assert story_told(text) is False


# ---- wish_clause -----------------------------------------------------------------------------
def test_the_wish_runs_from_its_cue_to_the_end_of_the_sentence():
    text = "Le canapé n'est pas arrivé. Je veux une date de livraison ferme. Merci."
    assert wish_clause(text) == "Je veux une date de livraison ferme"


def test_the_last_wish_wins_and_stops_before_mais():
    text = "je voudrais un avoir, enfin j'aimerais surtout être remboursé mais vite"
    assert wish_clause(text) == "j'aimerais surtout être remboursé"


@pytest.mark.parametrize(
    "text, expected",
    [
        (
            "Je voudrais être remboursée, je ne veux plus rien recevoir de chez vous",
            "Je voudrais être remboursée",
        ),
        ("je veux pas de bon d'achat, je veux mon argent", "je veux mon argent"),
        ("Je ne souhaite pas d'échange. Je souhaite un remboursement.", "Je souhaite un remboursement"),
    ],
)
def test_what_they_do_not_want_yields_to_what_they_want(text, expected):
    assert wish_clause(text) == expected


def test_a_refusal_alone_is_still_what_they_said_they_want():
    assert wish_clause("Je ne veux pas d'avoir. Merci.") == "Je ne veux pas d'avoir"


def test_no_cue_no_wish():
    assert wish_clause("Mon colis est arrivé cassé, c'est la troisième fois") is None


def test_a_cue_without_an_object_is_not_a_wish():
    assert wish_clause("je veux.") is None


# ---- second_person ---------------------------------------------------------------------------
@pytest.mark.parametrize(
    "clause, expected",
    [
        ("je veux être remboursé de ma commande", "vous voulez être remboursé de votre commande"),
        ("j'aimerais un échange de mes chaussures", "vous aimeriez un échange de vos chaussures"),
        ("il me faut une date FERME", "il vous faut une date ferme"),
        ("je ne veux plus attendre", "vous ne voulez plus attendre"),
    ],
)
def test_the_wish_is_said_back_in_the_second_person(clause, expected):
    assert second_person(clause) == expected


@pytest.mark.parametrize(
    "clause",
    [
        "je veux que vous me remboursiez",  # the company addressed as "vous"
        "je voudrais que je puisse enfin dormir",  # another first-person verb
        "je veux être remboursé bande d'escrocs",  # an insult is never said back
        "je veux " + " ".join(["un"] * 20),  # too long to say back
        "",
    ],
)
def test_a_wish_that_cannot_be_turned_around_safely_is_not_said_back(clause):
    assert second_person(clause) is None


# ---- amount and context_phrase ---------------------------------------------------------------
@pytest.mark.parametrize(
    "value, expected",
    [
        (189.9, "189,90 €"),
        (1249.0, "1\u00a0249 €"),
        (12.0, "12 €"),
        (1249.5, "1\u00a0249,50 €"),
    ],  # no-break spaces
)
def test_amounts_are_written_the_french_way(value, expected):
    assert amount(value) == expected


def test_context_says_duration_amount_and_attempts():
    facts = Facts(amounts=(189.9,), attempts=4, elapsed=Elapsed(6, "week"))
    assert context_phrase(facts) == (
        ", depuis six semaines, pour un montant de 189,90 €, et vous nous avez déjà contactés quatre fois"
    )


def test_feminine_and_singular_units_agree():
    assert context_phrase(Facts(elapsed=Elapsed(1, "week"))) == ", depuis une semaine"
    assert context_phrase(Facts(elapsed=Elapsed(1, "day"))) == ", depuis un jour"
    assert context_phrase(Facts(elapsed=Elapsed(15, "day"))) == ", depuis 15 jours"


def test_a_start_day_is_used_when_no_duration_is_known():
    assert context_phrase(Facts(since=Since(day="2026-11-01"))) == ", depuis le 1er novembre 2026"
    assert context_phrase(Facts(since=Since(day="hier"))) == ", depuis hier"
    assert context_phrase(Facts(since=Since(day="aujourd'hui"))) == ""


def test_one_attempt_alone_needs_no_et():
    assert context_phrase(Facts(attempts=1)) == ", vous nous avez déjà contactés une fois"


def test_nothing_known_says_nothing():
    assert context_phrase(Facts()) == ""
