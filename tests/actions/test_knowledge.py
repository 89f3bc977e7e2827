from actions.complaint import ActionStartComplaint
from actions.knowledge import ActionAnswerQuestion
from litige.phrases import load_phrasebook
from tests.conftest import ActionExecuted, build_tracker, run_action, slot_events, texts, user_message


def variations(key):
    return {v.text for v in load_phrasebook()[key]}


def asking(text, intent="out_of_scope", emotion="neutral", intensity=0.1, **slots):
    message = user_message(text, intent, emotion={"name": emotion, "confidence": 0.9, "intensity": intensity})
    return build_tracker([ActionExecuted("action_listen"), message], slots=slots)


def test_a_known_topic_is_answered(dispatcher, domain):
    assert ActionAnswerQuestion().run(dispatcher, asking("Vous livrez en Suisse ?"), domain) == []
    assert texts(dispatcher)[0] in variations("kb_delivery_abroad")


def test_an_unknown_question_is_not_guessed(dispatcher, domain):
    ActionAnswerQuestion().run(dispatcher, asking("vous recrutez en ce moment ?"), domain)
    assert texts(dispatcher)[0] in variations("kb_unknown")


def test_an_off_topic_remark_says_what_the_assistant_does(dispatcher, domain):
    ActionAnswerQuestion().run(dispatcher, asking("raconte-moi une blague"), domain)
    assert texts(dispatcher)[0] in variations("out_of_scope")


def test_a_plain_question_read_as_a_complaint_is_answered_not_started(dispatcher, domain):
    tracker = asking("Bonjour, vous livrez en Belgique avant Noël ?", "complain_delivery")
    slots = slot_events(run_action(ActionStartComplaint(), dispatcher, tracker, domain))
    assert slots == {"waltz_step": None}
    answer, follow = texts(dispatcher)
    assert answer in variations("kb_delivery_abroad") and follow in variations("anything_else")


def test_a_question_after_the_closure_does_not_start_a_new_complaint(dispatcher, domain):
    tracker = asking("et la garantie, c'est combien de temps ?", "complain_product", waltz_step="closure")
    assert slot_events(run_action(ActionStartComplaint(), dispatcher, tracker, domain)) == {
        "waltz_step": "closure"
    }
    assert texts(dispatcher)[0] in variations("kb_warranty")


def test_an_angry_question_is_a_complaint(dispatcher, domain):
    tracker = asking(
        "Vous livrez en Belgique oui ou non ? Trois semaines que j'attends !",
        "complain_delivery",
        "anger",
        0.8,
    )
    slots = slot_events(run_action(ActionStartComplaint(), dispatcher, tracker, domain))
    assert slots["waltz_step"] == "attention"
