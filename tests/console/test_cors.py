"""The console serves its own pages only: no CORS header for any site, not even a site allowed to
embed the widget (WEB_ALLOWED_ORIGINS), so no other page can read an advisor's data."""

from __future__ import annotations

import pytest

from tests.console.conftest import running_console, sign_in

WIDGET_SITE = "https://boutique.example"
ALLOW = "Access-Control-Allow-Origin"


@pytest.fixture(scope="module")
def console_with_widget_sites(fake_rasa, console_db, tmp_path_factory):
    log = tmp_path_factory.mktemp("console-cors") / "console.log"
    with running_console(fake_rasa, console_db, log, WEB_ALLOWED_ORIGINS=WIDGET_SITE) as url:
        yield type("Console", (), {"url": url, "log": log, "db": console_db})


@pytest.mark.parametrize("origin", [WIDGET_SITE, "https://pirate.example"])
def test_no_site_gets_an_allow_origin_header_from_the_console(console_with_widget_sites, origin):
    session, _csrf = sign_in(console_with_widget_sites)
    url = console_with_widget_sites.url
    page = session.get(f"{url}/connexion", headers={"Origin": origin}, timeout=10)
    api = session.get(f"{url}/api/queue", headers={"Origin": origin}, timeout=10)
    preflight = session.options(
        f"{url}/api/queue",
        headers={"Origin": origin, "Access-Control-Request-Method": "GET"},
        timeout=10,
    )
    assert page.status_code == 200 and api.status_code == 200  # served, but unreadable cross-site
    for answer in (page, api, preflight):
        assert ALLOW not in answer.headers, answer.url
        assert "Access-Control-Allow-Credentials" not in answer.headers
