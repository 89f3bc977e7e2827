"""What every turn of a scenario must show, as pure functions on the bot's texts (unit-tested
in tests/tools/test_scenario_checks.py without servers)."""

from __future__ import annotations

import re
import unicodedata
from typing import Iterable, List, Optional

# A quote: this many words in a row taken from the customer with their own "je / mon / me"
# still in them, or LONG_QUOTE_WORDS in a row whatever they are. A wish said back in the second
# person ("vous voulez une date de livraison ferme") is a reformulation, not a quote.
QUOTE_WORDS = 5
LONG_QUOTE_WORDS = 14
FIRST_PERSON = {"je", "j", "me", "m", "moi", "mon", "ma", "mes", "jai", "g"}

EMPATHY = re.compile(
    r"d[ée]sol[ée]|navr[ée]|je comprends|je vous comprends|regrett|excus|pardon pour|"
    r"c'est (?:vraiment |très |tout à fait )?(?:pénible|frustrant|inquiétant|agaçant|normal|légitime)|"
    r"je suis (?:vraiment )?(?:sincèrement )?(?:touché|là pour)"
    r"|merci de (?:me |nous )?(?:l'avoir|avoir|prendre)",
    re.IGNORECASE,
)
# every variation of utter_default (domain.yml): the generic "I did not understand"
FALLBACK = re.compile(
    r"pas sûr d'avoir bien compris|dites?-le(?:-moi)? autrement|pourriez-vous reformuler|je n'ai pas saisi",
    re.IGNORECASE,
)
SAFETY = re.compile(
    r"débranch|coupez|n'utilisez plus|cessez|arrêtez d'utiliser|éloignez|\b112\b|aérez|sortez|"
    r"ne touchez|disjoncteur|robinet",
    re.IGNORECASE,
)
MONTHS = "janvier|février|mars|avril|mai|juin|juillet|août|septembre|octobre|novembre|décembre"
DATE = re.compile(
    rf"\b(?:lundi|mardi|mercredi|jeudi|vendredi|samedi|dimanche)\s+\d{{1,2}}(?:er)?\s+(?:{MONTHS})\b",
    re.IGNORECASE,
)
WINDOW = re.compile(r"\bentre\s+\d{1,2}\s?h(?:\s?\d{2})?\s+et\s+\d{1,2}\s?h", re.IGNORECASE)
REFERENCE = re.compile(r"\bLIT-\d{4}-\d{6}\b")
REFERENCE_LATER = re.compile(r"référence (?:vous )?(?:sera|arrivera|vous parviendra)", re.IGNORECASE)
_WORD = re.compile(r"[a-z0-9]+(?:'[a-z0-9]+)?")
_IDENTIFIER = re.compile(r"\S+@\S+|\bcmd[- ]?\d+\b|\blit-\d{4}-\d+\b", re.IGNORECASE)


def fold(text: str) -> str:
    """Lower case, no accents, typographic apostrophes made plain."""
    text = unicodedata.normalize("NFKD", text.replace("’", "'"))
    return "".join(c for c in text if not unicodedata.combining(c)).lower()


def words(text: str) -> List[str]:
    return _WORD.findall(fold(_IDENTIFIER.sub(" ", text)))


def _first_person(run: List[str]) -> bool:
    return any(w in FIRST_PERSON or w.startswith(("j'", "m'")) for w in run)


def quoted(bot_text: str, customer_texts: Iterable[str]) -> Optional[str]:
    """The first run of words the bot took as-is from one of the customer's messages: a raw
    quote (see QUOTE_WORDS), or a customer's text between « »."""
    bot = " ".join(words(bot_text))
    if not bot:
        return None
    texts = list(customer_texts)
    for inner in re.findall(r"«\s*([^»]+?)\s*»", bot_text):
        if any(" ".join(words(inner)) in " ".join(words(t)) for t in texts if words(inner)):
            return inner
    for text in texts:
        said = words(text)
        for size in (QUOTE_WORDS, LONG_QUOTE_WORDS):
            for i in range(len(said) - size + 1):
                run = said[i : i + size]
                if size == QUOTE_WORDS and not _first_person(run):
                    continue
                if re.search(rf"(?:^| ){re.escape(' '.join(run))}(?: |$)", bot):
                    return " ".join(run)
    return None


def shouted_back(bot_text: str, customer_texts: Iterable[str]) -> Optional[str]:
    """A word the customer wrote in capitals (4 letters or more) that the bot wrote in capitals
    too, or an exclamation run in the bot's text."""
    if re.search(r"[!?]{2,}", bot_text):
        return re.search(r"[!?]{2,}", bot_text).group(0)
    capitals = {w for text in customer_texts for w in re.findall(r"\b[A-ZÀ-Ý]{4,}\b", text)}
    capitals -= {"CMD", "LIT"}
    for word in re.findall(r"\b[A-ZÀ-Ý]{4,}\b", bot_text):
        if word in capitals:
            return word
    return None


def sentences(text: str) -> List[str]:
    parts = re.split(r"(?<=[.!?…])\s+|\n+", text.strip())
    return [p.strip() for p in parts if p.strip()]


def answers(reply: List[str]) -> bool:
    """The bot's reply starts with something that is not a question of its own and not the
    generic fallback: an answer comes before the bot asks again."""
    if not reply or FALLBACK.search(reply[0]):
        return False
    first = [s for s in sentences(reply[0]) if s]
    return bool(first) and not first[0].endswith("?")


def is_empathic(reply: List[str]) -> bool:
    text = " ".join(reply)
    return bool(EMPATHY.search(text)) and not FALLBACK.search(text)


def is_dated(text: str) -> bool:
    return bool(DATE.search(text))


def has_window(text: str) -> bool:
    return bool(WINDOW.search(text))


def shows_reference(texts: Iterable[str]) -> bool:
    return any(REFERENCE.search(t) or REFERENCE_LATER.search(t) for t in texts)


def safety_first(reply: List[str]) -> bool:
    return bool(reply) and bool(SAFETY.search(reply[0]))
