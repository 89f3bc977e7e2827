"""How fast the trainers' review desk is on 10,000 conversations (issue 14). Not a test: it
measures and reports, it asserts nothing.

The tracker store of 10,000 conversations is made once with tools/review_fixtures.py (real
conversations driven through the servers, then copied with shifted dates) and kept in the
git-ignored var/bench_review/. Each run works on a copy of it and a fresh ticket database, and
measures:

* the read model's full rebuild, a sync with nothing new, and an incremental sync after 50
  new conversations arrived;
* the list: first page without a filter, with a category and an outcome, with a full-text
  query, and page 200; the conversation page over 50 conversations (p50 and p95), at the data
  layer (litige.review.store.ReviewStore) and through the console's HTTP routes (the console
  started on a free port, signed in with a trainer account), when the console has them.

    .venv/bin/python -m tools.bench_review [--conversations 10000] [--out reports/bench/review.json]
"""

from __future__ import annotations

import argparse
import json
import math
import os
import platform
import random
import re
import shutil
import sqlite3
import subprocess
import sys
import time
from pathlib import Path
from typing import Any, Callable, Dict, List, Optional, Tuple

from tools import review_fixtures
from tools.stack import ROOT, free_port

CACHE = ROOT / "var" / "bench_review"
OUT = ROOT / "reports" / "bench" / "review.json"
PASSWORD = "banc-d-essai-revue-2026"
NEW_CONVERSATIONS = 50
# (key in the report, label in the table, the list's query string)
LISTS: Tuple[Tuple[str, str, Dict[str, str]], ...] = (
    ("first_page", "première page, sans filtre", {}),
    ("category_outcome", "catégorie + issue", {"category": "delivery", "outcome": "resolved"}),
    ("full_text", "recherche plein texte", {"q": "remboursement"}),
    ("page_200", "page 200", {"page": "200"}),
)


def percentiles(samples: List[float]) -> Dict[str, float]:
    """p50 and p95 (nearest rank) in milliseconds, and the number of samples."""
    ordered = sorted(samples)

    def rank(p: float) -> float:
        return ordered[max(0, math.ceil(p * len(ordered)) - 1)]

    return {"p50_ms": round(rank(0.50) * 1000, 2), "p95_ms": round(rank(0.95) * 1000, 2), "n": len(ordered)}


def timed(work: Callable[[], Any], repeat: int) -> List[float]:
    samples = []
    for _ in range(repeat):
        start = time.perf_counter()
        work()
        samples.append(time.perf_counter() - start)
    return samples


# ---------------------------------------------------------------------------- the store
def count_conversations(path: Path) -> int:
    if not path.exists():
        return 0
    with sqlite3.connect(path) as connection:
        try:
            return connection.execute("SELECT COUNT(DISTINCT sender_id) FROM events").fetchone()[0]
        except sqlite3.OperationalError:
            return 0


def cached_store(conversations: int) -> Path:
    """var/bench_review/tracker.db with ``conversations`` conversations (made when missing)."""
    path = CACHE / f"tracker-{conversations}.db"
    if count_conversations(path) >= conversations:
        return path
    if not review_fixtures.DEFAULT_SOURCE.exists():
        print("No driven conversations yet: playing the scenarios through the servers (about a minute)...")
        review_fixtures.drive(review_fixtures.DEFAULT_SOURCE)
    print(f"Filling {path} up to {conversations} conversations...")
    CACHE.mkdir(parents=True, exist_ok=True)
    review_fixtures.fill(
        conversations,
        f"sqlite:///{path}",
        manifest=review_fixtures.manifest_path(review_fixtures.DEFAULT_SOURCE),
    )
    return path


def data_layer(store, ids: List[str], repeat: int) -> Dict[str, Any]:
    from litige.review.store import ListFilters

    results: Dict[str, Any] = {"list": {}}
    for key, _label, args in LISTS:
        page = int(args.get("page", 1))
        filters = ListFilters(**{k: v for k, v in args.items() if k != "page"})
        rows, total = store.list_conversations(filters, page=page)
        samples = timed(lambda f=filters, p=page: store.list_conversations(f, page=p), repeat)
        results["list"][key] = {**percentiles(samples), "matching": total, "rows": len(rows)}
    samples = []
    for cid in ids:
        start = time.perf_counter()
        store.conversation(cid)
        samples.append(time.perf_counter() - start)
    results["conversation"] = percentiles(samples)
    return results


# ---------------------------------------------------------------------------- the console
class Console:
    """The console in its own process, as `make run` starts it, signed in as a trainer."""

    def __init__(self, ticket_db_url: str, tracker_url: str, log: Path):
        import requests

        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.session = requests.Session()
        env = {
            **os.environ,
            "TICKET_DB_URL": ticket_db_url,
            "TRACKER_STORE_URL": tracker_url,
            "RASA_URL": "http://127.0.0.1:9",  # not needed by the desk's pages
            "RASA_API_TOKEN": "bench",
            "CONSOLE_URL": self.url,
            "MAIL_URL": "",
            "MAIL_OUTBOX_DIR": str(log.parent / "outbox"),
            "REVIEW_SYNC_SECONDS": "3600",  # the list still syncs before answering
        }
        self.log = log
        with open(log, "wb") as out:
            self.process = subprocess.Popen(
                [sys.executable, "-m", "console", "serve", "--port", str(self.port)],
                cwd=ROOT,
                env=env,
                stdout=out,
                stderr=subprocess.STDOUT,
                start_new_session=True,
            )

    def wait(self, timeout: float = 120.0) -> None:
        import requests

        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"the console stopped:\n{self.log.read_text()[-2000:]}")
            try:
                if requests.get(f"{self.url}/connexion", timeout=2).status_code == 200:
                    return
            except requests.ConnectionError:
                pass
            time.sleep(0.3)
        raise TimeoutError("the console did not start")

    def sign_in(self, login: str) -> None:
        form = self.session.get(f"{self.url}/connexion", timeout=10)
        csrf = re.search(r'name="csrf" value="([^"]+)"', form.text).group(1)
        answer = self.session.post(
            f"{self.url}/connexion",
            data={"login": login, "password": PASSWORD, "csrf": csrf},
            allow_redirects=False,
            timeout=10,
        )
        if answer.status_code != 303:
            raise RuntimeError(f"sign-in refused ({answer.status_code})")

    def get(self, path: str, params: Optional[Dict[str, str]] = None) -> Tuple[int, float]:
        start = time.perf_counter()
        answer = self.session.get(f"{self.url}{path}", params=params, timeout=60)
        return answer.status_code, time.perf_counter() - start

    def stop(self) -> None:
        self.process.terminate()
        try:
            self.process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()


def http_layer(console: Console, ids: List[str], repeat: int) -> Dict[str, Any]:
    results: Dict[str, Any] = {"list_page": {}, "list_api": {}}
    for name, _label, args in LISTS:
        for key, path in (("list_page", "/revue"), ("list_api", "/api/revue/conversations")):
            samples = []
            for _ in range(repeat):
                status, spent = console.get(path, args)
                if status != 200:
                    raise RuntimeError(f"GET {path} {args} answered {status}")
                samples.append(spent)
            results[key][name] = percentiles(samples)
    for key, path in (
        ("conversation_page", "/revue/conversations/{}"),
        ("conversation_api", "/api/revue/conversations/{}"),
    ):
        samples = []
        for cid in ids:
            status, spent = console.get(path.format(cid))
            if status != 200:
                raise RuntimeError(f"GET {path.format(cid)} answered {status}")
            samples.append(spent)
        results[key] = percentiles(samples)
    return results


def measure_http(
    ticket_db_url: str, tracker_url: str, work: Path, ids: List[str], repeat: int
) -> Dict[str, Any]:
    from console.accounts import Accounts
    from litige.tickets.store import TicketStore

    Accounts(TicketStore(ticket_db_url)).create("banc", "Banc", PASSWORD, role="trainer")
    console = Console(ticket_db_url, tracker_url, work / "console.log")
    try:
        console.wait()
        console.sign_in("banc")
        status, _ = console.get("/api/revue/conversations")
        if status == 404:
            return {"measured": False, "why": "the console has no /api/revue routes yet: data layer only"}
        return {"measured": True, **http_layer(console, ids, repeat)}
    finally:
        console.stop()


# ---------------------------------------------------------------------------- the run
def run(conversations: int, repeat: int, pages: int, http: bool) -> Dict[str, Any]:
    from litige.review.store import ReviewStore

    source = cached_store(conversations)
    work = CACHE / "work"
    shutil.rmtree(work, ignore_errors=True)
    work.mkdir(parents=True)
    tracker = work / "tracker.db"
    shutil.copyfile(source, tracker)
    tracker_url, ticket_db_url = f"sqlite:///{tracker}", f"sqlite:///{work / 'tickets.db'}"
    with sqlite3.connect(tracker) as connection:
        events = connection.execute("SELECT COUNT(*) FROM events").fetchone()[0]

    store = ReviewStore(ticket_db_url, tracker_url)
    store.migrate()
    start = time.perf_counter()
    rebuilt = store.rebuild()
    rebuild = time.perf_counter() - start
    idle = timed(store.sync, repeat)

    rows, total = store.list_conversations(per_page=200)
    everyone = []
    for page in range(1, total // 200 + 2):
        everyone += [r["conversation_id"] for r in store.list_conversations(page=page, per_page=200)[0]]
    ids = random.Random(14).sample(everyone, min(pages, len(everyone)))
    report: Dict[str, Any] = {
        "conversations": total,
        "events": events,
        "tracker_store": "SQLite",
        "tracker_size_mb": round(tracker.stat().st_size / 2**20, 1),
        "machine": f"{platform.machine()}, {os.cpu_count()} cœurs, Python {platform.python_version()}",
        "measured_at": time.strftime("%Y-%m-%dT%H:%M:%S%z"),
        "rebuild": {"seconds": round(rebuild, 2), "conversations": rebuilt},
        "sync_nothing_new": percentiles(idle),
        "list_queries": {key: args for key, _label, args in LISTS},
        "data_layer": data_layer(store, ids, repeat),
    }
    report["http"] = (
        measure_http(ticket_db_url, tracker_url, work, ids, repeat)
        if http
        else {"measured": False, "why": "--no-http"}
    )
    # last, so the list and the pages are measured on exactly ``conversations`` conversations
    review_fixtures.fill(
        conversations + NEW_CONVERSATIONS,
        tracker_url,
        manifest=review_fixtures.manifest_path(review_fixtures.DEFAULT_SOURCE),
        seed=2026,
        weeks=1,
        rising=None,
    )
    start = time.perf_counter()
    synced = store.sync()
    report["sync_incremental"] = {
        "seconds": round(time.perf_counter() - start, 3),
        "new_conversations": NEW_CONVERSATIONS,
        "summarised": synced,
    }
    store.close()
    return report


def table(report: Dict[str, Any]) -> str:
    def cell(entry: Optional[Dict[str, Any]]) -> str:
        return f"{entry['p50_ms']:>8.1f} {entry['p95_ms']:>8.1f}" if entry else f"{'-':>8} {'-':>8}"

    http = report["http"] if report["http"].get("measured") else {}
    lines = [
        f"Banc d'essai du bureau de revue : {report['conversations']} conversations, "
        f"{report['events']} événements ({report['tracker_store']}, {report['tracker_size_mb']} Mo), "
        f"{report['machine']}",
        f"Reconstruction complète du modèle de lecture : {report['rebuild']['seconds']:.1f} s",
        f"Synchronisation sans nouveauté : p50 {report['sync_nothing_new']['p50_ms']:.1f} ms",
        f"Synchronisation après {report['sync_incremental']['new_conversations']} nouvelles conversations : "
        f"{report['sync_incremental']['seconds'] * 1000:.0f} ms",
        "",
        f"{'':<34} {'données (ms)':>17} {'API JSON (ms)':>17} {'page HTML (ms)':>17}",
        f"{'':<34}" + f" {'p50':>8} {'p95':>8}" * 3,
    ]
    for key, label, _ in LISTS:
        lines.append(
            f"{'liste : ' + label:<34} {cell(report['data_layer']['list'][key])} "
            f"{cell(http.get('list_api', {}).get(key))} {cell(http.get('list_page', {}).get(key))}"
        )
    lines.append(
        f"{'page conversation (' + str(report['data_layer']['conversation']['n']) + ')':<34} "
        f"{cell(report['data_layer']['conversation'])} {cell(http.get('conversation_api'))} "
        f"{cell(http.get('conversation_page'))}"
    )
    if not report["http"].get("measured"):
        lines.append(f"HTTP non mesuré : {report['http']['why']}")
    return "\n".join(lines)


def main(argv: Optional[List[str]] = None) -> int:
    parser = argparse.ArgumentParser(description="List and page load times of the review desk.")
    parser.add_argument("--conversations", type=int, default=10000)
    parser.add_argument("--repeat", type=int, default=20, help="timings per list query")
    parser.add_argument("--pages", type=int, default=50, help="conversation pages timed")
    parser.add_argument("--no-http", action="store_true", help="the data layer only")
    parser.add_argument("--out", type=Path, default=OUT)
    args = parser.parse_args(argv)
    report = run(args.conversations, args.repeat, args.pages, not args.no_http)
    print(table(report))
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(report, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    print(f"\n{args.out.relative_to(ROOT) if args.out.is_relative_to(ROOT) else args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
