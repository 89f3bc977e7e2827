from rasa.shared.nlu.constants import INTENT, INTENT_RANKING_KEY, TEXT
from rasa.shared.nlu.training_data.message import Message

from components.understanding import MessageUnderstanding


def understood(text, intent, confidence=0.88):
    message = Message(data={TEXT: text})
    message.set(INTENT, {"name": intent, "confidence": confidence})
    message.set(INTENT_RANKING_KEY, [{"name": intent, "confidence": confidence}])
    (done,) = MessageUnderstanding().process([message])
    return done


def test_a_question_naming_no_person_is_not_a_request_for_one():
    message = understood("je peux retourner un article ?", "request_human")
    assert message.get(INTENT)["name"] == "out_of_scope"
    assert message.get("relabelled_from") == "request_human"


def test_a_question_asking_for_a_person_stays_one():
    message = understood("je peux parler à un conseiller ?", "request_human")
    assert message.get(INTENT)["name"] == "request_human"
    assert message.get("signals")["request_human"] is True


def test_a_request_that_is_not_a_question_stays_one():
    message = understood("passez-moi votre responsable", "request_human")
    assert message.get(INTENT)["name"] == "request_human"


def test_signals_and_facts_are_on_every_message():
    message = understood("j'ai payé 1 249 € pour ce canapé", "complain_billing")
    assert message.get("facts")["amounts"] == [1249.0]
    assert message.get("signals")["insult"] is False
