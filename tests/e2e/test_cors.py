"""CORS: only the configured origins (WEB_ALLOWED_ORIGINS, else the demo page's) may talk to the
widget's socket; Rasa's REST webhook and HTTP API, and the action server, answer no web page at
all (nothing in a browser calls them). Real requests carrying an ``Origin`` header, as a browser
sends them, to the servers `make run` starts."""

from __future__ import annotations

import pytest
import requests

FOREIGN = "https://pirate.example"
ALLOW = "Access-Control-Allow-Origin"


@pytest.fixture
def demo_origin(servers) -> str:
    return f"http://127.0.0.1:{servers.web_port}"


def test_the_widgets_socket_answers_the_demo_page_with_one_header_and_no_other_site(servers, demo_origin):
    # two Access-Control-Allow-Origin headers (`rasa run --cors` adds its own) are refused by browsers
    url = f"{servers.rasa_url}/socket.io/?EIO=4&transport=polling"
    allowed = requests.get(url, headers={"Origin": demo_origin}, timeout=30)
    foreign = requests.get(url, headers={"Origin": FOREIGN}, timeout=30)
    assert allowed.status_code == 200
    assert allowed.raw.headers.getlist(ALLOW) == [demo_origin]
    assert foreign.status_code == 400 and ALLOW not in foreign.headers


@pytest.mark.parametrize("origin", ["demo", FOREIGN])
def test_the_rest_webhook_answers_but_no_page_may_read_it(servers, demo_origin, origin):
    origin = demo_origin if origin == "demo" else origin
    url = f"{servers.rasa_url}/webhooks/rest/webhook"
    answer = requests.post(
        url, json={"sender": "cors-test", "message": "bonjour"}, headers={"Origin": origin}, timeout=60
    )
    preflight = requests.options(
        url, headers={"Origin": origin, "Access-Control-Request-Method": "POST"}, timeout=30
    )
    assert answer.status_code == 200 and answer.json()
    assert ALLOW not in answer.headers and ALLOW not in preflight.headers


def test_the_action_server_and_rasas_api_answer_no_page(servers, demo_origin):
    health = requests.get(f"{servers.action_url}/health", headers={"Origin": demo_origin}, timeout=30)
    assert health.status_code == 200 and ALLOW not in health.headers
    status = requests.get(
        f"{servers.rasa_url}/status",
        params={"token": servers.rasa_token},
        headers={"Origin": demo_origin},
        timeout=30,
    )
    assert status.status_code == 200 and ALLOW not in status.headers
