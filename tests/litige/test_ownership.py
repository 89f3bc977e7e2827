from datetime import datetime, timedelta, timezone

import pytest

from litige import ownership
from litige.ownership import Owner, TransitionRefused

NOW = datetime(2026, 12, 8, 10, 0, tzinfo=timezone.utc)


@pytest.mark.parametrize(
    "move, state, nobody, expected",
    [
        ("hand_off", "bot", False, "waiting"),
        ("hand_off", "bot", True, "callback"),
        ("hand_off", "closed", False, "waiting"),
        ("hand_off", "abandoned", False, "waiting"),
        ("hand_off", "waiting", True, "waiting"),  # asked again: keeps its place
        ("take", "waiting", False, "advisor"),
        ("take", "callback", False, "advisor"),
        ("release", "advisor", False, "waiting"),
        ("hand_back", "advisor", False, "bot"),
        ("close", "advisor", False, "closed"),
        ("abandon", "waiting", False, "abandoned"),
        ("callback_due", "callback", False, "waiting"),
    ],
)
def test_every_allowed_move(move, state, nobody, expected):
    assert ownership.target(move, state, nobody_there=nobody) == expected


@pytest.mark.parametrize(
    "move, state",
    [
        ("take", "bot"),
        ("take", "advisor"),  # already held by someone
        ("take", "closed"),
        ("hand_off", "advisor"),  # a person holds it: the bot cannot hand it off again
        ("hand_back", "waiting"),
        ("close", "bot"),
        ("abandon", "advisor"),
        ("callback_due", "waiting"),
    ],
)
def test_moves_that_cannot_start_there(move, state):
    with pytest.raises(TransitionRefused):
        ownership.target(move, state)


def test_only_an_advisor_silences_the_bot():
    assert [s for s in ownership.STATES if Owner("c", state=s).bot_silent] == ["advisor"]


def test_the_queue_is_most_urgent_first_then_longest_wait():
    owners = [
        Owner("normal-old", "waiting", priority="normal", waiting_since=NOW - timedelta(minutes=30)),
        Owner("high-new", "waiting", priority="high", waiting_since=NOW - timedelta(minutes=1)),
        Owner("urgent", "waiting", priority="urgent", waiting_since=NOW),
        Owner("high-old", "waiting", priority="high", waiting_since=NOW - timedelta(minutes=10)),
        Owner("held", "advisor", priority="urgent", waiting_since=NOW - timedelta(hours=1)),
        Owner("later", "callback", priority="urgent", waiting_since=NOW - timedelta(hours=1)),
    ]
    queue = ownership.queue_order(owners)
    assert [o.conversation_id for o in queue] == ["urgent", "high-old", "high-new", "normal-old"]
    assert ownership.position_in(queue, "high-new") == 3
    assert ownership.position_in(queue, "held") is None


def test_a_silent_waiting_customer_is_abandoned_after_the_timeout():
    owners = [
        Owner("silent", "waiting", waiting_since=NOW - timedelta(minutes=40)),
        Owner("wrote", "waiting", waiting_since=NOW - timedelta(minutes=40), last_customer_at=NOW),
        Owner("held", "advisor", waiting_since=NOW - timedelta(minutes=40)),
        Owner("called-back", "waiting", waiting_since=NOW - timedelta(hours=2), callback_at=NOW),
    ]
    assert ownership.abandoned(owners, NOW, timeout_minutes=30) == ["silent"]


def test_the_wait_estimate_is_honest():
    assert ownership.estimated_wait_minutes(1, 0) is None  # nobody there: no estimate
    first = ownership.estimated_wait_minutes(1, 1)
    assert 1 <= first < ownership.MINUTES_PER_CONVERSATION
    assert ownership.estimated_wait_minutes(3, 1) > ownership.estimated_wait_minutes(2, 1) > first
    assert ownership.estimated_wait_minutes(2, 2) == first  # two advisors take the first two
