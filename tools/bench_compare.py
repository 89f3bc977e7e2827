"""`make bench`: our bot against Rasa's stock starter bot, in the same run, through the REST webhook.

    .venv/bin/python -m tools.bench_compare [--loads 1,10,50] [--duration 60] [--rounds 1] [--skip-prod]

Starts our stack (action server and Rasa server as ``make run`` starts them, on free ports,
SQLite stores in a temporary directory), the stock bot (tools/bench/stock.py: ``rasa init``,
trained once, cached) and, unless --skip-prod, the production topology (tools/prod.py: two Rasa
instances behind nginx, a fresh PostgreSQL database, a private Redis), each alone, timed to ready.
--train-ours also times a full training of ours (into a temporary directory).
Then Locust (its own venv, .venv-bench) plays complete 8-turn conversations, each customer a
fresh sender, at each load in turn, alternating the systems (ours at 1, stock at 1, prod at 1,
ours at 10, ...), --rounds times per load (the machine's speed drifts: the stock bot alone gave
from 37 to 54 turns/s at 10 customers on the same day, so several short alternations compare
fairer than one long one). Figures per system and load, over all its rounds (each round's too,
under "rounds"): p50/p95/p99 turn latency, turns per second, failed turns; per system: ready_s,
rss_mb of each process after the loads, train_s. Written to reports/bench/bench.json, printed
as a table with the ratio ours/stock. Asserts nothing.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from collections import Counter
from contextlib import ExitStack
from pathlib import Path
from typing import Dict, List, Optional, Sequence, Tuple

from tools.bench.stock import ensure_stock_bot
from tools.bench.systems import Running, start_ours, start_prod, start_stock, train_ours
from tools.measure_footprint import percentile
from tools.stack import ROOT

REPORT = ROOT / "reports" / "bench" / "bench.json"
LOCUSTFILE = ROOT / "tools" / "bench" / "locustfile.py"
LOCUST = ROOT / ".venv-bench" / "bin" / "locust"
FIGURES = ("p50_ms", "p95_ms", "p99_ms", "turns_per_s", "errors")


# --- pure parts: Locust's output, figures, table --------------------------------------------


def histogram_percentile(histogram: Dict[str, int], q: float) -> float:
    """The ``q``-th percentile (nearest rank, as measure_footprint.percentile) of Locust's
    ``response_times`` ({rounded milliseconds: count})."""
    values = [float(ms) for ms, count in histogram.items() for _ in range(int(count))]
    return percentile(values, q)


def turn_entry(stats: Sequence[dict], name: str = "turn") -> Optional[dict]:
    """The entry of Locust's JSON statistics (``--json-file``) for the requests named ``name``."""
    return next((entry for entry in stats if entry.get("name") == name), None)


def figures(stats: Sequence[dict]) -> Dict[str, float]:
    """p50/p95/p99 (ms), successful turns per second and failed turns, from Locust's JSON.
    Latencies count every turn, failed ones too (as Locust does); the rate is over the span
    from Locust's start to its last request."""
    return merged_figures([stats])


def merged_figures(runs: Sequence[Sequence[dict]]) -> Dict[str, float]:
    """``figures`` over several Locust runs of one system at one load (the rounds): latencies
    from the runs' histograms added together, the rate over the runs' spans added together."""
    entries = [entry for entry in map(turn_entry, runs) if entry and entry.get("num_requests")]
    if not entries:
        return {"p50_ms": 0.0, "p95_ms": 0.0, "p99_ms": 0.0, "turns_per_s": 0.0, "errors": 0, "turns": 0}
    requests_ = sum(int(entry["num_requests"]) for entry in entries)
    failures = sum(int(entry["num_failures"]) for entry in entries)
    span = sum(float(entry["last_request_timestamp"]) - float(entry["start_time"]) for entry in entries)
    histogram: Counter = Counter()
    for entry in entries:
        for ms, count in entry["response_times"].items():
            histogram[str(ms)] += int(count)
    return {
        "p50_ms": histogram_percentile(histogram, 50),
        "p95_ms": histogram_percentile(histogram, 95),
        "p99_ms": histogram_percentile(histogram, 99),
        "turns_per_s": round((requests_ - failures) / span, 2) if span > 0 else 0.0,
        "errors": failures,
        "turns": requests_,
    }


def read_locust_json(path: Path) -> List[dict]:
    return json.loads(path.read_text(encoding="utf-8"))


def ratio(ours: Optional[float], stock: Optional[float]) -> Optional[float]:
    if ours is None or stock is None or stock == 0:
        return None
    return round(ours / stock, 2)


def _cell(value: object, label: str = "") -> str:
    if value is None:
        return "-"
    if isinstance(value, float):
        return f"{value:.0f}" if label.split(" ")[0].endswith(("_ms", "_mb")) else f"{value:.2f}"
    return str(value)


def rasa_rss(system: dict) -> Optional[float]:
    """The resident memory of the (first) Rasa server of a system, in MB."""
    rss = system.get("rss_mb") or {}
    name = next((n for n in rss if "rasa server" in n), None)
    return rss[name] if name else None


def comparison(report: dict, ours: str = "ours", stock: str = "stock") -> List[Tuple[str, object, object]]:
    """Each figure of ``ours`` and ``stock``: (label, ours' value, stock's value); None when missing."""
    systems = report["systems"]
    a, b = systems.get(ours, {}), systems.get(stock, {})
    rows: List[Tuple[str, object, object]] = []
    for load in report["settings"]["loads"]:
        la, lb = a.get("loads", {}).get(str(load), {}), b.get("loads", {}).get(str(load), {})
        rows.extend((f"{name} @{load}", la.get(name), lb.get(name)) for name in FIGURES)
    rows.append(("ready_s", a.get("ready_s"), b.get("ready_s")))
    rows.append(("rss_mb rasa", rasa_rss(a), rasa_rss(b)))
    rows.append(("train_s", a.get("train_s"), b.get("train_s")))
    return rows


def ratios(report: dict, ours: str = "ours", stock: str = "stock") -> Dict[str, Optional[float]]:
    """{label: ours/stock} for every figure (None: missing, or the stock's figure is 0)."""
    return {label: ratio(x, y) for label, x, y in comparison(report, ours, stock)}


def ratio_table(report: dict, ours: str = "ours", stock: str = "stock") -> str:
    """A Markdown table: each figure of ``ours`` and ``stock`` and their ratio."""
    lines = [f"| figure | {ours} | {stock} | {ours}/{stock} |", "|---|---:|---:|---:|"]
    for label, x, y in comparison(report, ours, stock):
        lines.append(f"| {label} | {_cell(x, label)} | {_cell(y, label)} | {_cell(ratio(x, y))} |")
    return "\n".join(lines)


def new_report(loads: Sequence[int], duration: float) -> dict:
    return {
        "generated_at": time.strftime("%Y-%m-%dT%H:%M:%S%z"),
        "machine": {"cpus": os.cpu_count(), "load_avg_at_start": list(os.getloadavg())},
        "settings": {"loads": list(loads), "duration_s": duration, "tool": "locust"},
        "systems": {},
    }


def parse_loads(text: str) -> List[int]:
    loads = [int(part) for part in text.split(",") if part.strip()]
    if not loads or min(loads) < 1:
        raise argparse.ArgumentTypeError("loads: comma-separated numbers of customers, each >= 1")
    return loads


# --- the load -----------------------------------------------------------------------------------


def run_locust(
    system: Running, users: int, duration: float, out: Path, locust: Path = LOCUST, round_: int = 1
) -> List[dict]:
    """One headless Locust run against ``system``; Locust's JSON statistics."""
    out.mkdir(parents=True, exist_ok=True)
    prefix = out / f"{system.name}-{users}-r{round_}"
    conversations = prefix.with_suffix(".conversations.json")
    conversations.write_text(json.dumps({"conversations": system.conversations}), encoding="utf-8")
    command = [
        str(locust), "-f", str(LOCUSTFILE), "--headless", "-u", str(users), "-r", str(users),
        "--run-time", f"{int(duration)}s", "--host", system.url, "--csv", str(prefix),
        "--json-file", str(prefix), "--only-summary", "--stop-timeout", "0", "--loglevel", "WARNING",
        "--exit-code-on-error", "0",
    ]  # fmt: skip
    with open(f"{prefix}.log", "wb") as log:
        subprocess.run(
            command, cwd=ROOT, env={**os.environ, "BENCH_CONVERSATIONS": str(conversations)},
            stdout=log, stderr=subprocess.STDOUT, check=True, timeout=duration + 300,
        )  # fmt: skip
    return read_locust_json(Path(f"{prefix}.json"))


# --- the run ------------------------------------------------------------------------------------


def main(argv: Optional[List[str]] = None) -> int:
    parser = argparse.ArgumentParser(description="Our bot against Rasa's stock starter bot (Locust).")
    parser.add_argument("--loads", type=parse_loads, default=[1, 10, 50], help="customers at once (1,10,50)")
    parser.add_argument("--duration", type=float, default=60.0, help="seconds per system, load, round")
    parser.add_argument(
        "--rounds", type=int, default=1, help="alternations per load (1); the figures cover every round"
    )
    parser.add_argument("--skip-prod", action="store_true", help="without the production topology")
    parser.add_argument("--train-ours", action="store_true", help="also time a full training of ours")
    parser.add_argument("--model", type=Path, default=ROOT / "models" / "current.tar.gz")
    parser.add_argument(
        "--database-url",
        default=os.environ.get("TEST_POSTGRES_URL") or None,
        help="PostgreSQL whose role may CREATE DATABASE, for the production topology ($TEST_POSTGRES_URL)",
    )
    parser.add_argument("--out", type=Path, default=REPORT)
    parser.add_argument("--timeout", type=float, default=420.0, help="readiness timeout (s)")
    args = parser.parse_args(argv)
    if not LOCUST.exists():
        print(f"{LOCUST} is missing: `make bench` installs it (.venv-bench)", file=sys.stderr)
        return 2
    if not args.model.exists():
        print(f"no model at {args.model}: run `make train` first", file=sys.stderr)
        return 2

    report = new_report(args.loads, args.duration)
    report["settings"]["rounds"] = max(1, args.rounds)
    print("stock bot: generated and trained unless cached (var/bench/stock)...", flush=True)
    bot = ensure_stock_bot()
    locust_out = args.out.parent / "locust"  # Locust's own files, for a closer look
    with tempfile.TemporaryDirectory(prefix="bench-") as tmp, ExitStack() as stack:
        work = Path(tmp)
        train_s = None
        if args.train_ours:
            print("training ours from scratch (models/current.tar.gz untouched)...", flush=True)
            train_s = train_ours(work)
        print("starting our stack...", flush=True)
        systems = [start_ours(stack, work / "ours", args.model, train_s, args.timeout)]
        print("starting the stock bot...", flush=True)
        systems.append(start_stock(stack, bot, work / "stock", args.timeout))
        if not args.skip_prod:
            print("starting the production topology...", flush=True)
            try:
                systems.append(start_prod(stack, work / "prod", args.model, args.database_url, args.timeout))
            except Exception as error:  # noqa: BLE001 - the comparison goes on without it
                report["systems"]["prod"] = {"skipped": str(error).splitlines()[0][:300]}
                print(f"production topology skipped: {error}", file=sys.stderr)
        for load in args.loads:
            runs: Dict[str, List[List[dict]]] = {system.name: [] for system in systems}
            for round_ in range(1, max(1, args.rounds) + 1):
                for system in systems:  # alternating: ours, stock, prod at each load and round
                    print(f"{system.name}: {load} customers for {args.duration:.0f} s...", flush=True)
                    stats = run_locust(system, load, args.duration, locust_out, round_=round_)
                    runs[system.name].append(stats)
            for system in systems:
                entry = merged_figures(runs[system.name])
                if len(runs[system.name]) > 1:
                    entry["rounds"] = [figures(stats) for stats in runs[system.name]]
                system.entry["loads"][str(load)] = entry
        for system in systems:
            system.record_rss()
            report["systems"][system.name] = system.entry
    report["machine"]["load_avg_at_end"] = list(os.getloadavg())
    report["ratios"] = {
        f"{name}/stock": ratios(report, ours=name)
        for name in ("ours", "prod")
        if "loads" in report["systems"].get(name, {})
    }
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(report, indent=2) + "\n", encoding="utf-8")
    print(ratio_table(report))
    if "loads" in report["systems"].get("prod", {}):
        print()
        print(ratio_table(report, ours="prod"))
    print(f"\nwritten: {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
