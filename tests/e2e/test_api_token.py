"""Rasa's HTTP API is never open: without the token every API call gets a 401, the
customer's channels stay open, and the token never appears in the servers' logs."""

import pytest
import requests

API_CALLS = [
    ("GET", "/status"),
    ("GET", "/conversations/someone/tracker"),
    ("POST", "/conversations/someone/tracker/events"),
    ("POST", "/conversations/someone/execute"),
    ("POST", "/conversations/someone/trigger_intent"),
    ("POST", "/model/parse"),
    ("GET", "/domain"),
]


@pytest.mark.parametrize("method, path", API_CALLS)
def test_the_http_api_refuses_calls_without_the_token(servers, method, path):
    body = {"text": "bonjour", "name": "action_listen", "event": "pause"}
    refused = requests.request(method, f"{servers.rasa_url}{path}", json=body, timeout=30)
    assert refused.status_code == 401, (path, refused.status_code)
    wrong = requests.request(
        method, f"{servers.rasa_url}{path}", params={"token": "nope"}, json=body, timeout=30
    )
    assert wrong.status_code == 401


def test_the_token_opens_the_api(servers):
    status = requests.get(f"{servers.rasa_url}/status", params={"token": servers.rasa_token}, timeout=30)
    assert status.status_code == 200 and status.json()["model_file"]


def test_the_customer_channel_needs_no_token_and_no_log_shows_it(chat, servers):
    assert chat.texts("bonjour")
    for log in servers.log_dir.glob("*.log"):
        assert servers.rasa_token not in log.read_text(errors="replace"), log.name


def test_the_action_server_refuses_calls_without_the_shared_secret_while_the_bot_works(chat, servers):
    call = {"next_action": "action_start_complaint", "tracker": {"sender_id": "intrus", "events": []}}
    refused = requests.post(f"{servers.action_url}/webhook", json=call, timeout=30)
    wrong = requests.post(
        f"{servers.action_url}/webhook", json=call, headers={"Authorization": "Bearer devine"}, timeout=30
    )
    listing = requests.get(f"{servers.action_url}/actions", timeout=30)
    assert refused.status_code == 401 and refused.json() == {"error": "Jeton du serveur d'actions manquant."}
    assert wrong.status_code == 403 and listing.status_code == 401
    assert requests.get(f"{servers.action_url}/health", timeout=30).status_code == 200  # probes stay open
    # Rasa sends the secret (endpoints.yml): the complaint reaches a custom action that sets a slot
    assert chat.texts("Ma commande est en retard de deux semaines, c'est inadmissible !")
    events = chat.tracker()["events"]
    started = [
        i
        for i, e in enumerate(events)
        if e.get("event") == "action" and e.get("name") == "action_start_complaint"
    ]
    assert started, [e.get("name") for e in events if e.get("event") == "action"]
    assert events[started[0] + 1]["event"] == "slot", events[started[0] + 1]
    for log in servers.log_dir.glob("*.log"):
        assert servers.action_token not in log.read_text(errors="replace"), log.name
