"""tools/measure_footprint.py: /proc readings of real processes, readiness of real services,
the load driven against a real HTTP server, the plan and the table."""

from __future__ import annotations

import json
import subprocess
import sys
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Dict, Iterator, List

import pytest

from tools.measure_footprint import (
    MIB,
    LoadResult,
    Row,
    Usage,
    _stat_fields,
    cpu_seconds,
    drive,
    format_load,
    format_table,
    group_members,
    load_conversations,
    percentile,
    plan_turns,
    status_kib,
    wait_each_ready,
)
from tools.stack import Service, free_port

# a parent that starts a child in its own process group, each holding 40 MiB, touched
HOLDER = r"""
import subprocess, sys, time
block = bytearray(40 * 1024 * 1024)
for i in range(0, len(block), 4096):
    block[i] = 1
if sys.argv[1] == "parent":
    child = subprocess.Popen([sys.executable, "-c", sys.argv[2], "child", ""], stdout=sys.stdout)
    time.sleep(0.2)
print("ready", flush=True)
time.sleep(60)
"""


@pytest.fixture
def holder() -> Iterator[subprocess.Popen]:
    process = subprocess.Popen(
        [sys.executable, "-c", HOLDER, "parent", HOLDER],
        stdout=subprocess.PIPE,
        text=True,
        start_new_session=True,
    )
    try:
        lines = [process.stdout.readline() for _ in range(2)]  # the child's and the parent's
        assert lines == ["ready\n", "ready\n"]
        yield process
    finally:
        import os
        import signal

        os.killpg(process.pid, signal.SIGKILL)
        process.wait()


def test_a_group_is_the_service_and_its_children_with_their_memory(holder):
    members = group_members(holder.pid)
    assert holder.pid in members
    assert len(members) == 2  # the parent and the child it started
    usage = Usage.of_group(holder.pid)
    assert usage.rss >= 2 * 40 * MIB  # each holds 40 MiB, touched
    assert usage.peak >= usage.rss


def test_a_group_that_ended_weighs_nothing(holder):
    import os
    import signal

    os.killpg(holder.pid, signal.SIGKILL)
    holder.wait()
    assert holder.pid not in group_members(holder.pid)
    assert status_kib(holder.pid, "VmRSS") == 0
    assert cpu_seconds(holder.pid) == 0.0


def test_cpu_seconds_counts_the_time_a_process_computed():
    burner = subprocess.Popen(
        [
            sys.executable,
            "-c",
            "import time\nwhile time.process_time() < 0.4: pass\nprint('done', flush=True)\ntime.sleep(30)",
        ],
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert burner.stdout.readline() == "done\n"
        assert cpu_seconds(burner.pid) >= 0.35
    finally:
        burner.kill()
        burner.wait()


def _fake_proc(root: Path, pid: int, comm: str, pgrp: int, rss_kib: int) -> None:
    directory = root / str(pid)
    directory.mkdir()
    # pid (comm) state ppid pgrp session ... utime(14) stime(15)
    fields = ["S", "1", str(pgrp), str(pgrp)] + ["0"] * 9 + ["250", "150"] + ["0"] * 5
    (directory / "stat").write_text(f"{pid} ({comm}) {' '.join(fields)}\n")
    (directory / "status").write_text(f"Name:\t{comm}\nVmHWM:\t{rss_kib * 2} kB\nVmRSS:\t{rss_kib} kB\n")


def test_a_command_name_with_spaces_and_parentheses_does_not_shift_the_fields(tmp_path):
    _fake_proc(tmp_path, 41, "rasa (run) x", 41, 1000)
    _fake_proc(tmp_path, 42, "worker", 41, 500)
    _fake_proc(tmp_path, 43, "other", 7, 9000)
    (tmp_path / "self").mkdir()  # not a pid
    assert _stat_fields(41, tmp_path)[0] == "S"
    assert group_members(41, tmp_path) == [41, 42]
    usage = Usage.of_group(41, tmp_path)
    assert usage.rss == 1500 * 1024
    assert usage.peak == 3000 * 1024


class _Recorder(BaseHTTPRequestHandler):
    received: Dict[str, List[str]] = {}

    def do_POST(self):  # noqa: N802
        body = json.loads(self.rfile.read(int(self.headers["Content-Length"])))
        self.received.setdefault(body["sender"], []).append(body["message"])
        status = 500 if body["message"] == "casse" else 200
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.end_headers()
        self.wfile.write(b"[]")

    def do_GET(self):  # noqa: N802
        self.send_response(200)
        self.end_headers()

    def log_message(self, *args):
        pass


@pytest.fixture
def recorder() -> Iterator[str]:
    _Recorder.received = {}
    server = ThreadingHTTPServer(("127.0.0.1", free_port()), _Recorder)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()


def test_drive_sends_each_conversation_in_order_and_counts_failures(recorder):
    plan = [("a", ["un", "deux", "trois"]), ("b", ["quatre", "casse", "cinq"]), ("c", ["six"])]
    result = drive(f"{recorder}/webhooks/rest/webhook", plan, parallel=3)
    assert _Recorder.received == {
        "a": ["un", "deux", "trois"],
        "b": ["quatre", "casse", "cinq"],
        "c": ["six"],
    }
    assert result.failures == 1
    assert len(result.latencies) == 6


def test_drive_counts_a_server_that_does_not_answer_as_failures():
    result = drive(f"http://127.0.0.1:{free_port()}/webhooks/rest/webhook", [("a", ["un", "deux"])])
    assert result.failures == 2
    assert result.latencies == []


def _service(name: str, command: List[str], health_url, tmp_path: Path) -> Service:
    return Service(name=name, command=command, health_url=health_url, log_path=tmp_path / f"{name}.log")


def test_wait_each_ready_times_each_service(recorder, tmp_path):
    sleeper = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(30)"])
    try:
        answering = _service("web", [], f"{recorder}/health", tmp_path)
        silent = _service("worker", [], None, tmp_path)
        silent.process = sleeper
        ready = wait_each_ready([answering, silent], timeout=10)
        assert ready["worker"] is None
        assert ready["web"] is not None and ready["web"] >= 0
    finally:
        sleeper.kill()
        sleeper.wait()


def test_wait_each_ready_gives_up_on_a_service_that_never_answers(tmp_path):
    never = _service("never", [], f"http://127.0.0.1:{free_port()}/health", tmp_path)
    with pytest.raises(TimeoutError, match="never"):
        wait_each_ready([never], timeout=0.5)


def test_wait_each_ready_reports_a_service_that_died_with_its_log(tmp_path):
    dead = _service("crashing", [], f"http://127.0.0.1:{free_port()}/health", tmp_path)
    dead.log_path.write_text("ImportError: boom\n")
    dead.process = subprocess.Popen([sys.executable, "-c", "raise SystemExit(3)"])
    dead.process.wait()
    with pytest.raises(RuntimeError, match="boom"):
        wait_each_ready([dead], timeout=10)


def test_plan_sends_exactly_the_turns_asked_cycling_through_the_conversations():
    plan = plan_turns([["a1", "a2", "a3"], ["b1", "b2"]], 8)
    assert [messages for _, messages in plan] == [["a1", "a2", "a3"], ["b1", "b2"], ["a1", "a2", "a3"]]
    plan = plan_turns([["a1", "a2", "a3"], ["b1", "b2"]], 4)
    assert [messages for _, messages in plan] == [["a1", "a2", "a3"], ["b1"]]
    senders = [sender for sender, _ in plan_turns([["x"]], 5)]
    assert len(set(senders)) == 5  # each conversation its own customer
    assert plan_turns([["x"]], 0) == []


def test_plan_refuses_what_cannot_be_played():
    with pytest.raises(ValueError):
        plan_turns([["x"]], -1)
    with pytest.raises(ValueError):
        plan_turns([[], []], 3)


def test_the_transcripts_of_the_docs_can_be_replayed(tmp_path):
    conversations = load_conversations()
    assert len(conversations) >= 3 and all(conversations)
    path = tmp_path / "t.yml"
    path.write_text("conversations:\n  - title: x\n    messages: [bonjour, merci]\n  - title: vide\n")
    assert load_conversations(path) == [["bonjour", "merci"]]


def test_percentile_nearest_rank():
    values = [float(n) for n in range(10, 0, -1)]  # 10 .. 1, unsorted
    assert percentile(values, 50) == 5.0
    assert percentile(values, 95) == 10.0
    assert percentile(values, 10) == 1.0
    assert percentile([], 50) == 0.0


def test_the_table_shows_mebibytes_and_the_cpu_of_the_load():
    rows = [
        Row("rasa server", 20.3, Usage(1600 * MIB, 1650 * MIB, 30.0), Usage(1630 * MIB, 1660 * MIB, 35.5)),
        Row("follow-up scheduler", None, Usage(60 * MIB, 61 * MIB, 1.0), Usage(60 * MIB, 61 * MIB, 1.0)),
    ]
    lines = format_table(rows).splitlines()
    assert lines[2].split("|")[1:-1] == [
        " rasa server ",
        " 20.3 ",
        " 30.0 ",
        " 1600 ",
        " 1630 ",
        " 1660 ",
        " 5.5 ",
    ]
    assert lines[3].split("|")[2] == " - "
    summary = format_load(LoadResult(latencies=[0.5, 1.0, 2.0], failures=1, duration=4.0), 2, 4)
    assert summary.startswith("4 turns in 2 conversations, 4 at a time")
    assert "1 failed" in summary and "median 1.00 s" in summary
