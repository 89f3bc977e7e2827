"""The variable parts of what the bot says: quotes of the customer's words, proposal,
closure and status wordings, rating parsing. Pure functions (no Rasa import); the fixed
parts and their variations live in domain.yml."""

from __future__ import annotations

import dataclasses
import json
import re
from datetime import date
from typing import Dict, Optional, Tuple

from litige import digest
from litige.catalogue import Remedy
from litige.dates import format_french_date
from litige.facts import disputed_amount, extract
from litige.follow_up_rules import first_business_day_after
from litige.situation import DECLINED

MAX_QUOTE_CHARS = 220
MAX_OUTCOME_QUOTE_CHARS = 160  # what would satisfy the customer, quoted back
UNKNOWN = "unknown"

_SPACES = re.compile(r"\s+")
# a short answer that reads as what is wanted ("un avoir", "qu'on me rappelle", "être livré
# samedi"); anything else ("il est cassé") is said in the bot's words instead
_NOUN_START = re.compile(
    r"(?:(?:juste|seulement|simplement|surtout|plutôt|déjà)\s+)?"
    r"(?:une?|des|les?|la|l'|du|de|d'|votre|vos|que|qu'|être|etre|avoir|recevoir|récupérer)\b",
    re.IGNORECASE,
)
_NUMBER_WORDS = {"un": 1, "une": 1, "deux": 2, "trois": 3, "quatre": 4, "cinq": 5}
_RATING = re.compile(r"(?<![\d/])([1-5])(?![\d])\s*(?:/\s*5|sur\s*5|[ée]toiles?|⭐)?", re.IGNORECASE)


def quote(text: Optional[str], limit: int = MAX_QUOTE_CHARS) -> str:
    """The customer's words, on one line, shortened on a word boundary."""
    cleaned = _SPACES.sub(" ", (text or "").replace("«", '"').replace("»", '"')).strip()
    cleaned = cleaned.rstrip(" .!?;,")
    if len(cleaned) <= limit:
        return cleaned
    cut = cleaned[:limit].rsplit(" ", 1)[0]
    return f"{cut}…"


def order_part(order_id: Optional[str], problem: str = "") -> str:
    """ ", pour la commande CMD-482913", " (CMD-482913)" after a problem that names the order
    already ("cette commande qui n'arrive toujours pas"), or nothing when the number is unknown."""
    if not order_id or order_id == UNKNOWN:
        return ""
    return f" ({order_id})" if "commande" in problem else f", pour la commande {order_id}"


def reformulation(
    problem: str, order_id: Optional[str], story: str, amount: Optional[float] = None
) -> Dict[str, str]:
    """The recap's variable parts, from the complaint's state: the problem as the catalogue
    names it, the order, and the facts read in the customer's messages (never their words);
    ``amount`` is one the customer corrected, said instead of the one first read."""
    facts = extract(story)
    amount = amount if amount is not None else disputed_amount(story)  # a total, a new price
    if amount is not None:
        facts = dataclasses.replace(facts, amounts=(amount,))
    return {
        "problem": problem,
        "order_part": order_part(order_id, problem),
        "context": digest.context_phrase(facts),
    }


def wish(outcome: Optional[str], remedy: Optional[Remedy]) -> Tuple[str, str]:
    """How to say back what the customer wants: ("said", "vous voulez …") when their wish
    can be turned to the second person, ("noun", "un avoir") for a short answer or a remedy
    of the catalogue, ("unknown", "") when neither is safe (never a raw quote)."""
    clause = digest.wish_clause(outcome) or (outcome or "")
    turned = digest.second_person(clause)
    if turned:  # the templates say "plutôt" themselves
        turned = re.sub(r"^plutôt\s+|\s+plutôt$", "", turned, flags=re.IGNORECASE) or None
    if turned and re.match(r"(vous|il vous faut|ce que vous|ce qu'il vous)\b", turned):
        return "said", turned
    if turned and (remedy is None or len(digest.words(turned)) <= 8) and _NOUN_START.match(turned):
        return "noun", turned
    if remedy is not None:
        return "noun", remedy.wished
    return "unknown", ""


def french_time(hhmm: str) -> str:
    """ "08:00" -> "8 h", "18:30" -> "18 h 30"."""
    hours, minutes = hhmm.split(":")
    return f"{int(hours)} h" + (f" {minutes}" if minutes != "00" else "")


def window_text(window: Tuple[str, str]) -> str:
    return f"entre {french_time(window[0])} et {french_time(window[1])}"


def proposal(
    remedy: Remedy,
    due: date,
    today: date,
    window: Optional[str] = None,
    values: Optional[Dict[str, str]] = None,
) -> Dict[str, str]:
    """The proposal's wording. ``when`` is "d'ici le <date>", or "le <date>, <window>" for a
    remedy that happens on one day (an appointment: the customer must be there or reachable);
    ``when_marked`` the same with the date in bold. ``values`` fill the remedy's {amount}…"""
    remedy = filled(remedy, values)
    day = format_french_date(due, today=today)
    if remedy.appointment:
        window = window or window_text(remedy.appointment_hours)
        when, marked = f"le {day}, {window}", f"le **{day}**, {window}"
    else:
        when, marked = f"d'ici le {day}", f"d'ici le **{day}**"
    return {
        "offer": remedy.offer.rstrip(" ,."),
        "consent": remedy.consent.rstrip(" "),
        "due": day,
        "when": when,
        "when_marked": marked,
    }


def filled(remedy: Remedy, values: Optional[Dict[str, str]]) -> Remedy:
    """The remedy with the facts its wording names ({amount}, {daily_credit}…) filled in."""
    if not remedy.values_needed:
        return remedy
    values = values or {}
    missing = [name for name in remedy.values_needed if name not in values]
    if missing:
        raise ValueError(f"remedy {remedy.id} needs {missing} to be worded")
    return dataclasses.replace(
        remedy,
        offer=remedy.offer.format_map(values),
        consent=remedy.consent.format_map(values),
        summary=remedy.summary.format_map(values),
    )


def agreed_summary(remedy: Remedy, facts_json: Optional[str]) -> str:
    """The agreed remedy's recap for a later message (status, e-mail), worded with the values
    the ticket kept ({amount}…); its plain promise when they are not there."""
    try:
        values = (json.loads(facts_json) if facts_json else {}).get("values") or {}
        return filled(remedy, values).summary
    except (ValueError, AttributeError):
        return remedy.promise


def has_email(email: Optional[str]) -> bool:
    """An address we can write to (not "unknown", not declined)."""
    return bool(email) and email not in (UNKNOWN, DECLINED)


def follow_up_sentence(follow_up: str, email: Optional[str]) -> str:
    """How the customer hears back: by e-mail when we have an address, else in the chat."""
    if has_email(email):
        return f"Vous recevrez {follow_up}, à l'adresse {email}"
    return "Nous vous tiendrons au courant ici même, dans cette conversation"


def follow_up_day(due: date, today: date, region: str = "") -> str:
    """The day the customer is asked whether the promise was kept: the first business day
    after the promised date (litige.follow_up_rules), as the recap says it."""
    return format_french_date(first_business_day_after(due, region), today=today)


def closure(
    remedy: Remedy,
    due: date,
    today: date,
    reference: str,
    email: Optional[str],
    window: Optional[str] = None,
    region: str = "",
    values: Optional[Dict[str, str]] = None,
) -> Dict[str, str]:
    """The recap's wording; ``when`` is "d'ici le <date>", or "le <date>, <window>" for an
    appointment the customer chose; ``follow_up_day`` is when we come back to the customer."""
    remedy = filled(remedy, values)
    day = format_french_date(due, today=today)
    return {
        "summary": remedy.summary.rstrip(" "),
        "when": f"le **{day}**, {window}" if window else f"d'ici le **{day}**",
        "due": day,
        "follow_up_day": follow_up_day(due, today, region),
        "reference": reference,
        "follow_up_sentence": follow_up_sentence(remedy.follow_up, email),
    }


def parse_rating(text: Optional[str]) -> Optional[int]:
    """A 1-5 rating in what the customer typed ("4", "4/5", "5 étoiles", "cinq"), else None.
    A message with several different candidate numbers is ambiguous: None."""
    if not text:
        return None
    if any(ch.isdigit() for ch in re.sub(r"(?<!\d)[1-5](?!\d)\s*(?:/\s*5|sur\s*5)?", "", text)):
        return None  # other numbers (an order number, "10/10"...): not a 1-5 rating
    found = {int(match.group(1)) for match in _RATING.finditer(text)}
    if not found:
        lowered = text.lower().strip(" .!⭐")
        # "un"/"une" are articles too: a rating only when they are the whole message
        found = {
            value
            for word, value in _NUMBER_WORDS.items()
            if re.search(rf"\b{word}\b", lowered) and (value > 1 or lowered == word)
        }
    return found.pop() if len(found) == 1 else None
