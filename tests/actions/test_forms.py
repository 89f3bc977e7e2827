"""The complaint form's validation, run as the action server runs it (user message,
then the slot the form extracted, then the validation action)."""

import pytest

from actions.form_questions import ActionAskComplaintDetails, ActionAskOrderId
from actions.forms import ValidateComplaintForm
from tests.conftest import ActionExecuted, SlotSet, build_tracker, slot_events, texts, user_message

FORM = {"name": "complaint_form"}


def form_turn(text, intent, slot, value, slots=None, entities=None):
    events = [
        ActionExecuted("complaint_form"),
        ActionExecuted("action_listen"),
        user_message(text, intent, entities=entities),
        SlotSet(slot, value),
    ]
    base = {"requested_slot": slot, **(slots or {})}
    return build_tracker(events, slots=base, active_loop=FORM)


async def validate(dispatcher, domain, *args, **kwargs):
    """The validated slots, plus "next": the slot the form asks next (the validation
    action names it when it narrows the domain's list; otherwise Rasa asks the first
    empty slot of that list, which is what we compute here)."""
    tracker = form_turn(*args, **kwargs)
    slots = slot_events(await ValidateComplaintForm().run(dispatcher, tracker, domain))
    if "requested_slot" in slots:
        slots["next"] = slots["requested_slot"]
    else:
        merged = {**tracker.slots, **slots}
        required = domain["forms"]["complaint_form"]["required_slots"]
        slots["next"] = next((name for name in required if merged.get(name) is None), None)
    return slots


def run(action, dispatcher, tracker, domain):
    return action.run(dispatcher, tracker, domain)


async def test_details_move_the_waltz_to_questioning_and_ask_the_order_number(dispatcher, domain):
    slots = await validate(
        dispatcher,
        domain,
        "Je l'attendais pour samedi.",
        "inform",
        "complaint_details",
        "Je l'attendais pour samedi.",
        {"complaint_category": "delivery"},
    )
    assert slots["complaint_details"] == "Je l'attendais pour samedi."
    assert slots["waltz_step"] == "questioning"
    assert slots["next"] == "order_id"


async def test_billing_needs_no_order_number(dispatcher, domain):
    slots = await validate(
        dispatcher,
        domain,
        "Deux prélèvements le même jour.",
        "inform",
        "complaint_details",
        "Deux prélèvements le même jour.",
        {"complaint_category": "billing", "preferred_remedy": "billing_callback"},
    )
    assert slots["next"] == "expected_outcome"


async def test_nothing_to_add_keeps_the_first_message(dispatcher, domain):
    slots = await validate(
        dispatcher,
        domain,
        "non",
        "deny",
        "complaint_details",
        "non",
        {"complaint_category": "delivery", "complaint_text": "Mon colis est perdu."},
    )
    assert slots["complaint_details"] == "Mon colis est perdu."


async def test_very_long_details_are_kept_but_bounded(dispatcher, domain):
    long = "Le colis est arrivé ouvert. " * 200
    slots = await validate(
        dispatcher, domain, long, "inform", "complaint_details", long, {"complaint_category": "delivery"}
    )
    assert 1000 < len(slots["complaint_details"]) <= 2000


@pytest.mark.parametrize(
    "text, value, expected",
    [
        ("CMD-482913", "CMD-482913", "CMD-482913"),
        ("c'est la cmd 48291377", "c'est la cmd 48291377", "CMD-48291377"),
        ("48291377", "48291377", "CMD-48291377"),  # bare number accepted when asked
    ],
)
async def test_order_number_is_normalised(dispatcher, domain, text, value, expected):
    slots = await validate(
        dispatcher, domain, text, "inform", "order_id", value, {"complaint_category": "delivery"}
    )
    assert slots["order_id"] == expected
    assert slots["account_facts"]["order_id"] == expected


async def test_a_known_order_is_looked_up_and_its_state_told_at_once(dispatcher, domain):
    # CMD-482913 is the demo shop's sofa, stuck at the carrier's depot (catalogue/demo_backoffice.yml)
    slots = await validate(
        dispatcher,
        domain,
        "CMD-482913",
        "inform",
        "order_id",
        "CMD-482913",
        {"complaint_category": "delivery"},
    )
    assert slots["account_facts"]["order_lookup"] == "found"
    assert slots["account_facts"]["order"]["status"] == "blocked"
    assert slots["account_facts"]["order_told"] is True
    [message] = dispatcher.messages
    assert "CMD-482913" in message["text"]
    assert "bloqué" in message["text"] or "n'a plus bougé" in message["text"]
    assert "Lyon-Corbas" in message["text"]


async def test_an_order_the_system_does_not_know_is_said_honestly(dispatcher, domain):
    slots = await validate(
        dispatcher, domain, "48291377", "inform", "order_id", "48291377", {"complaint_category": "delivery"}
    )
    assert slots["order_id"] == "CMD-48291377"
    assert slots["account_facts"]["order_lookup"] == "not_found"
    [message] = dispatcher.messages
    assert "CMD-48291377" in message["text"]
    assert "ne retrouve pas" in message["text"] or "n'apparaît pas" in message["text"]


async def test_a_wrong_order_number_is_reasked_kindly_once_then_accepted_as_unknown(dispatcher, domain):
    slots = await validate(
        dispatcher, domain, "12AB", "inform", "order_id", "12AB", {"complaint_category": "delivery"}
    )
    assert slots["order_id"] is None and slots["order_id_attempts"] == 1
    assert "CMD" in texts(dispatcher)[0] and "dites-le-moi" in texts(dispatcher)[0]
    dispatcher.messages.clear()
    slots = await validate(
        dispatcher,
        domain,
        "XK-9",
        "inform",
        "order_id",
        "XK-9",
        {"complaint_category": "delivery", "order_id_attempts": 1, "complaint_details": "x"},
    )
    assert slots["order_id"] == "unknown"
    assert slots["next"] == "expected_outcome"
    assert "pas de souci" in texts(dispatcher)[0].lower() or "aucun problème" in texts(dispatcher)[0].lower()


async def test_not_having_the_number_is_fine(dispatcher, domain):
    slots = await validate(
        dispatcher,
        domain,
        "je ne l'ai pas sous la main",
        "inform",
        "order_id",
        "je ne l'ai pas sous la main",
        {"complaint_category": "delivery"},
    )
    assert slots["order_id"] == "unknown"


async def test_expected_outcome_records_the_matching_remedy(dispatcher, domain):
    slots = await validate(
        dispatcher,
        domain,
        "je veux être remboursé",
        "request_refund",
        "expected_outcome",
        "je veux être remboursé",
        {"complaint_category": "delivery", "order_id": "CMD-482913", "complaint_details": "x"},
    )
    assert slots["expected_outcome"] == "je veux être remboursé"
    assert slots["preferred_remedy"] == "refund"
    assert slots["next"] == "customer_email"


async def test_a_wish_said_with_the_order_number_is_not_asked_again(dispatcher, domain):
    text = "CMD-482913, et je veux juste être livré avant samedi"
    slots = await validate(
        dispatcher,
        domain,
        text,
        "inform",
        "order_id",
        text,
        {"complaint_category": "delivery", "complaint_details": "colis en retard"},
    )
    assert slots["order_id"] == "CMD-482913"
    assert slots["expected_outcome"] == "je veux juste être livré avant samedi"
    assert slots["next"] == "customer_email"


async def test_an_answer_without_a_wish_leaves_the_outcome_to_ask(dispatcher, domain):
    slots = await validate(
        dispatcher,
        domain,
        "CMD-482913",
        "inform",
        "order_id",
        "CMD-482913",
        {"complaint_category": "delivery", "complaint_details": "colis en retard"},
    )
    assert slots.get("expected_outcome") is None
    assert slots["next"] == "expected_outcome"


async def test_email_is_validated_and_can_be_declined(dispatcher, domain):
    known = {"complaint_category": "billing", "expected_outcome": "x", "complaint_details": "y"}
    slots = await validate(
        dispatcher,
        domain,
        "c'est Julie.Martin@Gmail.com merci",
        "inform",
        "customer_email",
        "c'est Julie.Martin@Gmail.com merci",
        known,
    )
    assert slots["customer_email"] == "julie.martin@gmail.com"
    assert slots["next"] is None  # the form is complete
    slots = await validate(
        dispatcher, domain, "julie@gmail", "inform", "customer_email", "julie@gmail", known
    )
    assert slots["customer_email"] is None and "adresse" in texts(dispatcher)[-1]
    slots = await validate(
        dispatcher,
        domain,
        "je préfère pas donner mon mail",
        "deny",
        "customer_email",
        "je préfère pas donner mon mail",
        known,
    )
    assert slots["customer_email"] == "declined" and "ici même" in texts(dispatcher)[-1]


async def test_a_wish_said_instead_of_the_email_is_taken_in_and_not_called_a_bad_address(dispatcher, domain):
    said = "Je voudrais être remboursée, je ne veux plus rien recevoir de chez vous"
    known = {"complaint_category": "delivery", "complaint_details": "colis écrasé", "order_id": "CMD-1"}
    known["expected_outcome"] = "Je l'ai reçu hier"  # an earlier answer that was no wish
    slots = await validate(dispatcher, domain, said, "request_refund", "customer_email", said, known)
    assert slots["expected_outcome"] == "Je voudrais être remboursée"
    assert slots["preferred_remedy"] == "refund"
    assert slots["customer_email"] is None and "email_attempts" not in slots
    assert slots["next"] == "customer_email"  # asked again
    (said_back,) = texts(dispatcher)  # no "this address looks incomplete"
    assert said_back in kb_texts("wish_taken_in")


async def test_an_email_already_known_is_not_asked_again(dispatcher, domain):
    slots = await validate(
        dispatcher,
        domain,
        "un remboursement",
        "inform",
        "expected_outcome",
        "un remboursement",
        {
            "complaint_category": "refund",
            "order_id": "CMD-482913",
            "customer_email": "a@b.fr",
            "complaint_details": "x",
        },
    )
    assert slots["next"] is None


async def test_after_a_refusal_only_the_expected_outcome_is_asked(dispatcher, domain):
    form = ValidateComplaintForm()
    tracker = build_tracker([], slots={"adjusting": True, "complaint_category": "delivery"}, active_loop=FORM)
    assert await form.required_slots([], dispatcher, tracker, domain) == ["expected_outcome"]


async def test_the_first_question_is_not_repeated_after_the_attention_answer(dispatcher, domain):
    after_attention = build_tracker(
        [
            ActionExecuted("action_listen"),
            user_message("mon colis est perdu", "complain_delivery"),
            ActionExecuted("action_start_complaint"),
            ActionExecuted("utter_attention"),
            ActionExecuted("complaint_form"),
        ],
    )
    run(ActionAskComplaintDetails(), dispatcher, after_attention, domain)
    assert dispatcher.messages == []
    correcting = build_tracker(
        [
            ActionExecuted("action_listen"),
            user_message("non", "deny"),
            ActionExecuted("action_correct_details"),
            ActionExecuted("complaint_form"),
        ],
        slots={"correcting": True},
    )
    run(ActionAskComplaintDetails(), dispatcher, correcting, domain)
    assert "mal compris" in texts(dispatcher)[0] or "trompé" in texts(dispatcher)[0]


async def test_ask_order_number(dispatcher, domain):
    run(ActionAskOrderId(), dispatcher, build_tracker([]), domain)
    assert "CMD" in texts(dispatcher)[0]


def kb_texts(key):
    from litige.phrases import load_phrasebook

    return {v.text for v in load_phrasebook()[key]}


async def test_a_question_instead_of_the_order_number_is_answered_and_not_counted(dispatcher, domain):
    question = "je le trouve où, ce numéro de commande ?"
    known = {"complaint_category": "delivery", "complaint_details": "x"}
    slots = await validate(dispatcher, domain, question, "inform", "order_id", question, known)
    assert slots["order_id"] is None and "order_id_attempts" not in slots
    assert slots["next"] == "order_id"  # asked again, after the answer
    (answer,) = texts(dispatcher)
    assert answer in kb_texts("kb_order_number")


async def test_an_unknown_question_instead_of_the_email_gets_an_honest_answer(dispatcher, domain):
    question = "vous allez me spammer avec des pubs ensuite ?"
    slots = await validate(
        dispatcher,
        domain,
        question,
        "inform",
        "customer_email",
        question,
        {
            "complaint_category": "delivery",
            "complaint_details": "x",
            "order_id": "CMD-1",
            "expected_outcome": "y",
        },
    )
    assert slots["customer_email"] is None and "email_attempts" not in slots
    assert texts(dispatcher)[0] in kb_texts("kb_unknown")


async def test_a_knowledge_question_while_the_wish_is_asked_is_answered(dispatcher, domain):
    question = "au fait, la garantie dure combien de temps ?"
    slots = await validate(
        dispatcher,
        domain,
        question,
        "inform",
        "expected_outcome",
        question,
        {"complaint_category": "product", "complaint_details": "x", "order_id": "CMD-1"},
    )
    assert slots["expected_outcome"] is None and slots["next"] == "expected_outcome"
    assert texts(dispatcher)[0] in kb_texts("kb_warranty")


async def test_a_wish_asked_as_a_question_is_a_wish(dispatcher, domain):
    wish = "vous pouvez me rembourser ?"
    slots = await validate(
        dispatcher,
        domain,
        wish,
        "request_refund",
        "expected_outcome",
        wish,
        {"complaint_category": "delivery", "complaint_details": "x", "order_id": "CMD-1"},
    )
    assert slots["expected_outcome"] == wish and texts(dispatcher) == []


async def test_a_customer_who_wants_a_call_back_is_asked_their_number_before_the_address(dispatcher, domain):
    slots = await validate(
        dispatcher,
        domain,
        "qu'un conseiller me rappelle pour m'expliquer",
        "inform",
        "expected_outcome",
        "qu'un conseiller me rappelle pour m'expliquer",
        {"complaint_category": "billing", "complaint_details": "Une option facturée sans mon accord."},
    )
    assert slots["preferred_remedy"] == "billing_callback"
    assert slots["next"] == "customer_phone"


async def test_no_number_is_asked_when_the_wish_is_not_a_call(dispatcher, domain):
    slots = await validate(
        dispatcher,
        domain,
        "une facture corrigée",
        "inform",
        "expected_outcome",
        "une facture corrigée",
        {"complaint_category": "billing", "complaint_details": "Une option facturée sans mon accord."},
    )
    assert slots["next"] == "customer_email"


@pytest.mark.parametrize(
    "text, expected",
    [
        ("06 12 34 56 78", "+33612345678"),
        ("c'est le +33 7 45 11 22 33", "+33745112233"),
        ("0612345678", "+33612345678"),
    ],
)
async def test_a_french_number_is_understood_in_its_usual_spellings(dispatcher, domain, text, expected):
    slots = await validate(
        dispatcher,
        domain,
        text,
        "inform",
        "customer_phone",
        text,
        {"complaint_category": "billing", "preferred_remedy": "billing_callback"},
    )
    assert slots["customer_phone"] == expected
    assert dispatcher.messages == []


async def test_a_wrong_number_is_asked_again_once_then_set_aside(dispatcher, domain):
    first = await validate(
        dispatcher,
        domain,
        "le 12 34",
        "inform",
        "customer_phone",
        "le 12 34",
        {"complaint_category": "billing", "preferred_remedy": "billing_callback"},
    )
    assert first["customer_phone"] is None and first["phone_attempts"] == 1
    assert "06 12 34 56 78" in texts(dispatcher)[0]
    second = await validate(
        dispatcher,
        domain,
        "12 34 56",
        "inform",
        "customer_phone",
        "12 34 56",
        {"complaint_category": "billing", "preferred_remedy": "billing_callback", "phone_attempts": 1},
    )
    assert second["customer_phone"] == "declined"


async def test_a_customer_may_decline_to_give_a_number(dispatcher, domain):
    slots = await validate(
        dispatcher,
        domain,
        "je préfère pas, écrivez-moi plutôt par mail",
        "deny",
        "customer_phone",
        "je préfère pas, écrivez-moi plutôt par mail",
        {"complaint_category": "billing", "preferred_remedy": "billing_callback"},
    )
    assert slots["customer_phone"] == "declined"
    assert (
        "personne ne vous appellera" in texts(dispatcher)[0]
        or "nous ne vous appellerons pas" in texts(dispatcher)[0]
    )


# ---- a visit at home: where, then when, before it is proposed -----------------------------
VISIT = {
    "complaint_category": "service",
    "complaint_details": "La box ne marche plus depuis lundi, le technicien n'est jamais venu.",
    "expected_outcome": "qu'un technicien vienne",
    "preferred_remedy": "repair_visit",
}


async def test_a_wish_for_a_technician_asks_where_before_anything_is_proposed(dispatcher, domain):
    slots = await validate(
        dispatcher,
        domain,
        "qu'un technicien vienne",
        "inform",
        "expected_outcome",
        "qu'un technicien vienne",
        {k: v for k, v in VISIT.items() if k not in ("expected_outcome", "preferred_remedy")},
    )
    assert slots["preferred_remedy"] == "repair_visit"
    assert slots["next"] == "customer_address"


async def test_no_address_is_asked_when_nobody_needs_to_come(dispatcher, domain):
    slots = await validate(
        dispatcher,
        domain,
        "un geste sur ma facture",
        "inform",
        "expected_outcome",
        "un geste sur ma facture",
        {"complaint_category": "billing", "complaint_details": "Une option facturée sans mon accord."},
    )
    assert slots["next"] == "customer_email"


async def test_an_address_is_read_and_then_the_availability_is_asked(dispatcher, domain):
    text = "c'est au 3 bis avenue Jean-Jaurès 75019 Paris, 2e étage"
    slots = await validate(dispatcher, domain, text, "inform", "customer_address", text, VISIT)
    assert slots["customer_address"] == "3 bis avenue Jean-Jaurès, 75019 Paris"
    assert slots["next"] == "visit_availability"
    assert dispatcher.messages == []


async def test_a_partial_address_is_asked_again_once_with_what_is_missing_then_no_visit(dispatcher, domain):
    first = await validate(
        dispatcher, domain, "14 rue Victor Hugo", "inform", "customer_address", "14 rue Victor Hugo", VISIT
    )
    assert first["customer_address"] is None and first["address_attempts"] == 1
    assert "le code postal et la ville" in texts(dispatcher)[0]
    second = await validate(
        dispatcher,
        domain,
        "à Villeurbanne",
        "inform",
        "customer_address",
        "à Villeurbanne",
        {**VISIT, "address_attempts": 1},
    )
    assert second["customer_address"] == "declined"
    assert "adresse complète" in texts(dispatcher)[1]
    assert second["next"] != "visit_availability"  # no visit without an address: no "when?"


async def test_a_customer_may_prefer_nobody_comes(dispatcher, domain):
    text = "non merci, je préfère que personne ne vienne chez moi"
    slots = await validate(dispatcher, domain, text, "deny", "customer_address", text, VISIT)
    assert slots["customer_address"] == "declined"
    assert "chez vous" in texts(dispatcher)[0]
    assert slots["next"] != "visit_availability"


@pytest.mark.parametrize(
    "text, offered",
    [
        (
            "jeudi après 14h ou samedi matin",
            [{"day": "jeudi", "after": "14:00"}, {"day": "samedi", "part": "matin"}],
        ),
        ("mardi ou jeudi", [{"day": "mardi"}, {"day": "jeudi"}]),
        ("n'importe quand, je suis en télétravail", []),
    ],
)
async def test_the_availability_answer_is_read_and_counts_even_as_bare_days(
    dispatcher, domain, text, offered
):
    slots = await validate(
        dispatcher,
        domain,
        text,
        "inform",
        "visit_availability",
        text,
        {**VISIT, "customer_address": "12 rue des Lilas, 69003 Lyon"},
    )
    assert slots["visit_availability"] == text
    assert slots["customer_availability"] == offered
    assert slots["availability_stated"] is True
    assert dispatcher.messages == []


async def test_an_answer_without_a_day_is_asked_again_once_then_taken_as_any_time(dispatcher, domain):
    known = {**VISIT, "customer_address": "12 rue des Lilas, 69003 Lyon"}
    first = await validate(
        dispatcher, domain, "ça dépend", "inform", "visit_availability", "ça dépend", known
    )
    assert first["visit_availability"] is None and first["availability_attempts"] == 1
    assert "un jour ou" in texts(dispatcher)[0]
    second = await validate(
        dispatcher,
        domain,
        "je ne sais pas trop",
        "inform",
        "visit_availability",
        "je ne sais pas trop",
        {**known, "availability_attempts": 1},
    )
    assert second["availability_stated"] is True and second["customer_availability"] == []


async def test_where_to_find_the_number_is_answered_even_when_they_cannot_find_it(dispatcher, domain):
    text = "il est où le numéro de commande ? je le trouve pas"
    slots = await validate(
        dispatcher, domain, text, "inform", "order_id", text, {"complaint_category": "delivery"}
    )
    assert slots["order_id"] is None  # asked again, not given up on
    assert len(texts(dispatcher)) == 1 and texts(dispatcher)[0] in kb_texts("kb_order_number")


async def test_when_is_not_asked_again_when_the_customer_already_said_it(dispatcher, domain):
    text = "12 rue des Lilas, 69003 Lyon"
    said = {**VISIT, "customer_availability": [{"day": "samedi", "part": "matin"}]}
    slots = await validate(dispatcher, domain, text, "inform", "customer_address", text, said)
    assert slots["customer_address"] == "12 rue des Lilas, 69003 Lyon"
    assert slots["next"] != "visit_availability"


async def test_a_postal_address_typed_for_the_email_is_named_as_such(dispatcher, domain):
    said = "12 rue des Lilas, 69003 Lyon"
    known = {"complaint_category": "service", "complaint_details": "plus d'internet", "expected_outcome": "x"}
    slots = await validate(dispatcher, domain, said, "inform", "customer_email", said, known)
    assert slots["customer_email"] is None and slots["email_attempts"] == 1
    (said_back,) = texts(dispatcher)
    assert said_back in kb_texts("postal_not_email")  # not "this e-mail address is incomplete"
    dispatcher.messages.clear()
    await validate(dispatcher, domain, "julie@gmail", "inform", "customer_email", "julie@gmail", known)
    assert texts(dispatcher)[-1] in kb_texts("invalid_email")


def after_a_refusal(category, refused, details, **facts):
    """The form's state once the proposal of ``refused`` was turned down."""
    base = {"complaint_category": category, "complaint_details": details, "adjusting": True}
    return {**base, **facts, "proposed_remedies": [refused], "refused_proposals": 1}


async def test_more_of_a_refused_remedy_asks_for_the_closest_one_not_proposed_yet(dispatcher, domain):
    from tests.conftest import looked_up

    said = "Je veux au moins un mois d'abonnement remboursé"
    known = after_a_refusal(  # the daily credit refused, during an outage where she lives
        "service",
        "outage_credit",
        "plus d'internet depuis hier",
        customer_email="marion.dubois@example.fr",
        account_facts=looked_up(email="marion.dubois@example.fr"),
    )
    slots = await validate(dispatcher, domain, said, "request_refund", "expected_outcome", said, known)
    assert slots["expected_outcome"] == said
    assert slots["preferred_remedy"] == "fee_refund"
    first = {**known, "proposed_remedies": []}  # the same words before any proposal: the credit
    slots = await validate(dispatcher, domain, said, "request_refund", "expected_outcome", said, first)
    assert slots["preferred_remedy"] == "outage_credit"


async def test_a_refused_remedy_named_again_in_its_own_words_stays_the_wish(dispatcher, domain):
    from tests.conftest import looked_up

    said = "un frigo neuf, repris par le livreur, et le remboursement des 80 € de nourriture"
    known = after_a_refusal(
        "product",
        "replacement",
        "le frigo ne refroidit pas",
        order_id="CMD-552618",
        account_facts=looked_up("CMD-552618"),
    )
    slots = await validate(dispatcher, domain, said, "inform", "expected_outcome", said, known)
    assert slots["preferred_remedy"] == "replacement"  # "neuf" names it, "rembours" is general


async def test_a_danger_asked_about_while_answering_gets_the_safety_instruction_first(dispatcher, domain):
    said = "D'abord, est-ce que je peux le rebrancher ou c'est dangereux ? Je n'ose plus y toucher."
    tracker = form_turn(
        said,
        "inform",
        "customer_email",
        said,
        {"complaint_category": "product", "complaint_details": "il a fui", "expected_outcome": "x"},
    )
    tracker.latest_message["signals"] = {"hazard": True, "hazard_terms": ["dangereux"]}  # the NLU's
    events = await ValidateComplaintForm().run(dispatcher, tracker, domain)
    assert texts(dispatcher)[0] in kb_texts("safety_electric")
    assert slot_events(events)["hazard_reported"] is True


async def test_a_question_asked_with_an_answer_is_noted_and_never_passed_over(dispatcher, domain):
    said = "julien.roux@example.fr. mais vous m'avez pas répondu, je suis remboursé ou pas ??"
    known = {"complaint_category": "delivery", "complaint_details": "colis perdu", "expected_outcome": "x"}
    tracker = form_turn(said, "inform", "customer_email", said, known)
    slots = slot_events(await ValidateComplaintForm().run(dispatcher, tracker, domain))
    assert slots["customer_email"] == "julien.roux@example.fr"
    (noted,) = texts(dispatcher)
    assert noted in kb_texts("question_noted")
    assert slots["complaint_details"] == f"colis perdu [Question] {said}"  # the advisor sees it
    dispatcher.messages.clear()
    plain = form_turn("julien.roux@example.fr", "inform", "customer_email", "julien.roux@example.fr", known)
    slots = slot_events(await ValidateComplaintForm().run(dispatcher, plain, domain))
    assert texts(dispatcher) == [] and "complaint_details" not in slots


async def test_a_category_denied_while_answering_is_revised_at_once(dispatcher, domain):
    said = (
        "Euh, ce n'est pas vraiment un problème de livraison, la robe est bien arrivée, c'est la "
        "couture qui est abîmée. J'aimerais un échange contre la même robe en 38."
    )
    known = {"complaint_category": "delivery", "complaint_details": "robe reçue", "order_id": "CMD-547390"}
    tracker = form_turn(said, "complain_delivery", "expected_outcome", said, known)
    slots = slot_events(await ValidateComplaintForm().run(dispatcher, tracker, domain))
    assert slots["complaint_category"] == "product"
    assert slots["preferred_remedy"] is None  # read again in the product's remedies
    assert slots["expected_outcome"] == said
    dispatcher.messages.clear()
    plain = form_turn("non, je n'ai pas le numéro de commande", "deny", "order_id", "non", known)
    kept = slot_events(await ValidateComplaintForm().run(dispatcher, plain, domain))
    assert "complaint_category" not in kept
