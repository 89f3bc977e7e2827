"""litige.address: a French postal address in free text, and what is missing."""

import pytest

from litige.address import Address, read_address


@pytest.mark.parametrize(
    "text, street, postcode, town",
    [
        ("12 rue des Lilas, 69003 Lyon", "12 rue des Lilas", "69003", "Lyon"),
        ("c au 3 bis avenue Jean-Jaurès 75019 Paris merci", "3 bis avenue Jean-Jaurès", "75019", "Paris"),
        ("lieu-dit Les Granges, 24250 Domme", "lieu-dit Les Granges", "24250", "Domme"),
        ("5 allée des Érables 2A100 Ajaccio", "5 allée des Érables", "2A100", "Ajaccio"),
        ("mon adresse : 8, impasse du Moulin, 44000 Nantes", "8 impasse du Moulin", "44000", "Nantes"),
        ("Résidence les Pins bât B, 13008 Marseille", "Résidence les Pins bât B", "13008", "Marseille"),
        ("45 BD DE LA LIBERTE 59000 LILLE", "45 BD DE LA LIBERTE", "59000", "LILLE"),
    ],
)
def test_an_address_is_read_with_its_street_postcode_and_town(text, street, postcode, town):
    address, missing = read_address(text)
    assert missing == ()
    assert address == Address(street, postcode, town)


def test_it_is_spoken_as_on_an_envelope():
    assert Address("12 rue des Lilas", "69003", "Lyon").spoken() == "12 rue des Lilas, 69003 Lyon"


@pytest.mark.parametrize(
    "text, missing",
    [
        ("14 rue Victor Hugo", ("postcode",)),
        ("33000 Bordeaux", ("street",)),
        ("j'habite à Lyon", ("street", "postcode")),
        ("", ("street", "postcode")),
        ("12 rue des Lilas, 00123 Nulle-Part", ("postcode",)),  # no French postcode starts with 00
    ],
)
def test_what_is_missing_is_said(text, missing):
    assert read_address(text) == (None, missing)


def test_a_huge_text_is_cut_and_read_quickly():
    assert read_address("rue " * 10_000)[0] is None


@pytest.mark.parametrize(
    "text, town",
    [
        ("8 rue Paul Bert, 69003 Lyon. Et le technicien il vient quand ?", "Lyon"),
        ("24 cours de l'Intendance 33000 Bordeaux ? vous répondez pas à ma question", "Bordeaux"),
        ("2 place du Marché 13100 Aix-en-Provence (2e étage)", "Aix-en-Provence"),
    ],
)
def test_the_town_ends_with_the_sentence_and_nothing_said_after_joins_the_address(text, town):
    address, missing = read_address(text)
    assert missing == () and address.town == town
