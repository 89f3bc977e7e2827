"""The conversation's emotional trajectory, from the tracker's past user messages.

Every user message carries the EmotionClassifier's output in its ``parse_data``
(``{"emotion": {"name", "confidence", "intensity", "ranking"}}``). From it we compute
the trajectory (turn, emotion, intensity) and a trend (rising / stable / falling),
used by the escalation policy, the tickets and the trainers' review. Pure functions
over event dicts (rasa-sdk's ``tracker.events``), no Rasa import.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass
from typing import Any, Dict, Iterable, List, Optional

RISING, STABLE, FALLING = "rising", "stable", "falling"

# How much each emotion "heats" the conversation: the sign says whether it moves the
# customer away from (positive) or towards (negative) calm.
HEAT_WEIGHT: Dict[str, float] = {
    "anger": 1.0,
    "frustration": 0.85,
    "anxiety": 0.6,
    "disappointment": 0.6,
    "neutral": 0.15,
    "satisfaction": -0.5,
}


@dataclass(frozen=True)
class EmotionPoint:
    turn: int  # 1 for the customer's first message
    emotion: str
    intensity: float

    @property
    def heat(self) -> float:
        return HEAT_WEIGHT.get(self.emotion, 0.0) * self.intensity

    def as_dict(self) -> Dict[str, Any]:
        return asdict(self)


def emotion_of(event: Dict[str, Any]) -> Optional[Dict[str, Any]]:
    emotion = (event.get("parse_data") or {}).get("emotion")
    return emotion if isinstance(emotion, dict) and emotion.get("name") else None


def trajectory(events: Iterable[Dict[str, Any]]) -> List[EmotionPoint]:
    """(turn, emotion, intensity) for every user message that has an emotion."""
    points: List[EmotionPoint] = []
    turn = 0
    for event in events:
        if event.get("event") != "user":
            continue
        turn += 1
        emotion = emotion_of(event)
        if emotion:
            points.append(EmotionPoint(turn, str(emotion["name"]), float(emotion.get("intensity") or 0.0)))
    return points


def trend(points: List[EmotionPoint], window: int = 3, tolerance: float = 0.1) -> str:
    """Slope of the heat over the last ``window`` messages: rising, stable or falling."""
    recent = points[-window:]
    if len(recent) < 2:
        return STABLE
    xs = list(range(len(recent)))
    mean_x = sum(xs) / len(xs)
    heats = [point.heat for point in recent]
    mean_heat = sum(heats) / len(heats)
    slope = sum((x - mean_x) * (h - mean_heat) for x, h in zip(xs, heats, strict=False)) / sum(
        (x - mean_x) ** 2 for x in xs
    )
    if slope > tolerance:
        return RISING
    if slope < -tolerance:
        return FALLING
    return STABLE


def peak(points: List[EmotionPoint]) -> Optional[EmotionPoint]:
    """The most heated message (the first one on a tie)."""
    return max(points, key=lambda point: point.heat) if points else None


def summary(events: Iterable[Dict[str, Any]]) -> Dict[str, Any]:
    """Start, peak, end, trend and the full trajectory, for tickets and trainers."""
    points = trajectory(events)
    top = peak(points)
    return {
        "start": points[0].as_dict() if points else None,
        "peak": top.as_dict() if top else None,
        "end": points[-1].as_dict() if points else None,
        "trend": trend(points),
        "trajectory": [point.as_dict() for point in points],
    }
