"""The one emotional state of a conversation, built from tracker events."""

from litige.emotional_state import from_events
from litige.emotions import FALLING, RISING
from tests.conftest import ActionExecuted, user_message


def emotion(name, intensity):
    return {"name": name, "confidence": 0.9, "intensity": intensity, "ranking": []}


def said(text, intent="complain_delivery", name=None, intensity=None, timestamp=None, signals=None):
    event = user_message(text, intent, emotion=emotion(name, intensity) if name else None)
    if timestamp is not None:
        event["timestamp"] = timestamp
    if signals is not None:
        event["parse_data"]["signals"] = signals
    return [ActionExecuted("action_listen"), event, ActionExecuted("utter_attention")]


def test_turns_are_numbered_and_only_measured_ones_are_emotional():
    events = (
        said("colis en retard", name="neutral", intensity=0.1)
        + said("hmm")
        + said("C'EST INADMISSIBLE", name="anger", intensity=0.8)
    )
    state = from_events(events)
    assert [t.number for t in state.turns] == [1, 2, 3]
    assert [(p.turn, p.emotion) for p in state.points] == [(1, "neutral"), (3, "anger")]
    assert state.current.text == "C'EST INADMISSIBLE"


def test_a_button_click_has_no_emotion_and_never_moves_the_trend():
    events = said("VOUS VOUS MOQUEZ DE MOI", name="anger", intensity=0.9) + said(
        "/affirm", intent="affirm", name="anger", intensity=0.9
    )
    state = from_events(events)
    click = state.last
    assert click.from_button and not click.emotional and click.emotion is None
    assert len(state.points) == 1
    assert state.current.number == 1


def test_a_turn_without_its_own_emotion_never_borrows_the_previous_one():
    events = (
        said("JE SUIS FURIEUX", name="anger", intensity=0.9)
        + [
            {"event": "slot", "name": "emotion", "value": "anger"},
        ]
        + said("JE VEUX MA COMMANDE")
    )
    state = from_events(events)
    assert state.last.emotion is None and len(state.points) == 1


def test_restart_and_since_keep_only_the_current_complaint():
    events = (
        said("avant", name="anger", intensity=0.9, timestamp=10.0)
        + [{"event": "restart"}]
        + said("après", name="neutral", intensity=0.1, timestamp=20.0)
    )
    assert [t.text for t in from_events(events).turns] == ["après"]
    two = said("un", name="anger", intensity=0.9, timestamp=10.0) + said(
        "deux", name="frustration", intensity=0.5, timestamp=30.0
    )
    kept = from_events(two, since=25.0)
    assert [t.text for t in kept.turns] == ["deux"] and kept.turns[0].number == 2


def test_signals_come_from_the_parse_and_are_read_from_the_text_for_older_turns():
    stored = said(
        "texte", signals={"insult": True, "threat": "legal", "request_human": False, "hazard": False}
    )
    turn = from_events(stored).last
    assert turn.insult and turn.threat == "legal" and not turn.request_human
    older = from_events(said("bande d'incapables, je vais prendre un avocat"))
    assert older.last.insult and older.last.threat == "legal"
    assert from_events(said("/deny", intent="deny")).last.threat is None


def test_insults_are_counted_over_the_conversation_whatever_the_intent():
    events = said("colis perdu, bande d'incapables", name="anger", intensity=0.9) + said(
        "escrocs", intent="insult", name="anger", intensity=0.9
    )
    assert from_events(events).insults == 2


def test_summary_and_trend():
    events = (
        said("a", name="frustration", intensity=0.5)
        + said("b", name="anger", intensity=0.9)
        + said("c", name="satisfaction", intensity=0.5)
    )
    result = from_events(events).summary()
    assert result["start"]["emotion"] == "frustration"
    assert result["peak"]["emotion"] == "anger"
    assert result["end"] == {"turn": 3, "emotion": "satisfaction", "intensity": 0.5}
    assert result["trend"] == FALLING
    rising = (
        said("a", name="neutral", intensity=0.1)
        + said("b", name="frustration", intensity=0.5)
        + said("c", name="anger", intensity=0.9)
    )
    assert from_events(rising).trend == RISING
    assert from_events([]).summary()["peak"] is None
