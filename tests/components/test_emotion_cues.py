import pytest

from components.emotion_cues import Cues, arousal, intensity, lexicon_baseline, read_cues


def test_shouting_counts_capitals_but_not_acronyms():
    assert read_cues("C'EST INADMISSIBLE, ENCORE EN RETARD").shouting == pytest.approx(1.0)
    assert read_cues("Ma commande est en retard").shouting == 0.0
    assert read_cues("J'ai appelé le SAV et EDF pour ma CMD").shouting == 0.0


def test_cue_counts():
    cues = read_cues("Toujours pas livré !!! bande d'incapables, c'est scandaleux 😡😡 nooooon ??")
    assert cues.exclamations == 3
    assert cues.extra_questions == 1
    assert cues.intensifiers >= 1  # "toujours pas"
    assert cues.insults == 1
    assert cues.outrage == 1
    assert cues.angry_emojis == 2
    assert cues.elongations == 1
    assert cues.valence < 0


def test_vector_is_bounded():
    vector = read_cues("!!!!!!!!!!!!!!!! 😡😡😡😡😡 CONNARDS CONNARDS CONNARDS" * 20).as_vector()
    assert all(-1.0 <= value <= 1.0 for value in vector)


def test_arousal_grows_with_the_cues():
    calm = arousal(read_cues("c'est en retard"))
    heated = arousal(read_cues("c'est ENCORE en retard !!!"))
    furious = arousal(read_cues("C'EST INADMISSIBLE, ENCORE EN RETARD !!! 😡"))
    assert 0.0 <= calm < heated < furious < 1.0


def test_intensity_stays_in_range_and_neutral_calm_text_is_low():
    calm_neutral = intensity({"neutral": 1.0}, read_cues("bonjour, ma commande est arrivée"))
    assert 0.0 <= calm_neutral < 0.2
    assert intensity({"anger": 1.0}, read_cues("C'EST INADMISSIBLE !!! 😡🤬")) > 0.8


@pytest.mark.parametrize(
    "text, expected",
    [
        ("merci beaucoup, parfait", "satisfaction"),
        ("ma commande est arrivée", "neutral"),
        ("je m'inquiète, est-ce que je vais être remboursé ?", "anxiety"),
        ("C'EST INADMISSIBLE, ENCORE EN RETARD !!! 😡", "anger"),
    ],
)
def test_lexicon_baseline_thresholds(text, expected):
    assert lexicon_baseline(text)[0] == expected


def test_empty_text():
    assert read_cues("") == Cues(0.0, *([0] * 14), 0.0, 0.0)
