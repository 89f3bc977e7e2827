"""The dashboard's figures on a small, known set of conversations."""

from datetime import date, datetime, timezone

from litige.review.kpis import alerts, figures, week_of, weeks_between


def moment(day: str, hour: int = 10) -> float:
    return datetime.fromisoformat(f"{day}T{hour:02d}:00:00+00:00").timestamp()


def row(outcome, day="2026-11-30", category="delivery", **values):
    base = {
        "outcome": outcome,
        "started_at": moment(day),
        "category": category,
        "handoff_reason": None,
        "rating": None,
        "deescalated": None,
        "proposals": 0,
        "consent_first": None,
        "resolved_turn": None,
    }
    base.update(values)
    return base


KNOWN = [
    row("resolved", rating=5, deescalated=True, proposals=1, consent_first=True, resolved_turn=4),
    row("resolved", rating=3, deescalated=True, proposals=2, consent_first=False, resolved_turn=7),
    row("resolved", rating=4, deescalated=False, proposals=1, consent_first=True, resolved_turn=5),
    row("refusals", handoff_reason="refusals", deescalated=False, proposals=3, consent_first=False),
    row("handoff", handoff_reason="request_human", category="billing", deescalated=True),
    row("abandoned", category="billing"),
]


def test_each_figure_on_a_known_set():
    result = figures(KNOWN, date(2026, 11, 30), date(2026, 12, 6))
    assert result["conversations"] == 6
    assert result["deescalation_rate"] == 0.6  # 3 calmer out of the 5 where emotion was read
    assert result["handoff_rate"] == 0.3333  # 2 of 6
    assert result["handoff_reasons"] == {"refusals": 1, "request_human": 1}
    assert result["consent_first_rate"] == 0.5  # 2 of the 4 with a proposal
    assert result["rating_average"] == 4.0
    assert result["rating_distribution"] == {"1": 0, "2": 0, "3": 1, "4": 1, "5": 1}
    assert result["median_turns_to_resolution"] == 5
    assert result["abandoned"] == 1 and result["abandoned_rate"] == 0.1667
    assert result["categories"] == {"delivery": 4, "billing": 2}
    assert result["weekly_categories"] == {"2026-W49": {"delivery": 4, "billing": 2}}


def test_no_proposal_no_rating_gives_no_rate_rather_than_zero():
    result = figures([row("abandoned")], date(2026, 11, 30), date(2026, 12, 6))
    assert result["consent_first_rate"] is None
    assert result["rating_average"] is None
    assert result["median_turns_to_resolution"] is None


def test_weeks_are_paris_weeks():
    # Sunday 6 December 2026 at 23:30 UTC is already Monday 7 December in Paris
    assert week_of(datetime(2026, 12, 6, 23, 30, tzinfo=timezone.utc).timestamp()) == "2026-W50"
    assert week_of(datetime(2026, 12, 6, 22, 30, tzinfo=timezone.utc).timestamp()) == "2026-W49"
    assert weeks_between(date(2026, 12, 28), date(2027, 1, 5)) == ["2026-W53", "2027-W01"]


def test_a_category_rising_well_above_its_recent_average_raises_an_alert():
    weeks = ["2026-W45", "2026-W46", "2026-W47", "2026-W48", "2026-W49"]
    weekly = {
        "2026-W45": {"delivery": 3, "billing": 4},
        "2026-W46": {"delivery": 2, "billing": 5},
        "2026-W47": {"delivery": 4, "billing": 4},
        "2026-W48": {"delivery": 3, "billing": 5},
        "2026-W49": {"delivery": 9, "billing": 6},  # delivery triples, billing stays near its average
    }
    found = alerts(weekly, weeks)
    assert [(a["category"], a["count"], a["average"]) for a in found] == [("delivery", 9, 3.0)]
    assert "livraison" in found[0]["message"] and "3,0" in found[0]["message"]


def test_a_rise_on_a_handful_of_conversations_is_not_an_alert():
    weekly = {"2026-W48": {"service": 1}, "2026-W49": {"service": 4}}
    assert alerts(weekly, ["2026-W48", "2026-W49"]) == []


def test_on_monday_the_rise_of_the_week_just_ended_is_still_an_alert():
    weekly = {
        "2026-W45": {"delivery": 3},
        "2026-W46": {"delivery": 2},
        "2026-W47": {"delivery": 4},
        "2026-W48": {"delivery": 3},
        "2026-W49": {"delivery": 12},
        "2026-W50": {"delivery": 1},  # Monday morning: the week has only begun
    }
    weeks = sorted(weekly)
    assert alerts(weekly, weeks) == []  # judged on the week that has only begun, nothing to see
    (found,) = alerts(weekly, weeks, current_incomplete=True)
    assert (found["week"], found["count"], found["average"]) == ("2026-W49", 12, 3.0)
    assert "semaine du 30 novembre 2026" in found["message"]


def test_a_period_ending_on_a_monday_flags_its_last_week_as_incomplete():
    monday = figures([], date(2026, 11, 2), date(2026, 12, 7))
    sunday = figures([], date(2026, 11, 2), date(2026, 12, 6))
    assert monday["current_week_incomplete"] is True and sunday["current_week_incomplete"] is False
