import pytest

from litige.safety import instructions
from litige.signals import detect


def said(text):
    return instructions(text, detect(text).hazard_terms)


@pytest.mark.parametrize(
    "text, expected",
    [
        ("La lampe a fumé à côté de mon fils, ça sentait le brûlé", ("electric", "emergency")),
        ("le chargeur fait des étincelles quand je le branche", ("electric",)),
        ("il y a de l'eau qui coule sur la prise de la cuisine", ("electric",)),
        ("ça sent le gaz depuis l'installation de la gazinière", ("gas",)),
        ("ça sent le gaz et ma mère a mal à la tête", ("gas", "emergency")),
        ("j'ai pris une décharge en touchant le grille-pain", ("electric", "emergency")),
    ],
)
def test_the_instruction_fits_the_danger(text, expected):
    assert said(text) == expected


def test_no_danger_no_instruction():
    assert said("mon colis est arrivé avec deux semaines de retard") == ()
    assert instructions("mon fils est déçu", ()) == ()
