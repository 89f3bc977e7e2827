"""What each process of the stack needs: its time to be ready, its memory (RSS) at rest, after
a conversation load and at its peak, and the CPU seconds it spent on that load. The figures
size the Kubernetes requests and limits (docs/deploy/kubernetes.md).

    .venv/bin/python -m tools.measure_footprint                     # SQLite, one Rasa instance
    .venv/bin/python -m tools.measure_footprint --turns 40 --parallel 4 \\
        --database-url postgresql://litige:litige@127.0.0.1:5432/litige_footprint \\
        --redis-url redis://127.0.0.1:6390/0                        # the production stores

The stack is tools/stack.py's (the same command lines as ``make run``), on free ports, its
state in a temporary directory; the load replays the conversations of docs/transcripts.yml
through the REST webhook, each under its own sender, until ``--turns`` messages were sent.
Memory is read from /proc (each service's whole process group), so Linux only.
"""

from __future__ import annotations

import argparse
import os
import secrets
import sys
import tempfile
import threading
import time
import uuid
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, Dict, Iterable, List, Optional, Sequence, Tuple

import requests
import yaml

from tools.stack import ROOT, Service, Stack, StackConfig, build_services, free_port

TRANSCRIPTS = ROOT / "docs" / "transcripts.yml"
MIB = 1024 * 1024
PROC = Path("/proc")


# --- /proc -------------------------------------------------------------------------------


def _stat_fields(pid: int, proc: Path = PROC) -> List[str]:
    """/proc/<pid>/stat after the command name (which may hold spaces and parentheses)."""
    text = (proc / str(pid) / "stat").read_text()
    return text[text.rindex(")") + 2 :].split()


def group_members(pgid: int, proc: Path = PROC) -> List[int]:
    """The live processes of process group ``pgid`` (a service and every child it started)."""
    members = []
    for entry in proc.iterdir():
        if not entry.name.isdigit():
            continue
        try:
            fields = _stat_fields(int(entry.name), proc)
        except (OSError, ValueError):  # gone meanwhile
            continue
        if int(fields[2]) == pgid:  # field 5 of stat: the process group
            members.append(int(entry.name))
    return sorted(members)


def status_kib(pid: int, key: str, proc: Path = PROC) -> int:
    """A ``kB`` line of /proc/<pid>/status (VmRSS, VmHWM), 0 when the process is gone."""
    try:
        for line in (proc / str(pid) / "status").read_text().splitlines():
            if line.startswith(f"{key}:"):
                return int(line.split()[1])
    except (OSError, ValueError):
        pass
    return 0


def cpu_seconds(pid: int, proc: Path = PROC) -> float:
    """User and system CPU time the process has used so far, 0 when it is gone."""
    try:
        fields = _stat_fields(pid, proc)
    except (OSError, ValueError):
        return 0.0
    ticks = int(fields[11]) + int(fields[12])  # utime, stime: fields 14 and 15 of stat
    return ticks / os.sysconf("SC_CLK_TCK")


@dataclass(frozen=True)
class Usage:
    rss: int  # bytes, now
    peak: int  # bytes, the highest RSS each process reached (VmHWM), summed
    cpu: float  # seconds since the processes started

    @classmethod
    def of_group(cls, pgid: int, proc: Path = PROC) -> Usage:
        members = group_members(pgid, proc)
        return cls(
            rss=sum(status_kib(pid, "VmRSS", proc) for pid in members) * 1024,
            peak=sum(status_kib(pid, "VmHWM", proc) for pid in members) * 1024,
            cpu=sum(cpu_seconds(pid, proc) for pid in members),
        )


# --- readiness and load --------------------------------------------------------------------


def wait_each_ready(
    services: Sequence[Service],
    timeout: float,
    clock: Callable[[], float] = time.monotonic,
    pause: float = 0.2,
) -> Dict[str, Optional[float]]:
    """Seconds from now until each service first answers its health URL (None: it has none,
    ready as soon as it runs). Raises when one dies or when ``timeout`` passes."""
    start = clock()
    ready: Dict[str, Optional[float]] = {s.name: None for s in services if s.health_url is None}
    while len(ready) < len(services):
        for service in services:
            if service.process is not None and service.process.poll() is not None:
                raise RuntimeError(f"{service.name} exited:\n{service.log_tail()}")
            if service.name not in ready and service.is_healthy():
                ready[service.name] = clock() - start
        if len(ready) < len(services):
            if clock() - start > timeout:
                late = ", ".join(s.name for s in services if s.name not in ready)
                raise TimeoutError(f"not ready after {timeout:.0f}s: {late}")
            time.sleep(pause)
    return ready


def load_conversations(path: Path = TRANSCRIPTS) -> List[List[str]]:
    data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    return [list(item["messages"]) for item in data.get("conversations", []) if item.get("messages")]


def plan_turns(conversations: Sequence[Sequence[str]], turns: int) -> List[Tuple[str, List[str]]]:
    """Conversations to play, each under a new sender, cycling through ``conversations`` and
    cutting the last one short so that exactly ``turns`` messages are sent."""
    if turns < 0:
        raise ValueError("turns must be >= 0")
    if turns and not any(conversations):
        raise ValueError("no message to send")
    plan: List[Tuple[str, List[str]]] = []
    left, index = turns, 0
    while left > 0:
        messages = list(conversations[index % len(conversations)])[:left]
        index += 1
        if messages:
            plan.append((f"footprint-{uuid.uuid4().hex[:10]}", messages))
            left -= len(messages)
    return plan


@dataclass
class LoadResult:
    latencies: List[float] = field(default_factory=list)  # seconds per answered message
    failures: int = 0  # answers other than 200, or no answer
    duration: float = 0.0


def drive(webhook: str, plan: Sequence[Tuple[str, List[str]]], parallel: int = 1) -> LoadResult:
    """Play ``plan`` through the REST webhook: conversations side by side (``parallel`` at a
    time), the messages of one conversation one after the other, as a customer types."""
    result, lock = LoadResult(), threading.Lock()

    def play(sender: str, messages: List[str]) -> None:
        with requests.Session() as session:
            for text in messages:
                began = time.monotonic()
                try:
                    answer = session.post(webhook, json={"sender": sender, "message": text}, timeout=120)
                    ok = answer.status_code == 200
                except requests.RequestException:
                    ok = False
                with lock:
                    if ok:
                        result.latencies.append(time.monotonic() - began)
                    else:
                        result.failures += 1

    began = time.monotonic()
    with ThreadPoolExecutor(max_workers=max(1, parallel)) as pool:
        for future in [pool.submit(play, sender, messages) for sender, messages in plan]:
            future.result()
    result.duration = time.monotonic() - began
    return result


def percentile(values: Iterable[float], q: float) -> float:
    """The ``q``-th percentile (0-100), nearest rank; 0 for no value."""
    ordered = sorted(values)
    if not ordered:
        return 0.0
    rank = max(1, -(-len(ordered) * q // 100))  # ceil without floats
    return ordered[int(min(rank, len(ordered))) - 1]


# --- the table -----------------------------------------------------------------------------


@dataclass(frozen=True)
class Row:
    service: str
    ready: Optional[float]  # seconds, None: no health URL
    rest: Usage
    loaded: Usage


def format_table(rows: Sequence[Row]) -> str:
    """A Markdown table: memory in MiB; CPU in seconds, from the start to the reading at rest
    (loading included) and between that reading and the one after the load."""
    lines = [
        "| Service | Ready after (s) | CPU to start (s) | RSS at rest (MiB) | RSS after load (MiB) "
        "| Peak RSS (MiB) | CPU during load (s) |",
        "|---|---:|---:|---:|---:|---:|---:|",
    ]
    for row in rows:
        ready = "-" if row.ready is None else f"{row.ready:.1f}"
        lines.append(
            f"| {row.service} | {ready} | {row.rest.cpu:.1f} | {row.rest.rss / MIB:.0f} "
            f"| {row.loaded.rss / MIB:.0f} "
            f"| {row.loaded.peak / MIB:.0f} | {max(0.0, row.loaded.cpu - row.rest.cpu):.1f} |"
        )
    return "\n".join(lines)


def format_load(result: LoadResult, conversations: int, parallel: int) -> str:
    answered = len(result.latencies)
    return (
        f"{answered + result.failures} turns in {conversations} conversations, {parallel} at a time, "
        f"in {result.duration:.1f} s: {result.failures} failed; latency median "
        f"{percentile(result.latencies, 50):.2f} s, p95 {percentile(result.latencies, 95):.2f} s"
    )


# --- the run -------------------------------------------------------------------------------


def footprint_config(work: Path, database_url: Optional[str], redis_url: Optional[str]) -> StackConfig:
    """The stack of ``make run`` without the demo page, on free ports, its state in ``work``."""
    return StackConfig(
        python=sys.executable,
        rasa_port=free_port(),
        action_port=free_port(),
        log_dir=work / "logs",
        tracker_store_url=database_url or f"sqlite:///{work / 'tracker.db'}",
        ticket_db_url=database_url or f"sqlite:///{work / 'tickets.db'}",
        with_scheduler=True,
        web_port=None,
        console_port=free_port(),
        extra_env={
            "VAR_DIR": str(work),
            "APP_TODAY": "2026-11-20",  # the date docs/transcripts.yml is written for
            "TICKET_SPOOL_PATH": str(work / "ticket_spool.jsonl"),
            "BACKOFFICE_DEMO_DB": str(work / "backoffice.db"),
            "MAIL_OUTBOX_DIR": str(work / "outbox"),
            "REST_RATE_LIMIT": "off",  # scripted customers type faster than people
            "REDIS_URL": redis_url or "",  # never the caller's REDIS_URL by accident
            # the secrets shared by Rasa and the action server, and by the Rasa instances
            "ACTION_SERVER_TOKEN": secrets.token_urlsafe(32),
            "WIDGET_SESSION_SECRET": secrets.token_urlsafe(32),
        },
    )


def measure(args: argparse.Namespace) -> int:
    plan = plan_turns(load_conversations(args.transcripts), args.turns)
    with tempfile.TemporaryDirectory(prefix="footprint-") as work:
        config = footprint_config(Path(work), args.database_url, args.redis_url)
        stack = Stack(build_services(config))
        stack.start()
        try:
            ready = wait_each_ready(stack.services, args.timeout)
            time.sleep(args.settle)
            rest = {s.name: Usage.of_group(s.process.pid) for s in stack.services}
            result = drive(f"{config.rasa_url}/webhooks/rest/webhook", plan, args.parallel)
            time.sleep(args.settle)
            loaded = {s.name: Usage.of_group(s.process.pid) for s in stack.services}
        finally:
            stack.stop()
    rows = [Row(name, ready[name], rest[name], loaded[name]) for name in rest]
    stores = "PostgreSQL" if args.database_url else "SQLite"
    print(f"Stores: {stores}, {'Redis lock store' if args.redis_url else 'in-memory lock store'}")
    print(format_load(result, len(plan), args.parallel))
    print(format_table(rows))
    return 1 if result.failures else 0


def main(argv: Optional[List[str]] = None) -> int:
    parser = argparse.ArgumentParser(description="Measure each service's readiness time, memory and CPU.")
    parser.add_argument("--turns", type=int, default=40, help="customer messages to send (40)")
    parser.add_argument("--parallel", type=int, default=4, help="conversations at a time (4)")
    parser.add_argument("--database-url", help="PostgreSQL for tracker and tickets (default: SQLite)")
    parser.add_argument("--redis-url", help="Redis for the lock store and pushes (default: none)")
    parser.add_argument("--settle", type=float, default=5.0, help="seconds before each reading (5)")
    parser.add_argument("--timeout", type=float, default=300.0, help="readiness timeout (300 s)")
    parser.add_argument("--transcripts", type=Path, default=TRANSCRIPTS, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if not (ROOT / "models" / "current.tar.gz").exists():
        print("no model at models/current.tar.gz: run `make train` first", file=sys.stderr)
        return 2
    return measure(args)


if __name__ == "__main__":
    sys.exit(main())
