"""The client of Rasa's HTTP API: the token travels with every call and never shows in errors."""

import asyncio

import pytest

from litige.rasa_api import AsyncRasaApi, RasaApi, RasaUnavailable
from tests.scheduler.test_follow_ups import FakeRasa


@pytest.fixture
def rasa():
    server = FakeRasa()
    yield server
    server.close()


def test_execute_calls_rasas_execute_endpoint_with_the_token(rasa):
    RasaApi(rasa.url, token="s3cret").execute("conv 1/é", "action_follow_up")
    [(method, path, body)] = rasa.requests
    assert method == "POST"
    assert path.startswith("/conversations/conv%201%2F%C3%A9/execute?")
    assert "output_channel=latest" in path and "token=s3cret" in path
    assert body == {"name": "action_follow_up"}


def test_a_connection_failure_never_quotes_the_token():
    with pytest.raises(RasaUnavailable) as raised:
        RasaApi("http://127.0.0.1:1", token="tok-very-secret", timeout=1).execute("c", "a")
    assert "tok-very-secret" not in str(raised.value)
    assert "***" in str(raised.value)  # the URL is quoted, redacted


def test_a_refusal_reports_the_status_without_the_token():
    server = FakeRasa(status=401)
    try:
        with pytest.raises(RasaUnavailable) as raised:
            RasaApi(server.url, token="tok-2").execute("c", "a")
    finally:
        server.close()
    assert "HTTP 401" in str(raised.value) and "tok-2" not in str(raised.value)


def test_the_async_client_appends_events_and_asks_for_them_to_be_pushed(rasa):
    async def scenario():
        api = AsyncRasaApi(rasa.url, token="s3cret")
        try:
            await api.append("c-1", [{"event": "pause"}])
            await api.execute("c-1", "action_advisor_closed")
        finally:
            await api.close()

    asyncio.run(scenario())
    (_, append_path, append_body), (_, execute_path, execute_body) = rasa.requests
    assert append_path.startswith("/conversations/c-1/tracker/events?")
    assert "execute_side_effects=true" in append_path and "output_channel=latest" in append_path
    assert "token=s3cret" in append_path
    assert append_body == [{"event": "pause"}]
    assert execute_path.startswith("/conversations/c-1/execute?") and execute_body == {
        "name": "action_advisor_closed"
    }


def test_the_async_client_reports_an_absent_server_without_the_token():
    async def scenario():
        api = AsyncRasaApi("http://127.0.0.1:1", token="tok-3", timeout=2)
        try:
            await api.tracker("c")
        finally:
            await api.close()

    with pytest.raises(RasaUnavailable) as raised:
        asyncio.run(scenario())
    assert "tok-3" not in str(raised.value)
