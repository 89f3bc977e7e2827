"""The local demo back-end: a small SQLite database standing in for the company's order and
subscription system, seeded from catalogue/demo_backoffice.yml (dates relative to the day
of the reset), so that ``make run`` works with nothing else. ``python -m litige.backoffice
reset`` rebuilds it; it is also built on first use when missing."""

from __future__ import annotations

import json
import os
import sqlite3
import tempfile
import threading
from datetime import date
from pathlib import Path
from typing import Iterable, Optional, Sequence

import yaml

from litige.backoffice.model import Account, BackOfficeError, Order
from litige.backoffice.seed import resolve
from litige.parsing import normalize_email

_SCHEMA = """
CREATE TABLE orders (id TEXT PRIMARY KEY, customer_email TEXT, body TEXT NOT NULL);
CREATE TABLE accounts (id TEXT PRIMARY KEY, email TEXT, phone TEXT, body TEXT NOT NULL);
CREATE INDEX accounts_email ON accounts (email);
CREATE INDEX accounts_phone ON accounts (phone);
CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT);
"""
_build_lock = threading.Lock()


class BackOfficeUnavailable(RuntimeError):
    """The order system cannot be asked right now (down, too slow, a broken answer)."""


def load_seeds(paths: Iterable[Path]) -> dict:
    """The seed files merged, in order (a later file adds orders and accounts)."""
    merged: dict = {"orders": [], "accounts": [], "visit_plan": {}}
    for path in paths:
        try:
            raw = yaml.safe_load(Path(path).read_text(encoding="utf-8")) or {}
        except (OSError, yaml.YAMLError) as exc:
            raise BackOfficeError(f"cannot read the demo seed {path}: {exc}") from exc
        merged["orders"] += raw.get("orders") or []
        merged["accounts"] += raw.get("accounts") or []
        merged["visit_plan"] = raw.get("visit_plan") or merged["visit_plan"]
    return merged


def build(db_path: Path, seeds: Sequence[Path], today: date, region: str = "") -> int:
    """(Re)create the demo database from the seeds, atomically (a reader never sees it half
    written). Returns the number of orders and accounts written."""
    orders, accounts = resolve(load_seeds(seeds), today, region)
    db_path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=".backoffice-", suffix=".db", dir=db_path.parent)
    os.close(fd)
    try:
        with sqlite3.connect(tmp) as db:
            db.executescript(_SCHEMA)
            db.executemany(
                "INSERT INTO orders VALUES (?, ?, ?)",
                [
                    (o.id, o.customer_email.lower(), json.dumps(o.as_json(), ensure_ascii=False))
                    for o in orders
                ],
            )
            db.executemany(
                "INSERT INTO accounts VALUES (?, ?, ?, ?)",
                [(a.id, a.email, a.phone, json.dumps(a.as_json(), ensure_ascii=False)) for a in accounts],
            )
            db.execute("INSERT INTO meta VALUES ('seeded_for', ?)", (today.isoformat(),))
        os.replace(tmp, db_path)
    finally:
        if os.path.exists(tmp):
            os.unlink(tmp)
    return len(orders) + len(accounts)


class DemoBackOffice:
    """The demo system, read from its SQLite file (built from the seeds when missing)."""

    def __init__(self, db_path: Path, seeds: Sequence[Path], today: date, region: str = ""):
        self.db_path = Path(db_path)
        self.seeds = tuple(Path(s) for s in seeds)
        self.today = today
        self.region = region

    def _connect(self) -> sqlite3.Connection:
        if not self.db_path.exists():
            with _build_lock:
                if not self.db_path.exists():
                    build(self.db_path, self.seeds, self.today, self.region)
        try:
            return sqlite3.connect(f"file:{self.db_path}?mode=ro", uri=True, timeout=2)
        except sqlite3.Error as exc:
            raise BackOfficeUnavailable(f"demo back-end: {exc}") from exc

    def _one(self, sql: str, args: tuple) -> Optional[str]:
        try:
            with self._connect() as db:
                row = db.execute(sql, args).fetchone()
        except sqlite3.Error as exc:
            raise BackOfficeUnavailable(f"demo back-end: {exc}") from exc
        return row[0] if row else None

    def order(self, order_id: str) -> Optional[Order]:
        body = self._one("SELECT body FROM orders WHERE id = ?", (order_id,))
        return Order.from_json(json.loads(body)) if body else None

    def account(self, email: Optional[str] = None, phone: Optional[str] = None) -> Optional[Account]:
        body = None
        if email and normalize_email(email):
            body = self._one("SELECT body FROM accounts WHERE email = ?", (normalize_email(email),))
        if body is None and phone:
            body = self._one("SELECT body FROM accounts WHERE phone = ?", (phone,))
        return Account.from_json(json.loads(body)) if body else None

    def order_ids(self) -> list:
        try:
            with self._connect() as db:
                return [row[0] for row in db.execute("SELECT id FROM orders ORDER BY id")]
        except sqlite3.Error as exc:
            raise BackOfficeUnavailable(f"demo back-end: {exc}") from exc

    def accounts(self) -> list:
        try:
            with self._connect() as db:
                rows = db.execute("SELECT body FROM accounts ORDER BY id").fetchall()
        except sqlite3.Error as exc:
            raise BackOfficeUnavailable(f"demo back-end: {exc}") from exc
        return [Account.from_json(json.loads(row[0])) for row in rows]
