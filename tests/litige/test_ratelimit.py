"""litige/ratelimit.py: token buckets per client, with a clock the test moves."""

from __future__ import annotations

from types import SimpleNamespace

import pytest

from litige.ratelimit import RateLimiter, RateSpecError, client_address, parse_rate


class Clock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


@pytest.mark.parametrize(
    "spec, parsed",
    [
        ("30/10", (30, 10.0)),
        (" 10/60 ", (10, 60.0)),
        ("5/0.5", (5, 0.5)),
        ("", None),
        (None, None),
        ("0", None),
        ("OFF", None),
    ],
)
def test_parse_rate(spec, parsed):
    assert parse_rate(spec) == parsed


@pytest.mark.parametrize("spec", ["30", "a/10", "30/", "0/10", "-1/10", "30/0", "30/-5", "30/nan", "30/inf"])
def test_a_bad_spec_is_refused_in_french(spec):
    with pytest.raises(RateSpecError, match="limite invalide"):
        parse_rate(spec)


def test_a_client_gets_its_burst_then_one_request_per_interval():
    clock = Clock()
    limiter = RateLimiter(3, 6.0, clock=clock)  # one request back every 2 s
    assert [limiter.take("a") for _ in range(4)] == [True, True, True, False]
    assert limiter.retry_after("a") == 2
    clock.now += 1.9
    assert not limiter.take("a")
    clock.now += 0.1
    assert limiter.take("a") and not limiter.take("a")
    clock.now += 60  # a long pause gives back the burst, never more
    assert [limiter.take("a") for _ in range(4)] == [True, True, True, False]


def test_clients_are_counted_apart():
    limiter = RateLimiter(2, 10.0, clock=Clock())
    assert limiter.take("a") and limiter.take("a") and not limiter.take("a")
    assert limiter.take("b") and limiter.take("b") and not limiter.take("b")


def test_allows_looks_without_spending():
    limiter = RateLimiter(1, 10.0, clock=Clock())
    assert limiter.allows("a") and limiter.allows("a")
    assert limiter.retry_after("a") == 0
    assert limiter.take("a")
    assert not limiter.allows("a") and limiter.retry_after("a") == 10


def test_memory_stays_bounded_and_a_throttled_client_is_not_forgotten_for_a_newcomer():
    clock = Clock()
    limiter = RateLimiter(2, 10.0, clock=clock, max_keys=4)
    assert limiter.take("spammer") and limiter.take("spammer")
    for index in range(50):
        limiter.take(f"visitor-{index}")
        clock.now += 0.01
        assert len(limiter._buckets) <= 4
    assert clock.now - 1000.0 < 5 and not limiter.take("spammer")  # still throttled


def test_from_spec_and_client_address():
    assert RateLimiter.from_spec("off") is None
    limiter = RateLimiter.from_spec("30/10")
    assert (limiter.limit, limiter.period) == (30, 10.0)
    assert client_address(SimpleNamespace(remote_addr="203.0.113.7", ip="127.0.0.1")) == "203.0.113.7"
    assert client_address(SimpleNamespace(remote_addr="", ip="127.0.0.1")) == "127.0.0.1"
