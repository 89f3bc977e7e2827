"""The handoff brief: what an advisor reads before answering a customer the assistant handed
over (pure: the tracker's events as the Rasa HTTP API gives them, the ticket and the owner as
dicts or objects; no Rasa, no database).

Everything is read defensively: a missing key, a ``None`` parse data or an event of an
unknown kind never breaks the brief. The slots and the emotions follow the current complaint
(a ``restart`` clears them); the transcript shows the whole conversation.
"""

from __future__ import annotations

from datetime import date, datetime, timezone
from typing import Any, Dict, List, Mapping, Optional, Sequence

from litige import emotional_state
from litige.advisor_hours import PARIS
from litige.catalogue import CATEGORIES, Remedy, catalogue, remedy_for
from litige.dates import format_french_date
from litige.emotion_chart import label as emotion_label
from litige.handoff_plan import BUSY, CLOSED, NOBODY, why_text

MAX_CUSTOMER_WORDS = 5
PRIORITY_LABELS = {"low": "Basse", "normal": "Normale", "high": "Haute", "urgent": "Urgente"}
CATEGORY_LABELS = dict(
    delivery="Livraison", product="Produit", billing="Facturation", refund="Remboursement",
    service="Service", communication="Communication",
)  # fmt: skip
UNKNOWN_CATEGORY = "Non précisée"
# why the assistant handed over (litige/escalation.py), said to the advisor
REASON_TEXTS = {
    "request_human": "Le client a demandé à parler à un conseiller.",
    "serious_threat": (
        "Le client a évoqué un recours sérieux (action en justice, médiateur, "
        "opposition bancaire ou exposition publique)."
    ),
    "anger": "Le client est resté très en colère sur plusieurs messages de suite.",
    "rising_anger": "L'exaspération du client montait de message en message.",
    "insults": "Le client s'est montré insultant à plusieurs reprises.",
    "fallbacks": "L'assistant n'a pas compris plusieurs messages de suite.",
    "refusals": "Le client a refusé les solutions proposées par l'assistant.",
    "no_remedy": "L'assistant n'avait aucune solution adaptée à proposer.",
}
UNKNOWN_REASON = "Raison non précisée."
ANSWER_LABELS = {"accepted": "Acceptée", "refused": "Refusée", None: "Sans réponse"}
ANSWER_LABELS["replaced"] = "Le client a demandé une autre solution"
# "bonjour", "merci", "oui": not the story (a longer message with such an intent may be)
_SOCIAL_INTENTS = frozenset({"greet", "goodbye", "thank", "affirm", "deny"})
_NOT_GIVEN = frozenset({"unknown", "declined"})  # what the form stores for "I don't have it"


def _get(thing: Any, key: str) -> Any:
    """``thing[key]`` for a mapping, else the attribute, else ``thing.data[key]`` (Ticket)."""
    if thing is None:
        return None
    if isinstance(thing, Mapping):
        return thing.get(key)
    value = getattr(thing, key, None)
    if value is None:
        data = getattr(thing, "data", None)
        if isinstance(data, Mapping):
            value = data.get(key)
    return value


def _text(value: Any) -> Optional[str]:
    """A non-empty stripped string, or None."""
    if value is None or isinstance(value, (dict, list)):
        return None
    text = str(value).strip()
    return text or None


def _given(value: Any) -> Optional[str]:
    text = _text(value)
    return None if text is None or text.lower() in _NOT_GIVEN else text


def _moment(event: Mapping[str, Any]) -> Optional[datetime]:
    """The event's time (aware, UTC), or None when it has no usable timestamp."""
    try:
        value = float(event.get("timestamp"))
        return datetime.fromtimestamp(value, tz=timezone.utc) if value > 0 else None
    except (TypeError, ValueError, OverflowError, OSError):
        return None


def _parse(event: Mapping[str, Any]) -> Mapping[str, Any]:
    parse = event.get("parse_data")
    return parse if isinstance(parse, Mapping) else {}


def _intent(event: Mapping[str, Any]) -> Optional[str]:
    intent = _parse(event).get("intent")
    return _text(intent.get("name")) if isinstance(intent, Mapping) else None


def _clean(events: Any) -> List[Mapping[str, Any]]:
    return [event for event in (events or ()) if isinstance(event, Mapping)]


def _current(events: List[Mapping[str, Any]]) -> List[Mapping[str, Any]]:
    """The events since the latest restart."""
    starts = [index for index, event in enumerate(events) if event.get("event") == "restart"]
    return events[starts[-1] + 1 :] if starts else events


def slots_of(events: Sequence[Mapping[str, Any]]) -> Dict[str, Any]:
    """The last value of every slot since the latest restart (or slots reset)."""
    slots: Dict[str, Any] = {}
    for event in _clean(events):
        kind = event.get("event")
        if kind in ("restart", "reset_slots"):
            slots = {}
        elif kind == "slot" and isinstance(event.get("name"), str):
            slots[event["name"]] = event.get("value")
    return slots


def _at(moment: Optional[datetime]) -> Dict[str, Optional[str]]:
    if moment is None:
        return {"at": None, "iso": None}
    return {"at": moment.astimezone(PARIS).strftime("%H:%M"), "iso": moment.isoformat(timespec="seconds")}


def _buttons(event: Mapping[str, Any]) -> Dict[str, str]:
    data = event.get("data") if isinstance(event.get("data"), Mapping) else {}
    found = {}
    for button in data.get("buttons") or ():
        if isinstance(button, Mapping) and _text(button.get("payload")) and _text(button.get("title")):
            found[str(button["payload"]).strip()] = str(button["title"]).strip()
    return found


def transcript(events: Sequence[Mapping[str, Any]]) -> List[Dict[str, Any]]:
    """Who said what and when, in event order; a button click shows the button's title."""
    lines: List[Dict[str, Any]] = []
    buttons: Dict[str, str] = {}
    for event in _clean(events):
        kind, text = event.get("event"), _text(event.get("text"))
        if kind == "bot":
            buttons = _buttons(event)
            if not text:
                continue
            metadata = event.get("metadata") if isinstance(event.get("metadata"), Mapping) else {}
            advisor = metadata.get("advisor")
            if isinstance(advisor, Mapping):
                who, name = "advisor", _text(advisor.get("first_name"))
            else:
                who, name = "bot", None
        elif kind == "user" and text:
            if emotional_state.is_payload(text):
                text = buttons.get(text)
                if not text:
                    continue
            who, name = "customer", None
        else:
            continue
        lines.append({"who": who, "name": name, "text": text, **_at(_moment(event))})
    return lines


def emotions(events: Sequence[Mapping[str, Any]]) -> List[Dict[str, Any]]:
    """One point per typed customer message since the latest restart (button clicks carry none)."""
    safe = []
    for event in _clean(events):
        if event.get("event") == "user":
            moment = _moment(event)
            event = {**event, "parse_data": dict(_parse(event)), "text": str(event.get("text") or "")}
            event["timestamp"] = moment.timestamp() if moment else 0.0
        safe.append(event)
    state = emotional_state.from_events(safe)
    return [
        {
            "turn": turn.number,
            "emotion": turn.emotion,
            "label": emotion_label(turn.emotion or ""),
            "intensity": round(turn.intensity, 2),
        }
        for turn in state.emotional_turns
    ]


def customer_words(events: Sequence[Mapping[str, Any]], slots: Mapping[str, Any]) -> List[str]:
    """What the customer wrote to tell the complaint: their typed messages up to the latest
    reformulation (all of them when there was none), without greetings, yes/no answers, or
    the order number and e-mail address they gave."""
    current = _current(_clean(events))
    told = [
        index
        for index, event in enumerate(current)
        if event.get("event") == "slot" and event.get("name") == "reformulation" and _text(event.get("value"))
    ]
    before = current[: told[-1]] if told else current
    skip = {(_text(slots.get(name)) or "").lower() for name in ("order_id", "customer_email")} - {""}
    words = []
    for event in before:
        text = _text(event.get("text")) if event.get("event") == "user" else None
        social = _intent(event) in _SOCIAL_INTENTS and len(text.split()) <= 4 if text else False
        if not text or emotional_state.is_payload(text) or social:
            continue
        if text.lower() not in skip:
            words.append(text)
    return words[:MAX_CUSTOMER_WORDS]


def _remedy(category: Optional[str], remedy_id: str) -> Optional[Remedy]:
    found = remedy_for(category, remedy_id)
    if found is None:
        found = next((r for c in CATEGORIES if (r := catalogue()[c].remedy(remedy_id))), None)
    return found


def _answers(events: Sequence[Mapping[str, Any]]) -> List[Dict[str, Any]]:
    """Per proposal, in order: its remedy id, the customer's next message and the answer the
    assistant read (accepted: the closure followed; refused: counted as a refusal; replaced:
    another remedy was proposed at the customer's request; None: not answered yet)."""
    found: List[Dict[str, Any]] = []
    pending: Optional[Dict[str, Any]] = None
    refused = 0.0
    for event in _current(_clean(events)):
        kind, name, value = event.get("event"), event.get("name"), event.get("value")
        if kind == "user" and pending is not None and pending["reply"] is None:
            pending["reply"] = _text(event.get("text"))
        if kind != "slot":
            continue
        if name == "proposed_remedies":
            remedies = [str(item) for item in value] if isinstance(value, list) else []
            if len(remedies) < len(found):  # a new complaint started afresh
                found, pending = [], None
            for remedy_id in remedies[len(found) :]:
                if pending is not None and pending["answer"] is None:
                    pending["answer"] = "replaced"
                pending = {"remedy": remedy_id, "reply": None, "answer": None}
                found.append(pending)
        elif name == "refused_proposals":
            count = value if isinstance(value, (int, float)) else 0.0
            if pending is not None and count > refused:
                pending["answer"], pending = "refused", None
            refused = count
        elif name == "waltz_step" and value == "closure" and pending is not None:
            pending["answer"], pending = "accepted", None
    return found


def proposals(
    events: Sequence[Mapping[str, Any]], slots: Mapping[str, Any], today: Optional[date] = None
) -> List[Dict[str, Any]]:
    remedies = slots.get("proposed_remedies") if isinstance(slots.get("proposed_remedies"), list) else []
    dates = slots.get("proposal_due_dates") if isinstance(slots.get("proposal_due_dates"), list) else []
    answers = _answers(events)
    if [a["remedy"] for a in answers] != [str(r) for r in remedies]:
        answers = [{"reply": None, "answer": None} for _ in remedies]  # cannot align: say nothing
    result = []
    for position, (remedy_id, answer) in enumerate(zip(remedies, answers, strict=True), start=1):
        remedy = _remedy(_text(slots.get("complaint_category")), str(remedy_id))
        due_iso = _text(dates[position - 1]) if position <= len(dates) else None
        try:
            due = date.fromisoformat(due_iso) if due_iso else None
        except ValueError:
            due = None
        promise = remedy.promise if remedy else str(remedy_id)
        result.append(
            {
                "position": position,
                "remedy": str(remedy_id),
                "label": promise[:1].upper() + promise[1:],
                "due_date": due.isoformat() if due else None,
                "due_text": format_french_date(due, today=today) if due else None,
                "answer": answer["answer"],
                "answer_label": ANSWER_LABELS[answer["answer"]],
                "reply": answer["reply"],
            }
        )
    return result


def reason_text(reason: Optional[str]) -> Optional[str]:
    """Why the conversation reached an advisor, in French; None when it did not."""
    if not reason:
        return None
    if reason in REASON_TEXTS:
        return REASON_TEXTS[reason]
    if reason in (CLOSED, NOBODY, BUSY):
        why = why_text(reason)
        return f"{why[:1].upper()}{why[1:]}."
    return UNKNOWN_REASON


def _iso(value: Any) -> Optional[str]:
    if isinstance(value, datetime):
        moment = value if value.tzinfo else value.replace(tzinfo=timezone.utc)
        return moment.astimezone(timezone.utc).isoformat(timespec="seconds")
    return _text(value)


ORDER_STATE_LABELS = {
    "preparing": "en préparation",
    "in_transit": "en route",
    "in_transit_no_eta": "en route, sans date annoncée",
    "preparing_no_eta": "en préparation, sans date d'expédition",
    "blocked": "bloquée chez le transporteur",
    "lost": "déclarée perdue par le transporteur",
    "delivered": "livrée",
    "returned": "revenue à l'entrepôt",
    "cancelled": "annulée",
}


def known_facts(facts: Any, today: Optional[date], now: Optional[datetime]) -> List[str]:
    """What the order system said, in a line each, for the advisor: the order's state and an
    outage in progress (litige.news: the same facts the customer heard)."""
    from litige import news  # the order system's facts: only needed when a brief has some

    if not isinstance(facts, Mapping) or today is None:
        return []
    lines: List[str] = []
    found = news.order_news(facts, today)
    if found:
        key, values = found
        order = f"Commande {values['order_id']}"
        if key == "order_not_found":
            lines.append(f"{order} : inconnue du système de commandes.")
        elif key == "order_unchecked":
            lines.append(f"{order} : système de commandes injoignable, rien n'a été vérifié.")
        else:
            state = ORDER_STATE_LABELS.get(key[len("order_") :], key)
            details = [f"{values.get('items')}"]
            when = values.get("eta") and f"livraison annoncée le {values['eta']}"
            step = (
                values.get("last_step") and f"dernière étape le {values.get('since')} : {values['last_step']}"
            )
            lines.append(
                f"{order} ({', '.join(details)}) : {state}"
                + "".join(f" ; {p}" for p in (step, when) if p)
                + "."
            )
    outage = news.outage_news(facts, now, today) if now is not None else None
    if outage:
        _, values = outage
        end = values.get("expected_end")
        lines.append(
            f"Coupure en cours chez le client depuis le {values['started']} ({values['cause']})"
            + (f", fin annoncée le {end}." if end else ", sans fin annoncée.")
        )
    return lines


def build_brief(
    events: List[dict],
    ticket: Optional[dict] = None,
    owner: Optional[dict] = None,
    notes: Sequence[dict] = (),
) -> Dict[str, Any]:
    """The handoff packet of one conversation (see the module docstring)."""
    events = _clean(events)
    slots = slots_of(events)
    moments = [moment for moment in map(_moment, events) if moment]
    today = max(moments).astimezone(PARIS).date() if moments else None  # for the years of dates
    priority = _text(_get(ticket, "priority")) or _text(slots.get("priority"))
    priority = priority or _text(_get(owner, "priority")) or "normal"
    category = _text(_get(ticket, "category")) or _text(slots.get("complaint_category"))
    reason = _text(slots.get("handoff_reason")) or _text(_get(ticket, "handoff_reason"))
    reason = reason or _text(_get(owner, "reason"))
    preferred = _remedy(category, str(slots["preferred_remedy"])) if slots.get("preferred_remedy") else None
    feelings = emotions(events)
    return {
        "reference": _text(_get(ticket, "reference"))
        or _text(slots.get("ticket_id"))
        or _text(_get(owner, "ticket_reference")),
        "status": _text(_get(ticket, "status")),
        "priority": priority,
        "priority_label": PRIORITY_LABELS.get(priority, priority),
        "category": category if category in CATEGORY_LABELS else None,
        "category_label": CATEGORY_LABELS.get(category or "", UNKNOWN_CATEGORY),
        "customer_name": _text(slots.get("customer_name")) or _text(_get(ticket, "customer_name")),
        "email": _given(slots.get("customer_email")) or _given(_get(ticket, "customer_email")),
        "phone": _given(slots.get("customer_phone")),
        "address": _given(slots.get("customer_address")) or _given(_get(ticket, "customer_address")),
        "availability": _text(slots.get("visit_availability")),
        "order_id": _given(slots.get("order_id")),
        "known_facts": known_facts(slots.get("account_facts"), today, max(moments) if moments else None),
        "customer_words": customer_words(events, slots),
        "reformulation": _text(slots.get("reformulation")),
        "wish": _text(slots.get("expected_outcome")) or (preferred.wished if preferred else None),
        "emotions": feelings,
        "current_emotion": feelings[-1] if feelings else None,
        "proposals": proposals(events, slots, today),
        "handoff_reason": reason,
        "handoff_reason_text": reason_text(reason),
        "transcript": transcript(events),
        "notes": [dict(note) for note in notes or () if isinstance(note, Mapping)],
        "state": _text(_get(owner, "state")),
        "advisor_name": _text(_get(owner, "advisor_name")),
        "waiting_since": _iso(_get(owner, "waiting_since")),
    }
