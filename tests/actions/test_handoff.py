import pytest

from actions.config import get_settings
from actions.escalation import REASONS
from actions.handoff import ActionHandoff
from actions.status import ActionCheckStatus
from actions.threats import ActionAcknowledgeThreat
from tests.conftest import ActionExecuted, build_tracker, slot_events, texts, user_message


@pytest.mark.parametrize("reason", REASONS)
def test_each_reason_is_explained_and_the_waltz_moves_to_handoff(dispatcher, domain, reason, monkeypatch):
    monkeypatch.setenv("HANDOFF_RESPONSE_HOURS", "6")
    get_settings.cache_clear()
    tracker = build_tracker([], slots={"handoff_reason": reason}, active_loop={"name": "complaint_form"})
    events = ActionHandoff().run(dispatcher, tracker, domain)
    get_settings.cache_clear()
    slots = slot_events(events)
    assert slots["waltz_step"] == "handoff" and slots["handoff_reason"] == reason
    assert slots["priority"] in ("high", "urgent")
    assert {"event": "active_loop", "name": None} in [
        {"event": e["event"], "name": e.get("name")} for e in events if e["event"] == "active_loop"
    ]
    text = texts(dispatcher)[0]
    assert "conseiller" in text and "6 heures ouvrées" in text


def test_a_handoff_without_recorded_reason_is_a_request_for_a_person(dispatcher, domain):
    slots = slot_events(ActionHandoff().run(dispatcher, build_tracker([]), domain))
    assert slots["handoff_reason"] == "request_human"


def test_no_second_handoff(dispatcher, domain):
    assert ActionHandoff().run(dispatcher, build_tracker([], slots={"waltz_step": "handoff"}), domain) == []
    assert "déjà" in texts(dispatcher)[0]


def said(text, intent="threaten"):
    return build_tracker([ActionExecuted("action_listen"), user_message(text, intent)])


@pytest.mark.parametrize(
    "text, expected",
    [
        ("je vais résilier mon abonnement", "quitter"),
        ("je vais mettre un avis 1 étoile", "avis"),
        ("vous allez voir ce que vous allez voir", "sérieux"),
    ],
)
def test_threats_are_acknowledged_without_counter_threat_and_raise_priority(
    dispatcher, domain, text, expected
):
    slots = slot_events(ActionAcknowledgeThreat().run(dispatcher, said(text), domain))
    assert slots == {"priority": "high"}
    reply = texts(dispatcher)[0].lower()
    assert "priorit" in reply
    if expected != "sérieux":
        assert expected in reply or "partir" in reply or "expérience" in reply


def test_status_of_the_complaint_of_this_conversation(dispatcher, domain, friday):
    tracker = build_tracker(
        [
            ActionExecuted("action_listen"),
            user_message(
                "où en est LIT-2026-000123 ?",
                "ask_status",
                entities=[{"entity": "ticket_id", "value": "lit-2026-000123"}],
            ),
        ],
        slots={
            "ticket_id": "LIT-2026-000123",
            "complaint_category": "delivery",
            "current_remedy": "reshipment",
            "due_date": "2026-11-24",
        },
    )
    ActionCheckStatus().run(dispatcher, tracker, domain)
    assert "LIT-2026-000123" in texts(dispatcher)[0] and "mardi 24 novembre" in texts(dispatcher)[0]


def test_status_without_reference_asks_for_it_and_never_shows_another_one(dispatcher, domain):
    ActionCheckStatus().run(dispatcher, said("où en est ma réclamation ?", "ask_status"), domain)
    assert "LIT-" in texts(dispatcher)[0] and "?" in texts(dispatcher)[0]
    tracker = build_tracker(
        [
            ActionExecuted("action_listen"),
            user_message(
                "et LIT-2026-999999 ?",
                "ask_status",
                entities=[{"entity": "ticket_id", "value": "LIT-2026-999999"}],
            ),
        ],
        slots={
            "ticket_id": "LIT-2026-000123",
            "complaint_category": "delivery",
            "current_remedy": "reshipment",
            "due_date": "2026-11-24",
        },
    )
    ActionCheckStatus().run(dispatcher, tracker, domain)
    assert "LIT-2026-999999" in texts(dispatcher)[1] and "ne" in texts(dispatcher)[1]
    assert "mardi" not in texts(dispatcher)[1]
