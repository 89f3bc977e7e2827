"""What a customer's message already tells, for the questioning step (pure, no Rasa).

* ``story_told(text)``: the message already says what happened (the attention reply does
  not ask for the story again, and the form does not ask "que s'est-il passé ?");
* ``wish_clause(text)``: the part of a message that says what the customer wants
  ("… et je veux être remboursé", "j'aimerais une date ferme"), or None;
* ``second_person(text)``: that wish said back to the customer ("vous voulez être
  remboursé"), or None when it cannot be turned around safely (another first-person verb,
  the company addressed as "vous", an insult, too long): the caller then says it in its own
  words instead of quoting;
* ``context_phrase(facts)``: the facts worth saying back in a reformulation (how long it has
  lasted, the amount, how many times the customer already contacted us), as French clauses.

Choices: a story is told when the message has at least 14 words, or at least 8 words with a
concrete fact (a duration, a point in time, an amount, an order reference, earlier
attempts). Numbers up to twelve are written in words.
"""

from __future__ import annotations

import re
from datetime import date
from typing import List, Optional

from litige.facts import Elapsed, Facts, Since, extract
from litige.signals import detect

STORY_WORDS = 14
STORY_WORDS_WITH_FACT = 8
MAX_WISH_WORDS = 16

_WORD = re.compile(r"[^\W\d_]+(?:['’][^\W\d_]+)?", re.UNICODE)

# the cue starts the clause; the verb is turned to the second person by _CUE_SECOND_PERSON
_CUES = (
    r"je (?:ne )?(?:veux|voudrais|souhaite|souhaiterais|demande|exige|attends|aimerais)",
    r"j['’](?:aimerais|exige|attends|voudrais|ai besoin)",
    r"il me faut",
    r"ce (?:que|qu['’]il) (?:je veux|je voudrais|je demande|j['’]attends|me faut)",
    r"j['’ ]?veu[xt]|je veu\b|jvoudrais",  # SMS spellings
    # an imperative addressed to the company: "renvoyez-la-moi vite", "remboursez-moi svp"
    r"(?:renvoy|rembours|rappel|envoy|livr|repar|chang|echang|échang|annul|corrig|recontact)ez"
    r"(?:[- ](?:la|le|les|l['’]))?[- ](?:moi|nous)",
)
_CUE = re.compile(r"\b(?:" + "|".join(_CUES) + r")\b", re.IGNORECASE)
_NEGATED = re.compile(r"\s*(?:pas|plus|rien|jamais|surtout pas)\b", re.IGNORECASE)  # "j'veux pas de bon"
_CLAUSE_END = re.compile(r"[.!?;\n]|\s(?:mais|sinon|parce que|car)\s", re.IGNORECASE)

_IMPERATIVE = re.compile(r"^\w+ez[- ](?:(?:la|le|les|l['’])[- ])?(?:moi|nous)\b", re.IGNORECASE)
_SMS = re.compile(
    r"\b(?:qqn|qqch|pr|tjs|jsp|bcp|svp|stp|pk|pq|koi|ke|c|g|chui|jss|dsl|mdr|vs|ts|tt|rdv|mtn|asap)\b",
    re.IGNORECASE,
)
_CUE_SECOND_PERSON = (
    (r"^je (ne )?veux\b", r"vous \1voulez"),
    (r"^j['’ ]?veu[xt]\b|^je veu\b", "vous voulez"),
    (r"^jvoudrais\b", "vous voudriez"),
    (r"^je (ne )?voudrais\b", r"vous \1voudriez"),
    (r"^je (ne )?souhaite\b", r"vous \1souhaitez"),
    (r"^je (ne )?souhaiterais\b", r"vous \1souhaiteriez"),
    (r"^je (ne )?demande\b", r"vous \1demandez"),
    (r"^je (ne )?exige\b", r"vous \1exigez"),
    (r"^je (ne )?attends\b", r"vous \1attendez"),
    (r"^je (ne )?aimerais\b", r"vous \1aimeriez"),
    (r"^j['’]aimerais\b", "vous aimeriez"),
    (r"^j['’]exige\b", "vous exigez"),
    (r"^j['’]attends\b", "vous attendez"),
    (r"^j['’]voudrais\b", "vous voudriez"),
    (r"^j['’]ai besoin\b", "vous avez besoin"),
    (r"^il me faut\b", "il vous faut"),
    (r"^ce que je veux\b", "ce que vous voulez"),
    (r"^ce que je voudrais\b", "ce que vous voudriez"),
    (r"^ce que je demande\b", "ce que vous demandez"),
    (r"^ce que j['’]attends\b", "ce que vous attendez"),
    (r"^ce qu['’]il me faut\b", "ce qu'il vous faut"),
)
_POSSESSIVES = (
    (r"\bmon\b", "votre"),
    (r"\bma\b", "votre"),
    (r"\bmes\b", "vos"),
    (r"\bm['’]", "vous "),
    (r"\bme\b", "vous"),
    (r"\bmoi\b", "vous"),
)
# still first person (another verb to conjugate) or the company itself: not said back
_UNSAFE = re.compile(r"\b(?:je|j['’]|nous|vous|votre|vos|on m['’])", re.IGNORECASE)

_NUMBERS = {
    1: "un",
    2: "deux",
    3: "trois",
    4: "quatre",
    5: "cinq",
    6: "six",
    7: "sept",
    8: "huit",
    9: "neuf",
    10: "dix",
    11: "onze",
    12: "douze",
}
_UNITS = {  # singular, plural, feminine
    "hour": ("heure", "heures", True),
    "day": ("jour", "jours", False),
    "week": ("semaine", "semaines", True),
    "month": ("mois", "mois", False),
    "year": ("an", "ans", False),
}
_MONTHS = (
    "janvier",
    "février",
    "mars",
    "avril",
    "mai",
    "juin",
    "juillet",
    "août",
    "septembre",
    "octobre",
    "novembre",
    "décembre",
)


def words(text: Optional[str]) -> List[str]:
    return _WORD.findall(text or "")


def story_told(text: Optional[str], facts: Optional[Facts] = None) -> bool:
    """Whether the message already tells what happened."""
    count = len(words(text))
    if count >= STORY_WORDS:
        return True
    if count < STORY_WORDS_WITH_FACT:
        return False
    facts = facts if facts is not None else extract(text)
    return bool(facts.elapsed or facts.since or facts.amounts or facts.order_ids or facts.attempts)


def wish_clause(text: Optional[str], positive_only: bool = False) -> Optional[str]:
    """The clause saying what the customer wants, from its cue to the end of the sentence or to
    the next cue; the last one wins, but what they do not want yields to what they want ("Je
    voudrais être remboursée, je ne veux plus rien recevoir de chez vous"); a refusal alone is
    returned too, unless ``positive_only``."""
    text = text or ""
    cues = list(_CUE.finditer(text))
    refused: Optional[str] = None
    for index in reversed(range(len(cues))):
        match = cues[index]
        rest = text[match.start() : cues[index + 1].start() if index + 1 < len(cues) else len(text)]
        end = _CLAUSE_END.search(rest)
        clause = (rest[: end.start()] if end else rest).strip(" ,:-")
        said = text[match.end() : match.start() + len(clause)]
        if _IMPERATIVE.match(clause) or (len(words(clause)) >= 3 and len(words(said)) >= 1):
            # "Remboursez-moi." says it all; "ce que je demande" alone says nothing
            if not _NEGATED.match(said) and " ne " not in f" {match.group(0).lower()} ":
                return clause
            refused = refused or clause
    return None if positive_only else refused


def _number(value: int, feminine: bool = False) -> str:
    if value == 1 and feminine:
        return "une"
    return _NUMBERS.get(value, str(value))


def second_person(text: Optional[str]) -> Optional[str]:
    """What the customer said they want, said back to them; None when not safe."""
    clause = re.sub(r"\s+", " ", (text or "").strip(" .!?,;:")).strip()
    if not clause or len(words(clause)) > MAX_WISH_WORDS or detect(clause).insult:
        return None
    lowered = " ".join(w if not (w.isupper() and len(w) > 1) else w.lower() for w in clause.split(" "))
    lowered = lowered[0].lower() + lowered[1:]
    prefix, rest = "", lowered
    for pattern, replacement in _CUE_SECOND_PERSON:
        cue = re.match(pattern, lowered, flags=re.IGNORECASE)
        if cue:
            prefix, rest = cue.expand(replacement), lowered[cue.end() :]
            break
    if _UNSAFE.search(rest) or _IMPERATIVE.match(lowered) or _SMS.search(lowered):
        return None  # an order given to the company, or SMS spelling: said in the bot's words
    for pattern, replacement in _POSSESSIVES:
        rest = re.sub(pattern, replacement, rest, flags=re.IGNORECASE)
    return re.sub(r"\s+([,;:])", r"\1", re.sub(r"\s+", " ", f"{prefix} {rest}")).strip()


def _duration(elapsed: Elapsed) -> str:
    singular, plural, feminine = _UNITS.get(elapsed.unit, ("jour", "jours", False))
    return f"{_number(elapsed.value, feminine)} {singular if elapsed.value == 1 else plural}"


def _since(since: Since) -> Optional[str]:
    day = since.day
    if not day or day == "aujourd'hui":
        return None
    if re.fullmatch(r"\d{4}-\d{2}-\d{2}", day):
        parsed = date.fromisoformat(day)
        first = "1er" if parsed.day == 1 else str(parsed.day)
        return f"depuis le {first} {_MONTHS[parsed.month - 1]} {parsed.year}"
    if day[:1].isdigit():
        number, _, month = day.partition(" ")
        month = next((m for m in _MONTHS if _fold_month(m) == month), month)
        return f"depuis le {'1er' if number == '1' else number} {month}"
    return f"depuis {day}"


def _fold_month(month: str) -> str:
    return month.replace("é", "e").replace("û", "u")


def amount(value: float) -> str:
    """189.9 -> "189,90 €", 1249.0 -> "1 249 €" (a no-break space between the thousands)."""
    whole = f"{value:,.0f}" if float(value).is_integer() else f"{value:,.2f}"
    return whole.replace(",", "\u00a0").replace(".", ",") + " €"  # a no-break space in thousands


def context_phrase(facts: Facts) -> str:
    """ ", depuis six semaines, pour un montant de 189,90 €, et vous nous avez déjà contactés
    quatre fois": what is known, as clauses following the problem; empty when nothing is."""
    parts: List[str] = []
    if facts.elapsed and facts.elapsed.value > 0:
        parts.append(f"depuis {_duration(facts.elapsed)}")
    elif facts.since:
        since = _since(facts.since)
        if since:
            parts.append(since)
    if facts.amounts:
        parts.append(f"pour un montant de {amount(facts.amounts[0])}")
    if facts.attempts:
        contact = f"vous nous avez déjà contactés {_number(facts.attempts, feminine=True)} fois"
        parts.append(("et " if parts else "") + contact)
    return "".join(f", {part}" for part in parts)
