from litige.emotions import FALLING, RISING, STABLE, EmotionPoint, peak, summary, trajectory, trend
from tests.conftest import ActionExecuted, user_message


def emotion(name, intensity):
    return {"name": name, "confidence": 0.9, "intensity": intensity, "ranking": []}


def conversation(*turns):
    events = []
    for name, value in turns:
        events.append(ActionExecuted("action_listen"))
        events.append(user_message("…", "complain_delivery", emotion=emotion(name, value) if name else None))
        events.append(ActionExecuted("utter_ack_delivery"))
    return events


def test_trajectory_numbers_user_turns_and_skips_messages_without_emotion():
    points = trajectory(conversation(("neutral", 0.1), (None, None), ("anger", 0.8)))
    assert points == [EmotionPoint(1, "neutral", 0.1), EmotionPoint(3, "anger", 0.8)]


def test_trend_rising_stable_falling():
    assert trend(trajectory(conversation(("neutral", 0.1), ("frustration", 0.5), ("anger", 0.9)))) == RISING
    calming = conversation(("anger", 0.9), ("frustration", 0.5), ("satisfaction", 0.4))
    assert trend(trajectory(calming)) == FALLING
    assert trend(trajectory(conversation(("anger", 0.8), ("anger", 0.82), ("anger", 0.79)))) == STABLE
    assert trend(trajectory(conversation(("anger", 0.9)))) == STABLE
    assert trend([]) == STABLE


def test_trend_looks_at_the_last_three_messages_only():
    turns = [("anger", 0.95), ("anger", 0.9), ("neutral", 0.1), ("neutral", 0.1), ("frustration", 0.6)]
    assert trend(trajectory(conversation(*turns))) == RISING


def test_peak_and_summary():
    events = conversation(("frustration", 0.5), ("anger", 0.9), ("satisfaction", 0.5))
    assert peak(trajectory(events)) == EmotionPoint(2, "anger", 0.9)
    result = summary(events)
    assert result["start"]["emotion"] == "frustration"
    assert result["peak"]["emotion"] == "anger"
    assert result["end"] == {"turn": 3, "emotion": "satisfaction", "intensity": 0.5}
    assert result["trend"] == FALLING
    assert len(result["trajectory"]) == 3
    assert summary([])["peak"] is None
