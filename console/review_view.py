"""What the review desk's pages show, from the read model's data (pure): French labels, Paris
dates, the turns as the page lists them, the points of the emotion chart, the options of the
list's filters."""

from __future__ import annotations

import dataclasses
import json
from datetime import date, datetime, timedelta, timezone
from typing import Any, Dict, List, Mapping, Optional, Sequence
from urllib.parse import urlencode

from litige import clock
from litige.brief import CATEGORY_LABELS, UNKNOWN_CATEGORY
from litige.catalogue import CATEGORIES
from litige.emotion_chart import LABELS as EMOTION_LABELS
from litige.emotion_chart import PALETTE, UNKNOWN_COLOUR, french_number
from litige.emotion_chart import summary as emotion_summary
from litige.review.filters import STATUS_LABELS
from litige.review.timeline import LOW_CONFIDENCE, MARKER_LABELS, OUTCOME_LABELS, OUTCOMES, REASON_LABELS

STEP_LABELS = {
    "attention": "Écoute",
    "questioning": "Questions",
    "resolution": "Proposition de solution",
    "closure": "Conclusion",
    "handoff": "Passage à un conseiller",
}
RATINGS = ("1", "2", "3", "4", "5")


def plain(value: Any) -> Any:
    """A dataclass (a Turn, a Summary) as a dict; lists and dicts walked through."""
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return {field.name: plain(getattr(value, field.name)) for field in dataclasses.fields(value)}
    if isinstance(value, Mapping):
        return {key: plain(item) for key, item in value.items()}
    if isinstance(value, (list, tuple)):
        return [plain(item) for item in value]
    return value


def paris_time(moment: Any) -> str:
    """A UNIX time, an ISO string or a datetime as Paris wall-clock time: "12/11/2026 14:05"."""
    if moment is None or moment == "":
        return ""
    if isinstance(moment, (int, float)):
        moment = datetime.fromtimestamp(float(moment), tz=timezone.utc)
    elif isinstance(moment, str):
        try:
            moment = datetime.fromisoformat(moment)
        except ValueError:
            return moment
    if not isinstance(moment, datetime):
        return str(moment)
    return clock.paris(moment).strftime("%d/%m/%Y %H:%M")


def value_text(value: Any) -> str:
    """A slot's or an entity's value as a person reads it: text as it is, the rest as JSON."""
    if isinstance(value, str):
        return value
    return json.dumps(value, ensure_ascii=False, default=str)


def count_text(count: int, noun: str) -> str:
    """ "1 note", "2 notes" (French: 0 and 1 take the singular)."""
    return f"{count} {noun}" if count in (0, 1) else f"{count} {noun}s"


def percent(value: Optional[float]) -> str:
    return "—" if value is None else f"{round(float(value) * 100)} %"


def category_label(name: Optional[str]) -> str:
    return CATEGORY_LABELS.get(name or "", name or UNKNOWN_CATEGORY)


def emotion_label(name: Optional[str]) -> str:
    return EMOTION_LABELS.get(name or "", name or "—")


def emotion_text(name: Optional[str], intensity: Optional[float]) -> str:
    if not name:
        return "—"
    return emotion_label(name) if intensity is None else f"{emotion_label(name)} ({french_number(intensity)})"


def outcome_label(name: Optional[str]) -> str:
    return OUTCOME_LABELS.get(name or "", name or "—")


def reason_label(name: Optional[str]) -> str:
    return REASON_LABELS.get(name or "", name or "")


def row_view(row: Mapping[str, Any]) -> Dict[str, Any]:
    """One line of the conversation list."""
    row = plain(row)
    confidence = row.get("min_confidence")
    return {
        **row,
        "started": paris_time(row.get("started_at")),
        "category_label": category_label(row.get("category")),
        "outcome_label": outcome_label(row.get("outcome")),
        "reason_label": reason_label(row.get("handoff_reason")),
        "emotion_start_text": emotion_text(row.get("emotion_start"), row.get("intensity_start")),
        "emotion_end_text": emotion_text(row.get("emotion_end"), row.get("intensity_end")),
        "confidence_text": percent(confidence),
        "low_confidence": confidence is not None and float(confidence) < LOW_CONFIDENCE,
        "status_label": STATUS_LABELS.get(row.get("status") or "new", row.get("status") or ""),
        "marker_labels": [MARKER_LABELS.get(kind, kind) for kind in row.get("marker_kinds") or []],
    }


def correction_text(correction: Mapping[str, Any]) -> str:
    """ "intention greet → deny ; émotion colère (0,80) → neutre (0,20), par tina le 12/11/2026 14:05"."""
    changes = []
    if correction.get("intent_after") != correction.get("intent_before"):
        changes.append(
            f"intention {correction.get('intent_before') or '—'} → {correction.get('intent_after')}"
        )
    before = emotion_text(correction.get("emotion_before"), correction.get("intensity_before"))
    after = emotion_text(correction.get("emotion_after"), correction.get("intensity_after"))
    if after != before:
        changes.append(f"émotion {before} → {after}")
    what = " ; ".join(changes) or "étiquettes confirmées"
    return f"{what}, par {correction.get('who')} le {paris_time(correction.get('at'))}"


def turn_view(turn: Mapping[str, Any], corrections: Sequence[Mapping[str, Any]] = ()) -> Dict[str, Any]:
    """One turn as the conversation page shows it (with its latest correction, if any)."""
    turn = plain(turn)
    mine = [c for c in corrections if c.get("turn_number") == turn.get("number")]
    confidence = turn.get("confidence")
    advisors = [
        {**message, "at": paris_time(message.get("timestamp"))}
        for message in turn.get("advisor_messages") or []
    ]
    return {
        **turn,
        "at": paris_time(turn.get("timestamp")),
        "confidence_text": percent(confidence),
        "low_confidence": confidence is not None
        and not turn.get("button")
        and float(confidence) < LOW_CONFIDENCE,
        "emotion_text": emotion_text(turn.get("emotion"), turn.get("intensity")),
        "step_label": STEP_LABELS.get(turn.get("step") or "", turn.get("step") or "—"),
        "entities_text": ", ".join(
            f"{e.get('entity')} = {value_text(e.get('value'))}" for e in turn.get("entities") or []
        ),
        "slots_list": [
            f"{name} = {value_text(value)}"
            for name, value in (turn.get("slots") or {}).items()
            if value not in (None, "", [], {})
        ],
        "advisor_messages": advisors,
        "corrected": correction_text(mine[-1]) if mine else "",
    }


def chart_points(turns: List[Mapping[str, Any]]) -> List[Dict[str, Any]]:
    """The emotion chart's points: one per message that carries an emotion (a button has none)."""
    points = []
    for turn in turns:
        emotion = turn.get("emotion")
        if not emotion or turn.get("button"):
            continue
        intensity = float(turn.get("intensity") or 0.0)
        points.append(
            {
                "turn": turn.get("number"),
                "emotion": emotion,
                "label": emotion_label(emotion),
                "intensity": round(intensity, 2),
                "colour": PALETTE.get(emotion, UNKNOWN_COLOUR),
            }
        )
    return points


def chart_text(points: List[Dict[str, Any]]) -> str:
    """The chart said in one sentence, for screen readers (and anyone)."""
    return emotion_summary([{key: p[key] for key in ("turn", "emotion", "intensity")} for p in points])


def markers_of(turns: List[Mapping[str, Any]]) -> List[Dict[str, Any]]:
    """Every marker of the conversation, with its turn, in order."""
    return [{"turn": turn.get("number"), **marker} for turn in turns for marker in turn.get("markers") or []]


def filter_options() -> Dict[str, List[Dict[str, str]]]:
    """The choices of the list's select filters (value, French label)."""

    def pairs(labels: Mapping[str, str]) -> List[Dict[str, str]]:
        return [{"value": key, "label": value} for key, value in labels.items()]

    return {
        "category": [{"value": key, "label": category_label(key)} for key in CATEGORIES],
        "outcome": [{"value": key, "label": OUTCOME_LABELS.get(key, key)} for key in OUTCOMES],
        "handoff_reason": pairs(REASON_LABELS),
        "rating": [{"value": value, "label": f"{value} / 5"} for value in RATINGS],
        "emotion": pairs(EMOTION_LABELS),
        "status": pairs(STATUS_LABELS),
        "marker": pairs(MARKER_LABELS),
    }


# ---------------------------------------------------------------------- the dashboard
def _list_link(start: date, end: date, **filters: Any) -> str:
    return "/revue?" + urlencode({"date_from": start.isoformat(), "date_to": end.isoformat(), **filters})


def _week_label(week: str) -> str:
    """ "2026-W49" -> "sem. du 30/11"."""
    try:
        year, number = week.split("-W")
        monday = date.fromisocalendar(int(year), int(number), 1)
    except ValueError:
        return week
    return f"sem. du {monday:%d/%m}"


def _count_rows(counts: Mapping[str, int], label, link) -> List[Dict[str, Any]]:
    top = max(list(counts.values()) + [1])
    return [
        {"label": label(key), "count": count, "max": top, "link": link(key)} for key, count in counts.items()
    ]


def dashboard_view(figures: Mapping[str, Any], start: date, end: date) -> Dict[str, Any]:
    """The dashboard's figures as the page shows them, each with the list it comes from."""

    def link(**filters: Any) -> str:
        return _list_link(start, end, **filters)

    rating = figures.get("rating_average")
    median_turns = figures.get("median_turns_to_resolution")
    cards = [
        ("Conversations", str(figures.get("conversations", 0)), "", link(), "Voir la liste"),
        (
            "Désescalade",
            percent(figures.get("deescalation_rate")),
            "client plus calme à la fin qu'au début, sur "
            + count_text(figures.get("deescalation_measured", 0), "conversation")
            + " où l'émotion a été lue",
            "",
            "",
        ),
        (
            "Passages à un conseiller",
            percent(figures.get("handoff_rate")),
            f"dont {figures.get('outcomes', {}).get('refusals', 0)} après des refus",
            link(outcome="handoff"),
            "Voir les conversations confiées",
        ),
        (
            "Accord dès la première proposition",
            percent(figures.get("consent_first_rate")),
            f"sur {count_text(figures.get('conversations_with_proposal', 0), 'conversation')} "
            "avec une proposition",
            link(outcome="refusals"),
            "Voir les refus",
        ),
        (
            "Note moyenne",
            "—" if rating is None else f"{french_number(rating).rstrip('0').rstrip(',')} / 5",
            f"sur {count_text(figures.get('rating_count', 0), 'note')}",
            link(rating_max="2"),
            "Voir les notes de 1 ou 2",
        ),
        (
            "Messages jusqu'à la résolution (médiane)",
            "—" if median_turns is None else french_number(median_turns).rstrip("0").rstrip(","),
            "conversations résolues par l'assistant",
            link(outcome="resolved"),
            "Voir les conversations résolues",
        ),
        (
            "Conversations abandonnées",
            str(figures.get("abandoned", 0)),
            f"soit {percent(figures.get('abandoned_rate'))} des conversations",
            link(outcome="abandoned"),
            "Voir les abandons",
        ),
    ]
    weekly = figures.get("weekly_categories") or {}
    weeks = sorted(weekly)
    categories = sorted({name for counts in weekly.values() for name in counts})
    alerts = []
    for alert in figures.get("alerts") or []:
        year, number = str(alert.get("week", "")).split("-W") if "-W" in str(alert.get("week")) else ("", "")
        try:
            monday = date.fromisocalendar(int(year), int(number), 1)
            where = _list_link(monday, monday + timedelta(days=6), category=alert.get("category"))
        except ValueError:
            where = link(category=alert.get("category"))
        alerts.append({"message": alert.get("message", ""), "link": where})
    return {
        "start": start.isoformat(),
        "end": end.isoformat(),
        "period_text": f"du {start:%d/%m/%Y} au {end:%d/%m/%Y}",
        "figures": figures,
        "cards": [
            dict(zip(("label", "value", "detail", "link", "link_text"), card, strict=True)) for card in cards
        ],
        "outcomes": _count_rows(figures.get("outcomes") or {}, outcome_label, lambda key: link(outcome=key)),
        "reasons": _count_rows(
            figures.get("handoff_reasons") or {},
            lambda key: reason_label(key) if key != "unknown" else "motif non précisé",
            lambda key: link(handoff_reason=key) if key != "unknown" else "",
        ),
        "ratings": _count_rows(
            figures.get("rating_distribution") or {}, lambda key: f"{key} / 5", lambda key: link(rating=key)
        ),
        "categories": _count_rows(
            figures.get("categories") or {},
            lambda key: category_label(None if key == "unknown" else key),
            lambda key: link(category=key) if key != "unknown" else "",
        ),
        "weekly": {
            "weeks": [
                _week_label(week)
                + (" (en cours)" if figures.get("current_week_incomplete") and week == weeks[-1] else "")
                for week in weeks
            ],
            "series": [
                {
                    "label": category_label(None if name == "unknown" else name),
                    "counts": [weekly[week].get(name, 0) for week in weeks],
                }
                for name in categories
            ],
        },
        "alerts": alerts,
    }
