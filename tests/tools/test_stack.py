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
