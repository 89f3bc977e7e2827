"""No customer data and no secret in the stack's logs nor in its error answers.

A complete complaint goes through the real servers with a distinctive e-mail, order number and
phone number; malformed requests carrying them are sent to the REST webhook and to the action
server (which answered them, before actions/server.py, with the whole request body); then every
log file of the stack is read: none of them, nor any error answer, may contain the customer's
data or Rasa's API token."""

from __future__ import annotations

import json

import requests

from tests.e2e.test_waltz import joined

EMAIL = "ysolde.quarantedeux@exemple-test.fr"
ORDER = "CMD-4242917"
PHONE = "06 42 91 77 03"
OPENING = f"Ma commande {ORDER} devait arriver et toujours rien, je suis furieux !"


def test_a_complaint_and_its_errors_leave_no_personal_data_in_the_logs(chat, servers):
    secrets = {
        "e-mail": EMAIL,
        "order": ORDER,
        "order digits": ORDER[4:],
        "phone": PHONE,
        "API token": servers.rasa_token,
    }
    answers = [joined(chat.say(OPENING))]
    for reply in (
        f"C'était pour l'anniversaire de ma fille, vous pouvez m'appeler au {PHONE}.",
        "Qu'elle arrive avant samedi, tout simplement",
        EMAIL,
        "oui",
        "oui, ça me convient",
        '/rate{"csat":"4"}',
    ):
        answers.append(joined(chat.say(reply)))
    slots = chat.tracker()["slots"]
    assert slots.get("customer_email") == EMAIL, answers  # the data did go through the bot

    # the REST webhook: a body that is not JSON, then one too big for SANIC_REQUEST_MAX_SIZE
    broken = requests.post(
        f"{servers.rasa_url}/webhooks/rest/webhook",
        data=f'{{"sender": "x", "message": "mon e-mail est {EMAIL}"',
        headers={"Content-Type": "application/json"},
        timeout=30,
    )
    huge = requests.post(
        f"{servers.rasa_url}/webhooks/rest/webhook",
        json={"sender": "x", "message": f"{EMAIL} " * 60_000},
        timeout=30,
    )
    # the action server: an action call whose tracker is malformed, then one an action cannot run
    call = {"next_action": "action_submit_complaint", "tracker": {"slots": {"customer_email": EMAIL}}}
    auth = {"Authorization": f"Bearer {servers.action_token}"}  # Rasa's shared secret
    malformed = requests.post(
        f"{servers.action_url}/webhook", data=json.dumps(call)[:-2], headers=auth, timeout=30
    )
    failing = requests.post(  # a real action, given a message whose text is not a text: it fails
        f"{servers.action_url}/webhook",
        headers=auth,
        json={
            "next_action": "action_start_complaint",
            "tracker": {
                "sender_id": chat.sender,
                "slots": {"customer_email": EMAIL, "order_id": ORDER},
                "latest_message": {"text": {"e-mail": EMAIL, "commande": ORDER, "téléphone": PHONE}},
                "events": [],
            },
            "domain": {},
        },
        timeout=30,
    )
    assert broken.status_code == 400 and "JSON" in broken.text
    assert huge.status_code == 413, huge.status_code  # SANIC_REQUEST_MAX_SIZE (tools/stack.py)
    assert malformed.status_code == 400 and "JSON valide" in malformed.json()["error"]
    assert failing.status_code == 500 and failing.json()["action_name"] == "action_start_complaint"
    for answer in (broken, huge, malformed, failing):
        for name, secret in secrets.items():
            assert secret not in answer.text, f"{name} echoed by {answer.url}: {answer.text[:300]}"

    logs = sorted(servers.log_dir.glob("*.log"))
    assert {path.name for path in logs} >= {"actions.log", "rasa.log", "console.log"}
    for path in logs:
        text = path.read_text(encoding="utf-8", errors="replace")
        for name, secret in secrets.items():
            assert secret not in text, f"the {name} is in {path.name}"
