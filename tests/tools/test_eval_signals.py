"""tools.eval_signals: precision and recall of the signal detectors on a signal set."""

import yaml

from tools.eval_signals import SETS, evaluate_set, format_set


def test_precision_recall_and_kind_on_a_small_set(tmp_path):
    path = tmp_path / "set.yml"
    none = {"insult": False, "threat": None, "request_human": False, "hazard": False}
    messages = [
        {"text": "je vais porter plainte contre vous", "signals": {**none, "threat": "legal"}},
        {"text": "je ne vais pas porter plainte, je veux juste mon colis", "signals": none},
        {"text": "bande d'incapables", "signals": {**none, "insult": True}},
        # a threat the detectors are not expected to know: a miss, counted as such
        {"text": "mon cousin travaille dans un grand quotidien", "signals": {**none, "threat": "public"}},
        {"text": "rappelez-moi au 06 12 34 56 78", "signals": {**none, "request_human": True}},
    ]
    path.write_text(yaml.safe_dump({"messages": messages}, allow_unicode=True), encoding="utf-8")
    figures = evaluate_set(path)
    assert figures["threat"] == {
        "precision": 1.0,
        "recall": 0.5,
        "support": 2,
        "false_positives": 0,
        "kind_accuracy": 1.0,
    }
    assert figures["insult"]["recall"] == 1.0 and figures["insult"]["false_positives"] == 0
    assert figures["request_human"]["recall"] == 1.0  # a call back asked for counts as a person
    assert [e["text"] for e in figures["errors"]] == ["mon cousin travaille dans un grand quotidien"]
    assert "threat" in "\n".join(format_set("test", figures))


def test_the_shipped_sets_exist_and_are_annotated():
    for path in SETS.values():
        messages = yaml.safe_load(path.read_text(encoding="utf-8"))["messages"]
        assert len(messages) >= 200
        assert all(set(m["signals"]) == {"insult", "threat", "request_human", "hazard"} for m in messages)
