"""Ticket priority rules (pure, unit-tested). The bot only ever raises a priority.

urgent  a serious threat (legal action, mediator or consumer association, chargeback,
        public exposure), or a product that may be unsafe (fumée, brûlure, électrocution...)
high    any handoff to an advisor; a threat to leave or to post a review; a peak of anger
        at 0.75 or more, or of frustration at 0.85 or more; a follow-up answered "non"
        (the problem is not solved on the promised date); 200 EUR or more in dispute
low     a calm communication complaint (peak neutral or satisfied, intensity under 0.3)
normal  everything else
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from typing import Optional

from litige.signals import detect
from litige.tickets.models import PRIORITIES

SERIOUS_REASON = "serious_threat"
AMOUNT_THRESHOLD = Decimal("200")


@dataclass(frozen=True)
class PriorityFacts:
    category: str
    description: str = ""
    peak_emotion: Optional[str] = None
    peak_intensity: float = 0.0
    handoff_reason: Optional[str] = None
    threat_raised: bool = False  # a threat to leave / to post a review was acknowledged
    follow_up_failed: bool = False
    disputed_amount: Optional[str] = None  # normalised "249.90"
    hazard: bool = False  # a customer message mentioned a possible danger (litige.signals)


def derive_priority(facts: PriorityFacts) -> str:
    if facts.handoff_reason == SERIOUS_REASON or facts.hazard or detect(facts.description).hazard:
        return "urgent"
    try:
        big_amount = facts.disputed_amount is not None and Decimal(facts.disputed_amount) >= AMOUNT_THRESHOLD
    except InvalidOperation:
        big_amount = False
    if (
        facts.handoff_reason
        or facts.threat_raised
        or facts.follow_up_failed
        or big_amount
        or (facts.peak_emotion == "anger" and facts.peak_intensity >= 0.75)
        or (facts.peak_emotion == "frustration" and facts.peak_intensity >= 0.85)
    ):
        return "high"
    if (
        facts.category == "communication"
        and facts.peak_emotion in ("neutral", "satisfaction", None)
        and facts.peak_intensity < 0.3
    ):
        return "low"
    return "normal"


def highest(*priorities: Optional[str]) -> str:
    """The highest of the given priorities (None ignored)."""
    known = [p for p in priorities if p in PRIORITIES]
    return max(known, key=PRIORITIES.index) if known else "normal"
