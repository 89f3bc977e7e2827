"""Blocking work (the ticket database, the spool, the mailer) off the action server's event
loop: rasa-sdk awaits an action's ``run`` on its one event loop, so a synchronous action
that waits on a locked SQLite file or a slow PostgreSQL freezes every conversation at
once. Actions that touch the store subclass ``OffLoopAction`` and write ``act``; it runs in
a bounded thread pool, so only the conversation that needs the database waits for it (and
no longer than the store's own timeouts, ``TICKET_DB_TIMEOUT``)."""

from __future__ import annotations

import asyncio
import functools
import threading
from abc import ABC, abstractmethod
from concurrent.futures import ThreadPoolExecutor
from typing import Any, Callable, Dict, List, Optional, TypeVar

from rasa_sdk import Action, Tracker
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict

from litige.config import get_settings

T = TypeVar("T")
_pool: Optional[ThreadPoolExecutor] = None
_pool_lock = threading.Lock()


def pool() -> ThreadPoolExecutor:
    """The action server's I/O threads, created on first use (nothing starts at import)."""
    global _pool
    if _pool is None:
        with _pool_lock:
            if _pool is None:
                _pool = ThreadPoolExecutor(
                    max_workers=get_settings().io_threads, thread_name_prefix="litige-io"
                )
    return _pool


async def in_thread(work: Callable[..., T], *args: Any, **kwargs: Any) -> T:
    """Run blocking ``work`` in the I/O pool and await its result."""
    loop = asyncio.get_running_loop()
    return await loop.run_in_executor(pool(), functools.partial(work, *args, **kwargs))


class OffLoopAction(Action, ABC):
    """An action whose body blocks (database, files, SMTP): ``act`` runs in the I/O pool.
    The dispatcher and the tracker belong to this request alone, so the thread may use them."""

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict) -> List[Dict]:
        return await in_thread(self.act, dispatcher, tracker, domain)

    @abstractmethod
    def act(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict) -> List[Dict]:
        """The action's blocking body."""
