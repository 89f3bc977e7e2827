"""The fallback journal keeps complaints while the database is down and replays them; what
can never be replayed goes to the dead letters without blocking the rest."""

import json

from litige.tickets.spool import ReplayReport, Spool
from litige.tickets.store import TicketStore
from tests.litige.tickets.test_store import agreed, record


def test_replay_saves_once_and_flags_the_reference_email(tmp_path, store):
    spool = Spool(tmp_path / "spool.jsonl")
    spool.append(record(), "database is locked")
    spool.append(agreed(), "database is locked")  # the same complaint, later in the conversation
    assert spool.pending() == 2
    assert spool.replay(store) == ReplayReport(saved=2, left=0, set_aside=0)
    assert spool.pending() == 0
    [row] = store.list()
    ticket = store.get(row["reference"])
    assert ticket["reference_email_pending"] is True  # the customer was promised it by e-mail
    assert ticket["agreed_remedy"] == "reshipment" and len(ticket["follow_ups"]) == 1
    assert spool.replay(store) == ReplayReport()


def test_lines_stay_while_the_database_is_still_down(tmp_path):
    spool = Spool(tmp_path / "spool.jsonl")
    spool.append(record(), "down")
    blocked = tmp_path / "blocked"
    blocked.write_text("x")
    assert spool.replay(TicketStore(f"sqlite:///{blocked}/db.sqlite", timeout=1)) == ReplayReport(left=1)
    assert spool.pending() == 1
    assert spool.dead_letters() == []


def test_an_unreadable_line_goes_to_the_dead_letters_and_blocks_nothing(tmp_path, store):
    spool = Spool(tmp_path / "spool.jsonl")
    spool.path.write_text("{not json\n", encoding="utf-8")
    spool.append(record(), "down")
    assert spool.replay(store) == ReplayReport(saved=1, left=0, set_aside=1)
    assert spool.pending() == 0 and len(store.list()) == 1
    [dead] = spool.dead_letters()
    assert dead["line"] == "{not json" and "illisible" in dead["reason"]
    assert spool.replay(store) == ReplayReport()  # nothing left to block the next replays


def test_a_record_the_database_refuses_is_set_aside_with_its_conversation(tmp_path, store):
    spool = Spool(tmp_path / "spool.jsonl")
    spool.append(record(conversation_id="c-bad", csat=9), "down")  # the database's check refuses it
    spool.append(record(conversation_id="c-good"), "down")
    assert spool.replay(store) == ReplayReport(saved=1, left=0, set_aside=1)
    assert [row["conversation_id"] for row in store.list()] == ["c-good"]
    [dead] = spool.dead_letters()
    assert dead["conversation_id"] == "c-bad" and "refusé" in dead["reason"]


def test_a_dead_letter_is_saved_once_its_cause_is_fixed(tmp_path, store):
    spool = Spool(tmp_path / "spool.jsonl")
    spool.set_aside(record(conversation_id="c-later"), "colonne manquante")  # fixed since
    spool.set_aside(record(conversation_id="c-still-bad", priority="énorme"), "priorité inconnue")
    assert spool.retry_dead_letters(store) == ReplayReport(saved=1, left=0, set_aside=1)
    assert [row["conversation_id"] for row in store.list()] == ["c-later"]
    assert store.list()[0]["reference_email_pending"] is True
    assert [entry["conversation_id"] for entry in spool.dead_letters()] == ["c-still-bad"]


def test_a_journal_left_by_a_replay_that_crashed_is_replayed_first(tmp_path, store):
    spool = Spool(tmp_path / "spool.jsonl")
    spool.append(record(conversation_id="c-crashed"), "down")
    (tmp_path / "spool.jsonl").rename(tmp_path / "spool.jsonl.replaying")  # the crash, mid-replay
    spool.append(record(conversation_id="c-new"), "down")
    assert spool.pending() == 2
    assert spool.replay(store).saved == 2
    assert sorted(row["conversation_id"] for row in store.list()) == ["c-crashed", "c-new"]
    assert spool.pending() == 0


def test_a_ticket_created_by_the_conversation_first_is_not_flagged(tmp_path, store):
    store.save_complaint(record())
    spool = Spool(tmp_path / "spool.jsonl")
    spool.append(agreed(), "locked")
    spool.replay(store)
    assert store.list()[0]["reference_email_pending"] is False


def test_each_entry_is_one_json_line(tmp_path):
    spool = Spool(tmp_path / "spool.jsonl")
    spool.append(record(description="deux\nlignes"), "down")
    [line] = spool.path.read_text(encoding="utf-8").splitlines()
    assert json.loads(line)["reason"] == "down"


def test_forget_removes_one_conversation_from_the_journal_and_the_dead_letters(tmp_path):
    spool = Spool(tmp_path / "spool.jsonl")
    spool.append(record(conversation_id="purged"), "down")
    spool.append(record(conversation_id="kept"), "down")
    spool.set_aside(record(conversation_id="purged"), "refused")
    spool.set_aside(record(conversation_id="kept"), "refused")

    assert spool.forget({"purged"}, dry_run=True) == 2
    assert spool.pending() == 2 and len(spool.dead_letters()) == 2  # a dry run changes nothing

    assert spool.forget({"purged"}) == 2
    assert spool.pending() == 1
    assert [entry["conversation_id"] for entry in spool.dead_letters()] == ["kept"]
    assert json.loads(json.loads(spool.path.read_text())["record"])["conversation_id"] == "kept"
    assert spool.forget({"purged"}) == 0
