"""The trackers this Rasa process saved last, kept to skip rebuilding them at the next message.

Reading a conversation back from the tracker store means fetching every event of its session,
parsing them and replaying them into a ``DialogueStateTracker``; ``make profile`` measured it
at about 4 ms of every turn, growing with the conversation. The tracker the processor has just
saved is exactly what the next read would rebuild, so ``StrictSQLTrackerStore`` keeps it here
with the id of its last stored event, and at the next message asks the database only for the
conversation's highest event id:

* the same id: nobody wrote to the conversation since (another instance, the console through
  the HTTP API of another instance, a purge): the kept tracker is handed out as it is;
* another id, or a tracker that changed in memory without being saved (a turn that failed
  half-way): it is dropped and the conversation is read from the database as before.

A tracker is kept only when its events are exactly the stored session's (the store checks the
count after writing): a new session started in memory, or events the session query would not
return, are never kept. The size is bounded (``TRACKER_CACHE_SIZE``, 0 to turn it off); the
least recently used conversation goes first.
"""

from __future__ import annotations

import os
import threading
from collections import OrderedDict
from typing import Any, Optional, Tuple

DEFAULT_SIZE = 64


def configured_size() -> int:
    raw = os.environ.get("TRACKER_CACHE_SIZE", "").strip()
    try:
        return max(0, int(raw)) if raw else DEFAULT_SIZE
    except ValueError:
        return DEFAULT_SIZE


class RecentTrackers:
    """sender id -> (id of the last stored event, number of events, tracker); thread-safe."""

    def __init__(self, size: int = DEFAULT_SIZE) -> None:
        self.size = size
        self._items: OrderedDict[str, Tuple[int, int, Any]] = OrderedDict()
        self._lock = threading.Lock()

    def __len__(self) -> int:
        return len(self._items)

    def fresh(self, sender_id: str, last_event_id: Optional[int]) -> bool:
        """Whether the kept tracker is the stored one (from any thread)."""
        with self._lock:
            item = self._items.get(sender_id)
            return item is not None and last_event_id is not None and item[0] == last_event_id

    def take(self, sender_id: str, last_event_id: Optional[int]) -> Optional[Any]:
        """The kept tracker if it is still the stored one, else None (and it is dropped)."""
        with self._lock:
            item = self._items.get(sender_id)
            if item is None:
                return None
            kept_id, length, tracker = item
            if last_event_id is None or kept_id != last_event_id or len(tracker.events) != length:
                del self._items[sender_id]
                return None
            self._items.move_to_end(sender_id)
            return tracker

    def keep(self, sender_id: str, last_event_id: int, tracker: Any) -> None:
        if self.size <= 0:
            return
        with self._lock:
            self._items[sender_id] = (last_event_id, len(tracker.events), tracker)
            self._items.move_to_end(sender_id)
            while len(self._items) > self.size:
                self._items.popitem(last=False)

    def forget(self, sender_id: str) -> None:
        with self._lock:
            self._items.pop(sender_id, None)
