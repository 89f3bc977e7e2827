from litige.emotions import FALLING, RISING, STABLE, EmotionPoint, peak, trend


def points(*values):
    return [EmotionPoint(i + 1, name, intensity) for i, (name, intensity) in enumerate(values)]


def test_trend_rising_stable_falling():
    assert trend(points(("neutral", 0.1), ("frustration", 0.5), ("anger", 0.9))) == RISING
    assert trend(points(("anger", 0.9), ("frustration", 0.5), ("satisfaction", 0.4))) == FALLING
    assert trend(points(("anger", 0.8), ("anger", 0.82), ("anger", 0.79))) == STABLE
    assert trend(points(("anger", 0.9))) == STABLE
    assert trend([]) == STABLE


def test_trend_looks_at_the_last_three_messages_only():
    values = [("anger", 0.95), ("anger", 0.9), ("neutral", 0.1), ("neutral", 0.1), ("frustration", 0.6)]
    assert trend(points(*values)) == RISING


def test_peak_is_the_most_heated_point_and_the_first_on_a_tie():
    assert peak(points(("frustration", 0.5), ("anger", 0.9), ("satisfaction", 0.5))) == EmotionPoint(
        2, "anger", 0.9
    )
    assert peak(points(("anger", 0.7), ("anger", 0.7))).turn == 1
    assert peak([]) is None


def test_satisfaction_cools_the_conversation():
    assert EmotionPoint(1, "satisfaction", 0.6).heat < 0 < EmotionPoint(1, "neutral", 0.6).heat
