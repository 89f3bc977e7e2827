"""How tools.stack starts the servers (make run, the end-to-end tests, the transcripts)."""

import argparse
from pathlib import Path

from tools.stack import StackConfig, build_services


def test_an_api_token_starting_with_a_dash_still_reaches_rasa_as_the_token():
    # secrets.token_urlsafe may start with "-": passed as two words, argparse would take it
    # for an option and `rasa run` would exit ("expected one argument")
    config = StackConfig(python="/venv/bin/python", rasa_token="-x9Fq_token", log_dir=Path("/tmp/logs"))
    [rasa] = [s for s in build_services(config) if s.name.startswith("rasa")]
    parser = argparse.ArgumentParser()
    parser.add_argument("--auth-token")
    known, _ = parser.parse_known_args(rasa.command[2:])
    assert known.auth_token == "-x9Fq_token"


def test_the_secrets_are_created_once_in_var_and_the_environment_wins(tmp_path):
    var = tmp_path / "var"
    first = StackConfig.from_env({"VAR_DIR": str(var), "RASA_API_TOKEN": "t"})
    again = StackConfig.from_env({"VAR_DIR": str(var), "RASA_API_TOKEN": "t"})
    assert (first.action_token, first.widget_secret) == (again.action_token, again.widget_secret)
    assert len({first.action_token, first.widget_secret}) == 2 and len(first.action_token) >= 32
    for name in ("action_server_token", "widget_session_secret"):
        assert (var / name).stat().st_mode & 0o777 == 0o600
    given = StackConfig.from_env(
        {
            "VAR_DIR": str(var),
            "RASA_API_TOKEN": "t",
            "ACTION_SERVER_TOKEN": "a" * 20,
            "WIDGET_SESSION_SECRET": "w" * 20,
        }
    )
    assert (given.action_token, given.widget_secret) == ("a" * 20, "w" * 20)
    # empty (the Makefile's default before the first `make run`): generated, never an open server
    empty = StackConfig.from_env({"VAR_DIR": str(var), "RASA_API_TOKEN": "t", "ACTION_SERVER_TOKEN": ""})
    assert empty.action_token == first.action_token


def test_every_service_gets_the_action_token_and_the_widget_secret():
    config = StackConfig(python="/venv/bin/python", log_dir=Path("/tmp/logs"), action_token="x" * 20)
    services = build_services(config)
    assert len(services) == 5
    for service in services:
        assert service.env["ACTION_SERVER_TOKEN"] == "x" * 20, service.name
        assert service.env["WIDGET_SESSION_SECRET"] == config.widget_secret, service.name
    assert StackConfig().action_token != StackConfig().action_token  # a fresh one per test stack


def test_rasa_gets_no_cors_option_the_widgets_socket_answers_the_allowed_origins_itself():
    # `rasa run --cors` would add its own Access-Control-Allow-Origin to the socket.io answers,
    # next to the channel's: two headers, refused by browsers (tests/e2e/test_cors.py)
    config = StackConfig(
        python="/venv/bin/python", log_dir=Path("/tmp/logs"), allowed_origins="https://b.example"
    )
    [rasa] = [s for s in build_services(config) if s.name.startswith("rasa")]
    assert "--cors" not in rasa.command
    assert rasa.env["WEB_ALLOWED_ORIGINS"] == "https://b.example"
