"""The follow-ups in the database: due, claimed once, delivered or failed with a retry time,
recovered after a crash, left to advisors when they reach nobody, answered by link."""

from datetime import date, datetime, timedelta, timezone

from litige.tickets.follow_ups import MAX_FOLLOW_UP_ATTEMPTS, FollowUps
from tests.litige.tickets.test_store import agreed

NOW = datetime(2026, 11, 25, 9, 0, tzinfo=timezone.utc)


def test_follow_ups_lifecycle(store):
    follow_ups = FollowUps(store)
    ticket = store.save_complaint(agreed())
    assert follow_ups.due(date(2026, 11, 23)) == []
    due = follow_ups.due(date(2026, 11, 24))
    assert [(f["reference"], f["status"]) for f in due] == [(ticket.reference, "scheduled")]
    assert follow_ups.claim(due[0]["id"]) and not follow_ups.claim(due[0]["id"])
    follow_ups.delivered(due[0]["id"], via="widget")
    assert follow_ups.due(date(2026, 11, 30)) == []
    assert follow_ups.firing("conv-1")["reference"] == ticket.reference
    solved = follow_ups.answer(ticket.reference, solved=True)
    assert solved.status == "resolved" and solved["follow_ups"][0]["answer"] == "yes"
    assert solved["follow_ups"][0]["delivered_via"] == "widget"
    assert solved["history"][-1]["note"].startswith("suivi")


def test_a_follow_up_answered_no_reopens_at_high_priority(store):
    ticket = store.save_complaint(agreed())
    store.set_status(ticket.reference, "in_progress", actor="Marie")
    reopened = FollowUps(store).answer(ticket.reference, solved=False)
    assert (reopened.status, reopened.priority) == ("open", "high")
    assert reopened["history"][-1]["to_status"] == "open"


def test_deliverable_only_once_the_promised_day_is_over(store):
    follow_ups = FollowUps(store)
    store.save_complaint(agreed())  # promised for Tuesday 24 November
    assert follow_ups.deliverable(date(2026, 11, 24)) == []  # the promise still holds today
    [row] = follow_ups.deliverable(date(2026, 11, 25))
    assert row["customer_email"] == "julie.martin@gmail.com" and row["complaint_key"]


def test_a_failed_delivery_waits_for_its_retry_and_is_given_up_after_the_last_attempt(store):
    follow_ups = FollowUps(store)
    ticket = store.save_complaint(agreed())
    [row] = follow_ups.deliverable(date(2026, 11, 25))
    for attempt in range(1, MAX_FOLLOW_UP_ATTEMPTS + 1):
        assert follow_ups.claim(row["id"], NOW)
        follow_ups.failed(row["id"], f"Rasa injoignable ({attempt})", NOW + timedelta(minutes=5))
        [row] = follow_ups.deliverable(date(2026, 11, 25)) or [row]
    assert follow_ups.deliverable(date(2026, 11, 25)) == []  # no more automatic attempts
    assert not follow_ups.claim(row["id"], NOW)
    [left] = follow_ups.undelivered(date(2026, 11, 25))
    assert left["reference"] == ticket.reference and left["attempts"] == MAX_FOLLOW_UP_ATTEMPTS
    assert left["last_error"] == f"Rasa injoignable ({MAX_FOLLOW_UP_ATTEMPTS})"


def test_a_follow_up_left_firing_by_a_crash_is_recovered(store):
    follow_ups = FollowUps(store)
    store.save_complaint(agreed())
    [row] = follow_ups.deliverable(date(2026, 11, 25))
    assert follow_ups.claim(row["id"], NOW)  # ...and the scheduler dies
    assert follow_ups.recover_stuck(NOW + timedelta(minutes=2), older_than=timedelta(minutes=10)) == 0
    assert follow_ups.recover_stuck(NOW + timedelta(minutes=11), older_than=timedelta(minutes=10)) == 1
    [again] = follow_ups.deliverable(date(2026, 11, 25))
    assert (again["status"], again["attempts"]) == ("failed", 1) and "interrompu" in again["last_error"]


def test_due_but_unreachable_follow_ups_are_listed_for_the_advisors(store):
    follow_ups = FollowUps(store)
    no_email = store.save_complaint(agreed(conversation_id="conv-quiet", customer_email=None))
    answered = store.save_complaint(agreed(conversation_id="conv-done"))
    FollowUps(store).answer(answered.reference, solved=True)
    assert follow_ups.undelivered(date(2026, 11, 25)) == []  # nobody tried to deliver it yet
    [row] = follow_ups.deliverable(date(2026, 11, 25))
    follow_ups.unreachable(row["id"], "widget fermé et pas d'adresse e-mail")
    [left] = follow_ups.undelivered(date(2026, 11, 25))
    assert (left["reference"], left["status"], left["attempts"]) == (no_email.reference, "scheduled", 0)
    assert left["last_error"] == "widget fermé et pas d'adresse e-mail"


def test_an_answer_link_finds_its_follow_up(store):
    follow_ups = FollowUps(store)
    ticket = store.save_complaint(agreed())
    [row] = follow_ups.deliverable(date(2026, 11, 25))
    follow_ups.set_answer_token(row["id"], "jeton-secret-123")
    found = follow_ups.by_token("jeton-secret-123")
    assert found["reference"] == ticket.reference and found["ticket_status"] == "open"
    assert follow_ups.by_token("autre-jeton") is None
