"""run_until_stopped: what make run and make run-prod do once their services are started."""

import signal

import pytest

from tools.running import Says, run_until_stopped


@pytest.fixture(autouse=True)
def own_signal_handlers():
    """run_until_stopped installs its own SIGINT/SIGTERM handlers: pytest's come back after."""
    previous = signal.getsignal(signal.SIGINT), signal.getsignal(signal.SIGTERM)
    yield
    signal.signal(signal.SIGINT, previous[0])
    signal.signal(signal.SIGTERM, previous[1])


class FakeService:
    name = "rasa server"

    def log_tail(self):
        return "Traceback: the model could not be loaded"


class FakeStack:
    """A stack whose services get ready after ``ready_after`` checks and die after ``dies_after``."""

    def __init__(self, ready_after=1, dies_after=None):
        self.ready_after, self.dies_after = ready_after, dies_after
        self.checks = 0
        self.started = self.stopped = False

    def start(self):
        self.started = True

    def wait_ready(self, timeout):
        self.checks += 1
        if self.ready_after is None or self.checks < self.ready_after:
            raise TimeoutError("the Rasa server did not answer")

    def dead_service(self):
        self.checks += 1
        return FakeService() if self.dies_after is not None and self.checks >= self.dies_after else None

    def stop(self):
        self.stopped = True


def test_a_service_that_dies_is_reported_and_everything_stops(capsys):
    stack = FakeStack(ready_after=2, dies_after=4)
    code = run_until_stopped(stack, timeout=30, starting="Starting...", banner=lambda: "Ready at :5005")
    out, err = capsys.readouterr()
    assert code == 1 and stack.started and stack.stopped
    assert "Starting..." in out and "Ready at :5005" in out
    assert "rasa server stopped unexpectedly" in err and "model could not be loaded" in err


def test_nothing_ready_in_time_stops_what_was_started_and_says_why_in_the_given_words(capsys):
    stack = FakeStack(ready_after=None)
    says = Says(failed="Impossible de démarrer : {error}", stopping="Arrêt...")
    code = run_until_stopped(stack, timeout=0.01, starting="Démarrage...", banner=lambda: "jamais", says=says)
    out, err = capsys.readouterr()
    assert code == 1 and stack.stopped
    assert "Impossible de démarrer : the Rasa server did not answer" in err
    assert "jamais" not in out and "Arrêt..." in out


def test_ctrl_c_while_running_stops_cleanly():
    class StoppedByUser(FakeStack):
        def dead_service(self):
            signal.raise_signal(signal.SIGINT)  # the handler run_until_stopped installed catches it
            return None

    stack = StoppedByUser()
    assert run_until_stopped(stack, timeout=30, starting="", banner=lambda: "") == 0
    assert stack.stopped
