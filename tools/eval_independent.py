"""Evaluation on the independent set (``tests/eval/independent.yml``), written blind from
the README's definitions by someone who never read the training data.

Every message goes through the trained model's whole NLU pipeline (``Agent.parse_message``):
the intent, the emotion, the signals (``parse_data["signals"]``) and the facts
(``parse_data["facts"]``) are compared with the annotations. Called by ``tools.eval_nlu``,
which prints the project's own held-out set and this one side by side.

Figures:
* intents: per-class precision/recall/F1 and macro-F1 of the classifier (as Rasa's own
  evaluation computes it, the fallback undone), and the same "as answered", where a message
  sent to the generic fallback counts as an error; confusion pairs; the fallback rate on
  complaint openings;
* emotions: per-class figures and macro-F1;
* signals: precision and recall of insult, threat (any kind; and the kind when found),
  request for a person (now or by a call back: either signal counts) and hazard; the
  negated or other-sense threats counted;
* facts: exact extraction rate of every occurrence (amounts, phones, order and ticket
  references, e-mails) and of the per-message facts (attempts, elapsed, since, availability),
  with the number of spurious extractions.
"""

from __future__ import annotations

from collections import Counter
from pathlib import Path
from typing import Any, Dict, Iterable, List, Optional, Tuple

import yaml

from litige.categories import INTENT_CATEGORY

ROOT = Path(__file__).resolve().parent.parent
INDEPENDENT = ROOT / "tests" / "eval" / "independent.yml"
# a second annotator's blind reading of the same messages: how far a person agrees with the set
SECOND_READER = ROOT / "tests" / "eval" / "independent_second_reader.json"

COMPLAINTS = tuple(INTENT_CATEGORY)
EMOTIONS = ("anger", "frustration", "anxiety", "disappointment", "neutral", "satisfaction")
BOOLEAN_SIGNALS = ("insult", "request_human", "hazard")
LIST_FACTS = ("amounts", "phones", "order_ids", "ticket_ids", "emails")
SINGLE_FACTS = ("attempts", "elapsed", "since", "availability")
FALLBACK = "nlu_fallback"
# the signals with a precision/recall floor (the hazard's recall is reported, not gated yet)
GATED_SIGNALS = ("insult", "threat", "request_human")


def load_set(path: Path = INDEPENDENT) -> List[Dict[str, Any]]:
    return yaml.safe_load(path.read_text(encoding="utf-8"))["messages"]


def classification(gold: List[str], predicted: List[str], labels: Iterable[str]) -> Dict[str, Any]:
    from sklearn.metrics import classification_report

    labels = [label for label in labels if label in set(gold)]
    report = classification_report(gold, predicted, labels=labels, output_dict=True, zero_division=0)
    pairs = Counter((g, p) for g, p in zip(gold, predicted, strict=True) if g != p)
    return {
        "per_class": {label: report[label] for label in labels},
        "macro_f1": report["macro avg"]["f1-score"],
        "accuracy": sum(g == p for g, p in zip(gold, predicted, strict=True)) / len(gold),
        "confusion_pairs": [(g, p, n) for (g, p), n in pairs.most_common()],
    }


def second_reader(messages: List[Dict[str, Any]], path: Path = SECOND_READER) -> Dict[str, Any]:
    """The second reader's intent and emotion figures against the set's labels."""
    import json

    labels = json.loads(path.read_text(encoding="utf-8"))["labels"]
    return {
        "intent": classification(
            [m["intent"] for m in messages], [x["intent"] for x in labels], [m["intent"] for m in messages]
        ),
        "emotion": classification([m["emotion"] for m in messages], [x["emotion"] for x in labels], EMOTIONS),
    }


def precision_recall(gold: List[bool], predicted: List[bool]) -> Dict[str, float]:
    tp = sum(g and p for g, p in zip(gold, predicted, strict=True))
    fp = sum(p and not g for g, p in zip(gold, predicted, strict=True))
    fn = sum(g and not p for g, p in zip(gold, predicted, strict=True))
    return {
        "precision": tp / (tp + fp) if tp + fp else 1.0,
        "recall": tp / (tp + fn) if tp + fn else 1.0,
        "support": tp + fn,
        "false_positives": fp,
    }


def _canonical(kind: str, value: Any) -> Any:
    """One comparable form of a fact value (amounts to the cent, strings as given)."""
    if kind == "amounts":
        return round(float(value), 2)
    if kind in ("elapsed", "since"):
        return tuple(sorted((k, v) for k, v in (value or {}).items() if v is not None))
    if kind == "availability":
        slots = []
        for slot in value or []:
            items = {k: v for k, v in slot.items() if v is not None and not (k == "excluded" and v is False)}
            slots.append(tuple(sorted(items.items())))
        return tuple(sorted(slots))
    return str(value)


def compare_facts(rows: List[Tuple[Dict[str, Any], Dict[str, Any]]]) -> Dict[str, Dict[str, Any]]:
    """Per fact type: occurrences found exactly / occurrences annotated, and spurious ones."""
    result: Dict[str, Dict[str, Any]] = {}
    for kind in LIST_FACTS:
        annotated = found = spurious = 0
        for gold, predicted in rows:
            expected = Counter(_canonical(kind, v) for v in gold.get(kind) or [])
            got = Counter(_canonical(kind, v) for v in predicted.get(kind) or [])
            annotated += sum(expected.values())
            found += sum((expected & got).values())
            spurious += sum((got - expected).values())
        result[kind] = {"annotated": annotated, "exact": found, "spurious": spurious}
    for kind in SINGLE_FACTS:
        annotated = found = spurious = 0
        for gold, predicted in rows:
            expected, got = gold.get(kind), predicted.get(kind)
            if expected not in (None, [], {}):
                annotated += 1
                found += _canonical(kind, expected) == _canonical(kind, got) if got is not None else 0
            elif got not in (None, [], {}):
                spurious += 1
        result[kind] = {"annotated": annotated, "exact": found, "spurious": spurious}
    for figures in result.values():
        figures["rate"] = figures["exact"] / figures["annotated"] if figures["annotated"] else 1.0
    return result


def _classifier_intent(parse: Dict[str, Any]) -> str:
    """The classifier's own intent: the top of its ranking, before the fallback (Rasa's own
    evaluation undoes it the same way) and before MessageUnderstanding's relabelling for the
    dialogue (a call back read as ``request_human`` becomes ``inform``, a wish for the form);
    the figures "as answered" count both."""
    ranking = [item["name"] for item in parse.get("intent_ranking") or [] if item.get("name") != FALLBACK]
    if ranking:  # the top of the classifier's ranking, before any fallback or relabelling
        return ranking[0]
    return (parse.get("intent") or {}).get("name") or "None"


async def evaluate_independent(agent, path: Path = INDEPENDENT) -> Dict[str, Any]:
    messages = load_set(path)
    parses = [await agent.parse_message(message["text"]) for message in messages]

    gold_intents = [m["intent"] for m in messages]
    answered = [(p.get("intent") or {}).get("name") or "None" for p in parses]
    classifier = [_classifier_intent(p) for p in parses]
    labels = sorted(set(gold_intents))
    openings = [
        (m, a)
        for m, a in zip(messages, answered, strict=True)
        if m.get("kind") == "opening" and m["intent"] in COMPLAINTS
    ]
    emotions = [(p.get("emotion") or {}).get("name") or "None" for p in parses]

    signals: Dict[str, Any] = {}
    predicted_signals = [p.get("signals") or {} for p in parses]
    for name in BOOLEAN_SIGNALS:
        signals[name] = precision_recall(
            [bool((m.get("signals") or {}).get(name)) for m in messages],
            [bool(s.get(name)) for s in predicted_signals],
        )
    # The set's request_human means "asks for a person", now or by a call back; the bot tells
    # the two apart (a call back wished for is a remedy, see litige.signals.CALLBACK), so the
    # person is found when either signal is raised, and the share read as a call back is shown.
    gold_people = [bool((m.get("signals") or {}).get("request_human")) for m in messages]
    found_people = [bool(s.get("request_human") or s.get("callback")) for s in predicted_signals]
    signals["request_human"] = precision_recall(gold_people, found_people)
    callbacks = [bool(s.get("callback")) for g, s in zip(gold_people, predicted_signals, strict=True) if g]
    signals["request_human"]["as_callback"] = sum(callbacks) / len(callbacks) if callbacks else 0.0
    gold_threats = [(m.get("signals") or {}).get("threat") for m in messages]
    found_threats = [s.get("threat") for s in predicted_signals]
    signals["threat"] = precision_recall([bool(t) for t in gold_threats], [bool(t) for t in found_threats])
    both = [(g, f) for g, f in zip(gold_threats, found_threats, strict=True) if g and f]
    signals["threat"]["kind_accuracy"] = sum(g == f for g, f in both) / len(both) if both else 1.0

    facts = compare_facts(
        [(m.get("facts") or {}, p.get("facts") or {}) for m, p in zip(messages, parses, strict=True)]
    )
    errors = [
        {
            "text": m["text"],
            "intent": m["intent"],
            "predicted": a,
            "emotion": m.get("emotion"),
            "predicted_emotion": e,
        }
        for m, a, e in zip(messages, answered, emotions, strict=True)
        if m["intent"] != a or m.get("emotion") != e
    ]
    return {
        "messages": len(messages),
        "intent": classification(gold_intents, classifier, labels),
        "intent_as_answered": classification(gold_intents, answered, labels),
        "opening_fallback_rate": sum(a == FALLBACK for _, a in openings) / len(openings) if openings else 0.0,
        "complaint_openings": len(openings),
        "emotion": classification([m.get("emotion") for m in messages], emotions, EMOTIONS),
        "signals": signals,
        "facts": facts,
        "second_reader": second_reader(messages) if SECOND_READER.exists() else None,
        "errors": errors,
    }


def format_classes(title: str, figures: Dict[str, Any]) -> str:
    lines = [title, f"  {'label':<26}{'precision':>10}{'recall':>10}{'f1':>10}{'support':>9}"]
    for label, row in figures["per_class"].items():
        lines.append(
            f"  {label:<26}{row['precision']:>10.3f}{row['recall']:>10.3f}"
            f"{row['f1-score']:>10.3f}{int(row['support']):>9d}"
        )
    lines.append(f"  accuracy {figures['accuracy']:.3f}   macro-F1 {figures['macro_f1']:.3f}")
    pairs = figures["confusion_pairs"][:12]
    lines.append("  confusion pairs (gold -> predicted): " + ("none" if not pairs else ""))
    lines.extend(f"    {g:<26} -> {p:<26} x{n}" for g, p, n in pairs)
    return "\n".join(lines)


def format_signals_and_facts(result: Dict[str, Any]) -> str:
    lines = [
        "Signals (independent set)",
        f"  {'signal':<16}{'precision':>10}{'recall':>10}{'support':>9}{'false+':>8}",
    ]
    for name, row in result["signals"].items():
        lines.append(
            f"  {name:<16}{row['precision']:>10.3f}{row['recall']:>10.3f}"
            f"{row['support']:>9d}{row['false_positives']:>8d}"
        )
    lines.append(
        f"  threat kind right when a threat is found: {result['signals']['threat']['kind_accuracy']:.0%}"
    )
    lines.append(
        "  a person asked for, read as a call back (a remedy, not a handoff): "
        f"{result['signals']['request_human']['as_callback']:.0%}"
    )
    lines.append("Facts (independent set): exact / annotated occurrences, spurious extractions")
    for name, row in result["facts"].items():
        lines.append(
            f"  {name:<14}{row['exact']:>5d} / {row['annotated']:<5d}{row['rate']:>8.1%}"
            f"   spurious {row['spurious']}"
        )
    return "\n".join(lines)


def headline(result: Dict[str, Any]) -> Dict[str, Optional[float]]:
    complaint_f1 = [
        row["f1-score"] for label, row in result["intent"]["per_class"].items() if label in COMPLAINTS
    ]
    emotion_f1 = [row["f1-score"] for row in result["emotion"]["per_class"].values()]
    return {
        "intent_macro_f1": result["intent"]["macro_f1"],
        "intent_macro_f1_as_answered": result["intent_as_answered"]["macro_f1"],
        "lowest_complaint_f1": min(complaint_f1) if complaint_f1 else None,
        "opening_fallback_rate": result["opening_fallback_rate"],
        "emotion_macro_f1": result["emotion"]["macro_f1"],
        "lowest_emotion_f1": min(emotion_f1) if emotion_f1 else None,
    }
