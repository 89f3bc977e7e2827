"""The company's order and subscription system, as the bot asks it: order status, items,
amounts, carrier tracking and estimated delivery; subscriptions, outages where the customer
lives, technician slots. One client per system (like Rasa's demo bots): ``HttpBackOffice``
for a real system at BACKOFFICE_URL, else the local ``DemoBackOffice`` (an SQLite file
seeded with the demo shop's orders and accounts)."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path
from typing import Optional, Protocol, Tuple

from litige import clock
from litige.backoffice.demo import BackOfficeUnavailable, DemoBackOffice
from litige.backoffice.http import HttpBackOffice
from litige.backoffice.model import Account, Order
from litige.config import get_settings

__all__ = ["BackOffice", "BackOfficeUnavailable", "get_backoffice"]


class BackOffice(Protocol):
    def order(self, order_id: str) -> Optional[Order]:
        """The order, None when the system does not know it; BackOfficeUnavailable when it cannot say."""

    def account(self, email: Optional[str] = None, phone: Optional[str] = None) -> Optional[Account]:
        """The customer's account by e-mail, else by phone; None when unknown."""


@lru_cache(maxsize=4)
def _client(url: str, token: str, timeout: float, db: str, seeds: Tuple[str, ...], region: str) -> BackOffice:
    if url:
        return HttpBackOffice(url, token, timeout)
    return DemoBackOffice(Path(db), [Path(s) for s in seeds], clock.today(), region)


def get_backoffice() -> BackOffice:
    s = get_settings()
    return _client(
        s.backoffice_url,
        s.backoffice_token,
        s.backoffice_timeout,
        str(s.backoffice_demo_db),
        tuple(str(p) for p in s.backoffice_demo_seeds),
        s.regional_holidays,
    )
