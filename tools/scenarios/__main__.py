"""Play the scenarios against freshly started servers and print the results table.

.venv/bin/python -m tools.scenarios [tests/scenarios/x.yml ...] [--only ID] [-v]
"""

from __future__ import annotations

import argparse
import socket
import sys
import tempfile
from pathlib import Path
from typing import List

from tools.scenarios.customer import play
from tools.scenarios.model import Catalogue, load
from tools.scenarios.report import summary, table
from tools.stack import Stack, StackConfig, build_services


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def main(argv: List[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("files", nargs="*", type=Path)
    parser.add_argument("--only", action="append", default=[], help="scenario id (repeatable)")
    parser.add_argument("--today", default="2026-11-20", help="the servers' date (APP_TODAY)")
    parser.add_argument("-v", "--verbose", action="store_true", help="print the failing transcripts")
    args = parser.parse_args(argv)
    scenarios = [s for s in load(args.files or None) if not args.only or s.id in args.only]
    catalogue = Catalogue.read()
    with tempfile.TemporaryDirectory() as work:
        config = StackConfig(
            python=sys.executable,
            rasa_port=free_port(),
            action_port=free_port(),
            log_dir=Path(work) / "logs",
            tracker_store_url=f"sqlite:///{Path(work) / 'tracker.db'}",
            ticket_db_url=f"sqlite:///{Path(work) / 'tickets.db'}",
            with_scheduler=False,
            web_port=None,
            extra_env={"APP_TODAY": args.today, "TICKET_SPOOL_PATH": str(Path(work) / "spool.jsonl")},
        )
        stack = Stack(build_services(config))
        stack.start()
        try:
            stack.wait_ready(timeout=300)
            results = [play(s, catalogue, config.rasa_url) for s in scenarios]
        finally:
            stack.stop()
    if args.verbose:
        for r in results:
            if not r.passed:
                print(
                    f"## {r.scenario.id}\n" + "\n".join(r.problems) + "\n\n" + "\n".join(r.transcript) + "\n"
                )
    print(table(results))
    print()
    print(summary(results))
    return 0 if all(r.passed for r in results) else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
