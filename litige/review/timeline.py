"""A conversation as a trainer reads it, from the tracker's events (pure).

``turns_of`` cuts the events into the customer's turns: what they wrote, how the assistant
understood it (intent, confidence, emotion, entities), the slots set, what the assistant and
the advisors answered, the waltz step reached, and the markers where the method broke.
``summarise`` turns them into the one row per conversation of the review desk's read model:
its outcome, its first and last emotion, its proposals and consent, its rating.

Events are the dicts Rasa stores (``Event.as_dict()``); when read from the SQL tracker store
each also carries ``"_id"``, the row's ``events.id``.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Dict, List, Mapping, Optional, Sequence

from litige.emotional_state import emotion_of, intent_of, is_payload
from litige.emotions import EmotionPoint

OUTCOMES = ("resolved", "handoff", "refusals", "follow_up_no", "abandoned", "ongoing")
OUTCOME_LABELS = {
    "resolved": "Résolue par l'assistant",
    "handoff": "Confiée à un conseiller",
    "refusals": "Confiée après des refus",
    "follow_up_no": "Suivi : « non, pas réglé »",
    "abandoned": "Abandonnée",
    "ongoing": "En cours",
}
MARKER_LABELS = {
    "early_proposal": "Solution proposée avant d'avoir questionné le client",
    "repeated_proposal": "Même solution proposée une seconde fois",
    "fallback": "Réponse générique : l'assistant n'a pas compris",
    "refusal": "Le client a refusé la proposition",
    "handoff": "Passage à un conseiller",
    "low_confidence": "Message compris avec peu de certitude",
    "follow_up_unanswered": "Suivi resté sans réponse",
    "follow_up_no": "Au suivi, le client a répondu que ce n'était pas réglé",
}
REASON_LABELS = {
    "request_human": "demande d'un conseiller",
    "serious_threat": "recours sérieux évoqué",
    "anger": "colère persistante",
    "rising_anger": "colère montante",
    "insults": "insultes répétées",
    "fallbacks": "incompréhensions répétées",
    "refusals": "propositions refusées",
    "no_remedy": "aucune solution à proposer",
}
STEPS = ("attention", "questioning", "resolution", "closure", "handoff")
LOW_CONFIDENCE = 0.4  # under it the intent was mostly wrong on the scenarios (tools/review_fixtures.py drive)
ABANDON_MINUTES = 30
CALMER_BY = 0.05  # heat the last emotion must lose against the first to count as calmer

FALLBACK_ACTIONS = frozenset({"utter_default", "action_default_fallback"})
PROPOSAL_ACTION = "action_propose_remedy"
HANDOFF_ACTION = "action_handoff"
# emotion entities are shown as the turn's emotion, not among its entities
EMOTION_ENTITIES = frozenset({"emotion", "emotion_intensity"})
# the conversation's bookkeeping: reset to the same value on every complaint start
QUIET_SLOTS = frozenset({"requested_slot", "emotion", "emotion_intensity", "emotion_trend"})


@dataclass
class Turn:
    number: int
    event_id: Optional[int]
    timestamp: float
    text: str
    button: bool
    intent: Optional[str]
    confidence: Optional[float]
    emotion: Optional[str]
    intensity: Optional[float]
    entities: List[Dict[str, Any]] = field(default_factory=list)
    slots: Dict[str, Any] = field(default_factory=dict)
    actions: List[str] = field(default_factory=list)
    bot_texts: List[str] = field(default_factory=list)
    advisor_messages: List[Dict[str, Any]] = field(default_factory=list)
    step: Optional[str] = None
    markers: List[Dict[str, str]] = field(default_factory=list)

    def mark(self, kind: str, detail: str = "") -> None:
        label = MARKER_LABELS[kind] + (f" ({detail})" if detail else "")
        self.markers.append({"kind": kind, "label": label})

    def as_dict(self) -> Dict[str, Any]:
        return dict(self.__dict__)


@dataclass
class Summary:
    conversation_id: str
    started_at: float
    ended_at: float
    turns: int
    category: Optional[str]
    categories: List[str]
    outcome: str
    handoff_reason: Optional[str]
    rating: Optional[int]
    emotion_start: Optional[str]
    intensity_start: Optional[float]
    emotion_end: Optional[str]
    intensity_end: Optional[float]
    deescalated: Optional[bool]
    min_confidence: Optional[float]
    proposals: int
    consent_first: Optional[bool]
    resolved_turn: Optional[int]
    marker_kinds: List[str]
    customer_text: str
    customer_email: Optional[str] = None
    customer_phone: Optional[str] = None
    customer_name: Optional[str] = None
    order_id: Optional[str] = None
    last_event_id: Optional[int] = None

    def as_dict(self) -> Dict[str, Any]:
        return dict(self.__dict__)


class _Walk:
    """What the walk over the events has seen so far (one conversation)."""

    def __init__(self) -> None:
        self.turns: List[Turn] = []
        self.slots: Dict[str, Any] = {}
        self.step: Optional[str] = None
        self.questioned = False
        self.proposed: List[str] = []
        self.proposals_at_closure: Optional[int] = None
        self.refusals = 0
        self.resolved_turn: Optional[int] = None
        self.handoff_reason: Optional[str] = None
        self.handoff_refusals = False
        self.handed_off = False
        self.follow_up_asked_turn: Optional[int] = None
        self.follow_up_no = False
        self.pending_bot: List[str] = []  # said before the customer's first message

    @property
    def turn(self) -> Optional[Turn]:
        return self.turns[-1] if self.turns else None

    def user(self, event: Mapping[str, Any]) -> None:
        text = str(event.get("text") or "")
        parse = event.get("parse_data") or {}
        button = is_payload(text)
        intent = parse.get("intent") if isinstance(parse.get("intent"), Mapping) else {}
        confidence = intent.get("confidence")
        if intent.get("name") == "nlu_fallback":  # its own score says nothing: the best guess
            ranking = [r for r in parse.get("intent_ranking") or [] if isinstance(r, Mapping)]
            guesses = [r.get("confidence") for r in ranking if r.get("name") != "nlu_fallback"]
            confidence = guesses[0] if guesses else confidence
        emotion, intensity = (None, None) if button else emotion_of(parse)
        entities = [
            {"entity": e.get("entity"), "value": e.get("value")}
            for e in parse.get("entities") or []
            if isinstance(e, Mapping) and e.get("entity") not in EMOTION_ENTITIES
        ]
        turn = Turn(
            number=len(self.turns) + 1,
            event_id=event.get("_id"),
            timestamp=float(event.get("timestamp") or 0.0),
            text=text,
            button=button,
            intent=intent_of(event, parse),
            confidence=float(confidence) if isinstance(confidence, (int, float)) else None,
            emotion=emotion,
            intensity=intensity if emotion else None,
            entities=entities,
            step=self.step,
        )
        if not button and turn.confidence is not None and turn.confidence < LOW_CONFIDENCE:
            turn.mark("low_confidence", f"{turn.intent or '?'} à {turn.confidence:.0%}".replace("%", " %"))
        if turn.intent == "nlu_fallback":
            turn.mark("fallback")
        if self.follow_up_asked_turn is not None and self.slots.get("follow_up_state") == "asked":
            self.follow_up_asked_turn = None  # answered
        self.turns.append(turn)

    def slot(self, name: str, value: Any) -> None:
        before = self.slots.get(name)
        self.slots[name] = value
        turn = self.turn
        if turn is not None and name not in QUIET_SLOTS:
            turn.slots[name] = value
        if name == "waltz_step" and value:
            self.step_to(str(value))
        elif name == "refused_proposals" and isinstance(value, int) and value > (before or 0):
            self.refusals = value
            if turn is not None:
                turn.mark("refusal")
        elif name == "handoff_reason" and value:
            self.handoff_reason = str(value)
            self.handoff_refusals = self.handoff_refusals or value == "refusals"
        elif name == "follow_up_state":
            if value == "asked":
                self.follow_up_asked_turn = turn.number if turn else 0
            elif value == "offered_person" and before == "asked":
                self.follow_up_no = True
                if turn is not None:
                    turn.mark("follow_up_no")

    def step_to(self, step: str) -> None:
        self.step = step
        if step == "questioning":
            self.questioned = True
        if step == "closure" and self.resolved_turn is None and self.proposed and not self.handed_off:
            self.resolved_turn = self.turn.number if self.turn else None
            self.proposals_at_closure = len(self.proposed)
        if self.turn is not None:
            self.turn.step = step

    def action(self, name: str) -> None:
        turn = self.turn
        if name in ("action_listen", "action_session_start", "action_extract_slots") or not name:
            return
        if turn is not None:
            turn.actions.append(name)
        if (
            name in FALLBACK_ACTIONS
            and turn is not None
            and not any(m["kind"] == "fallback" for m in turn.markers)
        ):
            turn.mark("fallback")
        if name == HANDOFF_ACTION:
            self.handed_off = True

    def proposal(self, remedy: Any) -> None:
        turn = self.turn
        if turn is not None and not self.questioned:
            turn.mark("early_proposal")
        if remedy in self.proposed and turn is not None:
            turn.mark("repeated_proposal", str(remedy))
        self.proposed.append(remedy)

    def bot(self, event: Mapping[str, Any]) -> None:
        text = str(event.get("text") or "")
        metadata = event.get("metadata") or {}
        advisor = metadata.get("advisor") if isinstance(metadata, Mapping) else None
        if isinstance(advisor, Mapping):
            message = {
                "advisor": advisor.get("first_name") or "",
                "text": metadata.get("advisor_text") or text,
                "timestamp": float(event.get("timestamp") or 0.0),
                "notice": bool(metadata.get("notice")),
            }
            if self.turn is not None:
                self.turn.advisor_messages.append(message)
            return
        if not text:
            return
        if self.turn is None:
            self.pending_bot.append(text)
        else:
            self.turn.bot_texts.append(text)


def _walk(events: Sequence[Mapping[str, Any]]) -> _Walk:
    walk = _Walk()
    for event in events:
        kind = event.get("event")
        if kind == "user":
            walk.user(event)
        elif kind == "slot":
            name = str(event.get("name") or "")
            value = event.get("value")
            walk.slot(name, value)
            if name == "current_remedy" and value and walk.slots.get("_last_action") == PROPOSAL_ACTION:
                walk.proposal(value)
        elif kind == "action":
            name = str(event.get("name") or "")
            walk.slots["_last_action"] = name
            walk.action(name)
        elif kind == "bot":
            walk.bot(event)
        elif kind == "restart":
            walk.slots = {}
    turn = walk.turn
    if walk.follow_up_asked_turn is not None and walk.slots.get("follow_up_state") == "asked" and turn:
        turn.mark("follow_up_unanswered")
    if walk.handed_off and turn is not None:
        reason = REASON_LABELS.get(walk.handoff_reason or "", walk.handoff_reason or "")
        handoff_turn = next((t for t in walk.turns if HANDOFF_ACTION in t.actions), turn)
        handoff_turn.mark("handoff", reason)
    return walk


def turns_of(events: Sequence[Mapping[str, Any]]) -> List[Turn]:
    """The customer's turns, in order, with what the assistant and the advisors did after each."""
    return _walk(events).turns


def _heat(emotion: Optional[str], intensity: Optional[float]) -> Optional[float]:
    if not emotion:
        return None
    return EmotionPoint(0, emotion, float(intensity or 0.0)).heat


def _outcome(walk: _Walk, ended_at: float, now: float) -> str:
    if walk.follow_up_no:
        return "follow_up_no"
    if walk.handed_off:
        return "refusals" if walk.handoff_refusals else "handoff"
    if walk.resolved_turn is not None or walk.slots.get("csat"):
        return "resolved"
    if now - ended_at >= ABANDON_MINUTES * 60:
        return "abandoned"
    return "ongoing"


def _text(value: Any) -> Optional[str]:
    return str(value) if isinstance(value, (str, int)) and str(value).strip() else None


def summarise(conversation_id: str, events: Sequence[Mapping[str, Any]], now: float) -> Summary:
    """The read model's row for one conversation (``now``, UNIX seconds, decides "abandoned")."""
    walk = _walk(events)
    turns = walk.turns
    stamps = [float(e.get("timestamp") or 0.0) for e in events if e.get("timestamp")]
    started, ended = (min(stamps), max(stamps)) if stamps else (0.0, 0.0)
    felt = [t for t in turns if t.emotion]
    first, last = (felt[0], felt[-1]) if felt else (None, None)
    heat_first = _heat(first.emotion, first.intensity) if first else None
    heat_last = _heat(last.emotion, last.intensity) if last else None
    deescalated = None
    if heat_first is not None and heat_last is not None and len(felt) > 1:
        deescalated = heat_last < heat_first - CALMER_BY
    confidences = [t.confidence for t in turns if not t.button and t.confidence is not None]
    categories = [str(c) for c in walk.slots.get("complaint_categories") or [] if c]
    # the complaint's category as the conversation last held it (a customer may correct it);
    # a conversation handed off before a complaint was opened keeps the category read in the
    # customer's words (as its ticket does); a plain question is no complaint at all
    category = _text(walk.slots.get("complaint_category"))
    if category is None and walk.handed_off and categories:
        category = categories[0]
    if category and category not in categories:
        categories.insert(0, category)
    rating = walk.slots.get("csat")
    consent_first = None
    if walk.proposed:
        consent_first = walk.proposals_at_closure == 1 and walk.refusals == 0
    ids = [e.get("_id") for e in events if isinstance(e.get("_id"), int)]
    return Summary(
        conversation_id=conversation_id,
        started_at=started,
        ended_at=ended,
        turns=len(turns),
        category=category,
        categories=categories,
        outcome=_outcome(walk, ended, now),
        handoff_reason=walk.handoff_reason if walk.handed_off else None,
        rating=int(rating) if isinstance(rating, (int, float)) and 1 <= rating <= 5 else None,
        emotion_start=first.emotion if first else None,
        intensity_start=first.intensity if first else None,
        emotion_end=last.emotion if last else None,
        intensity_end=last.intensity if last else None,
        deescalated=deescalated,
        min_confidence=min(confidences) if confidences else None,
        proposals=len(walk.proposed),
        consent_first=consent_first,
        resolved_turn=walk.resolved_turn,
        marker_kinds=sorted({m["kind"] for t in turns for m in t.markers}),
        customer_text="\n".join(t.text for t in turns if not t.button),
        customer_email=_text(walk.slots.get("customer_email")),
        customer_phone=_text(walk.slots.get("customer_phone")),
        customer_name=_text(walk.slots.get("customer_name")),
        order_id=_text(walk.slots.get("order_id")),
        last_event_id=max(ids) if ids else None,
    )
