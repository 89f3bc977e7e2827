"""What a trainer takes away from the desk, as Rasa files (pure: text in, text out).

* ``nlu_yaml``: the corrected labels as Rasa NLU training data (YAML 3.1), each example with
  the project's emotion metadata (``metadata: {emotion: ...}``, docs/dev/data_conventions.md)
  and the corrected intensity alongside, for the record.
* ``test_story``: a conversation as a Rasa test story (``rasa test core --stories``): the
  customer's messages with their intents and entities, the slots set, the forms, the
  assistant's actions, in the tracker's own order, so it replays against the current model.
* ``training_story``: the same without the customer's words (intents only) and with only the
  slots that influence the conversation, ready to add to ``data/stories``.

A story covers what the model did: it stops where the assistant was no longer the one deciding
(an advisor took the conversation: a ``pause``; an action the console or the scheduler ran
through the HTTP API; a restart).
"""

from __future__ import annotations

import json
from datetime import datetime
from pathlib import Path
from typing import Any, Dict, Iterable, List, Mapping, Optional, Sequence, Set

import yaml

from litige.emotional_state import is_payload
from litige.review.privacy import mask

EMOTION_ENTITIES = frozenset({"emotion", "emotion_intensity"})
SILENT_ACTIONS = frozenset({"action_listen", "action_session_start", "action_extract_slots"})
SKIPPED = frozenset({"session_started", "user_featurization", "bot", "followup", "reminder", "undo"})
STOP = frozenset({"pause", "restart", "resume", "rewind", "export"})


def _quote(value: Any) -> str:
    """One YAML scalar on one line (JSON is valid YAML, and always double-quoted for text)."""
    return json.dumps(value, ensure_ascii=False)


def nlu_yaml(corrections: Iterable[Mapping[str, Any]]) -> str:
    """``corrections``: dicts with ``text``, ``intent``, ``emotion`` and optionally
    ``intensity`` (the latest label of each turn) and ``known`` (the customer's e-mail, phone,
    name and order number, as the store knows them). Personal data is masked in the text (a
    training file is shared and kept: it must not carry a customer's address). Examples are
    grouped by intent; a text seen twice keeps its last label."""
    latest: Dict[str, Mapping[str, Any]] = {}
    for correction in corrections:
        text = " ".join(str(mask(correction.get("text") or "", correction.get("known") or {})).split())
        if text and correction.get("intent") and not is_payload(text):
            latest[text] = correction
    by_intent: Dict[str, List[Mapping[str, Any]]] = {}
    for text, correction in latest.items():
        by_intent.setdefault(str(correction["intent"]), []).append({**correction, "text": text})
    lines = ['version: "3.1"', "nlu:"]
    for intent in sorted(by_intent):
        lines += [f"- intent: {intent}", "  examples:"]
        for example in by_intent[intent]:
            lines.append(f"  - text: {_quote(example['text'])}")
            if example.get("emotion"):
                lines += ["    metadata:", f"      emotion: {example['emotion']}"]
                if example.get("intensity") is not None:
                    lines.append(f"      intensity: {round(float(example['intensity']), 2)}")
    if not by_intent:
        lines[-1] = "nlu: []"
    return "\n".join(lines) + "\n"


def influential_slots(domain_path: Path) -> Set[str]:
    """The domain's slots that influence the conversation (the ones a training story may set)."""
    domain = yaml.safe_load(Path(domain_path).read_text(encoding="utf-8")) or {}
    slots = domain.get("slots") or {}
    return {
        name
        for name, spec in slots.items()
        if isinstance(spec, Mapping) and spec.get("influence_conversation", spec.get("type") != "any")
    }


def _entities(event: Mapping[str, Any]) -> List[Dict[str, Any]]:
    parse = event.get("parse_data") or {}
    found = []
    for entity in parse.get("entities") or []:
        if not isinstance(entity, Mapping) or entity.get("entity") in EMOTION_ENTITIES:
            continue
        value = entity.get("value")
        if isinstance(value, (str, int, float)) and not isinstance(value, bool):
            found.append({str(entity["entity"]): value})
    return found


def _intent(event: Mapping[str, Any]) -> Optional[str]:
    intent = (event.get("parse_data") or {}).get("intent") or event.get("intent") or {}
    return intent.get("name") if isinstance(intent, Mapping) else None


def _steps(events: Sequence[Mapping[str, Any]], with_text: bool, slots: Optional[Set[str]]) -> List[str]:
    lines: List[str] = []
    pending_slots: List[str] = []

    def flush() -> None:
        if pending_slots:
            lines.append("  - slot_was_set:")
            lines.extend(pending_slots)
            pending_slots.clear()

    seen_user = False
    for event in events:
        kind = event.get("event")
        if kind in STOP:
            break
        if kind == "action":
            name = str(event.get("name") or "")
            if name in SILENT_ACTIONS:
                continue
            if event.get("policy") is None and seen_user:
                break  # run from outside (the console, the scheduler): not the model's choice
            flush()
            lines.append(f"  - action: {name}")
        elif kind == "user":
            intent = _intent(event)
            if not intent:
                continue
            flush()
            seen_user = True
            text = str(event.get("text") or "")
            if with_text and not is_payload(text):
                lines.append(f"  - user: {_quote(text)}")
                lines.append(f"    intent: {intent}")
            else:
                lines.append(f"  - intent: {intent}")
            entities = _entities(event)
            if entities:
                lines.append("    entities:")
                for entity in entities:
                    ((name, value),) = entity.items()
                    lines.append(f"    - {name}: {_quote(value)}")
        elif kind == "slot":
            name = str(event.get("name") or "")
            if not seen_user or (slots is not None and name not in slots):
                continue
            pending_slots.append(f"    - {name}: {_quote(event.get('value'))}")
        elif kind == "active_loop":
            flush()
            name = event.get("name")
            lines.append(f"  - active_loop: {name if name else 'null'}")
    flush()
    return lines


def _story(title: str, steps: List[str]) -> str:
    head = ['version: "3.1"', "stories:", f"- story: {_quote(title)}", "  steps:"]
    return "\n".join(head + steps) + "\n"


def test_story(conversation_id: str, events: Sequence[Mapping[str, Any]], exported: datetime) -> str:
    """The conversation as a test story (``events``: the tracker's events, in order)."""
    title = f"revue {conversation_id}, exportée le {exported:%d/%m/%Y}"
    return _story(title, _steps(events, with_text=True, slots=None))


def training_story(
    conversation_id: str,
    events: Sequence[Mapping[str, Any]],
    exported: datetime,
    slots: Set[str],
) -> str:
    """The conversation as a training story: intents, entities, the influential ``slots``."""
    title = f"revue {conversation_id}, exportée le {exported:%d/%m/%Y}"
    return _story(title, _steps(events, with_text=False, slots=slots))


test_story.__test__ = False  # a name pytest would otherwise collect where it is imported
