"""Everything the bot says is correct French: each variation of domain.yml and catalogue/phrases.yml,
rendered with real values (each remedy and problem of the catalogue), goes through Grammalecte
(Debian's grammalecte-cli, under the system python3), then through house rules of our own."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import tempfile
from collections import defaultdict
from datetime import date
from functools import lru_cache
from pathlib import Path
from typing import Callable, Dict, Iterator, List, NamedTuple, Optional, Tuple

from actions.negotiation import days_text
from actions.status import STATUS_TEXT
from litige.catalogue import Remedy, catalogue
from litige.handoff_plan import wait_text
from litige.phrases import load_phrasebook
from litige.scheduling import narrow, schedule
from litige.wording import closure, filled, follow_up_sentence, french_time, proposal, window_text
from tests.litige.test_phrases import DOMAIN, REAL_VALUES

TODAY = date(2026, 11, 20)
EMAIL = "camille.martin@exemple.fr"
NOUN_WISH_KEYS = ("wish_noun", "reformulate_adjusted")  # {wish} is a noun phrase there
# what actions.resolution.reference_later says, with and without an e-mail address
REFERENCE_LATER = (
    f"elle vous sera envoyée par e-mail, à l'adresse {EMAIL}",
    "je vous la donnerai ici même, dans cette conversation, dès que possible",
)

# Grammalecte option families left out: all are typography that the chat cannot show.
OPTIONS_OFF = (
    # non-breaking spaces before ":;?!" and inside « »: the widget wraps on ordinary spaces,
    # and a no-break space typed in the YAML is invisible to whoever edits the texts
    "nbsp",
    # non-breaking space between a number and its unit ("15 €", "20 %", "8 h"): same reason
    "unit",
    # typographic apostrophe (’): customers and editors type the ASCII one, and the intent
    # classifier and every test match on it
    "apos",
)
# Single rules left out, by id: Grammalecte 2.1.2's -roff skips its graph rules, so they are
# filtered out of its report. The other rules of the "typo" family (spaces around commas,
# parentheses and quotes...) stay on.
RULES_OFF = re.compile(
    # the ellipsis character (…) instead of "...": a glyph, not a mistake
    r"typo_points_suspension\d"
    # superscript ordinals ("1ᵉʳ décembre"): the dates module writes "1er", which every font shows
    r"|g2__typo_ordinaux_chiffres_exposants__"
)
# Words Grammalecte's dictionary does not know and that are right: order and claim numbers,
# e-mail addresses in examples.
SPELLING_OK = re.compile(r"^(?:(?:CMD|LIT)[\d-]*|[\w.]+@[\w.]+|prenom|exemple)$", re.IGNORECASE)


class Message(NamedTuple):
    where: str  # "catalogue/phrases.yml: propose"
    emotions: Optional[Tuple[str, ...]]  # the emotions it can be said under; None: any
    template: str
    text: str  # rendered, without the markdown bold (buttons are not part of it)


def problem_phrases() -> List[str]:
    phrases = {"votre réclamation"}  # complaint.utter_reformulation's default
    for category in catalogue().values():
        phrases |= {category.default_problem, *(phrase for _, phrase in category.problems)}
    return sorted(phrases)


def remedies() -> List[Remedy]:
    return [remedy for category in catalogue().values() for remedy in category.remedies]


# the facts a remedy's wording names, as litige.situation.Situation.values() gives them
FACT_VALUES = {
    "amount": "49,90 €",
    "daily_credit": "1,33 €",
    "billed_after_cancel": "129 €",
    "phone": "06 12 34 56 78",
    "address": "12 rue des Lilas, 69003 Lyon",
}


def remedy_values(key: str, remedy: Remedy, email: Optional[str]) -> Dict[str, str]:
    """What the actions pass for ``remedy``, as wording.proposal() and closure() build it."""
    due = schedule(remedy, TODAY)[0]  # nothing known of the situation
    window = (
        window_text(narrow(remedy.appointment_hours, remedy.window_hours)) if remedy.appointment else None
    )
    values = proposal(remedy, due, TODAY, window, FACT_VALUES)
    if key.startswith("closure"):  # resolution.confirm
        values = closure(remedy, due, TODAY, REAL_VALUES["reference"], email, window, values=FACT_VALUES)
    values |= {"promise": remedy.promise, "follow_up_sentence": follow_up_sentence(remedy.follow_up, email)}
    if key == "status_known":  # status.py
        values["summary"] = filled(remedy, FACT_VALUES).summary.rstrip(" ,")
    if key == "follow_up_question":  # follow_up.py
        values["due"] = f"le {values['due']}"
    if key in NOUN_WISH_KEYS:
        values["wish"] = remedy.wished
    if remedy.appointment:  # negotiation.counter_no_slot
        start, end = (french_time(hour) for hour in remedy.appointment_hours)
        values |= {"days": days_text(remedy.appointment_days), "start": start, "end": end}
    return values


def wish_sentences() -> List[str]:
    """What complaint.utter_reformulation passes as {wish} to "reformulate"."""
    book = load_phrasebook()
    said = [v.text.format(wish=REAL_VALUES["wish"]) for v in book["wish_said"]]
    nouns = [v.text.format(wish=r.wished) for v in book["wish_noun"] for r in remedies()]
    return said + nouns + [v.text for v in book["wish_unknown"]]


def value_sets(key: str, count: str) -> Iterator[Dict[str, str]]:
    """REAL_VALUES, then one kind of value changed at a time (no cartesian product)."""
    base = dict(REAL_VALUES, wait=wait_text(int(count)))
    # as the code builds them (REAL_VALUES' sentence ends with a period the code never adds)
    base["follow_up_sentence"] = follow_up_sentence(remedies()[0].follow_up, EMAIL)
    base["reference_later"] = REFERENCE_LATER[0]
    if key == "follow_up_question":
        base["due"] = f"le {base['due']}"
    if key in NOUN_WISH_KEYS:
        base["wish"] = remedies()[0].wished
    if key == "reformulate":
        base["wish"] = wish_sentences()[0]
        yield from ({**base, "wish": sentence} for sentence in wish_sentences())
    yield base
    yield from ({**base, "problem": problem} for problem in problem_phrases())
    yield from ({**base, part: ""} for part in ("order_part", "context"))
    yield from ({**base, "status_text": text} for text in STATUS_TEXT.values())
    yield from ({**base, "reference_later": text} for text in REFERENCE_LATER)
    for remedy in remedies():
        for email in (EMAIL, None):
            yield {**base, **remedy_values(key, remedy, email)}


def render_all(count: str) -> List[Message]:
    """Every distinct message of both files; ``count`` is the wait in minutes ({wait})."""
    found: Dict[Tuple[str, str], Message] = {}
    for key, variations in DOMAIN["responses"].items():
        for v in variations:
            emotions = tuple(c["value"] for c in v.get("condition") or () if c["name"] == "emotion") or None
            for problem in problem_phrases():
                text = v["text"].format(complaint_problem=problem).replace("**", "")
                found.setdefault((key, text), Message(f"domain.yml: {key}", emotions, v["text"], text))
    for key, variations in load_phrasebook().items():
        for v in variations:
            for values in value_sets(key, count):
                text = v.text.format_map(values).replace("**", "")
                message = Message(f"catalogue/phrases.yml: {key}", dict(v.when).get("emotion"), v.text, text)
                found.setdefault((key, text), message)
    return list(found.values())


def postal_code(error: Dict, paragraph: str) -> bool:
    """A French postal code before its town ("69003 Lyon") is written without a space, unlike
    the large number Grammalecte takes it for."""
    value = error.get("sUnderlined", "")
    return (
        "grand_nombre" in error["sRuleId"]
        and re.fullmatch(r"\d{5}", value) is not None
        and re.search(rf"\b{value} [A-ZÉ]", paragraph) is not None
    )


@lru_cache(maxsize=2)
def messages(count: Optional[str] = None) -> Tuple[Message, ...]:
    return tuple(render_all(count or "12"))


def grammalecte(paragraphs: List[str]) -> List[Dict]:
    """Grammalecte's findings on ``paragraphs`` (one per line), each with its paragraph."""
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "texts.txt"
        path.write_text("\n".join(paragraphs) + "\n", encoding="utf-8")
        command = ["grammalecte-cli", "-f", str(path), "-j", "-ctx", "-off", *OPTIONS_OFF]
        done = subprocess.run(command, capture_output=True, text=True, timeout=900)
    assert done.returncode == 0, done.stderr
    report = json.loads(done.stdout[done.stdout.index("{") :])
    assert len(report["data"]) == len(paragraphs), "one paragraph per line expected"
    found = []
    for entry in report["data"]:
        paragraph = paragraphs[entry["iParagraph"] - 1]
        for error in entry["lGrammarErrors"]:
            if not RULES_OFF.match(error["sRuleId"]) and not postal_code(error, paragraph):
                found.append({"paragraph": paragraph, **error})
        for error in entry["lSpellingErrors"]:
            if not SPELLING_OK.match(error["sValue"]):
                found.append({"paragraph": paragraph, "sRuleId": "spelling", "sUnderlined": error["sValue"]})
    return found


def test_grammalecte_finds_no_error():
    assert shutil.which("grammalecte-cli"), "no grammalecte-cli: apt-get install grammalecte-cli (as .ci/run)"
    where = defaultdict(set)
    for message in messages():
        for paragraph in filter(None, (p.strip() for p in message.text.split("\n"))):
            where[paragraph].add(message.where)
    paragraphs = sorted(where)
    by_error = defaultdict(list)  # the same mistake, rendered with other values, is listed once
    for e in grammalecte(paragraphs):
        message = e.get("sMessage", "unknown word")
        places = ", ".join(sorted(where[e["paragraph"]]))
        head = f"{places}: «{e['sUnderlined']}» {message} {e.get('aSuggestions', [])} [{e['sRuleId']}]"
        by_error[head].append(e["paragraph"])
    lines = [
        f"{head}\n    {texts[0]}" + (f"\n    (and {len(texts) - 1} other renderings)" if texts[1:] else "")
        for head, texts in sorted(by_error.items())
    ]
    assert not lines, f"{len(lines)} Grammalecte errors:\n" + "\n".join(lines)


def check(flag: Callable[[Message], str], count: Optional[str] = None) -> None:
    """Fails listing each variation that ``flag`` finds something wrong with (its first rendering)."""
    first: Dict[Tuple[str, str], str] = {}
    for m in sorted(messages(count), key=lambda m: m.text):
        note = flag(m)
        if note:
            first.setdefault((m.where, m.template), f"{m.where}: {note}\n    {m.text}")
    assert not first, f"{len(first)} variations:\n" + "\n".join(sorted(first.values()))


ACKNOWLEDGEMENT = re.compile(
    r"\b(?:je (?:vous )?comprends|désolée?|excuse|pardon|j'entends|je mesure|je sens|je vois"
    r"|vous avez raison|légitime|compréhensible)",
    re.IGNORECASE,
)
# "mais" and the words that do the same: they take back the acknowledgement just made
BUT = re.compile(r"\b(?:mais|cependant|toutefois|néanmoins|pourtant)\b", re.IGNORECASE)


def but_after_acknowledgement(m: Message) -> str:
    parts = [s for s in re.split(r"(?<=[.!?])\s+|\n+", m.text) if s.strip()]
    for index, sentence in enumerate(parts):
        ack = ACKNOWLEDGEMENT.search(sentence)
        but = ack and BUT.search(" ".join([sentence[ack.end() :], *parts[index + 1 : index + 2]]))
        if but:
            return f"«{ack.group(0)}», then «{but.group(0)}»"
    return ""


def test_no_but_right_after_an_acknowledgement():
    """ "Je comprends…, mais" (in the same sentence or the next one) takes the acknowledgement back."""
    check(but_after_acknowledgement)


STATE_VERB = re.compile(
    r"\bvous (?:êtes|étiez|serez|seriez|soyez|semblez|sembliez|sentez|voilà|restez|paraissez"
    r"|avez été|aurez été)(?:-vous)?((?:\s+[\w'-]+){1,4})",
    re.IGNORECASE,
)
ADVERB = set("si très bien tout toute vraiment déjà peut-être encore trop un peu plus pas toujours".split())
NOT_ADJECTIVE = set("ici au aux tous parmi ainsi aussi lui qui puis depuis avant pendant sous".split())
# endings that change with the gender: informé(e), déçu(e), ravi(e), satisfait(e), heureux/heureuse,
# attentif/attentive, inquiet/inquiète, prêt(e), content(e)...
GENDERED = re.compile(
    r"[\w-]*(?:é|ée|és|ées|ue?s?|ie?s?|ises?|ite?s?|eux|euses?|ifs?|ives?|et|ètes?|ettes?|êt|êtes?"
    r"|ante?s?|ente?s?)",
    re.IGNORECASE,
)
# words that only ever describe the customer, wherever they stand ("de 1 (pas du tout satisfait)")
CUSTOMER_STATE = re.compile(r"\b(?:in|mé)?(?:satisfaite?s?|contente?s?|déçue?s?)\b", re.IGNORECASE)
INCLUSIVE = re.compile(r"\w\((?:e|es|s|ne|le|se|ve)\)|\w·\w", re.IGNORECASE)


def gendered_words(m: Message) -> str:
    found = [w.group(0) for w in CUSTOMER_STATE.finditer(m.text)] + INCLUSIVE.findall(m.text)
    for match in STATE_VERB.finditer(m.text):
        words = [w.strip(",.;:!?") for w in match.group(1).split()]
        words = [w for w in words if w.lower() not in ADVERB and not w.endswith("ment")]
        if words and words[0].lower() not in NOT_ADJECTIVE and GENDERED.fullmatch(words[0]):
            found.append(match.group(0)[: match.start(1) - match.start()] + " " + words[0])
    return ", ".join(f"«{word}»" for word in sorted(set(found)))


def test_nothing_said_about_the_customer_is_gendered():
    """No "vous êtes informé", "satisfait(e)": rephrase so that it fits every customer."""
    check(gendered_words)


PLURAL_AFTER_ONE = re.compile(r"\b(?:les|des|ces|nos|vos) 1\b|(?<![\d,.])\b1 (?!fois\b|mois\b)[^\W\d_]+s\b")


def test_no_plural_after_one():
    """No "les 1 minutes" or "1 jours" anywhere, whatever the wait."""
    check(lambda m: "a plural after 1" if PLURAL_AFTER_ONE.search(m.text) else "", count="1")


SINGULAR_VERB = re.compile(
    r"\{(?:complaint_)?problem\}\s+(?:ne\s+|n')?(?:(?:vous|nous|me|le|la|l'|en|y)\s*)?"
    r"(?:est|a|fait|fasse|soit|était|sera|semble|reste|devient|arrive|pose|concerne)\b"
)


def test_a_plural_problem_never_gets_a_singular_verb():
    """The catalogue names some problems in the plural ("ces frais…"): no "{problem} n'est pas"
    (Grammalecte misses the agreement when the subject has a relative clause)."""
    assert any(problem.startswith("ces ") for problem in problem_phrases())
    plural = re.compile(r"\bces ")
    check(lambda m: "singular verb" if SINGULAR_VERB.search(m.template) and plural.search(m.text) else "")


def test_anger_is_named_only_to_an_angry_customer():
    """ "Votre colère est légitime" to a customer who is not angry puts words in their mouth."""
    named = re.compile(r"votre colère est|vous êtes en colère", re.IGNORECASE)
    check(lambda m: "not under `emotion: anger`" if named.search(m.text) and m.emotions != ("anger",) else "")


EMOJI = re.compile("[\U0001f000-\U0001faff\u2600-\u27bf\u2b50\ufe0f]")


def test_no_emoji_for_an_angry_frustrated_or_anxious_customer():
    tense = {"anger", "frustration", "anxiety"}
    check(
        lambda m: "emoji" if EMOJI.search(m.text) and not set(m.emotions or tense).isdisjoint(tense) else ""
    )
