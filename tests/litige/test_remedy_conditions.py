import pytest

from litige import remedy_conditions as rc
from litige.catalogue import CatalogueError, parse_catalogue
from litige.situation import Situation
from tests.litige.test_catalogue import MINIMAL_REMEDY, minimal


def test_when_all_must_hold_and_unless_none():
    when = rc.parse({"order": "found", "parcel": ["lost", "blocked"]}, "x")
    unless = rc.parse({"carrier_eta": True}, "x")
    assert rc.allowed(when, unless, Situation(order="found", parcel="lost"))
    assert not rc.allowed(when, unless, Situation(order="found", parcel="in_transit"))
    assert not rc.allowed(when, unless, Situation(order="not_found", parcel="lost"))


def test_amount_bounds_need_a_known_amount():
    bound = rc.parse({"amount_max": 500}, "x")
    assert rc.allowed(bound, (), Situation(amount=49.9))
    assert not rc.allowed(bound, (), Situation(amount=501.0))
    assert not rc.allowed(bound, (), Situation())  # unknown: not "at most 500"
    assert rc.allowed((), bound, Situation())  # ... so "unless at most 500" lets it through


def test_needs_and_about_hold_when_any_is_there():
    assert rc.allowed(rc.parse({"needs": ["work", "health"]}, "x"), (), Situation(needs=("family", "work")))
    assert not rc.allowed(rc.parse({"about": "rude"}, "x"), (), Situation(about=("missed_visit",)))


@pytest.mark.parametrize(
    "raw, message",
    [
        ({"colour": "red"}, "unknown condition 'colour'"),
        ({"parcel": "flying"}, "parcel takes"),
        ({"service_down": "yes"}, "service_down takes"),
        ({"order": True}, "order takes"),
        ({"amount_max": "cinq cents"}, "amount in euros"),
        (["order"], "mapping"),
    ],
)
def test_a_condition_the_catalogue_cannot_hold_is_refused(raw, message):
    with pytest.raises(rc.ConditionError, match=message):
        rc.parse(raw, "catalogue.delivery.remedies[0].when")


def test_the_catalogue_refuses_bad_conditions_dates_and_values_where_they_cannot_be_filled():
    def with_remedy(**fields):
        return minimal(delivery={"default_problem": "x", "remedies": [{**MINIMAL_REMEDY, **fields}]})

    with pytest.raises(CatalogueError, match="unknown condition"):
        parse_catalogue(with_remedy(when={"mood": "bad"}))
    with pytest.raises(CatalogueError, match="date must be one of"):
        parse_catalogue(with_remedy(date="tomorrow"))
    with pytest.raises(CatalogueError, match="only offer, consent and summary"):
        parse_catalogue(with_remedy(promise="le remboursement de {amount}"))
    parsed = parse_catalogue(with_remedy(offer="nous remboursons {amount}", when={"order": "found"}))
    remedy = parsed["delivery"].remedies[0]
    assert remedy.values_needed == ("amount",)
    assert not remedy.fits(Situation(order="found"))  # the amount is not known: not proposed
    assert remedy.fits(Situation(order="found", amount=12.0))
