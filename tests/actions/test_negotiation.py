"""The answers to a proposal (today is Friday 20 November 2026: see the ``friday`` fixture)."""

from actions.negotiation import ActionNegotiate, days_text, french_time
from litige.phrases import load_phrasebook
from tests.conftest import (
    ActionExecuted,
    build_tracker,
    looked_up,
    run_action,
    slot_events,
    texts,
    user_message,
)

PROPOSALS = {
    # category: (remedy, its business-day due date from Friday 20 November)
    "delivery": ("reshipment", "2026-11-24"),
    "service": ("repair_visit", "2026-11-25"),
    "billing": ("overcharge_refund", "2026-11-27"),
    "refund": ("refund", "2026-11-27"),
}


def at_proposal(text, intent="inform", category="delivery", **slots):
    remedy, due = PROPOSALS[category]
    base = {
        "complaint_category": category,
        "current_remedy": remedy,
        "due_date": due,
        "proposed_remedies": [remedy],
        "proposal_due_dates": [due],
        "refused_proposals": 0,
        "waltz_step": "resolution",
        "customer_email": "julie.martin@gmail.com",
        "complaint_started_at": 1795350946.79,
    }
    if category in ("delivery", "refund"):  # the demo shop's sofa, stuck at the carrier's depot
        base.update(order_id="CMD-482913", account_facts=looked_up("CMD-482913"))
    if category == "billing":
        base.update(disputed_amount="49.90")
    if category == "service":  # a visit is proposed once the questioning step has the address
        base.update(customer_address="12 rue des Lilas, 69003 Lyon")
    events = [ActionExecuted("action_listen"), user_message(text, intent)]
    return build_tracker(events, slots={**base, **slots}, sender_id="nego-1")


def run(dispatcher, domain, tracker):
    return slot_events(run_action(ActionNegotiate(), dispatcher, tracker, domain))


def variations(key):
    return [v.text.split("{")[0] for v in load_phrasebook()[key]]


def test_a_button_yes_closes(dispatcher, domain, friday):
    slots = run(dispatcher, domain, at_proposal("/affirm", "affirm"))
    assert slots["waltz_step"] == "closure"
    assert "mardi 24 novembre" in texts(dispatcher)[0]


def test_a_day_said_again_moves_the_appointment_and_is_not_a_refusal(dispatcher, domain, friday):
    tracker = at_proposal("Vendredi je travaille, j'ai dit SAMEDI 28", category="service")
    slots = run(dispatcher, domain, tracker)
    assert slots["due_date"] == "2026-11-28"
    assert slots["proposal_due_dates"] == ["2026-11-28"]
    assert slots["appointment_window"] == "entre 8 h et 10 h"  # a technician's window: two hours
    assert slots["waltz_step"] == "resolution" and "refused_proposals" not in slots
    (text,) = texts(dispatcher)
    assert "samedi 28 novembre" in text and "technicien" in text


def test_a_time_alone_keeps_the_day_proposed(dispatcher, domain, friday):
    # the visit was proposed on Saturday 28 in the morning: "plutôt après 10 h" is that Saturday
    tracker = at_proposal("plutôt après 10 h, c'est possible ?", category="service", due_date="2026-11-28")
    slots = run(dispatcher, domain, tracker)
    assert slots["due_date"] == "2026-11-28"
    assert slots["appointment_window"] == "entre 10 h et 12 h"
    assert "samedi 28 novembre" in texts(dispatcher)[0]


def test_the_agreed_appointment_is_in_the_recap(dispatcher, domain, friday):
    tracker = at_proposal(
        "oui", "affirm", category="service", due_date="2026-11-28", appointment_window="entre 8 h et 12 h"
    )
    slots = run(dispatcher, domain, tracker)
    assert slots["waltz_step"] == "closure"
    assert "le **samedi 28 novembre**, entre 8 h et 12 h" in texts(dispatcher)[0]


def test_a_day_earlier_than_the_delay_is_not_promised(dispatcher, domain, friday):
    slots = run(dispatcher, domain, at_proposal("demain samedi 21 au matin", category="service"))
    assert slots["due_date"] == "2026-11-25"  # the first day the technician can come
    (text,) = texts(dispatcher)
    assert "samedi 21 novembre" in text and "mercredi 25 novembre" in text
    assert text.startswith(tuple(variations("counter_too_early")))


def test_a_time_window_outside_the_hours_asks_for_another(dispatcher, domain, friday):
    slots = run(dispatcher, domain, at_proposal("mardi après 19h", category="service"))
    assert "due_date" not in slots and slots["waltz_step"] == "resolution"
    assert "entre 8 h et 18 h" in texts(dispatcher)[0]


def test_days_said_for_a_remedy_without_appointment_are_noted_not_promised(dispatcher, domain, friday):
    said = "je ne suis là que le samedi"
    slots = run(dispatcher, domain, at_proposal(said, category="refund"))
    assert "due_date" not in slots and slots["waltz_step"] == "resolution"
    assert texts(dispatcher)[0].startswith(tuple(variations("counter_no_appointment")))
    assert slots["complaint_details"].endswith(f"[Disponibilités] {said}")  # in the file, as said


def test_a_kept_deadline_with_a_yes_closes(dispatcher, domain, friday):
    slots = run(dispatcher, domain, at_proposal("oui si c'est avant le 1er décembre", "affirm", "refund"))
    assert slots["waltz_step"] == "closure"


def test_a_deadline_that_cannot_be_kept_is_said_honestly(dispatcher, domain, friday):
    slots = run(dispatcher, domain, at_proposal("il me le faut avant mercredi", category="refund"))
    assert slots["waltz_step"] == "resolution"
    answer, reminder = texts(dispatcher)
    assert "mercredi 25 novembre" in answer and "vendredi 27 novembre" in answer
    assert reminder.startswith(tuple(variations("consent_reminder")))


def test_a_question_on_the_date_is_answered_and_consent_asked_again(dispatcher, domain, friday):
    slots = run(dispatcher, domain, at_proposal("c'est quand exactement ?"))
    assert slots == {"waltz_step": "resolution"}
    answer, reminder = texts(dispatcher)
    assert "mardi 24 novembre" in answer
    assert reminder.startswith(tuple(variations("consent_reminder")))


def test_a_question_the_bot_cannot_answer_is_not_guessed_and_goes_to_the_file(dispatcher, domain, friday):
    question = "Et le conseiller, il aura accès à mon historique de l'an dernier ?"
    slots = run(dispatcher, domain, at_proposal(question, category="billing"))
    assert slots["waltz_step"] == "resolution" and "current_remedy" not in slots
    assert question in slots["complaint_details"]
    answer, _ = texts(dispatcher)
    assert answer.startswith(tuple(variations("answer_unknown")))


def test_a_question_on_bank_fees_is_answered_from_the_knowledge_base(dispatcher, domain, friday):
    slots = run(
        dispatcher,
        domain,
        at_proposal("Et les frais bancaires, vous les remboursez ou pas ?", category="billing"),
    )
    assert slots["waltz_step"] == "resolution"
    answer, reminder = texts(dispatcher)
    assert answer in variations("kb_bank_fees")
    assert reminder.startswith(tuple(v.split("{")[0] for v in variations("consent_reminder")))


def test_a_typed_refusal_is_counted(dispatcher, domain, friday):
    slots = run(dispatcher, domain, at_proposal("ça ne me convient pas du tout", "inform"))
    assert slots["refused_proposals"] == 1 and slots["waltz_step"] == "questioning"


def test_another_remedy_named_is_proposed_at_once(dispatcher, domain, friday):
    slots = run(dispatcher, domain, at_proposal("non, je préfère un bon d'achat", "deny"))
    assert slots["current_remedy"] == "voucher"
    assert slots["proposed_remedies"] == ["reshipment", "voucher"]
    assert "refused_proposals" not in slots
    assert "bon d'achat de 15 €" in texts(dispatcher)[0]


def test_a_remedy_proposed_before_stays_reachable(dispatcher, domain, friday):
    tracker = at_proposal(
        "finalement je veux juste recevoir mon colis",
        current_remedy="refund",
        proposed_remedies=["reshipment", "refund"],
        proposal_due_dates=["2026-11-24", "2026-11-27"],
        refused_proposals=1,
    )
    slots = run(dispatcher, domain, tracker)
    assert slots["current_remedy"] == "reshipment"
    assert slots["due_date"] == "2026-11-24"


def test_an_ok_but_is_not_taken_as_consent(dispatcher, domain, friday):
    slots = run(dispatcher, domain, at_proposal("ok mais je veux être prévenu la veille", "affirm"))
    assert slots["waltz_step"] == "resolution"
    assert "prévenu la veille" in slots["complaint_details"]
    assert texts(dispatcher)[0].startswith(tuple(variations("conditional_consent")))


def test_an_unclear_answer_asks_again(dispatcher, domain, friday):
    assert run(dispatcher, domain, at_proposal("bof", "nlu_fallback")) == {"waltz_step": "resolution"}
    unclear, reminder = texts(dispatcher)
    assert unclear in {v.text for v in load_phrasebook()["negotiate_unclear"]}
    assert reminder.startswith(tuple(variations("consent_reminder")))


def test_days_and_times_read_naturally():
    assert days_text((0, 1, 2, 3, 4, 5)) == "du lundi au samedi"
    assert days_text((1, 3)) == "le mardi et le jeudi"
    assert (french_time("08:00"), french_time("18:30")) == ("8 h", "18 h 30")


def test_asking_for_a_call_without_a_number_goes_back_to_ask_it_not_a_refusal(dispatcher, domain, friday):
    slots = run(dispatcher, domain, at_proposal("Finalement je préfère qu'on m'appelle", "deny", "billing"))
    assert slots["waltz_step"] == "questioning" and slots["adjusting"] is True
    assert slots["preferred_remedy"] == "billing_callback" and "refused_proposals" not in slots
    assert slots["expected_outcome"] == "Finalement je préfère qu'on m'appelle"


def test_asking_for_a_call_with_the_number_known_proposes_it_at_that_number(dispatcher, domain, friday):
    tracker = at_proposal(
        "Finalement je préfère qu'on m'appelle", "deny", "billing", customer_phone="+33612345678"
    )
    slots = run(dispatcher, domain, tracker)
    assert slots["current_remedy"] == "billing_callback"
    assert "au 06 12 34 56 78" in texts(dispatcher)[0]


def test_a_refusal_with_a_rhetorical_question_is_a_refusal_and_keeps_the_wish(dispatcher, domain, friday):
    said = (
        "Encore attendre ? Vous vous foutez de moi ? Non ça me convient pas du tout. "
        "Je veux que quelqu'un s'engage enfin sur quelque chose de sérieux."
    )
    slots = run(dispatcher, domain, at_proposal(said, "deny"))
    assert slots["refused_proposals"] == 1 and slots["waltz_step"] == "questioning"
    # what would suit is already said: the form does not ask it again
    assert slots["expected_outcome"] == "Je veux que quelqu'un s'engage enfin sur quelque chose de sérieux"
    assert texts(dispatcher) == []  # no "je ne peux pas vous répondre" on the rhetorical question


def test_the_proposed_day_said_back_is_not_another_day(dispatcher, domain, friday):
    # the reshipment is due on Tuesday 24 November
    said_back = "Le 24 ? Pourquoi aussi long ? Vous pouvez pas faire plus vite ?"
    slots = run(dispatcher, domain, at_proposal(said_back))
    assert slots["waltz_step"] == "resolution"
    said = texts(dispatcher)
    assert not any(t.startswith(tuple(variations("counter_no_appointment"))) for t in said)
    assert any(t.startswith(tuple(variations("answer_when"))) for t in said)
    dispatcher.messages.clear()
    accepted = "N'importe quoi, j'ai jamais parlé d'être dispo. Bon, va pour le 24."
    slots = run(dispatcher, domain, at_proposal(accepted))
    assert slots["waltz_step"] == "closure"


def test_a_remedy_named_with_the_current_one_refused_outright_is_proposed(dispatcher, domain, friday):
    # the refund is on the table; "avoir" names the voucher as much as the refund's words are said
    said = "Non, un remboursement ne m'aide pas. Je préfère un avoir."
    slots = run(dispatcher, domain, at_proposal(said, "deny", "refund"))
    assert slots["current_remedy"] == "store_credit"


def test_the_proposal_said_back_with_a_yes_is_consent_even_with_a_question(dispatcher, domain, friday):
    said = "ok mardi 24 ça me va. Mais vous m'avez toujours pas répondu : il arrive vraiment cette fois ?"
    slots = run(dispatcher, domain, at_proposal(said, "affirm"))
    assert slots["waltz_step"] == "closure"
