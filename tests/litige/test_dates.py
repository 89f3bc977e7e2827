from datetime import date

import pytest

from litige.dates import format_french_date, parse_french_date

SATURDAY = date(2026, 11, 21)
SUNDAY = date(2026, 11, 22)
MONDAY = date(2026, 11, 23)


@pytest.mark.parametrize(
    "text, today, expected",
    [
        ("aujourd'hui", SUNDAY, SUNDAY),
        ("Aujourd’hui", SUNDAY, SUNDAY),
        ("hier", SUNDAY, date(2026, 11, 21)),
        ("avant-hier", date(2026, 3, 1), date(2026, 2, 27)),
        ("hier", date(2027, 1, 1), date(2026, 12, 31)),
        ("demain", date(2026, 12, 31), date(2027, 1, 1)),
        ("après-demain", SUNDAY, date(2026, 11, 24)),
        ("il y a 3 jours", SUNDAY, date(2026, 11, 19)),
        ("il y a deux semaines", SUNDAY, date(2026, 11, 8)),
        ("il y a un mois", date(2026, 3, 31), date(2026, 2, 28)),
        ("il y a 2 mois", date(2026, 1, 15), date(2025, 11, 15)),
        # bare weekday: the most recent such day, today included
        ("lundi", MONDAY, MONDAY),
        ("vendredi", SUNDAY, date(2026, 11, 20)),
        # "dernier" / "passé": strictly before today
        ("lundi dernier", MONDAY, date(2026, 11, 16)),
        ("Samedi passé", SATURDAY, date(2026, 11, 14)),
        ("le 3 novembre", SUNDAY, date(2026, 11, 3)),
        ("3 Novembre", SUNDAY, date(2026, 11, 3)),
        ("1er décembre", SUNDAY, date(2025, 12, 1)),  # no year: most recent past one
        ("1er decembre 2026", SUNDAY, date(2026, 12, 1)),
        ("vendredi 28 novembre", date(2026, 12, 1), date(2026, 11, 28)),
        ("15 aout", SUNDAY, date(2026, 8, 15)),
        ("03/11/2026", SUNDAY, date(2026, 11, 3)),
        ("3/11", SUNDAY, date(2026, 11, 3)),
        ("25/12", SUNDAY, date(2025, 12, 25)),
        ("3/11/25", SUNDAY, date(2025, 11, 3)),
        ("29 février", date(2026, 3, 10), date(2024, 2, 29)),
    ],
)
def test_parse_french_date(text, today, expected):
    assert parse_french_date(text, today) == expected


@pytest.mark.parametrize(
    "text", ["", "demain peut-être", "31/02/2026", "32 janvier", "13/13", "le 3", "n'importe quoi"]
)
def test_parse_french_date_rejects_what_is_not_a_date(text):
    assert parse_french_date(text, SUNDAY) is None


def test_format_french_date_uses_french_names_and_first_of_month():
    assert format_french_date(date(2026, 11, 27), today=SUNDAY) == "vendredi 27 novembre"
    assert format_french_date(date(2026, 12, 1), today=SUNDAY) == "mardi 1er décembre"
    assert format_french_date(date(2027, 1, 4), today=SUNDAY) == "lundi 4 janvier 2027"
    assert format_french_date(date(2026, 8, 15), today=SUNDAY, with_weekday=False) == "15 août"
