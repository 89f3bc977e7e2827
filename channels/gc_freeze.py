"""The loaded model out of the garbage collector's full passes.

A loaded model is about 1.25 million Python objects that live as long as the server: spaCy's
vocabulary and pipes, TensorFlow's modules, Rasa's graph. CPython's full collection walks every
one of them: about 360 ms on this machine, during which the Rasa server answers nobody, and
under load it comes back every time the conversations have left enough new objects behind.
Once the model is loaded (Rasa loads it before the server starts), ``freeze_what_is_loaded``
collects once, then moves every object still alive to the permanent generation
(``gc.freeze()``): they stay alive, as they would anyway, and the collector walks only what
conversations allocate afterwards. A model loaded later (``PUT /model``) is collected as before.
"""

from __future__ import annotations

import gc
import logging
import time

logger = logging.getLogger(__name__)


def freeze_what_is_loaded() -> int:
    """Collect, then freeze every object alive; the number of objects frozen."""
    began = time.perf_counter()
    gc.collect()
    gc.freeze()
    frozen = gc.get_freeze_count()
    logger.info(
        "garbage collector: %d objects of the loaded model frozen (%.0f ms)",
        frozen,
        (time.perf_counter() - began) * 1000,
    )
    return frozen
