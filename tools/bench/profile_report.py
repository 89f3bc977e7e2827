"""The pure half of tools/profile_turn.py: a turn's timed calls, and the profile and tables
made from them (no Rasa, no I/O)."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Callable, Dict, List, Sequence

from tools.measure_footprint import percentile

OTHER = "rasa/other"
GROUPS = ("nlu", "policies", "action server", "tracker store", "rasa")


@dataclass
class Call:
    """One timed call within a turn; ``part`` is "<group>/<name>". Calls never overlap."""

    part: str
    ms: float
    sent: int = 0  # bytes sent (action server)
    received: int = 0  # bytes received (action server)
    events: int = 0  # events read (retrieve), held by the saved tracker (save), sent (action server)


@dataclass
class Turn:
    total_ms: float
    calls: List[Call] = field(default_factory=list)
    events_added: int = 0
    actions: int = 0  # actions run, action_listen excluded
    predictions: int = 0  # runs of the policy graph


def group_of(part: str) -> str:
    return part.split("/", 1)[0]


def with_other(turn: Turn) -> List[Call]:
    """The turn's calls and what is left of its time (never negative) as ``rasa/other``."""
    measured = sum(call.ms for call in turn.calls)
    return [*turn.calls, Call(OTHER, max(0.0, turn.total_ms - measured))]


def _mean(values: Sequence[float]) -> float:
    return sum(values) / len(values) if values else 0.0


def _stats(per_turn: List[float], calls: List[Call], turns: int, mean_total: float) -> Dict[str, float]:
    return {
        "mean_ms": _mean(per_turn),
        "p95_ms": percentile(per_turn, 95),
        "calls_per_turn": len(calls) / turns,
        "sent_bytes_per_call": _mean([c.sent for c in calls]),
        "received_bytes_per_call": _mean([c.received for c in calls]),
        "events_per_call": _mean([c.events for c in calls]),
        "share": _mean(per_turn) / mean_total if mean_total else 0.0,
    }


def summarise(turns: Sequence[Turn]) -> Dict[str, Any]:
    """The profile: for each part and each group, per turn (mean, p95 of its summed time,
    calls), per call (bytes, events) and its share of the mean turn."""
    if not turns:
        raise ValueError("no turn to summarise")
    count = len(turns)
    totals = [turn.total_ms for turn in turns]
    mean_total = _mean(totals)
    every = [with_other(turn) for turn in turns]
    names = sorted({call.part for calls in every for call in calls})

    def aggregate(key: Callable[[str], str], value: str) -> Dict[str, float]:
        selected = [[call for call in calls if key(call.part) == value] for calls in every]
        per_turn = [sum(call.ms for call in chosen) for chosen in selected]
        return _stats(per_turn, [call for chosen in selected for call in chosen], count, mean_total)

    parts = {name: aggregate(str, name) for name in names}
    groups = {group: aggregate(group_of, group) for group in GROUPS}
    return {
        "turns": count,
        "turn": {"mean_ms": mean_total, "p95_ms": percentile(totals, 95)},
        "events_added_per_turn": _mean([t.events_added for t in turns]),
        "actions_per_turn": _mean([t.actions for t in turns]),
        "predictions_per_turn": _mean([t.predictions for t in turns]),
        "groups": groups,
        "parts": dict(sorted(parts.items(), key=lambda item: -item[1]["mean_ms"])),
    }


def _size(value: float) -> str:
    return f"{value:,.0f}" if value else "-"


def format_table(profile: Dict[str, Any], width: int = 52) -> str:
    """The printed table: groups first, then every part, by mean time."""
    head = f"{'part':<{width}} {'mean ms':>8} {'p95 ms':>8} {'calls':>6} {'B sent':>8} {'B recv':>8}"
    head += f" {'share':>6}"
    lines = [head, "-" * len(head)]
    for title, rows in (("groups", profile["groups"]), ("parts", profile["parts"])):
        lines.append(f"[{title}]")
        for name, s in rows.items():
            lines.append(
                f"{name[:width]:<{width}} {s['mean_ms']:>8.1f} {s['p95_ms']:>8.1f} "
                f"{s['calls_per_turn']:>6.2f} {_size(s['sent_bytes_per_call']):>8} "
                f"{_size(s['received_bytes_per_call']):>8} {s['share']:>6.1%}"
            )
    turn = profile["turn"]
    lines += [
        "-" * len(head),
        f"{profile['turns']} turns: mean {turn['mean_ms']:.1f} ms, p95 {turn['p95_ms']:.1f} ms; per turn: "
        f"{profile['predictions_per_turn']:.2f} policy graph runs, "
        f"{profile['actions_per_turn']:.2f} actions, {profile['events_added_per_turn']:.1f} events added",
    ]
    return "\n".join(lines)


def markdown_table(profile: Dict[str, Any], top: int = 12) -> str:
    """README-ready: the groups, then the ``top`` parts by mean time."""
    rows = list(profile["groups"].items()) + list(profile["parts"].items())[:top]
    lines = [
        "| part | mean ms | p95 ms | calls / turn | bytes sent / call | bytes received / call | share |",
        "|---|---:|---:|---:|---:|---:|---:|",
    ]
    for index, (name, s) in enumerate(rows):
        label = f"**{name}**" if index < len(profile["groups"]) else f"`{name}`"
        lines.append(
            f"| {label} | {s['mean_ms']:.1f} | {s['p95_ms']:.1f} | {s['calls_per_turn']:.2f} | "
            f"{_size(s['sent_bytes_per_call'])} | {_size(s['received_bytes_per_call'])} | {s['share']:.0%} |"
        )
    turn = profile["turn"]
    lines.append(
        f"| **turn** | {turn['mean_ms']:.1f} | {turn['p95_ms']:.1f} | "
        f"{profile['predictions_per_turn']:.2f} predictions, {profile['actions_per_turn']:.2f} actions, "
        f"{profile['events_added_per_turn']:.1f} events | | | 100% |"
    )
    return "\n".join(lines)
