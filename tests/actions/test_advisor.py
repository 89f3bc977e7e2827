"""The advisor gives the conversation back: the assistant resumes at the closure step."""

import asyncio

from actions.advisor import ActionAdvisorClosed, ActionAdvisorHandedBack
from litige.tickets.access import get_store
from tests.conftest import build_tracker, slot_events, texts

AGREED = {
    "advisor_name": "Julie",
    "complaint_category": "delivery",
    "current_remedy": "reshipment",
    "due_date": "2026-11-24",
    "customer_email": "claire.martin@example.fr",
    "waltz_step": "handoff",
    "handoff_reason": "request_human",
}


def rating_buttons(message):
    return [button["payload"] for button in message.get("buttons") or []]


def test_handed_back_with_a_remedy_the_assistant_recaps_gives_the_reference_and_asks_the_rating(
    dispatcher, domain, friday
):
    tracker = build_tracker([], slots=AGREED)
    events = asyncio.run(ActionAdvisorHandedBack().run(dispatcher, tracker, domain))
    slots = slot_events(events)
    said = texts(dispatcher)
    assert "Julie" in said[0]
    assert slots["waltz_step"] == "closure" and slots["handoff_reason"] is None
    reference = slots["ticket_id"]
    assert f"**{reference}**" in said[1]
    assert "mardi 24 novembre" in said[1]  # the date the advisor agreed, in words
    assert rating_buttons(dispatcher.messages[-1]) == [f'/rate{{"csat":"{n}"}}' for n in range(1, 6)]
    assert (events[-1]["event"], events[-1]["name"]) == ("action", "action_listen")
    ticket = get_store().get(reference)
    assert (ticket["agreed_remedy"], str(ticket["due_date"])) == ("reshipment", "2026-11-24")


def test_handed_back_without_a_remedy_nothing_is_pretended(dispatcher, domain, friday):
    slots = dict(AGREED, current_remedy=None)
    asyncio.run(ActionAdvisorHandedBack().run(dispatcher, build_tracker([], slots=slots), domain))
    assert not any("LIT-" in text for text in texts(dispatcher))


def test_closed_by_the_advisor_gives_the_reference_and_asks_the_rating(dispatcher, domain):
    tracker = build_tracker([], slots={"advisor_name": "Julie", "ticket_id": "LIT-2026-000042"})
    events = ActionAdvisorClosed().run(dispatcher, tracker, domain)
    said = texts(dispatcher)
    assert "Julie" in said[0] and "**LIT-2026-000042**" in said[0]
    assert slot_events(events)["waltz_step"] == "closure"
    assert (events[-1]["event"], events[-1]["name"]) == ("action", "action_listen")
    assert len(said) == 2
    assert rating_buttons(dispatcher.messages[1]) == [f'/rate{{"csat":"{n}"}}' for n in range(1, 6)]


def test_closed_without_a_reference_does_not_invent_one(dispatcher, domain):
    ActionAdvisorClosed().run(dispatcher, build_tracker([], slots={"advisor_name": "Julie"}), domain)
    assert "LIT-" not in texts(dispatcher)[0] and "Julie" in texts(dispatcher)[0]
