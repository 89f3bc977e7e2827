"""Start, watch and stop the local stack (action server, Rasa server, ...).

Used by `make run` (``python -m tools.stack``) and by the end-to-end tests, so the
servers the tests talk to are started exactly as a newcomer starts them.
"""

from __future__ import annotations

import argparse
import contextlib
import os
import secrets
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path
from typing import Dict, Iterator, List, Optional, Sequence, Tuple

from tools.running import run_until_stopped
from tools.stack_banner import banner

ROOT = Path(__file__).resolve().parent.parent


@dataclass
class Service:
    name: str
    command: List[str]
    health_url: Optional[str]  # None: ready as soon as the process runs
    log_path: Path
    env: Dict[str, str] = field(default_factory=dict)
    process: Optional[subprocess.Popen] = None

    def is_healthy(self) -> bool:
        if self.health_url is None:
            return self.process is not None and self.process.poll() is None
        try:
            with urllib.request.urlopen(self.health_url, timeout=2) as response:
                return 200 <= response.status < 300
        except (urllib.error.URLError, ConnectionError, TimeoutError, OSError):
            return False

    def log_tail(self, lines: int = 40) -> str:
        try:
            return "\n".join(self.log_path.read_text(errors="replace").splitlines()[-lines:])
        except OSError:
            return "(no log)"


@dataclass
class StackConfig:
    """Where and how the services run; defaults match the Makefile's."""

    python: str = sys.executable
    rasa_host: str = "127.0.0.1"
    rasa_port: int = 5005
    action_port: int = 5055
    model: Path = ROOT / "models" / "current.tar.gz"
    log_dir: Path = ROOT / "var" / "logs"
    tracker_store_url: str = f"sqlite:///{ROOT / 'var' / 'tracker.db'}"
    ticket_db_url: str = f"sqlite:///{ROOT / 'var' / 'tickets.db'}"
    with_scheduler: bool = True
    web_port: Optional[int] = 8080  # None: no demo page
    console_port: Optional[int] = 5010  # the advisors' console; None: not started
    allowed_origins: Optional[str] = None  # None: the demo page's origins (channels/socketio.py)
    extra_env: Dict[str, str] = field(default_factory=dict)
    # Rasa's HTTP API answers only with this token (RASA_API_TOKEN, else var/rasa_api_token)
    rasa_token: str = field(default_factory=lambda: secrets.token_urlsafe(24))
    # the action server answers only Rasa (ACTION_SERVER_TOKEN, else var/action_server_token)
    action_token: str = field(default_factory=lambda: secrets.token_urlsafe(32))
    # signs the widgets' session ids (WIDGET_SESSION_SECRET, else var/widget_session_secret)
    widget_secret: str = field(default_factory=lambda: secrets.token_urlsafe(32))
    # several Rasa instances (tools/prod.py): the ports of the others, sharing the same stores
    more_rasa_ports: Tuple[int, ...] = ()
    rasa_env: Dict[str, str] = field(default_factory=dict)  # the Rasa instances' environment only
    socket_url: Optional[str] = None  # the demo page's socket.io server; None: rasa_url

    @classmethod
    def from_env(cls, env: Dict[str, str]) -> StackConfig:
        config = cls()
        config.rasa_host = env.get("RASA_HOST", config.rasa_host)
        config.rasa_port = int(env.get("RASA_PORT", config.rasa_port))
        config.action_port = int(env.get("ACTION_PORT", config.action_port))
        config.tracker_store_url = env.get("TRACKER_STORE_URL", config.tracker_store_url)
        config.ticket_db_url = env.get("TICKET_DB_URL", config.ticket_db_url)
        config.web_port = int(env.get("WEB_PORT", config.web_port))
        config.console_port = int(env.get("CONSOLE_PORT", config.console_port))
        config.allowed_origins = env.get("WEB_ALLOWED_ORIGINS") or None
        var_dir = Path(env["VAR_DIR"]) if env.get("VAR_DIR") else ROOT / "var"
        config.log_dir = var_dir / "logs"
        config.rasa_token = env.get("RASA_API_TOKEN") or stored_token(var_dir / "rasa_api_token")
        config.action_token, config.widget_secret = shared_secrets(env, var_dir)
        return config

    @property
    def rasa_url(self) -> str:
        return f"http://{self.rasa_host}:{self.rasa_port}"

    @property
    def web_url(self) -> str:
        return f"http://127.0.0.1:{self.web_port}"

    @property
    def console_url(self) -> str:
        return f"http://127.0.0.1:{self.console_port}"

    @property
    def action_url(self) -> str:
        return f"http://127.0.0.1:{self.action_port}"


def stored_token(path: Path) -> str:
    """The API token kept in the git-ignored var/ (created once, readable by its owner only)."""
    if path.exists():
        token = path.read_text(encoding="utf-8").strip()
        if token:
            return token
    path.parent.mkdir(parents=True, exist_ok=True)
    token = secrets.token_urlsafe(32)
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "w", encoding="utf-8") as handle:
        handle.write(token + "\n")
    return token


def shared_secrets(env: Dict[str, str], var_dir: Path) -> Tuple[str, str]:
    """The action server's token and the widgets' session secret: from the environment, else
    created once in var/ (never empty, so `make run` never starts an open action server)."""
    action = (env.get("ACTION_SERVER_TOKEN") or "").strip() or stored_token(var_dir / "action_server_token")
    widget = (env.get("WIDGET_SESSION_SECRET") or "").strip() or stored_token(
        var_dir / "widget_session_secret"
    )
    return action, widget


def build_services(config: StackConfig) -> List[Service]:
    bin_dir = Path(config.python).parent
    rasa = str(bin_dir / "rasa")
    env = {
        "RASA_TELEMETRY_ENABLED": "false",
        "TF_CPP_MIN_LOG_LEVEL": "2",
        "SANIC_HOST": "127.0.0.1",
        "ACTION_SERVER_URL": f"{config.action_url}/webhook",
        "TRACKER_STORE_URL": config.tracker_store_url,
        "TICKET_DB_URL": config.ticket_db_url,
        "RASA_URL": config.rasa_url,
        "RASA_API_TOKEN": config.rasa_token,
        "ACTION_SERVER_TOKEN": config.action_token,  # endpoints.yml sends it, actions/server.py checks it
        "WIDGET_SESSION_SECRET": config.widget_secret,
        **({"WEB_PORT": str(config.web_port)} if config.web_port else {}),
        **({"CONSOLE_URL": config.console_url} if config.console_port else {}),
        "WEB_ALLOWED_ORIGINS": config.allowed_origins or "",  # empty: the demo page's origins
        "REDIS_URL": os.environ.get("REDIS_URL", ""),  # empty: one instance, no Redis
        "SANIC_REQUEST_MAX_SIZE": "1000000",  # every Sanic server (Rasa's too): 1 MB a request
        **config.extra_env,
    }
    services = [
        Service(
            name="action server",
            # rasa-sdk's server without its echo of the request in errors (actions/server.py)
            command=[
                config.python,
                "-m",
                "actions.server",
                "--actions",
                "actions",
                "--port",
                str(config.action_port),
            ],
            health_url=f"{config.action_url}/health",
            log_path=config.log_dir / "actions.log",
            env=env,
        ),
    ]
    ports = (config.rasa_port, *config.more_rasa_ports)
    for number, port in enumerate(ports, start=1):
        url = f"http://{config.rasa_host}:{port}"
        several = len(ports) > 1
        rasa_env = {**env, **config.rasa_env, **({"RASA_INSTANCE": f"rasa-{number}"} if several else {})}
        services.append(
            Service(
                name=f"rasa server {number}" if several else "rasa server",
                command=[
                    rasa,
                    "run",
                    "--enable-api",
                    "--interface",
                    config.rasa_host,
                    "--port",
                    str(port),
                    "--model",
                    str(config.model),
                    "--endpoints",
                    str(ROOT / "endpoints.yml"),
                    "--credentials",
                    str(ROOT / "credentials.yml"),
                    # no --cors: Rasa's HTTP API and REST webhook answer no web page; the widget's
                    # socket.io channel answers WEB_ALLOWED_ORIGINS itself (a --cors would add a
                    # second Access-Control-Allow-Origin there, which browsers refuse)
                    f"--auth-token={config.rasa_token}",  # one word: a token may start with "-"
                ],
                health_url=f"{url}/status?token={config.rasa_token}",
                log_path=config.log_dir / (f"rasa-{number}.log" if several else "rasa.log"),
                # each instance its own name: a restart forgets only its own widgets (channels/socketio.py)
                env=rasa_env,
            )
        )
    if config.web_port:
        services.append(
            Service(
                name="demo page",
                command=[
                    config.python,
                    "-m",
                    "tools.webserver",
                    "--port",
                    str(config.web_port),
                    "--socket-url",
                    config.socket_url or config.rasa_url,
                ],
                health_url=f"{config.web_url}/healthz",
                log_path=config.log_dir / "web.log",
                env=env,
            )
        )
    if config.console_port:
        services.append(
            Service(
                name="advisors' console",
                command=[config.python, "-m", "console", "serve", "--port", str(config.console_port)],
                health_url=f"{config.console_url}/connexion",
                log_path=config.log_dir / "console.log",
                env=env,
            )
        )
    if config.with_scheduler:
        services.append(
            Service(
                name="follow-up scheduler",
                command=[config.python, "-m", "scheduler.follow_ups"],
                health_url=None,
                log_path=config.log_dir / "scheduler.log",
                env=env,
            )
        )
    return services


class Stack:
    def __init__(self, services: List[Service]):
        self.services = services

    def start(self) -> None:
        for service in self.services:
            service.log_path.parent.mkdir(parents=True, exist_ok=True)
            log = open(service.log_path, "ab")
            service.process = subprocess.Popen(
                service.command,
                cwd=ROOT,
                env={**os.environ, **service.env},
                stdout=log,
                stderr=subprocess.STDOUT,
                start_new_session=True,  # own process group: we stop it and its children
            )
            log.close()

    def dead_service(self) -> Optional[Service]:
        for service in self.services:
            if service.process is not None and service.process.poll() is not None:
                return service
        return None

    def wait_ready(self, timeout: float = 240.0) -> None:
        deadline = time.monotonic() + timeout
        pending = list(self.services)
        while pending:
            dead = self.dead_service()
            if dead:
                raise RuntimeError(
                    f"{dead.name} exited with code {dead.process.returncode}; "
                    f"last lines of {dead.log_path}:\n{dead.log_tail()}"
                )
            pending = [service for service in pending if not service.is_healthy()]
            if not pending:
                return
            if time.monotonic() > deadline:
                names = ", ".join(service.name for service in pending)
                raise TimeoutError(f"not ready after {timeout:.0f}s: {names}")
            time.sleep(0.5)

    def stop(self, grace: float = 15.0) -> None:
        for service in self.services:
            if service.process and service.process.poll() is None:
                try:
                    os.killpg(service.process.pid, signal.SIGTERM)
                except ProcessLookupError:
                    pass
        deadline = time.monotonic() + grace
        for service in self.services:
            if not service.process:
                continue
            try:
                service.process.wait(timeout=max(0.1, deadline - time.monotonic()))
            except subprocess.TimeoutExpired:
                try:
                    os.killpg(service.process.pid, signal.SIGKILL)
                except ProcessLookupError:
                    pass
                service.process.wait()


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def local_config(
    work: Path,
    env: Optional[Dict[str, str]] = None,
    model: Optional[Path] = None,
    tracker_store_url: Optional[str] = None,
) -> StackConfig:
    """The action and Rasa servers only, on free ports, with their tracker and ticket databases,
    the tickets' journal and the demo order system in the directory ``work``; ``env`` is added
    to every service's environment (tools, benchmarks, throwaway stacks)."""
    return StackConfig(
        python=sys.executable,
        rasa_port=free_port(),
        action_port=free_port(),
        model=model or StackConfig.model,
        log_dir=work / "logs",
        tracker_store_url=tracker_store_url or f"sqlite:///{work / 'tracker.db'}",
        ticket_db_url=f"sqlite:///{work / 'tickets.db'}",
        with_scheduler=False,
        web_port=None,
        console_port=None,
        extra_env={
            "TICKET_SPOOL_PATH": str(work / "spool.jsonl"),
            "BACKOFFICE_DEMO_DB": str(work / "backoffice.db"),  # the demo, dated from APP_TODAY
            **(env or {}),
        },
    )


@contextlib.contextmanager
def throwaway_stack(today: str, seeds: Sequence[Path] = ()) -> Iterator[StackConfig]:
    """The action and Rasa servers on free ports with their own temporary tracker and ticket
    databases and ``APP_TODAY``, ready; stopped on exit (tools.transcript, tools.scenarios).
    ``seeds``: the demo order system's seed files (default: the demo shop's)."""
    with tempfile.TemporaryDirectory() as work:
        env = {
            "APP_TODAY": today,
            "REST_RATE_LIMIT": "off",  # scripted customers type faster than people
            **({"BACKOFFICE_DEMO_SEEDS": ",".join(str(p) for p in seeds)} if seeds else {}),
        }
        config = local_config(Path(work), env)
        stack = Stack(build_services(config))
        stack.start()
        try:
            stack.wait_ready(timeout=300)
            yield config
        finally:
            stack.stop()


def main(argv: Optional[List[str]] = None) -> int:
    parser = argparse.ArgumentParser(description="Run the assistant's servers until Ctrl-C.")
    parser.add_argument("--timeout", type=float, default=300.0, help="readiness timeout (s)")
    args = parser.parse_args(argv)

    config = StackConfig.from_env(dict(os.environ))
    if not config.model.exists():
        print(f"no model at {config.model}: run `make train` first", file=sys.stderr)
        return 2
    return run_until_stopped(
        Stack(build_services(config)),
        args.timeout,
        starting="Starting the action server, the Rasa server, the advisors' console and the follow-up"
        " scheduler (about a minute)...",
        banner=lambda: banner(config),
    )


if __name__ == "__main__":
    sys.exit(main())
