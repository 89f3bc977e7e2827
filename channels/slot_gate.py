"""The global slot validation called only when it has work, and the emotion trend set here.

Rasa 3.6 (``ActionExtractSlots._execute_validation_action``) calls the action server's
``action_validate_slot_mappings`` after every user message. ``install()`` puts a gate in front
of that call (``litige.validation_gate.validation_due``): without work for the action, the
extracted slots are kept as they are, which is what the action would have answered. The
``emotion_trend`` slot (rising / stable / falling, ``litige.emotional_state``) is computed in
this process after every message, from the same events as before, and set when it changes.
"""

from __future__ import annotations

from typing import Any, Awaitable, Callable, Dict, List

from rasa.core.actions.action import ActionExtractSlots
from rasa.shared.core.events import Event, SlotSet

from litige import emotional_state
from litige.validation_gate import validation_due

TREND_SLOT = "emotion_trend"
_MARK = "_litige_slot_gate"


def installed() -> bool:
    return bool(getattr(ActionExtractSlots._execute_validation_action, _MARK, False))


def trend_events(tracker: Any, domain: Any) -> List[Event]:
    """``emotion_trend`` set when the conversation's trend differs from the slot's value."""
    if TREND_SLOT not in {slot.name for slot in domain.slots}:
        return []
    trend = emotional_state.from_rasa_events(tracker.events_after_latest_restart()).trend
    return [] if tracker.get_slot(TREND_SLOT) == trend else [SlotSet(TREND_SLOT, trend)]


def gate(original: Callable[..., Awaitable[List[Event]]]) -> Callable[..., Awaitable[List[Event]]]:
    """``original`` (Rasa's call to the global validation) behind the gate, then the trend."""

    async def gated(
        self: ActionExtractSlots,
        extraction_events: List[Event],
        output_channel: Any,
        nlg: Any,
        tracker: Any,
        domain: Any,
    ) -> List[Event]:
        candidates = [event for event in extraction_events if isinstance(event, SlotSet)]
        values: Dict[str, Any] = {event.key: event.value for event in candidates}

        def slot(name: str) -> Any:
            return values[name] if name in values else tracker.get_slot(name)

        if validation_due(values, slot, tracker.is_paused()):
            events = await original(self, extraction_events, output_channel, nlg, tracker, domain)
        else:
            events = list(candidates)
        return events + trend_events(tracker, domain)

    setattr(gated, _MARK, True)
    return gated


def install() -> None:
    """Wrap Rasa's call to the global validation (idempotent)."""
    if not installed():
        ActionExtractSlots._execute_validation_action = gate(ActionExtractSlots._execute_validation_action)
