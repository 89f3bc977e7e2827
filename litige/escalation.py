"""The escalation policy, in one place: when the assistant hands the conversation to a
human advisor, and why.

Pure functions over a small view of the conversation, so every rule is unit-tested
without Rasa. They are applied on every turn by ``components/escalation_policy.py`` (a
Rasa dialogue policy that predicts ``action_handoff`` and records the reason in the
``handoff_reason`` slot), with thresholds set in ``config.yml``. The threat classifier is
also used by ``action_acknowledge_threat`` for the threats that do not hand off.

Triggers, in order of precedence:
  no_remedy       the catalogue has nothing (left) to propose
  refusals        the customer refused ``max_refused_proposals`` proposals
  request_human   the customer asks for a person, at any step
  serious_threat  legal action, mediator / consumer association, chargeback, public exposure
  insults         the ``max_insults``-th insult (the first one gets a calm boundary)
  anger           anger at or above ``anger_intensity`` on two consecutive messages
  rising_anger    a rising trend that ends in anger/frustration at ``rising_end_intensity``
  fallbacks       ``max_consecutive_fallbacks`` messages in a row the bot did not understand
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import List, Optional, Tuple

from litige.emotions import RISING, EmotionPoint, trend
from litige.text import fold

NO_REMEDY = "no_remedy"
REFUSALS = "refusals"
REQUEST_HUMAN = "request_human"
SERIOUS_THREAT = "serious_threat"
INSULTS = "insults"
ANGER = "anger"
RISING_ANGER = "rising_anger"
FALLBACKS = "fallbacks"
REASONS = (NO_REMEDY, REFUSALS, REQUEST_HUMAN, SERIOUS_THREAT, INSULTS, ANGER, RISING_ANGER, FALLBACKS)

# Threat kinds: the first four hand off at once, the last two are acknowledged and raise
# the ticket's priority.
LEGAL, MEDIATOR, CHARGEBACK, PUBLIC, REVIEW, LEAVE = (
    "legal",
    "mediator",
    "chargeback",
    "public",
    "review",
    "leave",
)
SERIOUS_THREATS = (LEGAL, MEDIATOR, CHARGEBACK, PUBLIC)


def _pattern(*words: str) -> re.Pattern:
    return re.compile(r"(?<![a-z])(?:" + "|".join(words) + r")")


_THREAT_PATTERNS: Tuple[Tuple[str, re.Pattern], ...] = (
    (
        LEGAL,
        _pattern(
            r"avocat",
            r"tribunal",
            r"justice",
            r"(?:porter|porte|deposer|depose) plainte",
            r"plainte contre",
            r"proces\b",
            r"poursui",
            r"huissier",
            r"mise en demeure",
            r"juridique",
            r"juge\b",
            r"prud",
        ),
    ),
    (
        MEDIATOR,
        _pattern(
            r"mediat",
            r"conciliat",
            r"ufc",
            r"que choisir",
            r"association de consom",
            r"associations de consom",
            r"60 millions",
            r"dgccrf",
            r"signal ?conso",
            r"repression des fraudes",
        ),
    ),
    (
        CHARGEBACK,
        _pattern(
            r"opposition",
            r"chargeback",
            r"contester (?:le|mon|ce) (?:paiement|prelevement)",
            r"rejet(?:er)? (?:le|du|de mon) prelevement",
            r"bloquer (?:le|mon) paiement",
            r"(?:aupres de|voir|appeler|prevenir) ma banque",
        ),
    ),
    (
        PUBLIC,
        _pattern(
            r"journalist",
            r"presse\b",
            r"medias?\b",
            r"tele\b",
            r"television",
            r"reseaux sociaux",
            r"twitter",
            r"\bx\b",
            r"facebook",
            r"instagram",
            r"tiktok",
            r"linkedin",
            r"buzz",
            r"viral",
            r"youtube",
            r"le monde entier",
        ),
    ),
    (
        REVIEW,
        _pattern(
            r"avis\b",
            r"trustpilot",
            r"etoiles?\b",
            r"commentaires?\b",
            r"mauvaise note",
            r"sale note",
            r"noter",
            r"google",
        ),
    ),
    (
        LEAVE,
        _pattern(
            r"resili",
            r"concurren",
            r"partir",
            r"quitter",
            r"plus jamais",
            r"aller voir ailleurs",
            r"changer d'operateur",
            r"desabonn",
            r"clotur",
            r"dernier achat",
            r"derniere commande",
            r"fermer mon compte",
        ),
    ),
)


def classify_threat(text: str) -> Optional[str]:
    """The most serious kind of threat found in the message, or None."""
    folded = fold(text)
    for kind, pattern in _THREAT_PATTERNS:
        if pattern.search(folded):
            return kind
    return None


@dataclass(frozen=True)
class Thresholds:
    anger_intensity: float = 0.75
    rising_end_intensity: float = 0.8
    max_consecutive_fallbacks: int = 2
    max_refused_proposals: int = 2
    max_insults: int = 2


@dataclass(frozen=True)
class Turn:
    """One customer message, as the policy sees it."""

    intent: Optional[str]
    text: str = ""
    emotion: Optional[str] = None
    intensity: float = 0.0
    in_form: bool = False  # a form was active when the message arrived


@dataclass(frozen=True)
class ConversationState:
    turns: List[Turn] = field(default_factory=list)  # since the last restart, oldest first
    refused_proposals: int = 0
    no_remedy: bool = False
    handed_off: bool = False
    after_user_message: bool = True  # the prediction comes right after a customer message


@dataclass(frozen=True)
class HandoffDecision:
    reason: str
    detail: str


def _points(turns: List[Turn]) -> List[EmotionPoint]:
    return [EmotionPoint(i + 1, t.emotion, t.intensity) for i, t in enumerate(turns) if t.emotion]


def decide(state: ConversationState, thresholds: Thresholds = Thresholds()) -> Optional[HandoffDecision]:
    """Whether to hand off now, and why (None: the bot keeps the conversation)."""
    if state.handed_off:
        return None
    if state.no_remedy:
        return HandoffDecision(NO_REMEDY, "Le catalogue ne contient plus de solution à proposer.")
    if state.refused_proposals >= thresholds.max_refused_proposals:
        return HandoffDecision(REFUSALS, f"Le client a refusé {state.refused_proposals} propositions.")
    if not state.after_user_message or not state.turns:
        return None

    last = state.turns[-1]
    if last.intent == "request_human":
        return HandoffDecision(REQUEST_HUMAN, "Le client demande à parler à un conseiller.")
    threat = classify_threat(last.text)
    # public exposure words (télé, facebook...) also occur in harmless sentences: they count
    # only in a message classified as a threat; legal, mediator and chargeback words count
    # in any complaint message too ("... sinon je porte plainte").
    explicit = threat in (LEGAL, MEDIATOR, CHARGEBACK) and last.intent not in (
        "out_of_scope",
        "bot_challenge",
    )
    if threat in SERIOUS_THREATS and (last.intent == "threaten" or explicit):
        return HandoffDecision(SERIOUS_THREAT, f"Menace sérieuse ({threat}) : « {last.text[:200]} »")
    if last.intent == "insult":
        insults = sum(1 for turn in state.turns if turn.intent == "insult")
        if insults >= thresholds.max_insults:
            return HandoffDecision(INSULTS, f"{insults} messages insultants.")
    recent = state.turns[-2:]
    if len(recent) == 2 and all(
        t.emotion == "anger" and t.intensity >= thresholds.anger_intensity for t in recent
    ):
        return HandoffDecision(
            ANGER,
            f"Colère intense sur deux messages de suite ({recent[0].intensity:.2f}, "
            f"{recent[1].intensity:.2f}).",
        )
    points = _points(state.turns)
    if (
        len(points) >= 3
        and trend(points) == RISING
        and last.emotion in ("anger", "frustration")
        and last.intensity >= thresholds.rising_end_intensity
    ):
        return HandoffDecision(RISING_ANGER, f"Tension croissante, dernier message à {last.intensity:.2f}.")
    window = state.turns[-thresholds.max_consecutive_fallbacks :]
    if len(window) == thresholds.max_consecutive_fallbacks and all(
        t.intent == "nlu_fallback" and not t.in_form for t in window
    ):
        return HandoffDecision(FALLBACKS, f"{len(window)} messages de suite non compris.")
    return None
