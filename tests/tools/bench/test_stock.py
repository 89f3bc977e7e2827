"""The stock starter bot's cache and command line (tools/bench/stock.py); generating it runs
``rasa init`` and trains (about a minute): that is exercised by ``make bench``, not here."""

from __future__ import annotations

import json
import os
from pathlib import Path

from tools.bench.stock import (
    STOCK_CONVERSATIONS,
    cached_model,
    ensure_stock_bot,
    read_train_s,
    service_url,
    stock_service,
)


def project(tmp_path: Path, *models: str, record=None) -> Path:
    directory = tmp_path / "stock"
    (directory / "models").mkdir(parents=True)
    for age, name in enumerate(models):  # the first named is the newest
        path = directory / "models" / name
        path.write_bytes(b"model")
        os.utime(path, (1_000_000 - age * 100, 1_000_000 - age * 100))
    if record is not None:
        (directory / "training.json").write_text(json.dumps(record), encoding="utf-8")
    return directory


def test_a_cached_model_is_used_as_it_is(tmp_path):
    directory = project(tmp_path, "new.tar.gz", "old.tar.gz", record={"train_s": 47.1})
    before = sorted(p.name for p in directory.rglob("*"))
    bot = ensure_stock_bot(directory)  # would run `rasa init` and replace the folder otherwise
    assert bot.model == directory / "models" / "new.tar.gz"
    assert bot.train_s == 47.1
    assert sorted(p.name for p in directory.rglob("*")) == before


def test_no_model_means_none_cached_and_a_lost_record_no_training_time(tmp_path):
    directory = project(tmp_path)
    assert cached_model(directory) is None
    assert read_train_s(directory) is None
    (directory / "training.json").write_text("{not json", encoding="utf-8")
    assert read_train_s(directory) is None


def test_the_stock_bot_is_served_with_its_own_endpoints_and_the_http_api(tmp_path):
    bot = ensure_stock_bot(project(tmp_path, "m.tar.gz", record={"train_s": 1}))
    service = stock_service(bot, tmp_path / "logs", python="/venv/bin/python", port=5123)
    assert service.command[:3] == ["/venv/bin/rasa", "run", "--enable-api"]
    assert service.command[service.command.index("--model") + 1] == str(bot.model)
    assert service.command[service.command.index("--endpoints") + 1] == str(bot.directory / "endpoints.yml")
    assert service.health_url == "http://127.0.0.1:5123/status"
    assert service_url(service) == "http://127.0.0.1:5123"


def test_the_stock_conversations_have_eight_english_turns():
    assert STOCK_CONVERSATIONS and all(len(turns) == 8 for turns in STOCK_CONVERSATIONS)
