"""python -m litige.review, run in-process (main(argv)) against temporary databases: three
conversations of a known week, the report's figures (tables and --json), the exports, the purge,
and bad input answered in French with exit code 2."""

from __future__ import annotations

import io
import json
from datetime import datetime, timezone

import pytest
import yaml

from litige.config import get_settings
from litige.review.cli import main
from litige.review.store import ReviewStore
from tests.litige.review.tracker_events import Conversation, senders, write_events

MONDAY = datetime(2026, 11, 23, 9, 0, tzinfo=timezone.utc)  # ISO week 2026-W48


def _resolved_first_time() -> Conversation:
    talk = Conversation("livraison-resolue", MONDAY.timestamp())
    talk.user("Mon colis n'est jamais arrivé !", "complain_delivery", emotion="anger", intensity=0.8)
    talk.slot("complaint_category", "delivery").action("action_start_complaint")
    talk.action("complaint_form").slot("waltz_step", "questioning")
    talk.action("action_propose_remedy").slot("current_remedy", "resend_express").slot(
        "waltz_step", "resolution"
    )
    talk.user("oui, parfait", "affirm", emotion="satisfaction", intensity=0.1).action("action_negotiate")
    talk.slot("waltz_step", "closure")
    return (
        talk.user("5", "rate", emotion="satisfaction", intensity=0.1)
        .action("action_thank_rating")
        .slot("csat", 5.0)
    )


def _handed_off() -> Conversation:
    talk = Conversation("livraison-conseiller", MONDAY.timestamp() + 3600)
    talk.user("Toujours pas de livraison", "complain_delivery", emotion="anger", intensity=0.7)
    talk.slot("complaint_category", "delivery").action("action_start_complaint")
    talk.user("Je veux parler à un conseiller", "request_human", emotion="anger", intensity=0.9)
    return talk.slot("handoff_reason", "request_human").action("action_handoff").slot("waltz_step", "handoff")


def _resolved_second_time() -> Conversation:
    talk = Conversation("facture-resolue", MONDAY.timestamp() + 7200)
    talk.user("Ma facture est fausse", "complain_billing", emotion="frustration", intensity=0.5)
    talk.slot("complaint_category", "billing").action("action_start_complaint")
    talk.action("complaint_form").slot("waltz_step", "questioning")
    talk.action("action_propose_remedy").slot("current_remedy", "credit_note").slot(
        "waltz_step", "resolution"
    )
    talk.user("non", "deny", emotion="frustration", intensity=0.5).action("action_negotiate")
    talk.slot("refused_proposals", 1)
    talk.action("action_propose_remedy").slot("current_remedy", "refund").slot("waltz_step", "resolution")
    talk.user("d'accord", "affirm", emotion="neutral", intensity=0.1).action("action_negotiate")
    return talk.slot("waltz_step", "closure")


@pytest.fixture
def databases(tmp_path, monkeypatch):
    tickets_url, tracker_url = f"sqlite:///{tmp_path / 'tickets.db'}", f"sqlite:///{tmp_path / 'tracker.db'}"
    write_events(tracker_url, [_resolved_first_time(), _handed_off(), _resolved_second_time()])
    monkeypatch.setenv("TICKET_DB_URL", tickets_url)
    monkeypatch.setenv("TRACKER_STORE_URL", tracker_url)
    monkeypatch.setenv("APP_NOW", "2026-12-08T10:00:00+01:00")
    get_settings.cache_clear()
    return tickets_url, tracker_url


def run(*argv):
    out = io.StringIO()
    code = main(list(argv), out=out)
    return code, out.getvalue()


def test_report_json_is_one_object_with_one_key_per_figure(databases, capsys):
    code, out = run("report", "--from", "2026-11-23", "--to", "2026-11-29", "--json")
    assert code == 0
    figures = json.loads(out)  # the whole output is one JSON object
    assert figures["conversations"] == 3
    assert figures["outcomes"]["resolved"] == 2 and figures["outcomes"]["handoff"] == 1
    assert figures["handoff_rate"] == pytest.approx(1 / 3, abs=1e-3)
    assert figures["handoff_reasons"] == {"request_human": 1}
    assert figures["consent_first_rate"] == 0.5  # first proposal accepted in one of the two
    assert figures["rating_average"] == 5 and figures["rating_distribution"]["5"] == 1
    assert figures["deescalation_rate"] == pytest.approx(2 / 3, abs=1e-3)
    assert figures["categories"] == {"delivery": 2, "billing": 1}
    assert list(figures["weekly_categories"]) == ["2026-W48"]
    for key in ("median_turns_to_resolution", "abandoned", "alerts"):
        assert key in figures


def test_report_prints_french_tables(databases):
    code, out = run("report", "--from", "2026-11-23", "--to", "2026-11-29")
    assert code == 0
    assert "Tableau de bord du 23/11/2026 au 29/11/2026" in out
    assert "Passage à un conseiller" in out and "33,3 %" in out
    assert "50,0 % (sur 2 conversations avec proposition)" in out
    assert "5 / 5 (1 note)" in out
    assert "demande d'un conseiller" in out
    assert "2026-W48" in out and "livraison" in out and "facturation" in out


def test_report_defaults_to_the_last_weeks_up_to_today(databases):
    code, out = run("report", "--weeks", "3", "--json")
    figures = json.loads(out)
    assert code == 0 and (figures["period_start"], figures["period_end"]) == ("2026-11-18", "2026-12-08")
    assert figures["conversations"] == 3


def test_sync_then_rebuild(databases):
    assert run("sync") == (0, "3 conversation(s) mise(s) à jour.\n")
    assert run("sync") == (0, "0 conversation(s) mise(s) à jour.\n")
    assert run("rebuild") == (0, "Résumés reconstruits : 3 conversation(s).\n")


def test_export_corrections_to_a_file(databases, tmp_path):
    store = ReviewStore(*databases, timeout=2)
    store.sync()
    store.correct("livraison-conseiller", 2, intent="request_human", emotion="frustration", who="Anne")
    store.close()
    target = tmp_path / "corrections.yml"
    assert run("export-corrections", "-o", str(target))[0] == 0
    data = yaml.safe_load(target.read_text(encoding="utf-8"))
    assert [item["intent"] for item in data["nlu"]] == ["request_human"]
    assert "Je veux parler à un conseiller" in target.read_text(encoding="utf-8")
    code, out = run("export-corrections", "--since", "2099-01-01")
    assert code == 0 and "Je veux parler" not in out


def test_export_story_for_tests_and_for_training(databases):
    code, story = run("export-story", "facture-resolue")
    assert code == 0
    steps = yaml.safe_load(story)["stories"][0]["steps"]
    assert {"intent": "complain_billing", "user": "Ma facture est fausse"} in steps
    assert {"action": "action_propose_remedy"} in steps
    code, training = run("export-story", "facture-resolue", "--training")
    assert code == 0 and "Ma facture est fausse" not in training and "complain_billing" in training


def test_purge_dry_run_then_one_conversation_then_the_retention(databases, monkeypatch):
    tracker_url = databases[1]
    code, out = run("purge", "--older-than-days", "3", "--dry-run")
    assert code == 0 and "Simulation" in out and "facture-resolue" in out
    assert len(senders(tracker_url)) == 3
    code, out = run("purge", "--conversation", "livraison-conseiller")
    assert code == 0 and set(senders(tracker_url)) == {"livraison-resolue", "facture-resolue"}
    monkeypatch.setenv("REVIEW_RETENTION_DAYS", "30")  # the default: nothing that old
    get_settings.cache_clear()
    assert run("purge")[0] == 0 and len(senders(tracker_url)) == 2
    monkeypatch.setenv("REVIEW_RETENTION_DAYS", "10")
    get_settings.cache_clear()
    code, out = run("purge")
    assert code == 0 and senders(tracker_url) == {}
    assert "Effacés" in out and "événements du tracker store" in out


@pytest.mark.parametrize(
    "argv, message",
    [
        (["report", "--from", "2026-13-01"], "--from attend une date AAAA-MM-JJ"),
        (["report", "--from", "2026-11-01", "--weeks", "2"], "pas les deux"),
        (["report", "--weeks", "0"], "--weeks attend un nombre entier"),
        (["report", "--from", "2026-12-01", "--to", "2026-11-01"], "La période est vide"),
        (["purge", "--customer", "a@b.fr", "--phone", "0612345678"], "ne va pas avec"),
        (["purge", "--customer", "a@b.fr", "--older-than-days", "3"], "ne va pas avec"),
        (["purge", "--phone", "12"], "Numéro de téléphone non reconnu"),
        (["purge", "--older-than-days", "trois"], "--older-than-days attend un nombre entier"),
        (["export-story"], "argument manquant"),
        (["export-story", "inconnue"], "Conversation inconnue"),
        (["export-corrections", "--since", "hier"], "--since attend une date"),
        (["frobnicate"], "commande inconnue"),
        ([], "argument manquant"),
    ],
)
def test_bad_input_gets_a_french_message_and_exit_code_2(databases, capsys, argv, message):
    code, out = run(*argv)
    error = capsys.readouterr().err
    assert code == 2 and out == ""
    assert error.startswith("Erreur : ") and message in error
    assert "Traceback" not in error
