"""The escalation policy, in one place: when the assistant hands the conversation to a
human advisor, and why.

Pure functions over a small view of the conversation, so every rule is unit-tested
without Rasa. They are applied on every turn by ``components/escalation_policy.py`` (a
Rasa dialogue policy that predicts ``action_handoff`` and records the reason in the
``handoff_reason`` slot), with thresholds set in ``config.yml``. The policy reads the
conversation through ``litige.emotional_state`` (one state: turns, emotions, signals);
the signals themselves (threat kinds, insults, requests for a person) come from
``litige.signals``, on every message whatever its intent.

Triggers, in order of precedence:
  no_remedy       the catalogue has nothing (left) to propose
  refusals        the customer refused ``max_refused_proposals`` proposals
  request_human   the customer asks for a person, at any step
  serious_threat  legal action, mediator / consumer association, chargeback, public exposure
  insults         the ``max_insults``-th insult (the first one gets a calm boundary)
  anger           anger at or above ``anger_intensity`` on two consecutive typed messages
                  (a button click has no emotion and never counts)
  rising_anger    a rising trend that ends in anger/frustration at ``rising_end_intensity``
  fallbacks       ``max_consecutive_fallbacks`` messages in a row the bot did not understand
                  (not at the proposal: the negotiation reads every reply, and says when unsure)
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Optional

from litige.emotional_state import EmotionalState
from litige.emotions import RISING
from litige.signals import SERIOUS_THREATS, THREAT_KINDS

NO_REMEDY = "no_remedy"
REFUSALS = "refusals"
REQUEST_HUMAN = "request_human"
SERIOUS_THREAT = "serious_threat"
INSULTS = "insults"
ANGER = "anger"
RISING_ANGER = "rising_anger"
FALLBACKS = "fallbacks"
REASONS = (NO_REMEDY, REFUSALS, REQUEST_HUMAN, SERIOUS_THREAT, INSULTS, ANGER, RISING_ANGER, FALLBACKS)

# Threat kinds (litige/signals.py detects them, word-bounded and negation-aware): the
# serious ones hand off at once, leaving and reviews are acknowledged and raise the priority.
LEGAL, MEDIATOR, CHARGEBACK, PUBLIC, REVIEW, LEAVE = THREAT_KINDS


@dataclass(frozen=True)
class Thresholds:
    anger_intensity: float = 0.75
    rising_end_intensity: float = 0.8
    max_consecutive_fallbacks: int = 2
    max_refused_proposals: int = 2
    max_insults: int = 2


@dataclass(frozen=True)
class ConversationState:
    feelings: EmotionalState = field(default_factory=EmotionalState)  # since the last restart
    refused_proposals: int = 0
    no_remedy: bool = False
    handed_off: bool = False
    after_user_message: bool = True  # the prediction comes right after a customer message
    negotiating: bool = False  # a proposal awaits consent: every reply is read by the negotiation


@dataclass(frozen=True)
class HandoffDecision:
    reason: str
    detail: str


def decide(state: ConversationState, thresholds: Thresholds = Thresholds()) -> Optional[HandoffDecision]:
    """Whether to hand off now, and why (None: the bot keeps the conversation)."""
    if state.handed_off:
        return None
    if state.no_remedy:
        return HandoffDecision(NO_REMEDY, "Le catalogue ne contient plus de solution à proposer.")
    if state.refused_proposals >= thresholds.max_refused_proposals:
        return HandoffDecision(REFUSALS, f"Le client a refusé {state.refused_proposals} propositions.")
    if not state.after_user_message or not state.feelings.turns:
        return None

    feelings = state.feelings
    last = feelings.last
    if last.intent == "request_human" or last.request_human:
        return HandoffDecision(REQUEST_HUMAN, "Le client demande à parler à un conseiller.")
    if last.threat in SERIOUS_THREATS and last.intent not in ("out_of_scope", "bot_challenge"):
        return HandoffDecision(SERIOUS_THREAT, f"Menace sérieuse ({last.threat}) : « {last.text[:200]} »")
    if last.insult or last.intent == "insult":
        if feelings.insults >= thresholds.max_insults:
            return HandoffDecision(INSULTS, f"{feelings.insults} messages insultants.")
    # a button click has no emotion of its own: the emotion rules only read typed messages
    if last.emotional:
        recent = feelings.emotional_turns[-2:]
        if len(recent) == 2 and all(
            t.emotion == "anger" and t.intensity >= thresholds.anger_intensity for t in recent
        ):
            return HandoffDecision(
                ANGER,
                f"Colère intense sur deux messages de suite ({recent[0].intensity:.2f}, "
                f"{recent[1].intensity:.2f}).",
            )
        if (
            len(feelings.points) >= 3
            and feelings.trend == RISING
            and last.emotion in ("anger", "frustration")
            and last.intensity >= thresholds.rising_end_intensity
        ):
            return HandoffDecision(
                RISING_ANGER, f"Tension croissante, dernier message à {last.intensity:.2f}."
            )
    window = feelings.turns[-thresholds.max_consecutive_fallbacks :]
    if (
        not state.negotiating
        and len(window) == thresholds.max_consecutive_fallbacks
        and all(t.intent == "nlu_fallback" and not t.in_form for t in window)
    ):
        return HandoffDecision(FALLBACKS, f"{len(window)} messages de suite non compris.")
    return None
