"""Bad input on every door of the running stack: the REST webhook, the widget's socket.io
events, the action server and the follow-up trigger (Rasa's ``/execute``, which the scheduler
calls); the advisors' console and the customers' follow-up page in test_bad_input_console.py.

Each case gets a clean 4xx, a redirect to the sign-in page, or a polite French answer; never
a 5xx. After each case every server still answers its health check and a normal message is
still answered in French."""

from __future__ import annotations

import json
import queue
import re
import uuid
from typing import Any, Dict, List, Optional

import pytest
import requests
import socketio

from tests.e2e.test_rest_channel import looks_french

pytestmark = pytest.mark.e2e

MEGABYTE_TEXT = "a" * 1_000_000
CONTROL = "\x00\x01\x07\x1b[31m\u202e\ufeff\u200b\r\x7f"
TRAVERSAL = "../../etc/passwd"
SQL = "1' OR '1'='1"
NOT_UTF8 = b'{"sender": "caf\xe9-\xff", "message": "\xfe\xfd bonjour"}'


def dumps(value: Any) -> bytes:
    return json.dumps(value).encode("utf-8")


def body_of(response: requests.Response) -> str:
    return response.text[:300]


def replies_of(response: requests.Response) -> List[str]:
    try:
        messages = response.json()
    except ValueError:
        return []
    if not isinstance(messages, list):
        return []
    return [m.get("text") or "" for m in messages if isinstance(m, dict)]


def assert_refused_or_answered_in_french(response: requests.Response) -> None:
    """A clean 4xx, or a 200 whose messages read as French."""
    assert response.status_code < 500, (response.status_code, body_of(response))
    if response.status_code >= 400:
        return
    assert response.status_code == 200, (response.status_code, body_of(response))
    texts = replies_of(response)
    assert texts and looks_french(" ".join(texts)), texts


def assert_no_server_error(response: requests.Response) -> None:
    """A page, a redirect or a clean 4xx: never a 5xx."""
    assert response.status_code < 500, (response.status_code, body_of(response))


def say(servers, text: str, sender: Optional[str] = None) -> requests.Response:
    return requests.post(
        f"{servers.rasa_url}/webhooks/rest/webhook",
        json={"sender": sender or f"bad-{uuid.uuid4().hex[:12]}", "message": text},
        timeout=120,
    )


def action_headers(servers) -> Dict[str, str]:
    """The shared secret, when the stack has one (the action server then asks for it)."""
    token = getattr(servers, "action_token", None)
    return {"Authorization": f"Bearer {token}"} if token else {}


def assert_every_server_is_healthy(servers) -> None:
    checks = {
        "rasa": (f"{servers.rasa_url}/webhooks/health/", {}),
        "rasa status": (f"{servers.rasa_url}/status", {"token": servers.rasa_token}),
        "action server": (f"{servers.action_url}/health", {}),
        "console": (f"{servers.console_url}/connexion", {}),
    }
    for name, (url, params) in checks.items():
        answer = requests.get(url, params=params, timeout=30)
        assert answer.status_code == 200, (name, answer.status_code, body_of(answer))


@pytest.fixture(autouse=True)
def still_healthy(servers):
    """After each case, every server answers its health check and the bot still talks."""
    yield
    assert_every_server_is_healthy(servers)
    normal = say(servers, "Bonjour, ma commande CMD-482913 n'est toujours pas arrivée.")
    assert normal.status_code == 200, body_of(normal)
    assert looks_french(" ".join(replies_of(normal))), replies_of(normal)


# ---------------------------------------------------------------------- the REST webhook
WEBHOOK_BODIES = {
    "invalid-json": b'{"sender": "x", "message": ',
    "json-array": dumps(["sender", "message"]),
    "json-string": dumps("bonjour"),
    "empty-body": b"",
    "missing-sender": dumps({"message": "bonjour"}),
    "missing-message": dumps({"sender": "bad-missing-message"}),
    "message-not-text": dumps({"sender": "bad-int", "message": 42}),
    "message-null": dumps({"sender": "bad-null", "message": None}),
    "sender-not-text": dumps({"sender": ["a"], "message": "bonjour"}),
    "empty-text": dumps({"sender": "bad-empty", "message": ""}),
    "megabyte-text": dumps({"sender": "bad-mb", "message": MEGABYTE_TEXT}),
    "not-utf8": NOT_UTF8,
    "huge-metadata": dumps({"sender": "bad-meta", "message": "bonjour", "metadata": {"k": "v" * 900_000}}),
    "deep-metadata": b'{"sender": "bad-deep", "message": "bonjour", "metadata": '
    + b'{"a": ' * 5000
    + b"1"
    + b"}" * 5000
    + b"}",
    "metadata-not-object": dumps({"sender": "bad-meta-list", "message": "bonjour", "metadata": [1, 2]}),
    "control-characters": dumps({"sender": "bad-ctrl", "message": CONTROL + "bonjour" + CONTROL}),
    "sender-path-traversal": dumps({"sender": TRAVERSAL, "message": "bonjour"}),
    "sender-sql": dumps({"sender": SQL, "message": "bonjour"}),
    "sender-control-characters": dumps({"sender": "a\x00b\nc", "message": "bonjour"}),
}


@pytest.mark.parametrize("body", WEBHOOK_BODIES.values(), ids=WEBHOOK_BODIES.keys())
def test_the_webhook_refuses_or_answers_bad_bodies_in_french(servers, body):
    response = requests.post(
        f"{servers.rasa_url}/webhooks/rest/webhook",
        data=body,
        headers={"Content-Type": "application/json"},
        timeout=120,
    )
    assert_refused_or_answered_in_french(response)


FORGED_PAYLOADS = [
    '/inform{"email": 42}',
    '/inform{"montant": [1,2]}',
    '/inform{"order_id": {"a": 1}}',
    '/inform{"customer_email": ["a"], "order_id": true}',
    '/inform{"complaint_category": {"a": 1}, "order_id": 7}',
    "/inform{broken",
    '/inform{"order_id": "' + SQL + '"}',
    "/nlu_fallback",
    '/intent_that_does_not_exist{"x": 1}',
    "/EXTERNAL_follow_up",
]


@pytest.mark.parametrize("payload", FORGED_PAYLOADS)
def test_a_forged_intent_payload_mid_complaint_gets_french_and_the_complaint_goes_on(servers, payload):
    sender = f"bad-forged-{uuid.uuid4().hex[:10]}"
    opening = say(servers, "Bonjour, la lampe de la commande CMD-733810 est arrivée cassée.", sender)
    assert opening.status_code == 200, body_of(opening)
    assert_refused_or_answered_in_french(say(servers, payload, sender))
    # the wrong-typed values it may have slipped into the conversation break nothing after it
    for text in ("CMD-733810", "zoe.martin@example.org", "oui"):
        assert_refused_or_answered_in_french(say(servers, text, sender))


def tracker(servers, sender: str) -> Dict[str, Any]:
    answer = requests.get(
        f"{servers.rasa_url}/conversations/{sender}/tracker",
        params={"token": servers.rasa_token},
        timeout=30,
    )
    assert answer.status_code == 200, body_of(answer)
    return answer.json()


@pytest.mark.parametrize(
    "payload",
    ["/restart", "/session_start"],
)
def test_a_reserved_intent_typed_by_a_customer_never_wipes_the_conversation_silently(servers, payload):
    sender = f"bad-reserved-{uuid.uuid4().hex[:10]}"
    say(servers, "Bonjour, la lampe de la commande CMD-733810 est arrivée cassée.", sender)
    before = [e for e in tracker(servers, sender)["events"] if e["event"] == "user"]
    assert before, "the opening message is not in the tracker"
    response = say(servers, payload, sender)
    assert_refused_or_answered_in_french(response)  # an empty answer is silence
    after = [e for e in tracker(servers, sender)["events"] if e["event"] == "user"]
    wiped = len(after) < len(before)
    # a reset is the product's "on repart de zéro" (utter_restarted): it must be said
    assert not wiped or "zéro" in " ".join(replies_of(response)) or "effacé" in " ".join(replies_of(response))


# ---------------------------------------------------------------------- the widget's socket.io
class SocketWidget:
    """rasa-webchat's protocol over python-socketio's client: ``session_request``, the id the
    server confirms (the same id, or a server-issued signed one: both are taken as they come),
    ``user_uttered`` with that id, ``bot_uttered`` back."""

    def __init__(self, url: str):
        self.confirmed: queue.Queue = queue.Queue()
        self.received: queue.Queue = queue.Queue()
        self.sio = socketio.Client(reconnection=False)
        self.sio.on("session_confirm", self.confirmed.put)
        self.sio.on("bot_uttered", self.received.put)
        self.sio.connect(url, transports=["polling"], socketio_path="/socket.io", wait_timeout=20)

    def open_session(self) -> str:
        """A normal session request; the id to send with the messages."""
        self.sio.emit("session_request", {"session_id": None})
        confirmed = self.confirmed.get(timeout=20)
        if isinstance(confirmed, dict):
            confirmed = confirmed.get("session_id")
        assert isinstance(confirmed, str) and confirmed, confirmed
        return confirmed

    def texts(self, first_timeout: float = 60, quiet: float = 1.5) -> List[str]:
        """What the bot pushes, until it has been quiet for ``quiet`` seconds."""
        messages = [self.received.get(timeout=first_timeout)]
        while True:
            try:
                messages.append(self.received.get(timeout=quiet))
            except queue.Empty:
                return [m.get("text") or "" if isinstance(m, dict) else str(m) for m in messages]

    def say(self, session_id: str, text: str) -> List[str]:
        self.sio.emit("user_uttered", {"message": text, "session_id": session_id})
        return self.texts()

    def close(self) -> None:
        self.sio.disconnect()


@pytest.fixture
def widget(servers):
    widget = SocketWidget(servers.rasa_url)
    yield widget
    widget.close()


SESSION_REQUESTS = {
    "not-an-object": "bonjour",
    "a-number": 42,
    "a-list": [1, 2],
    "nothing": None,
    "id-a-number": {"session_id": 42},
    "id-an-object": {"session_id": {"a": 1}},
    "id-megabyte": {"session_id": MEGABYTE_TEXT[:900_000]},
    "id-control-characters": {"session_id": CONTROL},
    "id-path-traversal": {"session_id": TRAVERSAL},
    "id-sql": {"session_id": SQL},
}


@pytest.mark.parametrize("payload", SESSION_REQUESTS.values(), ids=SESSION_REQUESTS.keys())
def test_a_malformed_session_request_breaks_nothing_and_a_normal_session_works(widget, payload):
    widget.sio.emit("session_request", payload)
    session_id = widget.open_session()  # after the bad request, on the same socket
    replies = widget.say(session_id, "Bonjour, mon colis n'est jamais arrivé.")
    assert looks_french(" ".join(replies)), replies


USER_MESSAGES = {
    "not-an-object": "bonjour",
    "a-list": ["bonjour"],
    "message-a-number": {"message": 42},
    "message-an-object": {"message": {"text": "bonjour"}},
    "megabyte-text": {"message": MEGABYTE_TEXT[:900_000]},
    "control-characters": {"message": CONTROL + "bonjour" + CONTROL},
    "metadata-a-list": {"message": "bonjour", "customData": [1, 2]},
    "metadata-not-json": {"message": "bonjour", "customData": "{pas du json"},
    "huge-metadata": {"message": "bonjour", "customData": {"k": "v" * 500_000}},
    "session-id-a-number": {"message": "bonjour", "session_id": 42},
    "session-id-forged": {"message": "bonjour", "session_id": TRAVERSAL},
    "forged-intent": {"message": '/inform{"email": 42, "order_id": [1]}'},
}


@pytest.mark.parametrize("payload", USER_MESSAGES.values(), ids=USER_MESSAGES.keys())
def test_a_malformed_message_gets_french_or_nothing_and_the_session_goes_on(widget, payload):
    session_id = widget.open_session()
    if isinstance(payload, dict) and "session_id" not in payload:
        payload = {**payload, "session_id": session_id}
    widget.sio.emit("user_uttered", payload)
    widget.sio.emit(
        "user_uttered", {"message": "Bonjour, mon colis n'est jamais arrivé.", "session_id": session_id}
    )
    replies = widget.texts()  # the answer to the bad message (if any) and to the normal one
    assert looks_french(" ".join(replies)), replies
    for reply in replies:
        assert re.search(r"[a-zA-Zéèàù]{3,}", reply), replies  # no empty or garbled bubble


# ---------------------------------------------------------------------- the action server
ACTION_BODIES = {
    "invalid-json": b'{"next_action": ',
    "json-array": dumps(["action_follow_up"]),
    "empty-body": b"",
    "not-utf8": b"\xff\xfe\xfd",
    "missing-fields": dumps({}),
    "name-not-text": dumps({"next_action": 42, "tracker": {"sender_id": "x"}}),
    "tracker-not-object": dumps({"next_action": "action_follow_up", "tracker": [1]}),
    "unknown-action-traversal": dumps({"next_action": TRAVERSAL, "tracker": {"sender_id": "x"}}),
    "unknown-action-sql": dumps({"next_action": SQL, "tracker": {"sender_id": SQL}}),
    "control-characters": dumps({"next_action": CONTROL, "tracker": {"sender_id": CONTROL}}),
    "megabyte-sender": dumps({"next_action": "x", "tracker": {"sender_id": MEGABYTE_TEXT}}),
}


@pytest.mark.parametrize("body", ACTION_BODIES.values(), ids=ACTION_BODIES.keys())
def test_the_action_server_refuses_bad_calls_with_a_4xx(servers, body):
    response = requests.post(
        f"{servers.action_url}/webhook",
        data=body,
        headers={"Content-Type": "application/json", **action_headers(servers)},
        timeout=60,
    )
    assert 400 <= response.status_code < 500, (response.status_code, body_of(response))


def test_an_action_call_with_slots_of_the_wrong_type_runs_as_if_they_were_unset(servers):
    # what a typed payload such as /inform{"complaint_category": 42} leaves in the tracker
    call = {
        "next_action": "action_start_complaint",
        "tracker": {
            "sender_id": f"bad-slots-{uuid.uuid4().hex[:10]}",
            "slots": {"complaint_category": 42, "order_id": ["CMD-1"], "csat": "cinq"},
            "latest_message": {"text": "Mon colis est en retard.", "intent": {"name": "complain_delivery"}},
            "events": [],
        },
        "domain": {},
    }
    response = requests.post(
        f"{servers.action_url}/webhook",
        data=dumps(call),
        headers={"Content-Type": "application/json", **action_headers(servers)},
        timeout=60,
    )
    assert response.status_code == 200, (response.status_code, body_of(response))
    assert "events" in response.json()


@pytest.mark.parametrize(
    "path", ["/../../etc/passwd", "/%2e%2e%2f%2e%2e%2fetc%2fpasswd", "/webhook/..%2f..%2f"]
)
def test_the_action_server_serves_no_file_outside_its_routes(servers, path):
    response = requests.get(f"{servers.action_url}{path}", headers=action_headers(servers), timeout=30)
    assert 400 <= response.status_code < 500, (response.status_code, body_of(response))
    assert "root:" not in response.text


# ---------------------------------------------------------------------- the follow-up trigger
@pytest.fixture(scope="module")
def known_conversation(servers) -> str:
    sender = f"bad-trigger-{uuid.uuid4().hex[:10]}"
    assert say(servers, "Bonjour", sender).status_code == 200
    return sender


TRIGGER_BODIES = {
    "invalid-json": b'{"name": ',
    "json-array": dumps(["action_follow_up"]),
    "not-utf8": b"\xff\xfe\xfd",
    "missing-name": dumps({}),
    "name-not-text": dumps({"name": 42}),
    "unknown-action": dumps({"name": "action_that_does_not_exist"}),
    "name-path-traversal": dumps({"name": TRAVERSAL}),
}


@pytest.mark.parametrize("body", TRIGGER_BODIES.values(), ids=TRIGGER_BODIES.keys())
def test_the_follow_up_trigger_refuses_bad_calls_with_a_4xx(servers, known_conversation, body):
    response = requests.post(
        f"{servers.rasa_url}/conversations/{known_conversation}/execute",
        params={"token": servers.rasa_token, "output_channel": "latest"},
        data=body,
        headers={"Content-Type": "application/json"},
        timeout=60,
    )
    assert 400 <= response.status_code < 500, (response.status_code, body_of(response))


@pytest.mark.parametrize("conversation", [TRAVERSAL, "%2e%2e%2f%2e%2e%2fetc%2fpasswd", SQL, CONTROL])
@pytest.mark.parametrize("token", [True, False], ids=["with-token", "without-token"])
def test_the_follow_up_trigger_refuses_odd_conversation_ids(servers, conversation, token):
    response = requests.post(
        f"{servers.rasa_url}/conversations/{requests.utils.quote(conversation, safe='%')}/execute",
        params={"token": servers.rasa_token} if token else {},
        json={"name": "action_follow_up"},
        timeout=60,
    )
    assert 400 <= response.status_code < 500, (response.status_code, body_of(response))
