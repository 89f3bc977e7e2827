"""The conversation's emotional state, computed once from the tracker's events.

One function, ``from_events``, turns the events (dicts, as rasa-sdk gives them and as
``Event.as_dict()`` writes them) into the customer's turns: what they wrote, the intent,
the emotion and intensity the EmotionClassifier measured, the signals (insult, threat,
request for a person, hazard) and whether the turn was a button click. The escalation
policy, the slots, the tickets and the advisor's brief all read this one state.

Rules:
* A button or quick-reply turn (a payload such as ``/affirm``) has no emotion of its own:
  it is never an emotional turn, it carries no signal, and it does not move the trend.
* The emotion comes from the turn's own parse data only; a turn without one (an old
  tracker, a forged event) is not an emotional turn either, it never borrows the previous
  turn's emotion.
* Signals come from the parse data (``components/signals.py`` writes them on every
  message); a turn parsed before that component existed is read with ``litige.signals``.
* A ``restart`` event starts the state afresh; ``since`` keeps only the turns of the
  current complaint (its start timestamp).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Dict, Iterable, List, Mapping, Optional, Tuple

from litige import signals as signal_detection
from litige.emotions import EmotionPoint, peak, trend

PAYLOAD_PREFIX = "/"


@dataclass(frozen=True)
class CustomerTurn:
    number: int  # 1 for the customer's first message
    text: str
    intent: Optional[str]
    emotion: Optional[str]  # None: a button click, or no emotion measured
    intensity: float
    from_button: bool
    in_form: bool  # a form was active when the message arrived
    timestamp: float = 0.0
    insult: bool = False
    threat: Optional[str] = None
    request_human: bool = False
    hazard: bool = False

    @property
    def emotional(self) -> bool:
        return self.emotion is not None and not self.from_button

    def point(self) -> EmotionPoint:
        return EmotionPoint(self.number, self.emotion or "neutral", self.intensity)


@dataclass(frozen=True)
class EmotionalState:
    turns: Tuple[CustomerTurn, ...] = field(default_factory=tuple)

    @property
    def emotional_turns(self) -> List[CustomerTurn]:
        return [turn for turn in self.turns if turn.emotional]

    @property
    def points(self) -> List[EmotionPoint]:
        return [turn.point() for turn in self.emotional_turns]

    @property
    def last(self) -> Optional[CustomerTurn]:
        return self.turns[-1] if self.turns else None

    @property
    def current(self) -> Optional[CustomerTurn]:
        """The latest turn that carries an emotion (button clicks are skipped)."""
        emotional = self.emotional_turns
        return emotional[-1] if emotional else None

    @property
    def trend(self) -> str:
        return trend(self.points)

    @property
    def insults(self) -> int:
        return sum(1 for turn in self.turns if turn.insult or turn.intent == "insult")

    @property
    def hazard(self) -> bool:
        return any(turn.hazard for turn in self.turns)

    @property
    def threats(self) -> List[str]:
        return [turn.threat for turn in self.turns if turn.threat]

    def summary(self) -> Dict[str, Any]:
        """Start, peak, end, trend and the trajectory, for tickets, advisors and trainers."""
        points = self.points
        top = peak(points)
        return {
            "start": points[0].as_dict() if points else None,
            "peak": top.as_dict() if top else None,
            "end": points[-1].as_dict() if points else None,
            "trend": trend(points),
            "trajectory": [point.as_dict() for point in points],
        }


def is_payload(text: Optional[str]) -> bool:
    return bool(text) and str(text).lstrip().startswith(PAYLOAD_PREFIX)


def emotion_of(parse: Mapping[str, Any]) -> Tuple[Optional[str], float]:
    """The emotion and intensity the EmotionClassifier wrote in a message's parse data."""
    emotion = parse.get("emotion")
    if not isinstance(emotion, Mapping) or not emotion.get("name"):
        return None, 0.0
    try:
        intensity = float(emotion.get("intensity") or 0.0)
    except (TypeError, ValueError):
        intensity = 0.0
    return str(emotion["name"]), min(max(intensity, 0.0), 1.0)


def _signals(parse: Mapping[str, Any], text: str) -> Dict[str, Any]:
    found = parse.get("signals")
    if not isinstance(found, Mapping):
        found = signal_detection.detect(text).as_dict()
    return {
        "insult": bool(found.get("insult")),
        "threat": found.get("threat") if found.get("threat") in signal_detection.THREAT_KINDS else None,
        "request_human": bool(found.get("request_human")),
        "hazard": bool(found.get("hazard")),
    }


def intent_of(event: Mapping[str, Any], parse: Mapping[str, Any]) -> Optional[str]:
    intent = parse.get("intent") or event.get("intent") or {}
    name = intent.get("name") if isinstance(intent, Mapping) else None
    return str(name) if name else None


# the only kinds of event ``from_events`` reads
STATE_EVENTS = frozenset({"user", "active_loop", "restart"})


def from_rasa_events(events: Iterable[Any], since: float = 0.0) -> EmotionalState:
    """The same state from Rasa's own event objects (the Rasa process: the escalation policy,
    the slot gate), turning into dicts only the events the state reads."""
    return from_events((event.as_dict() for event in events if event.type_name in STATE_EVENTS), since)


def from_events(events: Iterable[Mapping[str, Any]], since: float = 0.0) -> EmotionalState:
    """The customer's turns since the latest restart (and since ``since``, a timestamp)."""
    turns: List[CustomerTurn] = []
    active_loop: Optional[str] = None
    number = 0
    for event in events:
        kind = event.get("event")
        if kind == "restart":
            turns, active_loop, number = [], None, 0
        elif kind == "active_loop":
            active_loop = event.get("name")
        elif kind == "user":
            text = str(event.get("text") or "")
            timestamp = float(event.get("timestamp") or 0.0)
            number += 1
            if since and timestamp < since:
                continue
            parse = event.get("parse_data") or {}
            button = is_payload(text)
            emotion, intensity = (None, 0.0) if button else emotion_of(parse)
            found = {} if button else _signals(parse, text)
            turns.append(
                CustomerTurn(
                    number=number,
                    text=text,
                    intent=intent_of(event, parse),
                    emotion=emotion,
                    intensity=intensity,
                    from_button=button,
                    in_form=active_loop is not None,
                    timestamp=timestamp,
                    **found,
                )
            )
    return EmotionalState(tuple(turns))
