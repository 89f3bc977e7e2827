"""Emotion points, their "heat", the trend and the peak of a trajectory (pure).

The trajectory itself is built from the tracker's events in one place,
``litige.emotional_state``; this module only holds the arithmetic on its points.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass
from typing import Any, Dict, List, Optional

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
