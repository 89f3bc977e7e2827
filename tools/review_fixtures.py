"""Fixtures of real conversations for the trainers' review desk (issue 14).

Two steps, both through the ordinary paths of the product:

``drive``
    Starts the real servers (action server and Rasa server, as ``make run`` does, on free
    ports, with the demo shop's order system and the scripted customers' orders) or talks to
    a running Rasa server (``--rasa-url``), and plays complete complaint conversations
    through the REST webhook with the scenario runner's scripted customers
    (tests/scenarios/*.yml: resolved at once or after a refusal, handoffs on request or after
    refusals, customers who leave mid-way, plain questions...). Rasa writes every event to
    its SQL tracker store as it does for any customer: afterwards the store holds real
    conversations. A manifest (the ``.json`` next to the store) tells which sender played
    which scenario and how it ended.

``fill``
    Copies the driven conversations into a tracker store, under new sender ids, until it
    holds ``--target`` conversations (10,000 for the benchmark). Each copy replicates one real
    conversation event for event: the same event types, texts, intents, confidences,
    entities, slots, actions and bot messages, as Rasa wrote them. Nothing is invented. Only
    three things change in a copy: the sender id, each user message's ``message_id`` (made
    unique), and the timestamps, all shifted by one offset so the conversation keeps its own
    rhythm. Values inside the events stay as they were (a due date written in a slot keeps
    the driving day's date). The offsets spread the copies over the last 12 weeks with a plausible weekly
    pattern (busier on Mondays, quiet on Sundays, daytime and evening peaks), and one
    complaint category (``--rising``, delivery by default) is copied about three times as
    often in the last week, so the dashboard's weekly alert has something to show.

    .venv/bin/python -m tools.review_fixtures drive [--out var/review_fixtures/driven.db]
    .venv/bin/python -m tools.review_fixtures fill --target 10000 --tracker-url sqlite:///x.db

With ``--rasa-url`` the conversations land in that server's own tracker store: give it to
``fill`` as ``--source`` (with ``--manifest`` to copy only the driven ones).
"""

from __future__ import annotations

import argparse
import json
import random
import sys
import time
import uuid
from dataclasses import asdict, dataclass
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any, Dict, Iterator, List, Optional, Sequence
from zoneinfo import ZoneInfo

import sqlalchemy as sa

from litige.review.sync import events_table
from tools.stack import ROOT, Stack, StackConfig, build_services, local_config

DEFAULT_DIR = ROOT / "var" / "review_fixtures"
DEFAULT_SOURCE = DEFAULT_DIR / "driven.db"
# the demo shop's order system and the orders and accounts of the scripted customers
WORLD = (ROOT / "catalogue" / "demo_backoffice.yml", ROOT / "tests" / "e2e" / "backoffice_world.yml")
PARIS = ZoneInfo("Europe/Paris")
DAY = 86400.0
WEEK = 7 * DAY
# relative traffic by weekday (Monday first) and by hour of the day (Paris-like daytime)
WEEKDAY_WEIGHTS = (1.3, 1.15, 1.1, 1.05, 1.0, 0.7, 0.45)
HOUR_WEIGHTS = (0.1,) * 7 + (
    0.6,
    1.0,
    1.4,
    1.5,
    1.4,
    1.7,
    1.6,
    1.3,
    1.2,
    1.2,
    1.3,
    1.6,
    1.8,
    1.7,
    1.3,
    0.8,
    0.4,
)
SURGE = 2.0  # the rising category's extra copies in the last week, in weeks of its usual volume


# ---------------------------------------------------------------------------- the tracker store
def open_store(url: str) -> tuple:
    engine = sa.create_engine(url)
    events_table.create(engine, checkfirst=True)  # a fresh file gets the table Rasa would have made
    return engine, events_table


def senders(engine, table) -> List[str]:
    with engine.connect() as connection:
        rows = connection.execute(sa.select(table.c.sender_id).distinct())
        return [row[0] for row in rows]


def conversation(engine, table, sender: str) -> List[Dict[str, Any]]:
    """One conversation's rows, in order, with the event dict parsed."""
    query = sa.select(table).where(table.c.sender_id == sender).order_by(table.c.id)
    with engine.connect() as connection:
        return [
            {
                "type_name": row.type_name,
                "timestamp": row.timestamp,
                "intent_name": row.intent_name,
                "action_name": row.action_name,
                "data": json.loads(row.data),
            }
            for row in connection.execute(query)
        ]


def category_of(rows: Sequence[Dict[str, Any]]) -> Optional[str]:
    """The first complaint category the assistant set (the ``complaint_category`` slot)."""
    for row in rows:
        data = row["data"]
        if data.get("event") == "slot" and data.get("name") == "complaint_category" and data.get("value"):
            return str(data["value"])
    return None


# ---------------------------------------------------------------------------- drive
@dataclass
class Driven:
    sender: str
    scenario: str
    expected: str  # the scenario's own expected ending (closure, handoff, goodbye, answered)
    ended: str  # how the scripted customer saw it end
    passed: bool
    turns: int


def manifest_path(store: Path) -> Path:
    return store.with_suffix(".json")


def play_all(scenarios, rasa_url: str, token: str = "", prefix: str = "revue") -> List[Driven]:
    """Plays each scenario through the REST webhook, one new customer each."""
    from tools.scenarios.customer import Customer, RestClient
    from tools.scenarios.model import Catalogue

    catalogue = Catalogue.read()
    driven = []
    for scenario in scenarios:
        client = RestClient(rasa_url, sender=f"{prefix}-{uuid.uuid4().hex[:12]}", token=token)
        result = Customer(scenario, catalogue, client).play()
        driven.append(
            Driven(client.sender, scenario.id, scenario.outcome, result.outcome, result.passed, result.turns)
        )
        print(f"  {scenario.id:<48} {result.outcome:<10} {client.sender}", flush=True)
    return driven


def stack_for(store: Path, work: Path, today: str) -> StackConfig:
    """The action and Rasa servers on free ports, writing conversations to ``store``."""
    return local_config(
        work,
        {"APP_TODAY": today, "BACKOFFICE_DEMO_SEEDS": ",".join(str(p) for p in WORLD)},
        tracker_store_url=f"sqlite:///{store}",
    )


def drive(
    out: Path,
    only: Sequence[str] = (),
    rasa_url: Optional[str] = None,
    token: str = "",
    today: str = "2026-11-20",
) -> List[Driven]:
    """Plays the scenarios (all, or those in ``only``) and writes the manifest next to ``out``.
    Without ``rasa_url`` the servers are started here and write to the SQLite file ``out``."""
    from tools.scenarios.model import load

    scenarios = [s for s in load() if not only or s.id in only]
    out.parent.mkdir(parents=True, exist_ok=True)
    if rasa_url:
        driven = play_all(scenarios, rasa_url, token)
    else:
        work = out.parent / "stack"
        config = stack_for(out, work, today)
        stack = Stack(build_services(config))
        stack.start()
        try:
            stack.wait_ready(timeout=300)
            driven = play_all(scenarios, config.rasa_url, config.rasa_token)
        finally:
            stack.stop()
    path = manifest_path(out)
    previous = json.loads(path.read_text(encoding="utf-8")) if path.exists() else []
    path.write_text(
        json.dumps(previous + [asdict(d) for d in driven], indent=1, ensure_ascii=False), encoding="utf-8"
    )
    return driven


# ---------------------------------------------------------------------------- fill
def _pick(rng: random.Random, weights: Sequence[float]) -> int:
    return rng.choices(range(len(weights)), weights=weights)[0]


def start_time(rng: random.Random, now: float, since: float) -> float:
    """A conversation start between ``since`` and ``now``, following the weekday and hour
    patterns, Paris time."""
    today = datetime.fromtimestamp(now, PARIS).date()
    days = (today - datetime.fromtimestamp(since, PARIS).date()).days + 1
    while True:
        day = today - timedelta(days=rng.randrange(days))
        if rng.random() > WEEKDAY_WEIGHTS[day.weekday()] / max(WEEKDAY_WEIGHTS):
            continue
        hour = _pick(rng, HOUR_WEIGHTS)
        moment = datetime(day.year, day.month, day.day, hour, tzinfo=PARIS) + timedelta(
            seconds=rng.random() * 3600
        )
        if since <= moment.timestamp() <= now:
            return moment.timestamp()


def surge_start(now: float) -> float:
    """Monday 00:00, Paris time, of the week before the current one: the rising category rises
    over the last complete week and the current one, whichever the dashboard ends on."""
    today = datetime.fromtimestamp(now, PARIS).date()
    monday = today - timedelta(days=today.weekday() + 7)
    return datetime(monday.year, monday.month, monday.day, tzinfo=PARIS).timestamp()


def copy_rows(
    rows: Sequence[Dict[str, Any]], sender: str, shift: float, rng: random.Random
) -> Iterator[dict]:
    """The rows of one conversation for a new sender, every timestamp moved by ``shift``."""
    for row in rows:
        data = dict(row["data"])
        if isinstance(data.get("timestamp"), (int, float)):
            data["timestamp"] = data["timestamp"] + shift
        if data.get("event") == "user" and data.get("message_id"):
            data["message_id"] = "%032x" % rng.getrandbits(128)
        yield {
            "sender_id": sender,
            "type_name": row["type_name"],
            "timestamp": row["timestamp"] + shift if row["timestamp"] is not None else None,
            "intent_name": row["intent_name"],
            "action_name": row["action_name"],
            "data": json.dumps(data, ensure_ascii=False),
        }


def plan(
    sources: Dict[str, List[Dict[str, Any]]],
    count: int,
    rng: random.Random,
    now: float,
    weeks: int,
    rising: Optional[str],
) -> List[tuple]:
    """(start, source sender) of each copy: the sources in turn (so the mix of endings is the
    driven one), at times drawn from the weekly pattern; the rising category's surge on top."""
    names = sorted(sources)
    risers = [s for s in names if rising and category_of(sources[s]) == rising]
    since, surge_from = now - weeks * WEEK, surge_start(now)
    # the extra copies: SURGE times the rising category's usual volume over the surge's span
    share = len(risers) / len(names) * (now - surge_from) / (now - since)
    surge = round(SURGE * share * count / (1 + SURGE * share)) if risers else 0
    order = names[:]
    rng.shuffle(order)
    copies = [(start_time(rng, now, since), order[i % len(order)]) for i in range(count - surge)]
    copies += [(start_time(rng, now, surge_from), risers[i % len(risers)]) for i in range(surge)]
    return sorted(copies)


def fill(
    target: int,
    tracker_url: str,
    source_url: str = f"sqlite:///{DEFAULT_SOURCE}",
    manifest: Optional[Path] = None,
    seed: int = 14,
    weeks: int = 12,
    rising: Optional[str] = "delivery",
    now: Optional[float] = None,
    batch: int = 5000,
) -> int:
    """Adds copies of the driven conversations to ``tracker_url`` until it holds ``target``
    conversations; returns how many were added."""
    now = time.time() if now is None else now
    rng = random.Random(seed)
    source_engine, source_table = open_store(source_url)
    wanted = senders(source_engine, source_table)
    if manifest and manifest.exists():
        listed = {d["sender"] for d in json.loads(manifest.read_text(encoding="utf-8"))}
        wanted = [s for s in wanted if s in listed]
    sources = {s: conversation(source_engine, source_table, s) for s in wanted}
    sources = {s: rows for s, rows in sources.items() if rows}
    if not sources:
        raise SystemExit(f"no driven conversation in {source_url}: run `drive` first")
    engine, table = open_store(tracker_url)
    missing = target - len(senders(engine, table))
    if missing <= 0:
        return 0
    pending: List[dict] = []
    with engine.begin() as connection:
        for start, source in plan(sources, missing, rng, now, weeks, rising):
            rows = sources[source]
            first, last = rows[0]["timestamp"], rows[-1]["timestamp"]
            start = min(start, now - (last - first))  # a copy never ends after now
            sender = "%032x" % rng.getrandbits(128)
            pending.extend(copy_rows(rows, sender, start - first, rng))
            if len(pending) >= batch:
                connection.execute(table.insert(), pending)
                pending = []
        if pending:
            connection.execute(table.insert(), pending)
    return missing


# ---------------------------------------------------------------------------- command line
def main(argv: Optional[List[str]] = None) -> int:
    parser = argparse.ArgumentParser(description="Real conversations for the review desk (drive, then fill).")
    commands = parser.add_subparsers(dest="command", required=True)
    play = commands.add_parser("drive", help="play the scenarios through the real servers")
    play.add_argument("--out", type=Path, default=DEFAULT_SOURCE, help="the SQLite tracker store to write")
    play.add_argument("--only", action="append", default=[], help="scenario id (repeatable)")
    play.add_argument("--rasa-url", help="a running Rasa server (its tracker store gets the conversations)")
    play.add_argument("--rasa-token", default="", help="that server's API token")
    play.add_argument("--today", default="2026-11-20", help="the servers' date (APP_TODAY)")
    copy = commands.add_parser("fill", help="copy the driven conversations until the store holds N")
    copy.add_argument("--target", type=int, required=True)
    copy.add_argument("--tracker-url", required=True, help="the tracker store to fill (SQLAlchemy URL)")
    copy.add_argument("--source", default=f"sqlite:///{DEFAULT_SOURCE}", help="the driven conversations")
    copy.add_argument("--manifest", type=Path, help="copy only the senders it lists (default: the source's)")
    copy.add_argument("--seed", type=int, default=14)
    copy.add_argument("--weeks", type=int, default=12)
    copy.add_argument("--rising", default="delivery", help="the category that rises in the last week")
    args = parser.parse_args(argv)
    if args.command == "drive":
        driven = drive(args.out, args.only, args.rasa_url, args.rasa_token, args.today)
        print(f"{len(driven)} conversations driven into {args.out} (manifest {manifest_path(args.out)})")
        return 0
    manifest = args.manifest
    if manifest is None and args.source.startswith("sqlite:///"):
        manifest = manifest_path(Path(args.source[len("sqlite:///") :]))
    added = fill(args.target, args.tracker_url, args.source, manifest, args.seed, args.weeks, args.rising)
    print(f"{added} copies added to {args.tracker_url}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
