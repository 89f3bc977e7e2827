"""The review desk's figures over a period, from the read model's summaries (pure).

``figures`` gives one key per figure (the dashboard, ``make report`` and its ``--json`` read
the same dict). Rates are fractions between 0 and 1, or None when nothing could be measured
(no conversation with a proposal: no consent rate). Weeks are ISO weeks of the conversation's
start, Paris time ("2026-W49").

The alert follows seed 002's "signes indiquant un problème imminent": a complaint category
whose count in the latest week reaches ``ALERT_FACTOR`` times its average over the
``ALERT_WEEKS`` weeks before, and at least ``ALERT_MIN`` conversations.
"""

from __future__ import annotations

from collections import Counter
from datetime import date, datetime, timedelta, timezone
from statistics import median
from typing import Any, Dict, Iterable, List, Mapping, Optional

from litige.clock import PARIS
from litige.dates import format_french_date
from litige.review.timeline import OUTCOMES

ALERT_FACTOR = 2.0
ALERT_WEEKS = 4
ALERT_MIN = 5
HANDOFF_OUTCOMES = ("handoff", "refusals")
CATEGORY_LABELS = {
    "delivery": "livraison",
    "product": "produit",
    "billing": "facturation",
    "refund": "remboursement",
    "service": "service",
    "communication": "communication",
}


def _get(summary: Any, key: str) -> Any:
    if isinstance(summary, Mapping):
        return summary.get(key)
    return getattr(summary, key, None)


def _rate(part: int, whole: int) -> Optional[float]:
    return round(part / whole, 4) if whole else None


def week_of(moment: float) -> str:
    """The ISO week, Paris time, of a UNIX timestamp: "2026-W49"."""
    day = datetime.fromtimestamp(moment, tz=timezone.utc).astimezone(PARIS).date()
    year, week, _ = day.isocalendar()
    return f"{year}-W{week:02d}"


def weeks_between(start: date, end: date) -> List[str]:
    """Every ISO week from the one holding ``start`` to the one holding ``end``, in order."""
    weeks: List[str] = []
    day = start - timedelta(days=start.weekday())
    while day <= end:
        year, week, _ = day.isocalendar()
        weeks.append(f"{year}-W{week:02d}")
        day += timedelta(days=7)
    return weeks


def week_monday(week: str) -> date:
    """The Monday of an ISO week ("2026-W49" -> 30 November 2026)."""
    year, number = week.split("-W")
    return date.fromisocalendar(int(year), int(number), 1)


def _alert(weekly: Mapping[str, Mapping[str, int]], weeks: List[str], at: int, category: str):
    """The alert for ``category`` in ``weeks[at]`` against the weeks before it, or None."""
    before = weeks[max(0, at - ALERT_WEEKS) : at]
    if not before:
        return None
    count = weekly.get(weeks[at], {}).get(category, 0)
    average = sum(weekly.get(w, {}).get(category, 0) for w in before) / len(before)
    if count < ALERT_MIN or count < ALERT_FACTOR * average:
        return None
    label = CATEGORY_LABELS.get(category, category)
    monday = format_french_date(week_monday(weeks[at]), with_weekday=False)
    return {
        "category": category,
        "week": weeks[at],
        "count": count,
        "average": round(average, 1),
        "message": (
            f"Réclamations « {label} » en forte hausse : {count} la semaine du {monday}, "
            f"contre {_french_number(average)} en moyenne sur les {len(before)} semaines précédentes."
        ),
    }


def alerts(
    weekly: Mapping[str, Mapping[str, int]], weeks: List[str], current_incomplete: bool = False
) -> List[Dict[str, Any]]:
    """Categories whose latest week is well above their recent weekly average. When the latest
    week has only begun (``current_incomplete``), the last complete week is judged too: a rise
    last week is still news on Monday morning."""
    if len(weeks) < 2:
        return []
    judged = [len(weeks) - 1]
    if current_incomplete and len(weeks) > 2:
        judged.insert(0, len(weeks) - 2)
    found: Dict[str, Dict[str, Any]] = {}
    categories = sorted({c for counts in weekly.values() for c in counts})
    for at in judged:
        # the weeks compared with never include the week that has only begun
        for category in categories:
            alert = _alert(weekly, weeks[: at + 1], at, category)
            if alert is not None:
                found[category] = alert  # the latest week's alert wins
    return [found[category] for category in sorted(found)]


def _incomplete(end: date) -> bool:
    """The period ends before the Sunday of its last week (that week has not ended)."""
    return end.weekday() < 6


def _french_number(value: float) -> str:
    return f"{value:.1f}".replace(".", ",")


def figures(summaries: Iterable[Any], start: date, end: date) -> Dict[str, Any]:
    """The dashboard's figures for the conversations started from ``start`` to ``end``
    (Paris dates, both included; the caller selects the summaries)."""
    rows = list(summaries)
    total = len(rows)
    outcomes = Counter(_get(r, "outcome") for r in rows)
    handed = [r for r in rows if _get(r, "outcome") in HANDOFF_OUTCOMES]
    reasons = Counter(_get(r, "handoff_reason") or "unknown" for r in handed)
    judged = [r for r in rows if _get(r, "deescalated") is not None]
    proposed = [r for r in rows if (_get(r, "proposals") or 0) > 0]
    ratings = [int(_get(r, "rating")) for r in rows if _get(r, "rating")]
    resolved_turns = [
        int(_get(r, "resolved_turn"))
        for r in rows
        if _get(r, "outcome") == "resolved" and _get(r, "resolved_turn")
    ]
    categories = Counter(_get(r, "category") or "unknown" for r in rows)
    weeks = weeks_between(start, end)
    weekly: Dict[str, Dict[str, int]] = {week: {} for week in weeks}
    for row in rows:
        week = week_of(float(_get(row, "started_at") or 0.0))
        category = _get(row, "category") or "unknown"
        counts = weekly.setdefault(week, {})
        counts[category] = counts.get(category, 0) + 1
    return {
        "period_start": start.isoformat(),
        "period_end": end.isoformat(),
        "conversations": total,
        "outcomes": {outcome: outcomes.get(outcome, 0) for outcome in OUTCOMES},
        "deescalation_rate": _rate(sum(1 for r in judged if _get(r, "deescalated")), len(judged)),
        "deescalation_measured": len(judged),
        "handoff_rate": _rate(len(handed), total),
        "handoff_reasons": dict(reasons.most_common()),
        "consent_first_rate": _rate(sum(1 for r in proposed if _get(r, "consent_first")), len(proposed)),
        "conversations_with_proposal": len(proposed),
        "rating_average": round(sum(ratings) / len(ratings), 2) if ratings else None,
        "rating_count": len(ratings),
        "rating_distribution": {str(n): ratings.count(n) for n in range(1, 6)},
        "median_turns_to_resolution": median(resolved_turns) if resolved_turns else None,
        "abandoned": outcomes.get("abandoned", 0),
        "abandoned_rate": _rate(outcomes.get("abandoned", 0), total),
        "categories": dict(categories.most_common()),
        "weekly_categories": {week: weekly[week] for week in sorted(weekly)},
        "current_week_incomplete": _incomplete(end),
        "alerts": alerts(weekly, sorted(weekly), _incomplete(end)),
    }
