from datetime import date

from litige.availability import Slot
from litige.catalogue import catalogue
from litige.scheduling import narrow, schedule
from litige.situation import Situation

FRIDAY = date(2026, 11, 20)


def test_a_window_is_cut_to_its_first_hours():
    assert narrow(("08:00", "18:00"), 2) == ("08:00", "10:00")
    assert narrow(("18:00", "19:00"), 2) == ("18:00", "19:00")
    assert narrow(("09:30", "19:00"), 1) == ("09:30", "10:30")
    assert narrow(("08:00", "18:00"), 0) == ("08:00", "18:00")


def test_a_visit_never_lands_on_a_day_or_part_of_day_the_customer_excluded():
    visit = catalogue()["service"].remedy("repair_visit")
    # Wednesday 25 is the first day after the delay; "pas le mercredi, pas le matin"
    excluded = [Slot(day="mercredi", excluded=True), Slot(part="matin", excluded=True)]
    assert schedule(visit, FRIDAY, Situation(), excluded) == (date(2026, 11, 26), ("12:00", "14:00"))


def test_with_the_plannings_slots_the_first_free_one_that_fits_is_taken():
    visit = catalogue()["service"].remedy("repair_visit")
    slots = (
        (date(2026, 11, 24), "08:00", "10:00"),
        (date(2026, 11, 25), "08:00", "10:00"),
        (date(2026, 11, 25), "16:00", "18:00"),
    )
    seen = Situation(visits=slots)
    assert schedule(visit, FRIDAY, seen) == (date(2026, 11, 25), ("08:00", "10:00"))  # the 24th is too early
    assert schedule(visit, FRIDAY, seen, [Slot(after="15:00")]) == (date(2026, 11, 25), ("16:00", "18:00"))


def test_when_nothing_said_fits_the_first_open_day_and_window_are_offered():
    visit = catalogue()["service"].remedy("repair_visit")
    assert schedule(visit, FRIDAY, Situation(), [Slot(day="dimanche")]) == (
        date(2026, 11, 25),
        ("08:00", "10:00"),
    )


def test_a_remedy_without_appointment_has_a_day_and_no_window():
    refund = catalogue()["refund"].remedy("refund")
    assert schedule(refund, FRIDAY, Situation(order="found", amount=10.0)) == (date(2026, 11, 27), None)


def test_a_bare_day_counts_only_when_it_answers_the_availability_question():
    visit = catalogue()["service"].remedy("repair_visit")
    saturday = [Slot(day="samedi")]
    # said in passing ("pour le baptême, samedi"): not a wish, the first open day is kept
    assert schedule(visit, FRIDAY, Situation(), saturday) == (date(2026, 11, 25), ("08:00", "10:00"))
    # the answer to "when are you available?": Saturday 28 it is
    assert schedule(visit, FRIDAY, Situation(), saturday, stated=True) == (
        date(2026, 11, 28),
        ("08:00", "10:00"),
    )
