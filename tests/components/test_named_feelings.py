"""components.named_feelings: the feelings a customer names about themselves."""

import pytest

from components.named_feelings import named_feelings


@pytest.mark.parametrize(
    "text, expected",
    [
        ("toujours rien reçu et je suis furieux !", ["anger"]),
        ("je suis furieuse, c'est la troisième fois", ["anger"]),
        ("ça me rend folle de rage", ["anger"]),
        ("J'EN AI MARRE de vos excuses", ["frustration"]),
        ("je suis à bout, encore un rendez-vous annulé", ["frustration"]),
        ("j'ai peur de ne pas être remboursée à temps", ["anxiety"]),
        ("je suis vraiment inquiète pour ma mère", ["anxiety"]),
        ("je suis très déçu, moi qui étais fidèle", ["disappointment"]),
        ("merci, je suis soulagée", ["satisfaction"]),
        ("je suis déçue et en colère", ["anger", "disappointment"]),
        ("Je suis très contente de votre aide", ["satisfaction"]),
        # a good feeling denied about oneself is being let down, not satisfaction
        ("Je ne suis pas contente du tout", ["disappointment"]),
        ("jsuis pas satisfait de cette réponse", ["disappointment"]),
        ("je ne suis plus du tout ravie de vos services", ["disappointment"]),
    ],
)
def test_a_named_feeling_is_found(text, expected):
    assert named_feelings(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "je ne suis pas en colère, je veux juste une date",
        "je n'ai pas peur de le dire",
        "je suis livrée demain ?",
        "mon fils est furieux contre moi",  # somebody else's feeling
        "le livreur était énervé",
        "mon mari n'est pas content",  # somebody else's
        "je ne suis pas sûre que ce soit contenté",
        "",
    ],
)
def test_nothing_is_named(text):
    assert named_feelings(text) == []
