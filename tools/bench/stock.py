"""Rasa's stock starter bot, the benchmark's yardstick (tools/bench_compare.py).

Generated with ``rasa init --no-prompt`` (same .venv, same Rasa) into the git-ignored
var/bench/stock, which also trains it; the model is cached there and regenerated only when
it is missing. The time ``rasa init`` took (scaffold copy, then training: the copy is
negligible) is kept next to it in training.json. Served with ``rasa run --enable-api`` on a
free port: its endpoints.yml has no action server (its actions are responses only) and its
tracker store is Rasa's default, in memory.

    .venv/bin/python -m tools.bench.stock            # generate and train when missing
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path
from typing import List, Optional

from tools.stack import ROOT, Service, free_port

# the stock bot: its own domain (greet, mood_great/unhappy, affirm/deny, bot_challenge, goodbye)
STOCK_CONVERSATIONS = [
    [
        "hello there",
        "I am very sad today",
        "yes",
        "are you a bot?",
        "my day was horrible",
        "no",
        "am I talking to a human?",
        "goodbye",
    ],
    ["hey", "I am feeling great", "perfect", "are you a human?", "I am sad", "yes", "great", "bye bye"],
]

STOCK_DIR = ROOT / "var" / "bench" / "stock"
TRAINING_RECORD = "training.json"


@dataclass(frozen=True)
class StockBot:
    directory: Path
    model: Path
    train_s: Optional[float]  # None: the record was lost


def rasa_env() -> dict:
    return {**os.environ, "RASA_TELEMETRY_ENABLED": "false", "TF_CPP_MIN_LOG_LEVEL": "2"}


def cached_model(directory: Path) -> Optional[Path]:
    """The newest model ``rasa init`` left in ``directory``/models, if any."""
    models = sorted((directory / "models").glob("*.tar.gz"), key=lambda path: path.stat().st_mtime)
    return models[-1] if models else None


def read_train_s(directory: Path) -> Optional[float]:
    try:
        return float(json.loads((directory / TRAINING_RECORD).read_text())["train_s"])
    except (OSError, ValueError, KeyError, TypeError):
        return None


def ensure_stock_bot(
    directory: Path = STOCK_DIR, python: str = sys.executable, log: Optional[Path] = None
) -> StockBot:
    """The stock bot, generated and trained unless its model is already there."""
    model = cached_model(directory)
    if model is not None:
        return StockBot(directory, model, read_train_s(directory))
    if directory.exists():
        shutil.rmtree(directory)  # a half-made project: start again
    directory.mkdir(parents=True)
    rasa = str(Path(python).parent / "rasa")
    log_path = log or directory.parent / "stock-init.log"
    began = time.monotonic()
    with open(log_path, "wb") as output:
        done = subprocess.run(
            [rasa, "init", "--no-prompt", "--init-dir", str(directory)],
            cwd=directory,
            env=rasa_env(),
            stdout=output,
            stderr=subprocess.STDOUT,
            check=False,
        )
    train_s = time.monotonic() - began
    model = cached_model(directory)
    if done.returncode != 0 or model is None:
        raise RuntimeError(f"rasa init failed (code {done.returncode}); see {log_path}")
    record = {"train_s": round(train_s, 1), "model": model.name, "command": "rasa init --no-prompt"}
    (directory / TRAINING_RECORD).write_text(json.dumps(record, indent=2) + "\n", encoding="utf-8")
    return StockBot(directory, model, train_s)


def stock_service(bot: StockBot, log_dir: Path, python: str = sys.executable, port: int = 0) -> Service:
    """``rasa run --enable-api`` of the stock bot on ``port`` (a free one when 0)."""
    port = port or free_port()
    rasa = str(Path(python).parent / "rasa")
    command: List[str] = [
        rasa, "run", "--enable-api", "--interface", "127.0.0.1", "--port", str(port),
        "--model", str(bot.model),
        "--endpoints", str(bot.directory / "endpoints.yml"),
        "--credentials", str(bot.directory / "credentials.yml"),
    ]  # fmt: skip
    return Service(
        name="stock rasa server",
        command=command,
        health_url=f"http://127.0.0.1:{port}/status",
        log_path=log_dir / "stock-rasa.log",
        env={"RASA_TELEMETRY_ENABLED": "false", "TF_CPP_MIN_LOG_LEVEL": "2"},
    )


def service_url(service: Service) -> str:
    port = service.command[service.command.index("--port") + 1]
    return f"http://127.0.0.1:{port}"


def main() -> int:
    bot = ensure_stock_bot()
    print(f"stock bot: {bot.model} (rasa init took {bot.train_s} s)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
