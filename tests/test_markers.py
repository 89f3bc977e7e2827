"""markers.yml: valid against the domain, and `rasa evaluate markers` finds each KPI in the
conversations where it happened and nowhere else."""

from __future__ import annotations

import csv
import os
import subprocess
import sys
from collections import defaultdict
from pathlib import Path

import pytest

from tests.litige.review.tracker_events import Conversation, write_events

ROOT = Path(__file__).resolve().parent.parent
RASA = Path(sys.executable).parent / "rasa"
START = 1_796_000_000.0

MARKERS = (
    "handoff",
    "handoff_requested",
    "proposal_refused",
    "handoff_after_refusal",
    "early_proposal",
    "closure_reached",
    "consent_at_first_proposal",
    "rating_given",
    "generic_fallback",
    "follow_up_answered_no",
    "follow_up_solved",
)


def _questioned(sender: str, start: float) -> Conversation:
    """A complaint through the attention and questioning steps, up to the reformulation."""
    return (
        Conversation(sender, start)
        .user("Mon colis n'est jamais arrivé, ça fait trois semaines !", "complain_delivery", emotion="anger")
        .action("action_start_complaint")
        .slot("waltz_step", "attention")
        .action("utter_attention")
        .bot("Je comprends votre agacement, c'est très long.")
        .action("complaint_form")
        .slot("waltz_step", "questioning")
        .user("CMD-4471290", "inform", emotion="frustration")
        .action("complaint_form")
        .action("action_reformulate")
    )


def _proposal(conversation: Conversation) -> Conversation:
    return (
        conversation.action("action_propose_remedy")
        .slot("waltz_step", "resolution")
        .bot("Je vous propose un renvoi du colis en express. Cela vous convient-il ?")
    )


def _closure(conversation: Conversation, answer: str = "oui") -> Conversation:
    """The consent, read by action_negotiate: recap, reference, then the rating question."""
    return (
        conversation.user(answer, "affirm", emotion="satisfaction")
        .action("action_negotiate")
        .slot("waltz_step", "closure")
        .slot("ticket_id", "LIT-2026-000042")
        .slot("ticket_pending", False)
        .bot("C'est noté : votre dossier porte la référence LIT-2026-000042. Quelle note donneriez-vous ?")
    )


def _conversations():
    refused = _proposal(_questioned("refus-puis-conseiller", START))
    refused.user("non", "deny").action("action_negotiate").slot("refused_proposals", 1.0)
    _proposal(refused).user("non plus", "deny").action("action_negotiate").slot("refused_proposals", 2.0)
    refused.action("complaint_form").user("je veux mon argent", "request_refund").action("complaint_form")
    refused.action("action_reformulate").user("/affirm", "affirm")  # the reformulation, not a consent
    _proposal(refused).action("action_handoff", "EscalationPolicy").slot("waltz_step", "handoff")

    first = _proposal(_questioned("accord-du-premier-coup", START + 100))
    _closure(first).user('/rate{"csat": 5}', "rate").action("action_thank_rating")
    first.slot("csat", 5.0)

    second = _proposal(_questioned("accord-a-la-deuxieme", START + 200))
    second.user("non", "deny").action("action_negotiate").slot("refused_proposals", 1.0)
    second.action("complaint_form").user("je veux être remboursé", "request_refund").action("complaint_form")
    second.action("action_reformulate").user("/affirm", "affirm")  # the reformulation, not a consent
    _closure(_proposal(second), "d'accord")

    lost = Conversation("incompris-puis-conseiller", START + 300)
    lost.user("zrkx plomv trezq", "nlu_fallback", confidence=1.0).action("utter_default")
    lost.bot("Excusez-moi, je n'ai pas saisi.")
    lost.user("je veux parler à quelqu'un", "request_human").action("action_handoff", "EscalationPolicy")

    follow = _proposal(_questioned("relance-non", START + 400))
    _closure(follow)
    follow.session().action("action_follow_up").slot("follow_up_state", "asked").action("action_listen")
    follow.user("non, toujours rien", "deny", emotion="disappointment").action("action_follow_up_answer")
    follow.slot("follow_up_state", "offered_person")

    solved = _proposal(_questioned("relance-oui", START + 450))
    _closure(solved)
    solved.session().action("action_follow_up").slot("follow_up_state", "asked").action("action_listen")
    solved.user("oui c'est réglé, merci", "affirm", emotion="satisfaction").action("action_follow_up_answer")
    solved.user("non, rien d'autre", "deny").action("utter_goodbye")

    hasty = Conversation("proposition-precoce", START + 500)
    hasty.user("Ma facture est fausse", "complain_billing").action("action_start_complaint")
    _proposal(hasty)
    return [refused, first, second, lost, follow, solved, hasty]


EXPECTED = {
    "refus-puis-conseiller": {"handoff", "proposal_refused", "handoff_after_refusal"},
    "accord-du-premier-coup": {"closure_reached", "consent_at_first_proposal", "rating_given"},
    "accord-a-la-deuxieme": {"proposal_refused", "closure_reached"},
    "incompris-puis-conseiller": {"generic_fallback", "handoff", "handoff_requested"},
    "relance-non": {"closure_reached", "consent_at_first_proposal", "follow_up_answered_no"},
    "relance-oui": {"closure_reached", "consent_at_first_proposal", "follow_up_solved"},
    "proposition-precoce": {"early_proposal"},
}


def _rasa(*args: str, cwd: Path) -> subprocess.CompletedProcess:
    env = dict(os.environ, RASA_TELEMETRY_ENABLED="false", TF_CPP_MIN_LOG_LEVEL="2")
    return subprocess.run(
        [str(RASA), *args], cwd=cwd, env=env, capture_output=True, text=True, timeout=300, check=False
    )


@pytest.fixture(scope="module")
def applied(tmp_path_factory):
    """Which markers applied in which conversation, as `rasa evaluate markers` wrote them."""
    folder = tmp_path_factory.mktemp("markers")
    database = folder / "tracker.db"
    write_events(f"sqlite:///{database}", _conversations())
    endpoints = folder / "endpoints.yml"
    endpoints.write_text(
        f"tracker_store:\n  type: SQL\n  dialect: sqlite\n  db: {database}\n", encoding="utf-8"
    )
    output = folder / "markers.csv"
    result = _rasa(
        "evaluate",
        "markers",
        "all",
        "--config",
        str(ROOT / "markers.yml"),
        "--domain",
        str(ROOT / "domain.yml"),
        "--endpoints",
        str(endpoints),
        "--no-stats",
        str(output),
        cwd=folder,
    )
    assert result.returncode == 0, result.stdout[-2000:] + result.stderr[-2000:]
    found = defaultdict(set)
    with output.open(encoding="utf-8") as handle:
        for row in csv.DictReader(handle):
            found[row["sender_id"]].add(row["marker"])
    return found


def test_markers_are_valid_against_the_domain():
    from rasa.core.evaluation.marker_base import Marker
    from rasa.shared.core.domain import Domain

    markers = Marker.from_path(ROOT / "markers.yml")
    assert sorted(marker.name for marker in markers.sub_markers) == sorted(MARKERS)
    assert markers.validate_against_domain(Domain.load(str(ROOT / "domain.yml")))


def test_a_marker_naming_an_unknown_action_is_refused(tmp_path):
    from rasa.core.evaluation.marker_base import Marker
    from rasa.shared.core.domain import Domain

    wrong = tmp_path / "markers.yml"
    wrong.write_text("handoff:\n  action: action_hand_off\n", encoding="utf-8")
    assert not Marker.from_path(wrong).validate_against_domain(Domain.load(str(ROOT / "domain.yml")))


@pytest.mark.parametrize("sender", sorted(EXPECTED))
def test_each_conversation_has_exactly_its_markers(applied, sender):
    assert applied[sender] == EXPECTED[sender]
