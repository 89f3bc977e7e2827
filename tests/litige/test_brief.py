from datetime import datetime, timezone

from litige.brief import UNKNOWN_REASON, build_brief
from litige.escalation import REASONS
from litige.ownership import Owner
from litige.tickets.store import Ticket

UTC = timezone.utc
ANGRY_AT = datetime(2024, 12, 4, 8, 30, tzinfo=UTC).timestamp()  # 9 h 30 in Paris (winter time)
OPENING = "Ça fait trois semaines que j'attends mon colis, c'est inadmissible !"
WISH = "Je veux juste recevoir mon colis avant samedi"
FIRST_NO = "Non, ça ne me va pas du tout, je veux être remboursé"
SECOND_NO = "Non plus. Je veux parler à quelqu'un."


def user(text, at, intent="inform", emotion=None, intensity=0.0):
    parse = {"text": text, "intent": {"name": intent, "confidence": 0.93}, "entities": []}
    if emotion:
        ranking = [{"name": emotion, "confidence": 0.8}]
        parse["emotion"] = {"name": emotion, "confidence": 0.8, "intensity": intensity, "ranking": ranking}
    return {"event": "user", "timestamp": at, "text": text, "parse_data": parse, "metadata": {}}


def bot(text, at, buttons=None, advisor=None):
    metadata = {"advisor": advisor} if advisor else {}
    return {
        "event": "bot",
        "timestamp": at,
        "text": text,
        "data": {"buttons": buttons or []},
        "metadata": metadata,
    }


def slot(name, value):
    return {"event": "slot", "name": name, "value": value}


def action(name):
    return {"event": "action", "name": name}


YES_NO = [{"title": "Oui", "payload": "/affirm"}, {"title": "Non", "payload": "/deny"}]


def conversation():
    t = ANGRY_AT
    return [
        action("action_session_start"),
        {"event": "session_started"},
        action("action_listen"),
        user("Bonjour", t - 60, "greet", "neutral", 0.12),
        bot("Bonjour et bienvenue ! Dites-moi ce qui ne va pas, je vous écoute.", t - 59),
        user(OPENING, t, "complain_delivery", "anger", 0.74),
        slot("emotion", "anger"),
        slot("complaint_category", "delivery"),
        slot("story_told", True),
        action("action_start_complaint"),
        bot("Je comprends votre colère face à ce retard de livraison. Toutes nos excuses.", t + 1),
        {"event": "active_loop", "name": "complaint_form"},
        bot("Quel est votre numéro de commande ?", t + 2),
        user("CMD-482913", t + 30, "inform", "frustration", 0.5),
        slot("order_id", "CMD-482913"),
        bot("Qu'est-ce qui serait une bonne solution pour vous ?", t + 31),
        user(WISH, t + 60, "inform", "frustration", 0.55),
        slot("expected_outcome", WISH),
        bot("À quelle adresse e-mail pouvons-nous vous écrire ?", t + 61),
        user("marc.dupont@example.fr", t + 90, "inform", "neutral", 0.2),
        slot("customer_email", "marc.dupont@example.fr"),
        {"event": "active_loop", "name": None},
        slot("reformulation", "Si je comprends bien, votre colis n'est toujours pas arrivé."),
        bot("Si je comprends bien, votre colis n'est toujours pas arrivé. C'est bien ça ?", t + 91, YES_NO),
        user("/affirm", t + 100, "affirm"),
        slot("proposed_remedies", ["reshipment"]),
        slot("proposal_due_dates", ["2024-12-06"]),
        slot("waltz_step", "resolution"),
        bot("Voici ce que je vous propose : un renvoi en express. Cela vous convient ?", t + 101, YES_NO),
        user(FIRST_NO, t + 130, "deny", "anger", 0.81),
        slot("refused_proposals", 1),
        slot("waltz_step", "questioning"),
        slot("proposed_remedies", ["reshipment", "refund"]),
        slot("proposal_due_dates", ["2024-12-06", "2024-12-11"]),
        slot("waltz_step", "resolution"),
        bot("Je peux plutôt vous rembourser intégralement. Cela vous convient ?", t + 131, YES_NO),
        user(SECOND_NO, t + 160, "request_human", "anger", 0.88),
        slot("refused_proposals", 2),
        slot("handoff_reason", "refusals"),
        slot("priority", "high"),
        slot("waltz_step", "handoff"),
        slot("ticket_id", "LIT-2024-000042"),
        bot("Un conseiller va étudier d'autres pistes avec vous.", t + 161),
        bot("", t + 162, [{"title": "Rien", "payload": "/x"}]),
        {"event": "pause"},
        bot(
            "Bonjour, je suis Marie, je reprends votre dossier.",
            t + 600,
            advisor={"id": 3, "first_name": "Marie"},
        ),
        user("Merci Marie", t + 660, "thank", "satisfaction", 0.3),
        {"event": "resume"},
    ]


def test_the_transcript_says_who_spoke_in_order_with_the_advisor_s_first_name():
    lines = build_brief(conversation())["transcript"]
    assert [line["who"] for line in lines] == [
        "customer", "bot", "customer", "bot", "bot", "customer", "bot", "customer", "bot", "customer",
        "bot", "customer", "bot", "customer", "bot", "customer", "bot", "advisor", "customer",
    ]  # fmt: skip
    advisor = lines[-2]
    assert (advisor["name"], advisor["text"]) == (
        "Marie",
        "Bonjour, je suis Marie, je reprends votre dossier.",
    )
    assert all(line["name"] is None for line in lines if line["who"] != "advisor")
    assert lines[11]["text"] == "Oui"  # the button's title, not "/affirm"
    assert all(line["text"] for line in lines)  # the empty bot message is left out


def test_times_are_paris_time_and_iso_utc():
    opening = build_brief(conversation())["transcript"][2]
    assert opening["text"] == OPENING
    assert (opening["at"], opening["iso"]) == ("09:30", "2024-12-04T08:30:00+00:00")


def test_customer_words_are_the_story_until_the_reformulation():
    assert build_brief(conversation())["customer_words"] == [OPENING, WISH]


def test_a_long_message_classified_as_a_no_is_still_part_of_the_story():
    events = [
        user("Bonjour", ANGRY_AT, "greet"),
        user("Non, le colis est arrivé mais l'écran est fissuré", ANGRY_AT + 9, "deny"),
        slot("reformulation", "Votre écran est arrivé fissuré."),
        user("Une dernière chose sur le colis", ANGRY_AT + 20, "inform"),
    ]
    assert build_brief(events)["customer_words"] == ["Non, le colis est arrivé mais l'écran est fissuré"]


def test_slots_and_emotions_of_the_conversation():
    brief = build_brief(conversation())
    assert brief["reference"] == "LIT-2024-000042"
    assert (brief["category"], brief["category_label"]) == ("delivery", "Livraison")
    assert (brief["priority"], brief["priority_label"]) == ("high", "Haute")
    assert brief["email"] == "marc.dupont@example.fr" and brief["phone"] is None
    assert brief["reformulation"] == "Si je comprends bien, votre colis n'est toujours pas arrivé."
    assert brief["wish"] == WISH
    assert [(p["turn"], p["emotion"], p["intensity"]) for p in brief["emotions"]] == [
        (1, "neutral", 0.12),
        (2, "anger", 0.74),
        (3, "frustration", 0.5),
        (4, "frustration", 0.55),
        (5, "neutral", 0.2),
        (7, "anger", 0.81),  # the 6th message was a button click: no emotion of its own
        (8, "anger", 0.88),
        (9, "satisfaction", 0.3),
    ]
    assert brief["emotions"][1]["label"] == "colère"
    assert brief["current_emotion"] == {
        "turn": 9,
        "emotion": "satisfaction",
        "label": "satisfaction",
        "intensity": 0.3,
    }
    assert brief["handoff_reason"] == "refusals"
    assert brief["handoff_reason_text"] == "Le client a refusé les solutions proposées par l'assistant."


def test_proposals_with_catalogue_labels_french_dates_and_the_customer_s_answers():
    first, second = build_brief(conversation())["proposals"]
    assert first["label"] == "Un nouvel envoi de votre commande en livraison express"
    assert (first["due_date"], first["due_text"]) == ("2024-12-06", "vendredi 6 décembre")
    assert (first["answer"], first["answer_label"], first["reply"]) == ("refused", "Refusée", FIRST_NO)
    assert second["label"] == "Le remboursement intégral de votre commande"
    assert second["due_text"] == "mercredi 11 décembre"
    assert (second["answer"], second["reply"]) == ("refused", SECOND_NO)


def test_a_proposal_replaced_at_the_customer_s_request_then_one_accepted():
    t = ANGRY_AT
    events = [
        slot("complaint_category", "delivery"),
        slot("proposed_remedies", ["reshipment"]),
        user("Je préfère un bon d'achat", t, "inform", "neutral", 0.3),
        slot("proposed_remedies", ["reshipment", "voucher"]),
        user("Oui, parfait", t + 20, "affirm", "satisfaction", 0.4),
        slot("waltz_step", "closure"),
    ]
    answers = [(p["remedy"], p["answer"], p["reply"]) for p in build_brief(events)["proposals"]]
    assert answers == [
        ("reshipment", "replaced", "Je préfère un bon d'achat"),
        ("voucher", "accepted", "Oui, parfait"),
    ]
    assert build_brief(events[:3])["proposals"][0]["answer_label"] == "Sans réponse"


def test_ticket_owner_and_notes_complete_the_brief():
    ticket = {
        "reference": "LIT-2024-000099",
        "priority": "urgent",
        "category": "billing",
        "status": "pending_agent",
    }
    waiting = datetime(2024, 12, 4, 8, 40, tzinfo=UTC)
    owner = Owner("conv-1", state="advisor", advisor_name="Marie", waiting_since=waiting)
    notes = [{"author": "Marie", "text": "Client rappelé à 10 h."}]
    brief = build_brief(conversation(), ticket=ticket, owner=owner, notes=notes)
    assert brief["reference"] == "LIT-2024-000099"
    assert (brief["priority_label"], brief["category_label"], brief["status"]) == (
        "Urgente",
        "Facturation",
        "pending_agent",
    )
    assert (brief["state"], brief["advisor_name"]) == ("advisor", "Marie")
    assert brief["waiting_since"] == "2024-12-04T08:40:00+00:00"
    assert brief["notes"] == notes


def test_a_ticket_object_of_the_store_is_read_too():
    data = {"customer_name": "Marc Dupont", "customer_email": "marc@example.fr", "category": "product"}
    ticket = Ticket(
        id=7, reference="LIT-2024-000007", conversation_id="c", status="open", priority="low", data=data
    )
    brief = build_brief([], ticket=ticket)
    assert (brief["reference"], brief["priority_label"]) == ("LIT-2024-000007", "Basse")
    assert (brief["customer_name"], brief["email"], brief["category_label"]) == (
        "Marc Dupont",
        "marc@example.fr",
        "Produit",
    )


def test_a_restart_clears_the_slots_and_the_emotions_but_not_the_transcript():
    t = ANGRY_AT
    events = [
        user("Ma facture est fausse", t, "complain_billing", "anger", 0.7),
        slot("complaint_category", "billing"),
        slot("customer_email", "ancien@example.fr"),
        slot("handoff_reason", "anger"),
        {"event": "restart"},
        user("Bonjour, mon colis est en retard", t + 100, "complain_delivery", "frustration", 0.4),
        slot("customer_phone", "+33612345678"),
        slot("customer_address", "12 rue des Lilas, 69003 Lyon"),
        slot("visit_availability", "le samedi matin"),
    ]
    brief = build_brief(events)
    assert brief["email"] is None and brief["handoff_reason"] is None and brief["handoff_reason_text"] is None
    assert brief["category"] is None and brief["category_label"] == "Non précisée"
    assert brief["phone"] == "+33612345678"
    assert (brief["address"], brief["availability"]) == ("12 rue des Lilas, 69003 Lyon", "le samedi matin")
    assert [(p["turn"], p["emotion"]) for p in brief["emotions"]] == [(1, "frustration")]
    assert brief["customer_words"] == ["Bonjour, mon colis est en retard"]
    assert [line["text"] for line in brief["transcript"]] == [
        "Ma facture est fausse",
        "Bonjour, mon colis est en retard",
    ]


def test_what_the_customer_did_not_give_is_not_shown_and_a_preferred_remedy_is_the_wish():
    events = [
        slot("complaint_category", "delivery"),
        slot("customer_email", "declined"),
        slot("order_id", "unknown"),
        slot("preferred_remedy", "refund"),
    ]
    brief = build_brief(events)
    assert (brief["email"], brief["order_id"]) == (None, None)
    assert brief["wish"] == "le remboursement de votre commande"


def test_malformed_events_are_tolerated():
    events = [
        None,
        42,
        "user",
        {},
        {"event": "user"},
        {"event": "user", "text": None, "parse_data": None},
        {"event": "user", "text": "Allô ?", "parse_data": "oops", "timestamp": "hier"},
        {"event": "user", "text": "Encore moi", "parse_data": {"intent": None, "emotion": {"name": None}}},
        {
            "event": "user",
            "text": "Et alors",
            "parse_data": {"emotion": {"name": "anger", "intensity": "fort"}},
        },
        {"event": "bot"},
        {"event": "bot", "text": "Je vous écoute.", "metadata": None, "data": "rien"},
        {"event": "bot", "text": "Conseillère", "metadata": {"advisor": "Marie"}},
        {"event": "slot"},
        {"event": "slot", "name": None, "value": 1},
        {"event": "slot", "name": "proposed_remedies", "value": "pas une liste"},
        {"event": "slot", "name": "refused_proposals", "value": "deux"},
        {"event": "slot", "name": "handoff_reason", "value": "une raison inventée"},
        {"event": "pause", "timestamp": None},
    ]
    brief = build_brief(events, ticket={}, owner={}, notes=[None, {"text": "ok"}])
    assert [(line["who"], line["text"], line["at"]) for line in brief["transcript"]] == [
        ("customer", "Allô ?", None),
        ("customer", "Encore moi", None),
        ("customer", "Et alors", None),
        ("bot", "Je vous écoute.", None),
        ("bot", "Conseillère", None),
    ]
    assert [(p["emotion"], p["intensity"]) for p in brief["emotions"]] == [("anger", 0.0)]
    assert brief["proposals"] == [] and brief["priority"] == "normal"
    assert brief["handoff_reason_text"] == UNKNOWN_REASON
    assert brief["notes"] == [{"text": "ok"}]


def test_an_empty_conversation_gives_an_empty_brief_with_every_key():
    brief = build_brief([])
    assert set(brief) == {
        "reference", "status", "priority", "priority_label", "category", "category_label",
        "customer_name", "email", "phone", "address", "availability", "order_id", "known_facts",
        "customer_words", "reformulation",
        "wish",
        "emotions", "current_emotion", "proposals", "handoff_reason", "handoff_reason_text",
        "transcript", "notes", "state", "advisor_name", "waiting_since",
    }  # fmt: skip
    assert brief["transcript"] == [] and brief["emotions"] == [] and brief["current_emotion"] is None
    assert brief["category_label"] == "Non précisée" and brief["priority_label"] == "Normale"


def test_every_escalation_reason_has_its_own_french_explanation():
    texts = [build_brief([slot("handoff_reason", reason)])["handoff_reason_text"] for reason in REASONS]
    assert UNKNOWN_REASON not in texts and len(set(texts)) == len(REASONS)
    callback = build_brief([slot("handoff_reason", "nobody_closed")])["handoff_reason_text"]
    assert callback.startswith("Nos conseillers ne sont pas") and callback.endswith("à cette heure-ci.")


def test_the_advisor_sees_what_the_order_system_said(friday):
    from tests.conftest import looked_up

    at = datetime(2026, 11, 20, 9, 0, tzinfo=UTC).timestamp()
    events = [
        user(OPENING, at, "complain_delivery", "anger", 0.8),
        slot("account_facts", looked_up("CMD-530771")),
    ]
    [line] = build_brief(events)["known_facts"]
    assert line.startswith(
        "Commande CMD-530771 (Écouteurs sans fil Sonar Pro et 1 autre article) : déclarée perdue"
    )
    assert "le dimanche 15 novembre" in line and "colis déclaré perdu par le transporteur" in line
    outage = build_brief(
        [user(OPENING, at), slot("account_facts", looked_up(email="marion.dubois@example.fr"))]
    )
    assert outage["known_facts"] == [
        "Coupure en cours chez le client depuis le jeudi 19 novembre à 8 h 30 (des travaux sur une armoire"
        " de rue du réseau fibre), fin annoncée le samedi 21 novembre vers 18 h."
    ]
    unknown = build_brief([user(OPENING, at), slot("account_facts", looked_up("CMD-1000001"))])
    assert unknown["known_facts"] == ["Commande CMD-1000001 : inconnue du système de commandes."]
    assert build_brief([user(OPENING, at)])["known_facts"] == []
