"""What a trainer reads, with the customer's personal data masked (pure).

E-mail addresses, French phone numbers, order numbers and the customer's name are replaced
by placeholders, unless the trainer revealed that kind (each reveal is logged by the store).
The patterns follow the ones the bot reads them with (``litige/parsing.py``,
``litige/facts.py``): "CMD-482913", "commande n° 482913", "06 12 34 56 78", "+33 6 12 34 56 78".
"""

from __future__ import annotations

import copy
import re
from dataclasses import fields, is_dataclass, replace
from typing import Any, Callable, Collection, Dict, List, Mapping, Optional, Sequence, Tuple

from litige.text import fold

EMAIL_MASK = "[e-mail masqué]"
PHONE_MASK = "[téléphone masqué]"
ORDER_MASK = "[commande masquée]"
NAME_MASK = "[nom masqué]"

EMAIL, PHONE, ORDER_ID, NAME = "email", "phone", "order_id", "name"
KINDS = (EMAIL, PHONE, ORDER_ID, NAME)
KIND_LABELS = {
    EMAIL: "adresse e-mail",
    PHONE: "numéro de téléphone",
    ORDER_ID: "numéro de commande",
    NAME: "nom du client",
}
PLACEHOLDERS = {EMAIL: EMAIL_MASK, PHONE: PHONE_MASK, ORDER_ID: ORDER_MASK, NAME: NAME_MASK}
ALL = "all"  # a reveal of everything on the page
REVEAL_KINDS = KINDS + (ALL,)

_EMAIL = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)*\.[A-Za-z]{2,24}\b")
# litige.facts.PHONE, on the text as written (digits are not folded)
_PHONE = re.compile(
    r"(?<![\w+])(?:(?:\+|00) ?33 ?(?:\(0\) ?|0)?|\(0\) ?|0 ?)[1-9](?:[ .-]?\d){8}(?!\d|[.,]\d)"
)
# "CMD-482913", "cmd 482913", "#CMD482913": the whole reference
_ORDER_REFERENCE = re.compile(r"(?<![A-Za-z0-9])#?cmd[\s_#:-]{0,2}\d{6,8}(?!\d)", re.I)
# "commande n° 482913", "numéro de commande : 482913": the number only
_ORDER_NUMBER = re.compile(
    r"(\b(?:commande|cde)\s*(?:[-_#:]\s*)?(?:n\s*[°o]\.?\s*|num(?:[ée]ro)?\s*)?"
    r"|\b(?:n\s*[°o]|num[ée]ro)\s*(?:de\s+)?commande\s*:?\s*#?\s*)(\d{6,8})(?!\d)",
    re.I,
)
_ACCENTS = {
    "a": "aàâäáã",
    "c": "cç",
    "e": "eéèêë",
    "i": "iîïíì",
    "o": "oôöóò",
    "u": "uùûüú",
    "y": "yÿ",
    "n": "nñ",
}
_NAME_PARTS = re.compile(r"[^\W\d_]+(?:['’-][^\W\d_]+)*")
MIN_NAME_PART = 3  # shorter parts ("Li", "Bo") would mask ordinary words

# the fields of a turn (timeline.Turn, or its dict) that hold what people wrote or said
_TURN_TEXTS = ("text",)
_TURN_TEXT_LISTS = ("bot_texts",)


def _letters(part: str) -> str:
    """A pattern for a name written with or without its accents, in any case."""
    out = []
    for char in fold(part):
        if char in _ACCENTS:
            out.append(f"[{_ACCENTS[char]}]")
        elif char in "'’":
            out.append("['’]")
        else:
            out.append(re.escape(char))
    return "".join(out)


def _name_pattern(known: Mapping[str, Any]) -> Optional[re.Pattern]:
    name = known.get("customer_name")
    if not isinstance(name, str) or not name.strip():
        return None
    whole = name.strip()
    parts = [p for p in _NAME_PARTS.findall(whole) if len(p) >= MIN_NAME_PART]
    candidates = sorted({whole, *parts}, key=len, reverse=True)  # the full name first
    alternatives = "|".join(r"\s+".join(_letters(w) for w in c.split()) for c in candidates)
    return re.compile(rf"(?<![^\W\d_])(?:{alternatives})(?![^\W\d_])", re.I)


def _known_digits(known: Mapping[str, Any]) -> Optional[re.Pattern]:
    """The known order's bare number ("482913"), as a customer answers "your order number?"."""
    order = known.get("order_id")
    digits = re.sub(r"\D", "", order) if isinstance(order, str) else ""
    if not 6 <= len(digits) <= 8:
        return None
    return re.compile(rf"(?<!\d){digits}(?!\d)")


def _known_literals(known: Mapping[str, Any], key: str) -> List[str]:
    value = known.get(key)
    return [value] if isinstance(value, str) and len(value.strip()) >= 4 else []


def _patterns(known: Mapping[str, Any]) -> List[Tuple[str, re.Pattern, int]]:
    """(kind, pattern, group) in priority order: an e-mail holding a name is an e-mail."""
    found: List[Tuple[str, re.Pattern, int]] = []
    for literal in _known_literals(known, "customer_email"):
        found.append((EMAIL, re.compile(re.escape(literal), re.I), 0))
    found.append((EMAIL, _EMAIL, 0))
    for literal in _known_literals(known, "order_id"):
        found.append((ORDER_ID, re.compile(re.escape(literal), re.I), 0))
    found += [(ORDER_ID, _ORDER_REFERENCE, 0), (ORDER_ID, _ORDER_NUMBER, 2)]
    digits = _known_digits(known)
    if digits is not None:
        found.append((ORDER_ID, digits, 0))
    for literal in _known_literals(known, "customer_phone"):
        if literal.startswith("+"):
            found.append((PHONE, re.compile(re.escape(literal)), 0))
    found.append((PHONE, _PHONE, 0))
    names = _name_pattern(known)
    if names is not None:
        found.append((NAME, names, 0))
    return found


def mask(text: Any, known: Optional[Mapping[str, Any]] = None, keep: Collection[str] = ()) -> Any:
    """``text`` with e-mails, phone numbers, order numbers and the customer's name (``known``:
    customer_name, customer_email, customer_phone, order_id) replaced by placeholders; the
    kinds in ``keep`` (``KINDS``, or ``"all"``) stay visible, and nothing inside them is
    masked (a revealed e-mail keeps the name it holds). Anything but a string is returned as
    it is."""
    if not isinstance(text, str) or not text or ALL in keep:
        return text
    spans: List[Tuple[int, int, str]] = []
    for kind, pattern, group in _patterns(known or {}):
        for match in pattern.finditer(text):
            start, end = match.span(group)
            if start < end and all(end <= s or start >= e for s, e, _ in spans):
                spans.append((start, end, kind))
    out, position = [], 0
    for start, end, kind in sorted(spans):
        if kind in keep:
            continue
        out.append(text[position:start] + PLACEHOLDERS[kind])
        position = end
    out.append(text[position:])
    return "".join(out)


def mask_value(value: Any, known: Optional[Mapping[str, Any]] = None, keep: Collection[str] = ()) -> Any:
    """A slot's or an entity's value masked, lists and dicts included (a copy)."""
    if isinstance(value, str):
        return mask(value, known, keep)
    if isinstance(value, Mapping):
        return {key: mask_value(item, known, keep) for key, item in value.items()}
    if isinstance(value, (list, tuple)):
        return [mask_value(item, known, keep) for item in value]
    return value


def _masked_turn_fields(turn: Mapping[str, Any], hide: Callable[[Any], Any]) -> Dict[str, Any]:
    changes: Dict[str, Any] = {}
    for key in _TURN_TEXTS:
        if key in turn:
            changes[key] = hide(turn[key])
    for key in _TURN_TEXT_LISTS:
        if key in turn:
            changes[key] = [hide(text) for text in turn[key] or []]
    if "entities" in turn:
        changes["entities"] = [
            {**entity, "value": hide(entity.get("value"))} if isinstance(entity, Mapping) else entity
            for entity in turn["entities"] or []
        ]
    if "slots" in turn:
        changes["slots"] = {name: hide(value) for name, value in (turn["slots"] or {}).items()}
    if "advisor_messages" in turn:
        changes["advisor_messages"] = [
            {**message, "text": hide(message.get("text"))} if isinstance(message, Mapping) else message
            for message in turn["advisor_messages"] or []
        ]
    return changes


def mask_turns(
    turns: Sequence[Any], known: Optional[Mapping[str, Any]] = None, keep: Collection[str] = ()
) -> List[Any]:
    """Copies of the turns (``timeline.Turn`` objects or their dicts) whose customer text,
    assistant texts, advisors' messages, entity values and slot values are masked."""

    def hide(value: Any) -> Any:
        return mask_value(value, known, keep)

    masked: List[Any] = []
    for turn in turns:
        if is_dataclass(turn) and not isinstance(turn, type):
            as_mapping = {f.name: getattr(turn, f.name) for f in fields(turn)}
            masked.append(replace(turn, **_masked_turn_fields(as_mapping, hide)))
        elif isinstance(turn, Mapping):
            masked.append({**turn, **_masked_turn_fields(turn, hide)})
        else:
            raise TypeError(f"not a turn: {turn!r}")
    return masked


_SUMMARY_PLACEHOLDERS = {
    "customer_email": (EMAIL, EMAIL_MASK),
    "customer_phone": (PHONE, PHONE_MASK),
    "order_id": (ORDER_ID, ORDER_MASK),
    "customer_name": (NAME, NAME_MASK),
}


def mask_summary(
    summary: Mapping[str, Any], known: Optional[Mapping[str, Any]] = None, keep: Collection[str] = ()
) -> Dict[str, Any]:
    """A copy of a read-model row (or ``Summary.as_dict()``) with its personal fields and the
    customer's text masked."""
    known = summary if known is None else known
    masked = dict(summary)
    if ALL in keep:
        return masked
    for key, (kind, placeholder) in _SUMMARY_PLACEHOLDERS.items():
        if masked.get(key) and kind not in keep:
            masked[key] = placeholder
    for key in ("customer_text",):
        if key in masked:
            masked[key] = mask(masked[key], known, keep)
    return masked


def known_of(summary: Any) -> Dict[str, Any]:
    """The personal values a summary knows (a ``Summary`` or a dict)."""
    get = summary.get if isinstance(summary, Mapping) else lambda key: getattr(summary, key, None)
    return {key: get(key) for key in _SUMMARY_PLACEHOLDERS}


def mask_conversation(data: Mapping[str, Any], keep: Collection[str] = ()) -> Dict[str, Any]:
    """A copy of ``ReviewStore.conversation()``'s answer as a trainer sees it by default:
    the summary, the turns, the advisors' notes, the comments and the corrected texts masked
    (``keep``: the kinds the trainer revealed)."""
    masked = copy.copy(dict(data))
    summary = data.get("summary") or {}
    known = known_of(summary)
    if summary:
        masked["summary"] = mask_summary(summary, known, keep)
    if "turns" in data:
        masked["turns"] = mask_turns(data["turns"] or [], known, keep)
    for key in ("notes", "comments", "corrections"):
        if key in data:
            masked[key] = [
                {**item, "text": mask(item.get("text"), known, keep)} if isinstance(item, Mapping) else item
                for item in data[key] or []
            ]
    return masked
