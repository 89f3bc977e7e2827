"""The phrasebook (catalogue/phrases.yml): what the custom actions say, with variations,
slot conditions and quick-reply buttons. Loaded lazily, validated, cached."""

from __future__ import annotations

import random
import string
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any, Dict, List, Mapping, Optional, Tuple

import yaml

from litige.config import ROOT

PHRASEBOOK_PATH = ROOT / "catalogue" / "phrases.yml"


class PhrasebookError(ValueError):
    """A phrase is missing, malformed, or lacks a value for one of its placeholders."""


@dataclass(frozen=True)
class Variation:
    text: str
    buttons: Tuple[Dict[str, str], ...] = ()
    when: Tuple[Tuple[str, Tuple[Any, ...]], ...] = ()

    def applies(self, slots: Mapping[str, Any]) -> bool:
        return all(slots.get(name) in allowed for name, allowed in self.when)

    @property
    def placeholders(self) -> List[str]:
        return [field for _, field, _, _ in string.Formatter().parse(self.text) if field]


def parse_phrasebook(raw: Mapping[str, Any]) -> Dict[str, Tuple[Variation, ...]]:
    phrases = (raw or {}).get("phrases")
    if not isinstance(phrases, dict) or not phrases:
        raise PhrasebookError("phrasebook: missing 'phrases'")
    parsed: Dict[str, Tuple[Variation, ...]] = {}
    for key, items in phrases.items():
        if not isinstance(items, list) or not items:
            raise PhrasebookError(f"phrasebook.{key}: needs a list of variations")
        variations = []
        for item in items:
            if not isinstance(item, dict) or not str(item.get("text", "")).strip():
                raise PhrasebookError(f"phrasebook.{key}: every variation needs a text")
            when = tuple(
                (name, tuple(value if isinstance(value, list) else [value]))
                for name, value in (item.get("when") or {}).items()
            )
            buttons = tuple(
                {"title": str(b["title"]), "payload": str(b["payload"])} for b in item.get("buttons") or ()
            )
            variations.append(Variation(str(item["text"]), buttons, when))
        if all(v.when for v in variations):
            raise PhrasebookError(f"phrasebook.{key}: needs at least one variation without 'when'")
        parsed[key] = tuple(variations)
    return parsed


@lru_cache(maxsize=2)
def load_phrasebook(path: Path = PHRASEBOOK_PATH) -> Dict[str, Tuple[Variation, ...]]:
    return parse_phrasebook(yaml.safe_load(Path(path).read_text(encoding="utf-8")))


def render(
    key: str,
    slots: Optional[Mapping[str, Any]] = None,
    values: Optional[Mapping[str, Any]] = None,
    rng: Optional[random.Random] = None,
) -> Tuple[str, List[Dict[str, str]]]:
    """Text and buttons of one variation of ``key``: conditional variations whose ``when``
    matches the slots win over the others."""
    variations = load_phrasebook().get(key)
    if not variations:
        raise PhrasebookError(f"no phrase '{key}' in the phrasebook")
    slots = slots or {}
    matching = [v for v in variations if v.when and v.applies(slots)]
    pool = matching or [v for v in variations if not v.when]
    chosen = (rng or random).choice(pool)
    try:
        text = chosen.text.format_map(dict(values or {}))
    except KeyError as missing:
        raise PhrasebookError(f"phrase '{key}' needs a value for {missing}") from missing
    return text, [dict(b) for b in chosen.buttons]


def say(dispatcher, tracker, key: str, **values: Any) -> str:
    """Send one variation of ``key`` to the customer (slots decide conditional variations);
    returns the text sent."""
    text, buttons = render(key, tracker.slots if tracker is not None else {}, values)
    dispatcher.utter_message(text=text, buttons=buttons or None)
    return text
