"""The global slot validation action, run as the action server runs it."""

from datetime import date

import pytest

from actions.slot_validation import ValidateSlotMappings
from litige.config import get_settings
from tests.conftest import ActionExecuted, SlotSet, build_tracker, user_message


@pytest.fixture(autouse=True)
def fixed_today(monkeypatch):
    monkeypatch.setenv("APP_TODAY", "2026-11-22")
    get_settings.cache_clear()
    yield date(2026, 11, 22)
    get_settings.cache_clear()


async def run_validation(dispatcher, domain, text, intent, slot_events):
    tracker = build_tracker([ActionExecuted("action_listen"), user_message(text, intent), *slot_events])
    return await ValidateSlotMappings().run(dispatcher, tracker, domain)


def slot_values(events):
    """Slots set by the action (the order system asked as soon as an order or an address is
    known: tested apart)."""
    return {
        event["name"]: event["value"]
        for event in events
        if event["event"] == "slot" and event["name"] != "account_facts"
    }


def facts_set(events):
    return next((e["value"] for e in events if e["event"] == "slot" and e["name"] == "account_facts"), None)


async def test_the_order_system_is_asked_as_soon_as_the_order_is_known(dispatcher, domain):
    events = await run_validation(
        dispatcher,
        domain,
        "ma commande cmd 482913 n'arrive pas",
        "complain_delivery",
        [SlotSet("order_id", "cmd 482913")],
    )
    facts = facts_set(events)
    assert facts["order_id"] == "CMD-482913" and facts["order_lookup"] == "found"
    assert facts["order"]["carrier"] == "GEODIS"
    assert dispatcher.messages == []  # told by the form or the reformulation, in the questioning step


async def test_the_same_order_is_not_asked_twice(dispatcher, domain, monkeypatch):
    from litige.backoffice.demo import DemoBackOffice

    first = facts_set(
        await run_validation(dispatcher, domain, "CMD-482913", "inform", [SlotSet("order_id", "CMD-482913")])
    )
    asked = []
    monkeypatch.setattr(DemoBackOffice, "order", lambda self, order_id: asked.append(order_id))
    events = await run_validation(
        dispatcher,
        domain,
        "et alors ?",
        "inform",
        [SlotSet("order_id", "CMD-482913"), SlotSet("account_facts", first)],
    )
    assert asked == []
    assert facts_set(events) in (None, first)  # nothing new: kept as it was


async def test_an_account_is_looked_up_by_its_address(dispatcher, domain):
    events = await run_validation(
        dispatcher,
        domain,
        "marion.dubois@example.fr",
        "inform",
        [SlotSet("customer_email", "Marion.Dubois@example.fr")],
    )
    facts = facts_set(events)
    assert facts["account_lookup"] == "found"
    assert facts["account"]["postcode"] == "69003" and facts["account"]["outages"]


async def test_an_invalid_address_asks_nothing(dispatcher, domain):
    events = await run_validation(
        dispatcher, domain, "julie@gmail", "inform", [SlotSet("customer_email", "julie@gmail")]
    )
    assert facts_set(events) is None


async def test_values_are_normalised(dispatcher, domain):
    events = await run_validation(
        dispatcher,
        domain,
        "commande cmd 482913 reçue hier, payée 49,90 €, je suis julie.martin@Gmail.com",
        "inform",
        [
            SlotSet("order_id", "cmd 482913"),
            SlotSet("incident_date", "hier"),
            SlotSet("disputed_amount", "49,90 €"),
            SlotSet("customer_email", "julie.martin@Gmail.com"),
            SlotSet("customer_name", "julie MARTIN"),
        ],
    )
    assert slot_values(events) == {
        "order_id": "CMD-482913",
        "incident_date": "2026-11-21",
        "disputed_amount": "49.90",
        "customer_email": "julie.martin@gmail.com",
        "customer_name": "Julie Martin",
    }
    assert dispatcher.messages == []


async def test_invalid_values_never_reach_the_slots(dispatcher, domain):
    events = await run_validation(
        dispatcher,
        domain,
        "mon mail c'est julie@gmail et c'était le 31/02/2026",
        "inform",
        [SlotSet("customer_email", "julie@gmail"), SlotSet("incident_date", "31/02/2026")],
    )
    assert slot_values(events) == {"customer_email": None, "incident_date": None}


async def test_first_value_is_kept_when_an_entity_occurs_twice(dispatcher, domain):
    events = await run_validation(
        dispatcher,
        domain,
        "LIT-2026-000231 ou lit-2026-000232",
        "ask_status",
        [SlotSet("ticket_id", ["lit-2026-000231", "lit-2026-000232"])],
    )
    assert slot_values(events) == {"ticket_id": "LIT-2026-000231"}


@pytest.mark.parametrize("value, kept", [("abc", None), ("9", None), ("4", 4.0), ("0", None), ("5/5", 5.0)])
async def test_a_rating_typed_as_a_payload_is_validated(dispatcher, domain, value, kept):
    tracker = build_tracker(
        [SlotSet("waltz_step", "closure"), ActionExecuted("action_listen"), user_message("/rate", "rate")]
        + [SlotSet("csat", value)]
    )
    events = await ValidateSlotMappings().run(dispatcher, tracker, domain)
    assert slot_values(events)["csat"] == kept


async def test_a_rating_before_the_closure_is_not_stored(dispatcher, domain):
    events = await run_validation(dispatcher, domain, '/rate{"csat":"4"}', "rate", [SlotSet("csat", "4")])
    assert slot_values(events)["csat"] is None


PENDING = {
    "complaint_category": "delivery",
    "current_remedy": "reshipment",
    "due_date": "2026-11-24",
    "complaint_started_at": 9.0,
    "waltz_step": "closure",
    "ticket_pending": True,
}


@pytest.mark.parametrize(
    "text, intent",
    [("merci, au revoir", "goodbye"), ("et mes frais de port ?", "out_of_scope"), ("ok", "affirm")],
)
async def test_the_pending_reference_is_given_at_the_next_turn_whatever_is_said(
    dispatcher, domain, text, intent
):
    from litige.tickets.access import get_store
    from litige.tickets.store import REFERENCE_PATTERN

    tracker = build_tracker([ActionExecuted("action_listen"), user_message(text, intent)], slots=PENDING)
    slots = slot_values(await ValidateSlotMappings().run(dispatcher, tracker, domain))
    assert slots["ticket_pending"] is False and REFERENCE_PATTERN.match(slots["ticket_id"])
    [said] = [message["text"] for message in dispatcher.messages]
    assert slots["ticket_id"] in said
    assert get_store().get(slots["ticket_id"])["reference_email_pending"] is False  # given here


async def test_nothing_is_said_while_an_advisor_holds_the_conversation(dispatcher, domain):
    events = [ActionExecuted("action_listen"), user_message("allô ?", "greet")]
    tracker = build_tracker(events, slots=PENDING, paused=True)
    slots = slot_values(await ValidateSlotMappings().run(dispatcher, tracker, domain))
    assert "ticket_pending" not in slots and dispatcher.messages == []


async def test_while_the_database_is_still_down_the_reference_stays_pending(
    dispatcher, domain, monkeypatch, tmp_path
):
    from litige.tickets.access import _store, get_spool

    blocked = tmp_path / "blocked"
    blocked.write_text("not a folder")
    monkeypatch.setenv("TICKET_DB_URL", f"sqlite:///{blocked}/tickets.db")
    get_settings.cache_clear()
    _store.cache_clear()
    tracker = build_tracker(
        [ActionExecuted("action_listen"), user_message("alors ?", "inform")], slots=PENDING
    )
    slots = slot_values(await ValidateSlotMappings().run(dispatcher, tracker, domain))
    assert "ticket_pending" not in slots and "ticket_id" not in slots and dispatcher.messages == []
    assert get_spool().pending() == 1  # journalled again, nothing lost
