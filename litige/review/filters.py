"""The conversation list's filters: read from a query string, checked, turned into SQL.

``parse_filters`` takes the query string's dict (the form of the desk's list page) and raises
``ReviewError`` with a French message on a value it cannot use; ``conditions`` gives the
``WHERE`` clauses on ``review_conversations`` outer-joined to ``review_marks``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, fields
from datetime import date, datetime
from functools import lru_cache
from typing import Any, Dict, List, Mapping, Optional, Tuple

import sqlalchemy as sa
import yaml

from litige.catalogue import CATEGORIES
from litige.clock import day_end, day_start
from litige.config import ROOT
from litige.emotions import HEAT_WEIGHT
from litige.review.timeline import LOW_CONFIDENCE, MARKER_LABELS, OUTCOMES
from litige.text import fold

STATUS_LABELS = {"new": "Nouvelle", "reviewed": "Revue", "flagged": "Signalée"}
TAG = re.compile(r"[\w-]{1,30}")
REASON = re.compile(r"[a-z_]{1,40}")
MAX_TAGS = 10
MAX_QUERY = 200
MAX_PER_PAGE = 200
TRUE = ("1", "true", "on", "oui", "yes")
FALSE = ("", "0", "false", "off", "non", "no")


class ReviewError(ValueError):
    """A request the desk cannot carry out as it is; the message is French, for the trainer."""


class UnknownConversation(ReviewError):
    """No such conversation in the read model nor in the tracker store."""


@dataclass
class ListFilters:
    date_from: Optional[date] = None  # Paris dates, on the conversation's start
    date_to: Optional[date] = None
    category: Optional[str] = None
    outcome: Optional[str] = None
    handoff_reason: Optional[str] = None
    rating: Optional[int] = None
    rating_max: Optional[int] = None
    emotion_start: Optional[str] = None
    emotion_end: Optional[str] = None
    status: Optional[str] = None
    tag: Optional[str] = None
    low_confidence: bool = False
    q: Optional[str] = None
    marker: Optional[str] = None

    def as_args(self) -> Dict[str, str]:
        """The query string that gives these filters back (for the pages' links)."""
        args: Dict[str, str] = {}
        for item in fields(self):
            value = getattr(self, item.name)
            if value is None or value is False:
                continue
            args[item.name] = (
                "1" if value is True else value.isoformat() if isinstance(value, date) else str(value)
            )
        return args


def _raw(args: Mapping[str, Any], name: str) -> str:
    value = args.get(name)
    if isinstance(value, (list, tuple)):
        value = value[0] if value else ""
    return str(value if value is not None else "").strip()


def _date(raw: str) -> Optional[date]:
    if not raw:
        return None
    for pattern in ("%Y-%m-%d", "%d/%m/%Y"):
        try:
            return datetime.strptime(raw, pattern).date()
        except ValueError:
            continue
    raise ReviewError(f"La date « {raw} » n'est pas valable : écrivez-la AAAA-MM-JJ ou JJ/MM/AAAA.")


def _rating(raw: str) -> Optional[int]:
    if not raw:
        return None
    if not raw.isdigit() or not 1 <= int(raw) <= 5:
        raise ReviewError(f"La note doit être un nombre entier de 1 à 5, pas « {raw} ».")
    return int(raw)


def _one_of(raw: str, allowed, message: str) -> Optional[str]:
    if not raw:
        return None
    if raw not in allowed:
        raise ReviewError(message.format(raw=raw))
    return raw


def _tag(raw: str) -> str:
    tag = re.sub(r"\s+", "-", raw.strip().lower())
    if not TAG.fullmatch(tag):
        raise ReviewError(
            f"Étiquette non valable : « {raw} » (lettres, chiffres et tirets, 30 caractères au plus)."
        )
    return tag


def parse_tags(tags: Any) -> List[str]:
    """Tags as a list or as "retard, politique retour": lower case, spaces as hyphens."""
    if tags is None:
        return []
    items = tags.split(",") if isinstance(tags, str) else list(tags)
    out: List[str] = []
    for item in items:
        if not isinstance(item, str):
            raise ReviewError("Une étiquette doit être un texte.")
        if item.strip():
            tag = _tag(item)
            if tag not in out:
                out.append(tag)
    if len(out) > MAX_TAGS:
        raise ReviewError(f"Trop d'étiquettes ({MAX_TAGS} au plus).")
    return out


def parse_filters(args: Mapping[str, Any]) -> ListFilters:
    """The filters of a query string; an empty value means "any"."""
    raw = {item.name: _raw(args, item.name) for item in fields(ListFilters)}
    filters = ListFilters(
        date_from=_date(raw["date_from"]),
        date_to=_date(raw["date_to"]),
        category=_one_of(raw["category"], CATEGORIES, "Catégorie de réclamation inconnue : « {raw} »."),
        outcome=_one_of(raw["outcome"], OUTCOMES, "Issue de conversation inconnue : « {raw} »."),
        handoff_reason=raw["handoff_reason"] or None,
        rating=_rating(raw["rating"]),
        rating_max=_rating(raw["rating_max"]),
        emotion_start=_one_of(raw["emotion_start"], HEAT_WEIGHT, "Émotion inconnue : « {raw} »."),
        emotion_end=_one_of(raw["emotion_end"], HEAT_WEIGHT, "Émotion inconnue : « {raw} »."),
        status=_one_of(raw["status"], STATUS_LABELS, "Statut de revue inconnu : « {raw} »."),
        tag=_tag(raw["tag"]) if raw["tag"] else None,
        q=raw["q"] or None,
        marker=_one_of(raw["marker"], MARKER_LABELS, "Repère inconnu : « {raw} »."),
    )
    if filters.handoff_reason and not REASON.fullmatch(filters.handoff_reason):
        raise ReviewError(f"Motif de passage à un conseiller inconnu : « {filters.handoff_reason} ».")
    if raw["low_confidence"].lower() in TRUE:
        filters.low_confidence = True
    elif raw["low_confidence"].lower() not in FALSE:
        raise ReviewError(f"Valeur non valable pour « confiance faible » : « {raw['low_confidence']} ».")
    if filters.q and len(filters.q) > MAX_QUERY:
        raise ReviewError(f"La recherche est trop longue ({MAX_QUERY} caractères au plus).")
    if filters.date_from and filters.date_to and filters.date_from > filters.date_to:
        raise ReviewError("La date de début est après la date de fin.")
    return filters


def parse_page(args: Mapping[str, Any], per_page: int = 25) -> Tuple[int, int]:
    """``page`` and ``per_page`` of a query string (1 and ``per_page`` when absent)."""
    values = []
    for name, default, highest in (("page", 1, None), ("per_page", per_page, MAX_PER_PAGE)):
        raw = _raw(args, name)
        if not raw:
            values.append(default)
            continue
        if not raw.isdigit() or int(raw) < 1 or (highest and int(raw) > highest):
            limit = f" de 1 à {highest}" if highest else " positif"
            raise ReviewError(f"« {raw} » n'est pas un numéro valable : attendu un nombre entier{limit}.")
        values.append(int(raw))
    return values[0], values[1]


def _has(column, item: str):
    """``column`` (",a,b,") holds ``item``."""
    return column.contains(f",{item},", autoescape=True)


def conditions(filters: ListFilters, conversations: sa.Table, marks: sa.Table) -> List[Any]:
    rc, rm = conversations.c, marks.c
    where: List[Any] = []
    if filters.date_from:
        where.append(rc.started_at >= day_start(filters.date_from).timestamp())
    if filters.date_to:
        where.append(rc.started_at < day_end(filters.date_to).timestamp())
    for name in ("category", "outcome", "handoff_reason", "rating", "emotion_start", "emotion_end"):
        value = getattr(filters, name)
        if value is not None:
            where.append(rc[name] == value)
    if filters.rating_max is not None:
        where.append(rc.rating <= filters.rating_max)
    if filters.status == "new":
        where.append(sa.or_(rm.status.is_(None), rm.status == "new"))
    elif filters.status:
        where.append(rm.status == filters.status)
    if filters.tag:
        where.append(_has(rm.tags, filters.tag))
    if filters.low_confidence:
        where.append(rc.min_confidence < LOW_CONFIDENCE)
    if filters.marker:
        where.append(_has(rc.marker_kinds, filters.marker))
    for word in fold(filters.q or "").split():
        where.append(rc.search_text.contains(word, autoescape=True))
    return where


DOMAIN = ROOT / "domain.yml"


@lru_cache(maxsize=4)
def domain_intents(path: str = str(DOMAIN)) -> Tuple[str, ...]:
    """The intents the assistant knows (``domain.yml``): the only labels a correction may use."""
    with open(path, encoding="utf-8") as handle:
        raw = yaml.safe_load(handle) or {}
    intents = []
    for item in raw.get("intents") or []:
        intents.extend(item.keys() if isinstance(item, dict) else [item])
    return tuple(str(intent) for intent in intents)
