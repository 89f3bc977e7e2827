"""What the review desk's pages show (pure): labels, Paris times, the chart's points, the
corrections in words, and the dashboard's links to the list."""

from __future__ import annotations

from datetime import date, datetime, timezone
from urllib.parse import parse_qs, urlsplit

from console import review_view
from litige.review.timeline import Turn


def turn(number, emotion=None, intensity=None, button=False, **more):
    return Turn(
        number=number,
        event_id=number * 10,
        timestamp=1_795_000_000.0 + number,
        text="/affirm" if button else f"message {number}",
        button=button,
        intent="affirm" if button else "inform",
        confidence=more.pop("confidence", 0.9),
        emotion=emotion,
        intensity=intensity,
        **more,
    )


def test_times_are_read_in_paris():
    winter = datetime(2026, 11, 20, 9, 5, tzinfo=timezone.utc)  # UTC+1 in November
    summer = datetime(2026, 7, 1, 22, 30, tzinfo=timezone.utc)  # UTC+2, the next day in Paris
    assert review_view.paris_time(winter.timestamp()) == "20/11/2026 10:05"
    assert review_view.paris_time(summer) == "02/07/2026 00:30"
    assert review_view.paris_time(None) == ""


def test_the_chart_has_one_point_per_typed_message_coloured_by_emotion():
    turns = [
        review_view.turn_view(turn(1, "anger", 0.8)),
        review_view.turn_view(turn(2, button=True)),
        review_view.turn_view(turn(3, "satisfaction", 0.456)),
    ]
    points = review_view.chart_points(turns)
    assert [(p["turn"], p["label"], p["intensity"]) for p in points] == [
        (1, "colère", 0.8),
        (3, "satisfaction", 0.46),
    ]
    assert points[0]["colour"] != points[1]["colour"]
    assert review_view.chart_text(points) == (
        "Émotion du client sur 2 messages : de la colère (0,80) à la satisfaction (0,46)."
    )


def test_a_turn_shows_its_latest_correction_and_readable_values():
    shown = review_view.turn_view(
        turn(
            2, "anger", 0.9, confidence=0.31, slots={"order": {"id": "[commande masquée]"}, "cleared": None}
        ),
        corrections=[
            {"turn_number": 1, "intent_before": "inform", "intent_after": "deny", "who": "x", "at": None},
            {
                "turn_number": 2,
                "intent_before": "inform",
                "intent_after": "complain_product",
                "emotion_before": "anger",
                "intensity_before": 0.9,
                "emotion_after": "frustration",
                "intensity_after": 0.6,
                "who": "tina",
                "at": datetime(2026, 11, 20, 9, 5, tzinfo=timezone.utc),
            },
        ],
    )
    assert shown["corrected"] == (
        "intention inform → complain_product ; émotion colère (0,90) → frustration (0,60), "
        "par tina le 20/11/2026 10:05"
    )
    assert shown["low_confidence"] and shown["confidence_text"] == "31 %"
    assert shown["slots_list"] == ['order = {"id": "[commande masquée]"}']  # a reset slot is left out


def test_the_dashboard_links_each_figure_to_the_list_of_the_same_period():
    figures = {
        "conversations": 4,
        "outcomes": {"resolved": 2, "handoff": 1, "refusals": 1, "abandoned": 0},
        "handoff_rate": 0.5,
        "handoff_reasons": {"request_human": 1, "unknown": 1},
        "deescalation_rate": 0.25,
        "deescalation_measured": 1,
        "consent_first_rate": None,
        "conversations_with_proposal": 0,
        "rating_average": 4.5,
        "rating_count": 2,
        "rating_distribution": {"1": 0, "2": 0, "3": 0, "4": 1, "5": 1},
        "categories": {"delivery": 3, "unknown": 1},
        "weekly_categories": {"2026-W46": {"delivery": 1}, "2026-W47": {"delivery": 2, "unknown": 1}},
        "alerts": [
            {"category": "delivery", "week": "2026-W47", "message": "Réclamations « livraison » en hausse"}
        ],
    }
    view = review_view.dashboard_view(figures, date(2026, 11, 10), date(2026, 11, 20))
    cards = {card["label"]: card for card in view["cards"]}
    handoff = parse_qs(urlsplit(cards["Passages à un conseiller"]["link"]).query)
    assert handoff == {"date_from": ["2026-11-10"], "date_to": ["2026-11-20"], "outcome": ["handoff"]}
    assert cards["Passages à un conseiller"]["value"] == "50 %"
    assert cards["Accord dès la première proposition"]["value"] == "—"  # nothing to measure
    assert cards["Note moyenne"]["value"] == "4,5 / 5" and cards["Note moyenne"]["detail"] == "sur 2 notes"
    assert "sur 1 conversation où" in cards["Désescalade"]["detail"]
    reasons = {row["label"]: row["link"] for row in view["reasons"]}
    assert reasons["motif non précisé"] == ""  # no list to filter on
    assert parse_qs(urlsplit(reasons["demande d'un conseiller"]).query)["handoff_reason"] == ["request_human"]
    assert view["weekly"]["weeks"] == ["sem. du 09/11", "sem. du 16/11"]
    assert view["weekly"]["series"] == [
        {"label": "Livraison", "counts": [1, 2]},
        {"label": "Non précisée", "counts": [0, 1]},
    ]
    alert = parse_qs(urlsplit(view["alerts"][0]["link"]).query)
    assert alert == {"date_from": ["2026-11-16"], "date_to": ["2026-11-22"], "category": ["delivery"]}
