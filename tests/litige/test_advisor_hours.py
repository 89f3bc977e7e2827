from datetime import datetime, time, timezone

import pytest

from litige.advisor_hours import PARIS, HoursError, french_hour, parse_hours

HOURS = parse_hours("lun-ven 09:00-18:00; sam 09:00-12:00")


def paris(*args):
    return datetime(*args, tzinfo=PARIS)


def test_open_in_paris_time_not_utc():
    # Tuesday 8 December 2026, 08:30 UTC is 09:30 in Paris (winter, UTC+1)
    assert HOURS.is_open(datetime(2026, 12, 8, 8, 30, tzinfo=timezone.utc))
    assert not HOURS.is_open(datetime(2026, 12, 8, 7, 30, tzinfo=timezone.utc))  # 08:30 Paris
    assert not HOURS.is_open(paris(2026, 12, 8, 18, 0))  # the range's end is closed


def test_saturday_morning_only_and_sunday_closed():
    assert HOURS.is_open(paris(2026, 12, 12, 11, 0))
    assert not HOURS.is_open(paris(2026, 12, 12, 14, 0))
    assert not HOURS.is_open(paris(2026, 12, 13, 11, 0))


def test_a_public_holiday_is_closed():
    assert not HOURS.is_open(paris(2026, 12, 25, 10, 0))  # Christmas, a Friday
    start, _ = HOURS.next_opening(paris(2026, 12, 24, 19, 0))
    assert start == paris(2026, 12, 26, 9, 0)  # Saturday 26th


def test_the_call_back_after_closing_time_is_the_next_morning_within_three_hours():
    start, end = HOURS.callback(paris(2026, 12, 7, 20, 15))  # Monday evening
    assert (start, end) == (paris(2026, 12, 8, 9, 0), paris(2026, 12, 8, 12, 0))


def test_the_call_back_on_saturday_noon_ends_with_the_range():
    hours = parse_hours("sam 09:00-11:00")
    start, end = hours.callback(paris(2026, 12, 11, 20, 0))
    assert (start, end) == (paris(2026, 12, 12, 9, 0), paris(2026, 12, 12, 11, 0))


def test_several_ranges_a_day():
    hours = parse_hours("lun,mer 09:00-12:00,14:00-17:30")
    assert hours.is_open(paris(2026, 12, 7, 15, 0))
    assert not hours.is_open(paris(2026, 12, 7, 13, 0))
    assert not hours.is_open(paris(2026, 12, 8, 10, 0))  # Tuesday not listed
    assert hours.next_opening(paris(2026, 12, 7, 12, 30))[0] == paris(2026, 12, 7, 14, 0)


@pytest.mark.parametrize(
    "raw", ["lundi 09:00-18:00", "lun-ven 9-18", "ven-lun 09:00-18:00", "lun 18:00-09:00", "lun"]
)
def test_unreadable_hours_are_refused(raw):
    with pytest.raises(HoursError):
        parse_hours(raw)


def test_no_open_day_means_no_call_back():
    assert parse_hours("").callback(paris(2026, 12, 7, 10, 0)) is None


def test_french_hours():
    assert (french_hour(time(12, 0)), french_hour(time(9, 30))) == ("12 h", "9 h 30")
