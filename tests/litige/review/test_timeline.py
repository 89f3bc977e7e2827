"""Turns and summaries read back from tracker events, one situation per test."""

from litige.review.timeline import ABANDON_MINUTES, summarise, turns_of
from tests.litige.review.tracker_events import Conversation

LATER = 3600.0  # an hour after the last event: long enough to call a silent conversation abandoned


def opening(conversation: Conversation) -> Conversation:
    """An angry late-delivery opening, the attention step and the questions asked."""
    conversation.user(
        "Mon colis devait arriver lundi, toujours rien, c'est n'importe quoi",
        "complain_delivery",
        emotion="anger",
        intensity=0.8,
        entities=[{"entity": "order_id", "value": "CMD-771204"}],
    )
    conversation.slot("complaint_categories", ["delivery"]).slot("order_id", "CMD-771204")
    conversation.action("action_start_complaint").slot("complaint_category", "delivery")
    conversation.slot("waltz_step", "attention").action("utter_attention").bot("Je comprends votre colère.")
    conversation.action("complaint_form").loop("complaint_form").slot("waltz_step", "questioning")
    return conversation.listen()


def resolved_at_first_proposal() -> Conversation:
    talk = opening(Conversation())
    talk.user("c'est pour un cadeau samedi", "inform", emotion="frustration", intensity=0.5)
    talk.action("complaint_form").loop(None).action("action_reformulate").listen()
    talk.button("/affirm")
    talk.propose("carrier_inquiry", "Voici ce que je vous propose : une enquête auprès du transporteur.")
    talk.user("oui d'accord, merci", "affirm", emotion="satisfaction", intensity=0.6)
    talk.action("action_negotiate").slot("waltz_step", "closure").bot("Votre dossier est enregistré.")
    talk.listen().user(
        "5", "rate", entities=[{"entity": "csat", "value": 5}], emotion="neutral", intensity=0.1
    )
    return talk.action("action_thank_rating").slot("csat", 5).listen()


def test_each_customer_message_is_one_turn_with_what_followed():
    turns = turns_of(resolved_at_first_proposal().events)
    assert [t.number for t in turns] == [1, 2, 3, 4, 5]
    first = turns[0]
    assert first.intent == "complain_delivery"
    assert first.emotion == "anger" and first.intensity == 0.8
    assert first.entities == [{"entity": "order_id", "value": "CMD-771204"}]  # no emotion entity
    assert first.actions == ["action_start_complaint", "utter_attention", "complaint_form"]
    assert first.bot_texts == ["Je comprends votre colère."]
    assert first.slots["complaint_category"] == "delivery"
    assert first.step == "questioning"
    assert first.event_id == 4  # session start, session started, listen, then this message


def test_a_button_click_has_no_emotion_of_its_own():
    button = turns_of(resolved_at_first_proposal().events)[2]
    assert button.text == "/affirm" and button.button
    assert button.emotion is None and button.intensity is None


def test_consent_at_the_first_proposal_is_resolved_with_its_turn_and_rating():
    summary = summarise("c1", resolved_at_first_proposal().events, now=2_000_000_000.0)
    assert summary.outcome == "resolved"
    assert summary.proposals == 1
    assert summary.consent_first is True
    assert summary.resolved_turn == 4
    assert summary.rating == 5
    assert summary.category == "delivery"
    assert summary.emotion_start == "anger" and summary.emotion_end == "neutral"
    assert summary.deescalated is True
    assert summary.marker_kinds == []
    assert summary.order_id == "CMD-771204"
    assert "cadeau samedi" in summary.customer_text and "/affirm" not in summary.customer_text


def test_handoff_after_refusals_marks_each_refusal_and_the_handoff():
    talk = opening(Conversation())
    talk.propose("carrier_inquiry", "Je vous propose une enquête.")
    for count in (1, 2):
        talk.user("non ça ne me va pas", "deny", emotion="anger", intensity=0.9)
        talk.action("action_negotiate").slot("refused_proposals", count).slot("waltz_step", "questioning")
        talk.listen()
        if count == 1:
            talk.user("je veux être remboursé", "request_refund", emotion="anger", intensity=0.9)
            talk.propose("carrier_inquiry", "Je vous propose une enquête.")
    talk.action("action_handoff").slot("handoff_reason", "refusals").slot("waltz_step", "handoff")
    summary = summarise("c2", talk.events, now=talk.clock + LATER)
    assert summary.outcome == "refusals"
    assert summary.handoff_reason == "refusals"
    assert summary.consent_first is False
    assert summary.deescalated is False  # anger from start to end
    turns = turns_of(talk.events)
    kinds = [[m["kind"] for m in t.markers] for t in turns]
    assert kinds[1] == ["refusal"]
    assert kinds[2] == ["repeated_proposal"]
    assert kinds[3] == ["refusal", "handoff"]
    assert "propositions refusées" in turns[3].markers[1]["label"]


def test_a_proposal_before_any_question_is_marked_early():
    talk = Conversation()
    talk.user("ma machine à laver fuit", "complain_product", emotion="disappointment", intensity=0.4)
    talk.slot("complaint_category", "product").slot("waltz_step", "attention")
    talk.propose("repair", "Je vous propose une réparation.")
    turns = turns_of(talk.events)
    assert [m["kind"] for m in turns[0].markers] == ["early_proposal"]


def test_a_generic_fallback_and_a_low_confidence_message_are_marked():
    talk = Conversation()
    ranking = [{"name": "nlu_fallback", "confidence": 1.0}, {"name": "complain_service", "confidence": 0.21}]
    talk.user("bon ben voilà quoi", "nlu_fallback", confidence=1.0, ranking=ranking, emotion="neutral")
    talk.action("utter_default").bot("Excusez-moi, je n'ai pas saisi.").listen()
    turn = turns_of(talk.events)[0]
    assert turn.confidence == 0.21  # the best guess, not the fallback's own score
    assert sorted(m["kind"] for m in turn.markers) == ["fallback", "low_confidence"]
    assert summarise("c3", talk.events, now=talk.clock).min_confidence == 0.21


def test_a_silent_conversation_is_abandoned_only_after_the_delay():
    talk = opening(Conversation())
    just_now = summarise("c4", talk.events, now=talk.clock + 60)
    assert just_now.outcome == "ongoing"
    later = summarise("c4", talk.events, now=talk.clock + ABANDON_MINUTES * 60 + 1)
    assert later.outcome == "abandoned"


def test_advisor_messages_belong_to_the_turn_they_answer():
    talk = opening(Conversation())
    talk.user("je veux parler à quelqu'un", "request_human", emotion="frustration", intensity=0.6)
    talk.action("action_handoff").slot("handoff_reason", "request_human").slot("waltz_step", "handoff")
    talk.event("pause")
    advisor = {
        "advisor": {"id": 3, "first_name": "Inès"},
        "advisor_text": "Bonjour, je reprends votre dossier.",
    }
    talk.bot("**Inès** : Bonjour, je reprends votre dossier.", advisor)
    turns = turns_of(talk.events)
    assert turns[1].advisor_messages[0]["advisor"] == "Inès"
    assert turns[1].advisor_messages[0]["text"] == "Bonjour, je reprends votre dossier."
    assert turns[1].bot_texts == []
    summary = summarise("c5", talk.events, now=talk.clock + LATER)
    assert summary.outcome == "handoff" and summary.handoff_reason == "request_human"


def test_a_follow_up_answered_no_and_one_left_unanswered():
    answered = resolved_at_first_proposal()
    answered.action("action_follow_up", policy=None).slot("follow_up_state", "asked").listen()
    answered.user("non toujours pas", "deny", emotion="frustration", intensity=0.7)
    answered.action("action_follow_up_answer").slot("follow_up_state", "offered_person").listen()
    summary = summarise("c6", answered.events, now=answered.clock + LATER)
    assert summary.outcome == "follow_up_no"
    assert "follow_up_no" in summary.marker_kinds

    silent = resolved_at_first_proposal()
    silent.action("action_follow_up", policy=None).slot("follow_up_state", "asked").listen()
    summary = summarise("c7", silent.events, now=silent.clock + LATER)
    assert summary.outcome == "resolved"
    assert summary.marker_kinds == ["follow_up_unanswered"]


def test_a_plain_question_has_no_category_and_a_handoff_keeps_the_one_read():
    question = Conversation()
    question.user("vous livrez en Belgique ?", "ask_status", emotion="neutral", intensity=0.1)
    question.slot("complaint_categories", ["delivery"]).action("action_answer_question").listen()
    assert summarise("q", question.events, now=question.clock).category is None

    handed = Conversation()
    handed.user("je veux un conseiller, personne ne répond à mes mails", "request_human", emotion="anger")
    handed.slot("complaint_categories", ["communication"]).action("action_handoff")
    handed.slot("handoff_reason", "request_human").slot("waltz_step", "handoff")
    assert summarise("h", handed.events, now=handed.clock).category == "communication"
