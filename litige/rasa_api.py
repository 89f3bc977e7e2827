"""The part of Rasa's HTTP API the other processes use: read a conversation's tracker, append
events to it (an advisor's message, a pause, a resume), run one action in it.

Rasa's API is never open (``rasa run --auth-token``): every call carries the token, which
Rasa only reads from the query string. A failed call raises :class:`RasaUnavailable` whose
message never holds the token (connection errors quote the URL; it is redacted).

``RasaApi`` is blocking (the follow-up scheduler is a plain loop); ``AsyncRasaApi`` is for the
console, which runs on an event loop. Both build their requests with the same helpers.
"""

from __future__ import annotations

import asyncio
from typing import Any, Dict, List, Optional, Tuple
from urllib.parse import quote

import aiohttp
import requests


class RasaUnavailable(RuntimeError):
    """Rasa did not answer, or refused (the message says the HTTP status, never the token)."""


class _Requests:
    def __init__(self, base_url: str, token: str = "", timeout: float = 30.0):
        self.base_url = base_url.rstrip("/")
        self.token = token
        self.timeout = timeout

    def _request(self, conversation_id: str, path: str, push: bool = False) -> Tuple[str, Dict[str, str]]:
        url = f"{self.base_url}/conversations/{quote(conversation_id, safe='')}/{path}"
        params: Dict[str, str] = {}
        if push:
            # BotUttered events go out to the customer's channel (the widget's socket room)
            params.update(execute_side_effects="true", output_channel="latest")
        if self.token:
            params["token"] = self.token
        return url, params

    def redact(self, text: str) -> str:
        return text.replace(self.token, "***") if self.token else text

    def _failed(self, status: int, body: str) -> RasaUnavailable:
        return RasaUnavailable(self.redact(f"HTTP {status}: {body[:200]}"))


class RasaApi(_Requests):
    """Blocking client (the scheduler)."""

    def _send(self, method: str, url: str, params: Dict[str, str], payload: Any = None) -> Dict[str, Any]:
        try:
            response = requests.request(method, url, params=params, json=payload, timeout=self.timeout)
        except requests.RequestException as error:
            raise RasaUnavailable(self.redact(str(error))) from None
        if response.status_code >= 300:
            raise self._failed(response.status_code, response.text)
        try:
            return response.json() if response.content else {}
        except ValueError:
            raise RasaUnavailable(f"HTTP {response.status_code}: not JSON") from None

    def execute(self, conversation_id: str, action: str) -> Dict[str, Any]:
        """Run ``action`` in the conversation; what it says goes to the customer's channel.
        Returns Rasa's answer (the tracker after the action)."""
        url, params = self._request(conversation_id, "execute")
        params["output_channel"] = "latest"
        return self._send("POST", url, params, {"name": action})

    def tracker(self, conversation_id: str) -> Dict[str, Any]:
        """The conversation's tracker (its slots and the events of the current session)."""
        url, params = self._request(conversation_id, "tracker")
        return self._send("GET", url, params)


class AsyncRasaApi(_Requests):
    """Client for code on an event loop (the console)."""

    def __init__(self, base_url: str, token: str = "", timeout: float = 15.0):
        super().__init__(base_url, token, timeout)
        self._session: Optional[aiohttp.ClientSession] = None

    def _client(self) -> aiohttp.ClientSession:
        if self._session is None or self._session.closed:
            self._session = aiohttp.ClientSession(timeout=aiohttp.ClientTimeout(total=self.timeout))
        return self._session

    async def close(self) -> None:
        if self._session is not None:
            await self._session.close()
            self._session = None

    async def _call(
        self, method: str, conversation_id: str, path: str, payload: Any = None, push=False, **extra: str
    ) -> Any:
        url, params = self._request(conversation_id, path, push)
        params.update(extra)
        try:
            async with self._client().request(method, url, params=params, json=payload) as response:
                body = await response.text()
                if response.status >= 300:
                    raise self._failed(response.status, body)
                return await response.json(content_type=None) if body else None
        except aiohttp.ClientError as error:
            raise RasaUnavailable(self.redact(f"{type(error).__name__}: {error}")) from None
        except asyncio.TimeoutError:
            raise RasaUnavailable("Rasa did not answer in time") from None

    async def tracker(self, conversation_id: str) -> Dict[str, Any]:
        """The conversation's tracker with all its events (an unknown id gives an empty one)."""
        return await self._call("GET", conversation_id, "tracker", include_events="ALL")

    async def append(self, conversation_id: str, events: List[Dict[str, Any]], push: bool = True) -> None:
        """Append events to the tracker; with ``push``, bot messages reach the customer."""
        await self._call("POST", conversation_id, "tracker/events", events, push=push)

    async def execute(self, conversation_id: str, action: str) -> None:
        """Run one action (no prediction loop after it); what it says reaches the customer."""
        await self._call("POST", conversation_id, "execute", {"name": action}, push=True)
