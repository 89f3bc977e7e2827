"""The remedy chosen for each kind of situation, with the facts of the demo back-end
(catalogue/demo_backoffice.yml, dated from Friday 20 November 2026) and the customer's words:
the catalogue's conditions, the promised day and the window (litige.scheduling)."""

from datetime import date, datetime

import pytest

from litige import situation
from litige.availability import Slot
from litige.catalogue import catalogue
from litige.clock import PARIS
from litige.scheduling import schedule
from litige.wording import proposal
from tests.conftest import looked_up

TODAY = date(2026, 11, 20)
NOW = datetime(2026, 11, 20, 10, 0, tzinfo=PARIS)


@pytest.fixture(autouse=True)
def friday_demo(friday):
    yield


def choice(
    category, wish, order_id=None, email=None, text="", amount=None, hazard=False, proposed=(), address=None
):
    facts = looked_up(order_id, email) if (order_id or email) else None
    seen = situation.of(
        facts, f"{text} {wish}", category, disputed_amount=amount, hazard=hazard, now=NOW, address=address
    )
    remedy = catalogue()[category].choose(wish, proposed, seen)
    return remedy, seen


def test_late_parcel_with_the_carriers_estimate_is_promised_on_that_day_never_before():
    # CMD-518204: in transit, the carrier announces delivery two days after the reset
    remedy, seen = choice("delivery", "je veux savoir quand je vais la recevoir", "CMD-518204")
    assert remedy.id == "carrier_delivery"
    due, window = schedule(remedy, TODAY, seen)
    assert seen.carrier_eta == date(2026, 11, 22)  # a Sunday: the promise is the next business day
    assert due == date(2026, 11, 23) and window is None
    later = situation.Situation(order="found", parcel="in_transit", carrier_eta=date(2026, 12, 2))
    assert schedule(remedy, TODAY, later)[0] == date(2026, 12, 2)  # never before the carrier


def test_late_parcel_without_any_estimate_gets_an_inquiry_not_a_made_up_date():
    remedy, _ = choice("delivery", "je veux une date", "CMD-612390")
    assert remedy.id == "carrier_inquiry"
    assert "date de livraison qu'il s'engage à tenir" in remedy.offer


def test_lost_parcel_is_sent_again_or_refunded_with_its_amount():
    remedy, seen = choice("delivery", "renvoyez-la moi", "CMD-530771")
    assert remedy.id == "reshipment"
    due, window = schedule(remedy, TODAY, seen)
    assert due == date(2026, 11, 24) and window == ("08:00", "12:00")  # at most four hours
    refund, seen = choice("delivery", "remboursez-moi", "CMD-530771")
    assert refund.id == "refund"
    assert "168,90 €" in proposal(refund, date(2026, 11, 27), TODAY, values=seen.values())["offer"]


def test_an_order_the_system_cannot_find_gets_a_search_and_a_day_to_come_back():
    remedy, _ = choice("delivery", "remboursez-moi", "CMD-1000001")
    assert remedy.id == "order_search"
    for category in ("product", "refund"):
        assert choice(category, "remboursez-moi", "CMD-1000001")[0].id == "order_search"


def test_damaged_product_is_replaced_and_never_after_a_danger():
    assert choice("product", "un neuf", "CMD-552618")[0].id == "replacement"
    remedy, _ = choice("product", "un neuf", "CMD-552618", hazard=True, proposed=["replacement", "repair"])
    assert remedy.id == "refund"


def test_wrong_item_gets_the_right_one_and_the_other_taken_back():
    remedy, _ = choice(
        "delivery", "recevoir ce que j'ai commandé", "CMD-574420", text="ce n'est pas le bon article"
    )
    assert remedy.id == "right_item"


def test_double_charge_is_refunded_with_the_amount_the_customer_names():
    remedy, seen = choice("billing", "qu'on me rembourse", text="prélevé deux fois 49,90 €", amount=49.9)
    assert remedy.id == "overcharge_refund"
    assert proposal(remedy, date(2026, 11, 27), TODAY, values=seen.values())["offer"].startswith(
        "nous vous remboursons les 49,90 € facturés à tort"
    )


def test_a_large_or_unknown_amount_is_checked_before_any_figure_is_promised():
    assert choice("billing", "qu'on me rembourse", amount=1870.0)[0].id == "billing_review"
    remedy, _ = choice("billing", "comprendre cette hausse", email="antoine.mercier@example.fr")
    assert remedy.id in {"billing_review", "billing_callback"}  # no amount named: nothing to refund blindly
    assert "{amount}" not in remedy.offer


def test_cancelled_subscription_still_billed_is_refunded_what_was_taken_since():
    remedy, seen = choice("billing", "qu'on arrête de me prélever", email="camille.rousseau@example.fr")
    assert remedy.id == "cancellation_refund"
    assert "129 €" in proposal(remedy, date(2026, 11, 27), TODAY, values=seen.values())["offer"]


def test_outage_while_teleworking_gets_a_stop_gap_first_then_a_credit_per_day():
    remedy, seen = choice(
        "service", "pouvoir travailler", email="marion.dubois@example.fr", text="je télétravaille"
    )
    assert seen.outage_known and seen.service_down and "work" in seen.needs
    assert remedy.id == "outage_stopgap"
    credit, seen = choice("service", "un dédommagement", email="marion.dubois@example.fr")
    assert credit.id == "outage_credit"
    assert "1,33 € par jour" in proposal(credit, date(2026, 11, 27), TODAY, values=seen.values())["offer"]


def test_a_customer_saying_the_service_is_cut_is_believed_even_unknown_to_the_system():
    remedy, seen = choice("service", "", text="plus d'internet depuis hier")
    assert seen.service_down and not seen.outage_known and remedy.id == "outage_stopgap"


def test_technician_no_show_gets_a_planning_slot_of_two_hours_on_a_day_the_customer_can_do():
    remedy, seen = choice(
        "service",
        "qu'un technicien vienne vraiment",
        email="hugo.lefevre@example.fr",
        text="le technicien n'est pas venu",
        address="12 rue des Lilas, 69003 Lyon",
    )
    assert remedy.id == "repair_visit" and seen.missed_visit
    not_monday = [
        Slot(day="lundi", excluded=True),
        Slot(day="mercredi", excluded=True),
        Slot(part="matin", excluded=True),
    ]
    due, window = schedule(remedy, TODAY, seen, not_monday)
    assert due == date(2026, 11, 26) and window == (
        "14:00",
        "16:00",
    )  # Thursday afternoon, the planning's slot


def test_a_visit_is_never_promised_without_an_address():
    wish, email = "qu'un technicien vienne", "hugo.lefevre@example.fr"
    unknown, _ = choice("service", wish, email=email)  # not asked yet, or declined
    assert unknown.id != "repair_visit" and not unknown.at_home
    given, seen = choice("service", wish, email=email, address="12 rue des Lilas, 69003 Lyon")
    assert given.id == "repair_visit" and given.at_home
    assert seen.values()["address"] == "12 rue des Lilas, 69003 Lyon"
    declined, _ = choice("service", wish, email=email, address="declined")
    assert declined.id == unknown.id


def test_rude_staff_gets_apologies_not_a_technician():
    remedy, _ = choice("service", "", text="le conseiller en boutique a été très désagréable avec moi")
    assert remedy.id == "staff_apology"


def test_no_callback_window_longer_than_an_hour():
    callback = catalogue()["service"].remedy("specialist_callback")
    due, window = schedule(callback, TODAY, situation.Situation(), [Slot(after="18:00")])
    assert due == date(2026, 11, 23) and window == ("18:00", "19:00")
