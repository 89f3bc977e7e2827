"""Facts a customer gives in a message, normalised as in the annotation definitions (pure).

``extract(text)`` reads amounts (euros), French phone numbers (E.164), order references
(``CMD-482913``), complaint references (``LIT-2026-004817``), e-mails, the number of earlier
attempts, how long the problem has lasted (``elapsed``), since when (``since``) and the days
and time windows the customer offers or excludes (``availability``). The text is folded
(``litige.text.fold``), then each fact is blanked once read, in this order: e-mails,
complaint references, order references, phones, durations, "since" phrases. So a phone is
never an amount or an order number, "CMD-4829130" is never a phone, "depuis lundi" is never
an availability. Numbers, sums of money, times and dates are read by ``litige.numbers``.

Choices where the definitions leave room:

* lists keep the order of appearance, without repeats; 08 numbers are phones too;
* an order number needs "cmd", "commande" or "n° de commande" before it (a bare 6-8 digit
  number in free text is not one);
* ``attempts`` is the largest count said; "la 2e fois que je reçois un colis cassé" (a "que"
  clause that is no contact) and "vous m'avez appelé 2 fois" are not attempts;
* ``elapsed`` is the first duration after "il y a", "ça fait", "depuis", "voilà", "attends",
  "retard de", or before "de retard", "d'attente", "sans", "que"; "quinze jours" and "une
  quinzaine" are 15 days, "huit jours" 8; "et demi" is dropped; "depuis 2h" is 2 hours but
  "depuis 14h" (5h-23h, or "du matin") is ``since`` 14:00;
* ``since.day`` is the folded word (hier, avant-hier, lundi…); "depuis ce matin / ce soir /
  cette nuit" is "aujourd'hui"; a date is ISO with a year ("2025-11-03"), else the folded
  "<day> <month>" ("3 novembre"; "12/11" -> "12 novembre"); "8h du soir" is 20:00;
* availability: "le week-end" is samedi + dimanche, "du lundi au mercredi" each day; "demain",
  "apres-demain", "aujourd'hui" ("ce soir": aujourd'hui + soir) are days as written; a date
  with a year is the ISO day, else only ``date_of_month``; "entre 14h et 16h" is after +
  before, "entre midi et deux" 12:00-14:00; "à 15h", "vers 15h", "en semaine" are not kept;
  "pas / sauf le vendredi", "vendredi je travaille / impossible" are excluded, but "pas avant
  10h" is after 10:00 and "je travaille jusqu'à 17h" after 17:00; a clause telling the past
  ("devait passer mardi", "lundi dernier", "j'ai commandé samedi") offers nothing unless it
  says "dispo", "je peux", "ça m'arrange"...
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any, Callable, Dict, List, Optional, Tuple

from litige import numbers as n
from litige.availability import DAYS, Slot, availability
from litige.text import fold

_DAY = "|".join(DAYS)
_T = n.TIME_OF_DAY


@dataclass(frozen=True)
class Elapsed:
    value: int
    unit: str  # hour | day | week | month | year


@dataclass(frozen=True)
class Since:
    day: Optional[str] = None  # "hier", "lundi", "aujourd'hui", "3 novembre", "2025-11-03"
    time: Optional[str] = None  # "HH:MM"


@dataclass(frozen=True)
class Facts:
    amounts: Tuple[float, ...] = ()
    phones: Tuple[str, ...] = ()
    order_ids: Tuple[str, ...] = ()
    ticket_ids: Tuple[str, ...] = ()
    emails: Tuple[str, ...] = ()
    attempts: Optional[int] = None
    elapsed: Optional[Elapsed] = None
    since: Optional[Since] = None
    availability: Tuple[Slot, ...] = ()

    def as_dict(self) -> Dict[str, Any]:
        """JSON-friendly, empty facts left out (the shape of the annotations)."""
        data: Dict[str, Any] = {}
        for name in ("amounts", "phones", "order_ids", "ticket_ids", "emails"):
            if getattr(self, name):
                data[name] = list(getattr(self, name))
        if self.attempts is not None:
            data["attempts"] = self.attempts
        if self.elapsed is not None:
            data["elapsed"] = {"value": self.elapsed.value, "unit": self.elapsed.unit}
        if self.since is not None:
            data["since"] = {k: v for k, v in (("day", self.since.day), ("time", self.since.time)) if v}
        if self.availability:
            data["availability"] = [slot.as_dict() for slot in self.availability]
        return data


# ---- references ---------------------------------------------------------------------------
EMAIL = re.compile(r"(?<![\w.+-])[\w.+-]+@[\w-]+(?:\.[\w-]+)*\.[a-z]{2,24}\b")
TICKET = re.compile(r"(?<![a-z0-9])lit[ _-]?(\d{4})[ _-]?(\d{6})(?!\d)")
ORDER = re.compile(
    r"(?<![a-z0-9])(?:cmd|commande) ?(?:[-_#:] ?)?(?:n ?[°o] ?|num(?:ero)? ?)?(\d{6,8})(?!\d)"
    r"|\b(?:n ?[°o]|numero) ?(?:de )?commande ?:? ?(\d{6,8})(?!\d)"
)
PHONE = re.compile(
    r"(?<![\w+])(?:(?:\+|00) ?33 ?(?:\(0\) ?|0)?|\(0\) ?|0 ?)([1-9](?:[ .-]?\d){8})(?!\d|[.,]\d)"
)
NOT_AMOUNTS = re.compile(r"\b\d{1,2}/\d{1,2}(?:/\d{2,4})?\b|\b\d{1,2}[.-]\d{1,2}[.-]\d{4}\b")  # dates

# ---- durations and "since" ----------------------------------------------------------------
TIME = re.compile(_T)
_TODAY = r"(?:ce |cet |cette )(?:matin|midi|apres-midi|aprem|soir|nuit)\b|aujourd'hui"
SINCE_WORD = re.compile(rf"avant[- ]hier|hier|{_TODAY}|{_DAY}")
_SINCE_DAY = (
    rf"(?:avant[- ]hier|hier|{_TODAY}|{_DAY})(?: (?:dernier|derniere|soir|matin|midi|apres-midi|aprem))*"
)
_PM = r"(?: (?:du matin|du soir|de l'apres-midi))?"
SINCE = re.compile(
    rf"\bdepuis (?:le )?(?:{_SINCE_DAY}(?: (?:a |vers )?{_T}{_PM})?|{_T}{_PM}(?: {_SINCE_DAY})?"
    rf"|{n.DATE_WORDS})"
)

# ---- attempts ------------------------------------------------------------------------------
_CONTACT = (
    r"(?:appel\w*|rappel\w*|telephon\w*|ecri\w*|(?:e-?)?mail\w*|courriel\w*|relanc\w*|contact\w*"
    r"|reclam\w*|joindre|joint|signal\w*|envoy\w*|essay\w*|tent\w*|sollicit\w*|demand\w*|dit|dis"
    r"|redi\w*|repet\w*|expliqu\w*|insist\w*|message\w*)\b"
)
_BLOCK = r"(?:debit\w*|prelev\w*|factur\w*|pay\w*|recu\w*|livr\w*|rembours\w*|que|qu)\b"  # not in between
_TIMES = r"(?:de )?(?:fois|reprises)"
ATTEMPTS_AFTER_VERB = re.compile(
    rf"\b{_CONTACT}(?:[ ,']+(?!{_BLOCK})[^ ,'.!?;\n]+){{0,5}}?[ ,']+{n.COUNT} {_TIMES}\b"
)
ATTEMPTS_BEFORE_VERB = re.compile(rf"\b{n.COUNT} {_TIMES} (?:que|qu')[^.!?;,\n]{{0,40}}?\b{_CONTACT}")
ATTEMPTS_ORDINAL = re.compile(
    r"\b(\d{1,2} ?(?:eme|ieme|em|e|ere|re|er|nde?|°)|premiere?|seconde?|[a-z]+(?:-(?:et-)?[a-z]+){0,4}ieme)"
    r" (fois|relance|reclamation|appel|mail|message|demande|tentative|courrier|lettre)\b"
)
ATTEMPTS_NOUN = re.compile(
    rf"\b{n.COUNT} (?:appels?|coups? de (?:fil|telephone|tel)|e-?mails?|mails?|courriels?|messages?"
    r"|relances?|reclamations?|courriers?|lettres?|tentatives?)\b(?! d'(?:erreur|alerte))"
)
_BY_THEM = re.compile(r"\b(?:m'a|m'avez|m'ont|nous a|nous avez)(?: \w+)? ?$")  # "vous m'avez appelé"
_RECEIVED = re.compile(r"\b(?:recu|m'a|m'avez|m'ont|vous m)\b")


def _take(pattern: re.Pattern, text: str, read: Callable[[re.Match], Any]) -> Tuple[List[Any], str]:
    """What ``read`` makes of each match (None: not this fact), and the text with what was
    read blanked out (same length)."""
    values: List[Any] = []

    def blank(match: re.Match) -> str:
        value = read(match)
        if value is None:
            return match.group(0)
        values.append(value)
        return " " * len(match.group(0))

    return values, pattern.sub(blank, text)


def _elapsed(match: re.Match) -> Optional[Elapsed]:
    found = n.duration(match)
    return Elapsed(*found) if found else None


def _since(match: re.Match) -> Optional[Since]:
    found = match.group(0)
    date, word, time = n.DATE.search(found), SINCE_WORD.search(found), TIME.search(found)
    day = n.date_value(date) if date else word.group(0).replace("avant hier", "avant-hier") if word else None
    day = "aujourd'hui" if day and re.match(_TODAY, day) else day
    at = n.hhmm(time.group(0)) if time else None
    if at and at < "12:00" and re.search(r"du soir|de l'apres-midi", found):
        at = f"{int(at[:2]) + 12}{at[2:]}"  # "8h du soir" -> 20:00
    return Since(day, at) if day or at else None


def _attempts(text: str) -> Optional[int]:
    counts = [
        n.parse_number(m.group(1))
        for m in ATTEMPTS_AFTER_VERB.finditer(text)
        if not _BY_THEM.search(text[max(0, m.start() - 20) : m.start()])
    ]
    counts += [n.parse_number(m.group(1)) for m in ATTEMPTS_BEFORE_VERB.finditer(text)]
    for match in ATTEMPTS_ORDINAL.finditer(text):
        tail = re.split(r"[.!?;,\n]", text[match.end() : match.end() + 60])[0]
        if match.group(2) != "fois" or not re.match(r" (?:que|qu')", tail) or re.search(_CONTACT, tail):
            counts.append(n.ordinal_value(match.group(1)))  # not "la 2e fois que je reçois un colis cassé"
    for match in ATTEMPTS_NOUN.finditer(text):
        if match.group(1) not in ("un", "une") and not _RECEIVED.search(
            text[max(0, match.start() - 30) : match.start()]
        ):
            counts.append(n.parse_number(match.group(1)))  # not "un appel" (an article), not mails received
    counts = [c for c in counts if c and c < 1000]
    return max(counts) if counts else None


def _prepare(text: str) -> str:
    """Folded, dashes as "-", every run of spaces but new lines as one plain space."""
    folded = fold(text).translate({c: "-" for c in (0x2010, 0x2011, 0x2012, 0x2013, 0x2014, 0x2212)})
    return re.sub(r"[^\S\n]+", " ", folded)


_LOYALTY = re.compile(
    r"\b(?:cliente?s?|fideles?|abonnee?s?|adherente?s?|chez vous)\s+(?:chez vous\s+|fidele\s+)?depuis\s+"
    r"(?:plus de\s+|pres de\s+|presque\s+)?\S+\s+(?:ans?|annees?)\b"
)


def _unique(values: List[Any]) -> Tuple[Any, ...]:
    return tuple(dict.fromkeys(values))


def extract(text: Optional[str]) -> Facts:
    """Every fact in one customer message (an empty ``Facts`` for an empty message)."""
    if not isinstance(text, str) or not text.strip():
        return Facts()
    s = _prepare(text)
    emails, s = _take(EMAIL, s, lambda m: m.group(0).strip(".").lower())
    tickets, s = _take(TICKET, s, lambda m: f"LIT-{m.group(1)}-{m.group(2)}")
    orders, s = _take(ORDER, s, lambda m: f"CMD-{m.group(1) or m.group(2)}")
    phones, s = _take(PHONE, s, lambda m: "+33" + re.sub(r"\D", "", m.group(1)))
    no_dates = NOT_AMOUNTS.sub(lambda m: " " * len(m.group(0)), s)
    amounts = [value for _, _, value in n.find_amounts(no_dates)]
    attempts = _attempts(no_dates)
    s = _LOYALTY.sub(lambda m: " " * len(m.group(0)), s)  # "cliente depuis 8 ans" is no delay
    durations, s = _take(n.DURATION, s, _elapsed)
    since, s = _take(SINCE, s, _since)
    return Facts(
        amounts=_unique(amounts),
        phones=_unique(phones),
        order_ids=_unique(orders),
        ticket_ids=_unique(tickets),
        emails=_unique(emails),
        attempts=attempts,
        elapsed=durations[0] if durations else None,
        since=since[0] if since else None,
        availability=tuple(availability(s)),
    )


def corrected_amount(text: str, known: Tuple[float, ...]) -> Optional[float]:
    """ "c'est 83 € et non 38 €", "pas 38 mais 83 €": the amount of a correction, the first one
    the message gives that was not known yet; None when it gives none."""
    return next((value for value in extract(text).amounts if value not in known), None)


_TOTAL_BEFORE = re.compile(r"(?:total|en tout|soit|ce qui fait|ca fait|somme de|montant de)\W*(?:de\s+)?$")
_TOTAL_AFTER = re.compile(r"^\W*(?:au total|en tout|en tout et pour tout)\b")
_RISE = re.compile(r"\b(?:passee?s?|passe|monte\w*|augmente\w*|grimpe\w*)\s+(?:\S+\s+){0,3}?de\s*$")


def disputed_amount(text: Optional[str]) -> Optional[float]:
    """The sum the complaint is about, among those a message gives: a total ("deux mensualités
    de 64,50 €, soit 129 € au total"), the new amount of a rise ("ma facture est passée de 80 €
    à 112,40 €"), else the first one; None when it gives none."""
    if not isinstance(text, str) or not text.strip():
        return None
    s = _prepare(text)
    for pattern in (EMAIL, TICKET, ORDER, PHONE):
        s = pattern.sub(lambda m: " " * len(m.group(0)), s)
    s = NOT_AMOUNTS.sub(lambda m: " " * len(m.group(0)), s)
    found = n.find_amounts(s)
    if not found:
        return None
    totals = [
        value
        for start, end, value in found
        if _TOTAL_BEFORE.search(s[max(0, start - 30) : start]) or _TOTAL_AFTER.match(s[end : end + 25])
    ]
    if totals:
        return totals[-1]
    for (start, _, _), (_, _, new) in zip(found, found[1:], strict=False):
        if _RISE.search(s[max(0, start - 40) : start]):
            return new  # "passée de 80 € à 112,40 €": the new amount
    return found[0][2]
