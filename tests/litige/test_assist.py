import pytest

from litige import assist
from litige.assist import suggestions

EMOTIONS = ("anger", "frustration", "anxiety", "disappointment", "neutral", "satisfaction")
LATE = "Mon colis devait arriver lundi, il a une semaine de retard"


@pytest.mark.parametrize("emotion", EMOTIONS + (None, "inconnue"))
@pytest.mark.parametrize("story_told", [True, False])
def test_two_or_three_distinct_replies_naming_the_problem_without_braces(emotion, story_told):
    replies = suggestions(emotion, "delivery", LATE, seed=4, story_told=story_told)
    assert 2 <= len(replies) <= 3
    assert len(set(replies)) == len(replies)
    for reply in replies:
        assert "{" not in reply and "}" not in reply
        assert "ce retard de livraison" in reply  # catalogue/remedies.yml, words ["retard"]
        assert reply[0].isupper() and reply[-1] in ".!?"


def test_angry_replies_name_the_anger_and_differ_from_the_neutral_ones():
    angry = suggestions("anger", "delivery", LATE, seed=1)
    calm = suggestions("neutral", "delivery", LATE, seed=1)
    assert all("colère" in reply for reply in angry)
    assert not any("colère" in reply for reply in calm)
    assert not set(angry) & set(calm)


def test_the_same_seed_gives_the_same_replies():
    first = suggestions("frustration", "billing", "on m'a facturé deux fois", seed=42)
    assert first == suggestions("frustration", "billing", "on m'a facturé deux fois", seed=42)
    orders = {tuple(suggestions("anger", "delivery", LATE, seed=seed)) for seed in range(20)}
    assert len(orders) > 1  # the seed does choose


def test_an_unknown_category_gets_a_neutral_wording_of_the_problem():
    for reply in suggestions("anxiety", None, seed=3) + suggestions("anger", "inconnue", seed=3):
        assert "cette situation" in reply


def test_an_unknown_emotion_falls_back_to_the_neutral_replies():
    neutral = {reply for seed in range(30) for reply in suggestions("neutral", "delivery", LATE, seed=seed)}
    for seed in range(5):
        assert set(suggestions("dégoût", "delivery", LATE, seed=seed)) <= neutral


def test_once_the_story_is_told_no_reply_asks_for_it_again():
    for emotion in EMOTIONS:
        for seed in range(5):
            for reply in suggestions(emotion, "delivery", LATE, seed=seed, story_told=True):
                assert "?" not in reply and "acontez" not in reply and "Dites-moi" not in reply
    asking = suggestions("anger", "delivery", LATE, seed=0, story_told=False)
    assert all("?" in reply or "acontez" in reply or "Dites-moi" in reply for reply in asking)
    assert not any("Merci d'avoir tout expliqué" in reply for reply in asking)


def test_count_is_honoured():
    assert len(suggestions("anger", "delivery", LATE, count=2, seed=0)) == 2
    assert suggestions("anger", "delivery", LATE, count=0) == []


DOMAIN = """
responses:
  utter_attention:
    - condition:
        - {type: slot, name: emotion, value: anger}
      text: "Je comprends votre colère face à {complaint_problem}. Je transmets votre dossier."
    - condition:
        - {type: slot, name: emotion, value: anger}
      text: "Votre commande {order_id} : je suis désolé pour {complaint_problem}."
    - condition:
        - {type: slot, name: emotion, value: anger}
      text: "Vous avez raison d'être en colère : {complaint_problem}, ce n'est pas normal."
    - condition:
        - {type: slot, name: emotion, value: anger}
        - {type: slot, name: waltz_step, value: closure}
      text: "Une variation pour une autre étape, sur {complaint_problem}."
    - text: "Toutes nos excuses pour {complaint_problem}."
"""


def test_unfilled_placeholders_drop_the_variation_and_handing_over_is_not_said(tmp_path, monkeypatch):
    path = tmp_path / "domain.yml"
    path.write_text(DOMAIN, encoding="utf-8")
    monkeypatch.setattr(assist, "DOMAIN_PATH", path)
    replies = suggestions("anger", "delivery", LATE, seed=0)
    assert sorted(replies) == [
        "Je comprends votre colère face à ce retard de livraison.",
        "Vous avez raison d'être en colère : ce retard de livraison, ce n'est pas normal.",
    ]
