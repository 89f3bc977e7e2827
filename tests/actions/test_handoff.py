import pytest

from actions.handoff import ActionHandoff
from actions.status import ActionCheckStatus
from actions.threats import ActionAcknowledgeThreat
from litige.config import get_settings
from litige.escalation import REASONS
from litige.phrases import load_phrasebook
from tests.conftest import ActionExecuted, build_tracker, slot_events, texts, user_message


@pytest.mark.parametrize("reason", REASONS)
def test_each_reason_is_explained_and_the_waltz_moves_to_handoff(dispatcher, domain, reason, monkeypatch):
    monkeypatch.setenv("HANDOFF_RESPONSE_HOURS", "6")
    get_settings.cache_clear()
    tracker = build_tracker([], slots={"handoff_reason": reason}, active_loop={"name": "complaint_form"})
    events = ActionHandoff().run(dispatcher, tracker, domain)
    get_settings.cache_clear()
    slots = slot_events(events)
    assert slots["waltz_step"] == "handoff" and slots["handoff_reason"] == reason
    assert slots["priority"] in ("high", "urgent")
    assert {"event": "active_loop", "name": None} in [
        {"event": e["event"], "name": e.get("name")} for e in events if e["event"] == "active_loop"
    ]
    text = texts(dispatcher)[0]
    assert "conseiller" in text and "6 heures ouvrées" in text


def test_a_handoff_without_recorded_reason_is_a_request_for_a_person(dispatcher, domain):
    slots = slot_events(ActionHandoff().run(dispatcher, build_tracker([]), domain))
    assert slots["handoff_reason"] == "request_human"


def test_no_second_handoff(dispatcher, domain):
    assert ActionHandoff().run(dispatcher, build_tracker([], slots={"waltz_step": "handoff"}), domain) == []
    assert "déjà" in texts(dispatcher)[0]


def said(text, intent="threaten"):
    return build_tracker([ActionExecuted("action_listen"), user_message(text, intent)])


@pytest.mark.parametrize(
    "text, phrase",
    [
        ("je vais résilier mon abonnement", "threat_leave"),
        ("je vais mettre un avis 1 étoile", "threat_review"),
        ("vous allez voir ce que vous allez voir", "threat_other"),
        ("je ne veux pas résilier, je veux juste que ça marche", "threat_other"),
    ],
)
def test_threats_are_acknowledged_by_kind_without_counter_threat_and_raise_priority(
    dispatcher, domain, text, phrase
):
    slots = slot_events(ActionAcknowledgeThreat().run(dispatcher, said(text), domain))
    assert slots == {"priority": "high"}
    reply = texts(dispatcher)[0]
    assert reply in {variation.text for variation in load_phrasebook()[phrase]}, reply
    assert "priorit" in reply


def asking(text, reference=None, sender="conv-42", slots=None):
    entities = [{"entity": "ticket_id", "value": reference.lower()}] if reference else []
    return build_tracker(
        [ActionExecuted("action_listen"), user_message(text, "ask_status", entities=entities)],
        slots=slots or {},
        sender_id=sender,
    )


def saved_ticket(sender="conv-42", **slots):
    from litige.tickets.access import get_store
    from litige.tickets.record import build_record

    base = {
        "complaint_category": "delivery",
        "complaint_started_at": 5.0,
        "waltz_step": "closure",
        "current_remedy": "reshipment",
        "due_date": "2026-11-24",
        "proposed_remedies": ["reshipment"],
    }
    return get_store().save_complaint(build_record(sender, {**base, **slots}, []))


def test_status_of_the_complaint_of_this_conversation(dispatcher, domain, friday):
    ticket = saved_ticket()
    ActionCheckStatus().run(dispatcher, asking("où en est mon dossier ?", ticket.reference), domain)
    assert ticket.reference in texts(dispatcher)[0] and "mardi 24 novembre" in texts(dispatcher)[0]
    ActionCheckStatus().run(dispatcher, asking("et alors ?", slots={"ticket_id": ticket.reference}), domain)
    assert ticket.reference in texts(dispatcher)[1]


def test_status_after_a_handoff_says_an_advisor_has_it(dispatcher, domain):
    from litige.tickets.access import get_store

    ticket = saved_ticket()
    get_store().set_status(ticket.reference, "pending_agent", actor="bot")
    ActionCheckStatus().run(dispatcher, asking("des nouvelles ?", ticket.reference), domain)
    assert "conseiller" in texts(dispatcher)[0]


def test_nobody_reads_someone_elses_ticket(dispatcher, domain):
    ticket = saved_ticket(sender="someone-else")
    ActionCheckStatus().run(dispatcher, asking("où en est ce dossier ?", ticket.reference), domain)
    reply = texts(dispatcher)[0]
    assert (
        "conversation où il a été ouvert" in reply and "reshipment" not in reply and "novembre" not in reply
    )


def test_status_without_reference_or_with_an_unknown_one(dispatcher, domain):
    ActionCheckStatus().run(dispatcher, asking("où en est ma réclamation ?"), domain)
    assert "LIT-" in texts(dispatcher)[0] and "?" in texts(dispatcher)[0]
    ActionCheckStatus().run(dispatcher, asking("et LIT-2026-999999 ?", "LIT-2026-999999"), domain)
    assert "LIT-2026-999999" in texts(dispatcher)[1] and "vérifier" in texts(dispatcher)[1]


def test_status_when_the_database_is_down(dispatcher, domain, monkeypatch, tmp_path):
    from litige.config import get_settings
    from litige.tickets.access import _store

    blocked = tmp_path / "blocked"
    blocked.write_text("x")
    monkeypatch.setenv("TICKET_DB_URL", f"sqlite:///{blocked}/t.db")
    get_settings.cache_clear()
    _store.cache_clear()
    ActionCheckStatus().run(dispatcher, asking("où en est LIT-2026-000001 ?", "LIT-2026-000001"), domain)
    assert "souci technique" in texts(dispatcher)[0]


def test_a_handoff_moves_the_ticket_to_an_advisor(dispatcher, domain):
    from litige.tickets.access import get_store

    tracker = build_tracker(
        [ActionExecuted("action_listen"), user_message("je vais prendre un avocat", "threaten")],
        slots={
            "handoff_reason": "serious_threat",
            "complaint_category": "product",
            "complaint_started_at": 3.0,
            "complaint_text": "le grille-pain a pris feu",
            "waltz_step": "questioning",
        },
    )
    slots = slot_events(ActionHandoff().run(dispatcher, tracker, domain))
    ticket = get_store().get(slots["ticket_id"])
    assert (ticket.status, ticket.priority, ticket["handoff_reason"]) == (
        "pending_agent",
        "urgent",
        "serious_threat",
    )
    assert ticket["history"][-1]["note"] == "transmis à un conseiller (serious_threat)"


def test_no_ticket_for_a_handoff_without_complaint(dispatcher, domain):
    from litige.tickets.access import get_store

    slots = slot_events(ActionHandoff().run(dispatcher, build_tracker([]), domain))
    assert "ticket_id" not in slots and get_store().list() == []
