"""channels/action_failure.py: Rasa's RemoteAction calling a real Sanic action server that answers
500, sleeps past the timeout or is not there gets the French apology and the end of the turn
instead of an exception (which Rasa's processor turns into silence)."""

from __future__ import annotations

import asyncio
from typing import Any, Dict, List

import pytest
from rasa.core.actions.action import ActionExecutionRejection, ActionExtractSlots, RemoteAction
from rasa.core.channels.channel import CollectingOutputChannel
from rasa.core.nlg import TemplatedNaturalLanguageGenerator
from rasa.shared.core.constants import ACTION_LISTEN_NAME
from rasa.shared.core.domain import Domain
from rasa.shared.core.events import BotUttered, FollowupAction, SlotSet
from rasa.shared.core.trackers import DialogueStateTracker
from rasa.utils.endpoints import EndpointConfig
from sanic import Sanic, response

from channels import action_failure
from channels.action_failure import ACTION_FAILURE_APOLOGY, action_timeout, install
from tests.sanic_server import serving
from tools.stack import free_port

DOMAIN = Domain.from_dict(
    {
        "slots": {"ticket_id": {"type": "text", "mappings": [{"type": "custom"}]}},
        "actions": ["action_propose_remedy"],
    }
)


class StandIn:
    """An action server that answers as told: ``ok``, ``500``, ``400`` or ``slow``."""

    def __init__(self, mode: str, sleep: float = 0.0) -> None:
        self.mode, self.sleep = mode, sleep
        self.calls: List[Dict[str, Any]] = []
        self.finished = 0  # slow calls that went to their end

    def app(self) -> Sanic:
        app = Sanic(f"action_stand_in_{self.mode}_{id(self)}", configure_logging=False)

        @app.post("/webhook")
        async def webhook(request):
            self.calls.append(request.json)
            if self.mode == "500":
                return response.json({"error": "boom"}, status=500)
            if self.mode == "400":
                return response.json({"action_name": "action_propose_remedy", "error": "refus"}, status=400)
            if self.mode == "slow":
                await asyncio.sleep(self.sleep)
                self.finished += 1
            return response.json(
                {
                    "events": [{"event": "slot", "name": "ticket_id", "value": "LIT-2026-000001"}],
                    "responses": [{"text": "Voici votre référence : LIT-2026-000001."}],
                }
            )

        return app


async def run_action(url: str) -> List[Any]:
    install()
    action = RemoteAction("action_propose_remedy", EndpointConfig(f"{url}/webhook"))
    tracker = DialogueStateTracker.from_events("client-1", [], slots=DOMAIN.slots)
    nlg = TemplatedNaturalLanguageGenerator(DOMAIN.responses)
    return await action.run(CollectingOutputChannel(), nlg, tracker, DOMAIN)


def is_apology(events: List[Any]) -> bool:
    return (
        len(events) == 2
        and isinstance(events[0], BotUttered)
        and events[0].text == ACTION_FAILURE_APOLOGY
        and events[1] == FollowupAction(ACTION_LISTEN_NAME)
    )


async def test_a_500_gets_the_apology_and_ends_the_turn():
    stand_in = StandIn("500")
    async with serving(stand_in.app) as url:
        events = await run_action(url)
    assert len(stand_in.calls) == 1 and stand_in.calls[0]["next_action"] == "action_propose_remedy"
    assert is_apology(events), events


async def test_a_server_slower_than_the_timeout_gets_the_apology_before_it_answers(monkeypatch):
    monkeypatch.setenv("ACTION_SERVER_TIMEOUT", "0.5")
    stand_in = StandIn("slow", sleep=5)
    async with serving(stand_in.app) as url:
        events = await run_action(url)
        assert len(stand_in.calls) == 1 and stand_in.finished == 0  # Rasa gave up before the answer
    assert is_apology(events), events


async def test_a_slow_server_within_the_timeout_is_waited_for(monkeypatch):
    monkeypatch.setenv("ACTION_SERVER_TIMEOUT", "10")
    stand_in = StandIn("slow", sleep=0.3)
    async with serving(stand_in.app) as url:
        events = await run_action(url)
    assert stand_in.finished == 1
    assert [e.text for e in events if isinstance(e, BotUttered)] == [
        "Voici votre référence : LIT-2026-000001."
    ]


async def test_a_closed_port_gets_the_apology():
    events = await run_action(f"http://127.0.0.1:{free_port()}")
    assert is_apology(events), events


async def test_an_answering_server_is_unchanged():
    stand_in = StandIn("ok")
    async with serving(stand_in.app) as url:
        events = await run_action(url)
    assert [e.text for e in events if isinstance(e, BotUttered)] == [
        "Voici votre référence : LIT-2026-000001."
    ]
    assert SlotSet("ticket_id", "LIT-2026-000001") in events
    assert not any(isinstance(e, FollowupAction) for e in events)


async def test_an_action_that_refuses_to_run_is_left_to_rasa():
    stand_in = StandIn("400")
    async with serving(stand_in.app) as url:
        with pytest.raises(ActionExecutionRejection):
            await run_action(url)


def test_install_wraps_once():
    install()
    wrapper = RemoteAction.run
    install()
    assert RemoteAction.run is wrapper
    assert action_failure.installed()
    assert not getattr(wrapper.__wrapped__, "_litige_apologises_on_failure", False)


@pytest.mark.parametrize(
    ("value", "expected"), [(None, 30.0), ("", 30.0), ("2.5", 2.5), ("-1", 30.0), ("abc", 30.0), ("0", 30.0)]
)
def test_the_timeout_comes_from_the_environment(monkeypatch, value, expected):
    if value is None:
        monkeypatch.delenv("ACTION_SERVER_TIMEOUT", raising=False)
    else:
        monkeypatch.setenv("ACTION_SERVER_TIMEOUT", value)
    assert action_timeout() == expected


def test_the_apology_is_warm_french_and_says_what_to_do():
    assert ACTION_FAILURE_APOLOGY.startswith("Toutes mes excuses")
    assert "renvoyez" in ACTION_FAILURE_APOLOGY and "conseiller" not in ACTION_FAILURE_APOLOGY


async def test_a_failing_slot_validation_is_left_to_rasa_without_an_apology():
    """action_extract_slots calls the validation action itself: Rasa skips the validation."""
    install()
    stand_in = StandIn("500")
    async with serving(stand_in.app) as url:
        extract = ActionExtractSlots(EndpointConfig(f"{url}/webhook"))
        tracker = DialogueStateTracker.from_events("client-1", [], slots=DOMAIN.slots)
        nlg = TemplatedNaturalLanguageGenerator(DOMAIN.responses)
        events = await extract._run_custom_action(
            "action_validate_slot_mappings", CollectingOutputChannel(), nlg, tracker, DOMAIN
        )
    assert len(stand_in.calls) == 1 and events == []
