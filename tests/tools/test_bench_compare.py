"""The benchmark's pure parts: Locust's JSON read into figures, percentiles, the ratio table and
the report's shape. The statistics below are shaped like Locust 2.46's ``--json-file`` output
recorded on a real run (tools/bench_compare.py, one customer, our bot)."""

from __future__ import annotations

import argparse
import json

import pytest

from tools.bench.systems import system_entry
from tools.bench_compare import (
    FIGURES,
    comparison,
    figures,
    histogram_percentile,
    merged_figures,
    new_report,
    parse_loads,
    ratio,
    ratio_table,
    ratios,
    read_locust_json,
)
from tools.measure_footprint import percentile

# Locust's statistics, as written by --json-file (one entry per request name; no "Aggregated")
RECORDED = [
    {
        "name": "turn",
        "method": "POST",
        "last_request_timestamp": 1796648181.7412772,
        "start_time": 1796648172.557337,
        "num_requests": 35,
        "num_none_requests": 0,
        "num_failures": 0,
        "total_response_time": 9568.409273004363,
        "max_response_time": 411.6760079996311,
        "min_response_time": 124.23981799656758,
        "total_content_length": 16024,
        "response_times": {
            "390": 1,
            "290": 5,
            "200": 1,
            "310": 3,
            "260": 5,
            "180": 1,
            "350": 2,
            "230": 2,
            "220": 2,
            "270": 3,
            "240": 2,
            "360": 1,
            "250": 1,
            "170": 1,
            "410": 1,
            "280": 2,
            "370": 1,
            "120": 1,
        },  # fmt: skip
        "num_reqs_per_sec": {"1796648172": 2, "1796648173": 4, "1796648174": 4},
        "num_fail_per_sec": {},
    }
]


def expanded(histogram):
    return sorted(float(ms) for ms, count in histogram.items() for _ in range(count))


def test_the_recorded_run_gives_its_figures():
    result = figures(RECORDED)
    values = expanded(RECORDED[0]["response_times"])
    assert len(values) == 35
    assert result["turns"] == 35 and result["errors"] == 0
    # nearest rank over the 35 turns: the 18th, the 34th and the 35th
    assert result["p50_ms"] == values[17] == 270.0
    assert result["p95_ms"] == values[33] == 390.0
    assert result["p99_ms"] == values[34] == 410.0
    assert result["turns_per_s"] == round(35 / (1796648181.7412772 - 1796648172.557337), 2) == 3.81


def test_failed_turns_are_errors_and_do_not_count_as_throughput():
    stats = [dict(RECORDED[0], num_failures=5, num_fail_per_sec={"1796648173": 5})]
    result = figures(stats)
    assert result["errors"] == 5
    assert result["turns"] == 35
    assert result["turns_per_s"] == round(30 / (1796648181.7412772 - 1796648172.557337), 2)


def test_only_the_turn_requests_are_read():
    other = dict(RECORDED[0], name="warm-up", num_requests=1, response_times={"9000": 1})
    assert figures([other, *RECORDED]) == figures(RECORDED)


def test_rounds_are_merged_by_their_turns_and_their_spans():
    slow = dict(
        RECORDED[0],
        start_time=1000.0,
        last_request_timestamp=1010.0,
        num_requests=4,
        num_failures=1,
        response_times={"900": 3, "1000": 1},
    )
    merged = merged_figures([RECORDED, [slow]])
    assert merged["turns"] == 39 and merged["errors"] == 1
    # 38 successful turns over 9.18 s + 10 s
    assert merged["turns_per_s"] == round(38 / ((1796648181.7412772 - 1796648172.557337) + 10.0), 2) == 1.98
    # nearest rank over the 39 turns: the 20th is the recorded run's first 280 (its 17th to 19th
    # are 270); the slow round's four turns are the slowest: the 38th is 900, the 39th 1,000
    assert merged["p50_ms"] == 280.0
    assert merged["p95_ms"] == 900.0
    assert merged["p99_ms"] == 1000.0
    assert merged_figures([RECORDED]) == figures(RECORDED)
    assert merged_figures([[], RECORDED]) == figures(RECORDED)


def test_a_run_without_any_turn_gives_zeros_not_an_error():
    for stats in ([], [dict(RECORDED[0], num_requests=0, response_times={})]):
        result = figures(stats)
        assert result["turns"] == 0 and result["turns_per_s"] == 0.0 and result["p95_ms"] == 0.0


def test_histogram_percentiles_are_nearest_rank_on_the_counted_values():
    histogram = {"100": 98, "2000": 2}
    assert histogram_percentile(histogram, 50) == 100.0
    assert histogram_percentile(histogram, 98) == 100.0
    assert histogram_percentile(histogram, 99) == 2000.0
    spread = {str(ms): 1 for ms in range(10, 1010, 10)}  # 10, 20, ..., 1000
    for q in (50, 95, 99):
        assert histogram_percentile(spread, q) == percentile(expanded(spread), q) == q * 10.0
    assert histogram_percentile({}, 95) == 0.0


def test_locust_json_is_read_from_its_file(tmp_path):
    path = tmp_path / "ours-1.json"
    path.write_text(json.dumps(RECORDED, indent=4), encoding="utf-8")
    assert read_locust_json(path) == RECORDED


def report_with(ours_p95: float = 300.0, stock_p95: float = 100.0) -> dict:
    report = new_report([1, 10], 60)
    ours = system_entry(20.04, None, "http://127.0.0.1:1")
    stock = system_entry(10.0, 47.1, "http://127.0.0.1:2")
    ours["rss_mb"] = {"action server": 63, "rasa server": 1626}
    stock["rss_mb"] = {"stock rasa server": 1059}
    for entry, p95, rate in ((ours, ours_p95, 7.0), (stock, stock_p95, 28.0)):
        entry["loads"]["10"] = {"p50_ms": 100.0, "p95_ms": p95, "p99_ms": 900.0, "turns_per_s": rate,
                                "errors": 0, "turns": 100}  # fmt: skip
    report["systems"] = {"ours": ours, "stock": stock}
    return report


def test_the_report_has_the_issue_s_figures_and_survives_json():
    report = report_with()
    again = json.loads(json.dumps(report))
    assert again == report
    assert again["settings"] == {"loads": [1, 10], "duration_s": 60, "tool": "locust"}
    ours = again["systems"]["ours"]
    assert ours["ready_s"] == 20.0 and ours["train_s"] is None
    assert set(FIGURES) <= set(ours["loads"]["10"])


def test_ratios_are_ours_over_stock_per_figure_and_load():
    got = ratios(report_with(ours_p95=2200.0, stock_p95=700.0))
    assert got["p95_ms @10"] == 3.14
    assert got["turns_per_s @10"] == 0.25
    assert got["p50_ms @10"] == 1.0
    assert got["rss_mb rasa"] == round(1626 / 1059, 2)
    assert got["ready_s"] == 2.0
    # unmeasured load 1, a stock figure of 0 (errors), our missing training time: no ratio
    assert got["p50_ms @1"] is None and got["errors @10"] is None and got["train_s"] is None


def test_the_table_has_a_row_per_figure_with_both_values_and_the_ratio():
    table = ratio_table(report_with()).splitlines()
    assert table[0] == "| figure | ours | stock | ours/stock |"
    assert "| p95_ms @10 | 300 | 100 | 3.00 |" in table
    assert "| turns_per_s @10 | 7.00 | 28.00 | 0.25 |" in table
    assert "| p50_ms @1 | - | - | - |" in table
    assert "| rss_mb rasa | 1626 | 1059 | 1.54 |" in table
    assert len(table) == 2 + len(comparison(report_with()))


def test_the_production_topology_compares_by_its_first_rasa_instance():
    report = report_with()
    prod = json.loads(json.dumps(report["systems"]["ours"]))
    prod["rss_mb"] = {"redis": 9, "action server": 70, "rasa server 1": 1700, "rasa server 2": 1650}
    report["systems"]["prod"] = prod
    assert ratios(report, ours="prod")["rss_mb rasa"] == round(1700 / 1059, 2)
    assert ratio_table(report, ours="prod").splitlines()[0] == "| figure | prod | stock | prod/stock |"


def test_ratio_handles_missing_and_zero():
    assert ratio(3.0, 2.0) == 1.5
    assert ratio(None, 2.0) is None and ratio(3.0, None) is None and ratio(3.0, 0) is None


def test_loads_are_parsed_from_the_command_line():
    assert parse_loads("1,10,50") == [1, 10, 50]
    assert parse_loads("2") == [2]
    for bad in ("", "0,10", ","):
        with pytest.raises(argparse.ArgumentTypeError):
            parse_loads(bad)
