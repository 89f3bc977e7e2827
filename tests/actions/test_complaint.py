import re

from actions.complaint import (
    ActionAnswerRecap,
    ActionCorrectDetails,
    ActionReformulate,
    ActionResume,
    ActionStartComplaint,
)
from tests.conftest import ActionExecuted, build_tracker, run_action, slot_events, texts, user_message


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
    slots = slot_events(run_action(ActionStartComplaint(), dispatcher, tracker, domain))
    assert slots["waltz_step"] == "attention"
    assert slots["complaint_category"] == "delivery"
    assert slots["complaint_problem"] == "ce retard de livraison"
    assert slots["complaint_text"].startswith("Ma commande est en retard")
    assert slots["proposed_remedies"] == [] and slots["csat"] is None and slots["refused_proposals"] == 0
    assert slots["order_id"] is None  # the previous complaint's order is not this one's
    assert "customer_email" not in slots  # the customer's e-mail is kept
    assert dispatcher.messages == []  # attention itself is a domain response with emotion variations


def test_an_opening_that_tells_everything_fills_the_state_at_once(dispatcher, domain):
    opening = (
        "Bonjour, j'ai été prélevé deux fois de 189,90 € pour le même abonnement, "
        "je voudrais être remboursé du prélèvement en trop."
    )
    slots = slot_events(
        run_action(ActionStartComplaint(), dispatcher, complaint(opening, "complain_billing"), domain)
    )
    assert slots["story_told"] is True
    assert slots["complaint_details"] == opening
    assert slots["expected_outcome"] == "je voudrais être remboursé du prélèvement en trop"
    assert slots["preferred_remedy"] == "overcharge_refund"


def test_a_thin_opening_leaves_the_story_to_ask(dispatcher, domain):
    slots = slot_events(run_action(ActionStartComplaint(), dispatcher, complaint("colis pas reçu"), domain))
    assert slots["story_told"] is False
    assert slots["complaint_details"] is None and slots["expected_outcome"] is None


def test_a_new_wish_during_the_questioning_replaces_the_old_one(dispatcher, domain):
    tracker = complaint(
        "finalement je préfère pas attendre, je voudrais un remboursement",
        slots={
            "waltz_step": "questioning",
            "complaint_category": "delivery",
            "expected_outcome": "la recevoir",
        },
    )
    slots = slot_events(run_action(ActionStartComplaint(), dispatcher, tracker, domain))
    assert slots["expected_outcome"] == "je voudrais un remboursement"
    assert slots["preferred_remedy"] == "refund"


def test_an_order_number_in_the_first_message_is_kept(dispatcher, domain):
    tracker = complaint(
        "le colis CMD-482913 est perdu",
        entities=[{"entity": "order_id", "value": "CMD-482913"}],
        slots={"order_id": "CMD-482913"},
    )
    assert "order_id" not in slot_events(run_action(ActionStartComplaint(), dispatcher, tracker, domain))


def test_more_about_an_ongoing_complaint_goes_back_to_questioning(dispatcher, domain):
    tracker = complaint(
        "et en plus le livreur m'a raccroché au nez",
        slots={"waltz_step": "resolution", "complaint_details": "Il devait arriver lundi."},
    )
    slots = slot_events(run_action(ActionStartComplaint(), dispatcher, tracker, domain))
    assert slots["waltz_step"] == "questioning"
    assert slots["complaint_details"] == "Il devait arriver lundi. et en plus le livreur m'a raccroché au nez"


def _queued(state="waiting"):
    from datetime import datetime, timezone

    from litige.tickets.access import get_store
    from litige.tickets.owners import OwnerStore

    owners = OwnerStore(get_store())
    now = datetime.now(timezone.utc)
    owners.hand_off("test-user", now, reason="request_human")
    if state == "closed":
        owners.take("test-user", 1, "Julie", now)
        owners.close("test-user", now)


def test_while_waiting_the_message_goes_to_the_advisors_file(dispatcher, domain):
    _queued()
    tracker = complaint("toujours rien !!", slots={"waltz_step": "handoff"})
    assert slot_events(run_action(ActionStartComplaint(), dispatcher, tracker, domain)) == {
        "waltz_step": "handoff"
    }
    assert "file d'attente" in texts(dispatcher)[0] and "historique" in texts(dispatcher)[0]


def test_once_the_advisor_is_done_a_new_complaint_starts_with_the_bot(dispatcher, domain):
    _queued("closed")
    tracker = complaint("ma commande CMD-482913 n'est jamais arrivée", slots={"waltz_step": "handoff"})
    slots = slot_events(run_action(ActionStartComplaint(), dispatcher, tracker, domain))
    assert slots["waltz_step"] != "handoff" and slots["complaint_category"] == "delivery"
    assert "file d'attente" not in " ".join(texts(dispatcher))


def reformulated(dispatcher, domain, **slots):
    tracker = build_tracker([], slots={"complaint_category": "delivery", **slots})
    events = slot_events(ActionReformulate().run(dispatcher, tracker, domain))
    message = dispatcher.messages[-1]
    assert events == {
        "waltz_step": "questioning",
        "correcting": False,
        "category_corrected": False,
        "amount_corrected": False,
        "reformulation": message["text"],
    }
    assert [b["payload"] for b in message["buttons"]] == ["/affirm", "/deny"]
    return message["text"]


STORY = "Mon canapé commandé il y a six semaines n'est toujours pas là !!! J'ai appelé 4 fois, RIEN."


def test_the_reformulation_is_built_from_the_state_without_quoting_the_customer(dispatcher, domain):
    text = reformulated(
        dispatcher,
        domain,
        complaint_problem="ce retard de livraison",
        order_id="CMD-482913",
        complaint_text=STORY,
        complaint_details=STORY,
        expected_outcome="je veux une date de livraison FERME",
    )
    assert text.startswith("Si je")
    assert "ce retard de livraison, pour la commande CMD-482913, depuis six semaines" in text
    assert "vous nous avez déjà contactés quatre fois" in text
    assert "vous voulez une date de livraison ferme." in text
    for raw in ("!!!", "RIEN", "J'ai appelé", "canapé", "«", "FERME"):
        assert raw not in text


def test_a_wish_that_cannot_be_turned_around_is_said_in_the_catalogue_words(dispatcher, domain):
    text = reformulated(
        dispatcher,
        domain,
        complaint_problem="ce colis perdu",
        complaint_text="colis perdu",
        expected_outcome="je veux que vous me remboursiez tout de suite",
    )
    assert "le remboursement de votre commande" in text
    assert "remboursiez" not in text
    assert not re.search(r"\bme\b", text)


def test_a_wish_matching_nothing_is_acknowledged_not_quoted(dispatcher, domain):
    text = reformulated(
        dispatcher,
        domain,
        complaint_problem="ce colis perdu",
        complaint_text="colis perdu",
        expected_outcome="bof je sais pas trop, vous voyez quoi",
    )
    assert "bien noté ce" in text and "je sais pas" not in text


def test_after_a_refusal_only_the_new_wish_is_reformulated(dispatcher, domain):
    text = reformulated(
        dispatcher,
        domain,
        adjusting=True,
        expected_outcome="un avoir plutôt",
        complaint_details="Il devait arriver lundi.",
        complaint_problem="ce retard de livraison",
    )
    assert text.startswith("Si je comprends bien, vous") and "plutôt un avoir." in text
    assert "lundi" not in text and "retard" not in text


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


def test_a_correction_naming_another_category_updates_the_state_and_keeps_the_story(dispatcher, domain):
    correction = "Non, ce n'est pas un problème de communication, c'est ma livraison qui n'arrive pas"
    tracker = build_tracker(
        [ActionExecuted("action_listen"), user_message(correction, "deny")],
        slots={"complaint_category": "communication", "complaint_details": "Personne ne me répond."},
    )
    slots = slot_events(ActionCorrectDetails().run(dispatcher, tracker, domain))
    assert slots["complaint_category"] == "delivery" and slots["category_corrected"] is True
    assert "livraison" in slots["complaint_problem"]
    assert slots["complaint_details"].startswith("Personne ne me répond.")
    assert "expected_outcome" not in slots and "correcting" not in slots  # nothing asked again


def test_a_correction_read_as_a_complaint_is_still_a_correction(dispatcher, domain):
    correction = "Ce n'est pas un problème de communication, c'est ma livraison qui n'arrive pas !"
    events = [
        ActionExecuted("action_reformulate"),
        ActionExecuted("action_listen"),
        user_message(correction, "complain_delivery"),
    ]
    slots = {"complaint_category": "communication", "waltz_step": "questioning", "complaint_details": "x"}
    result = run_action(ActionStartComplaint(), dispatcher, build_tracker(events, slots=slots), domain)
    assert slot_events(result)["complaint_category"] == "delivery"
    followups = [e["name"] for e in result if e["event"] == "followup"]
    assert followups == ["complaint_form"]  # the order number is asked
    more = [ActionExecuted("complaint_form"), ActionExecuted("action_listen"), events[-1]]
    again = slot_events(
        run_action(ActionStartComplaint(), dispatcher, build_tracker(more, slots=slots), domain)
    )
    assert "complaint_category" not in again  # not an answer to the recap: more of the story


def recap_answer(text, intent="nlu_fallback"):
    events = [
        ActionExecuted("action_reformulate"),
        ActionExecuted("action_listen"),
        user_message(text, intent),
    ]
    slots = {"complaint_category": "communication", "waltz_step": "questioning", "complaint_details": "x"}
    return build_tracker(events, slots=slots)


def test_an_unsure_answer_to_the_recap_that_corrects_it_is_taken_in(dispatcher, domain):
    tracker = recap_answer("Non, ce n'est pas un problème de communication, c'est ma livraison")
    result = ActionAnswerRecap().run(dispatcher, tracker, domain)
    assert slot_events(result)["complaint_category"] == "delivery" and dispatcher.messages == []
    assert [e["name"] for e in result if e["event"] == "followup"] == ["complaint_form"]


def test_an_unsure_plain_no_to_the_recap_asks_again_what_was_misunderstood(dispatcher, domain):
    result = ActionAnswerRecap().run(dispatcher, recap_answer("nan pas vraiment"), domain)
    assert slot_events(result)["correcting"] is True
    assert [e["name"] for e in result if e["event"] == "followup"] == ["complaint_form"]


def test_an_unsure_answer_that_corrects_nothing_gets_the_fallback(dispatcher, domain):
    assert ActionAnswerRecap().run(dispatcher, recap_answer("gnagnagna"), domain) == []
    assert dispatcher.messages[0]["response"] == "utter_default"


def test_after_a_correction_only_what_changed_is_said_back(dispatcher, domain):
    slots = {
        "complaint_category": "delivery",
        "complaint_problem": "ce problème de livraison",
        "order_id": "CMD-482913",
        "complaint_text": "Personne ne me répond depuis trois semaines, c'est inadmissible.",
        "expected_outcome": "je veux une date",
        "category_corrected": True,
    }
    tracker = build_tracker([], slots=slots)
    events = slot_events(ActionReformulate().run(dispatcher, tracker, domain))
    (text,) = texts(dispatcher)
    assert "ce problème de livraison, pour la commande CMD-482913" in text
    assert "trois semaines" not in text and "date" not in text  # not the whole recap again
    assert events["category_corrected"] is False


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


def test_a_corrected_amount_changes_only_the_amount_and_is_said_back_alone(dispatcher, domain):
    from actions.complaint import ActionCorrectDetails, ActionReformulate

    story = "Vous m'avez prélevé 38 € de frais sur mon compte le 2 novembre, sans explication."
    tracker = build_tracker(
        [user_message("Non, pardon : c'est 83 € et non 38 €. Le reste est juste.", "deny")],
        slots={
            "complaint_category": "billing",
            "complaint_text": story,
            "expected_outcome": "être remboursée",
        },
    )
    slots = slot_events(ActionCorrectDetails().run(dispatcher, tracker, domain))
    assert slots == {"corrected_amount": "83.00", "amount_corrected": True, "waltz_step": "questioning"}
    corrected = build_tracker([], slots={**tracker.slots, **slots})
    ActionReformulate().run(dispatcher, corrected, domain)
    said = texts(dispatcher)[-1]
    assert "83 €" in said and "38" not in said


CLOSED = {
    "waltz_step": "closure",
    "complaint_category": "service",
    "complaint_details": "le technicien n'est jamais venu",
    "current_remedy": "repair_visit",
    "proposed_remedies": ["repair_visit"],
    "due_date": "2026-12-12",
    "appointment_window": "entre 8 h et 10 h",
    "customer_address": "24 cours de l'Intendance, 33000 Bordeaux",
    "ticket_id": "LIT-2026-000123",
    "csat": None,
}


def test_a_message_about_the_closed_file_is_added_to_it_not_a_new_complaint(dispatcher, domain, friday):
    said = (
        "et si votre technicien vient pas samedi non plus, il se passe quoi ? j'ai perdu une journée de congé"
    )
    tracker = complaint(said, "complain_service", slots=CLOSED)
    slots = slot_events(run_action(ActionStartComplaint(), dispatcher, tracker, domain))
    assert slots["waltz_step"] == "closure" and "complaint_text" not in slots  # no new complaint
    assert slots["complaint_details"].endswith(f"[Après la clôture] {said}")
    noted, rating = texts(dispatcher)
    assert "LIT-2026-000123" in noted and "technicien" in noted and "samedi 12 décembre" in noted
    assert "de 1" in rating and "à 5" in rating  # the rating, still to give, is asked again


def test_another_order_after_the_closure_is_a_new_complaint(dispatcher, domain, friday):
    said = "J'ai un autre souci : ma commande CMD-530771 n'est jamais arrivée"
    tracker = complaint(said, "complain_delivery", slots=CLOSED)
    slots = slot_events(run_action(ActionStartComplaint(), dispatcher, tracker, domain))
    assert slots["waltz_step"] == "attention" and slots["complaint_category"] == "delivery"
