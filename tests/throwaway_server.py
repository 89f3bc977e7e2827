"""What the tests' throwaway servers (tests/redis_server.py, tests/rabbitmq_server.py) share: a
process of the test's own in a temporary directory, stopped, killed or restarted at will, used
as a context manager or through a pytest fixture that skips when the binary is missing."""

from __future__ import annotations

import signal
import tempfile
from typing import Callable, Iterator, TypeVar

import pytest

from tools.stack import free_port  # noqa: F401  (re-exported: the servers' modules import it from here)

Server = TypeVar("Server", bound="ThrowawayServer")


class ThrowawayServer:
    """Subclasses implement ``start()`` and ``stop(sig)``; ``_directory`` is their temporary one."""

    def __init__(self, prefix: str) -> None:
        self._directory = tempfile.TemporaryDirectory(prefix=prefix)

    def start(self) -> None:
        raise NotImplementedError

    def stop(self, sig: int = signal.SIGTERM) -> None:
        raise NotImplementedError

    def kill(self) -> None:
        """Stop with SIGKILL: a crash."""
        self.stop(signal.SIGKILL)

    def restart(self) -> None:
        """Stop then start again on the same port."""
        self.stop()
        self.start()

    def close(self) -> None:
        self.stop()
        self._directory.cleanup()

    def __enter__(self: Server) -> Server:
        try:
            self.start()
        except BaseException:
            self.close()
            raise
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()


def server_fixture(
    make: Callable[[], ThrowawayServer], available: bool, missing: str, scope: str = "function"
) -> Callable:
    """A pytest fixture yielding a running server from ``make()``; skipped with ``missing``
    when the server's binary is not installed."""

    @pytest.fixture(scope=scope)
    def _fixture() -> Iterator[ThrowawayServer]:
        if not available:
            pytest.skip(missing)
        with make() as server:
            yield server

    return _fixture
