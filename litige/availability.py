"""Days and time windows a customer offers or excludes, from folded text (pure).

Read by ``litige.facts`` after the other facts are blanked out; the choices are listed in
``litige/facts.py``'s docstring.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any, Dict, List, Optional, Tuple

from litige import numbers as n

DAYS = ("lundi", "mardi", "mercredi", "jeudi", "vendredi", "samedi", "dimanche")
_DAY = "|".join(DAYS)
_T = n.TIME_OF_DAY


@dataclass(frozen=True)
class Slot:
    day: Optional[str] = None  # "samedi", "demain", "2026-12-05"
    date_of_month: Optional[int] = None
    part: Optional[str] = None  # matin | apres-midi | soir
    after: Optional[str] = None  # "HH:MM"
    before: Optional[str] = None
    excluded: bool = False

    def as_dict(self) -> Dict[str, Any]:
        keys = ("day", "date_of_month", "part", "after", "before")
        data: Dict[str, Any] = {k: getattr(self, k) for k in keys if getattr(self, k) is not None}
        return {**data, "excluded": True} if self.excluded else data


_PARTS = {"matinee": "matin", "matin": "matin", "soiree": "soir", "soir": "soir", "fin de journee": "soir"}
_NOT_A_DATE = r"(?! ?(?:h\b|h\d|heures?|:|/|fois|jours?|mois|%|€|euros?))"
ATOM = re.compile(
    "|".join(
        (
            rf"(?P<range>\bdu (?P<r1>{_DAY}) au (?P<r2>{_DAY})\b)",
            r"(?P<weekend>\bweek-?ends?\b|(?<=le |ce |en |du )we\b)",
            rf"(?P<between>\b(?:entre|de) (?P<b1>{_T}|\d{{1,2}}) ?(?:et|a|-) ?(?P<b2>{_T}|deux\b))",
            rf"(?P<span>(?P<s1>{_T}|\d{{1,2}}) ?- ?(?P<s2>{_T}))",
            r"(?P<part>\b(?:fin de journee|(?:fin |debut )?d'apres-midi|apres-midi|apres midi|aprems?|apm"
            r"|matinee|matin|soiree|soir)\b)",
            r"(?P<after>\b(?:pas avant|apres|a partir de|a partir d'|des|passe|au-dela de|plus tard que)"
            rf" ?(?P<a>{_T}))",
            r"(?P<before>\b(?:pas apres|avant|jusqu'a|jusqu'au|jusque|au plus tard a|au plus tard|d'ici)"
            rf" ?(?P<bt>{_T}))",
            rf"(?P<day>\b(?:{_DAY})s?\b(?! (?:dernier|derniere|passee?)\b)|\bapres[- ]demain\b|\bdemain\b"
            r"|\baujourd'hui\b|\bce (?:soir|matin)\b|\bcet (?:apres-midi|aprem)\b)"
            r"(?: (?P<dom>\d{1,2})(?:er)?\b(?! ?(?:h\b|h\d|heures?|:|/))"
            rf"(?: (?P<dmo>{n.MONTH_WORDS})(?: (?P<dy>\d{{4}}))?)?)?",
            rf"(?P<date>\ble (?P<d>\d{{1,2}})(?:er)?(?: (?P<mo>{n.MONTH_WORDS})(?: (?P<y>\d{{4}}))?)?\b"
            rf"{_NOT_A_DATE}"
            r"|(?<!du )\b(?P<dd>\d{1,2})/(?P<mm>\d{1,2})(?:/(?P<yy>\d{4}|\d{2}))?\b)",
        )
    )
)
_KINDS = ("range", "weekend", "between", "span", "part", "after", "before", "day", "date")
# "whenever suits you": an answer to "when are you available?" that names no day and excludes none
ANY_TIME = re.compile(
    r"\b(?:n'importe (?:quand|quel (?:jour|moment|creneau))|quand vous (?:voulez|pouvez|souhaitez)"
    r"|peu importe|comme vous (?:voulez|pouvez)|a tout moment|tout le temps|tous les jours"
    r"|toute la (?:journee|semaine)|toujours (?:la|chez moi|disponible|dispo)|(?:le )?plus tot (?:sera"
    r"|possible)"
    r"|(?:je suis |suis )?(?:disponible|dispo|libre)s? (?:tout le temps|toute la semaine|quand vous voulez)"
    r"|ca m'est egal|indifferent)"
)
_SEGMENT = re.compile(r",|\b(?:mais|par contre|sinon|en revanche|cependant|en fait|donc|alors|plutot)\b")
_POSITIVE = re.compile(
    r"pas de (?:soucis?|problemes?|pb|prob)\b|sans (?:soucis?|probleme)|(?:ne|n') ?(?:me )?derange pas"
    r"|n'hesitez? pas|pas mal|pourquoi pas|peu importe|n'importe|(?:ne|n') ?(?:travaille|bosse) pas"
)
_NEGATIVE = re.compile(
    r"\b(?:pas|sauf|hors|excepte|jamais|impossible|indisponible|indispo|travaille|bosse|taffe|occupee?"
    r"|absente?|au (?:boulot|travail|taf|taff|bureau))\b"
)
_NEGATIVE_ALONE = re.compile(
    r"\b(?:travaille|bosse|taffe|impossible|indisponible|indispo|occupee?|absente?"
    r"|au (?:boulot|travail|taf|taff|bureau))\b"
    r"|\bpas (?:possible|dispo\w*|la|libre)\b|\b(?:peux|pourrai|pourrais) pas\b"
)
_NARRATIVE = re.compile(
    r"\b(?:devai(?:t|ent)|devrai(?:t|ent)|etai(?:t|ent)|avai(?:t|ent)|aurai(?:t|ent)|prevue?s?"
    r"|programmee?s?|dernier|derniere|passee?s?(?! ?\d)|hier|avant-hier|reportee?s?|annulee?s?|promis"
    r"|toujours pas|(?<!me )(?<!m')livree?s?|arrivee?s?|recue?s?"
    r"|(?:commande|facture|courrier|mail|lettre|colis|livraison) du"
    r"|(?:est|sont|suis|etait) (?:pas |jamais )?(?:venue?s?|passee?s?|arrivee?s?|livree?s?|tombee?s?"
    r"|partie?s?)"
    r"|(?:j'ai|j'avais|il a|elle a|on a|ils ont|elles ont|vous avez|m'a|m'ont|m'avez|l'a|l'ont|qui a|ca a)"
    r" (?:\w+ )?\w+(?:e|ee|es|ees|u|ue|us|i|is|it))\b"
)
_OFFER = re.compile(
    r"\b(?:dispo\w*|disponible\w*|libre|je peux|je pourrai\w*|je serai\w*|je suis la|present\w*"
    r"|arrange\w*|ca me va|me convien\w*|convient|conviendrai\w*|possible|preference|plutot|idealement"
    r"|souhaite\w*|voudrai\w*|veux|aimerai\w*|prefere\w*|rappelez|appelez|contactez|livrez|venez|passez"
    r"|rdv|rendez-vous|creneau\w*)\b"
)
Group = List[Dict[str, Any]]  # the slots one mention gives (two for "le week-end")


# "bonne soirée", "je l'ai portée une soirée": a greeting or a story, not a time offered
_NOT_A_TIME = re.compile(
    r"\bbonnes? (?:soir[ée]e|journ[ée]e|matin[ée]e|fin de (?:journ[ée]e|soir[ée]e)|apr[èe]s-midi|nuit)"
    r"|\bune (?:seule )?soir[ée]e\b|\bune matin[ée]e (?:de cong[ée]|pour rien|enti[èe]re)",
    re.IGNORECASE,
)


def anytime(folded: str) -> bool:
    """The (folded) answer leaves the day and the time to the company."""
    return bool(ANY_TIME.search(folded))


def availability(text: str) -> List[Slot]:
    slots: Group = []
    text = _NOT_A_TIME.sub(lambda m: " " * len(m.group(0)), text)
    for sentence in re.split(r"[.!?;\n]+", text):
        previous: List[Group] = []
        for segment in _SEGMENT.split(sentence):
            if re.fullmatch(r"\s*ou(?: bien| alors)?\s*", segment):
                previous = []  # "samedi 12, ou sinon un soir après 18h": an alternative, not a detail
                continue
            if _NARRATIVE.search(segment) and not _OFFER.search(segment):
                previous = []
                continue  # "le technicien devait passer mardi": the past, not an offer
            groups, spans = _groups(segment)
            clean = _POSITIVE.sub(lambda m: " " * len(m.group(0)), segment)
            for marker in _NEGATIVE.finditer(clean):
                if any(start <= marker.start() < end for start, end in spans):
                    continue  # "pas avant 10h" is already after 10:00
                later = [g for start, g in groups if start > marker.start()]
                for group in later or [g for start, g in groups if start < marker.start()]:
                    _exclude(group)
            if not groups and _NEGATIVE_ALONE.search(clean):  # "vendredi, je travaille"
                for group in previous:
                    _exclude(group)
            if (
                previous
                and groups
                and not re.match(r" ?ou\b", segment)
                and _completes(previous[-1], groups[0][1])
            ):
                groups = groups[1:]  # "mercredi, plutôt le matin": one slot
            previous = [g for _, g in groups] or previous
            slots += [slot for _, group in groups for slot in group]
    found = [Slot(**slot) for slot in slots]
    return [slot for i, slot in enumerate(found) if slot not in found[:i]]


def _completes(group: Group, more: Group) -> bool:
    """Fill ``group`` (a day) with ``more`` (a part of the day, time bounds) when they fit."""
    extra = {k: v for k, v in more[0].items() if v and k != "excluded"}
    if more[0]["day"] or more[0]["date_of_month"] or any(group[0][k] for k in extra) or len(more) > 1:
        return False
    for slot in group:
        slot.update(extra, excluded=slot["excluded"] or more[0]["excluded"])
    return True


def _exclude(group: Group) -> None:
    for slot in group:
        bounds_only = not (slot["day"] or slot["date_of_month"] or slot["part"])
        if bounds_only and bool(slot["after"]) != bool(slot["before"]):
            slot["after"], slot["before"] = slot["before"], slot["after"]  # "je travaille jusqu'à 17h"
        else:
            slot["excluded"] = True


def _groups(segment: str) -> Tuple[List[Tuple[int, Group]], List[Tuple[int, int]]]:
    """The slots a segment speaks of, in groups: a day starts a group; the date, part of the
    day and time bounds after it fill it; a second part or bound, or one after "ou", starts a
    new group for the same day ("samedi matin ou après-midi": two slots)."""
    groups: List[Tuple[int, Group]] = []
    spans: List[Tuple[int, int]] = []

    def new(start: int, days: List[Optional[str]], date_of_month: Optional[int] = None) -> None:
        empty = {
            "date_of_month": date_of_month,
            "part": None,
            "after": None,
            "before": None,
            "excluded": False,
        }
        groups.append((start, [{"day": d, **empty} for d in days]))

    def put(start: int, alternative: bool, **fields: Any) -> None:
        last = groups[-1][1] if groups else None
        if last is None or alternative or any(last[0][k] is not None for k in fields):
            new(
                start,
                [s["day"] for s in last] if last else [None],
                last[0]["date_of_month"] if last else None,
            )
        for slot in groups[-1][1]:
            slot.update(fields)

    for m in ATOM.finditer(segment):
        start, kind = m.start(), next(k for k in _KINDS if m.group(k))
        alternative = bool(spans) and bool(re.search(r"\bou\b", segment[spans[-1][1] : start]))
        spans.append(m.span())
        last = groups[-1][1] if groups else None
        if kind in ("range", "weekend", "day"):
            word = (m.group("day") or "").replace("apres demain", "apres-demain")
            days: List[Optional[str]] = ["samedi", "dimanche"]
            if kind == "range":
                first, end = DAYS.index(m.group("r1")), DAYS.index(m.group("r2"))
                days = list(DAYS[first : end + 1]) if first < end else [m.group("r1"), m.group("r2")]
            elif kind == "day":
                days = [word[:-1] if word[:-1] in DAYS else "aujourd'hui" if word[:2] == "ce" else word]
            if last and not alternative and not any(s["day"] or s["date_of_month"] for s in last):
                groups[-1] = (groups[-1][0], [{**last[0], "day": d} for d in days])  # "après 18h le mardi"
            else:
                new(start, days)
            if m.group("dom"):
                _date_into(groups[-1][1], m.group("dom"), m.group("dmo"), m.group("dy"))
            if word[:2] == "ce":
                put(start, False, part=_PARTS.get(word[3:], "apres-midi"))
        elif kind == "date":
            if not last or alternative or last[0]["date_of_month"] or (last[0]["day"] or "")[:1].isdigit():
                new(start, [None])
            day, month = m.group("d") or m.group("dd"), m.group("mo") or m.group("mm")
            _date_into(groups[-1][1], day, month, m.group("y") or m.group("yy"))
        elif kind == "part":
            word = m.group("part")
            put(start, alternative, part=_PARTS.get(word, "apres-midi" if "ap" in word else "soir"))
        elif kind in ("after", "before"):
            value = n.hhmm(m.group("a") if kind == "after" else m.group("bt"))
            if value:
                put(start, alternative, **{kind: value})
        else:
            first, then = m.group("b1", "b2") if kind == "between" else m.group("s1", "s2")
            after = n.hhmm(first if re.search(r"\D", first) else first + "h")
            before = "14:00" if then == "deux" and after == "12:00" else n.hhmm(then.replace("deux", ""))
            if after and before:
                put(start, alternative, after=after, before=before)
    return groups, spans


def _date_into(group: Group, day: str, month: Optional[str], year: Optional[str]) -> None:
    """ "samedi 5" -> date_of_month 5; "5 décembre 2026", "05/12/2026" -> day "2026-12-05"."""
    number = (int(month) if month.isdigit() else n.month_number(month)) if month else None
    if not 1 <= int(day) <= 31 or (number is not None and not 1 <= number <= 12):
        return
    iso = n.written_date(day, number, year) if number and year else None
    for slot in group:
        slot.update({"day": iso, "date_of_month": None} if iso else {"date_of_month": int(day)})
