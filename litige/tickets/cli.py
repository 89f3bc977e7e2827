"""Ligne de commande des opérateurs : python -m litige.tickets <commande>.

  list        les tickets (filtres : --status, --priority, --category, --since, --until)
  show REF    un ticket complet, avec ses propositions, son historique et ses relances
  export      tous les tickets filtrés, --format csv|json (sur la sortie ou --output)
  follow-ups  les relances dues et en retard (--date pour se placer à une autre date)
  set-status  changer le statut d'un ticket (--actor : qui le fait, obligatoire)
  replay-spool  rejouer le journal de secours dans la base
  dead-letters  les réclamations que la base a refusées, mises de côté (--json)
  retry-dead-letters  les réessayer une fois la cause corrigée
  migrate     mettre le schéma à jour

Tables lisibles dans un terminal ; --json pour une sortie exploitable par un programme.
La base est celle de TICKET_DB_URL (SQLite par défaut, var/tickets.db).
"""

from __future__ import annotations

import argparse
import csv
import json
import sys
from datetime import date, datetime
from typing import Any, List, Optional

from tabulate import tabulate

from litige.catalogue import CATEGORIES
from litige.tickets.models import PRIORITIES, STATUSES

LIST_COLUMNS = (
    "reference",
    "created_at",
    "status",
    "priority",
    "category",
    "customer_email",
    "agreed_remedy",
    "due_date",
)
EXPORT_COLUMNS = (
    "reference",
    "conversation_id",
    "created_at",
    "updated_at",
    "status",
    "priority",
    "category",
    "customer_name",
    "customer_email",
    "order_id",
    "description",
    "reformulation",
    "expected_outcome",
    "emotion_start",
    "emotion_peak",
    "emotion_peak_intensity",
    "emotion_end",
    "agreed_remedy",
    "due_date",
    "handoff_reason",
    "csat",
    "reference_email_pending",
)


def _iso_date(text: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError as error:
        raise argparse.ArgumentTypeError(f"date attendue au format AAAA-MM-JJ, reçu « {text} »") from error


def _plain(value: Any) -> Any:
    if isinstance(value, datetime):
        from litige import clock

        return clock.paris(value).isoformat(timespec="seconds")  # a person reads it: Paris time
    if isinstance(value, date):
        return value.isoformat()
    return value


FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def spreadsheet_safe(value: Any) -> Any:
    """A text cell a spreadsheet would run as a formula (=, +, -, @, tab, carriage return
    first) is prefixed with an apostrophe, so opening the export runs nothing."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def _jsonable(value: Any) -> Any:
    if isinstance(value, dict):
        return {key: _jsonable(item) for key, item in value.items()}
    if isinstance(value, list):
        return [_jsonable(item) for item in value]
    return _plain(value)


def _short(value: Any, width: int = 40) -> str:
    text = "" if value is None else str(_plain(value))
    text = " ".join(text.split())
    return text if len(text) <= width else text[: width - 1] + "…"


def _store():
    from litige.tickets.access import get_store

    return get_store()


def cmd_list(args, out) -> int:
    rows = _store().list(args.status, args.priority, args.category, args.since, args.until)
    if args.json:
        json.dump([_jsonable(r) for r in rows], out, ensure_ascii=False, indent=2)
        out.write("\n")
        return 0
    if not rows:
        out.write("Aucun ticket ne correspond.\n")
        return 0
    table = [[_short(r[c], 24 if c == "customer_email" else 20) for c in LIST_COLUMNS] for r in rows]
    headers = ["référence", "créé le", "statut", "priorité", "catégorie", "e-mail", "solution", "échéance"]
    out.write(tabulate(table, headers=headers) + f"\n{len(rows)} ticket(s)\n")
    return 0


def cmd_show(args, out) -> int:
    from litige.tickets.store import TicketNotFound

    try:
        ticket = _store().get(args.reference.strip().upper())
    except TicketNotFound:
        sys.stderr.write(f"Aucun ticket avec la référence « {args.reference} ».\n")
        return 1
    data = _jsonable(ticket.data)
    if args.json:
        json.dump(data, out, ensure_ascii=False, indent=2)
        out.write("\n")
        return 0
    fields = [(k, data[k]) for k in EXPORT_COLUMNS if k in data]
    out.write(tabulate([(k, _short(v, 100)) for k, v in fields], tablefmt="plain") + "\n")
    trajectory = " → ".join(f"{p['emotion']} {p['intensity']:.2f}" for p in data["emotion_trajectory"])
    out.write(f"\nTrajectoire émotionnelle : {trajectory or '—'}\n")
    out.write("\nPropositions :\n")
    out.write(
        tabulate(
            [(p["position"], p["remedy"], p["due_date"], p["answer"]) for p in data["proposals"]],
            headers=["n°", "solution", "échéance", "réponse"],
        )
        + "\n"
        if data["proposals"]
        else "  aucune\n"
    )
    out.write("\nHistorique :\n")
    out.write(
        tabulate(
            [
                (h["at"], h["actor"], h["from_status"] or "—", h["to_status"], h["note"] or "")
                for h in data["history"]
            ],
            headers=["quand", "qui", "de", "vers", "note"],
        )
        + "\n"
    )
    out.write("\nRelances :\n")
    out.write(
        tabulate(
            [(f["due_date"], f["status"], f["attempts"], f["answer"] or "—") for f in data["follow_ups"]],
            headers=["date", "état", "essais", "réponse"],
        )
        + "\n"
        if data["follow_ups"]
        else "  aucune\n"
    )
    return 0


def cmd_export(args, out) -> int:
    rows = [
        _jsonable(r) for r in _store().list(args.status, args.priority, args.category, args.since, args.until)
    ]
    target = open(args.output, "w", encoding="utf-8", newline="") if args.output else out
    try:
        if args.format == "json":
            json.dump(rows, target, ensure_ascii=False, indent=2)
            target.write("\n")
        else:
            writer = csv.DictWriter(target, fieldnames=EXPORT_COLUMNS, extrasaction="ignore")
            writer.writeheader()
            writer.writerows({key: spreadsheet_safe(value) for key, value in row.items()} for row in rows)
    finally:
        if args.output:
            target.close()
    if args.output:
        sys.stderr.write(f"{len(rows)} ticket(s) exporté(s) dans {args.output}\n")
    return 0


def cmd_follow_ups(args, out) -> int:
    from litige import clock

    today = args.date or clock.today()
    from litige.tickets.follow_ups import FollowUps

    rows = FollowUps(_store()).due(today, include_pending=True)
    if args.json:
        json.dump(
            [_jsonable({**r, "overdue": r["due_date"] < today}) for r in rows],
            out,
            ensure_ascii=False,
            indent=2,
        )
        out.write("\n")
        return 0
    if not rows:
        out.write(f"Aucune relance due au {today.isoformat()}.\n")
        return 0
    table = [
        (
            r["reference"],
            r["due_date"],
            "en retard" if r["due_date"] < today else "aujourd'hui",
            r["status"],
            r["attempts"],
            _short(r["last_error"], 30),
        )
        for r in rows
    ]
    out.write(
        tabulate(
            table, headers=["référence", "date promise", "échéance", "état", "essais", "dernière erreur"]
        )
        + f"\n{len(rows)} relance(s) due(s) ou en retard au {today.isoformat()}\n"
    )
    return 0


def cmd_set_status(args, out) -> int:
    from litige.tickets.store import TicketNotFound

    try:
        ticket = _store().set_status(args.reference.strip().upper(), args.status, args.actor, args.note)
    except TicketNotFound:
        sys.stderr.write(f"Aucun ticket avec la référence « {args.reference} ».\n")
        return 1
    out.write(f"{ticket.reference} : statut « {ticket.status} » (par {args.actor}).\n")
    return 0


def cmd_replay(args, out) -> int:
    from litige.tickets.access import get_spool

    report = get_spool().replay(_store())
    out.write(
        f"{report.saved} réclamation(s) enregistrée(s) depuis le journal de secours, "
        f"{report.left} en attente, {report.set_aside} mise(s) de côté (dead-letters).\n"
    )
    return 0 if report.left == 0 and report.set_aside == 0 else 2


def cmd_dead_letters(args, out) -> int:
    from litige.tickets.access import get_spool

    entries = get_spool().dead_letters()
    if args.json:
        json.dump(entries, out, ensure_ascii=False, indent=2)
        out.write("\n")
        return 0
    if not entries:
        out.write("Aucune réclamation mise de côté.\n")
        return 0
    table = [
        (e["number"], _short(e.get("at"), 19), e.get("conversation_id") or "?", _short(e.get("reason"), 60))
        for e in entries
    ]
    out.write(
        tabulate(table, headers=["n°", "le", "conversation", "raison"])
        + f"\n{len(entries)} réclamation(s) mise(s) de côté : corrigez la cause puis retry-dead-letters\n"
    )
    return 0


def cmd_retry_dead_letters(args, out) -> int:
    from litige.tickets.access import get_spool

    report = get_spool().retry_dead_letters(_store())
    out.write(
        f"{report.saved} réclamation(s) enregistrée(s), {report.set_aside} toujours refusée(s), "
        f"{report.left} en attente de la base.\n"
    )
    return 0 if report.set_aside == 0 and report.left == 0 else 2


def cmd_migrate(args, out) -> int:
    _store().migrate()
    out.write("Schéma des tickets à jour.\n")
    return 0


def parser() -> argparse.ArgumentParser:
    main = argparse.ArgumentParser(
        prog="python -m litige.tickets",
        description=__doc__,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    commands = main.add_subparsers(dest="command", required=True)

    def filters(sub):
        sub.add_argument("--status", choices=STATUSES)
        sub.add_argument("--priority", choices=PRIORITIES)
        sub.add_argument("--category", choices=CATEGORIES)
        sub.add_argument("--since", type=_iso_date, help="créés à partir de cette date (AAAA-MM-JJ)")
        sub.add_argument("--until", type=_iso_date, help="créés jusqu'à cette date incluse")

    listing = commands.add_parser("list", help="lister les tickets")
    filters(listing)
    listing.add_argument("--json", action="store_true")
    listing.set_defaults(handler=cmd_list)

    show = commands.add_parser("show", help="afficher un ticket")
    show.add_argument("reference")
    show.add_argument("--json", action="store_true")
    show.set_defaults(handler=cmd_show)

    export = commands.add_parser("export", help="exporter les tickets")
    filters(export)
    export.add_argument("--format", choices=("csv", "json"), default="csv")
    export.add_argument("--output", help="fichier de sortie (sinon la sortie standard)")
    export.set_defaults(handler=cmd_export)

    due = commands.add_parser("follow-ups", help="relances dues et en retard")
    due.add_argument("--date", type=_iso_date, help="se placer à cette date (AAAA-MM-JJ)")
    due.add_argument("--json", action="store_true")
    due.set_defaults(handler=cmd_follow_ups)

    status = commands.add_parser("set-status", help="changer le statut d'un ticket")
    status.add_argument("reference")
    status.add_argument("status", choices=STATUSES)
    status.add_argument("--actor", required=True, help="nom de la personne qui fait le changement")
    status.add_argument("--note")
    status.set_defaults(handler=cmd_set_status)

    replay = commands.add_parser("replay-spool", help="rejouer le journal de secours")
    replay.set_defaults(handler=cmd_replay)

    dead = commands.add_parser("dead-letters", help="réclamations mises de côté")
    dead.add_argument("--json", action="store_true")
    dead.set_defaults(handler=cmd_dead_letters)

    retry = commands.add_parser("retry-dead-letters", help="réessayer les réclamations mises de côté")
    retry.set_defaults(handler=cmd_retry_dead_letters)

    migrate = commands.add_parser("migrate", help="mettre le schéma à jour")
    migrate.set_defaults(handler=cmd_migrate)
    return main


def main(argv: Optional[List[str]] = None, out=None) -> int:
    from litige.tickets.store import TicketStoreUnavailable

    args = parser().parse_args(argv)
    try:
        return args.handler(args, out or sys.stdout)
    except TicketStoreUnavailable as error:
        sys.stderr.write(f"Base des tickets inaccessible : {error}\n")
        return 3
