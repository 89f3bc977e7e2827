"""What the bot says the order system knows: only its facts, in French dates."""

from datetime import date, datetime

from litige.clock import PARIS
from litige.news import order_news, outage_news
from tests.conftest import looked_up

FRIDAY = date(2026, 11, 20)


def test_a_blocked_parcel_is_told_with_its_last_step_and_day(friday):
    key, values = order_news(looked_up("CMD-482913"), FRIDAY)
    assert key == "order_blocked"
    assert values["since"] == "vendredi 16 octobre" and "Lyon-Corbas" in values["last_step"]
    assert values["carrier"] == "GEODIS"


def test_the_carriers_estimate_is_told_when_there_is_one(friday):
    key, values = order_news(looked_up("CMD-518204"), FRIDAY)
    assert key == "order_in_transit" and values["eta"] == "dimanche 22 novembre"
    key, values = order_news(looked_up("CMD-612390"), FRIDAY)
    assert key == "order_in_transit_no_eta" and "eta" not in values


def test_several_items_are_named_by_the_first_and_a_count(friday):
    _, values = order_news(looked_up("CMD-589113"), FRIDAY)
    assert values["items"] == "Table de jardin Riviera et 4 autres articles"


def test_an_unknown_or_unchecked_order_is_said_as_such():
    assert order_news({"order_id": "CMD-1", "order_lookup": "not_found"}, FRIDAY) == (
        "order_not_found",
        {"order_id": "CMD-1"},
    )
    assert order_news({"order_id": "CMD-1", "order_lookup": "unchecked"}, FRIDAY)[0] == "order_unchecked"
    assert order_news({}, FRIDAY) is None


def test_an_outage_in_progress_is_told_with_its_end_in_paris_time(friday):
    facts = looked_up(email="marion.dubois@example.fr")
    key, values = outage_news(facts, datetime(2026, 11, 20, 10, tzinfo=PARIS), FRIDAY)
    assert key == "outage_known"
    assert values["started"] == "jeudi 19 novembre à 8 h 30"
    assert values["expected_end"] == "samedi 21 novembre vers 18 h"
    # once it is over, nothing is said
    assert outage_news(facts, datetime(2026, 11, 22, 10, tzinfo=PARIS), FRIDAY) is None
    key, _ = outage_news(
        looked_up(email="lucie.garnier@example.fr"), datetime(2026, 11, 20, 10, tzinfo=PARIS), FRIDAY
    )
    assert key == "outage_known_no_end"
