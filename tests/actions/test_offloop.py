"""A database held by a writer stalls only the conversation that must write: the action
server's event loop keeps answering the others (run through rasa-sdk's own executor)."""

import asyncio
import sqlite3

import pytest
from rasa_sdk.executor import ActionExecutor

from litige.config import get_settings
from litige.tickets.access import _store, get_store
from litige.tickets.record import build_record
from tests.conftest import ActionExecuted, build_tracker, user_message


@pytest.fixture
def patient_store(ticket_db, monkeypatch):
    """The writer waits up to 30 s for the lock (the test releases it long before)."""
    monkeypatch.setenv("TICKET_DB_TIMEOUT", "30")
    get_settings.cache_clear()
    _store.cache_clear()
    store = get_store()
    store.migrate()
    return ticket_db.removeprefix("sqlite:///")


def call(action, tracker, domain):
    return {
        "next_action": action,
        "sender_id": tracker.sender_id,
        "tracker": tracker.current_state(),
        "domain": domain,
    }


async def test_a_locked_database_stalls_only_the_conversation_that_writes(patient_store, domain, friday):
    existing = get_store().save_complaint(
        build_record("conv-reader", {"complaint_category": "delivery", "complaint_started_at": 1.0}, [])
    )
    executor = ActionExecutor()
    executor.register_package("actions")
    writer = build_tracker(
        [],
        slots={"complaint_category": "delivery", "expected_outcome": "la recevoir", "proposed_remedies": []},
        sender_id="conv-writer",
    )
    entities = [{"entity": "ticket_id", "value": existing.reference}]
    reader = build_tracker(
        [
            ActionExecuted("action_listen"),
            user_message("où en est mon dossier ?", "ask_status", entities=entities),
        ],
        sender_id="conv-reader",
    )
    newcomer = build_tracker(
        [ActionExecuted("action_listen"), user_message("Mon colis n'est jamais arrivé", "complain_delivery")],
        sender_id="conv-newcomer",
    )

    holder = sqlite3.connect(patient_store, isolation_level=None)
    holder.execute("BEGIN IMMEDIATE")  # another process holds the write lock
    try:
        proposing = asyncio.ensure_future(executor.run(call("action_propose_remedy", writer, domain)))
        await asyncio.sleep(0.2)  # the proposal is now waiting for the lock
        status = await executor.run(call("action_check_status", reader, domain))
        opening = await executor.run(call("action_start_complaint", newcomer, domain))
        assert not proposing.done()  # still waiting for the database...
        assert existing.reference in status["responses"][0]["text"]  # ...while the others were answered
        opened = {e["name"]: e["value"] for e in opening["events"] if e.get("event") == "slot"}
        assert opened["waltz_step"] == "attention"
    finally:
        holder.execute("ROLLBACK")
        holder.close()
    proposal = await asyncio.wait_for(proposing, timeout=30)
    reference = next(e["value"] for e in proposal["events"] if e.get("name") == "ticket_id")
    assert get_store().get(reference).conversation_id == "conv-writer"  # saved once the lock was released
