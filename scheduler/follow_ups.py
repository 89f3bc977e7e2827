"""The follow-up scheduler: once the promised date is over, asks the customer whether the
problem is solved, in the open widget or by e-mail (scheduler/delivery.py has the rules).

Follow-ups live in the ticket database, so they survive restarts of every process (Rasa's
own reminders live in memory only). Each cycle replays the fallback spool, recovers the
follow-ups a crash left half-sent, delivers those whose moment has come (claimed first, so
two schedulers never send one twice), puts the call backs whose time came into the
advisors' queue, marks silent waiting customers as gone, and sends the reference e-mails
the bot promised (scheduler/reference_mails.py).

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

from litige.advisor_hours import Hours, company_hours, parse_hours
from litige.config import Settings
from litige.mailer import Mailer
from litige.rasa_api import RasaApi
from litige.tickets.owners import OwnerStore
from litige.tickets.spool import Spool
from litige.tickets.store import TicketStore, TicketStoreUnavailable
from scheduler.delivery import FollowUpDelivery
from scheduler.reference_mails import send_pending

logger = logging.getLogger(__name__)


@dataclass
class CycleReport:
    replayed: int = 0
    fired: int = 0  # follow-ups delivered (widget or e-mail)
    failed: int = 0  # follow-ups whose delivery failed (retried later)
    skipped: int = 0  # not their moment yet, or an advisor holds the conversation
    unreachable: int = 0  # follow-ups due that reach nobody: left to the advisors
    recovered: int = 0  # follow-ups a crash left half-sent
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
        hours: Optional[Hours] = None,
        console_url: str = "http://127.0.0.1:5010",
    ):
        self.store = store
        self.today = today
        self.spool = spool
        self.now = now or (lambda: datetime.now(timezone.utc))
        self.abandon_minutes = abandon_minutes
        self.owners = OwnerStore(store)
        self.mailer = mailer
        hours = hours or parse_hours(Settings.advisor_hours)
        self.delivery = FollowUpDelivery(store, client, hours, mailer, console_url)

    def run_once(self) -> CycleReport:
        report = CycleReport()
        if self.spool is not None:
            report.replayed = self.spool.replay(self.store).saved
        now, today = self.now(), self.today()
        try:
            report.callbacks_due = len(self.owners.callbacks_due(now))
            report.abandoned = len(self.owners.abandon_idle(now, self.abandon_minutes))
        except TicketStoreUnavailable as error:
            logger.error("queue: ticket database unavailable: %s", error)
        if self.mailer is not None:
            try:
                report.reference_mails = send_pending(self.store, self.mailer, today)
            except TicketStoreUnavailable as error:
                logger.error("reference e-mails: ticket database unavailable: %s", error)
        try:
            delivered = self.delivery.run(today, now)
        except TicketStoreUnavailable as error:
            logger.error("follow-ups: ticket database unavailable: %s", error)
            return report
        for name in ("fired", "failed", "skipped", "unreachable", "recovered"):
            setattr(report, name, getattr(delivered, name))
        return report

    def run_forever(self, interval: float, stop: threading.Event) -> None:
        while not stop.is_set():
            try:
                report = self.run_once()
                busy = (report.fired, report.failed, report.unreachable, report.recovered, report.replayed)
                if any(busy) or report.abandoned or report.callbacks_due or report.reference_mails:
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
        hours=company_hours(settings),
        console_url=settings.console_url,
    )


MAX_INTERVAL = 86_400.0  # a day: beyond it the follow-ups would be late anyway


def interval_seconds(raw: str) -> float:
    """``--interval``: a number of seconds from 1 to a day (0, a negative number or "nan"
    made the loop spin without pause, "inf" crashed it after the first cycle)."""
    try:
        value = float(raw)
    except ValueError:
        value = float("nan")
    if not 1 <= value <= MAX_INTERVAL:  # False for nan
        raise argparse.ArgumentTypeError(
            f"« {raw} » n'est pas un intervalle valable : un nombre de secondes de 1 à {MAX_INTERVAL:.0f}."
        )
    return value


def main(argv: Optional[List[str]] = None) -> int:
    parser = argparse.ArgumentParser(description="Relances clients à la date promise.")
    parser.add_argument("--once", action="store_true", help="un seul passage puis arrêt")
    parser.add_argument("--interval", type=interval_seconds, help="secondes entre deux passages (1 à 86400)")
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
