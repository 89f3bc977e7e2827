from actions.complaint import ActionCorrectDetails, ActionReformulate, ActionResume, ActionStartComplaint
from tests.conftest import ActionExecuted, build_tracker, slot_events, texts, user_message


def complaint(text, intent="complain_delivery", slots=None, entities=None, active_loop=None):
    return build_tracker(
        [ActionExecuted("action_listen"), user_message(text, intent, entities=entities)],
        slots=slots,
        active_loop=active_loop,
    )


def test_a_new_complaint_starts_with_attention_and_resets_the_previous_one(dispatcher, domain):
    tracker = complaint(
        "Ma commande est en retard de deux semaines, c'est inadmissible !",
        slots={
            "waltz_step": "closure",
            "proposed_remedies": ["reshipment"],
            "order_id": "CMD-111111",
            "customer_email": "a@b.fr",
            "csat": 5.0,
        },
    )
    slots = slot_events(ActionStartComplaint().run(dispatcher, tracker, domain))
    assert slots["waltz_step"] == "attention"
    assert slots["complaint_category"] == "delivery"
    assert slots["complaint_problem"] == "ce retard de livraison"
    assert slots["complaint_text"].startswith("Ma commande est en retard")
    assert slots["proposed_remedies"] == [] and slots["csat"] is None and slots["refused_proposals"] == 0
    assert slots["order_id"] is None  # the previous complaint's order is not this one's
    assert "customer_email" not in slots  # the customer's e-mail is kept
    assert dispatcher.messages == []  # attention itself is a domain response with emotion variations


def test_an_order_number_in_the_first_message_is_kept(dispatcher, domain):
    tracker = complaint(
        "le colis CMD-482913 est perdu",
        entities=[{"entity": "order_id", "value": "CMD-482913"}],
        slots={"order_id": "CMD-482913"},
    )
    assert "order_id" not in slot_events(ActionStartComplaint().run(dispatcher, tracker, domain))


def test_more_about_an_ongoing_complaint_goes_back_to_questioning(dispatcher, domain):
    tracker = complaint(
        "et en plus le livreur m'a raccroché au nez",
        slots={"waltz_step": "resolution", "complaint_details": "Il devait arriver lundi."},
    )
    slots = slot_events(ActionStartComplaint().run(dispatcher, tracker, domain))
    assert slots["waltz_step"] == "questioning"
    assert slots["complaint_details"] == "Il devait arriver lundi. et en plus le livreur m'a raccroché au nez"


def test_after_a_handoff_the_advisor_gets_the_message(dispatcher, domain):
    tracker = complaint("toujours rien !!", slots={"waltz_step": "handoff"})
    assert slot_events(ActionStartComplaint().run(dispatcher, tracker, domain)) == {"waltz_step": "handoff"}
    assert "conseiller" in texts(dispatcher)[0]


def test_the_reformulation_quotes_the_customer_and_asks_for_confirmation(dispatcher, domain):
    tracker = build_tracker(
        [],
        slots={
            "complaint_problem": "ce retard de livraison",
            "order_id": "CMD-482913",
            "complaint_details": "Je l'attendais pour samedi.",
            "expected_outcome": "la recevoir avant samedi",
        },
    )
    slots = slot_events(ActionReformulate().run(dispatcher, tracker, domain))
    message = dispatcher.messages[0]
    assert slots == {"waltz_step": "questioning", "correcting": False, "reformulation": message["text"]}
    assert message["text"].startswith("Si je comprends bien")
    assert "« Je l'attendais pour samedi »" in message["text"] and "CMD-482913" in message["text"]
    assert "« la recevoir avant samedi »" in message["text"]
    assert [b["payload"] for b in message["buttons"]] == ["/affirm", "/deny"]


def test_after_a_refusal_only_the_new_wish_is_reformulated(dispatcher, domain):
    tracker = build_tracker(
        [],
        slots={
            "adjusting": True,
            "expected_outcome": "un avoir plutôt",
            "complaint_details": "x",
            "complaint_problem": "y",
        },
    )
    ActionReformulate().run(dispatcher, tracker, domain)
    assert (
        "« un avoir plutôt »" in texts(dispatcher)[0] and "x" not in texts(dispatcher)[0].split("«")[0][-3:]
    )


def test_a_wrong_reformulation_clears_what_was_misunderstood(dispatcher, domain):
    slots = slot_events(ActionCorrectDetails().run(dispatcher, build_tracker([]), domain))
    assert slots == {
        "complaint_details": None,
        "expected_outcome": None,
        "correcting": True,
        "waltz_step": "questioning",
    }
    adjusting = build_tracker([], slots={"adjusting": True})
    assert slot_events(ActionCorrectDetails().run(dispatcher, adjusting, domain)) == {
        "expected_outcome": None,
        "waltz_step": "questioning",
    }


def test_resume_repeats_the_pending_consent_question(dispatcher, domain, friday):
    tracker = build_tracker(
        [],
        slots={
            "waltz_step": "resolution",
            "complaint_category": "delivery",
            "current_remedy": "reshipment",
            "due_date": "2026-11-24",
        },
    )
    ActionResume().run(dispatcher, tracker, domain)
    assert "convient si nous vous renvoyons votre commande" in texts(dispatcher)[0]
    assert "mardi 24 novembre" in texts(dispatcher)[0]
    assert dispatcher.messages[0]["buttons"]


def test_resume_does_nothing_inside_the_form_or_when_nothing_is_pending(dispatcher, domain):
    ActionResume().run(
        dispatcher,
        build_tracker([], slots={"waltz_step": "resolution"}, active_loop={"name": "complaint_form"}),
        domain,
    )
    ActionResume().run(dispatcher, build_tracker([], slots={"waltz_step": None}), domain)
    assert dispatcher.messages == []


def test_resume_asks_the_rating_again_after_the_closure(dispatcher, domain):
    ActionResume().run(dispatcher, build_tracker([], slots={"waltz_step": "closure", "csat": None}), domain)
    assert "de 1" in texts(dispatcher)[0] and len(dispatcher.messages[0]["buttons"]) == 5
