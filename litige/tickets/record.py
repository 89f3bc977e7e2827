"""What a ticket says about a complaint, built from the conversation (slots and events).

The same function feeds the database and the fallback spool, so the ticket always holds
exactly what the conversation holds."""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass, field
from datetime import date
from typing import Any, Dict, List, Mapping, Optional

from litige import emotional_state, situation
from litige.parsing import normalize_email, normalize_order_id, normalize_person_name, normalize_phone
from litige.tickets.priority import PriorityFacts, derive_priority

MAX_TEXT = 4000


def _clean(text: Optional[str], limit: int = MAX_TEXT) -> Optional[str]:
    """Printable text only (no NUL or other control characters), bounded."""
    if text is None:
        return None
    cleaned = "".join(ch for ch in str(text) if ch in "\n\t" or (ord(ch) >= 32 and ch != "\x7f"))
    return cleaned[:limit] or None


def _given_text(value: Any, limit: int) -> Optional[str]:
    """A contact detail as given, None when unknown or declined."""
    return None if value in (None, situation.DECLINED) else _clean(value, limit)


def facts_summary(slots: Mapping[str, Any]) -> Dict[str, Any]:
    """What the order system said and the values the promise was worded with, as the ticket
    keeps them (never the whole answer of the system)."""
    try:
        return situation.describe(situation.from_slots(slots))
    except (ValueError, KeyError, TypeError, AttributeError):
        return {}


@dataclass
class Proposal:
    remedy: str
    due_date: Optional[date]
    answer: str  # pending | accepted | refused


@dataclass
class ComplaintRecord:
    conversation_id: str
    complaint_key: str
    category: str
    status: Optional[str] = None  # None: keep the current status
    customer_name: Optional[str] = None
    customer_email: Optional[str] = None
    customer_phone: Optional[str] = None
    customer_address: Optional[str] = None
    customer_availability: Optional[str] = None
    order_id: Optional[str] = None
    description: Optional[str] = None
    reformulation: Optional[str] = None
    expected_outcome: Optional[str] = None
    emotion_start: Optional[str] = None
    emotion_peak: Optional[str] = None
    emotion_peak_intensity: Optional[float] = None
    emotion_end: Optional[str] = None
    emotion_trajectory: List[Dict[str, Any]] = field(default_factory=list)
    priority: str = "normal"
    agreed_remedy: Optional[str] = None
    due_date: Optional[date] = None
    appointment_window: Optional[str] = None
    facts: Dict[str, Any] = field(default_factory=dict)
    handoff_reason: Optional[str] = None
    csat: Optional[int] = None
    proposals: List[Proposal] = field(default_factory=list)
    note: Optional[str] = None  # for the history entry of a status change

    def to_json(self) -> str:
        data = asdict(self)
        data["due_date"] = self.due_date.isoformat() if self.due_date else None
        for proposal in data["proposals"]:
            proposal["due_date"] = proposal["due_date"].isoformat() if proposal["due_date"] else None
        return json.dumps(data, ensure_ascii=False)

    @classmethod
    def from_json(cls, raw: str) -> ComplaintRecord:
        data = json.loads(raw)
        data["due_date"] = date.fromisoformat(data["due_date"]) if data.get("due_date") else None
        data["proposals"] = [
            Proposal(
                p["remedy"], date.fromisoformat(p["due_date"]) if p.get("due_date") else None, p["answer"]
            )
            for p in data.get("proposals") or []
        ]
        return cls(**data)


def complaint_key(started_at: Any) -> str:
    """One complaint in one conversation: identified by the time it started."""
    return f"{float(started_at or 0.0):.6f}"


def proposals_from_slots(slots: Mapping[str, Any], accepted: bool) -> List[Proposal]:
    remedies = list(slots.get("proposed_remedies") or [])
    dues = list(slots.get("proposal_due_dates") or [])
    refused = int(slots.get("refused_proposals") or 0)
    result = []
    for index, remedy in enumerate(remedies):
        due = date.fromisoformat(dues[index]) if index < len(dues) and dues[index] else None
        if index < refused:
            answer = "refused"
        elif index == len(remedies) - 1 and accepted:
            answer = "accepted"
        else:
            answer = "pending"
        result.append(Proposal(str(remedy), due, answer))
    return result


def build_record(
    sender_id: str,
    slots: Mapping[str, Any],
    events: List[Dict[str, Any]],
    status: Optional[str] = None,
    note: Optional[str] = None,
) -> ComplaintRecord:
    """The ticket view of the current complaint. Values are validated again here: an
    invalid e-mail or order number never reaches the database. A remedy counts as agreed
    once the conversation reached the closure step."""
    accepted = slots.get("waltz_step") == "closure" and bool(slots.get("current_remedy"))
    started = float(slots.get("complaint_started_at") or 0.0)
    state = emotional_state.from_events(events, since=started)
    feelings = state.summary()
    peak = feelings["peak"] or {}
    description = " ".join(filter(None, [slots.get("complaint_text"), slots.get("complaint_details")]))
    order_id = slots.get("order_id")
    due = slots.get("due_date")
    facts = PriorityFacts(
        category=slots.get("complaint_category") or "",
        description=description,
        peak_emotion=peak.get("emotion"),
        peak_intensity=float(peak.get("intensity") or 0.0),
        handoff_reason=slots.get("handoff_reason"),
        threat_raised=slots.get("priority") in ("high", "urgent"),
        disputed_amount=slots.get("disputed_amount"),
        hazard=state.hazard,
    )
    return ComplaintRecord(
        conversation_id=_clean(sender_id, 255) or "unknown",
        complaint_key=complaint_key(started),
        category=slots.get("complaint_category") or "unknown",  # a handoff before any detail
        status=status,
        customer_name=normalize_person_name(slots.get("customer_name")),
        customer_email=normalize_email(slots.get("customer_email")),
        customer_phone=normalize_phone(slots.get("customer_phone")),
        customer_address=_given_text(slots.get("customer_address"), 200),
        customer_availability=_given_text(slots.get("visit_availability"), 300),
        order_id=normalize_order_id(order_id),  # None for "unknown" too
        description=_clean(description),
        reformulation=_clean(slots.get("reformulation")),
        expected_outcome=_clean(slots.get("expected_outcome")),
        emotion_start=(feelings["start"] or {}).get("emotion"),
        emotion_peak=peak.get("emotion"),
        emotion_peak_intensity=peak.get("intensity"),
        emotion_end=(feelings["end"] or {}).get("emotion"),
        emotion_trajectory=feelings["trajectory"],
        priority=derive_priority(facts),
        agreed_remedy=slots.get("current_remedy") if accepted else None,
        due_date=date.fromisoformat(due) if accepted and due else None,
        appointment_window=_clean(slots.get("appointment_window"), 40) if accepted else None,
        facts=facts_summary(slots),
        handoff_reason=slots.get("handoff_reason"),
        csat=int(slots["csat"]) if slots.get("csat") else None,
        proposals=proposals_from_slots(slots, accepted),
        note=note,
    )
