"""The fallback journal keeps complaints while the database is down and replays them."""

from litige.tickets.spool import Spool
from litige.tickets.store import TicketStore
from tests.litige.tickets.test_store import agreed, record


def test_replay_saves_once_and_flags_the_reference_email(tmp_path, store):
    spool = Spool(tmp_path / "spool.jsonl")
    spool.append(record(), "database is locked")
    spool.append(agreed(), "database is locked")  # the same complaint, later in the conversation
    assert spool.pending() == 2
    assert spool.replay(store) == (2, 0)
    assert spool.pending() == 0
    [row] = store.list()
    ticket = store.get(row["reference"])
    assert ticket["reference_email_pending"] is True  # the customer was promised it by e-mail
    assert ticket["agreed_remedy"] == "reshipment" and len(ticket["follow_ups"]) == 1
    assert spool.replay(store) == (0, 0)


def test_lines_stay_while_the_database_is_still_down(tmp_path):
    spool = Spool(tmp_path / "spool.jsonl")
    spool.append(record(), "down")
    blocked = tmp_path / "blocked"
    blocked.write_text("x")
    assert spool.replay(TicketStore(f"sqlite:///{blocked}/db.sqlite", timeout=1)) == (0, 1)
    assert spool.pending() == 1


def test_an_unreadable_line_is_kept_aside_not_lost(tmp_path, store):
    spool = Spool(tmp_path / "spool.jsonl")
    spool.path.write_text("{not json\n", encoding="utf-8")
    spool.append(record(), "down")
    assert spool.replay(store) == (1, 1)
    assert spool.path.read_text(encoding="utf-8").startswith("{not json")


def test_a_ticket_created_by_the_conversation_first_is_not_flagged(tmp_path, store):
    store.save_complaint(record())
    spool = Spool(tmp_path / "spool.jsonl")
    spool.append(agreed(), "locked")
    spool.replay(store)
    assert store.list()[0]["reference_email_pending"] is False
