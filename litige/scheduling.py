"""When a remedy happens (pure): the promised day, and for a remedy that needs the customer
there or on the phone, a window of a few hours inside what the customer said they can do.

* the business-day delay of the catalogue, French public holidays and the configured
  regional days skipped;
* never before the carrier's own estimate for a remedy dated by the carrier
  (``date: carrier_eta``);
* for a technician visit (``date: visit``), the first slot the planning still has, on a
  day and at a time the customer did not exclude;
* for any other appointment, the first day of the remedy's week days that the customer
  can do, and a window of at most ``window_hours`` inside their stated hours (days and
  parts of days they excluded are left out; a bare day said in passing is not a wish, a
  day given as the answer to "when are you available?" is).
"""

from __future__ import annotations

from datetime import date, timedelta
from typing import Callable, Optional, Sequence, Tuple

from litige import negotiation as nego
from litige.availability import Slot
from litige.business_days import add_business_days, is_business_day
from litige.catalogue import Remedy
from litige.situation import Situation

Window = Tuple[str, str]


def open_for(remedy: Remedy, region: str = "") -> Callable[[date], bool]:
    """Whether an appointment remedy can happen on a day (its week days, no public holiday)."""

    def is_open(day: date) -> bool:
        holiday = day.weekday() < 5 and not is_business_day(day, region)
        return day.weekday() in remedy.appointment_days and not holiday

    return is_open


def earliest(remedy: Remedy, today: date, situation: Optional[Situation] = None, region: str = "") -> date:
    """The first day the company can keep: the delay, and never before the carrier's estimate."""
    due = add_business_days(today, remedy.delay_business_days, region)
    if remedy.date_from == "carrier_eta" and situation is not None and situation.carrier_eta:
        due = max(due, situation.carrier_eta)
    return due


def _minutes(hhmm: str) -> int:
    hours, minutes = hhmm.split(":")
    return int(hours) * 60 + int(minutes)


def _hhmm(minutes: int) -> str:
    return f"{minutes // 60:02d}:{minutes % 60:02d}"


def narrow(window: Window, hours: int) -> Window:
    """The first ``hours`` of a window ("08:00"-"18:00", 2 -> "08:00"-"10:00"); unchanged when
    it is already short enough or ``hours`` is 0."""
    start, end = _minutes(window[0]), _minutes(window[1])
    if not hours or end - start <= hours * 60:
        return window
    return window[0], _hhmm(start + hours * 60)


def _fits(slot_window: Window, wanted: Window) -> bool:
    return wanted[0] <= slot_window[0] and slot_window[1] <= wanted[1]


def schedule(
    remedy: Remedy,
    today: date,
    situation: Optional[Situation] = None,
    availability: Sequence[Slot] = (),
    region: str = "",
    stated: bool = False,
) -> Tuple[date, Optional[Window]]:
    """The promised day and, for an appointment, its window ("HH:MM", "HH:MM"); ``stated``:
    the availability is the customer's answer to the question, bare days included."""
    first = earliest(remedy, today, situation, region)
    if not remedy.appointment:
        return first, None
    # what the customer offered with a time of day ("jeudi après-midi", "après 18 h"), and what
    # they excluded; a bare day said in passing ("pour le baptême, samedi prochain") is not an
    # appointment they asked for: a day is only moved to when they name it at the proposal
    wanted = tuple(s for s in availability if not s.excluded and (stated or s.part or s.after or s.before))
    reply = nego.Reply(nego.COUNTER, wanted=wanted, excluded=tuple(s for s in availability if s.excluded))
    if remedy.date_from == "visit" and situation is not None and situation.visits:
        for day, start, end in situation.visits:
            if day < first:
                continue
            if nego.fit_day(reply, day, today, lambda d, day=day: d == day) != day:
                continue
            asked = nego.window(wanted, day, today, (start, end)) if wanted else (start, end)
            if (
                asked is not None
                and _fits((start, end), asked)
                and not _excluded(reply, day, (start, end), today)
            ):
                return day, (start, end)
    is_open = open_for(remedy, region)
    day = first
    for _ in range(nego.HORIZON_DAYS):
        day = nego.fit_day(reply, day, today, is_open)
        if day is None:
            break
        asked = nego.window(wanted, day, today, remedy.appointment_hours)
        free = _first_free(asked, remedy.window_hours, reply, day, today) if asked else None
        if free is not None:
            return day, free
        day += timedelta(days=1)
    # nothing the customer said fits: the first open day, the first window (they can counter)
    day = first
    while not is_open(day):
        day += timedelta(days=1)
    return day, narrow(remedy.appointment_hours, remedy.window_hours)


def _first_free(asked: Window, hours: int, reply: nego.Reply, day: date, today: date) -> Optional[Window]:
    """The first window of at most ``hours`` inside ``asked`` that the customer did not
    exclude, trying each half hour; None when every one of them is excluded."""
    length = hours * 60 if hours else _minutes(asked[1]) - _minutes(asked[0])
    start, end = _minutes(asked[0]), _minutes(asked[1])
    for begin in range(start, max(start, end - length) + 1, 30):
        window = (_hhmm(begin), _hhmm(min(end, begin + length)))
        if not _excluded(reply, day, window, today):
            return window
    return None


def _excluded(reply: nego.Reply, day: date, window: Window, today: date) -> bool:
    """Whether the customer excluded this part of this day ("pas le matin", "mardi matin je
    travaille")."""
    parts = {"matin": ("08:00", "12:00"), "apres-midi": ("13:00", "18:00"), "soir": ("18:00", "21:00")}
    for slot in reply.excluded:
        if (slot.day or slot.date_of_month) and not nego.matches(slot, day, today):
            continue
        if not (slot.part or slot.after or slot.before):
            continue  # a whole day excluded: fit_day already left it out
        start, end = parts.get(slot.part or "", ("00:00", "23:59"))
        start, end = max(start, slot.after or start), min(end, slot.before or end)
        if window[0] < end and start < window[1]:
            return True
    return False
