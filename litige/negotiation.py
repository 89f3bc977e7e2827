"""How a customer answers a proposal, and which day fits what they said (pure).

``read_reply`` sorts the answer to "Est-ce que cela vous convient si … ?" into one kind, in
this order, the first that applies:

* ``counter``: a day, a time window or a deadline ("Vendredi je travaille, j'ai dit SAMEDI
  5", "oui si c'est avant vendredi", "plutôt après 18h"): the customer negotiates the terms;
* ``question``: a question mark or an interrogative opening ("et les frais ?", "c'est quand
  exactement", "est-ce que je serai prévenu"), with a ``topic`` (when, how, cost, other);
* ``refusal``: "non", "ça ne me convient pas", "hors de question"…;
* ``consent``: "oui", "ok", "d'accord", "ça me va", "va pour ça", "allez-y"…, ``conditional``
  when a "mais" / "si" / "à condition" follows ("ok mais je veux être prévenu");
* ``unclear``: anything else.

The intent only decides when the words do not: a button payload ("/affirm") is consent, a
typed message classified ``deny`` with no cue of its own is a refusal. Whether the reply
names another remedy is the caller's to check (the catalogue knows the remedies).

``fit_day`` picks the first day, on or after the earliest the company can keep, that the
customer offered and did not exclude, among the days the remedy can be carried out.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Callable, Optional, Sequence, Tuple

from litige import numbers as n
from litige.availability import DAYS, Slot
from litige.facts import extract
from litige.knowledge import is_question
from litige.text import fold

CONSENT, REFUSAL, COUNTER, QUESTION, UNCLEAR = "consent", "refusal", "counter", "question", "unclear"
HORIZON_DAYS = 45  # how far ahead a day the customer names is looked for

_REFUSAL = re.compile(
    r"\b(?:non|nan|nop|nope|pas d'accord|(?:ne )?(?:me |m')?(?:conv\w*|va|arrange|plait) pas"
    r"|(?:ca|cela) (?:ne )?(?:va|marche|colle) pas|hors de question|pas question|certainement pas"
    r"|surement pas|pas du tout|inacceptable|insuffisant|pas assez|je refuse|refuse|(?:ne )?veux pas"
    r"|ridicule|c'est tout \?|c'est une blague|vous plaisantez|pas ca)\b"
)
_FIRM_REFUSAL = re.compile(
    r"\b(?:c'est non|je refuse|hors de question|pas question|certainement pas"
    r"|(?:c'est |ce n'est )?pas (?:du tout )?(?:ca|cela) que je (?:veux|demande|voulais))\b"
)
_CONSENT = re.compile(
    r"\b(?:oui|ouais|ouai|yes|ok|okay|oki|d'accord|daccord|dac|ca me va|ca me convient|(?:me|nous) convient"
    r"|parfait|tres bien|entendu|va pour|allez-y|allez y|j'accepte|accepte|c'est bon|ca marche|banco"
    r"|volontiers|top|super|nickel|vendu|je valide|valide|ca ira|pas de souci|pas de probleme"
    r"|faisons comme ca|faites comme ca|go)\b"
)
_CONDITION = re.compile(
    r"\b(?:mais|par contre|si|a condition|pourvu que|seulement si|tant que|sauf si|a part que)\b"
)
_TOPICS = (
    (
        "when",
        r"quand(?! meme)|quel jour|quelle date|d'ici quand|combien de temps|delai|c'est long"
        r"|plus tot|plus vite"
        r"|exactement|a quelle heure|quelle heure",
    ),
    ("how", r"comment|prevenu|informe|averti|suivi|confirmation|mail|e-mail|sms|numero|savoir"),
    ("cost", r"frais|payer|paye|gratuit|coute|cout|a mes frais|a ma charge|combien|cher|prix|montant"),
)
_DEADLINE = re.compile(
    rf"\b(?<!pas )(?:avant|d'ici|au plus tard|pas apres|jusqu'a|jusqu'au)(?: le| la| ce| cette)? "
    rf"(?P<what>(?:{'|'.join(DAYS)})(?: (?P<dom>\d{{1,2}}))?|demain|apres-demain|(?P<d>\d{{1,2}})(?:er)?"
    rf"(?: (?P<mo>{n.MONTH_WORDS}))?|(?:la )?fin de (?:la )?semaine|(?:le )?week-?end)\b"
)
_NOT_BEFORE = re.compile(rf"\bpas avant (?=(?:le |ce )?(?:{'|'.join(DAYS)}|demain|apres-demain|\d))")
_ASKING = re.compile(
    r"\b(?:quand(?! vous (?:voulez|pouvez|le souhaitez)| meme)|comment|combien|pourquoi|quel(?:le)?s?"
    r"|c'est-a-dire)\b"
)
_SAID = re.compile(
    r"\bj'ai (?:bien )?(?:dit|demande|precise|ecrit)\b|\bje (?:vous )?(?:l')?ai (?:bien )?dit\b"
)
_MONTH_DAY = re.compile(rf"\b(\d{{1,2}})(?:er)? ({n.MONTH_WORDS})\b(?! \d{{4}})")


@dataclass(frozen=True)
class Reply:
    kind: str
    wanted: Tuple[Slot, ...] = ()
    excluded: Tuple[Slot, ...] = ()
    deadline: Optional[date] = None  # "avant vendredi": the latest day the customer accepts
    conditional: bool = False
    topic: str = ""  # for a question: when | how | cost | other


def _with_years(folded: str, today: date) -> str:
    """ "le 8 decembre" -> "le 8 decembre 2026" (the next such day), so it is read as a date."""

    def add(m: re.Match) -> str:
        month = n.month_number(m.group(2))
        year = today.year
        try:
            if date(year, month, int(m.group(1))) < today:
                year += 1
        except ValueError:
            return m.group(0)
        return f"{m.group(0)} {year}"

    return _MONTH_DAY.sub(add, folded)


def _next(today: date, target_weekday: int) -> date:
    return today + timedelta(days=(target_weekday - today.weekday()) % 7)


def resolve(slot: Slot, today: date) -> Optional[date]:
    """The calendar day a slot names, when it names one ("samedi" is the next Saturday,
    today included; "samedi 5" the next Saturday the 5th; "le 8" the next 8th)."""
    day = slot.day or ""
    if re.match(r"\d{4}-\d{2}-\d{2}$", day):
        return date.fromisoformat(day)
    relative = {"aujourd'hui": 0, "demain": 1, "apres-demain": 2}
    if day in relative:
        return today + timedelta(days=relative[day])
    if day not in DAYS and not slot.date_of_month:
        return None  # a part of the day or a time bound names no day
    for offset in range(400):
        candidate = today + timedelta(days=offset)
        if day in DAYS and candidate.weekday() != DAYS.index(day):
            continue
        if not slot.date_of_month or candidate.day == slot.date_of_month:
            return candidate
    return None


def _deadline(folded: str, today: date) -> Optional[date]:
    m = _DEADLINE.search(folded)
    if not m:
        return None
    what = m.group("what")
    if "semaine" in what:
        return _next(today, 4)
    if "week" in what:
        return _next(today, 6)
    day_word = what.split(" ")[0]
    if m.group("d"):
        if m.group("mo"):
            month, day = n.month_number(m.group("mo")), int(m.group("d"))
            try:
                found = date(today.year, month, day)
                return found if found >= today else date(today.year + 1, month, day)
            except ValueError:
                return None
        return resolve(Slot(date_of_month=int(m.group("d"))), today)
    found = resolve(Slot(day=day_word, date_of_month=int(m.group("dom")) if m.group("dom") else None), today)
    if found == today and day_word in DAYS:
        return found + timedelta(days=7)  # "avant vendredi" said on a Friday: the next one
    return found


_PREFERS = re.compile(
    r"\b(?:je prefere|je preferer\w*|plutot|a la place|sinon|je prendrais|j'aimerais mieux|ce serait mieux)\b"
)


def prefers(text: str) -> bool:
    """ "Sinon je préfère un avoir, ça ira plus vite": a preference, even with a "ça ira" in it."""
    return bool(_PREFERS.search(fold(text or "")))


# a refusal said outright, in a sentence that asks nothing ("Vous vous moquez de moi ? Non, ça ne
# me convient pas du tout."): the question around it is rhetorical
_OUTRIGHT_REFUSAL = re.compile(
    r"^(?:non|nan|nope|bof,? non)\b|\b(?:(?:ne )?(?:me |m')?(?:conv\w*|va|arrange|plait) pas"
    r"|(?:ca|cela) (?:ne )?(?:va|marche|colle) pas|pas du tout|inacceptable|vous plaisantez"
    r"|vous vous (?:moquez|foutez)|c'est une blague|ridicule|pas (?:content|satisfait)e?"
    r"|non merci)\b"
)


def refused_outright(raw: str) -> bool:
    """A sentence without a question mark that refuses ("Non ça me convient pas du tout")."""
    for sentence in re.split(r"(?<=[.!?…])\s+|\n+", raw):
        sentence = sentence.strip()
        if sentence and not sentence.endswith("?") and _OUTRIGHT_REFUSAL.search(fold(sentence).strip(" .!…")):
            return True
    return False


def _only_a_question_after_yes(raw: str) -> bool:
    """ "ok ça me va. Mais vous n'avez pas répondu : il vient vraiment ?": what follows the yes
    asks, it sets no condition."""
    condition = re.search(r"\b(?:si|a condition|pourvu que|seulement si)\b", fold(raw))
    return raw.rstrip().endswith("?") and not condition


def read_reply(text: str, intent: Optional[str], today: date, proposed: Optional[date] = None) -> Reply:
    """What the answer to the proposal is; ``proposed``: the day the proposal names, which the
    customer may repeat ("Le 14 ? Pourquoi si long ?", "bon, va pour le 14") without asking
    for another day."""
    raw = (text or "").strip()
    if raw.startswith("/"):  # a button
        return Reply(
            CONSENT if raw.startswith("/affirm") else REFUSAL if raw.startswith("/deny") else UNCLEAR
        )
    folded = fold(raw)
    deadline = _deadline(folded, today)
    slots_text = _NOT_BEFORE.sub("a partir de ", _SAID.sub("je peux", _with_years(folded, today)))
    if deadline:
        slots_text = _DEADLINE.sub(" ", slots_text)
    slots = extract(slots_text).availability
    if proposed is not None:  # the proposal's own day said back is no other day asked for
        slots = [s for s in slots if s.part or s.after or s.before or resolve(s, today) != proposed]
    wanted = tuple(s for s in slots if not s.excluded)
    excluded = tuple(s for s in slots if s.excluded)
    conditional = bool(_CONSENT.search(folded) and _CONDITION.search(folded[_CONSENT.search(folded).end() :]))
    named_days = [s for s in wanted if s.day or s.date_of_month]
    other_days = [s for s in named_days if proposed is None or resolve(s, today) != proposed]
    if _FIRM_REFUSAL.search(folded) and not (named_days and excluded):
        # "encore cinq jours ? c'est non": the question is rhetorical; "jeudi c'est non, samedi
        # 12 ça m'irait" turns one day down for another
        return Reply(REFUSAL)
    if (
        proposed is not None
        and _CONSENT.search(folded)
        and not _REFUSAL.search(folded)
        and not (other_days or excluded or deadline or prefers(raw))
        and (named_days or not wanted)
    ):
        # "ok samedi 12, 8h-10h ça me va": the proposal's own terms said back with a yes
        return Reply(CONSENT, conditional=conditional and not _only_a_question_after_yes(raw))
    if wanted or excluded or deadline:
        return Reply(COUNTER, wanted, excluded, deadline, conditional)
    if refused_outright(raw):
        return Reply(REFUSAL)
    if is_question(raw) or _ASKING.search(folded):
        topic = next((name for name, words in _TOPICS if re.search(rf"\b(?:{words})", folded)), "other")
        return Reply(QUESTION, topic=topic)
    if _REFUSAL.search(folded):
        return Reply(REFUSAL)
    if _CONSENT.search(folded):
        return Reply(CONSENT, conditional=conditional)
    if intent == "affirm":
        return Reply(CONSENT)
    if intent == "deny":
        return Reply(REFUSAL)
    return Reply(UNCLEAR)


def matches(slot: Slot, day: date, today: date) -> bool:
    if slot.day or slot.date_of_month:
        named = slot.day or ""
        if named in DAYS and not slot.date_of_month:
            return day.weekday() == DAYS.index(named)
        return resolve(slot, today) == day or (
            named in DAYS and day.weekday() == DAYS.index(named) and day.day == slot.date_of_month
        )
    return True  # a part of the day or a time bound alone fits every day


def fit_day(reply: Reply, earliest: date, today: date, is_open: Callable[[date], bool]) -> Optional[date]:
    """The first open day on or after ``earliest`` (and not after the deadline) that one of the
    wanted slots names and no excluded whole-day slot names; None when there is none."""
    wanted_days = [s for s in reply.wanted if s.day or s.date_of_month]
    excluded_days = [
        s for s in reply.excluded if (s.day or s.date_of_month) and not (s.part or s.after or s.before)
    ]
    for offset in range(HORIZON_DAYS):
        day = earliest + timedelta(days=offset)
        if reply.deadline and day > reply.deadline:
            return None
        if not is_open(day) or any(matches(s, day, today) for s in excluded_days):
            continue
        if not wanted_days or any(matches(s, day, today) for s in wanted_days):
            return day
    return None


def window(
    slots: Sequence[Slot], day: date, today: date, hours: Tuple[str, str]
) -> Optional[Tuple[str, str]]:
    """The time window ("HH:MM", "HH:MM") the customer asked for on ``day``, within the
    remedy's hours; the remedy's whole hours when they asked for none; None when what they
    asked is outside the hours."""
    parts = {"matin": ("08:00", "12:00"), "apres-midi": ("13:00", "18:00"), "soir": ("18:00", "21:00")}
    for slot in slots:
        if (slot.day or slot.date_of_month) and not matches(slot, day, today):
            continue
        start, end = parts.get(slot.part or "", hours)
        start, end = max(start, slot.after or start, hours[0]), min(end, slot.before or end, hours[1])
        if slot.part or slot.after or slot.before:
            return (start, end) if start < end else None
    return hours
