"""Normalisation and validation of the values customers type (pure functions).

The formats match the regexes in ``data/nlu/regex.yml``.
"""

from __future__ import annotations

import re
from decimal import Decimal, InvalidOperation
from typing import Any, Optional

from litige.text import fold  # noqa: F401  (re-exported: actions match free text with it)

ORDER_ID = re.compile(r"^\s*(?:commande\s*)?(?:n[°o]\s*)?(?:#\s*)?cmd[\s-]?(\d{6,8})\s*$", re.I)
BARE_ORDER_NUMBER = re.compile(r"^\s*(?:n[°o]\s*)?#?\s*(\d{6,8})\s*$", re.I)
# the same formats, found inside a sentence
# (a bare number inside a complaint reference, "LIT-2026-000002", or a phone number is none)
ORDER_ID_IN_TEXT = re.compile(r"cmd[\s-]?\d{6,8}\b|(?<![\w-])(?<!\d )\d{6,8}\b(?![ .-]?\d)", re.I)
EMAIL_IN_TEXT = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)*\.[a-zA-Z]{2,}")
TICKET_ID = re.compile(r"^\s*lit-(\d{4})-(\d{6})\s*$", re.I)
EMAIL = re.compile(r"^[A-Za-z0-9._%+-]{1,64}@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,24}$")
AMOUNT = re.compile(r"^\s*(\d{1,6})(?:[.,](\d{1,2}))?\s*(?:€|euros?|eur)?\s*$", re.I)

MAX_NAME_LENGTH = 80


def normalize_order_id(text: Optional[str], allow_bare_number: bool = False) -> Optional[str]:
    """ "cmd 482913" -> "CMD-482913"; None when it is not an order number.

    A bare 6-8 digit number is accepted only when the bot has just asked for the
    order number (``allow_bare_number``), never from free text."""
    if not text or len(text) > 40:
        return None
    match = ORDER_ID.match(text)
    if not match and allow_bare_number:
        match = BARE_ORDER_NUMBER.match(text)
    return f"CMD-{match.group(1)}" if match else None


def find_order_id(text: Optional[str]) -> Optional[str]:
    """The first order number in free text ("c'est la cmd 482913" -> "CMD-482913"); a bare
    number too, so only for answers to "what is your order number?"."""
    match = ORDER_ID_IN_TEXT.search(text or "")
    return normalize_order_id(match.group(0), allow_bare_number=True) if match else None


def find_email(text: Optional[str]) -> Optional[str]:
    """The first e-mail address in free text, normalised."""
    match = EMAIL_IN_TEXT.search(text or "")
    return normalize_email(match.group(0)) if match else None


def first_value(value: Any) -> Any:
    """Slots mapped from entities get a list when the entity occurs several times."""
    if isinstance(value, list):
        return value[0] if value else None
    return value


def normalize_ticket_id(text: Optional[str]) -> Optional[str]:
    """ "lit-2026-000123" -> "LIT-2026-000123"."""
    if not text or len(text) > 40:
        return None
    match = TICKET_ID.match(text)
    return f"LIT-{match.group(1)}-{match.group(2)}" if match else None


def normalize_email(text: Optional[str]) -> Optional[str]:
    """Lower-cased address when it is plausible, else None."""
    if not text:
        return None
    candidate = text.strip().strip(".,;:!?<>()[]\"'").lower()
    if len(candidate) > 254 or ".." in candidate:
        return None
    return candidate if EMAIL.match(candidate) else None


def normalize_amount(text: Optional[str]) -> Optional[str]:
    """ "49,90 €" -> "49.90"; None when not a sum of money."""
    if not text:
        return None
    match = AMOUNT.match(text)
    if not match:
        return None
    units, cents = match.groups()
    try:
        value = Decimal(f"{units}.{(cents or '0').ljust(2, '0')}")
    except InvalidOperation:
        return None
    return f"{value:.2f}"


def normalize_person_name(text: Optional[str]) -> Optional[str]:
    """Trim, collapse spaces and capitalise each part of a name ("jean-marc  DUPONT" ->
    "Jean-Marc Dupont"). None when it does not look like a name."""
    if not text:
        return None
    cleaned = re.sub(r"\s+", " ", text).strip(" .,;:!?")
    if not cleaned or len(cleaned) > MAX_NAME_LENGTH:
        return None
    if not re.fullmatch(r"[^\W\d_]+(?:[ '’-][^\W\d_]+)*", cleaned):
        return None

    def capitalise(part: str) -> str:
        return "-".join(piece[:1].upper() + piece[1:].lower() for piece in part.split("-"))

    return " ".join(capitalise(part) for part in cleaned.split(" "))


_E164_FR = re.compile(r"\+33[1-9]\d{8}")


def normalize_phone(text: Optional[str]) -> Optional[str]:
    """A French number in E.164 ("06 12 34 56 78", "+33 6 12 34 56 78" -> "+33612345678"),
    else None."""
    if not text:
        return None
    candidate = str(text).strip()
    if _E164_FR.fullmatch(candidate):
        return candidate
    from litige.facts import PHONE  # the facts' own reading of a French number

    match = PHONE.search(fold(candidate))
    return "+33" + re.sub(r"\D", "", match.group(1)) if match else None


def french_phone(e164: str) -> str:
    """ "+33612345678" -> "06 12 34 56 78", as a French person writes it."""
    national = "0" + e164[3:]
    return " ".join(national[i : i + 2] for i in range(0, 10, 2))
