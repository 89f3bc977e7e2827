"""Every escalation rule, with the default and with custom thresholds."""

import pytest

from litige.emotional_state import CustomerTurn, EmotionalState, is_payload
from litige.escalation import (
    ANGER,
    CHARGEBACK,
    FALLBACKS,
    INSULTS,
    LEAVE,
    LEGAL,
    MEDIATOR,
    NO_REMEDY,
    PUBLIC,
    REFUSALS,
    REQUEST_HUMAN,
    REVIEW,
    RISING_ANGER,
    SERIOUS_THREAT,
    ConversationState,
    Thresholds,
    decide,
)
from litige.signals import detect


def turn(intent, text="", emotion=None, intensity=0.0, in_form=False):
    """A customer turn as the classifier and the signal detector would see it."""
    button = is_payload(text)
    found = {} if button else {k: v for k, v in detect(text).as_dict().items() if k in _SIGNALS}
    return CustomerTurn(0, text, intent, None if button else emotion, intensity, button, in_form, **found)


_SIGNALS = ("insult", "threat", "request_human", "hazard")


def state(*turns, **kwargs):
    numbered = tuple(CustomerTurn(**{**t.__dict__, "number": i + 1}) for i, t in enumerate(turns))
    return ConversationState(feelings=EmotionalState(numbered), **kwargs)


def reason(*turns, thresholds=Thresholds(), **kwargs):
    decision = decide(state(*turns, **kwargs), thresholds)
    return decision.reason if decision else None


CALM = turn("complain_delivery", "ma commande n'est pas arrivée", "neutral", 0.1)


def test_a_calm_conversation_stays_with_the_bot():
    assert reason(CALM, turn("inform", "CMD-482913", "neutral", 0.05)) is None


def test_asking_for_a_person_hands_off_at_any_step():
    assert reason(CALM, turn("request_human", "je veux parler à quelqu'un", "neutral", 0.2)) == REQUEST_HUMAN
    assert reason(turn("request_human", "un humain", None, 0.0, in_form=True)) == REQUEST_HUMAN


def test_anger_above_the_threshold_twice_in_a_row():
    angry = turn("complain_delivery", "C'EST INADMISSIBLE", "anger", 0.9)
    assert reason(angry, turn("inform", "VOUS VOUS MOQUEZ DE MOI", "anger", 0.8)) == ANGER
    assert reason(angry) is None  # once is not enough
    assert reason(angry, turn("inform", "bon", "anger", 0.6)) is None  # second below the threshold
    assert reason(angry, turn("inform", "j'en ai marre", "frustration", 0.9)) is None
    assert reason(angry, CALM, angry) is None  # not consecutive
    strict = Thresholds(anger_intensity=0.95)
    assert reason(angry, angry, thresholds=strict) is None


def test_a_rising_trend_that_ends_high():
    rising = [
        CALM,
        turn("inform", "ça fait dix jours", "frustration", 0.55),
        turn("complain_delivery", "TOUJOURS PAS LIVRÉ !!!", "anger", 0.85),
    ]
    assert reason(*rising) == RISING_ANGER
    lower_end = rising[:2] + [turn("complain_delivery", "toujours rien", "frustration", 0.6)]
    assert reason(*lower_end) is None
    assert reason(*rising, thresholds=Thresholds(rising_end_intensity=0.9)) is None


@pytest.mark.parametrize(
    "text, kind",
    [
        ("je vais prendre un avocat", LEGAL),
        ("je porte plainte contre vous", LEGAL),
        ("on se verra au tribunal", LEGAL),
        ("je saisis le médiateur de la consommation", MEDIATOR),
        ("je vais voir l'UFC Que Choisir", MEDIATOR),
        ("je fais opposition sur ma carte", CHARGEBACK),
        ("je vais contester le prélèvement auprès de ma banque", CHARGEBACK),
        ("je vais tout balancer sur les réseaux sociaux", PUBLIC),
        ("j'appelle les journalistes", PUBLIC),
        ("je vais vous mettre un avis 1 étoile", REVIEW),
        ("je résilie mon abonnement", LEAVE),
        ("je pars chez un concurrent", LEAVE),
        ("répondez immédiatement", None),
        ("mon téléphone ne marche pas", None),
        ("je voudrais déposer une réclamation", None),
    ],
)
def test_threat_kinds(text, kind):
    assert detect(text).threat == kind


def test_a_button_click_after_an_angry_message_never_hands_off_for_anger():
    angry = turn("complain_delivery", "C'EST INADMISSIBLE, VOUS VOUS MOQUEZ DE MOI", "anger", 0.9)
    click = turn("affirm", "/affirm", "anger", 0.9)
    assert reason(angry, click) is None
    # and the click does not sit between two typed angry messages either
    assert reason(angry, click, turn("inform", "JE VEUX UNE RÉPONSE", "anger", 0.85)) == ANGER


def test_signals_count_whatever_the_intent():
    assert reason(turn("complain_billing", "prélevé deux fois, passez-moi un conseiller", "anger", 0.5)) == (
        REQUEST_HUMAN
    )
    insult_in_complaint = turn("complain_delivery", "colis perdu, bande d'incapables", "anger", 0.7)
    assert reason(insult_in_complaint, turn("insult", "escrocs", "anger", 0.6)) == INSULTS


def test_a_negated_threat_never_hands_off():
    assert (
        reason(
            turn(
                "request_refund",
                "je ne veux pas aller en justice, je veux juste être remboursé",
                "anxiety",
                0.4,
            )
        )
        is None
    )
    assert (
        reason(turn("complain_delivery", "je vais poursuivre ma commande sur le site", "neutral", 0.1))
        is None
    )


def test_serious_threats_hand_off_and_others_do_not():
    assert reason(turn("threaten", "je vais prendre un avocat", "anger", 0.7)) == SERIOUS_THREAT
    assert reason(turn("threaten", "je balance tout sur facebook", "anger", 0.7)) == SERIOUS_THREAT
    assert (
        reason(turn("complain_delivery", "toujours rien, sinon je porte plainte", "anger", 0.6))
        == SERIOUS_THREAT
    )
    # public-exposure words outside a threat are not a threat ("vu à la télé")
    assert reason(turn("complain_product", "le produit vu à la télé ne marche pas", "neutral", 0.2)) is None
    assert reason(turn("threaten", "je vais laisser un avis négatif", "anger", 0.6)) is None
    assert reason(turn("threaten", "je vais résilier", "frustration", 0.5)) is None


def test_the_second_insult_hands_off():
    insult = turn("insult", "bande d'incapables", "anger", 0.7)
    assert reason(insult) is None
    assert reason(insult, CALM, turn("insult", "escrocs", "anger", 0.6)) == INSULTS
    assert reason(insult, thresholds=Thresholds(max_insults=1)) == INSULTS


def test_two_consecutive_fallbacks_outside_the_form():
    fallback = turn("nlu_fallback", "blblbl", "neutral", 0.05)
    assert reason(fallback) is None
    assert reason(fallback, fallback) == FALLBACKS
    assert reason(fallback, CALM, fallback) is None
    in_form = turn("nlu_fallback", "réponse libre", "neutral", 0.05, in_form=True)
    assert reason(fallback, in_form) is None
    assert (
        reason(fallback, fallback, fallback, thresholds=Thresholds(max_consecutive_fallbacks=3)) == FALLBACKS
    )
    # at the proposal, the negotiation reads every reply ("bon, va pour ça" is a yes)
    assert reason(fallback, fallback, negotiating=True) is None


def test_refused_proposals_and_an_empty_catalogue_hand_off_after_the_bot_acts():
    assert reason(CALM, refused_proposals=2, after_user_message=False) == REFUSALS
    assert reason(CALM, refused_proposals=1) is None
    assert reason(CALM, refused_proposals=2, thresholds=Thresholds(max_refused_proposals=3)) is None
    assert reason(CALM, no_remedy=True, after_user_message=False) == NO_REMEDY


def test_nothing_hands_off_twice():
    assert reason(turn("request_human", "un humain", None, 0.0), handed_off=True) is None
    assert reason(CALM, no_remedy=True, handed_off=True) is None


def test_user_triggers_wait_for_a_user_message():
    assert reason(turn("request_human", "un humain"), after_user_message=False) is None


def test_the_decision_explains_itself_in_french():
    decision = decide(state(turn("threaten", "je vais prendre un avocat", "anger", 0.7)))
    assert "avocat" in decision.detail and "Menace" in decision.detail
