"""What a message means where it is said (pure): a few answers the NLU reads out of context.

The NLU reads each message alone. Two answers are plain to a person only from what the bot
has just asked, and the classifier, which never sees that, gets them wrong:

* after the closure, the rating asked and not given yet, a message that opens with a mark or
  gives one ("3. vous avez mis du temps à comprendre", "2 étoiles, et le remboursement du
  mois ?", "je vous aurais mis 4") is the rating, not a new complaint;
* right after the reformulation ("… C'est bien cela ?"), a plain yes with a remark ("Oui. Ou
  le remboursement si vous n'avez pas de date", "J'ai dit OUI.") is the yes; a yes with a
  correction ("oui, sauf que le montant c'est 112,40") is left to the NLU and the correction.

``reread`` returns the intent the message has there, or None to keep the NLU's.
"""

from __future__ import annotations

import re
from typing import Optional

from litige.text import fold

RATE, AFFIRM = "rate", "affirm"

_NOT_A_MARK = (
    r"(?!\s*(?:jours?|semaines?|mois|fois|ans?|heures?|h\b|minutes?|min\b|€|eur|euros?|articles?"
    r"|colis|e\b|eme\b|er\b|x\b|%))"
)
_MARK = rf"([1-5])(?![\d,.]\d){_NOT_A_MARK}(?:\s*(?:/\s*5|sur\s*5|sur cinq|etoiles?|⭐+))?"
_END = r"(?=$|[\s.,!:;)\-])"
_OPENING_MARK = re.compile(
    rf"^\s*(?:(?:ma )?note\s*(?:c'est|:|=)?\s*|je (?:vous )?(?:mets|met|donne)\s+)?{_MARK}{_END}"
)
_GIVEN_MARK = re.compile(
    rf"\bje (?:vous )?(?:mets|met|donne|aurais mis|aurais donne|mettrais|donnerais)\s+(?:un |une )?"
    rf"{_MARK}{_END}"
)
# a yes that opens the answer, or a yes said again ("j'ai dit oui")
_YES = re.compile(
    r"^\s*(?:oui|ouais|ouai|yes|exact|exactement|c'est (?:bien )?(?:ca|cela)|tout a fait|voila)\b"
    r"|\bj'ai (?:deja |bien )?dit oui\b"
)
_BUT = re.compile(
    r"\b(?:mais|sauf|par contre|en revanche|a part|pas tout a fait|pas vraiment|pas exactement|non|"
    r"il manque|vous avez oublie|ce n'est pas|c'est pas|erreur|faux)\b"
)


def rating_in(text: Optional[str]) -> Optional[int]:
    """The 1-5 mark a message opens with or gives ("3. vous avez mis du temps", "je mets 4")."""
    folded = fold(text or "")
    found = _OPENING_MARK.search(folded) or _GIVEN_MARK.search(folded)
    return int(found.group(1)) if found else None


def plain_yes(text: Optional[str]) -> bool:
    """A yes, with a remark perhaps, and nothing that corrects."""
    folded = fold(text or "")
    return bool(_YES.search(folded)) and not _BUT.search(folded)


def reread(
    intent: Optional[str],
    text: Optional[str],
    waltz_step: Optional[str],
    rated: bool,
    last_action: Optional[str],
    active_loop: Optional[str] = None,
) -> Optional[str]:
    """The intent the message has in the conversation, when it is not the NLU's ``intent``."""
    if not text or text.startswith("/"):
        return None  # a button says what it is
    if waltz_step == "closure" and not rated and intent != RATE and rating_in(text) is not None:
        return RATE
    if (
        waltz_step == "questioning"
        and not active_loop
        and last_action == "action_reformulate"
        and intent != AFFIRM
        and plain_yes(text)
    ):
        return AFFIRM
    return None
