"""python -m litige.backoffice: reset, show, list."""

import json

from litige.backoffice.__main__ import main
from litige.config import get_settings


def test_reset_then_show_and_list(capsys, friday):
    assert main(["reset"]) == 0
    assert "16 orders and accounts, dated from 2026-11-20" in capsys.readouterr().out
    assert get_settings().backoffice_demo_db.exists()
    assert main(["show", "CMD-530771"]) == 0
    shown = json.loads(capsys.readouterr().out)
    assert shown["status"] == "lost" and shown["total"] == 168.9
    assert main(["list"]) == 0
    listing = capsys.readouterr().out
    assert "CMD-482913\tblocked\t1249.00 €" in listing and "camille.rousseau@example.fr" in listing


def test_an_unknown_order_is_said_and_exits_non_zero(capsys, friday):
    assert main(["show", "CMD-0000001"]) == 1
    assert "unknown to the order system" in capsys.readouterr().err


def test_a_broken_seed_is_an_error_message_not_a_traceback(capsys, friday, tmp_path, monkeypatch):
    broken = tmp_path / "broken.yml"
    broken.write_text("orders: [{id: CMD-1, status: flying, placed: -1, total: 1}]", encoding="utf-8")
    monkeypatch.setenv("BACKOFFICE_DEMO_SEEDS", str(broken))
    get_settings.cache_clear()
    assert main(["reset"]) == 2
    assert "error:" in capsys.readouterr().err
