"""Feelings the customer names about themselves (pure): "je suis furieux", "j'en ai marre",
"j'ai peur que…", "je suis déçue", "je suis soulagée"; and a good feeling denied about
oneself ("je ne suis pas contente du tout") as disappointment.

What a person says they feel is the strongest evidence there is, and the rarest in the
training data ("furieux" appears in four examples of 9,400, while "c'est la troisième fois"
appears in hundreds labelled frustration). The emotion classifier adds a fixed weight to
each feeling named here (``named_boost`` in its configuration), so "je suis furieuse, c'est
la troisième fois" is anger. Negated statements ("je ne suis pas en colère") name nothing.
"""

from __future__ import annotations

import re
from typing import List, Tuple

from litige.parsing import fold

_I_AM = r"(?:je suis|j'suis|jsuis|chui|je me sens|je deviens|ca me (?:rend|met))\s+(?:\S+\s+){0,3}?"
NAMED: Tuple[Tuple[str, re.Pattern], ...] = tuple(
    (emotion, re.compile(pattern))
    for emotion, pattern in (
        (
            "anger",
            rf"\b{_I_AM}(?:furieu(?:x|se)|en colere|hors de moi|enervee?|en rage|outree?|scandalisee?"
            r"|revoltee?|fou de rage|folle de rage|ecoeuree?|furax|remontee?)\b",
        ),
        (
            "frustration",
            r"\b(?:j'en ai|jen ai|on en a)\s+(?:\S+\s+)?(?:marre|ras le bol|assez)\b"
            rf"|\b{_I_AM}(?:excedee?|exasperee?|lassee?|a bout|epuisee?|usee?)\b",
        ),
        (
            "anxiety",
            rf"\b(?:{_I_AM}(?:inquiete?|angoissee?|stressee?|paniquee?|morte? d'inquietude)"
            r"|j'ai (?:tres |vraiment |tellement )?peur|je m'inquiete|ca m'inquiete|je panique)\b",
        ),
        ("disappointment", rf"\b(?:{_I_AM}(?:decue?|triste|degoutee?)|quelle deception|ca me decoit)\b"),
        ("satisfaction", rf"\b{_I_AM}(?:ravie?|soulagee?|satisfaite?|contente?)\b"),
    )
)
# a good feeling denied about oneself ("je ne suis pas contente du tout", "pas satisfait
# du tout"): the customer says they are let down, which the convention calls disappointment
NEGATED_SATISFACTION = re.compile(
    r"\b(?:je ne suis|j'suis|jsuis|je suis|chui|je ne me sens)\s+(?:pas|plus|vraiment pas|pas du tout)"
    r"\s+(?:\S+\s+){0,2}?(?:contente?|satisfaite?|ravie?)\b"
)
_NEGATION = re.compile(r"\b(?:ne|n'|pas|plus|jamais|guere)\b|\bn'")


def named_feelings(text: str) -> List[str]:
    """The emotions the customer names about themselves, in the order of ``NAMED``."""
    folded = fold(text or "")
    found = []
    for emotion, pattern in NAMED:
        for match in pattern.finditer(folded):
            before = folded[max(0, match.start() - 4) : match.start()]
            if not _NEGATION.search(match.group(0)) and not re.search(r"\bn'?e?\s*$", before):
                found.append(emotion)
                break
    if "disappointment" not in found and NEGATED_SATISFACTION.search(folded):
        found.append("disappointment")
    return found
