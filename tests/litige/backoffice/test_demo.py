"""The demo back-end: the seed dated from the reset day, its SQLite file, the lookups."""

import sqlite3
from datetime import date

import pytest

from litige.backoffice.demo import BackOfficeUnavailable, DemoBackOffice, build, load_seeds
from litige.backoffice.model import BackOfficeError
from litige.backoffice.seed import planned_visits, resolve
from litige.config import ROOT

SEED = ROOT / "catalogue" / "demo_backoffice.yml"
FRIDAY = date(2026, 11, 20)


def test_the_demo_seed_is_dated_from_the_reset_day(tmp_path):
    demo = DemoBackOffice(tmp_path / "bo.db", [SEED], FRIDAY)
    sofa = demo.order("CMD-482913")
    assert sofa.status == "blocked" and sofa.total == 1249.0
    assert sofa.placed_on == date(2026, 10, 9)  # six weeks before
    assert sofa.last_event.place == "Lyon-Corbas" and sofa.last_event.at.date() == date(2026, 10, 16)
    assert sofa.estimated_delivery is None
    moving = demo.order("CMD-518204")
    assert moving.estimated_delivery == date(2026, 11, 22)


def test_an_unknown_order_or_account_is_none_not_an_error(tmp_path):
    demo = DemoBackOffice(tmp_path / "bo.db", [SEED], FRIDAY)
    assert demo.order("CMD-0000001") is None
    assert demo.account(email="personne@example.fr") is None
    assert demo.account(email="pas une adresse") is None


def test_accounts_are_found_by_address_whatever_its_case_or_by_phone(tmp_path):
    demo = DemoBackOffice(tmp_path / "bo.db", [SEED], FRIDAY)
    by_mail = demo.account(email="Marion.Dubois@Example.fr")
    assert by_mail.id == "ABO-3001" and by_mail.outages[0].kind == "internet"
    assert demo.account(phone="+33698765432").id == "ABO-3002"


def test_technician_slots_skip_sundays_and_public_holidays():
    visits = planned_visits(date(2026, 11, 6), {"days": 3, "windows": [["08:00", "10:00"]]})
    # Saturday 7, (Sunday 8 off), Monday 9, (Wednesday 11 November, Armistice, off) Tuesday 10
    assert [v["day"] for v in visits] == ["2026-11-07", "2026-11-09", "2026-11-10"]
    assert (
        planned_visits(date(2026, 11, 6), {"days": 1, "saturdays": False, "windows": [["8:00", "9:00"]]})[0][
            "day"
        ]
        == "2026-11-09"
    )


def test_a_reset_rebuilds_the_file_from_the_seeds(tmp_path):
    path = tmp_path / "bo.db"
    assert build(path, [SEED], FRIDAY) == 16
    with sqlite3.connect(path) as db:
        db.execute("DELETE FROM orders")
    assert DemoBackOffice(path, [SEED], FRIDAY).order("CMD-482913") is None
    build(path, [SEED], date(2026, 12, 1))
    assert DemoBackOffice(path, [SEED], FRIDAY).order("CMD-482913").placed_on == date(2026, 10, 20)
    assert [p.name for p in tmp_path.iterdir()] == ["bo.db"]  # no temporary file left behind


def test_later_seed_files_add_to_the_first(tmp_path):
    extra = tmp_path / "extra.yml"
    extra.write_text(
        "orders:\n  - {id: CMD-7000001, status: preparing, placed: -1,"
        " items: [{name: Lampe, quantity: 2, unit_price: 10}]}\n",
        encoding="utf-8",
    )
    demo = DemoBackOffice(tmp_path / "bo.db", [SEED, extra], FRIDAY)
    assert demo.order("CMD-7000001").total == 20.0
    assert demo.order("CMD-482913") is not None


@pytest.mark.parametrize(
    "raw, message",
    [
        ({"orders": [{"id": "CMD-1", "status": "flying", "placed": -1, "total": 1}]}, "status"),
        ({"orders": [{"id": "CMD-1", "status": "lost", "placed": "hier", "total": 1}]}, "days from today"),
        ({"orders": [{"id": "CMD-1", "status": "lost", "placed": -1, "total": -5}]}, "negative"),
        (
            {
                "orders": [
                    {"id": "CMD-1", "status": "lost", "placed": -1},
                    {"id": "CMD-1", "status": "lost", "placed": -2},
                ]
            },
            "twice",
        ),
        ({"accounts": [{"id": "A", "outages": [{"started": "hier"}]}]}, "{day, time}"),
        ([], "mapping"),
    ],
)
def test_a_broken_seed_is_refused_with_a_clear_message(raw, message):
    with pytest.raises(BackOfficeError, match=message):
        resolve(raw, FRIDAY)


def test_an_unreadable_seed_file_is_a_clear_error(tmp_path):
    broken = tmp_path / "broken.yml"
    broken.write_text("orders: [unclosed", encoding="utf-8")
    with pytest.raises(BackOfficeError, match="cannot read the demo seed"):
        load_seeds([broken])


def test_a_database_that_cannot_be_read_is_unavailable_not_a_crash(tmp_path):
    path = tmp_path / "bo.db"
    path.write_bytes(b"not a database at all" * 100)
    with pytest.raises(BackOfficeUnavailable):
        DemoBackOffice(path, [SEED], FRIDAY).order("CMD-482913")
