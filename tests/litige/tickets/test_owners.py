import threading
from datetime import datetime, timedelta, timezone

import pytest

from litige.ownership import TransitionRefused
from litige.tickets.owners import OwnerStore

NOW = datetime(2026, 12, 8, 10, 0, tzinfo=timezone.utc)


@pytest.fixture
def owners(store):
    return OwnerStore(store)


def test_a_conversation_never_handed_off_belongs_to_the_bot(owners):
    assert owners.get("never").state == "bot"
    assert owners.queue() == []


def test_the_whole_life_of_a_handoff(owners):
    owner = owners.hand_off(
        "c1", NOW, reason="request_human", priority="high", ticket_reference="LIT-2026-000001"
    )
    assert (owner.state, owner.reason, owner.ticket_reference, owner.handoffs) == (
        "waiting",
        "request_human",
        "LIT-2026-000001",
        1,
    )
    assert owner.waiting_since == NOW
    assert [o.conversation_id for o in owners.queue()] == ["c1"]
    taken = owners.take("c1", advisor_id=7, advisor_name="Julie", now=NOW + timedelta(minutes=2))
    assert (taken.state, taken.advisor_name, taken.advisor_id) == ("advisor", "Julie", 7)
    assert taken.bot_silent and owners.queue() == []
    assert owners.hand_back("c1", NOW + timedelta(minutes=9)).state == "bot"
    # the customer comes back later with another problem: a new handoff, a new place in the queue
    again = owners.hand_off("c1", NOW + timedelta(hours=2), reason="anger")
    assert (again.state, again.handoffs, again.advisor_name) == ("waiting", 2, None)
    assert again.waiting_since == NOW + timedelta(hours=2)
    owners.take("c1", 8, "Marc", NOW + timedelta(hours=2, minutes=1))
    assert owners.close("c1", NOW + timedelta(hours=3)).state == "closed"


def test_the_state_survives_a_new_store_like_a_restart(store, owners):
    owners.hand_off("c2", NOW, reason="refusals")
    owners.take("c2", 3, "Inès", NOW)
    assert OwnerStore(store).get("c2").state == "advisor"


def test_asking_again_while_waiting_keeps_the_place(owners):
    owners.hand_off("early", NOW, reason="request_human")
    owners.hand_off("late", NOW + timedelta(minutes=5), reason="request_human")
    owners.hand_off("early", NOW + timedelta(minutes=10), reason="request_human")
    assert [o.conversation_id for o in owners.queue()] == ["early", "late"]
    assert owners.get("early").waiting_since == NOW


def test_two_advisors_take_the_same_conversation_at_once_one_wins(owners):
    owners.hand_off("race", NOW, reason="request_human")
    barrier = threading.Barrier(2)
    results = {}

    def take(advisor_id, name):
        barrier.wait()
        try:
            results[name] = owners.take("race", advisor_id, name, NOW).advisor_name
        except TransitionRefused:
            results[name] = None

    threads = [threading.Thread(target=take, args=(i, n)) for i, n in ((1, "Julie"), (2, "Marc"))]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    winners = [name for name, got in results.items() if got]
    assert len(winners) == 1
    assert owners.get("race").advisor_name == winners[0]


def test_taking_a_held_conversation_is_refused(owners):
    owners.hand_off("held", NOW, reason="request_human")
    owners.take("held", 1, "Julie", NOW)
    with pytest.raises(TransitionRefused):
        owners.take("held", 2, "Marc", NOW)
    assert owners.get("held").advisor_name == "Julie"


def test_a_silent_waiting_customer_is_abandoned_and_stays_in_the_history(owners):
    owners.hand_off("gone", NOW, reason="request_human")
    owners.hand_off("here", NOW, reason="request_human")
    owners.touch_customer("here", NOW + timedelta(minutes=25))
    assert owners.abandon_idle(NOW + timedelta(minutes=31), timeout_minutes=30) == ["gone"]
    assert owners.get("gone").state == "abandoned"
    assert [o.conversation_id for o in owners.list(["abandoned"])] == ["gone"]
    assert [o.conversation_id for o in owners.queue()] == ["here"]


def test_nobody_there_a_call_back_comes_to_the_queue_at_its_time(owners):
    at = NOW + timedelta(days=1)
    owner = owners.hand_off("later", NOW, reason="request_human", callback_at=at)
    assert (owner.state, owner.callback_at) == ("callback", at)
    assert owners.queue() == []
    assert owners.callbacks_due(at - timedelta(minutes=1)) == []
    assert owners.callbacks_due(at) == ["later"]
    assert [(o.conversation_id, o.waiting_since) for o in owners.queue()] == [("later", at)]


def test_advisors_count_as_there_while_the_console_hears_from_them(store):
    from litige.tickets.presence import Presence

    presence = Presence(store)
    assert presence.online(NOW, 90) == []
    presence.touch(1, "Julie", NOW - timedelta(seconds=30))
    presence.touch(2, "Marc", NOW - timedelta(minutes=5))
    assert presence.online(NOW, 90) == [(1, "Julie")]
    presence.touch(2, "Marc", NOW)
    assert presence.online(NOW, 90) == [(1, "Julie"), (2, "Marc")]
    presence.leave(1)
    assert presence.online(NOW, 90) == [(2, "Marc")]


def test_internal_notes_are_kept_per_conversation_in_order(store):
    from litige.tickets.presence import Notes

    notes = Notes(store)
    notes.add("c1", 1, "Julie", "Client déjà rappelé hier, très remonté.", NOW)
    notes.add("c2", 1, "Julie", "Autre dossier", NOW)
    notes.add("c1", 2, "Marc", "Geste commercial validé par la responsable.", NOW + timedelta(minutes=1))
    assert [(n["advisor_name"], n["text"]) for n in notes.list("c1")] == [
        ("Julie", "Client déjà rappelé hier, très remonté."),
        ("Marc", "Geste commercial validé par la responsable."),
    ]


def test_times_keep_their_instant_whatever_the_offset(owners):
    from zoneinfo import ZoneInfo

    nine_in_paris = datetime(2026, 12, 9, 9, 0, tzinfo=ZoneInfo("Europe/Paris"))
    owners.hand_off("paris", NOW, reason="request_human", callback_at=nine_in_paris)
    assert owners.get("paris").callback_at == datetime(2026, 12, 9, 8, 0, tzinfo=timezone.utc)
