"""Questions, and the small knowledge base of questions that are not complaints (pure).

``is_question`` tells a question from an answer or a statement ("vous livrez en Belgique ?",
"est-ce que je peux le retourner", "comment je fais pour…"); ``find`` gives the id of the
knowledge entry (``catalogue/knowledge.yml``) a question is about, None when none is.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Mapping, Optional, Tuple

import yaml

from litige.text import fold

_INTERROGATIVE = re.compile(
    r"^(?:et |mais |bon |alors |du coup |euh )?(?:est-ce que|est ce que|quand|comment|combien|pourquoi|qui "
    r"|quel|quelle|quels|quelles|ou |vous pouvez|pouvez-vous|pourriez-vous|c'est possible|est-il possible"
    r"|y a-t-il|il y a moyen|ca veut dire|c'est-a-dire|vous livrez|vous faites|vous acceptez|on peut"
    r"|je peux|puis-je|a quoi|a quelle)\b"
)


_TRAILING = re.compile(r"\b(?:comment|quand|combien|pourquoi|ou ca|c'est ou|ou)\s*$")
# a question asked indirectly ("je voudrais savoir combien de temps…", "pourriez-vous me dire si…")
_INDIRECT = re.compile(
    r"^(?:je voudrais|j'aimerais|je souhaiterais|je souhaite|je voulais|je veux juste|j'ai besoin de)"
    r" (?:savoir|connaitre|comprendre|verifier) (?:si|combien|comment|quand|pourquoi|ou|quel|quelle|quels"
    r"|quelles|ce que|ce qu'|s'il|s'ils|le delai|la duree|les horaires|vos horaires)"
    r"|^je me demandais\b"
    r"|^(?:pouvez|pourriez|pourrais|peux)[- ](?:vous|tu) m'(?:indiquer|expliquer|preciser|confirmer|dire)\b"
    r"|^(?:pouvez|pourriez)[- ]vous me (?:dire|preciser|indiquer|confirmer|expliquer)\b"
)
# what may come before the question itself: a greeting, a politeness
_OPENING = re.compile(
    r"^(?:(?:bonjour|bonsoir|salut|hello|coucou|madame|monsieur|mesdames|messieurs|ou|et|svp"
    r"|s'il vous plait)\b[ ,.!]*)+"
)


class KnowledgeError(ValueError):
    """The knowledge file is malformed."""


@dataclass(frozen=True)
class Entry:
    id: str
    groups: Tuple[Tuple[str, ...], ...]

    def matches(self, folded: str) -> bool:
        return any(all(word in folded for word in group) for group in self.groups)


def is_question(text: Optional[str]) -> bool:
    raw = (text or "").strip()
    if not raw or raw.startswith("/"):
        return False
    if "?" in raw:
        return True
    folded = fold(raw)
    asked = _OPENING.sub("", folded)
    return bool(
        _INTERROGATIVE.match(folded)
        or _TRAILING.search(folded)
        or _INTERROGATIVE.match(asked)
        or _INDIRECT.match(asked)
    )


def parse(raw: Mapping[str, Any]) -> Tuple[Entry, ...]:
    entries = (raw or {}).get("entries")
    if not isinstance(entries, list) or not entries:
        raise KnowledgeError("knowledge: 'entries' must be a non-empty list")
    parsed = []
    for index, item in enumerate(entries):
        groups = item.get("when") if isinstance(item, dict) else None
        if (
            not item.get("id")
            or not isinstance(groups, list)
            or not all(isinstance(g, list) and g for g in groups)
        ):
            raise KnowledgeError(f"knowledge.entries[{index}]: needs an id and a list of word groups")
        parsed.append(Entry(str(item["id"]), tuple(tuple(fold(str(w)) for w in g) for g in groups)))
    ids = [e.id for e in parsed]
    if len(ids) != len(set(ids)):
        raise KnowledgeError(f"knowledge: duplicate ids {ids}")
    return tuple(parsed)


def load(path: Path) -> Tuple[Entry, ...]:
    """The knowledge base's entries from its YAML file (``catalogue/knowledge.yml``)."""
    return parse(yaml.safe_load(Path(path).read_text(encoding="utf-8")))


def find(text: Optional[str], entries: Tuple[Entry, ...]) -> Optional[str]:
    folded = fold(text or "")
    return next((entry.id for entry in entries if entry.matches(folded)), None)
