"""Safety first, through the actions (today is Friday 20 November 2026: ``friday``)."""

from actions.complaint import ActionStartComplaint
from actions.negotiation import ActionNegotiate
from actions.resolution import ActionProposeRemedy
from litige.phrases import load_phrasebook
from litige.signals import detect
from tests.conftest import (
    ActionExecuted,
    build_tracker,
    looked_up,
    run_action,
    slot_events,
    texts,
    user_message,
)

SMOKE = "La lampe que j'ai reçue a fumé à côté de mon fils, ça sentait le brûlé. Je suis choquée."


def variations(key):
    return {v.text for v in load_phrasebook()[key]}


def message(text, intent="complain_product"):
    parsed = user_message(text, intent, emotion={"name": "anxiety", "confidence": 0.8, "intensity": 0.7})
    parsed["parse_data"]["signals"] = detect(text).as_dict()
    return parsed


def test_a_danger_gets_the_safety_instruction_before_anything_else(dispatcher, domain):
    tracker = build_tracker([ActionExecuted("action_listen"), message(SMOKE)])
    slots = slot_events(run_action(ActionStartComplaint(), dispatcher, tracker, domain))
    assert slots["hazard_reported"] is True and slots["waltz_step"] == "attention"
    first, second = texts(dispatcher)
    assert first in variations("safety_electric") and second in variations("safety_emergency")


def test_no_danger_no_instruction(dispatcher, domain):
    tracker = build_tracker([ActionExecuted("action_listen"), message("La lampe reçue ne s'allume pas.")])
    slots = slot_events(run_action(ActionStartComplaint(), dispatcher, tracker, domain))
    assert slots["hazard_reported"] is False and texts(dispatcher) == []


def test_after_a_danger_the_same_product_is_never_proposed_again(dispatcher, domain, friday):
    slots = {
        "complaint_category": "product",
        "hazard_reported": True,
        "proposed_remedies": [],
        "order_id": "CMD-561047",  # the demo shop's washing machine (catalogue/demo_backoffice.yml)
        "account_facts": looked_up("CMD-561047"),
    }
    tracker = build_tracker([], slots={**slots, "expected_outcome": "un échange contre une neuve"})
    assert (
        slot_events(run_action(ActionProposeRemedy(), dispatcher, tracker, domain))["current_remedy"]
        == "refund"
    )
    calm = build_tracker([], slots={**slots, "hazard_reported": False, "expected_outcome": "un échange"})
    assert (
        slot_events(run_action(ActionProposeRemedy(), dispatcher, calm, domain))["current_remedy"]
        == "replacement"
    )


def test_asking_for_the_same_product_after_a_danger_keeps_the_safe_remedy(dispatcher, domain, friday):
    slots = {
        "complaint_category": "product",
        "hazard_reported": True,
        "current_remedy": "refund",
        "due_date": "2026-12-01",
        "proposed_remedies": ["refund"],
        "proposal_due_dates": ["2026-12-01"],
        "waltz_step": "resolution",
        "order_id": "CMD-561047",
        "account_facts": looked_up("CMD-561047"),
    }
    events = [ActionExecuted("action_listen"), user_message("non, je préfère un échange", "deny")]
    result = slot_events(
        run_action(ActionNegotiate(), dispatcher, build_tracker(events, slots=slots), domain)
    )
    assert result == {"waltz_step": "resolution"}  # the refund stays on the table, no refusal counted
    explanation, reminder = texts(dispatcher)
    assert explanation in variations("hazard_no_same_product")
    assert "rembours" in reminder
