"""Benchmark: what the EmotionClassifier adds to each message's NLU latency.

Parses every held-out message (NLU + emotion sets) through the trained model and times
the whole parse and, separately, the EmotionClassifier's own ``process`` call. Prints
figures; asserts nothing (timings belong in benchmarks, not in tests).
Usage: make bench-emotion   (or python -m tools.bench_emotion --model models/current.tar.gz --rounds 3)
"""

from __future__ import annotations

import argparse
import asyncio
import os
import statistics
import sys
import time
from pathlib import Path
from typing import List

from tools.eval_nlu import HELDOUT, quiet_rasa_logs

ROOT = Path(__file__).resolve().parent.parent


def percentile(values: List[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(q * (len(ordered) - 1))))]


async def run(model: str, rounds: int) -> None:
    from rasa.core.agent import Agent

    from components.emotion import EmotionClassifier
    from tools.eval_emotion import EMOTION_HELDOUT, load_examples

    component_times: List[float] = []
    original = EmotionClassifier.process

    def timed(self, messages):
        start = time.perf_counter()
        result = original(self, messages)
        component_times.append(time.perf_counter() - start)
        return result

    EmotionClassifier.process = timed
    started = time.perf_counter()
    agent = Agent.load(model_path=model)
    load_seconds = time.perf_counter() - started
    texts = [text for text, _ in load_examples(EMOTION_HELDOUT)]
    texts += [text for text, _ in load_examples(HELDOUT)]
    await agent.parse_message(texts[0])  # warm-up
    component_times.clear()
    parse_times: List[float] = []
    for _ in range(rounds):
        for text in texts:
            start = time.perf_counter()
            await agent.parse_message(text)
            parse_times.append(time.perf_counter() - start)

    def ms(value: float) -> str:
        return f"{value * 1000:.2f} ms"

    print(f"model load: {load_seconds:.1f} s; {len(parse_times)} parses ({len(texts)} messages x {rounds})")
    print(
        f"whole NLU parse:        median {ms(statistics.median(parse_times))}, "
        f"p95 {ms(percentile(parse_times, 0.95))}"
    )
    print(
        f"EmotionClassifier only: median {ms(statistics.median(component_times))}, "
        f"p95 {ms(percentile(component_times, 0.95))} "
        f"({statistics.mean(component_times) / statistics.mean(parse_times):.1%} of the mean parse)"
    )


def main(argv: List[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--model", default=str(ROOT / "models" / "current.tar.gz"))
    parser.add_argument("--rounds", type=int, default=3)
    args = parser.parse_args(argv)
    os.environ.setdefault("RASA_TELEMETRY_ENABLED", "false")
    quiet_rasa_logs()
    asyncio.run(run(args.model, args.rounds))
    return 0


if __name__ == "__main__":
    sys.exit(main())
