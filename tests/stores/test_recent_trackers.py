"""stores/recent_trackers.py: the kept trackers, handed out only while they are the stored ones."""

from __future__ import annotations

from types import SimpleNamespace

from stores.recent_trackers import DEFAULT_SIZE, RecentTrackers, configured_size


def tracker(events=3):
    return SimpleNamespace(events=list(range(events)))


def test_handed_out_while_the_last_stored_event_is_the_same():
    recent, kept = RecentTrackers(4), tracker()
    recent.keep("c-1", 17, kept)
    assert recent.fresh("c-1", 17)
    assert recent.take("c-1", 17) is kept


def test_dropped_when_someone_else_wrote_or_when_it_changed_unsaved():
    recent, kept = RecentTrackers(4), tracker()
    recent.keep("c-1", 17, kept)
    assert not recent.fresh("c-1", 18)
    assert recent.take("c-1", 18) is None
    assert recent.take("c-1", 17) is None  # gone for good
    recent.keep("c-1", 17, kept)
    kept.events.append("a turn that failed before its save")
    assert recent.take("c-1", 17) is None
    recent.keep("c-2", 5, tracker())
    assert recent.take("c-2", None) is None  # the conversation was purged


def test_the_least_recently_used_goes_first():
    recent = RecentTrackers(2)
    recent.keep("a", 1, tracker())
    recent.keep("b", 2, tracker())
    assert recent.take("a", 1) is not None  # "a" used again: "b" is now the oldest
    recent.keep("c", 3, tracker())
    assert recent.take("b", 2) is None
    assert recent.take("a", 1) is not None and recent.take("c", 3) is not None


def test_size_zero_keeps_nothing_and_the_size_is_read_from_the_environment(monkeypatch):
    recent = RecentTrackers(0)
    recent.keep("a", 1, tracker())
    assert len(recent) == 0
    monkeypatch.setenv("TRACKER_CACHE_SIZE", "0")
    assert configured_size() == 0
    monkeypatch.setenv("TRACKER_CACHE_SIZE", "beaucoup")
    assert configured_size() == DEFAULT_SIZE
    monkeypatch.delenv("TRACKER_CACHE_SIZE")
    assert configured_size() == DEFAULT_SIZE
