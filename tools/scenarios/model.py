"""Scenarios of whole conversations (tests/scenarios/*.yml) and the catalogue facts the
checks need, read straight from the YAML files (the runner is a client: it imports none of
the bot's packages)."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Dict, List, Optional

import yaml

ROOT = Path(__file__).resolve().parents[2]
SCENARIO_DIR = ROOT / "tests" / "scenarios"
SLOTS = (
    "complaint_details",
    "order_id",
    "expected_outcome",
    "customer_phone",
    "customer_address",
    "visit_availability",
    "customer_email",
)
OUTCOMES = ("closure", "handoff", "answered", "goodbye")
KINDS = ("consent", "refusal", "conditional", "counter", "question")


@dataclass
class Line:
    """One thing the customer says, with what the bot's answer must show."""

    say: str
    question: bool = False
    expect: Optional[str] = None
    kind: Optional[str] = None
    end: bool = False
    when_asked: Optional[str] = None


@dataclass
class Scenario:
    id: str
    opening: str
    outcome: str
    sector: str = ""
    behaviours: List[str] = field(default_factory=list)
    gives: List[str] = field(default_factory=list)
    knows: Dict[str, str] = field(default_factory=dict)
    form: List[Line] = field(default_factory=list)
    recap: List[str] = field(default_factory=lambda: ["oui"])
    proposal: List[Line] = field(default_factory=list)
    after: List[Line] = field(default_factory=list)
    wants: Optional[str] = None
    hazard: bool = False
    rating: str = "5"
    source: str = ""


class ScenarioError(ValueError):
    pass


def _line(raw, where: str) -> Line:
    if isinstance(raw, str):
        return Line(say=raw)
    if not isinstance(raw, dict) or not isinstance(raw.get("say"), str) or not raw["say"].strip():
        raise ScenarioError(f"{where}: every line needs a non-empty `say`")
    kind = raw.get("kind")
    if kind is not None and kind not in KINDS:
        raise ScenarioError(f"{where}: kind {kind!r} is not one of {', '.join(KINDS)}")
    when = raw.get("when_asked")
    if when is not None and when not in SLOTS:
        raise ScenarioError(f"{where}: when_asked {when!r} is not one of {', '.join(SLOTS)}")
    return Line(
        say=raw["say"],
        question=bool(raw.get("question")) or kind == "question",
        expect=raw.get("expect"),
        kind=kind,
        end=bool(raw.get("end")),
        when_asked=when,
    )


def parse(raw: Dict, source: str = "") -> Scenario:
    sid = raw.get("id") or "?"
    where = f"{source}: {sid}"
    if not raw.get("id") or not isinstance(raw.get("opening"), str):
        raise ScenarioError(f"{where}: a scenario needs an id and an opening")
    if raw.get("outcome") not in OUTCOMES:
        raise ScenarioError(f"{where}: outcome must be one of {', '.join(OUTCOMES)}")
    unknown = [s for s in list(raw.get("gives") or []) + list(raw.get("knows") or {}) if s not in SLOTS]
    if unknown:
        raise ScenarioError(f"{where}: unknown slot(s) {', '.join(map(str, unknown))}")
    recap = raw.get("recap") or ["oui"]
    return Scenario(
        id=raw["id"],
        opening=raw["opening"],
        outcome=raw["outcome"],
        sector=raw.get("sector") or "",
        behaviours=list(raw.get("behaviours") or []),
        gives=list(raw.get("gives") or []),
        knows={k: str(v) for k, v in (raw.get("knows") or {}).items()},
        form=[_line(x, f"{where} form") for x in raw.get("form") or []],
        recap=[recap] if isinstance(recap, str) else [str(x) for x in recap],
        proposal=[_line(x, f"{where} proposal") for x in raw.get("proposal") or []],
        after=[_line(x, f"{where} after") for x in raw.get("after") or []],
        wants=raw.get("wants"),
        hazard=bool(raw.get("hazard")),
        rating=str(raw.get("rating") or "5"),
        source=source,
    )


def load(paths: Optional[List[Path]] = None) -> List[Scenario]:
    files = paths or sorted(SCENARIO_DIR.glob("*.yml"))
    scenarios: List[Scenario] = []
    for path in files:
        data = yaml.safe_load(Path(path).read_text(encoding="utf-8")) or {}
        scenarios += [parse(raw, Path(path).name) for raw in data.get("scenarios") or []]
    ids = [s.id for s in scenarios]
    doubles = sorted({i for i in ids if ids.count(i) > 1})
    if doubles:
        raise ScenarioError(f"duplicate scenario ids: {', '.join(doubles)}")
    return scenarios


@dataclass
class RemedyFacts:
    id: str
    category: str
    appointment: bool
    hazard_safe: bool


@dataclass
class Catalogue:
    remedies: Dict[str, RemedyFacts]
    needs: Dict[str, List[str]]  # category -> the form's slots it cannot do without

    @classmethod
    def read(cls, path: Path = ROOT / "catalogue" / "remedies.yml") -> Catalogue:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        remedies: Dict[str, RemedyFacts] = {}
        needs: Dict[str, List[str]] = {}
        for name, category in data["categories"].items():
            needs[name] = ["complaint_details", "expected_outcome"]
            if category.get("needs_order_id"):
                needs[name].append("order_id")
            if category.get("contact", "email") == "email":
                needs[name].append("customer_email")
            for remedy in category["remedies"]:
                remedies[remedy["id"]] = RemedyFacts(
                    id=remedy["id"],
                    category=name,
                    appointment=bool(remedy.get("appointment")),
                    hazard_safe=remedy.get("if_hazard", True) is not False,
                )
        return cls(remedies=remedies, needs=needs)
