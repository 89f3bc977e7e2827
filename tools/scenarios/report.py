"""The scenario results as a Markdown table and a one-line summary."""

from __future__ import annotations

from typing import List

from tools.scenarios.customer import STEPS, Result


def table(results: List[Result]) -> str:
    rows = [
        "| Scenario | Expected | Outcome | Steps followed | Turns | Result |",
        "| --- | --- | --- | --- | --- | --- |",
    ]
    for r in results:
        followed = sum(step in r.steps for step in STEPS)
        verdict = "pass" if r.passed else "FAIL: " + "; ".join(r.problems)[:160].replace("|", "/")
        rows.append(
            f"| {r.scenario.id} | {r.scenario.outcome} | {r.outcome} | {followed}/4 | {r.turns} | {verdict} |"
        )
    return "\n".join(rows)


def summary(results: List[Result]) -> str:
    if not results:
        return "no scenario played"
    passed = sum(r.passed for r in results)
    by_outcome = {}
    for r in results:
        by_outcome[r.outcome] = by_outcome.get(r.outcome, 0) + 1
    complaints = [r for r in results if r.scenario.outcome not in ("answered",)]
    steps = sum(sum(s in r.steps for s in STEPS) for r in complaints) / max(len(complaints), 1)
    turns = sum(r.turns for r in results) / len(results)
    outcomes = ", ".join(f"{k} {v}" for k, v in sorted(by_outcome.items()))
    return (
        f"{passed}/{len(results)} scenarios pass; outcomes: {outcomes}; "
        f"steps followed per complaint: {steps:.1f}/4; turns per conversation: {turns:.1f}"
    )
