"""actions/form_questions.py: the form's questions, asked once."""

from rasa_sdk.events import BotUttered

from actions.form_questions import ActionAskCustomerAddress, ActionAskCustomerEmail
from litige.phrases import render
from tests.conftest import ActionExecuted, build_tracker, texts, user_message


def after(text, *bot_texts):
    events = [ActionExecuted("action_listen"), user_message(text, "inform")]
    events += [BotUttered(t) for t in bot_texts] + [ActionExecuted("complaint_form")]
    return build_tracker(events, slots={"requested_slot": "customer_address"})


def test_a_question_the_validation_just_asked_again_is_not_asked_a_second_time(dispatcher, domain):
    asked_again, _ = render("invalid_address", values={"missing": "le code postal et la ville"})
    ActionAskCustomerAddress().run(dispatcher, after("au 12 rue des Acacias", asked_again), domain)
    assert texts(dispatcher) == []


def test_after_an_answer_to_a_side_question_the_question_comes_again(dispatcher, domain):
    kb_answer, _ = render("kb_why_email")
    ActionAskCustomerEmail().run(dispatcher, after("pourquoi vous voulez mon mail ?", kb_answer), domain)
    (asked,) = texts(dispatcher)
    assert "e-mail" in asked and "?" in asked


def test_a_first_question_is_asked(dispatcher, domain):
    ActionAskCustomerAddress().run(dispatcher, after("oui"), domain)
    (asked,) = texts(dispatcher)
    assert "adresse" in asked and "?" in asked
