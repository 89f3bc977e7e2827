"""Signals on every customer message, whatever its intent (pure: stdlib only, no Rasa).

* ``insult``: abusive words aimed at the company, its staff or the bot ("bande d'incapables",
  "vous êtes nuls", "service de merde"); swearing at nobody ("putain, encore en retard") and
  plain criticism ("lamentable", "honteux") are not insults;
* ``threat``: the customer states an intention to act against the company, and its kind,
  the most serious first: legal, mediator, chargeback, public, review, leave;
* ``request_human``: asks to speak to a person now (a call back asked for is a remedy the
  catalogue may offer, not a request: "qu'un responsable me rappelle");
* ``hazard``: a possible danger to a person (smoke, burning smell, sparks, electric shock,
  fire, melting or overheating device or battery, water near electricity, gas, somebody hurt),
  never figurative ("mon budget a explosé", "ça me fait péter un câble").

How a message is read:

1. normalised: folded (``litige.text.fold``), hyphens as spaces, letters repeated three times
   or more shortened ("nuuuls"), missing apostrophes restored ("j ai"), SMS spellings expanded
   ("jvais", "vs", "qqn", "stp");
2. split into clauses on punctuation and on "mais", "et", "car", "parce que", "donc", "sinon"...;
3. every cue is word-bounded, and does not count when a negation ("ne", "pas", "jamais", "sans",
   "aucun", "inutile de", "hors de question de"...) stands between the clause's last subject
   before it and its end: "je ne veux pas aller en justice" is no threat, while in "si rien ne
   bouge d'ici vendredi je saisis le tribunal" the "ne" belongs to the condition. "Ne ... que",
   "je n'hésiterai pas à", "pas d'autre choix que" are not negations;
4. a threat also needs an intention: a future or intent ("je vais", "j'irai", "je compte",
   "sinon", "si ... je", "attendez-vous à", "vous allez entendre parler de"), the first person
   right before the verb ("je résilie"), or, for the serious kinds (legal, mediator, chargeback,
   going to the press or posting), any first person, past included ("j'ai saisi le médiateur",
   "mon avocat est prévenu"); a review or leaving needs a present or future intention ("j'ai
   résilié mais toujours prélevé" is a billing complaint); some phrases are threats by
   themselves ("plainte déposée", "plus jamais je ne commande chez vous"). A mention received
   from or made by somebody else ("une relance d'huissier", "l'avocat de la partie adverse")
   is not a threat, nor is calling one's bank about a suspected fraud. A clause that goes on
   from the previous one without a subject of its own ("je vais prendre un avocat et porter
   plainte") shares its intention, and its negation.

The vocabulary is in ``litige/signal_patterns.py`` (threats, and the grammar above) and
``litige/signal_lexicon.py`` (requests, hazards, insults).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any, Callable, Dict, List, Match, NamedTuple, Optional, Pattern, Set, Tuple

from litige import signal_lexicon as lexicon
from litige import signal_patterns as vocab
from litige import threat_lexicon as threat_words
from litige.text import fold

THREAT_KINDS = (vocab.LEGAL, vocab.MEDIATOR, vocab.CHARGEBACK, vocab.PUBLIC, vocab.REVIEW, vocab.LEAVE)
SERIOUS_THREATS = THREAT_KINDS[:4]  # they hand off at once (litige/escalation.py)
MAX_CHARS = 4000  # a pasted novel is read on its first part only: bounds the regexes' cost

_APOSTROPHES = re.compile(r"[`´ʼ′]")
_PLUS = re.compile(r"\+\s*(?=[a-z])")
_HYPHEN = re.compile(r"(?<=[a-z0-9])-(?=[a-z])")
_ELONGATED = re.compile(r"([a-z])\1{2,}")
_ELISION_SPACE = re.compile(r"(?<![a-z0-9])([cdjlmnst]|qu|jusqu|lorsqu|puisqu)'\s+")
_MISSING_APOSTROPHE = re.compile(r"(?<![a-z0-9'])([cdjlmnst]|qu) (?=[aeiouy])")
_SPACES = re.compile(r"[ \t\u00a0]+")
INSIDE_NEGATION = ("e",)  # the insult's named groups whose negation is only looked for inside the match
_LEVELS = {vocab.FUTURE: 3, vocab.PRESENT: 2, vocab.ANY: 1}
_Keep = Callable[[str, Match[str], int], bool]  # (clause, match, term start) -> whether the term counts


@dataclass(frozen=True)
class Signals:
    insult: bool = False
    insult_terms: Tuple[str, ...] = ()  # the abusive terms found (to count them, never to quote them)
    threat: Optional[str] = None  # the most serious kind found, in the order of THREAT_KINDS
    request_human: bool = False
    hazard: bool = False
    hazard_terms: Tuple[str, ...] = ()
    callback: bool = False  # a call back asked for (not a request to talk now)

    def as_dict(self) -> Dict[str, Any]:
        return {
            "insult": self.insult,
            "insult_terms": list(self.insult_terms),
            "threat": self.threat,
            "request_human": self.request_human,
            "hazard": self.hazard,
            "hazard_terms": list(self.hazard_terms),
            "callback": self.callback,
        }


class _Carry(NamedTuple):
    """What a clause passes on to the next one when that one has no subject of its own."""

    level: int  # 3: a future or intent, 1: a first person, 0: nothing
    negated: bool


_NOTHING = _Carry(0, False)


class _Clause(NamedTuple):
    text: str
    neg: str  # the text with "ne ... que", "n'hésiterai pas"... blanked: where negations are read
    carry: _Carry  # inherited from the previous clause (or nothing)


def normalise(text: Optional[str]) -> str:
    """Folded text, with hyphens, elongations, apostrophes and SMS spellings normalised."""
    folded = fold((text or "")[:MAX_CHARS]).replace("œ", "oe").replace("æ", "ae")
    folded = _APOSTROPHES.sub("'", folded)
    folded = _PLUS.sub("plus ", folded)  # "+ jamais"
    folded = _HYPHEN.sub(" ", folded)
    folded = _ELONGATED.sub(r"\1", folded)
    folded = _ELISION_SPACE.sub(r"\1'", folded)
    folded = _MISSING_APOSTROPHE.sub(r"\1'", folded)
    for _ in range(2):  # again after "jveu" -> "je veu"
        for pattern, replacement in vocab.SMS:
            folded = pattern.sub(replacement, folded)
        folded = vocab.SMS_JE.sub("je ", folded)
    return _SPACES.sub(" ", folded).strip()


def _blank(pattern: Pattern[str], text: str) -> str:
    return pattern.sub(lambda m: " " * len(m.group()), text)


def _pieces(text: str) -> List[Tuple[str, bool]]:
    """The clauses, each with whether it goes on from the previous one (a comma, "et", "ou")."""
    pieces: List[Tuple[str, bool]] = []
    position, soft = 0, False
    for separator in vocab.SEPARATOR.finditer(text):
        piece = text[position : separator.start()].strip()
        if piece:
            pieces.append((piece, soft and not vocab.HARD_CONNECTOR.match(piece)))
        soft = separator.group().strip() in ("", ",", ":")
        position = separator.end()
    piece = text[position:].strip()
    if piece:
        pieces.append((piece, soft and not vocab.HARD_CONNECTOR.match(piece)))
    return pieces


def _window_start(text: str, anchor: int) -> int:
    """Where the clause's last subject before ``anchor`` starts (0 without one)."""
    start = 0
    for match in vocab.SUBJECT.finditer(text, 0, anchor):
        start = match.start()
    for match in vocab.SUBJECT_VOUS.finditer(text, 0, anchor):
        if match.start() > start and vocab.BEFORE_SUBJECT_VOUS.search(text, 0, match.start()):
            start = match.start()
    return start


def _negated(clause: _Clause, anchor: int, end: int) -> bool:
    """A negation between the clause's last subject (or its last condition: "pas de
    remboursement = procès") and the end of the term."""
    start = _window_start(clause.text, anchor)
    for condition in vocab.CONDITION.finditer(clause.text, start, anchor):
        start = condition.end()
    return vocab.NEGATION.search(clause.neg, start, end) is not None


def _own_carry(text: str, neg: str) -> _Carry:
    if vocab.CONDITION.search(text):  # "si vous ne remboursez pas, ...": the negation is the condition's
        return _Carry(3, False)
    start = _window_start(text, len(text))
    window = text[start:]
    if vocab.INTENT.search(window):
        level = 3
    elif vocab.FIRST_PERSON.search(window):
        level = 1
    else:
        return _NOTHING
    return _Carry(level, vocab.NEGATION.search(neg, start) is not None)


def _clauses(text: str) -> List[_Clause]:
    clauses: List[_Clause] = []
    carry = _NOTHING
    for piece, soft in _pieces(text):
        neg = _blank(vocab.NOT_NEGATION, piece)
        personal = vocab.PERSONAL_SUBJECT.search(piece)  # "c'est le tribunal" still goes on from "si ..."
        inherited = carry if soft and not personal else _NOTHING
        clauses.append(_Clause(piece, neg, inherited))
        own = _own_carry(piece, neg)
        carry = own if own.level or personal else inherited
    return clauses


def _intends(clause: _Clause, match: Match[str], level: str) -> Optional[bool]:
    """True: an intention of its own; False: none; None: only the inherited one (if any)."""
    if level == vocab.STATEMENT:
        return True
    text = clause.text
    window = text[_window_start(text, match.start()) : match.start()]
    if (
        vocab.CONDITION.search(text, 0, match.start())
        # "je mets une étoile si ce n'est pas réglé": a condition after the customer's own act
        # (or a bare ultimatum: "note 0/5 sur Trustpilot si ça ne se règle pas")
        or (
            vocab.CONDITION.search(text, match.end())
            and (vocab.PERSONAL_SUBJECT.search(window) or not text[: match.start()].strip())
        )
        or vocab.INTENT.search(window)
        or vocab.INTENT.search(text, match.end())
        or (level != vocab.FUTURE and vocab.PRESENT_TAIL.search(text, 0, match.start()))
        or (level == vocab.ANY and vocab.FIRST_PERSON.search(window))
    ):
        return True
    return None if clause.carry.level >= _LEVELS[level] else False


def _received(text: str, match: Match[str]) -> bool:
    start = _window_start(text, match.start())
    return bool(
        vocab.RECEIVED_TAIL.search(text, 0, match.start())
        or vocab.RECEIVED.search(text, start, match.end())
        or (vocab.RECEIVED_AFTER.match(text, match.end()) and not vocab.MINE.search(text, 0, match.start()))
    )


def _threats(clause: _Clause, fraud: bool) -> Set[str]:
    found: Set[str] = set()
    text = clause.text
    for rule in threat_words.THREAT_RULES:
        if rule.kind in found or (rule.requires and not rule.requires.search(text)):
            continue
        if rule.block and rule.block.search(text):
            continue
        for match in rule.pattern.finditer(text):
            end = match.start() if rule.self_negating else match.end()
            intention = _intends(clause, match, rule.level)
            if intention is False or _negated(clause, match.start(), end) or _received(text, match):
                continue
            if intention is None and clause.carry.negated:
                continue
            if rule.kind == vocab.CHARGEBACK and fraud and not threat_words.PRESSURE.search(text):
                continue
            found.add(rule.kind)
            break
    return found


def _terms(pattern: Pattern[str], clause: _Clause, text: str, keep: _Keep = lambda *_: True) -> List[str]:
    """The terms of ``pattern`` in ``text`` (the clause, maybe with spans blanked) that count: not
    negated, and kept. A named group, when one matched, is the term ("vous êtes nuls" -> "nuls")."""
    terms = []
    for match in pattern.finditer(text):
        group = next((name for name, value in match.groupdict().items() if value), 0)
        start = match.start(group)
        # "pas ce robot débile": the insult of a named thing is negated only inside the match
        negated = (
            vocab.NEGATION.search(clause.neg, match.start(), match.end()) is not None
            if group in INSIDE_NEGATION
            else _negated(clause, start, match.end())
        )
        if not negated and keep(clause.text, match, start):
            terms.append(match.group(group).strip())
    return terms


def _insult_kept(text: str, match: Match[str], start: int) -> bool:
    if lexicon.NOT_MY_INSULT.search(text, _window_start(text, start), start):
        return False
    if match.group("a") and lexicon.THIRD_PARTY_BEFORE.search(text, 0, start):
        return not lexicon.THIRD_PARTY_AFTER.match(text, match.end())
    return True


def _asks_for_a_callback(clause: _Clause) -> bool:
    text = clause.text
    match = lexicon.CALLBACK.search(text)
    if not match or lexicon.TALK_NOW.search(text) or _negated(clause, match.start(), match.end()):
        return False
    return not lexicon.NOT_A_REQUEST.search(text, _window_start(text, match.start()), match.start())


def _asks_for_someone(clause: _Clause, alone: bool = True) -> bool:
    """A request to talk to a person; a call back asked for is not one (see CALLBACK).
    ``alone``: the clause is a whole sentence, so a person named by itself ("un conseiller !")
    asks for one; "Le conseiller, mardi, m'a raccroché au nez" does not."""
    text = clause.text
    if _asks_for_a_callback(clause):
        return False
    for match in lexicon.REQUEST_HUMAN.finditer(text):
        start = _window_start(text, match.start())
        if lexicon.SOMEONE_TO_DO.match(text[match.end() :]):
            continue  # "que quelqu'un vérifie ma facture": a remedy asked for
        if not _negated(clause, match.start(), match.end()) and not lexicon.NOT_A_REQUEST.search(
            text, start, match.start()
        ):
            return True
    return alone and bool(lexicon.REQUEST_ALONE.match(text))


_FILLER_CLAUSE = re.compile(
    r"(?:svp|stp|s'il vous plait|please|vite|maintenant|tout de suite|merci|immediatement|direct|enfin"
    r"|par pitie|bordel|putain|merde|\W)+"
)


def _continued(pieces: List[Tuple[str, bool]], index: int) -> bool:
    """Whether the clause at ``index`` goes on in the next one ("Le conseiller, mardi, ...")."""
    if index + 1 >= len(pieces):
        return False
    piece, soft = pieces[index + 1]
    # "un humain, pas une machine": a contrast, not a sentence that goes on
    return soft and not _FILLER_CLAUSE.fullmatch(piece) and not re.match(r"(?:et |mais )?pas\b", piece)


def detect(text: Optional[str]) -> Signals:
    """The signals of one customer message."""
    normalised = normalise(text)
    if not normalised:
        return Signals()
    fraud = bool(threat_words.FRAUD.search(normalised))
    insults: List[str] = []
    hazards: List[str] = []
    threats: Set[str] = set()
    request = callback = False
    pieces = _pieces(normalised)
    for index, clause in enumerate(_clauses(normalised)):
        insults += _terms(lexicon.INSULT, clause, clause.text, _insult_kept)
        hazards += _terms(lexicon.HAZARD, clause, _blank(lexicon.FIGURATIVE, clause.text))
        threats |= _threats(clause, fraud)
        request = request or _asks_for_someone(clause, alone=not _continued(pieces, index))
        callback = callback or _asks_for_a_callback(clause)
    if not hazards:
        across = lexicon.WATER_TO_ELECTRIC.search(normalised)
        hazards += [across.group(0)] if across else []
    return Signals(
        insult=bool(insults),
        insult_terms=tuple(insults),
        threat=next((kind for kind in THREAT_KINDS if kind in threats), None),
        request_human=request,
        hazard=bool(hazards),
        hazard_terms=tuple(hazards),
        callback=callback,
    )
