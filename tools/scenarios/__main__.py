"""Play the scenarios against freshly started servers and print the results table.

.venv/bin/python -m tools.scenarios [tests/scenarios/x.yml ...] [--only ID] [-v]
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import List

from tools.scenarios.customer import play
from tools.scenarios.model import Catalogue, load
from tools.scenarios.report import summary, table
from tools.stack import ROOT, throwaway_stack

# the demo shop's order system and the orders and accounts of the scripted customers, as in
# the end-to-end run of the scenarios (tests/e2e/test_scenarios.py)
WORLD = (ROOT / "catalogue" / "demo_backoffice.yml", ROOT / "tests" / "e2e" / "backoffice_world.yml")


def main(argv: List[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("files", nargs="*", type=Path)
    parser.add_argument("--only", action="append", default=[], help="scenario id (repeatable)")
    parser.add_argument("--today", default="2026-11-20", help="the servers' date (APP_TODAY)")
    parser.add_argument("-v", "--verbose", action="store_true", help="print the failing transcripts")
    args = parser.parse_args(argv)
    scenarios = [s for s in load(args.files or None) if not args.only or s.id in args.only]
    catalogue = Catalogue.read()
    with throwaway_stack(args.today, WORLD) as config:
        results = [play(s, catalogue, config.rasa_url, config.rasa_token) for s in scenarios]
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
