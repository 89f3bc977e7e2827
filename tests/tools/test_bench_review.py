"""tools/bench_review.py's figures and table (the measurement itself runs with `make bench-review`)."""

from __future__ import annotations

from tools.bench_review import LISTS, percentiles, table


def test_percentiles_are_nearest_rank_in_milliseconds():
    samples = [i / 1000 for i in range(1, 101)]  # 1 ms .. 100 ms
    assert percentiles(samples) == {"p50_ms": 50.0, "p95_ms": 95.0, "n": 100}
    assert percentiles([0.004]) == {"p50_ms": 4.0, "p95_ms": 4.0, "n": 1}


def _report(http):
    timing = {"p50_ms": 1.5, "p95_ms": 2.5, "n": 20}
    return {
        "conversations": 10000,
        "events": 1377424,
        "tracker_store": "SQLite",
        "tracker_size_mb": 686.6,
        "machine": "x86_64, 2 cœurs",
        "rebuild": {"seconds": 29.6, "conversations": 10000},
        "sync_nothing_new": timing,
        "sync_incremental": {"seconds": 0.257, "new_conversations": 50, "summarised": 50},
        "data_layer": {"list": {key: timing for key, _, _ in LISTS}, "conversation": {**timing, "n": 50}},
        "http": http,
    }


def test_the_table_shows_every_list_and_says_when_http_was_not_measured():
    text = table(_report({"measured": False, "why": "pas de routes"}))
    for _key, label, _args in LISTS:
        assert f"liste : {label}" in text
    assert "page conversation (50)" in text
    assert "HTTP non mesuré : pas de routes" in text
    assert "Reconstruction complète du modèle de lecture : 29.6 s" in text


def test_the_table_shows_the_http_timings_when_measured():
    timing = {"p50_ms": 120.0, "p95_ms": 180.0, "n": 20}
    http = {
        "measured": True,
        "list_api": {key: timing for key, _, _ in LISTS},
        "list_page": {key: timing for key, _, _ in LISTS},
        "conversation_api": timing,
        "conversation_page": timing,
    }
    text = table(_report(http))
    assert "non mesuré" not in text
    first = next(line for line in text.splitlines() if line.startswith("liste : première page"))
    assert first.split()[-6:] == ["1.5", "2.5", "120.0", "180.0", "120.0", "180.0"]
