from datetime import date

import pytest

from litige.business_days import add_business_days, easter_sunday, french_public_holidays, is_business_day


@pytest.mark.parametrize(
    "year, expected",
    [
        (2024, date(2024, 3, 31)),
        (2025, date(2025, 4, 20)),
        (2026, date(2026, 4, 5)),
        (2027, date(2027, 3, 28)),
        (2038, date(2038, 4, 25)),
    ],
)
def test_easter(year, expected):
    assert easter_sunday(year) == expected


def test_2026_holidays():
    holidays = french_public_holidays(2026)
    assert len(holidays) == 11
    assert {date(2026, 4, 6), date(2026, 5, 14), date(2026, 5, 25), date(2026, 11, 11)} <= holidays


@pytest.mark.parametrize(
    "start, days, expected",
    [
        (date(2026, 11, 16), 2, date(2026, 11, 18)),  # Monday + 2 -> Wednesday
        (date(2026, 11, 20), 1, date(2026, 11, 23)),  # Friday + 1 -> Monday (weekend skipped)
        (date(2026, 11, 20), 5, date(2026, 11, 27)),  # Friday + 5 -> next Friday
        (date(2026, 11, 21), 1, date(2026, 11, 23)),  # Saturday + 1 -> Monday
        (date(2026, 11, 22), 0, date(2026, 11, 23)),  # Sunday + 0 -> next business day
        (date(2026, 11, 26), 3, date(2026, 12, 1)),  # month boundary
        (date(2026, 12, 24), 1, date(2026, 12, 28)),  # Christmas Friday then weekend
        (date(2026, 12, 30), 2, date(2027, 1, 4)),  # year boundary and New Year's Day
        (date(2026, 11, 10), 1, date(2026, 11, 12)),  # 11 November skipped
        (date(2026, 5, 7), 1, date(2026, 5, 11)),  # 8 May (Friday) skipped
    ],
)
def test_add_business_days(start, days, expected):
    assert add_business_days(start, days) == expected
    assert is_business_day(expected)


def test_negative_days_are_refused():
    with pytest.raises(ValueError):
        add_business_days(date(2026, 11, 16), -1)
