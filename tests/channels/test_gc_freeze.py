"""channels/gc_freeze.py: once the model is loaded, the objects alive are frozen out of the
collector's passes, after a collection (garbage is freed, not frozen)."""

from __future__ import annotations

import gc
import weakref

import pytest

from channels.gc_freeze import freeze_what_is_loaded


class Node:
    def __init__(self):
        self.other = self


@pytest.fixture
def unfrozen():
    yield
    gc.unfreeze()


def test_the_objects_alive_are_frozen_and_the_garbage_is_collected_first(unfrozen):
    kept = Node()
    garbage = Node()  # a reference cycle only the collector frees
    garbage_ref = weakref.ref(garbage)
    del garbage
    before = gc.get_freeze_count()
    frozen = freeze_what_is_loaded()
    assert garbage_ref() is None
    assert frozen == gc.get_freeze_count() > before
    assert not any(obj is kept for obj in gc.get_objects(generation=2))
    assert kept.other is kept


def test_the_health_channel_freezes_after_the_server_started():
    from channels.health import HealthInput

    blueprint = HealthInput().blueprint(lambda message: None)
    events = [future.event for future in blueprint._future_listeners]
    assert "after_server_start" in events
