"""The signal detectors (``litige.signals``: insult, threat and its kind, request for a
person, hazard) on the sets written blind for them: ``tests/eval/signals_dev.yml`` (used to
mend the lexicon, so no longer blind) and ``tests/eval/signals_blind.yml`` (never tuned on).
No model is needed: the signals are read from the text alone, as in the NLU pipeline.

    .venv/bin/python -m tools.eval_signals [-v]
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any, Dict, List

import yaml

from litige import signals
from tools.eval_independent import precision_recall

ROOT = Path(__file__).resolve().parent.parent
SETS = {
    "development (mended on)": ROOT / "tests" / "eval" / "signals_dev.yml",
    "blind (never tuned on)": ROOT / "tests" / "eval" / "signals_blind.yml",
}
NAMES = ("insult", "threat", "request_human", "hazard")


def found(text: str) -> Dict[str, Any]:
    detected = signals.detect(text).as_dict()
    # a person asked for now or by a call back (the set's request_human means either)
    detected["request_human"] = bool(detected.get("request_human") or detected.get("callback"))
    return detected


def evaluate_set(path: Path) -> Dict[str, Any]:
    messages = yaml.safe_load(path.read_text(encoding="utf-8"))["messages"]
    detections = [found(m["text"]) for m in messages]
    figures: Dict[str, Any] = {"messages": len(messages), "errors": []}
    for name in NAMES:
        gold = [bool(m["signals"].get(name)) for m in messages]
        predicted = [bool(d.get(name)) for d in detections]
        figures[name] = precision_recall(gold, predicted)
        figures["errors"] += [
            {"signal": name, "expected": bool(g), "text": m["text"]}
            for m, g, p in zip(messages, gold, predicted, strict=True)
            if g != p
        ]
    both = [(m["signals"]["threat"], d["threat"]) for m, d in zip(messages, detections, strict=True)]
    both = [(g, p) for g, p in both if g and p]
    figures["threat"]["kind_accuracy"] = sum(g == p for g, p in both) / len(both) if both else 1.0
    return figures


def format_set(title: str, figures: Dict[str, Any]) -> List[str]:
    lines = [f"Signals, {title} ({figures['messages']} messages)"]
    lines.append(f"  {'signal':<16}{'precision':>10}{'recall':>10}{'support':>9}{'false+':>8}")
    for name in NAMES:
        row = figures[name]
        lines.append(
            f"  {name:<16}{row['precision']:>10.3f}{row['recall']:>10.3f}"
            f"{row['support']:>9d}{row['false_positives']:>8d}"
        )
    lines.append(f"  threat kind right when a threat is found: {figures['threat']['kind_accuracy']:.0%}")
    return lines


def evaluate_all() -> Dict[str, Dict[str, Any]]:
    return {title: evaluate_set(path) for title, path in SETS.items()}


def main(argv: List[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("-v", "--verbose", action="store_true", help="list the misses and false alarms")
    args = parser.parse_args(argv)
    for title, figures in evaluate_all().items():
        print("\n".join(format_set(title, figures)))
        if args.verbose:
            for error in figures["errors"]:
                kind = "missed" if error["expected"] else "false alarm"
                print(f"    {error['signal']:<14} {kind:<12} {error['text'][:150]}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
