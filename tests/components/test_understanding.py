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


def test_a_call_back_wished_for_is_an_answer_not_a_request_to_talk_now():
    message = understood("qu'un responsable technique me rappelle au plus vite", "request_human")
    assert message.get(INTENT)["name"] == "inform"
    assert message.get("signals")["callback"] is True


def test_a_wish_naming_no_person_is_not_a_request_for_one():
    message = understood("une reponse claire par ecrit avec le vrai prix", "request_human")
    assert message.get(INTENT)["name"] == "inform"
    assert message.get("relabelled_from") == "request_human"


def test_signals_and_facts_are_on_every_message():
    message = understood("j'ai payé 1 249 € pour ce canapé", "complain_billing")
    assert message.get("facts")["amounts"] == [1249.0]
    assert message.get("signals")["insult"] is False


def test_a_knowledge_question_read_as_a_fallback_is_answered():
    from components.understanding import KNOWLEDGE_PATH
    from litige.knowledge import load

    component = MessageUnderstanding(load(KNOWLEDGE_PATH))
    for text, intent in [
        ("c koi vos horaires au fait ?", "nlu_fallback"),
        ("et il faut compter combien de temps pour la livraison en général ?", "ask_status"),
        ("Autre chose : les meubles de cuisine, ils sont garantis combien de temps ?", "nlu_fallback"),
    ]:
        message = Message(data={TEXT: text})
        message.set(INTENT, {"name": intent, "confidence": 0.5})
        (done,) = component.process([message])
        assert done.get(INTENT)["name"] == "out_of_scope", text
        assert done.get("relabelled_from") == intent


def test_a_status_request_with_a_reference_or_a_complaint_is_left_alone():
    from components.understanding import KNOWLEDGE_PATH
    from litige.knowledge import load

    component = MessageUnderstanding(load(KNOWLEDGE_PATH))
    for text, intent in [
        ("où en est LIT-2026-000123, le délai de livraison est dépassé ?", "ask_status"),
        ("mon colis n'est jamais arrivé, c'est quoi ce délai de livraison ?", "complain_delivery"),
        ("j'ai ouvert toutes les fenêtres, qu'est-ce que je dois faire ?", "nlu_fallback"),
    ]:
        message = Message(data={TEXT: text})
        message.set(INTENT, {"name": intent, "confidence": 0.5})
        (done,) = component.process([message])
        assert done.get(INTENT)["name"] == intent, text


def test_a_problem_announced_but_not_understood_is_not_a_fallback():
    message = understood("Bonjour j'ai un souci avec mon abonnement", "nlu_fallback", confidence=0.5)
    assert message.get(INTENT)["name"] == "inform"
    message = understood("azertyuiop qsdfgh", "nlu_fallback", confidence=0.5)
    assert message.get(INTENT)["name"] == "nlu_fallback"


def test_a_greeting_that_announces_a_problem_is_a_problem_not_a_hello():
    message = understood("Bonsoir, j'ai un souci avec ma box", "greet", confidence=0.8)
    assert message.get(INTENT)["name"] == "inform" and message.get("relabelled_from") == "greet"
    message = understood("Bonsoir !", "greet", confidence=0.8)
    assert message.get(INTENT)["name"] == "greet"


def ranked(text, *ranking):
    message = Message(data={TEXT: text})
    message.set(INTENT, {"name": ranking[0][0], "confidence": ranking[0][1]})
    message.set(INTENT_RANKING_KEY, [{"name": n, "confidence": c} for n, c in ranking])
    (done,) = MessageUnderstanding().process([message])
    return done


def test_a_question_with_no_threat_in_it_takes_the_next_intent():
    message = ranked("et je serai prévenu comment ?", ("threaten", 0.5), ("inform", 0.3), ("ask_status", 0.2))
    assert message.get(INTENT)["name"] == "inform" and message.get("relabelled_from") == "threaten"


def test_a_threat_stays_a_threat_asked_or_not():
    asked = ranked("vous voulez que j'appelle mon avocat ?", ("threaten", 0.6), ("inform", 0.4))
    assert asked.get(INTENT)["name"] == "threaten"
    said = ranked("vous allez voir, je préviens tout le monde", ("threaten", 0.6), ("inform", 0.4))
    assert said.get(INTENT)["name"] == "threaten"  # not a question: the intent is kept
