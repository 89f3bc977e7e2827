"""Hostile text through every field: stored as text (parameterised SQL), never executed,
control characters removed, sizes bounded, invalid e-mails and order numbers refused."""

import pytest
import sqlalchemy as sa

from litige.tickets.record import build_record
from tests.conftest import user_message

HOSTILE = [
    "Robert'); DROP TABLE tickets;--",
    "' OR '1'='1",
    '"; DELETE FROM ticket_history; --',
    "1; UPDATE tickets SET status='closed'",
    "x" * 10_000,
    "nul\x00byte, bell\x07, escape\x1b[31m, del\x7f",
    "😡" * 3000,
]


@pytest.mark.parametrize("text", HOSTILE, ids=["drop", "or", "delete", "update", "10k", "control", "emoji"])
def test_hostile_text_in_every_field(store, text):
    slots = {
        "complaint_category": "delivery",
        "complaint_started_at": 1.0,
        "complaint_text": text,
        "complaint_details": text,
        "reformulation": text,
        "expected_outcome": text,
        "customer_name": text,
        "customer_email": text,
        "order_id": text,
        "disputed_amount": text,
        "proposed_remedies": ["reshipment"],
        "proposal_due_dates": ["2026-11-24"],
    }
    record = build_record(text[:255], slots, [user_message(text, "complain_delivery")])
    ticket = store.save_complaint(record)
    data = store.get(ticket.reference).data
    for field in ("description", "reformulation", "expected_outcome"):
        stored = data[field] or ""
        assert len(stored) <= 4000
        assert not any(ord(ch) < 32 and ch not in "\n\t" for ch in stored)
        assert "\x7f" not in stored
    assert (
        data["reformulation"] == "".join(ch for ch in text if ord(ch) >= 32 and ch != "\x7f")[:4000] or None
    )
    assert data["customer_email"] is None and data["order_id"] is None  # never stored unvalidated
    with store.engine.connect() as connection:
        assert connection.execute(sa.text("SELECT count(*) FROM tickets")).scalar() == 1
        assert connection.execute(sa.text("SELECT count(*) FROM ticket_history")).scalar() == 1
        assert connection.execute(sa.text("SELECT status FROM tickets")).scalar() == "open"


def test_a_valid_email_and_order_number_are_kept_normalised(store):
    slots = {
        "complaint_category": "product",
        "complaint_started_at": 2.0,
        "customer_email": " Julie@Gmail.COM ",
        "order_id": "cmd 482913",
        "customer_name": "julie MARTIN",
    }
    data = store.get(store.save_complaint(build_record("conv", slots, [])).reference).data
    assert (data["customer_email"], data["order_id"], data["customer_name"]) == (
        "julie@gmail.com",
        "CMD-482913",
        "Julie Martin",
    )
