"""Idempotent creation under concurrency: the same closure action run by many threads at
once, repeatedly, through several independent stores (as several action-server
processes would), gives one ticket, one reference, one history entry, one follow-up."""

from concurrent.futures import ThreadPoolExecutor

import sqlalchemy as sa
from rasa_sdk.executor import CollectingDispatcher

from actions.resolution import confirm as confirm_remedy
from litige.config import get_settings
from litige.tickets.access import _store
from litige.tickets.store import TicketStore
from tests.conftest import ActionExecuted, build_tracker, slot_events, user_message

THREADS = 8
ROUNDS = 5


def closure_tracker():
    return build_tracker(
        [ActionExecuted("action_listen"), user_message("oui ça me convient", "affirm")],
        slots={
            "complaint_category": "delivery",
            "current_remedy": "reshipment",
            "due_date": "2026-11-24",
            "proposed_remedies": ["reshipment"],
            "proposal_due_dates": ["2026-11-24"],
            "customer_email": "julie.martin@gmail.com",
            "complaint_started_at": 1795350946.79,
            "complaint_text": "Ma commande est en retard",
            "order_id": "CMD-482913",
            "waltz_step": "resolution",
        },
        sender_id="conv-concurrent",
    )


def confirm(domain):
    dispatcher = CollectingDispatcher()
    events = confirm_remedy(dispatcher, closure_tracker())
    return slot_events(events).get("ticket_id")


def test_concurrent_and_repeated_closures_make_one_ticket(db_url, monkeypatch, domain, friday):
    monkeypatch.setenv("TICKET_DB_URL", db_url)
    get_settings.cache_clear()
    _store.cache_clear()
    references = []
    for _ in range(ROUNDS):
        _store.cache_clear()  # a fresh store per round: like a restarted action server
        with ThreadPoolExecutor(max_workers=THREADS) as pool:
            references += list(pool.map(lambda _: confirm(domain), range(THREADS)))
    assert len(references) == THREADS * ROUNDS and None not in references
    assert len(set(references)) == 1
    engine = sa.create_engine(db_url)
    with engine.connect() as connection:
        assert connection.execute(sa.text("SELECT count(*) FROM tickets")).scalar() == 1
        assert connection.execute(sa.text("SELECT count(*) FROM ticket_history")).scalar() == 1
        assert connection.execute(sa.text("SELECT count(*) FROM follow_ups")).scalar() == 1
        assert connection.execute(sa.text("SELECT count(*) FROM ticket_proposals")).scalar() == 1
    engine.dispose()


def test_independent_stores_racing_on_the_same_complaint(db_url):
    from tests.litige.tickets.test_store import record

    stores = [TicketStore(db_url, timeout=10) for _ in range(THREADS)]
    stores[0].migrate()
    with ThreadPoolExecutor(max_workers=THREADS) as pool:
        tickets = list(pool.map(lambda s: s.save_complaint(record()), stores * 3))
    assert len({t.reference for t in tickets}) == 1
    assert sum(t.created for t in tickets) == 1
    for store in stores:
        store.engine.dispose()
