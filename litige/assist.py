"""Empathetic replies an advisor can insert in one click (pure: reads domain.yml, cached).

They come from the assistant's own attention step, the ``utter_attention`` variations of
domain.yml for the customer's emotion, with the problem named as the bot names it
(catalogue/remedies.yml), adapted for a person who already took the conversation over:
no sentence about handing the file to an advisor, and, once the customer has told what
happened, no closing "Racontez-moi…" question.
"""

from __future__ import annotations

import random
import re
import string
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any, Dict, List, Optional, Tuple

import yaml

from litige.catalogue import category_for
from litige.config import ROOT
from litige.text import fold

DOMAIN_PATH = ROOT / "domain.yml"
RESPONSE = "utter_attention"
NEUTRAL = "neutral"
DEFAULT_PROBLEM = "cette situation"  # when the category is unknown
# a sentence that hands the file over: never said by the person it was handed to
_HANDOVER_CUES = ("transmet", "conseiller")
# a sentence (or the end of one, after a colon) asking the customer to tell what happened
_TELL_CUES = ("racont", "dites-moi", "dites-m'en", "je vous ecoute", "s'est-il passe", "m'en dire")
_SENTENCES = re.compile(r"(?<=[.!?…])\s+")


@dataclass(frozen=True)
class Attention:
    text: str
    emotion: Optional[str]  # None: the variation without conditions (any emotion)
    story_told: Optional[bool]


def _conditions(item: Dict[str, Any]) -> Optional[Dict[str, Any]]:
    """The slot values a variation requires; None when it has a condition we cannot judge."""
    found: Dict[str, Any] = {}
    for condition in item.get("condition") or ():
        if not isinstance(condition, dict) or condition.get("type") != "slot":
            return None
        if condition.get("name") not in ("emotion", "story_told"):
            return None
        found[condition["name"]] = condition.get("value")
    return found


def attention_variations(path: Optional[Path] = None) -> Tuple[Attention, ...]:
    """The ``utter_attention`` variations of the domain (``DOMAIN_PATH``), in file order."""
    return _load(str(path or DOMAIN_PATH))


@lru_cache(maxsize=4)
def _load(path: str) -> Tuple[Attention, ...]:
    raw = yaml.safe_load(Path(path).read_text(encoding="utf-8")) or {}
    variations = []
    for item in (raw.get("responses") or {}).get(RESPONSE) or ():
        conditions = _conditions(item) if isinstance(item, dict) else None
        text = str(item.get("text") or "").strip() if conditions is not None else ""
        if text:
            told = conditions.get("story_told")
            emotion = conditions.get("emotion")
            variations.append(Attention(text, str(emotion) if emotion else None, _bool(told)))
    return tuple(variations)


def _bool(value: Any) -> Optional[bool]:
    if isinstance(value, bool) or value is None:
        return value
    return str(value).strip().lower() == "true"


def problem_phrase(category: Optional[str], problem_text: str = "") -> str:
    """How the bot names the problem ("ce retard de livraison"), neutral when unknown."""
    found = category_for(category)
    return found.problem_phrase(problem_text or "") if found else DEFAULT_PROBLEM


def _fill(text: str, values: Dict[str, str]) -> Optional[str]:
    """The text with its placeholders filled; None when one has no value (or is malformed)."""
    try:
        fields = [field for _, field, _, _ in string.Formatter().parse(text) if field is not None]
    except ValueError:
        return None
    if any(field not in values for field in fields):
        return None
    for field in fields:
        text = text.replace("{" + field + "}", values[field])
    return text


def _told(sentence: str) -> Optional[str]:
    """The sentence without its request to tell what happened; None when nothing is left."""
    folded = fold(sentence)
    if not any(cue in folded for cue in _TELL_CUES) and not sentence.endswith("?"):
        return sentence
    head, colon, tail = sentence.rpartition(" : ")
    tail_folded = fold(tail)
    asks = tail.endswith("?") or any(tail_folded.startswith(cue) for cue in _TELL_CUES)
    if colon and asks and not any(cue in fold(head) for cue in _TELL_CUES):
        return head.rstrip(" ,;") + "."
    return None


def adapt(text: str, strip_telling: bool) -> str:
    """What a person can say of a bot's attention text (see the module docstring)."""
    kept = []
    for sentence in _SENTENCES.split(text.strip()):
        if any(cue in fold(sentence) for cue in _HANDOVER_CUES):
            continue
        if strip_telling:
            sentence = _told(sentence)
        if sentence:
            kept.append(sentence)
    result = " ".join(kept).strip()
    return result[:1].upper() + result[1:]


def _pool(emotion: str, story_told: bool) -> List[Attention]:
    """The variations for ``emotion`` (the neutral ones: also those without conditions)."""
    wanted = (NEUTRAL, None) if emotion == NEUTRAL else (emotion,)
    chosen = [v for v in attention_variations() if v.emotion in wanted]
    if not story_told:  # "Merci d'avoir tout expliqué" would be wrong
        return [v for v in chosen if v.story_told is not True]
    return chosen


def _key(text: str) -> str:
    """Two suggestions that open with the same sentence are the same suggestion."""
    return fold(_SENTENCES.split(text, maxsplit=1)[0]).strip(" .!?")


def suggestions(
    emotion: Optional[str],
    category: Optional[str],
    problem_text: str = "",
    count: int = 3,
    seed: Optional[int] = None,
    story_told: bool = True,
) -> List[str]:
    """Up to ``count`` distinct replies for an advisor, in French, for the customer's
    ``emotion`` (the neutral ones when it has none), naming the problem of ``category``.
    ``story_told``: the customer already told what happened (the usual case once a person
    took over). Deterministic for a given ``seed``; never a text with a brace."""
    if count <= 0:
        return []
    rng = random.Random(seed)
    values = {"complaint_problem": problem_phrase(category, problem_text)}
    groups = [_pool(emotion, story_told)] if emotion and emotion != NEUTRAL else []
    groups.append(_pool(NEUTRAL, story_told))  # the fallback, and the top-up when too few
    found: List[str] = []
    seen = set()
    for group in groups:
        # once the story is told, the variations written for that come first
        preferred = [v for v in group if v.story_told is True] if story_told else group
        others = [v for v in group if v not in preferred]
        rng.shuffle(preferred)
        rng.shuffle(others)
        for variation in preferred + others:
            filled = _fill(variation.text, values)
            if filled is None:
                continue
            text = adapt(filled, strip_telling=story_told and variation.story_told is not True)
            if not text or "{" in text or "}" in text or _key(text) in seen:
                continue
            seen.add(_key(text))
            found.append(text)
            if len(found) >= count:
                return found
        if len(found) >= 2:  # enough of the customer's own emotion: no neutral top-up
            break
    return found
