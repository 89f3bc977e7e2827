"""What `python -m litige.review report` and `purge` print: the dashboard's figures and a purge's
counts as French tables (pure formatting, no I/O)."""

from __future__ import annotations

from datetime import date
from typing import Any, Dict, List, Optional

from tabulate import tabulate

MEASURED = "conversations mesurées"
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
