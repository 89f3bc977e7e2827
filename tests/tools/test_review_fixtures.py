"""tools/review_fixtures.py's fill: copies of conversations under new senders, dates shifted
over the last weeks, one category rising in the last one (no servers: the source store is
written here in Rasa's table layout)."""

from __future__ import annotations

import json
import sqlite3
from collections import Counter
from datetime import datetime
from pathlib import Path

import pytest

from tools import review_fixtures as rf

NOW = datetime(2026, 12, 9, 15, 0, tzinfo=rf.PARIS).timestamp()  # a Wednesday afternoon


def _conversation(sender: str, category: str, start: float):
    """Rows as Rasa writes them: the session start, a message, a slot, the bot's answer."""
    events = [
        {"event": "action", "timestamp": start, "name": "action_session_start"},
        {"event": "user", "timestamp": start + 1, "text": "Ma commande n'arrive pas", "message_id": "m1"},
        {"event": "slot", "timestamp": start + 2, "name": "complaint_category", "value": category},
        {"event": "bot", "timestamp": start + 60, "text": "Je comprends."},
    ]
    return [(sender, e["event"], e["timestamp"], json.dumps(e)) for e in events]


@pytest.fixture
def source(tmp_path: Path) -> str:
    path = tmp_path / "driven.db"
    engine, _ = rf.open_store(f"sqlite:///{path}")
    engine.dispose()
    rows = (
        _conversation("a", "delivery", 1000.0)
        + _conversation("b", "billing", 5000.0)
        + _conversation("c", "product", 9000.0)
        + _conversation("d", "service", 13000.0)
    )
    with sqlite3.connect(path) as connection:
        connection.executemany(
            "INSERT INTO events (sender_id, type_name, timestamp, data) VALUES (?, ?, ?, ?)", rows
        )
    return f"sqlite:///{path}"


def _read(url: str):
    with sqlite3.connect(url[len("sqlite:///") :]) as connection:
        return connection.execute(
            "SELECT sender_id, type_name, timestamp, data FROM events ORDER BY id"
        ).fetchall()


def test_fill_copies_until_the_target_and_then_adds_nothing(source, tmp_path):
    target = f"sqlite:///{tmp_path / 'bench.db'}"
    assert rf.fill(300, target, source, now=NOW) == 300
    assert len({row[0] for row in _read(target)}) == 300
    assert rf.fill(300, target, source, now=NOW) == 0
    assert rf.fill(310, target, source, now=NOW) == 10


def test_a_copy_is_its_source_event_for_event_shifted_in_time(source, tmp_path):
    target = f"sqlite:///{tmp_path / 'bench.db'}"
    rf.fill(40, target, source, now=NOW)
    originals = {"a": _conversation("a", "delivery", 1000.0)}
    by_sender = {}
    for sender, kind, stamp, data in _read(target):
        by_sender.setdefault(sender, []).append((kind, stamp, json.loads(data)))
    copies_of_a = [rows for rows in by_sender.values() if rows[2][2]["value"] == "delivery"]
    assert copies_of_a
    for rows in copies_of_a:
        shift = rows[0][1] - 1000.0
        assert shift > 0
        for (kind, stamp, data), (_, okind, ostamp, odata) in zip(rows, originals["a"], strict=True):
            original = json.loads(odata)
            assert kind == okind
            assert stamp == pytest.approx(ostamp + shift)
            assert data["timestamp"] == pytest.approx(original["timestamp"] + shift)
            assert {k: v for k, v in data.items() if k not in ("timestamp", "message_id")} == {
                k: v for k, v in original.items() if k not in ("timestamp", "message_id")
            }
    message_ids = [rows[1][2]["message_id"] for rows in by_sender.values()]
    assert len(set(message_ids)) == len(message_ids)
    assert "a" not in by_sender  # new sender ids only


def test_copies_spread_over_the_weeks_with_the_weekly_pattern_and_a_rise(source, tmp_path):
    target = f"sqlite:///{tmp_path / 'bench.db'}"
    rf.fill(4000, target, source, now=NOW, weeks=12, rising="delivery")
    starts = {}
    category = {}
    for sender, _kind, stamp, data in _read(target):
        starts[sender] = min(stamp, starts.get(sender, stamp))
        event = json.loads(data)
        if event.get("name") == "complaint_category":
            category[sender] = event["value"]
    ends_by = NOW - 60  # a copy never ends after now (the source lasts 60 s)
    assert all(NOW - 12 * rf.WEEK <= start <= ends_by for start in starts.values())
    days = Counter(datetime.fromtimestamp(s, rf.PARIS).weekday() for s in starts.values())
    assert days[0] > days[6] * 2  # busy Mondays, quiet Sundays
    hours = Counter(datetime.fromtimestamp(s, rf.PARIS).hour for s in starts.values())
    assert hours[3] * 5 < hours[19]
    last_monday = datetime(2026, 11, 30, tzinfo=rf.PARIS).timestamp()  # the last complete week
    weekly = Counter()
    for sender, start in starts.items():
        if category[sender] == "delivery":
            weekly[int((start - last_monday) // rf.WEEK)] += 1
    before = [weekly[w] for w in range(-5, -1)]  # the four weeks before the last one
    assert weekly[0] >= 2.5 * (sum(before) / len(before))
    others = Counter(
        category[s] for s, start in starts.items() if last_monday <= start < last_monday + rf.WEEK
    )
    assert others["delivery"] > 2 * others["billing"]


def test_fill_without_a_driven_conversation_says_so(tmp_path):
    empty = f"sqlite:///{tmp_path / 'empty.db'}"
    with pytest.raises(SystemExit, match="drive"):
        rf.fill(10, f"sqlite:///{tmp_path / 'bench.db'}", empty, now=NOW)


def test_only_the_senders_of_the_manifest_are_copied(source, tmp_path):
    manifest = tmp_path / "driven.json"
    manifest.write_text(json.dumps([{"sender": "b"}]), encoding="utf-8")
    target = f"sqlite:///{tmp_path / 'bench.db'}"
    rf.fill(20, target, source, manifest=manifest, now=NOW, rising=None)
    values = {json.loads(d).get("value") for _s, _k, _t, d in _read(target)} - {None}
    assert values == {"billing"}


def test_surge_starts_on_the_monday_of_the_previous_week():
    assert datetime.fromtimestamp(rf.surge_start(NOW), rf.PARIS) == datetime(2026, 11, 30, tzinfo=rf.PARIS)
    sunday = datetime(2026, 12, 6, 23, 30, tzinfo=rf.PARIS).timestamp()
    assert datetime.fromtimestamp(rf.surge_start(sunday), rf.PARIS) == datetime(2026, 11, 23, tzinfo=rf.PARIS)
