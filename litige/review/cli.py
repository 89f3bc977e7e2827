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
from typing import Any, Dict, List, Optional, TextIO

from tabulate import tabulate

DEFAULT_WEEKS = 8
MEASURED = "conversations mesurées"
MAX_WEEKS = 520
KIND_LABELS = {
    "events": "événements du tracker store",
    "tickets": "tickets",
    "ticket_proposals": "propositions des tickets",
    "ticket_history": "historique des tickets",
    "follow_ups": "relances",
    "conversation_owners": "prises en charge",
    "advisor_notes": "notes des conseillers",
    "widget_connections": "connexions du widget",
    "review_conversations": "résumés de la revue",
    "review_marks": "statuts de revue",
    "review_comments": "commentaires de revue",
    "review_corrections": "corrections d'étiquettes",
    "review_reveals": "journal des affichages",
    "outbox": "e-mails de la boîte d'envoi",
    "spool": "lignes du journal de secours des tickets",
}


class UsageError(ValueError):
    """Bad input on the command line: a French message, exit code 2."""


# ---------------------------------------------------------------------- formatting
def _number(value: Any) -> str:
    if isinstance(value, float):
        text = f"{value:.2f}".rstrip("0").rstrip(".")
        return text.replace(".", ",")
    return str(value)


def _percent(rate: Optional[float]) -> str:
    return "non mesuré" if rate is None else f"{rate * 100:.1f}".replace(".", ",") + " %"


def _count(n: int, word: str, plural: str = "") -> str:
    return f"{n} {plural or word + 's'}" if n > 1 else f"{n} {word}"


def _day(iso: str) -> str:
    return date.fromisoformat(iso).strftime("%d/%m/%Y")


def _table(rows: List[List[Any]], headers: List[str]) -> str:
    return tabulate(rows, headers=headers, tablefmt="simple", disable_numparse=True)


def report_text(figures: Dict[str, Any]) -> str:
    """The dashboard's figures as tables a person reads in a terminal, in French."""
    from litige.review.kpis import CATEGORY_LABELS
    from litige.review.timeline import OUTCOME_LABELS, REASON_LABELS

    total = figures["conversations"]
    rating = figures["rating_average"]
    median_turns = figures["median_turns_to_resolution"]
    main_rows = [
        ["Conversations", _number(total)],
        [
            "Désescalade (émotion finale plus calme)",
            f"{_percent(figures['deescalation_rate'])} "
            f"(sur {_count(figures['deescalation_measured'], 'conversation mesurée', MEASURED)})",
        ],
        ["Passage à un conseiller", _percent(figures["handoff_rate"])],
        [
            "Accord dès la première proposition",
            f"{_percent(figures['consent_first_rate'])} "
            f"(sur {_count(figures['conversations_with_proposal'], 'conversation')} avec proposition)",
        ],
        [
            "Note moyenne",
            "aucune note"
            if rating is None
            else f"{_number(rating)} / 5 ({_count(figures['rating_count'], 'note')})",
        ],
        [
            "Tours médians jusqu'à la résolution",
            "non mesuré" if median_turns is None else _number(median_turns),
        ],
        ["Conversations abandonnées", f"{figures['abandoned']} ({_percent(figures['abandoned_rate'])})"],
    ]
    parts = [
        f"Tableau de bord du {_day(figures['period_start'])} au {_day(figures['period_end'])}",
        "",
        _table(main_rows, ["Indicateur", "Valeur"]),
        "",
        _table(
            [[OUTCOME_LABELS.get(k, k), n] for k, n in figures["outcomes"].items()],
            ["Issue de la conversation", "Nombre"],
        ),
    ]
    reasons = figures["handoff_reasons"]
    parts += ["", "Raisons du passage à un conseiller :"]
    if reasons:
        rows = [
            [REASON_LABELS.get(k, "non précisée" if k == "unknown" else k), n] for k, n in reasons.items()
        ]
        parts.append(_table(rows, ["Raison", "Nombre"]))
    else:
        parts.append("  aucun passage à un conseiller sur la période")
    parts += ["", _table([[k, n] for k, n in figures["rating_distribution"].items()], ["Note", "Nombre"])]
    weekly = figures["weekly_categories"]
    names = sorted({c for counts in weekly.values() for c in counts})

    def label(category: str) -> str:
        return "non classée" if category == "unknown" else CATEGORY_LABELS.get(category, category)

    parts += ["", "Catégories de réclamation par semaine :"]
    if names:
        rows = [[week] + [counts.get(c, 0) for c in names] for week, counts in weekly.items()]
        parts.append(_table(rows, ["Semaine"] + [label(c) for c in names]))
    else:
        parts.append("  aucune conversation sur la période")
    parts += ["", "Alertes :"]
    parts += [f"  ⚠ {alert['message']}" for alert in figures["alerts"]] or ["  aucune"]
    return "\n".join(parts) + "\n"


def purge_text(report: Any) -> str:
    if report.cutoff is not None:
        from litige.clock import paris

        head = (
            f"Conversations sans activité depuis le {paris(report.cutoff):%d/%m/%Y à %H:%M} (heure de Paris)"
        )
    else:
        head = "Conversations concernées"
    lines = [f"{head} : {len(report.conversations)}"]
    if report.dry_run:
        lines.append("Simulation (--dry-run) : rien n'a été effacé.")
        if report.conversations or report.files:
            lines.append("Partiraient :")
            lines += [f"  {cid}" for cid in report.conversations]
            lines += [f"  {path}" for path in report.files]
    rows = [[KIND_LABELS.get(k, k), n] for k, n in report.counts.items() if n]
    verb = "À effacer" if report.dry_run else "Effacés"
    lines += ["", _table(rows, ["Données", verb]) if rows else "Rien à effacer."]
    return "\n".join(lines) + "\n"


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
