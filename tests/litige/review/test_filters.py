"""The list's filters read from a query string: values checked, French messages on bad input."""

from datetime import date

import pytest

from litige.review.filters import ListFilters, ReviewError, parse_filters, parse_page, parse_tags


def test_a_full_query_string():
    filters = parse_filters(
        {
            "date_from": "2026-12-01",
            "date_to": "07/12/2026",
            "category": "delivery",
            "outcome": "handoff",
            "handoff_reason": "request_human",
            "rating": "2",
            "rating_max": "3",
            "emotion_start": "anger",
            "emotion_end": "neutral",
            "status": "flagged",
            "tag": "Retard Transporteur",
            "low_confidence": "on",
            "q": "  colis abîmé ",
            "marker": "early_proposal",
            "page": "3",  # not a filter: ignored here
        }
    )
    assert filters == ListFilters(
        date_from=date(2026, 12, 1),
        date_to=date(2026, 12, 7),
        category="delivery",
        outcome="handoff",
        handoff_reason="request_human",
        rating=2,
        rating_max=3,
        emotion_start="anger",
        emotion_end="neutral",
        status="flagged",
        tag="retard-transporteur",
        low_confidence=True,
        q="colis abîmé",
        marker="early_proposal",
    )
    assert parse_filters(filters.as_args()) == filters


def test_empty_values_mean_any():
    assert parse_filters({"category": "", "rating": " ", "low_confidence": "", "q": ""}) == ListFilters()
    assert parse_filters({}) == ListFilters()
    assert ListFilters().as_args() == {}


def test_a_multi_dict_value_takes_the_first():
    assert parse_filters({"outcome": ["resolved", "handoff"]}).outcome == "resolved"


@pytest.mark.parametrize(
    "args, message",
    [
        ({"date_from": "2026-13-01"}, "La date « 2026-13-01 » n'est pas valable"),
        ({"date_to": "demain"}, "AAAA-MM-JJ ou JJ/MM/AAAA"),
        ({"date_from": "2026-12-08", "date_to": "2026-12-01"}, "La date de début est après la date de fin"),
        ({"category": "meteo"}, "Catégorie de réclamation inconnue : « meteo »"),
        ({"outcome": "perdue"}, "Issue de conversation inconnue"),
        ({"handoff_reason": "DROP TABLE"}, "Motif de passage à un conseiller inconnu"),
        ({"rating": "6"}, "La note doit être un nombre entier de 1 à 5"),
        ({"rating_max": "2.5"}, "La note doit être un nombre entier de 1 à 5"),
        ({"emotion_end": "joie"}, "Émotion inconnue"),
        ({"status": "done"}, "Statut de revue inconnu"),
        ({"tag": "a,b"}, "Étiquette non valable"),
        ({"low_confidence": "peut-être"}, "confiance faible"),
        ({"q": "x" * 201}, "La recherche est trop longue"),
        ({"marker": "timeout"}, "Repère inconnu"),
    ],
)
def test_bad_values_get_a_french_message(args, message):
    with pytest.raises(ReviewError, match=message):
        parse_filters(args)


def test_review_error_is_a_value_error():
    assert issubclass(ReviewError, ValueError)


def test_pages():
    assert parse_page({}) == (1, 25)
    assert parse_page({"page": "4", "per_page": "50"}) == (4, 50)
    for bad in ({"page": "0"}, {"page": "-1"}, {"page": "deux"}, {"per_page": "201"}):
        with pytest.raises(ReviewError, match="n'est pas un numéro valable"):
            parse_page(bad)


def test_tags():
    assert parse_tags("Retard, politique retour,retard") == ["retard", "politique-retour"]
    assert parse_tags(["Remboursé"]) == ["remboursé"]
    assert parse_tags(None) == [] and parse_tags("") == []
    with pytest.raises(ReviewError, match="Trop d'étiquettes"):
        parse_tags([f"t{n}" for n in range(11)])
    with pytest.raises(ReviewError, match="texte"):
        parse_tags([3])
