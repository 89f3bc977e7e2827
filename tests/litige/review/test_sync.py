"""The sync of the read model from a tracker store, on SQLite and PostgreSQL: a store not
created yet, incremental and idempotent reads, a limit, late commits under the watermark,
conversations that become abandoned, and a rebuild that keeps the reviews."""

from datetime import datetime, timedelta, timezone
from pathlib import Path

import sqlalchemy as sa

from litige.review.filters import ListFilters
from litige.tickets.models import review_conversations

from .conftest import NOW, SCENARIOS, Talk, abandoned, handoff, listed, resolved

UTC = timezone.utc


def test_no_tracker_store_yet_reads_as_nothing(store, urls):
    assert store.sync() == 0
    assert store.rebuild() == 0
    assert store.events("c-1") == []
    assert store.conversation("c-1") is None
    assert store.list_conversations(ListFilters()) == ([], 0)
    if urls[1].startswith("sqlite"):  # never created by the desk: Rasa creates it
        assert not Path(sa.engine.make_url(urls[1]).database).exists()


def test_events_are_the_tracker_rows_in_order_with_their_ids(store, tracker):
    talk = handoff()
    tracker.add("c-handoff", talk.events)
    tracker.add("c-other", abandoned().events)
    events = store.events("c-handoff")
    assert [e["_id"] for e in events] == tracker.ids("c-handoff")
    assert [e["event"] for e in events] == [e["event"] for e in talk.events]
    assert events[3]["text"].startswith("Je veux parler à un vrai conseiller")


def test_the_sync_summarises_each_conversation(filled):
    rows, total = filled.list_conversations(ListFilters(), per_page=50)
    assert total == 6
    by_id = {row["conversation_id"]: row for row in rows}
    assert {cid: row["outcome"] for cid, row in by_id.items()} == {
        "c-resolved": "resolved",
        "c-handoff": "handoff",
        "c-refusals": "refusals",
        "c-unsure": "resolved",
        "c-abandoned": "abandoned",
        "c-ongoing": "ongoing",
    }
    first = by_id["c-resolved"]
    assert (first["category"], first["rating"], first["turns"]) == ("delivery", 5, 4)
    assert (first["emotion_start"], first["emotion_end"]) == ("anger", "satisfaction")
    assert (first["order_id"], first["customer_name"]) == ("CMD-4821937", "Hélène Lefèvre")
    assert first["status"] == "new" and first["tags"] == []
    assert first["started_at"] == datetime(2026, 12, 1, 23, 30, tzinfo=UTC).timestamp()
    assert by_id["c-handoff"]["customer_email"] == "m.durand@free.fr"
    assert by_id["c-handoff"]["handoff_reason"] == "request_human"
    assert "refusal" in by_id["c-refusals"]["marker_kinds"]
    assert [row["conversation_id"] for row in rows] == [
        "c-ongoing",
        "c-unsure",
        "c-abandoned",
        "c-refusals",
        "c-handoff",
        "c-resolved",
    ]  # the latest first


def test_the_sync_is_idempotent(filled):
    before = filled.list_conversations(ListFilters(), per_page=50)
    assert filled.sync() == 0
    assert filled.list_conversations(ListFilters(), per_page=50) == before


def test_an_incremental_sync_reads_only_the_conversations_that_moved(filled, tracker, clock):
    clock.now = NOW + timedelta(minutes=1)
    tracker.add("c-new", resolved(NOW).events)
    tracker.add("c-ongoing", Talk(NOW).user("Il fait un bruit bizarre aussi", "inform").events)
    assert filled.sync() == 2
    rows, total = filled.list_conversations(ListFilters(), per_page=50)
    assert total == 7
    synced = {row["conversation_id"]: row["synced_at"] for row in rows}
    assert {cid for cid, at in synced.items() if at == clock.now} == {"c-new", "c-ongoing"}
    ongoing_row = next(row for row in rows if row["conversation_id"] == "c-ongoing")
    assert ongoing_row["turns"] == 2 and "bruit bizarre" in ongoing_row["customer_text"]


def test_a_limited_sync_leaves_the_rest_for_the_next_one(store, tracker):
    for cid, scenario in SCENARIOS.items():
        tracker.add(cid, scenario().events)
    assert store.sync(limit=2) == 2
    assert store.list_conversations(ListFilters())[1] == 2
    assert store.sync(limit=3) == 3
    assert store.sync() == 1
    assert store.list_conversations(ListFilters())[1] == 6
    assert store.sync() == 0


def test_a_quiet_ongoing_conversation_becomes_abandoned_without_new_events(filled, clock):
    clock.now = NOW + timedelta(minutes=25)  # its last event: 10 minutes before NOW
    assert filled.sync() == 1
    assert listed(filled, outcome="abandoned") == {"c-abandoned", "c-ongoing"}
    assert filled.sync() == 0


def test_a_late_commit_under_the_watermark_is_still_read(store, tracker):
    # PostgreSQL: another conversation's events, with lower ids, committed after these were read
    for n, (cid, scenario) in enumerate(SCENARIOS.items()):
        tracker.add(cid, scenario().events, first_id=1000 + 100 * n)
    assert store.sync() == 6
    tracker.add(
        "c-late", abandoned(datetime(2026, 12, 7, 8, 0, tzinfo=UTC)).events, first_id=1060
    )  # in a gap
    assert store.sync() == 1
    assert "c-late" in listed(store)
    assert store.sync() == 0


def test_a_rebuild_keeps_the_reviews(filled, tracker):
    filled.mark("c-refusals", "flagged", ["avoir-refusé"], "Claire")
    filled.comment("c-refusals", "Deux propositions d'avoir de suite : à revoir.", "Claire")
    filled.correct("c-refusals", 2, intent="deny", emotion="anger", intensity=0.8, who="Claire")
    filled.log_reveal("c-refusals", "Claire", "email")
    with filled.engine.begin() as connection:
        connection.execute(review_conversations.update().values(outcome="ongoing", turns=0))
    assert filled.rebuild() == 6
    page = filled.conversation("c-refusals")
    assert page["summary"]["outcome"] == "refusals" and page["summary"]["turns"] == 3
    assert page["mark"]["status"] == "flagged" and page["mark"]["tags"] == ["avoir-refusé"]
    assert [c["text"] for c in page["comments"]] == ["Deux propositions d'avoir de suite : à revoir."]
    assert [(c["turn_number"], c["emotion_after"]) for c in page["corrections"]] == [(2, "anger")]
    assert [(r["who"], r["kind"]) for r in page["reveals"]] == [("Claire", "email")]
    assert filled.sync() == 0
