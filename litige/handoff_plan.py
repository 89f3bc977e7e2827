"""What a handoff can honestly promise (pure): a short wait when an advisor is there, or a
call back at the next opening when nobody is (closed, nobody signed in, or too long a wait)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Dict, Optional

from litige.advisor_hours import PARIS, Hours, french_hour
from litige.dates import format_french_date
from litige.ownership import estimated_wait_minutes
from litige.phrases import render

WAITING, CALLBACK = "waiting", "callback"
CLOSED, NOBODY, BUSY = "nobody_closed", "nobody_signed_in", "nobody_busy"


@dataclass(frozen=True)
class Plan:
    kind: str  # WAITING or CALLBACK
    wait_minutes: Optional[int] = None
    why: Optional[str] = None  # CLOSED, NOBODY or BUSY for a call back
    callback_at: Optional[datetime] = None
    callback_before: Optional[datetime] = None


def plan(now: datetime, hours: Hours, advisors_online: int, position: int, max_wait_minutes: int) -> Plan:
    """``position``: the conversation's place in the queue once added (1 = next)."""
    why = None
    wait = estimated_wait_minutes(position, advisors_online)
    if not hours.is_open(now):
        why = CLOSED
    elif advisors_online <= 0:
        why = NOBODY
    elif wait is not None and wait > max_wait_minutes:
        why = BUSY
    if why is None:
        return Plan(WAITING, wait_minutes=wait)
    window = hours.callback(now)
    if window is None:  # no opening day configured at all: nothing to promise but the queue
        return Plan(WAITING, wait_minutes=wait, why=why)
    return Plan(CALLBACK, why=why, callback_at=window[0], callback_before=window[1])


def wait_text(minutes: Optional[int]) -> str:
    if minutes is None or minutes <= 5:
        return render("wait_short")[0]
    return render("wait_minutes", values={"minutes": minutes})[0]


def callback_values(callback_before: datetime, email: Optional[str], today) -> Dict[str, str]:
    """{where} {day} {hour} of the call-back phrases, in Paris time."""
    local = callback_before.astimezone(PARIS)
    where = (
        render("callback_here_or_email", values={"email": email})[0] if email else render("callback_here")[0]
    )
    return {
        "where": where,
        "day": format_french_date(local.date(), today=today),
        "hour": french_hour(local.time()),
    }


def why_text(why: str) -> str:
    return render(why)[0]
