"""When a follow-up may go out: once the promised day is over, in the company's hours, on a
business day (national and regional public holidays skipped); retries spaced out."""

from datetime import date, datetime, timedelta, timezone

from litige.advisor_hours import parse_hours
from litige.clock import PARIS
from litige.follow_up_rules import fire_moment, first_business_day_after, may_fire, retry_delay

HOURS = parse_hours("lun-ven 09:00-18:00; sam 09:00-12:00")


def test_the_day_after_the_promise_or_the_next_business_day():
    assert first_business_day_after(date(2026, 11, 24)) == date(2026, 11, 25)  # Tue -> Wed
    assert first_business_day_after(date(2026, 11, 20)) == date(2026, 11, 23)  # Fri -> Mon
    assert first_business_day_after(date(2026, 11, 10)) == date(2026, 11, 12)  # 11 November skipped
    assert first_business_day_after(date(2026, 12, 31)) == date(2027, 1, 4)  # New Year, then a weekend


def test_regional_days_off_are_skipped_in_alsace_moselle():
    thursday_before_easter = date(2027, 3, 25)
    assert first_business_day_after(thursday_before_easter) == date(2027, 3, 26)  # Good Friday elsewhere
    # Good Friday, the weekend and Easter Monday: Tuesday
    assert first_business_day_after(thursday_before_easter, "alsace-moselle") == date(2027, 3, 30)
    assert first_business_day_after(date(2025, 12, 24), "alsace-moselle") == date(2025, 12, 29)


def test_it_fires_at_the_opening_in_paris_time_across_daylight_saving():
    assert fire_moment(date(2026, 11, 24), HOURS) == datetime(2026, 11, 25, 9, 0, tzinfo=PARIS)
    # promised Friday 26 March 2027; the clocks go forward on Sunday 28, Monday 29 is Easter
    # Monday: Tuesday 30 at 9:00 in Paris, which is 7:00 UTC in summer time
    summer = fire_moment(date(2027, 3, 26), HOURS)
    assert summer.astimezone(timezone.utc) == datetime(2027, 3, 30, 7, 0, tzinfo=timezone.utc)


def test_never_before_its_moment_nor_outside_the_hours():
    promised = date(2026, 11, 24)
    assert not may_fire(promised, HOURS, datetime(2026, 11, 24, 23, 30, tzinfo=timezone.utc))  # 00:30 Paris
    assert not may_fire(promised, HOURS, datetime(2026, 11, 25, 7, 59, tzinfo=timezone.utc))  # 08:59 Paris
    assert may_fire(promised, HOURS, datetime(2026, 11, 25, 8, 0, tzinfo=timezone.utc))  # 09:00 Paris
    assert not may_fire(promised, HOURS, datetime(2026, 11, 25, 19, 0, tzinfo=timezone.utc))  # 20:00: closed
    assert may_fire(
        promised, HOURS, datetime(2026, 11, 28, 9, 0, tzinfo=timezone.utc)
    )  # overdue, Saturday open


def test_hours_that_never_open_never_fire():
    closed = parse_hours("")
    assert fire_moment(date(2026, 11, 24), closed) is None
    assert not may_fire(date(2026, 11, 24), closed, datetime(2026, 12, 1, 10, 0, tzinfo=timezone.utc))


def test_retries_are_spaced_out_and_capped():
    assert [retry_delay(n) for n in (1, 2, 3, 4)] == [timedelta(minutes=m) for m in (5, 10, 20, 40)]
    assert retry_delay(20) == timedelta(hours=6)
