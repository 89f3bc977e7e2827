"""The demo page's web server: only the listed files, local assets, a strict policy."""

from __future__ import annotations

import threading

import pytest
import requests

from tools import webserver


@pytest.fixture
def site():
    server = webserver.serve("127.0.0.1", 0, "http://127.0.0.1:5999")
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()
    server.server_close()


def test_the_shop_page_is_served_in_french_with_a_strict_policy(site):
    response = requests.get(site + "/", timeout=5)
    assert response.status_code == 200
    assert response.headers["Content-Type"].startswith("text/html")
    assert '<html lang="fr">' in response.text
    policy = response.headers["Content-Security-Policy"]
    assert "default-src 'self'" in policy
    assert "connect-src 'self' http://127.0.0.1:5999 ws://127.0.0.1:5999" in policy
    assert "googleapis" not in policy


def test_the_widget_is_told_where_the_rasa_server_is(site):
    response = requests.get(site + "/config.js", timeout=5)
    assert response.status_code == 200
    assert '"socketUrl": "http://127.0.0.1:5999"' in response.text


def test_the_widget_bundle_comes_from_the_npm_package_without_remote_fonts(site):
    response = requests.get(site + "/static/rasa-webchat.js", timeout=5)
    assert response.status_code == 200
    assert len(response.content) > 100_000
    assert b"fonts.googleapis.com" in webserver.WIDGET_BUNDLE.read_bytes()  # what the package ships
    assert b"fonts.googleapis.com" not in response.content  # what the page gets


def test_remote_imports_are_dropped_and_the_rest_is_kept():
    css = b'x.push([e.i,"@import url(https://fonts.googleapis.com/css?family=Inter:400&display=swap);",""]);a{b:c}'
    assert webserver.without_remote_imports(css) == b'x.push([e.i,"",""]);a{b:c}'


@pytest.mark.parametrize(
    "path", ["/../README.md", "/web/index.html", "/static/../../Makefile", "/node_modules/"]
)
def test_nothing_outside_the_listed_files_is_served(site, path):
    response = requests.get(site + path, timeout=5)
    assert response.status_code == 404
    assert response.text == "Page introuvable."


def test_a_missing_widget_gives_a_clear_french_message(site, monkeypatch, tmp_path):
    monkeypatch.setitem(
        webserver.ROUTES, "/static/rasa-webchat.js", (tmp_path / "absent.js", "text/javascript")
    )
    response = requests.get(site + "/static/rasa-webchat.js", timeout=5)
    assert response.status_code == 503
    assert "make install" in response.text


def test_the_health_check_answers(site):
    response = requests.get(site + "/healthz", timeout=5)
    assert (response.status_code, response.text) == (200, "ok")
