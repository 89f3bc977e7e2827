"""The whole stack with its clock frozen at 23:30 UTC on 31 December 2026, which is already
00:30 on 1 January 2027 in Paris: the reference carries 2027, the promised dates skip New
Year's Day (a public holiday, and a Friday) and the weekend, and what the customer reads is
the Paris date. The demo order system is dated from that day too."""

import re

import pytest

from tests.e2e.conftest import Chat, running_stack, stack_config

pytestmark = pytest.mark.e2e


@pytest.fixture(scope="module")
def new_year(trained_model, tmp_path_factory):
    config = stack_config(
        trained_model,
        tmp_path_factory.mktemp("new-year"),
        {"APP_NOW": "2026-12-31T23:30:00+00:00"},  # no APP_TODAY: today is the Paris date of "now"
        web_port=None,
        console_port=None,
    )
    yield from running_stack(config)


def joined(messages):
    return "\n".join(m.get("text", "") for m in messages)


def test_a_complaint_at_half_past_midnight_on_new_years_day_is_dated_2027(new_year):
    chat = Chat(new_year)
    first = joined(
        chat.say(
            "Bonsoir, mes écouteurs (commande CMD-530771) ne sont jamais arrivés, le transporteur dit que le "
            "colis est perdu. Je veux qu'on me les renvoie."
        )
    )
    assert "e-mail" in first, first
    # the order system, dated from 1 January 2027: declared lost five days earlier, 27 December
    assert "perdu le dimanche 27 décembre 2026" in first, first
    recap = joined(chat.say("julien.roux@example.fr"))
    assert "Si je" in recap, recap
    proposal = joined(chat.say("oui, c'est exactement ça"))
    # two business days from Friday 1 January (a public holiday): Monday 4 and Tuesday 5
    assert "renvoyons votre commande" in proposal and "mardi 5 janvier" in proposal, proposal
    assert "2026" not in proposal.split("Voici")[-1]  # same year as today's: no year said
    closure = joined(chat.say("oui, ça me va"))
    reference = re.search(r"LIT-(\d{4})-\d{6}", closure)
    assert reference and reference.group(1) == "2027", closure
    assert "mardi 5 janvier" in closure
    assert re.search(r"le mercredi 6 janvier", closure), closure  # the follow-up: the next business day
    slots = chat.tracker()["slots"]
    assert slots["due_date"] == "2027-01-05" and slots["ticket_id"].startswith("LIT-2027-")
