"""The follow-up scheduler: on (and after) the promised date, asks the customer, in their
own conversation, whether the problem is solved.

Follow-ups live in the ticket database, so they survive restarts of every process (Rasa's
own reminders live in memory only). Each cycle replays the fallback spool, then, for every
follow-up whose date has come, claims it (so two schedulers never send it twice), runs
``action_follow_up`` in the conversation through Rasa's HTTP API
(``POST /conversations/<id>/execute``), and records the outcome; a failed call is retried
on the next cycles, up to ``MAX_FOLLOW_UP_ATTEMPTS`` (litige/tickets/store.py). It also
sends the reference e-mails the bot promised (scheduler/reference_mails.py).

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
from datetime import date, datetime, timezone
from typing import Callable, List, Optional

from litige.mailer import Mailer
from litige.rasa_api import RasaApi, RasaUnavailable
from litige.tickets.owners import OwnerStore
from litige.tickets.spool import Spool
from litige.tickets.store import TicketStore, TicketStoreUnavailable
from scheduler.reference_mails import send_pending

logger = logging.getLogger(__name__)
FOLLOW_UP_ACTION = "action_follow_up"


@dataclass
class CycleReport:
    replayed: int = 0
    fired: int = 0
    failed: int = 0
    skipped: int = 0
    abandoned: int = 0  # waiting customers silent past ABANDON_MINUTES
    callbacks_due: int = 0  # call backs whose time came: into the advisors' queue
    reference_mails: int = 0  # reference e-mails sent (SMTP or outbox)


class FollowUpScheduler:
    def __init__(
        self,
        store: TicketStore,
        client: RasaApi,
        today: Callable[[], date],
        spool: Optional[Spool] = None,
        now: Optional[Callable[[], datetime]] = None,
        abandon_minutes: int = 30,
        mailer: Optional[Mailer] = None,
    ):
        self.store = store
        self.client = client
        self.today = today
        self.spool = spool
        self.now = now or (lambda: datetime.now(timezone.utc))
        self.abandon_minutes = abandon_minutes
        self.owners = OwnerStore(store)
        self.mailer = mailer

    def run_once(self) -> CycleReport:
        report = CycleReport()
        if self.spool is not None:
            report.replayed, _ = self.spool.replay(self.store)
        try:
            due = self.store.due_follow_ups(self.today())
        except TicketStoreUnavailable as error:
            logger.error("follow-ups: ticket database unavailable: %s", error)
            return report
        try:
            now = self.now()
            report.callbacks_due = len(self.owners.callbacks_due(now))
            report.abandoned = len(self.owners.abandon_idle(now, self.abandon_minutes))
        except TicketStoreUnavailable as error:
            logger.error("queue: ticket database unavailable: %s", error)
        if self.mailer is not None:
            try:
                report.reference_mails = send_pending(self.store, self.mailer, self.today())
            except TicketStoreUnavailable as error:
                logger.error("reference e-mails: ticket database unavailable: %s", error)
        for follow_up in due:
            if self.owners.get(follow_up["conversation_id"]).bot_silent:
                report.skipped += 1  # an advisor holds the conversation: not now
                continue
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
                if (
                    report.fired
                    or report.failed
                    or report.replayed
                    or report.abandoned
                    or report.callbacks_due
                    or report.reference_mails
                ):
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
        get_store(),
        RasaApi(settings.rasa_url, settings.rasa_api_token),
        clock.today,
        get_spool(),
        now=clock.now,
        abandon_minutes=settings.abandon_minutes,
        mailer=Mailer.from_settings(settings),
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
