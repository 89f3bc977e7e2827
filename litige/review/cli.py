"""Ligne de commande du bureau de revue : python -m litige.review <commande>.

  sync                 mettre à jour les résumés des conversations depuis le tracker store
  rebuild              reconstruire tous les résumés (les revues, commentaires et corrections restent)
  consume              tenir les résumés à jour depuis la file RabbitMQ des événements de Rasa
                       (EVENT_BROKER_URL, EVENT_BROKER_QUEUE ; --catch-up N : synchronisation de
                       rattrapage toutes les N secondes, 0 : jamais) ; Ctrl-C l'arrête
  report               les chiffres du tableau de bord sur une période (--from, --to, --weeks ; --json)
  export-corrections   les étiquettes corrigées en données d'entraînement NLU (--since, -o)
  export-story ID      une conversation en story de test (--training : story d'entraînement ; -o)
  purge                effacer ce qui est plus ancien que la durée de conservation
                       (--older-than-days), ou tout d'un client (--customer, --phone, --conversation) ;
                       --dry-run pour seulement lister ce qui partirait

Les bases sont celles de TICKET_DB_URL et TRACKER_STORE_URL ; la durée de conservation par
défaut, REVIEW_RETENTION_DAYS.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from datetime import date, timedelta
from pathlib import Path
from typing import List, Optional, TextIO

from litige.review.cli_text import purge_text, report_text

DEFAULT_WEEKS = 8
MAX_WEEKS = 520


class UsageError(ValueError):
    """Bad input on the command line: a French message, exit code 2."""


# ---------------------------------------------------------------------- arguments
def _iso_date(raw: str, option: str) -> date:
    try:
        return date.fromisoformat(raw)
    except ValueError:
        raise UsageError(f"{option} attend une date AAAA-MM-JJ, pas « {raw} ».") from None


def _positive(raw: Optional[str], option: str, maximum: int) -> Optional[int]:
    if raw is None:
        return None
    if not re.fullmatch(r"\d+", raw.strip()) or not 1 <= int(raw) <= maximum:
        raise UsageError(f"{option} attend un nombre entier entre 1 et {maximum}, pas « {raw} ».")
    return int(raw)


def period(args: argparse.Namespace, today: date) -> tuple:
    """(start, end) of the report: --to (default today), then --from or --weeks back from it."""
    weeks = _positive(args.weeks, "--weeks", MAX_WEEKS)
    if args.start and weeks:
        raise UsageError("Indiquez --from ou --weeks, pas les deux.")
    end = _iso_date(args.end, "--to") if args.end else today
    start = (
        _iso_date(args.start, "--from")
        if args.start
        else end - timedelta(days=7 * (weeks or DEFAULT_WEEKS) - 1)
    )
    if start > end:
        raise UsageError(f"La période est vide : {start:%d/%m/%Y} est après {end:%d/%m/%Y}.")
    return start, end


# ---------------------------------------------------------------------- commands
def _settings():
    from litige.config import get_settings

    return get_settings()


def _store():
    from litige.review.store import ReviewStore

    settings = _settings()
    return ReviewStore(settings.ticket_db_url, settings.tracker_store_url, timeout=settings.ticket_db_timeout)


def _write(text: str, output: Optional[str], out: TextIO, what: str) -> None:
    if not output:
        out.write(text)
        return
    try:
        Path(output).write_text(text, encoding="utf-8")
    except OSError as error:
        raise UsageError(f"Impossible d'écrire {output} : {error.strerror or error}.") from None
    sys.stderr.write(f"{what} écrit dans {output}.\n")


def cmd_sync(args, out: TextIO) -> int:
    store = _store()
    try:
        out.write(f"{store.sync()} conversation(s) mise(s) à jour.\n")
    finally:
        store.close()
    return 0


def cmd_rebuild(args, out: TextIO) -> int:
    store = _store()
    try:
        out.write(f"Résumés reconstruits : {store.rebuild()} conversation(s).\n")
    finally:
        store.close()
    return 0


def cmd_consume(args, out: TextIO) -> int:
    import os

    from litige.review.broker_feed import CATCH_UP, FeedUnreachable, consume, feed_settings

    try:
        url, queue = feed_settings(os.environ)
    except ValueError as error:
        raise UsageError(str(error)) from None
    every = 0 if args.catch_up == "0" else _positive(args.catch_up, "--catch-up", 86400) or int(CATCH_UP)
    out.write(f"Lecture de la file « {queue} » (Ctrl-C pour arrêter).\n")
    out.flush()
    store = _store()
    try:
        stats = consume(store, url, queue, catch_up=every)
    except FeedUnreachable as error:
        sys.stderr.write(f"Erreur : {error}\n")
        return 3
    finally:
        store.close()
    out.write(f"Arrêt : {stats.messages} événement(s) lu(s), {stats.written} résumé(s) écrit(s).\n")
    return 0


def cmd_report(args, out: TextIO) -> int:
    from litige import clock
    from litige.review.kpis import figures

    start, end = period(args, clock.today())
    store = _store()
    try:
        store.sync()
        result = figures(store.summaries(start, end), start, end)
    finally:
        store.close()
    out.write(json.dumps(result, ensure_ascii=False, indent=2) + "\n" if args.json else report_text(result))
    return 0


def cmd_export_corrections(args, out: TextIO) -> int:
    from litige.clock import day_start
    from litige.review.export import nlu_yaml

    since = day_start(_iso_date(args.since, "--since")) if args.since else None
    store = _store()
    try:
        corrections = store.corrections(since=since)
    finally:
        store.close()
    _write(nlu_yaml(corrections), args.output, out, f"{len(corrections)} correction(s)")
    return 0


def cmd_export_story(args, out: TextIO) -> int:
    from litige import clock
    from litige.config import ROOT
    from litige.review.export import influential_slots, test_story, training_story

    store = _store()
    try:
        events = store.events(args.conversation_id)
    finally:
        store.close()
    if not events:
        raise UsageError(f"Conversation inconnue du tracker store : « {args.conversation_id} ».")
    moment = clock.paris(clock.now())
    if args.training:
        slots = influential_slots(ROOT / "domain.yml")
        text = training_story(args.conversation_id, events, moment, slots)
    else:
        text = test_story(args.conversation_id, events, moment)
    _write(text, args.output, out, "La story")
    return 0


def cmd_purge(args, out: TextIO) -> int:
    from litige import clock
    from litige.review.purge import PurgeError, purge_customer, purge_older_than

    settings = _settings()
    customer = {"email": args.customer, "phone": args.phone, "conversation_id": args.conversation}
    try:
        if any(value is not None for value in customer.values()):
            if args.older_than_days is not None:
                raise UsageError("--older-than-days ne va pas avec --customer, --phone ou --conversation.")
            report = purge_customer(settings, dry_run=args.dry_run, **customer)
        else:
            days = (
                _positive(args.older_than_days, "--older-than-days", 36500) or settings.review_retention_days
            )
            report = purge_older_than(settings, days, clock.now(), dry_run=args.dry_run)
    except PurgeError as error:
        raise UsageError(str(error)) from None
    out.write(purge_text(report))
    return 0


# ---------------------------------------------------------------------- the parser
_ARGPARSE_FRENCH = (
    (r"the following arguments are required: (.*)", "argument manquant : {0}"),
    (r"argument (\S+): not allowed with argument (\S+)", "{0} ne va pas avec {1}"),
    (r"argument (\S+): expected one argument", "{0} attend une valeur"),
    (r"argument (\S+): invalid choice: '([^']*)'.*", "commande inconnue : {1}"),
    (r"unrecognized arguments: (.*)", "argument inconnu : {0}"),
)


class _Parser(argparse.ArgumentParser):
    def error(self, message: str):  # argparse's own messages, in French
        for pattern, french in _ARGPARSE_FRENCH:
            match = re.fullmatch(pattern, message)
            if match:
                raise UsageError(french.format(*match.groups()) + " (voir --help).")
        raise UsageError(f"Commande non valable : {message} (voir --help).")


def parser() -> argparse.ArgumentParser:
    main = _Parser(
        prog="python -m litige.review",
        description=__doc__,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    commands = main.add_subparsers(dest="command", required=True, parser_class=_Parser)
    commands.add_parser("sync", help="mettre à jour les résumés").set_defaults(handler=cmd_sync)
    commands.add_parser("rebuild", help="reconstruire les résumés").set_defaults(handler=cmd_rebuild)
    consume = commands.add_parser("consume", help="résumés tenus à jour depuis RabbitMQ")
    consume.add_argument(
        "--catch-up", metavar="N", help="rattrapage toutes les N secondes (300 ; 0 : jamais)"
    )
    consume.set_defaults(handler=cmd_consume)

    report = commands.add_parser("report", help="les chiffres du tableau de bord")
    report.add_argument("--from", dest="start", metavar="AAAA-MM-JJ", help="premier jour (inclus)")
    report.add_argument("--to", dest="end", metavar="AAAA-MM-JJ", help="dernier jour (inclus ; aujourd'hui)")
    report.add_argument("--weeks", metavar="N", help=f"les N dernières semaines ({DEFAULT_WEEKS} par défaut)")
    report.add_argument("--json", action="store_true", help="un objet JSON, une clé par chiffre")
    report.set_defaults(handler=cmd_report)

    corrections = commands.add_parser("export-corrections", help="corrections -> données NLU (YAML)")
    corrections.add_argument("--since", metavar="AAAA-MM-JJ", help="corrections faites depuis ce jour")
    corrections.add_argument("-o", "--output", metavar="FICHIER", help="fichier (sinon la sortie standard)")
    corrections.set_defaults(handler=cmd_export_corrections)

    story = commands.add_parser("export-story", help="une conversation en story Rasa")
    story.add_argument("conversation_id", metavar="CONVERSATION")
    story.add_argument("--training", action="store_true", help="story d'entraînement (sinon de test)")
    story.add_argument("-o", "--output", metavar="FICHIER", help="fichier (sinon la sortie standard)")
    story.set_defaults(handler=cmd_export_story)

    purge = commands.add_parser("purge", help="effacer les conversations anciennes ou d'un client")
    purge.add_argument("--older-than-days", metavar="N", help="durée de conservation en jours")
    who = purge.add_mutually_exclusive_group()
    who.add_argument("--customer", metavar="EMAIL", help="tout ce qui concerne cette adresse e-mail")
    who.add_argument("--phone", metavar="TELEPHONE", help="tout ce qui concerne ce numéro")
    who.add_argument("--conversation", metavar="ID", help="cette conversation")
    purge.add_argument("--dry-run", action="store_true", help="lister sans rien effacer")
    purge.set_defaults(handler=cmd_purge)
    return main


def main(argv: Optional[List[str]] = None, out: Optional[TextIO] = None) -> int:
    from litige.config import ConfigError
    from litige.tickets.database import TicketStoreUnavailable

    try:
        args = parser().parse_args(argv)
        return args.handler(args, out or sys.stdout)
    except UsageError as error:
        sys.stderr.write(f"Erreur : {error}\n")
        return 2
    except ConfigError as error:
        sys.stderr.write(f"Configuration non valable : {error}\n")
        return 2
    except TicketStoreUnavailable as error:
        sys.stderr.write(f"Base de données inaccessible : {error}\n")
        return 3
