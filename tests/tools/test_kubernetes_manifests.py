"""deploy/kubernetes/: every YAML parses, and the properties the guide promises hold (secrets
only through secretKeyRef, Rasa ready on /status with its token, resources everywhere and
covering the measured figures, the action server reachable from the Rasa pods only, pinned
images, Rasa's HTTP API not routed from outside). The readiness probe's script is run
against a real HTTP server."""

from __future__ import annotations

import os
import re
import subprocess
import sys
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any, Dict, Iterator, List, Tuple
from urllib.parse import parse_qs, urlsplit

import pytest
import yaml

from tools.stack import ROOT, free_port

K8S = ROOT / "deploy" / "kubernetes"
GUIDE = ROOT / "docs" / "deploy" / "kubernetes.md"
WORKLOADS = {"Deployment", "StatefulSet", "CronJob", "Job", "DaemonSet"}
SECRET_NAMES = {
    "TRACKER_STORE_URL",
    "TICKET_DB_URL",
    "REDIS_URL",
    "SOCKETIO_REDIS_URL",
    "MAIL_URL",
    "EVENT_BROKER_URL",
}
SECRET_WORDS = ("TOKEN", "SECRET", "PASSWORD")
CREDENTIALS_IN_URL = re.compile(r"://[^/\s@]+@")


def _documents() -> List[Tuple[Path, Dict[str, Any]]]:
    found = []
    for path in sorted(K8S.rglob("*.yaml")):
        for document in yaml.safe_load_all(path.read_text(encoding="utf-8")):
            if document is not None:
                found.append((path, document))
    return found


DOCUMENTS = _documents()
OBJECTS = [(path, doc) for path, doc in DOCUMENTS if "kind" in doc and "apiVersion" in doc]


def _objects(kind: str) -> List[Dict[str, Any]]:
    return [doc for _, doc in OBJECTS if doc["kind"] == kind]


def _named(kind: str, name: str) -> Dict[str, Any]:
    (found,) = [doc for doc in _objects(kind) if doc["metadata"]["name"] == name]
    return found


def _pod_template(workload: Dict[str, Any]) -> Dict[str, Any]:
    spec = workload["spec"]
    if workload["kind"] == "CronJob":
        spec = spec["jobTemplate"]["spec"]
    return spec["template"]


def _workloads() -> List[Dict[str, Any]]:
    return [doc for _, doc in OBJECTS if doc["kind"] in WORKLOADS]


def _containers() -> Iterator[Tuple[str, Dict[str, Any]]]:
    for workload in _workloads():
        spec = _pod_template(workload)["spec"]
        for container in spec.get("initContainers", []) + spec["containers"]:
            yield f"{workload['metadata']['name']}/{container['name']}", container


def _container(workload_kind: str, workload: str, name: str) -> Dict[str, Any]:
    spec = _pod_template(_named(workload_kind, workload))["spec"]
    (found,) = [c for c in spec["containers"] if c["name"] == name]
    return found


def _selects(selector: Dict[str, Any], labels: Dict[str, str]) -> bool:
    assert set(selector) <= {"matchLabels"}, "only matchLabels selectors are checked here"
    return all(labels.get(key) == value for key, value in selector.get("matchLabels", {}).items())


def _pod_labels(kind: str, name: str) -> Dict[str, str]:
    return _pod_template(_named(kind, name))["metadata"]["labels"]


def _secret_template_keys() -> Dict[str, str]:
    secret = _named("Secret", "litige-secrets")
    return secret["stringData"]


def test_every_yaml_parses_and_the_kustomization_lists_the_manifests():
    kustomization = yaml.safe_load((K8S / "kustomization.yaml").read_text(encoding="utf-8"))
    resources = kustomization["resources"]
    assert all((K8S / resource).is_file() for resource in resources)
    assert "secret.template.yaml" not in resources  # placeholders are never applied
    top_level = {path.name for path, _ in OBJECTS if path.parent == K8S}
    assert top_level - {"secret.template.yaml", "kustomization.yaml"} <= set(resources)
    kinds = {doc["kind"] for _, doc in OBJECTS}
    assert {"Namespace", "ConfigMap", "StatefulSet", "Deployment", "Service", "Ingress"} <= kinds
    assert {"NetworkPolicy", "PodDisruptionBudget", "CronJob", "Secret"} <= kinds


def _is_secret_name(name: str) -> bool:
    return name in SECRET_NAMES or any(word in name for word in SECRET_WORDS)


def test_secrets_come_only_from_secret_key_refs_of_the_templated_secret():
    keys = _secret_template_keys()
    seen = set()
    for where, container in _containers():
        for source in container.get("envFrom", []):
            assert set(source) == {"configMapRef"}, f"{where}: envFrom only from the ConfigMap"
        for variable in container.get("env", []):
            name = variable["name"]
            if _is_secret_name(name):
                assert "value" not in variable, f"{where}: {name} has a literal value"
                reference = variable["valueFrom"]["secretKeyRef"]
                assert reference["name"] == "litige-secrets"
                assert reference["key"] in keys, f"{where}: {name} reads a key the template lacks"
                seen.add(name)
            elif "value" in variable:
                assert not CREDENTIALS_IN_URL.search(str(variable["value"])), f"{where}: {name}"
    assert {"RASA_API_TOKEN", "ACTION_SERVER_TOKEN", "WIDGET_SESSION_SECRET", "TRACKER_STORE_URL"} <= seen


def test_the_config_map_and_the_secret_template_hold_no_real_secret():
    for config_map in _objects("ConfigMap"):
        for name, value in config_map["data"].items():
            assert not _is_secret_name(name), f"{name} belongs in the Secret"
            assert not CREDENTIALS_IN_URL.search(str(value)), f"{name} holds credentials"
    for key, value in _secret_template_keys().items():
        assert "<REPLACE" in value, f"{key} must be a placeholder"


def test_command_line_references_are_defined_in_the_container_environment():
    for where, container in _containers():
        defined = {variable["name"] for variable in container.get("env", [])}
        for argument in container.get("command", []) + container.get("args", []):
            for name in re.findall(r"\$\(([A-Z_]+)\)", argument):
                assert name in defined, f"{where}: $({name}) is not defined"
    rasa = _container("StatefulSet", "rasa", "rasa")
    assert "--auth-token=$(RASA_API_TOKEN)" in rasa["args"]  # the API is never open


def _probe_script(probe: Dict[str, Any]) -> List[str]:
    command = probe["exec"]["command"]
    assert command[:2] == ["python", "-c"]
    return command


def test_rasa_is_ready_on_status_with_its_token_and_alive_on_root():
    rasa = _container("StatefulSet", "rasa", "rasa")
    readiness = _probe_script(rasa["readinessProbe"])
    assert "/status?token=" in readiness[2] and 'os.environ["RASA_API_TOKEN"]' in readiness[2]
    assert _probe_script(rasa["startupProbe"]) == readiness
    assert rasa["livenessProbe"]["httpGet"]["path"] == "/"
    port = {variable["name"]: variable.get("value") for variable in rasa["env"]}["RASA_PORT"]
    assert port == str(rasa["ports"][0]["containerPort"])


class _FakeStatus(BaseHTTPRequestHandler):
    """Answers like Rasa's /status: 401 without the right token, 409 while no model."""

    token = ""
    model_loaded = True
    seen: List[str] = []

    def do_GET(self):  # noqa: N802
        parts = urlsplit(self.path)
        self.seen.append(parts.path)
        given = parse_qs(parts.query).get("token", [""])[0]
        status = 401 if given != self.token else (200 if self.model_loaded else 409)
        self.send_response(status)
        self.end_headers()

    def log_message(self, *args):
        pass


@pytest.fixture
def fake_rasa() -> Iterator[int]:
    server = ThreadingHTTPServer(("127.0.0.1", free_port()), _FakeStatus)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        yield server.server_address[1]
    finally:
        server.shutdown()
        server.server_close()


def _run_probe(port: int, token: str) -> int:
    command = _probe_script(_container("StatefulSet", "rasa", "rasa")["readinessProbe"])
    env = {**os.environ, "RASA_API_TOKEN": token, "RASA_PORT": str(port)}
    return subprocess.run([sys.executable, *command[1:]], env=env, timeout=30).returncode


def test_the_readiness_probe_passes_only_with_the_model_loaded_and_the_right_token(fake_rasa):
    _FakeStatus.token, _FakeStatus.seen = "t/k+n=?&x", []  # characters a URL must escape
    _FakeStatus.model_loaded = True
    assert _run_probe(fake_rasa, "t/k+n=?&x") == 0
    assert _FakeStatus.seen == ["/status"]
    assert _run_probe(fake_rasa, "wrong") == 1
    _FakeStatus.model_loaded = False
    assert _run_probe(fake_rasa, "t/k+n=?&x") == 1
    assert _run_probe(free_port(), "t/k+n=?&x") == 1  # nothing listening


MEMORY_UNITS = {"Ki": 2**10, "Mi": 2**20, "Gi": 2**30, "": 1}


def _memory(quantity: str) -> int:
    number, unit = re.fullmatch(r"(\d+)(Ki|Mi|Gi|)", str(quantity)).groups()
    return int(number) * MEMORY_UNITS[unit]


def _cpu(quantity: str) -> float:
    text = str(quantity)
    return int(text[:-1]) / 1000 if text.endswith("m") else float(text)


def test_every_container_has_requests_within_limits():
    for where, container in _containers():
        resources = container.get("resources", {})
        for kind in ("requests", "limits"):
            assert {"cpu", "memory"} <= set(resources.get(kind, {})), f"{where}: {kind}"
        assert _cpu(resources["requests"]["cpu"]) <= _cpu(resources["limits"]["cpu"]), where
        assert _memory(resources["requests"]["memory"]) <= _memory(resources["limits"]["memory"]), where


def _measured_rows() -> Dict[str, List[str]]:
    rows = {}
    for line in GUIDE.read_text(encoding="utf-8").splitlines():
        cells = [cell.strip() for cell in line.strip().strip("|").split("|")]
        if len(cells) == 7 and cells[0] in ("rasa server", "action server", "advisors' console"):
            rows.setdefault(cells[0], cells)
    return rows


def test_memory_covers_the_figures_measured_in_the_guide():
    rows = _measured_rows()
    containers = {
        "rasa server": _container("StatefulSet", "rasa", "rasa"),
        "action server": _container("StatefulSet", "action-server", "action-server"),
        "advisors' console": _container("Deployment", "console", "console"),
    }
    assert set(rows) == set(containers)
    for service, container in containers.items():
        after_load, peak = float(rows[service][4]) * 2**20, float(rows[service][5]) * 2**20
        assert _memory(container["resources"]["requests"]["memory"]) >= after_load, service
        assert _memory(container["resources"]["limits"]["memory"]) >= 1.2 * peak, service


def test_the_action_server_is_internal_and_admitted_from_the_rasa_pods_only():
    service = _named("Service", "action-server")
    assert service["spec"]["type"] == "ClusterIP"
    action_labels = _pod_labels("StatefulSet", "action-server")
    rasa_labels = _pod_labels("StatefulSet", "rasa")
    assert _selects({"matchLabels": service["spec"]["selector"]}, action_labels)
    policies = [p for p in _objects("NetworkPolicy") if _selects(p["spec"]["podSelector"], action_labels)]
    deny = [p for p in policies if p["spec"]["podSelector"] == {}]
    assert deny and all(not p["spec"].get("ingress") for p in deny)  # the default deny
    admitting = [p for p in policies if p["spec"].get("ingress")]
    assert len(admitting) == 1
    (rule,) = admitting[0]["spec"]["ingress"]
    assert rule["ports"] == [{"protocol": "TCP", "port": 5055}]
    for peer in rule["from"]:
        assert set(peer) == {"podSelector"}, "no namespace or address range"
        assert _selects(peer["podSelector"], rasa_labels)
        for kind, name in (("Deployment", "console"), ("Deployment", "scheduler")):
            assert not _selects(peer["podSelector"], _pod_labels(kind, name))
    for ingress in _objects("Ingress"):
        for rule in ingress["spec"]["rules"]:
            for path in rule["http"]["paths"]:
                assert path["backend"]["service"]["name"] != "action-server"


def test_rasa_http_api_is_not_routed_from_outside():
    for service in _objects("Service"):
        assert service["spec"].get("type", "ClusterIP") == "ClusterIP", service["metadata"]["name"]
    rasa_services = {"rasa", "rasa-socketio", "rasa-headless"}
    for ingress in _objects("Ingress"):
        for rule in ingress["spec"]["rules"]:
            for path in rule["http"]["paths"]:
                if path["backend"]["service"]["name"] in rasa_services:
                    assert path["path"] in ("/webhooks/", "/socket.io/"), path["path"]


def test_services_and_budgets_select_the_pods_of_a_workload():
    templates = [_pod_template(w)["metadata"]["labels"] for w in _workloads()]
    for service in _objects("Service"):
        selector = {"matchLabels": service["spec"]["selector"]}
        assert any(_selects(selector, labels) for labels in templates), service["metadata"]["name"]
    for budget in _objects("PodDisruptionBudget"):
        assert any(_selects(budget["spec"]["selector"], labels) for labels in templates)
    for workload in _workloads():
        if workload["kind"] != "CronJob":
            assert _selects(workload["spec"]["selector"], _pod_template(workload)["metadata"]["labels"])


def test_images_are_pinned():
    for where, container in _containers():
        image = container["image"]
        name, _, tag = image.rpartition(":")
        assert name and "/" not in tag, f"{where}: {image} has no tag"
        assert tag != "latest", where
    kustomization = yaml.safe_load((K8S / "kustomization.yaml").read_text(encoding="utf-8"))
    assert all(image["newTag"] != "latest" for image in kustomization["images"])
    dockerfile = (ROOT / "deploy" / "Dockerfile").read_text(encoding="utf-8")
    assert re.search(r"^FROM python:3\.10\.\d+-slim-\w+$", dockerfile, re.MULTILINE)


def test_the_chart_values_take_passwords_from_existing_secrets():
    values = {path.name: doc for path, doc in DOCUMENTS if path.parent.name == "dependencies"}
    assert set(values) == {"postgresql-values.yaml", "redis-values.yaml", "rabbitmq-values.yaml"}
    assert values["postgresql-values.yaml"]["auth"]["existingSecret"]
    assert values["redis-values.yaml"]["auth"]["enabled"] is True
    assert values["redis-values.yaml"]["auth"]["existingSecret"]
    assert values["rabbitmq-values.yaml"]["auth"]["existingPasswordSecret"]
    for name, document in values.items():  # no literal password in the values
        assert not {"password", "postgresPassword", "erlangCookie"} & set(document["auth"]), name
