"""Whole conversations: every scenario of tests/scenarios played by a scripted customer through
the real servers (tools/scenarios). The results table is printed at the end of the run and
written to reports/scenarios.md."""

from __future__ import annotations

import pytest

from tools.scenarios.customer import play
from tools.scenarios.model import Catalogue, load

SCENARIOS = load()
RESULTS = []


@pytest.fixture(scope="session")
def catalogue() -> Catalogue:
    return Catalogue.read()


@pytest.mark.parametrize("scenario", SCENARIOS, ids=[s.id for s in SCENARIOS])
def test_scenario(scenario, servers, catalogue):
    result = play(scenario, catalogue, servers.rasa_url, servers.rasa_token)
    RESULTS.append(result)
    transcript = "\n".join(result.transcript)
    assert result.passed, "\n".join(result.problems) + "\n\n" + transcript
