"""Held-out NLU evaluation: intents (per-intent precision/recall/F1, macro-F1, confusion
pairs, fallback effect, entities) and emotions (per-emotion figures of the
EmotionClassifier next to a lexicon-only baseline).

Rasa's own report files (intent_report.json, intent_errors.json, confusion matrix,
entity reports) and summary.json are written to --out. With --check the command fails
when a macro-F1 is below its floor in tests/thresholds.yml.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import sys
from collections import Counter
from pathlib import Path
from typing import Dict, List, Tuple

import yaml

ROOT = Path(__file__).resolve().parent.parent
HELDOUT = ROOT / "tests" / "nlu" / "heldout.yml"
THRESHOLDS = ROOT / "tests" / "thresholds.yml"


def load_thresholds() -> Dict:
    return yaml.safe_load(THRESHOLDS.read_text(encoding="utf-8"))


def confusion_pairs(predictions: List[Dict], key_gold: str, key_pred: str) -> List[Tuple[str, str, int]]:
    counts = Counter((p[key_gold], p[key_pred] or "None") for p in predictions if p[key_gold] != p[key_pred])
    return [(gold, pred, n) for (gold, pred), n in counts.most_common()]


def fallback_threshold() -> float:
    config = yaml.safe_load((ROOT / "config.yml").read_text(encoding="utf-8"))
    for component in config["pipeline"]:
        if component["name"] == "FallbackClassifier":
            return float(component.get("threshold", 0.3))
    return 0.0


def fallback_effect(predictions: List[Dict], threshold: float) -> Dict[str, float]:
    """What the FallbackClassifier does on the held-out set: how many messages it sends to
    the fallback, how many of the classifier's errors it catches, and the accuracy of
    the answers that remain."""
    total = len(predictions)
    low = [p for p in predictions if (p.get("confidence") or 0.0) < threshold]
    errors = [p for p in predictions if p["intent"] != p["predicted"]]
    caught = [p for p in low if p["intent"] != p["predicted"]]
    answered = [p for p in predictions if (p.get("confidence") or 0.0) >= threshold]
    correct_answered = [p for p in answered if p["intent"] == p["predicted"]]
    return {
        "threshold": threshold,
        "fallback_rate": len(low) / total if total else 0.0,
        "errors_caught": len(caught) / len(errors) if errors else 1.0,
        "accuracy_when_answered": len(correct_answered) / len(answered) if answered else 0.0,
    }


def format_report(title: str, report: Dict, labels: List[str]) -> str:
    lines = [title, f"  {'label':<26}{'precision':>10}{'recall':>10}{'f1':>10}{'support':>9}"]
    for label in labels:
        row = report.get(label)
        if not row:
            continue
        lines.append(
            f"  {label:<26}{row['precision']:>10.3f}{row['recall']:>10.3f}"
            f"{row['f1-score']:>10.3f}{int(row['support']):>9d}"
        )
    macro = report["macro avg"]
    lines.append(
        f"  {'macro avg':<26}{macro['precision']:>10.3f}{macro['recall']:>10.3f}{macro['f1-score']:>10.3f}"
    )
    return "\n".join(lines)


def format_pairs(pairs: List[Tuple[str, str, int]], limit: int = 15) -> str:
    if not pairs:
        return "  (no confusion)"
    return "\n".join(f"  {gold:<26} -> {pred:<26} x{n}" for gold, pred, n in pairs[:limit])


def _undo_fallback_shallow(prediction: Dict) -> Dict:
    """Same as rasa's undo_fallback_prediction without its deepcopy, which copies the
    whole spaCy Doc (and its vocabulary) of every fallback prediction: ~5 s each."""
    ranking = prediction.get("intent_ranking") or []
    if len(ranking) < 2:
        return prediction
    return {**prediction, "intent": ranking[1], "intent_ranking": ranking[1:]}


async def evaluate(model: str, out: Path, plots: bool = True) -> Dict:
    from rasa.core.agent import Agent
    from rasa.nlu.classifiers import fallback_classifier
    from rasa.nlu.test import run_evaluation

    fallback_classifier.undo_fallback_prediction = _undo_fallback_shallow
    from tools.eval_emotion import evaluate_emotions
    from tools.eval_independent import INDEPENDENT, evaluate_independent

    out.mkdir(parents=True, exist_ok=True)
    agent = Agent.load(model_path=model)
    result = await run_evaluation(
        str(HELDOUT),
        agent.processor,
        output_directory=str(out),
        errors=True,
        disable_plotting=not plots,
        report_as_dict=True,
        domain_path=str(ROOT / "domain.yml"),
    )
    result["emotion_evaluation"] = await evaluate_emotions(agent)
    if INDEPENDENT.exists():
        result["independent"] = await evaluate_independent(agent)
    return result


def quiet_rasa_logs() -> None:
    """Rasa's per-message debug lines would drown the figures."""
    import logging

    from rasa.utils.common import configure_logging_and_warnings
    from rasa.utils.log_utils import configure_structlog

    configure_logging_and_warnings(logging.WARNING)
    configure_structlog(logging.WARNING)


def main(argv: List[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--model", default=str(ROOT / "models" / "current.tar.gz"))
    parser.add_argument("--out", default=str(ROOT / "reports" / "nlu"))
    parser.add_argument("--check", action="store_true", help="fail under the macro-F1 floor")
    parser.add_argument("--no-plots", action="store_true", help="skip Rasa's confusion-matrix images")
    args = parser.parse_args(argv)
    os.environ.setdefault("RASA_TELEMETRY_ENABLED", "false")
    quiet_rasa_logs()

    out = Path(args.out)
    result = asyncio.run(evaluate(args.model, out, plots=not args.no_plots))
    intent_eval = result["intent_evaluation"]
    report = intent_eval["report"]
    labels = sorted(k for k in report if k not in ("accuracy", "macro avg", "weighted avg", "micro avg"))
    pairs = confusion_pairs(intent_eval["predictions"], "intent", "predicted")
    macro_f1 = report["macro avg"]["f1-score"]

    print(format_report(f"Held-out intents ({HELDOUT.relative_to(ROOT)})", report, labels))
    print(f"  accuracy {intent_eval['accuracy']:.3f}   macro-F1 {macro_f1:.3f}")
    print("Confusion pairs (gold -> predicted):")
    print(format_pairs(pairs))

    effect = fallback_effect(intent_eval["predictions"], fallback_threshold())
    print(
        f"Fallback at confidence < {effect['threshold']}: {effect['fallback_rate']:.1%} of messages, "
        f"catching {effect['errors_caught']:.0%} of the errors; accuracy of the answered ones "
        f"{effect['accuracy_when_answered']:.3f}"
    )

    curve = [fallback_effect(intent_eval["predictions"], t) for t in (0.3, 0.4, 0.5, 0.6, 0.7)]
    print(
        "  threshold curve: "
        + "; ".join(
            f"{c['threshold']:.1f}: {c['fallback_rate']:.0%} fallback, {c['errors_caught']:.0%} errors caught"
            for c in curve
        )
    )

    entity_summary = {}
    for extractor, evaluation in (result.get("entity_evaluation") or {}).items():
        entity_report = evaluation["report"]
        entity_summary[extractor] = {
            label: round(values["f1-score"], 3)
            for label, values in entity_report.items()
            if isinstance(values, dict) and label not in ("micro avg", "weighted avg", "no_entity")
        }
    entity_summary.pop("EmotionClassifier", None)  # its entities carry the emotion, not a span
    best: Dict[str, Tuple[float, str]] = {}
    for extractor, scores in entity_summary.items():
        for label, score in scores.items():
            if label != "macro avg" and score >= best.get(label, (-1.0, ""))[0]:
                best[label] = (score, extractor)
    if best:
        print(
            "Entities (F1, extractor): "
            + ", ".join(
                f"{label} {score:.2f} ({extractor})" for label, (score, extractor) in sorted(best.items())
            )
        )

    from tools.eval_emotion import format_side_by_side

    emotion_eval = result["emotion_evaluation"]
    print(format_side_by_side(emotion_eval))

    independent = result.get("independent")
    if independent:
        from tools.eval_independent import format_classes, format_signals_and_facts, headline

        print()
        print(
            format_classes(
                f"Independent set: intents ({independent['messages']} messages)", independent["intent"]
            )
        )
        print(format_classes("Independent set: emotions", independent["emotion"]))
        print(format_signals_and_facts(independent))
        figures = headline(independent)
        print()
        print(f"Side by side{'':<34}{'project held-out':>18}{'independent':>14}")
        print(f"  {'intent macro-F1':<44}{macro_f1:>18.3f}{figures['intent_macro_f1']:>14.3f}")
        print(
            f"  {'emotion macro-F1':<44}{emotion_eval['component']['macro_f1']:>18.3f}"
            f"{figures['emotion_macro_f1']:>14.3f}"
        )
        print(f"  {'lowest complaint-intent F1':<44}{'':>18}{figures['lowest_complaint_f1']:>14.3f}")
        print(f"  {'lowest emotion F1':<44}{'':>18}{figures['lowest_emotion_f1']:>14.3f}")
        reader = independent.get("second_reader")
        if reader:
            print(
                f"  {'a second reader, intent / emotion macro-F1':<44}{'':>18}"
                f"{reader['intent']['macro_f1']:>7.3f}{reader['emotion']['macro_f1']:>7.3f}"
            )
        print(f"  {'all messages sent to the fallback':<44}{effect['fallback_rate']:>18.1%}{'':>14}")
        print(
            f"  {'complaint openings sent to the fallback':<44}{'':>18}"
            f"{figures['opening_fallback_rate']:>14.1%}"
        )
        (out / "independent_errors.json").write_text(
            json.dumps(independent["errors"], indent=2, ensure_ascii=False), encoding="utf-8"
        )

    from tools.eval_signals import evaluate_all, format_set

    signal_sets = evaluate_all()
    for title, figures in signal_sets.items():
        print()
        print("\n".join(format_set(title, figures)))

    summary = {
        "intent_macro_f1": round(macro_f1, 4),
        "intent_accuracy": round(intent_eval["accuracy"], 4),
        "confusion_pairs": pairs,
        "fallback": effect,
        "entities_f1": entity_summary,
        "emotion": emotion_eval,
        "independent": {k: v for k, v in (independent or {}).items() if k != "errors"},
        "signal_sets": {t: {k: v for k, v in f.items() if k != "errors"} for t, f in signal_sets.items()},
    }
    (out / "summary.json").write_text(json.dumps(summary, indent=2, ensure_ascii=False), encoding="utf-8")
    print(f"Reports written to {out}")

    if args.check:
        from tools.eval_independent import GATED_SIGNALS

        thresholds = load_thresholds()
        checks = [
            ("intent macro-F1", macro_f1, thresholds["nlu"]["intent_macro_f1_floor"]),
            (
                "emotion macro-F1",
                emotion_eval["component"]["macro_f1"],
                thresholds["emotion"]["macro_f1_floor"],
            ),
        ]
        if independent:
            from tools.eval_independent import headline

            floors = thresholds["independent"]
            figures = headline(independent)
            checks += [
                ("independent intent macro-F1", figures["intent_macro_f1"], floors["intent_macro_f1_floor"]),
                (
                    "independent emotion macro-F1",
                    figures["emotion_macro_f1"],
                    floors["emotion_macro_f1_floor"],
                ),
                (
                    "independent signal precision",
                    min(independent["signals"][k]["precision"] for k in GATED_SIGNALS),
                    floors["signal_precision_floor"],
                ),
                (
                    "independent signal recall",
                    min(independent["signals"][k]["recall"] for k in GATED_SIGNALS),
                    floors["signal_recall_floor"],
                ),
                (
                    "complaint openings answered (1 - fallback rate)",
                    1.0 - figures["opening_fallback_rate"],
                    1.0 - floors["opening_fallback_ceiling"],
                ),
            ]
        blind = signal_sets["blind (never tuned on)"]
        floors = thresholds["signals_blind"]
        checks += [
            (
                "blind signal precision",
                min(blind[k]["precision"] for k in GATED_SIGNALS),
                floors["precision_floor"],
            ),
            ("blind signal recall", min(blind[k]["recall"] for k in GATED_SIGNALS), floors["recall_floor"]),
        ]
        failed = False
        for name, value, floor in checks:
            if value < floor:
                print(f"FAIL: held-out {name} {value:.3f} is below the floor {floor}", file=sys.stderr)
                failed = True
            else:
                print(f"OK: held-out {name} {value:.3f} >= floor {floor}")
        return 1 if failed else 0
    return 0


if __name__ == "__main__":
    sys.exit(main())
