"""console/app.py: failed sign-ins are limited per client address (CONSOLE_SIGNIN_RATE_LIMIT);
past the limit the sign-in page answers 429 in French, even to the right password, until the
address has waited. A console of its own (the shared one keeps the default limit)."""

from __future__ import annotations

import re

import pytest
import requests

from console.security import SESSION_COOKIE
from tests.console.conftest import PASSWORD, running_console


@pytest.fixture(scope="module")
def strict_console(fake_rasa, console_db, tmp_path_factory):
    log = tmp_path_factory.mktemp("strict-console") / "console.log"
    with running_console(fake_rasa, console_db, log, CONSOLE_SIGNIN_RATE_LIMIT="3/60") as url:
        yield url


def attempt(url: str, login: str, password: str) -> requests.Response:
    browser = requests.Session()
    form = browser.get(f"{url}/connexion", timeout=5)
    csrf = re.search(r'name="csrf" value="([^"]+)"', form.text).group(1)
    return browser.post(
        f"{url}/connexion",
        data={"login": login, "password": password, "csrf": csrf},
        allow_redirects=False,
        timeout=10,
    )


def test_past_the_failed_sign_ins_allowed_an_address_gets_a_french_429(strict_console):
    assert attempt(strict_console, "julie", PASSWORD).status_code == 303  # a success costs nothing
    failures = [attempt(strict_console, f"inconnu{index}", "mauvais").status_code for index in range(3)]
    assert failures == [401, 401, 401]
    refused = attempt(strict_console, "marc", PASSWORD)  # even the right password now waits
    assert refused.status_code == 429
    assert "Trop de tentatives de connexion" in refused.text
    assert 1 <= int(refused.headers["Retry-After"]) <= 20
    assert SESSION_COOKIE not in refused.cookies
