"""The client of a real order and subscription system over HTTP (BACKOFFICE_URL).

The system answers with the JSON of ``litige.backoffice.model`` (the README shows it):

- ``GET {url}/orders/{order_id}``: 200 with an order, 404 when it does not know the number;
- ``GET {url}/accounts?email=…`` or ``?phone=…``: 200 with the account (its subscriptions,
  the outages where the customer lives, the technician slots still free), 404 when unknown.

With BACKOFFICE_TOKEN set, every request carries ``Authorization: Bearer <token>``. Any
other status, a timeout (BACKOFFICE_TIMEOUT seconds) or an answer of the wrong shape
raises ``BackOfficeUnavailable``: the bot then says it cannot check, and promises nothing
that depends on the facts. Blocking: call it from the action server's I/O threads."""

from __future__ import annotations

import json
import urllib.error
import urllib.parse
import urllib.request
from typing import Any, Optional

from litige.backoffice.demo import BackOfficeUnavailable
from litige.backoffice.model import Account, BackOfficeError, Order

MAX_ANSWER_BYTES = 1_000_000


class HttpBackOffice:
    def __init__(self, url: str, token: str = "", timeout: float = 3.0):
        self.url = url.rstrip("/")
        self.token = token
        self.timeout = timeout

    def _get(self, path: str) -> Optional[Any]:
        request = urllib.request.Request(f"{self.url}{path}", headers={"Accept": "application/json"})
        if self.token:
            request.add_header("Authorization", f"Bearer {self.token}")
        try:
            with urllib.request.urlopen(request, timeout=self.timeout) as response:  # noqa: S310 (configured URL)
                body = response.read(MAX_ANSWER_BYTES + 1)
        except urllib.error.HTTPError as exc:
            if exc.code == 404:
                return None
            raise BackOfficeUnavailable(f"order system: HTTP {exc.code} for {path}") from exc
        except (TimeoutError, urllib.error.URLError, OSError) as exc:
            raise BackOfficeUnavailable(f"order system unreachable: {exc}") from exc
        if len(body) > MAX_ANSWER_BYTES:
            raise BackOfficeUnavailable(f"order system: answer too large for {path}")
        try:
            return json.loads(body.decode("utf-8"))
        except (UnicodeDecodeError, ValueError) as exc:
            raise BackOfficeUnavailable(f"order system: not JSON for {path}") from exc

    def order(self, order_id: str) -> Optional[Order]:
        data = self._get(f"/orders/{urllib.parse.quote(order_id, safe='')}")
        try:
            return Order.from_json(data) if data is not None else None
        except BackOfficeError as exc:
            raise BackOfficeUnavailable(f"order system: {exc}") from exc

    def account(self, email: Optional[str] = None, phone: Optional[str] = None) -> Optional[Account]:
        for key, value in (("email", email), ("phone", phone)):
            if not value:
                continue
            data = self._get(f"/accounts?{urllib.parse.urlencode({key: value})}")
            if data is not None:
                try:
                    return Account.from_json(data)
                except BackOfficeError as exc:
                    raise BackOfficeUnavailable(f"order system: {exc}") from exc
        return None
