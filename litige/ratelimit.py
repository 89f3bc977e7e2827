"""Per-client rate limits: one token bucket per key (a client's address), in memory.

A limit "N/S" lets a client spend N requests at once, and gives it back one request every S/N
seconds (N per S seconds on average). Each process keeps its own buckets: behind a load
balancer with K instances a client gets at most K times the limit.

    limiter = RateLimiter.from_spec("30/10")      # None when the spec is "0", "off" or empty
    if not limiter.take(address): ...answer 429, Retry-After: limiter.retry_after(address)
"""

from __future__ import annotations

import math
import time
from dataclasses import dataclass
from typing import Callable, Dict, Optional, Tuple


class RateSpecError(ValueError):
    """A limit that is not "N/S" (N requests per S seconds)."""


def parse_rate(spec: Optional[str]) -> Optional[Tuple[int, float]]:
    """``"30/10"`` -> (30, 10.0); ``""``, ``"0"``, ``"off"`` -> None (no limit)."""
    text = (spec or "").strip().lower()
    if text in ("", "0", "off", "none"):
        return None
    count, slash, seconds = text.partition("/")
    try:
        limit, period = int(count), float(seconds)
    except ValueError:
        raise RateSpecError(f"limite invalide « {spec} » : attendu N/S, par exemple 30/10") from None
    if not slash or limit < 1 or not math.isfinite(period) or period <= 0:
        raise RateSpecError(f"limite invalide « {spec} » : attendu N/S, par exemple 30/10")
    return limit, period


@dataclass
class _Bucket:
    tokens: float
    stamp: float


class RateLimiter:
    """``limit`` requests per ``period`` seconds and per key, with a burst of ``limit``."""

    def __init__(
        self,
        limit: int,
        period: float,
        clock: Callable[[], float] = time.monotonic,
        max_keys: int = 100_000,
    ) -> None:
        if limit < 1 or period <= 0:
            raise ValueError("limit >= 1 and period > 0")
        self.limit = limit
        self.period = period
        self.rate = limit / period  # tokens given back per second
        self.clock = clock
        self.max_keys = max_keys
        self._buckets: Dict[str, _Bucket] = {}

    @classmethod
    def from_spec(cls, spec: Optional[str], **options) -> Optional[RateLimiter]:
        parsed = parse_rate(spec)
        return cls(*parsed, **options) if parsed else None

    def _bucket(self, key: str) -> _Bucket:
        now = self.clock()
        bucket = self._buckets.get(key)
        if bucket is None:
            if len(self._buckets) >= self.max_keys:
                self._forget_full_buckets(now)
            bucket = self._buckets[key] = _Bucket(float(self.limit), now)
        else:
            bucket.tokens = min(self.limit, bucket.tokens + (now - bucket.stamp) * self.rate)
            bucket.stamp = now
        return bucket

    def _forget_full_buckets(self, now: float) -> None:
        """Drop the clients that have their whole allowance back (they lose nothing)."""
        for key in [
            k for k, b in self._buckets.items() if b.tokens + (now - b.stamp) * self.rate >= self.limit
        ]:
            del self._buckets[key]
        if len(self._buckets) >= self.max_keys:  # a flood of new addresses: forget the half that
            # has the most left, so a throttled client does not get a fresh bucket out of it
            def left(key: str) -> float:
                return self._buckets[key].tokens + (now - self._buckets[key].stamp) * self.rate

            for key in sorted(self._buckets, key=left, reverse=True)[: max(1, self.max_keys // 2)]:
                del self._buckets[key]

    def allows(self, key: str) -> bool:
        """Whether ``key`` may make one more request now (nothing is spent)."""
        return self._bucket(key).tokens >= 1

    def take(self, key: str) -> bool:
        """Spend one request of ``key``; False (and nothing spent) when it has none left."""
        bucket = self._bucket(key)
        if bucket.tokens < 1:
            return False
        bucket.tokens -= 1
        return True

    def retry_after(self, key: str) -> int:
        """Whole seconds until ``key`` has one request again (0 when it has one now)."""
        missing = 1 - self._bucket(key).tokens
        return 0 if missing <= 0 else math.ceil(missing / self.rate)


def client_address(request) -> str:
    """The client's address of a Sanic request: the forwarded one when Sanic is told to trust a
    proxy (SANIC_PROXIES_COUNT, SANIC_REAL_IP_HEADER or SANIC_FORWARDED_SECRET), else the peer's."""
    return request.remote_addr or request.ip or "unknown"
