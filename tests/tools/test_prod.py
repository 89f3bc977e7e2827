"""tools.prod (make run-prod): each service's environment, the URLs printed, and the generated
nginx configuration run by the real nginx in front of two small HTTP servers."""

from __future__ import annotations

import http.client
import json
import re
import shutil
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Dict, Iterator, List, Tuple

import pytest

from tools.prod import ProdConfig, ProdError, banner, build_prod_services, nginx_config, write_nginx_config
from tools.stack import Stack, StackConfig, build_services, free_port

NGINX = shutil.which("nginx") or ("/usr/sbin/nginx" if Path("/usr/sbin/nginx").exists() else None)
requires_nginx = pytest.mark.skipif(NGINX is None, reason="nginx is not installed")


def prod_config(tmp_path: Path, **options) -> ProdConfig:
    values = dict(
        public_port=free_port(),
        api_port=free_port(),
        rasa_ports=(free_port(), free_port()),
        prod_dir=tmp_path / "prod",
        python="/venv/bin/python",
        rasa_token="jeton-de-test",
        database_url="postgresql://litige:secret@127.0.0.1:5432/litige",
    )
    values.update(options)
    return ProdConfig(**values)


def by_name(services) -> Dict[str, object]:
    return {service.name: service for service in services}


# ---- configuration and environment ---------------------------------------------------------


def test_from_env_reads_the_ports_and_the_database(tmp_path):
    env = {
        "PROD_PORT": "9000",
        "RASA_PORT": "6005",
        "RASA_PORT_B": "6007",
        "PROD_DATABASE_URL": "postgresql://a:b@127.0.0.1:5433/c",
        "PROD_DIR": str(tmp_path / "p"),
        "RASA_API_TOKEN": "t",
        "WEB_PORT": "0",
        "VAR_DIR": str(tmp_path / "var"),
    }
    config = ProdConfig.from_env(env)
    assert config.public_url == "http://127.0.0.1:9000"
    assert config.rasa_urls == ["http://127.0.0.1:6005", "http://127.0.0.1:6007"]
    assert config.database_url == "postgresql://a:b@127.0.0.1:5433/c"
    assert config.prod_dir == tmp_path / "p"
    assert config.web_port is None  # 0: the demo page is not started
    assert config.shared_redis_url == "redis://127.0.0.1:6380/0"
    # the action server's secret and the widgets' one: created once in VAR_DIR, then kept
    assert config.action_token == (tmp_path / "var" / "action_server_token").read_text().strip()
    assert config.widget_secret == (tmp_path / "var" / "widget_session_secret").read_text().strip()
    again = ProdConfig.from_env(env)
    assert (again.action_token, again.widget_secret) == (config.action_token, config.widget_secret)


def test_from_env_refuses_to_leave_out_a_rasa_instance():
    with pytest.raises(ProdError, match="ne peuvent pas valoir 0"):
        ProdConfig.from_env({"RASA_PORT_B": "0", "RASA_API_TOKEN": "t"})


@pytest.mark.parametrize("value", ["abc", "70000", "-1"])
def test_from_env_refuses_a_bad_port_in_french(value):
    with pytest.raises(ProdError, match="PROD_PORT doit être un numéro de port"):
        ProdConfig.from_env({"PROD_PORT": value, "RASA_API_TOKEN": "t"})


def test_both_rasa_instances_share_postgresql_and_redis_and_trust_nginx(tmp_path):
    config = prod_config(tmp_path)
    services = by_name(build_prod_services(config))
    first, second = services["rasa server 1"], services["rasa server 2"]
    for instance, port in ((first, config.rasa_ports[0]), (second, config.rasa_ports[1])):
        assert instance.env["TRACKER_STORE_URL"] == config.database_url
        assert instance.env["TICKET_DB_URL"] == config.database_url
        assert instance.env["REDIS_URL"] == config.shared_redis_url
        assert instance.env["SANIC_PROXIES_COUNT"] == "1"
        assert instance.command[instance.command.index("--port") + 1] == str(port)
        assert instance.health_url == f"http://127.0.0.1:{port}/webhooks/health/ready"
    # each its own name: one instance's restart must not forget the other's widgets
    assert first.env["RASA_INSTANCE"] != second.env["RASA_INSTANCE"]
    assert first.log_path != second.log_path


def test_the_other_services_reach_rasa_through_nginx_and_trust_no_proxy_header(tmp_path):
    config = prod_config(tmp_path)
    services = by_name(build_prod_services(config))
    for name in ("action server", "advisors' console", "follow-up scheduler"):
        assert services[name].env["RASA_URL"] == config.api_url
        assert "SANIC_PROXIES_COUNT" not in services[name].env, name  # reached directly: no proxy
    page = services["demo page"].command
    assert page[page.index("--socket-url") + 1] == config.public_url
    assert services["nginx"].health_url == f"{config.public_url}/webhooks/health/"


def test_every_service_gets_the_action_token_and_the_widget_secret(tmp_path):
    config = prod_config(
        tmp_path, action_token="jeton-actions-0123456789", widget_secret="secret-widget-0123"
    )
    services = build_prod_services(config)
    ours = [service for service in services if service.name not in ("redis", "nginx")]
    assert len(ours) == 6  # action server, two Rasa instances, demo page, console, scheduler
    for service in ours:
        assert service.env["ACTION_SERVER_TOKEN"] == "jeton-actions-0123456789", service.name
        assert service.env["WIDGET_SESSION_SECRET"] == "secret-widget-0123", service.name


def test_redis_runs_on_loopback_without_persistence_unless_one_is_given(tmp_path):
    config = prod_config(tmp_path, redis_port=6399)
    redis = by_name(build_prod_services(config))["redis"]
    command = redis.command
    assert command[command.index("--bind") + 1] == "127.0.0.1"
    assert command[command.index("--port") + 1] == "6399"
    assert command[command.index("--save") + 1] == ""
    assert command[command.index("--appendonly") + 1] == "no"
    given = prod_config(tmp_path, redis_url="redis://127.0.0.1:7000/0")
    services = by_name(build_prod_services(given))
    assert "redis" not in services
    assert services["rasa server 1"].env["REDIS_URL"] == "redis://127.0.0.1:7000/0"


def test_make_run_keeps_one_rasa_instance_without_proxy_settings():
    services = by_name(build_services(StackConfig(python="/venv/bin/python", log_dir=Path("/tmp/logs"))))
    rasa = services["rasa server"]
    assert [name for name in services if name.startswith("rasa")] == ["rasa server"]
    assert rasa.log_path.name == "rasa.log"
    assert "RASA_INSTANCE" not in rasa.env and "SANIC_PROXIES_COUNT" not in rasa.env
    page = services["demo page"].command
    assert page[page.index("--socket-url") + 1] == "http://127.0.0.1:5005"


def test_the_banner_lists_every_url_and_hides_the_database_password(tmp_path):
    config = prod_config(tmp_path)
    text = banner(config)
    for url in (
        config.public_url,
        f"{config.public_url}/webhooks/health/",
        config.api_url,
        *config.rasa_urls,
    ):
        assert url in text
    assert "http://127.0.0.1:5010" in text and "http://127.0.0.1:8080" in text  # console, demo page
    assert "secret" not in text
    assert "postgresql://litige:***@127.0.0.1:5432/litige" in text


# ---- the generated nginx configuration, run by nginx -------------------------------------


def test_the_nginx_configuration_is_complete_and_names_both_instances(tmp_path):
    config = prod_config(tmp_path)
    text = nginx_config(config)
    assert re.search(r"@[A-Z_]+@", text) is None  # every field filled in
    for port in config.rasa_ports:
        assert text.count(f"server 127.0.0.1:{port} max_fails=2 fail_timeout=10s;") == 2  # both upstreams
    assert f"listen 127.0.0.1:{config.public_port};" in text
    assert f"listen 127.0.0.1:{config.api_port};" in text
    assert "\nuser " not in text
    assert "user nobody nogroup;" in nginx_config(config, "nobody nogroup")


class Backend:
    """A small HTTP server standing in for one Rasa instance: it answers with its name, the
    path and the X-Forwarded-For header it received."""

    def __init__(self, name: str, port: int):
        backend = self

        class Handler(BaseHTTPRequestHandler):
            def _answer(self) -> None:
                length = int(self.headers.get("Content-Length") or 0)
                self.rfile.read(length)
                body = json.dumps(
                    {"backend": backend.name, "path": self.path, "xff": self.headers.get("X-Forwarded-For")}
                ).encode()
                self.send_response(200)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            do_GET = do_POST = _answer

            def log_message(self, *args) -> None:
                pass

        self.name = name
        self.server = ThreadingHTTPServer(("127.0.0.1", port), Handler)
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self.thread.start()

    def stop(self) -> None:
        self.server.shutdown()
        self.server.server_close()


@pytest.fixture
def proxied(tmp_path) -> Iterator[Tuple[ProdConfig, List[Backend]]]:
    if NGINX is None:
        pytest.skip("nginx is not installed")
    config = prod_config(tmp_path)
    backends = [Backend(name, port) for name, port in zip("AB", config.rasa_ports, strict=True)]
    write_nginx_config(config)
    [nginx] = [service for service in build_prod_services(config) if service.name == "nginx"]
    stack = Stack([nginx])
    stack.start()
    try:
        stack.wait_ready(timeout=20)
        yield config, backends
    finally:
        stack.stop()
        for backend in backends:
            try:
                backend.stop()
            except OSError:
                pass


def call(port: int, method: str, path: str, body: bytes = b"", headers=None, source: str = "127.0.0.1"):
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=10, source_address=(source, 0))
    try:
        connection.request(method, path, body=body or None, headers=headers or {})
        response = connection.getresponse()
        payload = response.read()
        return response.status, json.loads(payload) if payload else None
    finally:
        connection.close()


@requires_nginx
def test_webhooks_are_spread_over_both_instances_and_socketio_sticks_to_one(proxied):
    config, _ = proxied
    webhook = {
        call(config.public_port, "POST", "/webhooks/rest/webhook", b"{}")[1]["backend"] for _ in range(6)
    }
    assert webhook == {"A", "B"}
    sockets = {
        call(config.public_port, "GET", "/socket.io/?EIO=4&transport=polling")[1]["backend"] for _ in range(6)
    }
    assert len(sockets) == 1


@requires_nginx
def test_the_instances_see_the_clients_address_not_a_forged_one(proxied):
    config, _ = proxied
    status, answer = call(
        config.public_port,
        "POST",
        "/webhooks/rest/webhook",
        b"{}",
        {"X-Forwarded-For": "203.0.113.9"},
        "127.0.0.2",
    )
    assert status == 200
    assert answer["xff"] == "127.0.0.2"


@requires_nginx
def test_rasa_http_api_is_only_on_the_internal_port(proxied):
    config, _ = proxied
    for path in ("/conversations/x/tracker?token=t", "/status", "/model/parse?token=t"):
        status, answer = call(config.public_port, "GET", path)
        assert status == 404, path
        assert answer["erreur"] == "Cette adresse n’existe pas."
    status, answer = call(config.api_port, "GET", "/conversations/x/tracker?token=t")
    assert status == 200 and answer["path"] == "/conversations/x/tracker?token=t"


@requires_nginx
def test_a_dead_instance_is_skipped_and_no_instance_gets_a_french_503(proxied):
    config, (first, second) = proxied
    first.stop()
    answers = [call(config.public_port, "POST", "/webhooks/rest/webhook", b"{}") for _ in range(6)]
    assert all(status == 200 and answer["backend"] == "B" for status, answer in answers)
    sockets = [call(config.public_port, "GET", "/socket.io/?EIO=4")[1]["backend"] for _ in range(3)]
    assert sockets == ["B"] * 3
    second.stop()
    status, answer = call(config.public_port, "POST", "/webhooks/rest/webhook", b"{}")
    assert status == 503
    assert "momentanément indisponible" in answer["erreur"]


@requires_nginx
def test_a_body_over_one_megabyte_gets_a_french_413(proxied):
    config, _ = proxied
    status, answer = call(config.public_port, "POST", "/webhooks/rest/webhook", b"x" * 1_100_000)
    assert status == 413
    assert answer["erreur"] == "La requête est trop volumineuse."
