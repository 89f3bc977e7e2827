import re

import pytest

from actions.resolution import ActionProposeRemedy, ActionThankRating, confirm, refusal_events
from litige.catalogue import _cached
from litige.config import get_settings
from litige.phrases import load_phrasebook
from litige.tickets.store import REFERENCE_PATTERN
from tests.conftest import (  # noqa: F401
    ActionExecuted,
    build_tracker,
    looked_up,
    run_action,
    slot_events,
    texts,
    user_message,
)

CONSENT = re.compile(
    r"Est-ce que cela vous convient si .+ (?:d'ici )?le (lundi|mardi|mercredi|jeudi|vendredi) \d{1,2} \w+"
    r"(?:, entre \d+ h et \d+ h)? \?"
)


def proposing(**slots):
    """A delivery complaint about the demo shop's sofa, stuck at the carrier's depot."""
    base = {
        "complaint_category": "delivery",
        "expected_outcome": "la recevoir vite",
        "proposed_remedies": [],
        "order_id": "CMD-482913",
        "account_facts": looked_up("CMD-482913"),
    }
    return build_tracker([], slots={**base, **slots})


def test_the_proposal_has_a_real_date_skipping_the_weekend_and_asks_for_consent(dispatcher, domain, friday):
    slots = slot_events(run_action(ActionProposeRemedy(), dispatcher, proposing(), domain))
    assert slots["current_remedy"] == "reshipment"
    assert slots["due_date"] == "2026-11-24"  # Friday + 2 business days = Tuesday
    assert slots["waltz_step"] == "resolution" and slots["proposed_remedies"] == ["reshipment"]
    message = dispatcher.messages[0]
    assert "**mardi 24 novembre**" in message["text"]
    assert CONSENT.search(message["text"]), message["text"]
    assert [b["payload"] for b in message["buttons"]] == ["/affirm", "/deny"]


def test_an_appointment_is_proposed_on_a_day_it_can_happen_with_its_hours(dispatcher, domain, friday):
    # a technician comes Monday to Saturday, 8 h to 18 h; 3 business days from Friday 20 November
    # (nothing known of the account): the first two hours, never "between 8 and 18"
    tracker = proposing(
        complaint_category="service",
        expected_outcome="qu'un technicien vienne",
        account_facts=None,
        customer_address="12 rue des Lilas, 69003 Lyon",
    )
    slots = slot_events(run_action(ActionProposeRemedy(), dispatcher, tracker, domain))
    assert slots["current_remedy"] == "repair_visit"
    assert slots["due_date"] == "2026-11-25"
    assert slots["appointment_window"] == "entre 8 h et 10 h"
    text = dispatcher.messages[0]["text"]
    assert "le **mercredi 25 novembre**, entre 8 h et 10 h" in text
    assert "au 12 rue des Lilas, 69003 Lyon" in text  # where, as the customer gave it
    assert "d'ici le" not in text  # an appointment is on a day, not "by" a day


def test_a_visit_falls_in_what_the_customer_said_they_can_do(dispatcher, domain, friday):
    # "le mercredi je travaille, plutôt un jeudi après-midi": Thursday 26, a 2-hour window after 13 h
    tracker = proposing(
        complaint_category="service",
        expected_outcome="qu'un technicien vienne",
        account_facts=looked_up(email="hugo.lefevre@example.fr"),
        customer_availability=[{"day": "mercredi", "excluded": True}, {"day": "jeudi", "part": "apres-midi"}],
        customer_address="3 bis avenue Jean-Jaurès, 75019 Paris",
    )
    slots = slot_events(run_action(ActionProposeRemedy(), dispatcher, tracker, domain))
    assert slots["current_remedy"] == "repair_visit"
    assert slots["due_date"] == "2026-11-26"
    assert slots["appointment_window"] == "entre 14 h et 16 h"  # the planning's first free slot then


def test_the_proposal_prefers_the_remedy_the_customer_asked_for(dispatcher, domain, friday):
    slots = slot_events(
        run_action(ActionProposeRemedy(), dispatcher, proposing(expected_outcome="un remboursement"), domain)
    )
    assert slots["current_remedy"] == "refund"
    assert slots["due_date"] == "2026-11-27"  # 5 business days
    assert "1\u00a0249 €" in texts(dispatcher)[0]  # the order's total, from the order system


def test_an_order_the_system_cannot_find_gets_no_refund_promised(dispatcher, domain, friday):
    tracker = proposing(
        expected_outcome="un remboursement", order_id="CMD-9999999", account_facts=looked_up("CMD-9999999")
    )
    slots = slot_events(run_action(ActionProposeRemedy(), dispatcher, tracker, domain))
    assert slots["current_remedy"] == "order_search"
    assert "rembours" not in texts(dispatcher)[0].split("Voici")[-1].split("Est-ce")[0]
    assert slots["due_date"] == "2026-11-23"  # when we come back, with a solution


def test_a_remedy_is_never_proposed_twice(dispatcher, domain, friday):
    tracker = proposing(expected_outcome="la recevoir", proposed_remedies=["reshipment"], refused_proposals=1)
    slots = slot_events(run_action(ActionProposeRemedy(), dispatcher, tracker, domain))
    assert slots["current_remedy"] != "reshipment"
    assert slots["proposed_remedies"] == ["reshipment", slots["current_remedy"]]
    assert texts(dispatcher)[0].startswith(("Merci de m'avoir dit", "Compris"))


def test_when_nothing_is_left_the_bot_promises_nothing(dispatcher, domain, friday):
    tracker = proposing(proposed_remedies=["reshipment", "carrier_inquiry", "refund", "voucher"])
    assert slot_events(run_action(ActionProposeRemedy(), dispatcher, tracker, domain)) == {"no_remedy": True}
    assert dispatcher.messages == []


def test_a_category_without_remedy_in_the_catalogue(dispatcher, domain, friday, tmp_path, monkeypatch):
    text = (get_settings().catalogue_path).read_text(encoding="utf-8")
    start = text.index("  refund:\n")
    end = text.index("  service:\n")
    custom = (
        text[:start] + '  refund:\n    default_problem: "votre demande"\n    remedies: []\n\n' + text[end:]
    )
    path = tmp_path / "remedies.yml"
    path.write_text(custom, encoding="utf-8")
    monkeypatch.setenv("REMEDY_CATALOGUE_PATH", str(path))
    get_settings.cache_clear()
    _cached.cache_clear()
    try:
        tracker = proposing(complaint_category="refund", expected_outcome="un remboursement")
        assert slot_events(run_action(ActionProposeRemedy(), dispatcher, tracker, domain)) == {
            "no_remedy": True
        }
    finally:
        _cached.cache_clear()


def test_a_refusal_goes_back_to_questioning(dispatcher, domain):
    tracker = build_tracker([], slots={"refused_proposals": 0, "current_remedy": "reshipment"})
    slots = slot_events(refusal_events(tracker))
    assert slots == {
        "refused_proposals": 1,
        "current_remedy": None,
        "expected_outcome": None,
        "appointment_window": None,
        "adjusting": True,
        "waltz_step": "questioning",
    }


def agreed(**slots):
    base = {
        "complaint_category": "delivery",
        "current_remedy": "reshipment",
        "due_date": "2026-11-24",
        "customer_email": "julie.martin@gmail.com",
        "complaint_started_at": 1795350946.79,
    }
    return build_tracker([], slots={**base, **slots}, sender_id="conv-42")


def test_closure_recaps_gives_a_reference_and_asks_for_a_rating(dispatcher, domain, friday):
    slots = slot_events(confirm(dispatcher, agreed()))
    assert slots["waltz_step"] == "closure"
    assert REFERENCE_PATTERN.match(slots["ticket_id"])
    recap, rating = texts(dispatcher)
    assert "mardi 24 novembre" in recap and slots["ticket_id"] in recap
    assert "julie.martin@gmail.com" in recap
    # the follow-up comes once the promised day is over: the next business day
    follow_up = re.compile(r"(reviendrons vers vous|reprendrons contact avec vous) le mercredi 25 novembre")
    assert follow_up.search(recap), recap
    assert len(dispatcher.messages[1]["buttons"]) == 5


def test_the_reference_is_stable_for_a_given_complaint(dispatcher, domain, friday):
    first = slot_events(confirm(dispatcher, agreed()))["ticket_id"]
    again = slot_events(confirm(dispatcher, agreed()))["ticket_id"]
    other = slot_events(confirm(dispatcher, agreed(complaint_started_at=1.0)))["ticket_id"]
    assert first == again != other


def test_a_stray_yes_agrees_to_nothing(dispatcher, domain, friday):
    assert "closure" not in slot_events(confirm(dispatcher, build_tracker([]))).values()
    assert texts(dispatcher) and texts(dispatcher)[0] in {
        v.text for v in load_phrasebook()["nothing_to_confirm"]
    }


def rating(text, intent="rate", entities=None, emotion="neutral"):
    return build_tracker(
        [ActionExecuted("action_listen"), user_message(text, intent, entities=entities)],
        slots={"emotion": emotion, "waltz_step": "closure"},
    )


@pytest.mark.parametrize(
    "text, entities, expected",
    [
        ('/rate{"csat":"4"}', [{"entity": "csat", "value": "4"}], 4.0),
        ("5 étoiles", None, 5.0),
        ("je mets 3", None, 3.0),
        # typed with a comment, or a reason with a time in it: the mark is the one it opens with
        ("2. Et le remboursement du mois ? Internet revient demain 18h, c'est sûr ?", None, 2.0),
    ],
)
def test_the_rating_is_stored_and_thanked(dispatcher, domain, text, entities, expected):
    slots = slot_events(run_action(ActionThankRating(), dispatcher, rating(text, entities=entities), domain))
    assert slots == {"csat": expected}
    assert texts(dispatcher)[0].startswith("Merci")
    assert "autre chose" in texts(dispatcher)[1]


def test_an_unreadable_rating_is_asked_again(dispatcher, domain):
    assert slot_events(run_action(ActionThankRating(), dispatcher, rating("bof"), domain)) == {"csat": None}
    assert len(dispatcher.messages[0]["buttons"]) == 5


def test_no_joke_for_an_angry_customer(dispatcher, domain):
    for _ in range(20):
        run_action(ActionThankRating(), dispatcher, rating("1", emotion="anger"), domain)
    assert not any("😉" in text for text in texts(dispatcher))


# ---- tickets -------------------------------------------------------------------------
def blocked_database(monkeypatch, tmp_path):
    from litige.tickets.access import _store

    blocked = tmp_path / "blocked"
    blocked.write_text("x")
    monkeypatch.setenv("TICKET_DB_URL", f"sqlite:///{blocked}/t.db")
    get_settings.cache_clear()
    _store.cache_clear()


def test_the_first_proposal_creates_the_ticket(dispatcher, domain, friday):
    from litige.tickets.access import get_store

    slots = slot_events(
        run_action(ActionProposeRemedy(), dispatcher, proposing(complaint_started_at=7.0), domain)
    )
    ticket = get_store().get(slots["ticket_id"])
    assert ticket.status == "open" and ticket["category"] == "delivery"
    assert [(p["remedy"], p["answer"]) for p in ticket["proposals"]] == [("reshipment", "pending")]


def test_the_closure_reference_comes_from_the_ticket_store(dispatcher, domain, friday):
    from litige.tickets.access import get_store

    slots = slot_events(
        confirm(dispatcher, agreed(proposed_remedies=["reshipment"], proposal_due_dates=["2026-11-24"]))
    )
    ticket = get_store().get(slots["ticket_id"])
    assert ticket.conversation_id == "conv-42" and ticket["agreed_remedy"] == "reshipment"
    assert [f["due_date"].isoformat() for f in ticket["follow_ups"]] == ["2026-11-24"]
    assert slots["ticket_pending"] is False


def test_an_address_given_queues_the_recap_e_mail_and_none_without(dispatcher, domain, friday):
    from litige.tickets.access import get_store

    with_address = slot_events(confirm(dispatcher, agreed()))["ticket_id"]
    assert get_store().get(with_address)["reference_email_pending"] is True
    without = build_tracker([], slots={**agreed().slots, "customer_email": None}, sender_id="conv-43")
    reference = slot_events(confirm(dispatcher, without))["ticket_id"]
    assert get_store().get(reference)["reference_email_pending"] is False


def test_a_database_down_at_closure_loses_nothing(dispatcher, domain, friday, monkeypatch, tmp_path):
    from litige.tickets.access import get_spool

    blocked_database(monkeypatch, tmp_path)
    slots = slot_events(confirm(dispatcher, agreed()))
    assert slots["ticket_pending"] is True and "ticket_id" not in slots
    recap = texts(dispatcher)[0]
    assert "par e-mail, à l'adresse julie.martin@gmail.com" in recap and "mardi 24 novembre" in recap
    assert not REFERENCE_PATTERN.search(recap.replace("**", ""))
    assert get_spool().pending() == 1


def test_the_pending_ticket_is_saved_at_the_next_turn(dispatcher, domain, friday, ticket_db):
    from litige.tickets.access import get_store

    tracker = build_tracker(
        [ActionExecuted("action_listen"), user_message("5", "rate")],
        slots={
            "complaint_category": "delivery",
            "current_remedy": "reshipment",
            "due_date": "2026-11-24",
            "complaint_started_at": 9.0,
            "waltz_step": "closure",
            "ticket_pending": True,
            "emotion": "neutral",
        },
    )
    slots = slot_events(run_action(ActionThankRating(), dispatcher, tracker, domain))
    assert slots["ticket_pending"] is False and REFERENCE_PATTERN.match(slots["ticket_id"])
    assert slots["ticket_id"] in texts(dispatcher)[0]
    ticket = get_store().get(slots["ticket_id"])
    assert ticket["csat"] == 5 and ticket["reference_email_pending"] is False


def test_a_new_complaint_does_not_inherit_the_previous_proposal_dates(dispatcher, domain, friday):
    from actions.complaint_state import PER_COMPLAINT_DEFAULTS

    before = {"proposed_remedies": ["refund"], "proposal_due_dates": ["2026-11-10"]}
    tracker = proposing(**{**before, **PER_COMPLAINT_DEFAULTS, "expected_outcome": "la recevoir vite"})
    slots = slot_events(run_action(ActionProposeRemedy(), dispatcher, tracker, domain))
    assert slots["proposed_remedies"] == ["reshipment"]
    assert slots["proposal_due_dates"] == ["2026-11-24"]  # aligned with the one remedy proposed


def test_a_call_back_is_proposed_at_the_number_given_within_the_customers_hours(dispatcher, domain, friday):
    tracker = proposing(
        complaint_category="billing",
        expected_outcome="qu'on me rappelle",
        customer_phone="+33612345678",
        customer_availability=[{"after": "18:00"}],
        account_facts=None,
    )
    slots = slot_events(run_action(ActionProposeRemedy(), dispatcher, tracker, domain))
    assert slots["current_remedy"] == "billing_callback"
    assert slots["due_date"] == "2026-11-23" and slots["appointment_window"] == "entre 18 h et 19 h"
    assert "au 06 12 34 56 78" in texts(dispatcher)[0]


def test_no_call_back_is_ever_promised_without_a_number(dispatcher, domain, friday):
    for phone in (None, "declined"):
        dispatcher.messages.clear()
        tracker = proposing(
            complaint_category="billing",
            expected_outcome="qu'on me rappelle",
            customer_phone=phone,
            account_facts=None,
        )
        slots = slot_events(run_action(ActionProposeRemedy(), dispatcher, tracker, domain))
        assert slots["current_remedy"] != "billing_callback"
        assert "rappel" not in texts(dispatcher)[0]


def test_a_remedy_turned_down_then_asked_for_again_in_words_is_proposed_again(dispatcher, domain, friday):
    asked_again = "livraison du frigo neuf ET reprise de l'ancien en même temps par le livreur"
    tracker = proposing(
        complaint_category="product",
        order_id="CMD-552618",
        account_facts=looked_up("CMD-552618"),  # the demo shop's fridge, delivered
        expected_outcome=asked_again,
        preferred_remedy="replacement",
        proposed_remedies=["replacement"],
        refused_proposals=1,
    )
    slots = slot_events(run_action(ActionProposeRemedy(), dispatcher, tracker, domain))
    assert slots["current_remedy"] == "replacement"  # not the refund nobody asked for
    assert slots["proposed_remedies"] == ["replacement", "replacement"]
    assert "reprenons l'ancien" in texts(dispatcher)[0]


def test_a_remedy_turned_down_is_not_proposed_again_unasked(dispatcher, domain, friday):
    tracker = proposing(
        complaint_category="product",
        order_id="CMD-552618",
        account_facts=looked_up("CMD-552618"),
        expected_outcome="je ne sais pas, autre chose",
        preferred_remedy=None,
        proposed_remedies=["replacement"],
        refused_proposals=1,
    )
    slots = slot_events(run_action(ActionProposeRemedy(), dispatcher, tracker, domain))
    assert slots["current_remedy"] != "replacement"
