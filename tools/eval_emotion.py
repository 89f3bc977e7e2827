"""Held-out emotion evaluation of the EmotionClassifier, side by side with a lexicon-only
baseline (VADER-fr valence mapped to the six classes, ``emotion_cues.lexicon_baseline``).

Called by ``tools.eval_nlu`` (one model load for both evaluations).
"""

from __future__ import annotations

from collections import Counter
from pathlib import Path
from typing import Any, Dict, List, Tuple

from components.emotion import EMOTIONS

ROOT = Path(__file__).resolve().parent.parent
EMOTION_HELDOUT = ROOT / "tests" / "emotion" / "heldout.yml"


def load_examples(path: Path) -> List[Tuple[str, str]]:
    """(text, emotion) pairs of a Rasa NLU file annotated with emotion metadata."""
    from rasa.shared.nlu.training_data.loading import load_data

    from components.emotion import emotion_label

    pairs = []
    for message in load_data(str(path)).intent_examples:
        label = emotion_label(message)
        if label:
            pairs.append((message.get("text"), label))
    return pairs


def metrics(gold: List[str], predicted: List[str]) -> Dict[str, Any]:
    from sklearn.metrics import classification_report

    report = classification_report(gold, predicted, labels=EMOTIONS, output_dict=True, zero_division=0)
    pairs = Counter((g, p) for g, p in zip(gold, predicted, strict=False) if g != p)
    return {
        "per_emotion": {e: report[e] for e in EMOTIONS},
        "macro_f1": report["macro avg"]["f1-score"],
        "accuracy": sum(g == p for g, p in zip(gold, predicted, strict=False)) / len(gold),
        "confusion_pairs": [(g, p, n) for (g, p), n in pairs.most_common()],
    }


async def evaluate_emotions(agent, path: Path = EMOTION_HELDOUT) -> Dict[str, Any]:
    from components.emotion_cues import lexicon_baseline

    examples = load_examples(path)
    gold = [label for _, label in examples]
    predicted, intensities = [], []
    for text, _ in examples:
        result = await agent.parse_message(text)
        emotion = result.get("emotion") or {}
        predicted.append(emotion.get("name"))
        intensities.append(emotion.get("intensity"))
    baseline = [lexicon_baseline(text)[0] for text, _ in examples]
    by_emotion: Dict[str, List[float]] = {}
    for label, value in zip(gold, intensities, strict=False):
        by_emotion.setdefault(label, []).append(value)
    return {
        "file": str(path.relative_to(ROOT)),
        "size": len(examples),
        "component": metrics(gold, predicted),
        "baseline": metrics(gold, baseline),
        "mean_intensity_by_gold_emotion": {e: round(sum(v) / len(v), 3) for e, v in by_emotion.items() if v},
    }


def format_side_by_side(result: Dict[str, Any]) -> str:
    component, baseline = result["component"], result["baseline"]
    lines = [
        f"Held-out emotions ({result['file']}, {result['size']} messages): component vs lexicon baseline",
        f"  {'emotion':<16}{'P':>7}{'R':>7}{'F1':>7}   |{'P':>7}{'R':>7}{'F1':>7}",
    ]
    for emotion in EMOTIONS:
        c, b = component["per_emotion"][emotion], baseline["per_emotion"][emotion]
        lines.append(
            f"  {emotion:<16}{c['precision']:>7.3f}{c['recall']:>7.3f}{c['f1-score']:>7.3f}   |"
            f"{b['precision']:>7.3f}{b['recall']:>7.3f}{b['f1-score']:>7.3f}"
        )
    lines.append(f"  {'macro-F1':<16}{component['macro_f1']:>21.3f}   |{baseline['macro_f1']:>21.3f}")
    lines.append(f"  {'accuracy':<16}{component['accuracy']:>21.3f}   |{baseline['accuracy']:>21.3f}")
    lines.append("  component confusion pairs (gold -> predicted):")
    for gold, pred, n in component["confusion_pairs"][:10]:
        lines.append(f"    {gold:<16} -> {pred:<16} x{n}")
    lines.append("  baseline confusion pairs (gold -> predicted):")
    for gold, pred, n in baseline["confusion_pairs"][:5]:
        lines.append(f"    {gold:<16} -> {pred:<16} x{n}")
    lines.append(
        "  mean intensity by true emotion: "
        + ", ".join(f"{k} {v:.2f}" for k, v in result["mean_intensity_by_gold_emotion"].items())
    )
    return "\n".join(lines)
