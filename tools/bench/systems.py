"""The systems the benchmark compares (tools/bench_compare.py), each started alone and timed to ready.

- ours: the action server and the Rasa server as ``make run`` starts them (tools/stack.py), on
  free ports, SQLite stores in a temporary directory, no console, scheduler or demo page;
- stock: Rasa's starter bot (tools/bench/stock.py), a Rasa server alone;
- prod: the production topology of tools/prod.py: two Rasa instances behind nginx, a fresh
  PostgreSQL database, a private Redis, the action server.
"""

from __future__ import annotations

import os
import secrets
import shutil
import subprocess
import sys
import time
import uuid
from contextlib import ExitStack, contextmanager
from pathlib import Path
from typing import Dict, Iterator, List, Optional

from tools.bench.stock import STOCK_CONVERSATIONS, StockBot, service_url, stock_service
from tools.measure_footprint import MIB, Usage, drive, wait_each_ready
from tools.stack import ROOT, Service, Stack, StackConfig, build_services, free_port, local_config

# our bot: complaint conversations as customers write them (docs/transcripts.yml), 8 turns each
OURS_CONVERSATIONS = [
    [
        "Bonjour, j'ai commandé un canapé il y a six semaines (CMD-482913), la livraison était promise"
        " en trois. J'ai appelé quatre fois et toujours rien. Je veux une date de livraison ferme.",
        "marc.lefebvre@free.fr",
        "oui c'est ça",
        "et je serai prévenu comment ?",
        "Mardi je travaille, vous pouvez livrer samedi matin ?",
        "parfait",
        "5",
        "merci, bonne journée",
    ],
    [
        "Bonjour, le technicien devait venir mardi réparer ma box et personne n'est venu, sans prévenir."
        " Je suis en télétravail et sans internet depuis six jours. Je voudrais qu'un technicien"
        " vienne vraiment, sur un créneau sûr.",
        "au 12 rue des Acacias",
        "12 rue des Acacias, 69100 Villeurbanne",
        "le samedi matin, en semaine je suis en réunion",
        "pourquoi vous voulez mon mail ?",
        "d'accord : nadia.benali@gmail.com",
        "oui",
    ],
]


def system_entry(ready_s: float, train_s: Optional[float], url: str) -> dict:
    """A system's part of bench.json, before its loads and memory are measured."""
    return {"url": url, "ready_s": round(ready_s, 1), "train_s": train_s, "rss_mb": {}, "loads": {}}


class Running:
    """A started system: its services, the URL customers post to, and its report entry."""

    def __init__(self, name: str, services: List[Service], url: str, conversations: List[List[str]]):
        self.name, self.services, self.url, self.conversations = name, services, url, conversations
        self.entry: dict = {}

    def record_rss(self) -> None:
        self.entry["rss_mb"] = {
            s.name: round(Usage.of_group(s.process.pid).rss / MIB) for s in self.services if s.process
        }


@contextmanager
def started(
    name: str, services: List[Service], url: str, conversations, train_s, timeout
) -> Iterator[Running]:
    """Start ``services`` (nothing else starting meanwhile), time them to ready, warm up with one
    unmeasured conversation (a first turn loads lazily built parts), stop them on exit."""
    stack = Stack(services)
    began = time.monotonic()
    stack.start()
    try:
        wait_each_ready(services, timeout)
        running = Running(name, services, url, conversations)
        running.entry = system_entry(time.monotonic() - began, train_s, url)
        warmup = drive(f"{url}/webhooks/rest/webhook", [(f"warmup-{uuid.uuid4().hex[:8]}", conversations[0])])
        if warmup.failures:
            print(f"{name}: {warmup.failures} failed turns in the warm-up conversation", flush=True)
        yield running
    finally:
        stack.stop()


def ours_services(work: Path, model: Path) -> StackConfig:
    return local_config(work, bench_env(work), model=model)


def bench_env(work: Path) -> Dict[str, str]:
    return {
        "VAR_DIR": str(work),
        "APP_TODAY": "2026-11-20",  # the date the conversations (docs/transcripts.yml) are written for
        "MAIL_OUTBOX_DIR": str(work / "outbox"),
        "REST_RATE_LIMIT": "off",  # simulated customers type faster than people
    }


def train_ours(work: Path) -> float:
    """Seconds to train our model from scratch into ``work`` (models/current.tar.gz untouched),
    as ``make train`` does, with an empty training cache of its own (nothing reused)."""
    began = time.monotonic()
    rasa = str(Path(sys.executable).parent / "rasa")
    env = {**os.environ, "RASA_TELEMETRY_ENABLED": "false", "RASA_CACHE_DIRECTORY": str(work / "train-cache")}
    with open(work / "train.log", "wb") as log:
        subprocess.run(
            [rasa, "train", "--skip-validation", "--force", "--out", str(work / "models"),
             "--fixed-model-name", "bench"],
            cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT, check=True,
        )  # fmt: skip
    return round(time.monotonic() - began, 1)


@contextmanager
def fresh_database(admin_url: Optional[str]) -> Iterator[str]:
    """A new, empty PostgreSQL database (``admin_url``'s role creates it), dropped afterwards."""
    import sqlalchemy as sa

    if not admin_url:
        raise RuntimeError("no PostgreSQL: give --database-url or set TEST_POSTGRES_URL")
    admin = sa.create_engine(admin_url, isolation_level="AUTOCOMMIT")
    name = f"litige_bench_{uuid.uuid4().hex[:8]}"
    try:
        with admin.connect() as connection:
            connection.execute(sa.text(f'CREATE DATABASE "{name}"'))
        yield sa.engine.make_url(admin_url).set(database=name).render_as_string(hide_password=False)
        with admin.connect() as connection:
            connection.execute(sa.text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
    finally:
        admin.dispose()


def start_prod(
    stack: ExitStack, work: Path, model: Path, database_url: Optional[str], timeout: float
) -> Running:
    """The production topology of tools/prod.py on free ports: two Rasa instances behind nginx, a
    fresh PostgreSQL database, a private Redis, the action server (no console, scheduler, page)."""
    from tools.prod import ProdConfig, build_prod_services, write_nginx_config

    missing = [name for name in ("nginx", "redis-server") if not shutil.which(name)]
    if missing:
        raise RuntimeError(f"not installed: {', '.join(missing)}")
    database = stack.enter_context(fresh_database(database_url))
    prod = ProdConfig(
        public_port=free_port(),
        api_port=free_port(),
        rasa_ports=(free_port(), free_port()),
        action_port=free_port(),
        console_port=None,
        web_port=None,
        with_scheduler=False,
        redis_port=free_port(),
        database_url=database,
        prod_dir=work,
        model=model,
        python=sys.executable,
        rasa_token=secrets.token_urlsafe(24),
        extra_env=bench_env(work),
    )
    write_nginx_config(prod)
    services = build_prod_services(prod)
    return stack.enter_context(started("prod", services, prod.public_url, OURS_CONVERSATIONS, None, timeout))


def start_ours(
    stack: ExitStack, work: Path, model: Path, train_s: Optional[float], timeout: float
) -> Running:
    config = ours_services(work, model)
    services = build_services(config)
    return stack.enter_context(
        started("ours", services, config.rasa_url, OURS_CONVERSATIONS, train_s, timeout)
    )


def start_stock(stack: ExitStack, bot: StockBot, work: Path, timeout: float) -> Running:
    service = stock_service(bot, work / "logs")
    url = service_url(service)
    return stack.enter_context(started("stock", [service], url, STOCK_CONVERSATIONS, bot.train_s, timeout))
