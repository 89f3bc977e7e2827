from datetime import date

from actions.follow_up import ActionFollowUp, ActionFollowUpAnswer
from litige.tickets.access import get_store
from litige.tickets.follow_ups import FollowUps
from litige.tickets.record import build_record
from tests.conftest import ActionExecuted, build_tracker, run_action, slot_events, texts, user_message


def fired_ticket(sender="conv-7"):
    store = get_store()
    slots = {
        "complaint_category": "delivery",
        "complaint_started_at": 11.0,
        "waltz_step": "closure",
        "current_remedy": "reshipment",
        "due_date": "2026-11-20",
        "proposed_remedies": ["reshipment"],
    }
    ticket = store.save_complaint(build_record(sender, slots, []))
    follow_ups = FollowUps(store)
    [follow_up] = follow_ups.due(date(2026, 11, 20))
    follow_ups.claim(follow_up["id"])
    return ticket


def test_the_follow_up_question(dispatcher, domain, friday):
    ticket = fired_ticket()
    events = run_action(ActionFollowUp(), dispatcher, build_tracker([], sender_id="conv-7"), domain)
    assert slot_events(events) == {
        "follow_up_state": "asked",
        "follow_up_ticket": ticket.reference,
        "waltz_step": "closure",
    }
    assert events[-1]["event"] == "action" and events[-1]["name"] == "action_listen"  # the customer's turn
    message = dispatcher.messages[0]
    assert "promis un nouvel envoi de votre commande" in message["text"] or "comme promis" in message["text"]
    assert "aujourd'hui" in message["text"] and ticket.reference in message["text"]
    assert [b["payload"] for b in message["buttons"]] == ["/affirm", "/deny"]


def test_no_follow_up_means_no_message(dispatcher, domain):
    assert run_action(ActionFollowUp(), dispatcher, build_tracker([], sender_id="nobody"), domain) == []
    assert dispatcher.messages == []


def answer(intent, state, reference, sender="conv-7"):
    return build_tracker(
        [ActionExecuted("action_listen"), user_message("…", intent)],
        slots={"follow_up_state": state, "follow_up_ticket": reference},
        sender_id=sender,
    )


def test_yes_resolves_the_ticket(dispatcher, domain, friday):
    ticket = fired_ticket()
    slots = slot_events(
        run_action(ActionFollowUpAnswer(), dispatcher, answer("affirm", "asked", ticket.reference), domain)
    )
    assert slots == {"follow_up_state": None}
    assert get_store().get(ticket.reference).status == "resolved"
    assert ticket.reference in texts(dispatcher)[0]


def test_no_reopens_at_high_priority_and_offers_a_person(dispatcher, domain, friday):
    ticket = fired_ticket()
    slots = slot_events(
        run_action(ActionFollowUpAnswer(), dispatcher, answer("deny", "asked", ticket.reference), domain)
    )
    assert slots == {"follow_up_state": "offered_person", "priority": "high"}
    stored = get_store().get(ticket.reference)
    assert (stored.status, stored.priority) == ("open", "high")
    assert stored["follow_ups"][0]["answer"] == "no"
    assert "conseiller" in texts(dispatcher)[0] and dispatcher.messages[0]["buttons"]
    dispatcher.messages.clear()
    slots = slot_events(
        run_action(
            ActionFollowUpAnswer(), dispatcher, answer("deny", "offered_person", ticket.reference), domain
        )
    )
    assert slots == {"follow_up_state": None} and "priorit" in texts(dispatcher)[0]
