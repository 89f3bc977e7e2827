"""Paris time at the instants where servers usually get it wrong."""

from datetime import date, datetime, timezone

import pytest

from litige import clock
from litige.config import get_settings


@pytest.fixture
def frozen(monkeypatch):
    def freeze(moment: str):
        monkeypatch.setenv("APP_NOW", moment)
        monkeypatch.delenv("APP_TODAY", raising=False)
        get_settings.cache_clear()

    yield freeze
    get_settings.cache_clear()


@pytest.mark.parametrize(
    "moment, paris_day",
    [
        ("2026-12-31T23:30:00+00:00", date(2027, 1, 1)),  # New Year in Paris, still 2026 in UTC
        ("2026-12-31T22:59:59+00:00", date(2026, 12, 31)),
        ("2027-03-27T23:30:00+00:00", date(2027, 3, 28)),  # the night clocks go forward (UTC+1)
        ("2027-03-28T22:30:00+00:00", date(2027, 3, 29)),  # after it, Paris is UTC+2
        ("2027-10-30T22:30:00+00:00", date(2027, 10, 31)),  # the night clocks go back
        ("2027-10-31T22:30:00+00:00", date(2027, 10, 31)),  # UTC+1 again: still the 31st
        ("2026-11-10T23:15:00+00:00", date(2026, 11, 11)),  # the evening before a public holiday
    ],
)
def test_today_is_the_date_in_paris(frozen, moment, paris_day):
    frozen(moment)
    assert clock.today() == paris_day


def test_paris_day_bounds_follow_daylight_saving():
    assert clock.day_start(date(2027, 1, 1)) == datetime(2026, 12, 31, 23, 0, tzinfo=timezone.utc)
    assert clock.day_start(date(2027, 7, 1)) == datetime(2027, 6, 30, 22, 0, tzinfo=timezone.utc)
    # the day clocks go forward is 23 hours long, the day they go back 25
    assert (
        clock.day_end(date(2027, 3, 28)) - clock.day_start(date(2027, 3, 28))
    ).total_seconds() == 23 * 3600
    assert (
        clock.day_end(date(2027, 10, 31)) - clock.day_start(date(2027, 10, 31))
    ).total_seconds() == 25 * 3600


def test_a_fixed_date_alone_is_midday_in_paris(monkeypatch):
    monkeypatch.setenv("APP_TODAY", "2027-01-04")
    monkeypatch.delenv("APP_NOW", raising=False)
    get_settings.cache_clear()
    try:
        assert clock.now() == datetime(2027, 1, 4, 11, 0, tzinfo=timezone.utc)
        assert clock.today() == date(2027, 1, 4)
    finally:
        get_settings.cache_clear()


def test_a_naive_moment_is_taken_as_utc():
    assert clock.paris(datetime(2027, 6, 1, 10, 0)).hour == 12


def test_a_naive_moment_read_back_from_sqlite_is_utc_and_an_aware_one_is_kept():
    from datetime import datetime, timezone

    from litige.clock import PARIS, aware

    assert aware(datetime(2026, 12, 31, 23, 30)) == datetime(2026, 12, 31, 23, 30, tzinfo=timezone.utc)
    paris_noon = datetime(2026, 12, 7, 12, 0, tzinfo=PARIS)
    assert aware(paris_noon) is paris_noon
    assert aware(None) is None
