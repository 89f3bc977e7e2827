import asyncio

import pytest

from actions.handoff import ActionHandoff
from actions.status import ActionCheckStatus
from actions.threats import ActionAcknowledgeThreat
from litige.config import get_settings
from litige.escalation import REASONS
from litige.phrases import load_phrasebook
from tests.conftest import ActionExecuted, build_tracker, run_action, slot_events, texts, user_message

OPEN_TUESDAY = "2026-12-08T10:00:00+01:00"  # within the default hours (lun-ven 09:00-18:00)
MONDAY_EVENING = "2026-12-07T20:15:00+01:00"  # closed


@pytest.fixture
def at(monkeypatch):
    def set_now(moment: str):
        monkeypatch.setenv("APP_NOW", moment)
        monkeypatch.setenv("APP_TODAY", moment[:10])
        get_settings.cache_clear()

    return set_now


@pytest.fixture
def advisor_online():
    from litige import clock
    from litige.tickets.access import get_store
    from litige.tickets.presence import Presence

    def sign_in(name="Julie", advisor_id=1):
        Presence(get_store()).touch(advisor_id, name, clock.now())

    return sign_in


def hand_off(dispatcher, domain, tracker):
    return asyncio.run(ActionHandoff().run(dispatcher, tracker, domain))


def owner(conversation_id="test-user"):
    from litige.tickets.access import get_store
    from litige.tickets.owners import OwnerStore

    return OwnerStore(get_store()).get(conversation_id)


@pytest.mark.parametrize("reason", REASONS)
def test_each_reason_is_explained_and_the_conversation_joins_the_queue(
    dispatcher, domain, reason, at, advisor_online
):
    at(OPEN_TUESDAY)
    advisor_online()
    tracker = build_tracker([], slots={"handoff_reason": reason}, active_loop={"name": "complaint_form"})
    events = hand_off(dispatcher, domain, tracker)
    slots = slot_events(events)
    assert slots["waltz_step"] == "handoff" and slots["handoff_reason"] == reason
    assert slots["priority"] in ("high", "urgent")
    assert {"event": "active_loop", "name": None} in [
        {"event": e["event"], "name": e.get("name")} for e in events if e["event"] == "active_loop"
    ]
    why, next_step = texts(dispatcher)
    assert why in {v.text for v in load_phrasebook()[f"handoff_{reason}"]}
    assert slots["ticket_id"] in next_step and "quelques minutes" in next_step
    assert (owner().state, owner().reason) == ("waiting", reason)


def test_a_handoff_without_recorded_reason_is_a_request_for_a_person(dispatcher, domain, at, advisor_online):
    at(OPEN_TUESDAY)
    advisor_online()
    slots = slot_events(hand_off(dispatcher, domain, build_tracker([])))
    assert slots["handoff_reason"] == "request_human"


def test_a_request_before_any_detail_still_leaves_a_ticket_and_says_its_reference(
    dispatcher, domain, at, advisor_online
):
    from litige.tickets.access import get_store

    at(OPEN_TUESDAY)
    advisor_online()
    slots = slot_events(hand_off(dispatcher, domain, build_tracker([])))
    ticket = get_store().get(slots["ticket_id"])
    assert (ticket.status, ticket["category"]) == ("pending_agent", "unknown")
    assert f"**{ticket.reference}**" in texts(dispatcher)[1]
    assert owner().ticket_reference == ticket.reference


def test_the_wait_grows_with_the_queue(dispatcher, domain, at, advisor_online):
    from litige import clock
    from litige.tickets.access import get_store
    from litige.tickets.owners import OwnerStore

    at(OPEN_TUESDAY)
    advisor_online()
    owners = OwnerStore(get_store())
    for n in range(2):
        owners.hand_off(f"before-{n}", clock.now(), reason="anger")
    hand_off(dispatcher, domain, build_tracker([]))
    # third in line with one advisor: two conversations of 8 minutes ahead, then about half of one
    assert "20 minutes" in texts(dispatcher)[1]


def test_nobody_signed_in_gets_a_call_back_at_the_next_opening_not_a_wait(dispatcher, domain, at):
    at(OPEN_TUESDAY)  # open, but no advisor in the console
    hand_off(dispatcher, domain, build_tracker([]))
    said = texts(dispatcher)[1]
    assert "aucun conseiller n'est" in said
    assert "le **mercredi 9 décembre** avant 12 h" in said and "ici même, dans" in said
    assert owner().state == "callback"
    assert owner().callback_at.isoformat() == "2026-12-09T08:00:00+00:00"  # 9 h in Paris


def test_after_hours_the_call_back_is_confirmed_by_e_mail(dispatcher, domain, at, advisor_online, tmp_path):
    import email
    from email import policy

    at(MONDAY_EVENING)
    advisor_online()  # signed in, but outside the hours
    tracker = build_tracker([], slots={"customer_email": "claire.martin@example.fr"})
    slots = slot_events(hand_off(dispatcher, domain, tracker))
    said = texts(dispatcher)[1]
    assert "à cette heure-ci" in said
    assert (
        "le **mardi 8 décembre** avant 12 h" in said
        and "e-mail" in said
        and "claire.martin@example.fr" in said
    )
    [sent] = list((tmp_path / "outbox").glob("*.eml"))
    message = email.message_from_bytes(sent.read_bytes(), policy=policy.default)
    assert message["To"] == "claire.martin@example.fr"
    assert slots["ticket_id"] in message["Subject"]
    assert "le mardi 8 décembre avant 12 h" in message.get_content()


def test_asking_again_while_waiting_says_where_things_are(dispatcher, domain, at, advisor_online):
    at(OPEN_TUESDAY)
    advisor_online()
    hand_off(dispatcher, domain, build_tracker([]))
    first = owner()
    dispatcher.messages.clear()
    assert hand_off(dispatcher, domain, build_tracker([], slots={"waltz_step": "handoff"})) == []
    assert "file d'attente" in texts(dispatcher)[0] and "quelques minutes" in texts(dispatcher)[0]
    assert owner().waiting_since == first.waiting_since and owner().handoffs == 1


def test_after_the_advisor_closed_a_new_request_queues_again(dispatcher, domain, at, advisor_online):
    from litige import clock
    from litige.tickets.access import get_store
    from litige.tickets.owners import OwnerStore

    at(OPEN_TUESDAY)
    advisor_online()
    hand_off(dispatcher, domain, build_tracker([]))
    owners = OwnerStore(get_store())
    owners.take("test-user", 1, "Julie", clock.now())
    owners.close("test-user", clock.now())
    dispatcher.messages.clear()
    hand_off(dispatcher, domain, build_tracker([], slots={"waltz_step": "handoff"}))
    assert (owner().state, owner().handoffs) == ("waiting", 2)
    assert len(texts(dispatcher)) == 2  # the reason, then the queue


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
    run_action(ActionCheckStatus(), dispatcher, asking("où en est mon dossier ?", ticket.reference), domain)
    assert ticket.reference in texts(dispatcher)[0] and "mardi 24 novembre" in texts(dispatcher)[0]
    run_action(
        ActionCheckStatus(), dispatcher, asking("et alors ?", slots={"ticket_id": ticket.reference}), domain
    )
    assert ticket.reference in texts(dispatcher)[1]


def test_status_after_a_handoff_says_an_advisor_has_it(dispatcher, domain):
    from litige.tickets.access import get_store

    ticket = saved_ticket()
    get_store().set_status(ticket.reference, "pending_agent", actor="bot")
    run_action(ActionCheckStatus(), dispatcher, asking("des nouvelles ?", ticket.reference), domain)
    assert "conseiller" in texts(dispatcher)[0]


def test_nobody_reads_someone_elses_ticket(dispatcher, domain):
    ticket = saved_ticket(sender="someone-else")
    run_action(ActionCheckStatus(), dispatcher, asking("où en est ce dossier ?", ticket.reference), domain)
    reply = texts(dispatcher)[0]
    assert (
        "conversation où il a été ouvert" in reply and "reshipment" not in reply and "novembre" not in reply
    )


def test_status_without_reference_or_with_an_unknown_one(dispatcher, domain):
    run_action(ActionCheckStatus(), dispatcher, asking("où en est ma réclamation ?"), domain)
    assert "LIT-" in texts(dispatcher)[0] and "?" in texts(dispatcher)[0]
    run_action(ActionCheckStatus(), dispatcher, asking("et LIT-2026-999999 ?", "LIT-2026-999999"), domain)
    assert "LIT-2026-999999" in texts(dispatcher)[1] and "vérifier" in texts(dispatcher)[1]


def test_status_when_the_database_is_down(dispatcher, domain, monkeypatch, tmp_path):
    from litige.config import get_settings
    from litige.tickets.access import _store

    blocked = tmp_path / "blocked"
    blocked.write_text("x")
    monkeypatch.setenv("TICKET_DB_URL", f"sqlite:///{blocked}/t.db")
    get_settings.cache_clear()
    _store.cache_clear()
    run_action(
        ActionCheckStatus(), dispatcher, asking("où en est LIT-2026-000001 ?", "LIT-2026-000001"), domain
    )
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
    slots = slot_events(hand_off(dispatcher, domain, tracker))
    ticket = get_store().get(slots["ticket_id"])
    assert (ticket.status, ticket.priority, ticket["handoff_reason"]) == (
        "pending_agent",
        "urgent",
        "serious_threat",
    )
    assert ticket["history"][-1]["note"] == "transmis à un conseiller (serious_threat)"


def test_while_an_advisor_holds_the_conversation_the_assistant_says_nothing(
    dispatcher, domain, at, advisor_online
):
    from litige import clock
    from litige.tickets.access import get_store
    from litige.tickets.owners import OwnerStore

    at(OPEN_TUESDAY)
    advisor_online()
    hand_off(dispatcher, domain, build_tracker([]))
    OwnerStore(get_store()).take("test-user", 1, "Julie", clock.now())
    dispatcher.messages.clear()
    assert hand_off(dispatcher, domain, build_tracker([], slots={"waltz_step": "handoff"})) == []
    assert dispatcher.messages == []
    assert owner().state == "advisor"


def test_a_customer_who_writes_while_waiting_is_not_abandoned(dispatcher, domain, at, advisor_online):
    from litige.tickets.access import get_store
    from litige.tickets.owners import OwnerStore

    at(OPEN_TUESDAY)
    advisor_online()
    hand_off(dispatcher, domain, build_tracker([]))
    at("2026-12-08T10:25:00+01:00")
    advisor_online()
    hand_off(dispatcher, domain, build_tracker([], slots={"waltz_step": "handoff"}))
    owners = OwnerStore(get_store())
    from datetime import datetime

    half_an_hour_after_the_handoff = datetime.fromisoformat("2026-12-08T10:35:00+01:00")
    assert owners.abandon_idle(half_an_hour_after_the_handoff, timeout_minutes=30) == []
    an_hour_after_the_last_message = datetime.fromisoformat("2026-12-08T11:26:00+01:00")
    assert owners.abandon_idle(an_hour_after_the_last_message, timeout_minutes=30) == ["test-user"]
