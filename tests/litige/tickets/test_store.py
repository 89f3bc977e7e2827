"""TicketStore against SQLite, and PostgreSQL when TEST_POSTGRES_URL is set."""

import sqlite3
from datetime import date, datetime, timedelta, timezone

import pytest
import sqlalchemy as sa

from litige.tickets.models import metadata
from litige.tickets.record import ComplaintRecord, Proposal
from litige.tickets.store import (
    REFERENCE_PATTERN,
    InvalidTransition,
    TicketNotFound,
    TicketStore,
    TicketStoreUnavailable,
)


def record(**overrides):
    base = dict(
        conversation_id="conv-1",
        complaint_key="1795350946.794673",
        category="delivery",
        customer_name="Julie Martin",
        customer_email="julie.martin@gmail.com",
        order_id="CMD-482913",
        description="Ma commande est en retard",
        reformulation="Si je comprends bien…",
        expected_outcome="la recevoir avant samedi",
        emotion_start="anger",
        emotion_peak="anger",
        emotion_peak_intensity=0.8,
        emotion_end="neutral",
        emotion_trajectory=[{"turn": 1, "emotion": "anger", "intensity": 0.8}],
        proposals=[Proposal("reshipment", date(2026, 11, 24), "pending")],
    )
    base.update(overrides)
    return ComplaintRecord(**base)


def agreed(**overrides):
    return record(
        agreed_remedy="reshipment",
        due_date=date(2026, 11, 24),
        proposals=[Proposal("reshipment", date(2026, 11, 24), "accepted")],
        **overrides,
    )


def test_migrations_create_the_schema_the_code_uses(store):
    store.migrate()
    inspector = sa.inspect(store.engine)
    for table in metadata.sorted_tables:
        assert {c["name"] for c in inspector.get_columns(table.name)} == {c.name for c in table.columns}
    with store.engine.connect() as connection:
        version = connection.execute(sa.text("SELECT version_num FROM alembic_version")).scalar()
        assert version == "0007_review"
    store.migrate()  # idempotent


def test_a_complaint_becomes_one_ticket_with_a_reference(store):
    ticket = store.save_complaint(record())
    assert ticket.created and REFERENCE_PATTERN.match(ticket.reference)
    assert ticket.reference == f"LIT-2026-{ticket.id:06d}"
    assert (ticket.status, ticket.priority) == ("open", "normal")
    again = store.save_complaint(record(description=None, csat=4))
    assert not again.created and again.reference == ticket.reference
    assert again["description"] == "Ma commande est en retard"  # None never erases
    assert again["csat"] == 4
    assert [h["to_status"] for h in again["history"]] == ["open"]
    assert store.save_complaint(record(complaint_key="2.0")).reference != ticket.reference


def test_every_field_is_stored(store):
    ticket = store.save_complaint(
        agreed(
            handoff_reason=None,
            customer_address="12 rue des Lilas, 69003 Lyon",
            customer_availability="jeudi après 14h ou samedi matin",
        )
    )
    data = store.get(ticket.reference).data
    assert data["customer_email"] == "julie.martin@gmail.com" and data["order_id"] == "CMD-482913"
    assert data["customer_address"] == "12 rue des Lilas, 69003 Lyon"
    assert data["customer_availability"] == "jeudi après 14h ou samedi matin"
    assert data["emotion_trajectory"] == [{"turn": 1, "emotion": "anger", "intensity": 0.8}]
    assert data["agreed_remedy"] == "reshipment" and data["due_date"] == date(2026, 11, 24)
    assert [(p["remedy"], p["answer"]) for p in data["proposals"]] == [("reshipment", "accepted")]
    assert [(f["due_date"], f["status"]) for f in data["follow_ups"]] == [(date(2026, 11, 24), "scheduled")]
    assert data["created_at"] is not None and data["updated_at"] is not None


def test_priority_only_rises(store):
    ticket = store.save_complaint(record(priority="high"))
    assert store.save_complaint(record(priority="normal")).priority == "high"
    assert store.save_complaint(record(priority="urgent")).priority == "urgent"
    assert ticket.reference


def test_proposal_answers_are_kept(store):
    store.save_complaint(
        record(
            proposals=[
                Proposal("reshipment", date(2026, 11, 24), "refused"),
                Proposal("refund", date(2026, 11, 27), "pending"),
            ]
        )
    )
    ticket = store.save_complaint(
        record(
            proposals=[
                Proposal("reshipment", date(2026, 11, 24), "pending"),
                Proposal("refund", date(2026, 11, 27), "accepted"),
            ]
        )
    )
    assert [(p["remedy"], p["answer"]) for p in ticket["proposals"]] == [
        ("reshipment", "refused"),
        ("refund", "accepted"),
    ]


def test_status_changes_are_recorded_with_who_made_them(store, clock):
    ticket = store.save_complaint(record())
    clock.now += timedelta(hours=2)
    store.save_complaint(record(status="pending_agent", note="transmis à un conseiller (anger)"))
    store.set_status(ticket.reference, "in_progress", actor="Marie Dubois", note="je rappelle la cliente")
    history = store.get(ticket.reference)["history"]
    assert [(h["actor"], h["from_status"], h["to_status"]) for h in history] == [
        ("bot", None, "open"),
        ("bot", "open", "pending_agent"),
        ("Marie Dubois", "pending_agent", "in_progress"),
    ]
    with pytest.raises(InvalidTransition):
        store.set_status(ticket.reference, "archived", actor="Marie")
    with pytest.raises(TicketNotFound):
        store.set_status("LIT-2026-999999", "closed", actor="Marie")


@pytest.mark.parametrize("statement", ["UPDATE ticket_history SET actor = 'x'", "DELETE FROM ticket_history"])
def test_the_history_is_append_only(store, statement):
    store.save_complaint(record())
    with pytest.raises(sa.exc.DBAPIError, match="append-only"):
        with store.engine.begin() as connection:
            connection.execute(sa.text(statement))


def test_the_database_refuses_invalid_values(store):
    store.migrate()
    with pytest.raises(sa.exc.IntegrityError):
        with store.engine.begin() as connection:
            connection.execute(
                sa.text(
                    "INSERT INTO tickets (conversation_id, complaint_key, category, priority, status, "
                    "created_at, updated_at) VALUES ('c', 'k', 'delivery', 'normal', 'lost', :now, :now)"
                ),
                {"now": datetime(2026, 1, 1)},
            )


def test_filters(store, clock):
    store.save_complaint(record(conversation_id="a", category="delivery"))
    clock.now += timedelta(days=3)
    store.save_complaint(record(conversation_id="b", category="billing", priority="high"))
    store.save_complaint(record(conversation_id="c", category="billing", status="pending_agent"))
    assert len(store.list()) == 3
    assert {r["conversation_id"] for r in store.list(category="billing")} == {"b", "c"}
    assert [r["conversation_id"] for r in store.list(priority="high")] == ["b"]
    assert [r["conversation_id"] for r in store.list(status="pending_agent")] == ["c"]
    assert [r["conversation_id"] for r in store.list(until=date(2026, 11, 21))] == ["a"]
    assert {r["conversation_id"] for r in store.list(since=date(2026, 11, 22))} == {"b", "c"}


def test_an_unreachable_database_raises_a_clear_error(tmp_path):
    blocked = tmp_path / "blocked"
    blocked.write_text("not a directory")
    store = TicketStore(f"sqlite:///{blocked}/tickets.db", timeout=1)
    with pytest.raises(TicketStoreUnavailable):
        store.save_complaint(record())
    assert not store.ping()
    postgres = TicketStore("postgresql://nobody:nothing@127.0.0.1:1/none", timeout=1)
    with pytest.raises(TicketStoreUnavailable):
        postgres.save_complaint(record())


def test_a_locked_sqlite_database_raises_after_the_timeout(tmp_path):
    path = tmp_path / "locked.db"
    store = TicketStore(f"sqlite:///{path}", timeout=1)
    store.migrate()
    blocker = sqlite3.connect(path, isolation_level=None)
    blocker.execute("BEGIN EXCLUSIVE")
    try:
        with pytest.raises(TicketStoreUnavailable, match="locked"):
            store.save_complaint(record())
    finally:
        blocker.execute("ROLLBACK")
        blocker.close()
    assert store.save_complaint(record()).created  # works again once released


def test_dates_are_timezone_aware_where_the_backend_keeps_them(store):
    ticket = store.save_complaint(record())
    created = ticket["created_at"]
    if store.engine.dialect.name == "postgresql":
        assert created.tzinfo is not None and created.astimezone(timezone.utc).hour == 9


def test_a_record_the_database_refuses_is_not_taken_for_a_database_down(store):
    from litige.tickets.store import TicketRecordInvalid

    with pytest.raises(TicketRecordInvalid):
        store.save_complaint(record(csat=9))  # the CHECK constraint on the rating
    with pytest.raises(TicketRecordInvalid):
        store.save_complaint(record(priority="énorme"))
    assert store.save_complaint(record()).created  # and the store goes on working


def test_the_reference_year_is_the_year_in_paris(db_url):
    new_year_in_paris = datetime(2026, 12, 31, 23, 30, tzinfo=timezone.utc)  # 00:30 on 1 January in Paris
    store = TicketStore(db_url, timeout=2, clock=lambda: new_year_in_paris)
    try:
        assert store.save_complaint(record()).reference == "LIT-2027-000001"
    finally:
        store.engine.dispose()
