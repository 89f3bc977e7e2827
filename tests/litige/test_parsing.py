import pytest

from litige.parsing import (
    find_order_id,
    normalize_amount,
    normalize_email,
    normalize_order_id,
    normalize_person_name,
    normalize_ticket_id,
)


@pytest.mark.parametrize(
    "text, expected",
    [
        ("CMD-482913", "CMD-482913"),
        ("cmd482913", "CMD-482913"),
        ("Cmd 48291377", "CMD-48291377"),
        ("commande n° cmd-4829130", "CMD-4829130"),
        ("CMD-12345", None),  # too short
        ("CMD-123456789", None),  # too long
        ("482913", None),  # bare numbers only when the bot asked for the order number
        ("", None),
        (None, None),
        ("cmd-482913'; DROP TABLE tickets;--", None),
    ],
)
def test_normalize_order_id(text, expected):
    assert normalize_order_id(text) == expected


def test_bare_order_number_accepted_only_when_asked():
    assert normalize_order_id("n° 48291377", allow_bare_number=True) == "CMD-48291377"
    assert normalize_order_id("12", allow_bare_number=True) is None


@pytest.mark.parametrize(
    "text, expected",
    [("lit-2026-000231", "LIT-2026-000231"), (" LIT-2026-004817 ", "LIT-2026-004817"), ("LIT-26-1", None)],
)
def test_normalize_ticket_id(text, expected):
    assert normalize_ticket_id(text) == expected


@pytest.mark.parametrize(
    "text, expected",
    [
        ("Julie.Martin@Gmail.com", "julie.martin@gmail.com"),
        ("<paul+sav@orange.fr>.", "paul+sav@orange.fr"),
        ("julie@gmail", None),
        ("julie..martin@gmail.com", None),
        ("pas un mail", None),
        ("a" * 300 + "@x.fr", None),
    ],
)
def test_normalize_email(text, expected):
    assert normalize_email(text) == expected


@pytest.mark.parametrize(
    "text, expected",
    [("49,90 €", "49.90"), ("120 euros", "120.00"), ("35€", "35.00"), ("12.5 eur", "12.50"), ("douze", None)],
)
def test_normalize_amount(text, expected):
    assert normalize_amount(text) == expected


@pytest.mark.parametrize(
    "text, expected",
    [
        ("jean-marc  DUPONT", "Jean-Marc Dupont"),
        ("nadia benali.", "Nadia Benali"),
        ("R2D2", None),
        ("x" * 100, None),
        ("", None),
    ],
)
def test_normalize_person_name(text, expected):
    assert normalize_person_name(text) == expected


@pytest.mark.parametrize(
    "text, expected",
    [
        ("c'est la 482913", "CMD-482913"),
        ("cmd 482913 svp", "CMD-482913"),
        ("n°48291377", "CMD-48291377"),
        # the digits of a complaint reference or of a phone number are no order number
        ("j'ai deja ma reference LIT-2026-000002, c'est reglé", None),
        ("rappelez-moi au 06 12 34 56 78", None),
    ],
)
def test_an_order_number_is_found_in_a_sentence_and_nothing_else_is(text, expected):
    assert find_order_id(text) == expected
