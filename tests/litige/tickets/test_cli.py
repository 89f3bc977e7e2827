"""The operators' command line, on a real store."""

import csv
import io
import json

import pytest

from litige.tickets.access import get_store
from litige.tickets.cli import main
from tests.litige.tickets.test_store import agreed, record


@pytest.fixture
def tickets(ticket_db):
    store = get_store()
    first = store.save_complaint(agreed())
    second = store.save_complaint(
        record(conversation_id="conv-2", category="billing", priority="high", status="pending_agent")
    )
    return first.reference, second.reference


def run(*argv):
    out = io.StringIO()
    code = main(list(argv), out=out)
    return code, out.getvalue()


def test_list_as_a_table_and_as_json(tickets):
    code, text = run("list")
    assert code == 0 and "référence" in text and tickets[0] in text and "2 ticket(s)" in text
    code, text = run("list", "--priority", "high", "--json")
    assert [row["reference"] for row in json.loads(text)] == [tickets[1]]
    assert run("list", "--category", "product")[1].startswith("Aucun ticket")


def test_show_a_ticket_with_history_and_follow_ups(tickets):
    code, text = run("show", tickets[0].lower())
    assert code == 0 and "Historique" in text and "reshipment" in text and "2026-11-24" in text
    data = json.loads(run("show", tickets[0], "--json")[1])
    assert data["reference"] == tickets[0] and data["history"][0]["actor"] == "bot"


def test_export_csv_and_json(tickets, tmp_path):
    code, text = run("export", "--format", "csv")
    rows = list(csv.DictReader(io.StringIO(text)))
    assert code == 0 and {r["reference"] for r in rows} == set(tickets)
    target = tmp_path / "export.json"
    assert run("export", "--format", "json", "--output", str(target))[0] == 0
    assert len(json.loads(target.read_text(encoding="utf-8"))) == 2


def test_follow_ups_due_and_overdue(tickets):
    assert "Aucune relance" in run("follow-ups", "--date", "2026-11-23")[1]
    code, text = run("follow-ups", "--date", "2026-11-26")
    assert code == 0 and tickets[0] in text and "en retard" in text
    assert json.loads(run("follow-ups", "--date", "2026-11-24", "--json")[1])[0]["overdue"] is False


def test_set_status_records_the_agent(tickets):
    code, text = run(
        "set-status", tickets[1], "in_progress", "--actor", "Marie Dubois", "--note", "je rappelle"
    )
    assert code == 0 and "Marie Dubois" in text
    assert get_store().get(tickets[1])["history"][-1]["actor"] == "Marie Dubois"


def test_errors_are_clear_and_in_french(tickets, capsys):
    assert run("show", "LIT-2026-999999")[0] == 1
    assert "Aucun ticket" in capsys.readouterr().err
    with pytest.raises(SystemExit):
        run("list", "--since", "22/11/2026")
    assert "AAAA-MM-JJ" in capsys.readouterr().err
    with pytest.raises(SystemExit):
        run("set-status", tickets[0], "resolved")  # --actor is required


def test_the_csv_export_runs_no_formula_when_opened(ticket_db):
    store = get_store()
    store.save_complaint(
        record(
            conversation_id="conv-formula",
            customer_name='=HYPERLINK("http://evil.example","cliquez")',
            description="+33 6 12 34 56 78, et -10 € de remise @tous",
            expected_outcome="un remboursement",  # an ordinary cell stays as it is
        )
    )
    [row] = list(csv.DictReader(io.StringIO(run("export", "--format", "csv")[1])))
    assert row["customer_name"] == '\'=HYPERLINK("http://evil.example","cliquez")'
    assert row["description"] == "'+33 6 12 34 56 78, et -10 € de remise @tous"
    assert row["expected_outcome"] == "un remboursement"
    exported = json.loads(run("export", "--format", "json")[1])[0]  # JSON is data, left intact
    assert exported["customer_name"].startswith("=HYPERLINK")


def test_dates_in_exports_are_paris_time(ticket_db, monkeypatch):
    from litige.config import get_settings

    monkeypatch.setenv("APP_NOW", "2026-12-31T23:30:00+00:00")  # 00:30 on 1 January in Paris
    get_settings.cache_clear()
    reference = get_store().save_complaint(record(conversation_id="conv-new-year")).reference
    [row] = json.loads(run("export", "--format", "json")[1])
    assert reference.startswith("LIT-2027-")
    assert row["created_at"] == "2027-01-01T00:30:00+01:00"
    assert run("list", "--since", "2027-01-01", "--json")[1].count(reference) == 1
    assert json.loads(run("list", "--until", "2026-12-31", "--json")[1]) == []


def test_dead_letters_are_listed_and_retried(ticket_db):
    from litige.tickets.access import get_spool

    spool = get_spool()
    spool.path.parent.mkdir(parents=True, exist_ok=True)
    spool.path.write_text("{ligne abîmée\n", encoding="utf-8")
    spool.append(record(conversation_id="conv-spooled"), "database is locked")
    code, text = run("replay-spool")
    assert code == 2 and "1 réclamation(s) enregistrée(s)" in text and "1 mise(s) de côté" in text
    code, text = run("dead-letters")
    assert code == 0 and "illisible" in text and "1 réclamation(s) mise(s) de côté" in text
    spool.set_aside(record(conversation_id="conv-fixed"), "colonne manquante")
    code, text = run("retry-dead-letters")
    assert code == 2 and "1 réclamation(s) enregistrée(s), 1 toujours refusée(s)" in text
    assert {r["conversation_id"] for r in get_store().list()} == {"conv-spooled", "conv-fixed"}
    assert [e["line"] for e in json.loads(run("dead-letters", "--json")[1])] == ["{ligne abîmée"]
