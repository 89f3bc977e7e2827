"""The follow-up scheduler: on (and after) the promised date, asks the customer, in their
own conversation, whether the problem is solved.

Follow-ups live in the ticket database, so they survive restarts of every process (Rasa's
own reminders live in memory only). Each cycle replays the fallback spool, then, for every
follow-up whose date has come, claims it (so two schedulers never send it twice), runs
``action_follow_up`` in the conversation through Rasa's HTTP API
(``POST /conversations/<id>/execute``), and records the outcome; a failed call is retried
on the next cycles, up to ``MAX_FOLLOW_UP_ATTEMPTS`` (litige/tickets/store.py).

    python -m scheduler.follow_ups            # every FOLLOW_UP_INTERVAL seconds
    python -m scheduler.follow_ups --once     # one cycle (cron)
"""

from __future__ import annotations

import argparse
import logging
import signal
import sys
import threading
from dataclasses import dataclass
from datetime import date
from typing import Callable, List, Optional
from urllib.parse import quote

import requests

from litige.tickets.spool import Spool
from litige.tickets.store import TicketStore, TicketStoreUnavailable

logger = logging.getLogger(__name__)
FOLLOW_UP_ACTION = "action_follow_up"


class RasaUnavailable(RuntimeError):
    pass


class RasaClient:
    """The part of Rasa's HTTP API the scheduler needs."""

    def __init__(self, base_url: str, token: str = "", timeout: float = 30.0):
        self.base_url = base_url.rstrip("/")
        self.token = token
        self.timeout = timeout

    def execute(self, conversation_id: str, action: str) -> None:
        params = {"output_channel": "latest"}
        if self.token:
            params["token"] = self.token
        url = f"{self.base_url}/conversations/{quote(conversation_id, safe='')}/execute"
        try:
            response = requests.post(url, params=params, json={"name": action}, timeout=self.timeout)
        except requests.RequestException as error:
            raise RasaUnavailable(str(error)) from error
        if response.status_code >= 300:
            raise RasaUnavailable(f"HTTP {response.status_code}: {response.text[:200]}")


@dataclass
class CycleReport:
    replayed: int = 0
    fired: int = 0
    failed: int = 0
    skipped: int = 0


class FollowUpScheduler:
    def __init__(
        self,
        store: TicketStore,
        client: RasaClient,
        today: Callable[[], date],
        spool: Optional[Spool] = None,
    ):
        self.store = store
        self.client = client
        self.today = today
        self.spool = spool

    def run_once(self) -> CycleReport:
        report = CycleReport()
        if self.spool is not None:
            report.replayed, _ = self.spool.replay(self.store)
        try:
            due = self.store.due_follow_ups(self.today())
        except TicketStoreUnavailable as error:
            logger.error("follow-ups: ticket database unavailable: %s", error)
            return report
        for follow_up in due:
            if not self.store.claim_follow_up(follow_up["id"]):
                report.skipped += 1  # another scheduler got it
                continue
            try:
                self.client.execute(follow_up["conversation_id"], FOLLOW_UP_ACTION)
            except RasaUnavailable as error:
                logger.warning(
                    "follow-up %s for %s not delivered: %s", follow_up["id"], follow_up["reference"], error
                )
                self.store.follow_up_fired(follow_up["id"], error=str(error))
                report.failed += 1
                continue
            self.store.follow_up_fired(follow_up["id"])
            report.fired += 1
        return report

    def run_forever(self, interval: float, stop: threading.Event) -> None:
        while not stop.is_set():
            try:
                report = self.run_once()
                if report.fired or report.failed or report.replayed:
                    logger.info("follow-ups: %s", report)
            except Exception:  # keep the loop alive; the error is logged
                logger.exception("follow-up cycle failed")
            stop.wait(interval)


def build_from_settings() -> FollowUpScheduler:
    from litige import clock
    from litige.config import get_settings
    from litige.tickets.access import get_spool, get_store

    settings = get_settings()
    return FollowUpScheduler(
        get_store(), RasaClient(settings.rasa_url, settings.rasa_api_token), clock.today, get_spool()
    )


def main(argv: Optional[List[str]] = None) -> int:
    parser = argparse.ArgumentParser(description="Relances clients à la date promise.")
    parser.add_argument("--once", action="store_true", help="un seul passage puis arrêt")
    parser.add_argument("--interval", type=float, help="secondes entre deux passages")
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s - %(message)s")

    from litige.config import get_settings

    scheduler = build_from_settings()
    if args.once:
        print(scheduler.run_once())
        return 0
    stop = threading.Event()
    for sig in (signal.SIGINT, signal.SIGTERM):
        signal.signal(sig, lambda *_: stop.set())
    logger.info("follow-up scheduler started (every %ss)", args.interval or get_settings().follow_up_interval)
    scheduler.run_forever(args.interval or get_settings().follow_up_interval, stop)
    return 0


if __name__ == "__main__":
    sys.exit(main())
