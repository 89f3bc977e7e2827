"""channels/slot_gate.py: Rasa's call to the global slot validation made only when it has
work, and the emotion trend set by the Rasa process, on real Rasa trackers."""

from __future__ import annotations

from typing import Any, List

from rasa.core.actions.action import ActionExtractSlots
from rasa.shared.core.domain import Domain
from rasa.shared.core.events import ActionExecuted, SlotSet, UserUttered
from rasa.shared.core.trackers import DialogueStateTracker

from channels import slot_gate

DOMAIN = Domain.from_dict(
    {
        "slots": {
            name: {"type": "any", "influence_conversation": False, "mappings": [{"type": "custom"}]}
            for name in ("emotion", "order_id", "ticket_pending", "account_facts", "emotion_trend")
        },
        "actions": ["action_validate_slot_mappings"],
    }
)


def said(text: str, emotion: str, intensity: float) -> List[Any]:
    parse = {
        "text": text,
        "intent": {"name": "complain_delivery", "confidence": 0.9},
        "emotion": {"name": emotion, "confidence": 0.9, "intensity": intensity, "ranking": []},
    }
    return [ActionExecuted("action_listen"), UserUttered(text, parse["intent"], parse_data=parse)]


class Validation:
    """Stands for Rasa's call to the action server: records the calls, answers a cleaned value."""

    def __init__(self) -> None:
        self.calls = 0

    async def __call__(self, action, extraction_events, output_channel, nlg, tracker, domain):
        self.calls += 1
        return [SlotSet("order_id", "CMD-482913")]


async def run_gate(events, candidates):
    validation = Validation()
    gated = slot_gate.gate(validation)
    tracker = DialogueStateTracker.from_events("c-1", events, slots=DOMAIN.slots)
    result = await gated(ActionExtractSlots(None), candidates, None, None, tracker, DOMAIN)
    return validation.calls, result


async def test_no_call_when_the_message_set_only_the_emotion():
    calls, result = await run_gate(
        said("Mon colis n'est pas là.", "frustration", 0.5), [SlotSet("emotion", "frustration")]
    )
    assert calls == 0
    assert SlotSet("emotion", "frustration") in result


async def test_the_action_is_called_for_an_order_number_and_its_answer_kept():
    calls, result = await run_gate(said("cmd 482913", "neutral", 0.1), [SlotSet("order_id", "cmd 482913")])
    assert calls == 1
    assert [e.value for e in result if isinstance(e, SlotSet) and e.key == "order_id"] == ["CMD-482913"]


async def test_the_action_is_called_while_a_ticket_waits():
    events = [SlotSet("ticket_pending", True), *said("Alors ?", "neutral", 0.1)]
    calls, _ = await run_gate(events, [])
    assert calls == 1


async def test_the_trend_is_set_when_the_anger_rises_and_not_repeated():
    events = (
        said("Bonjour.", "neutral", 0.1)
        + said("Toujours rien.", "frustration", 0.6)
        + said("C'est honteux !", "anger", 0.95)
    )
    _, result = await run_gate(events, [])
    assert SlotSet("emotion_trend", "rising") in result
    _, again = await run_gate([*events, SlotSet("emotion_trend", "rising")], [])
    assert not [e for e in again if isinstance(e, SlotSet) and e.key == "emotion_trend"]


async def test_install_is_idempotent():
    slot_gate.install()
    wrapped = ActionExtractSlots._execute_validation_action
    slot_gate.install()
    assert ActionExtractSlots._execute_validation_action is wrapped
    assert slot_gate.installed()
