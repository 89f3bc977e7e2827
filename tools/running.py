"""Keep a stack of services running until Ctrl-C: ``make run`` (tools/stack.py) and ``make
run-prod`` (tools/prod.py) share it."""

from __future__ import annotations

import signal
import sys
import time
from dataclasses import dataclass
from typing import TYPE_CHECKING, Callable

if TYPE_CHECKING:  # pragma: no cover
    from tools.stack import Stack


@dataclass(frozen=True)
class Says:
    """What ``run_until_stopped`` prints when a service dies, when nothing starts, when it stops."""

    died: str = "{name} stopped unexpectedly:\n{log}"
    failed: str = "could not start: {error}"
    stopping: str = "Stopping..."


def run_until_stopped(
    stack: Stack, timeout: float, starting: str, banner: Callable[[], str], says: Says = Says()
) -> int:
    """Start ``stack``, print ``banner()`` once every service answers, and keep it running until
    Ctrl-C (or SIGTERM) or until a service dies; always stop what was started. The exit code:
    0 stopped on request, 1 a service died or did not start in ``timeout`` seconds, 130 stopped
    while starting."""
    stopping = False

    def request_stop(signum, frame):  # noqa: ARG001
        nonlocal stopping
        stopping = True

    signal.signal(signal.SIGINT, request_stop)
    signal.signal(signal.SIGTERM, request_stop)
    print(starting, flush=True)
    stack.start()
    try:
        deadline = time.monotonic() + timeout
        while not stopping:
            try:
                stack.wait_ready(timeout=1.0)
                break
            except TimeoutError:
                if time.monotonic() > deadline:
                    raise
        if stopping:
            return 130
        print(banner(), flush=True)
        while not stopping:
            dead = stack.dead_service()
            if dead:
                print(says.died.format(name=dead.name, log=dead.log_tail()), file=sys.stderr)
                return 1
            time.sleep(0.5)
        return 0
    except (RuntimeError, TimeoutError) as error:
        print(says.failed.format(error=error), file=sys.stderr)
        return 1
    finally:
        print(says.stopping, flush=True)
        stack.stop()
