"""`make run-prod`: the production topology on this machine, until Ctrl-C.

PostgreSQL (tracker store and tickets), a Redis (lock store, widget pushes), two Rasa
instances sharing both, the action server, the advisors' console, the follow-up scheduler,
the demo page, and nginx in front of the two Rasa instances::

    widget / REST --> nginx 127.0.0.1:8000 --+--> Rasa 1 :5005 --+--> PostgreSQL (events, tickets)
                                             +--> Rasa 2 :5007 --+--> Redis (locks, pushes)
    console, scheduler --> nginx 127.0.0.1:8001 (Rasa's HTTP API, token) --^   action server :5055

nginx: the REST webhook and the health endpoint are spread over both instances (the Redis
lock store keeps one conversation's messages in order whichever instance gets them); the
widget's socket.io connections stick to one instance per client address (its polling
requests must reach the instance that opened the session); a dead instance is skipped
(``proxy_next_upstream error timeout``, ``max_fails``). Only ``/webhooks/`` and ``/socket.io/``
are public; Rasa's HTTP API is on the internal port only. Same services and code as
``make run`` (tools/stack.py), configured by environment variables only.
"""

from __future__ import annotations

import argparse
import os
import secrets
import shutil
import subprocess
import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import Dict, List, Optional, Tuple

from tools.prod_setup import ProdError, apt_install, ensure_postgres, hide_password
from tools.running import Says, run_until_stopped
from tools.stack import (
    ROOT,
    Service,
    Stack,
    StackConfig,
    build_services,
    shared_secrets,
    stored_token,
)

DEFAULT_DATABASE_URL = "postgresql://litige:litige@127.0.0.1:5432/litige"


@dataclass
class ProdConfig:
    """Ports, stores and directories of the production topology; defaults are ``make run-prod``'s."""

    public_port: int = 8000  # nginx: the widget and the REST webhook
    api_port: int = 8001  # nginx: Rasa's HTTP API, for the console and the scheduler
    rasa_ports: Tuple[int, ...] = (5005, 5007)
    action_port: int = 5055
    console_port: Optional[int] = 5010
    web_port: Optional[int] = 8080
    with_scheduler: bool = True
    redis_port: int = 6380
    redis_url: Optional[str] = None  # an existing Redis: none is started
    database_url: str = DEFAULT_DATABASE_URL
    prod_dir: Path = ROOT / "var" / "prod"
    model: Path = ROOT / "models" / "current.tar.gz"
    python: str = sys.executable
    rasa_token: str = ""
    # the action server's shared secret and the widgets' session secret (tools/stack.py)
    action_token: str = field(default_factory=lambda: secrets.token_urlsafe(32))
    widget_secret: str = field(default_factory=lambda: secrets.token_urlsafe(32))
    extra_env: Dict[str, str] = field(default_factory=dict)

    @classmethod
    def from_env(cls, env: Dict[str, str]) -> ProdConfig:
        config = cls()

        def port(name: str, default: Optional[int]) -> Optional[int]:
            value = env.get(name, "").strip()
            if not value:
                return default
            if not value.isdigit() or not 0 <= int(value) < 65536:
                raise ProdError(f"{name} doit être un numéro de port, pas « {value} ».")
            return int(value) or None  # 0: not started

        config.public_port = port("PROD_PORT", config.public_port)
        config.api_port = port("PROD_API_PORT", config.api_port)
        config.rasa_ports = (port("RASA_PORT", 5005), port("RASA_PORT_B", 5007))
        config.action_port = port("ACTION_PORT", config.action_port)
        config.console_port = port("CONSOLE_PORT", config.console_port)
        config.web_port = port("WEB_PORT", config.web_port)
        config.redis_port = port("PROD_REDIS_PORT", config.redis_port)
        config.redis_url = env.get("PROD_REDIS_URL") or None
        config.database_url = env.get("PROD_DATABASE_URL") or DEFAULT_DATABASE_URL
        if env.get("PROD_DIR"):
            config.prod_dir = Path(env["PROD_DIR"])
        var_dir = Path(env["VAR_DIR"]) if env.get("VAR_DIR") else ROOT / "var"
        config.rasa_token = env.get("RASA_API_TOKEN") or stored_token(var_dir / "rasa_api_token")
        required = (config.public_port, config.api_port, config.action_port, config.redis_port)
        if None in (*required, *config.rasa_ports):
            raise ProdError(
                "PROD_PORT, PROD_API_PORT, ACTION_PORT, PROD_REDIS_PORT, RASA_PORT et RASA_PORT_B "
                "ne peuvent pas valoir 0."
            )
        config.action_token, config.widget_secret = shared_secrets(env, var_dir)
        return config

    @property
    def public_url(self) -> str:
        return f"http://127.0.0.1:{self.public_port}"

    @property
    def api_url(self) -> str:
        return f"http://127.0.0.1:{self.api_port}"

    @property
    def rasa_urls(self) -> List[str]:
        return [f"http://127.0.0.1:{port}" for port in self.rasa_ports]

    @property
    def shared_redis_url(self) -> str:
        return self.redis_url or f"redis://127.0.0.1:{self.redis_port}/0"

    @property
    def log_dir(self) -> Path:
        return self.prod_dir / "logs"

    @property
    def nginx_dir(self) -> Path:
        return self.prod_dir / "nginx"


def stack_config(prod: ProdConfig) -> StackConfig:
    """The services of ``make run``, with two Rasa instances on PostgreSQL and Redis."""
    first, *others = prod.rasa_ports
    return StackConfig(
        python=prod.python,
        rasa_port=first,
        more_rasa_ports=tuple(others),
        action_port=prod.action_port,
        model=prod.model,
        log_dir=prod.log_dir,
        tracker_store_url=prod.database_url,
        ticket_db_url=prod.database_url,
        with_scheduler=prod.with_scheduler,
        web_port=prod.web_port,
        console_port=prod.console_port,
        rasa_token=prod.rasa_token,
        action_token=prod.action_token,
        widget_secret=prod.widget_secret,
        socket_url=prod.public_url,  # the demo page's widget connects through nginx
        # behind nginx: Sanic takes the client's address from X-Forwarded-For (rate limits)
        rasa_env={"SANIC_PROXIES_COUNT": "1"},
        extra_env={
            "REDIS_URL": prod.shared_redis_url,
            "RASA_URL": prod.api_url,  # the console and the scheduler reach any live instance
            **prod.extra_env,
        },
    )


NGINX_TEMPLATE = ROOT / "deploy" / "nginx.conf.template"


def nginx_config(prod: ProdConfig, user: Optional[str] = None) -> str:
    """nginx's whole configuration, from deploy/nginx.conf.template.
    ``user``: the workers' user when nginx is started by root."""
    servers = "\n".join(
        f"        server {url.removeprefix('http://')} max_fails=2 fail_timeout=10s;"
        for url in prod.rasa_urls
    )
    fields = {
        "USER": f"user {user};" if user else "",
        "NGINX_DIR": str(prod.nginx_dir),
        "LOG_DIR": str(prod.log_dir),
        "SERVERS": servers,
        "PUBLIC_PORT": str(prod.public_port),
        "API_PORT": str(prod.api_port),
    }
    lines = NGINX_TEMPLATE.read_text(encoding="utf-8").splitlines(keepends=True)
    while lines and lines[0].startswith("#"):  # the template's own header
        lines.pop(0)
    text = "# Generated from deploy/nginx.conf.template by tools/prod.py: edits are lost at the next start.\n"
    text += "".join(lines)
    for name, value in fields.items():
        text = text.replace(f"@{name}@", value)
    return text


def write_nginx_config(prod: ProdConfig) -> Path:
    """Write nginx.conf under the prod directory; its temporary directories, writable by the workers."""
    user = "nobody nogroup" if os.geteuid() == 0 else None
    for name in ("body", "proxy", "fastcgi", "uwsgi", "scgi"):
        path = prod.nginx_dir / "tmp" / name
        path.mkdir(parents=True, exist_ok=True)
        if user:
            shutil.chown(path, "nobody", "nogroup")
    prod.log_dir.mkdir(parents=True, exist_ok=True)
    path = prod.nginx_dir / "nginx.conf"
    path.write_text(nginx_config(prod, user), encoding="utf-8")
    return path


def build_prod_services(prod: ProdConfig) -> List[Service]:
    """Redis (unless ``redis_url``), the services of tools/stack.py, then nginx."""
    services: List[Service] = []
    if prod.redis_url is None:
        # Redis holds only lock tickets (they expire) and pushes in transit: no persistence
        services.append(
            Service(
                name="redis",
                command=[
                    shutil.which("redis-server") or "/usr/bin/redis-server",
                    "--bind",
                    "127.0.0.1",
                    "--port",
                    str(prod.redis_port),
                    "--save",
                    "",
                    "--appendonly",
                    "no",
                    "--dir",
                    str(prod.prod_dir),
                    "--daemonize",
                    "no",
                ],  # fmt: skip
                health_url=None,
                log_path=prod.log_dir / "redis.log",
            )
        )
    for service in build_services(stack_config(prod)):
        if service.name.startswith("rasa server"):
            # ready: model loaded, and PostgreSQL, Redis and the action server answer
            port = service.command[service.command.index("--port") + 1]
            service.health_url = f"http://127.0.0.1:{port}/webhooks/health/ready"
        services.append(service)
    services.append(
        Service(
            name="nginx",
            command=[
                shutil.which("nginx") or "/usr/sbin/nginx",
                "-c",
                str(prod.nginx_dir / "nginx.conf"),
                "-p",
                str(prod.nginx_dir),
            ],  # fmt: skip
            health_url=f"{prod.public_url}/webhooks/health/",
            log_path=prod.log_dir / "nginx.log",
        )
    )
    return services


def banner(prod: ProdConfig) -> str:
    lines = [
        "",
        "  La topologie de production est prête.",
        f"    Point d'entrée (nginx)   {prod.public_url}   (widget ; REST : /webhooks/rest/webhook)",
        f"    Santé                    {prod.public_url}/webhooks/health/",
    ]
    for number, url in enumerate(prod.rasa_urls, start=1):
        lines.append(f"    Instance Rasa {number}          {url}   (santé : {url}/webhooks/health/ready)")
    lines.append(f"    API Rasa (interne)       {prod.api_url}   (console et relances ; jeton exigé)")
    lines.append(f"    Serveur d'actions        http://127.0.0.1:{prod.action_port}")
    if prod.console_port:
        lines.append(f"    Console des conseillers  http://127.0.0.1:{prod.console_port}")
    if prod.web_port:
        lines.append(
            f"    Page de démonstration    http://127.0.0.1:{prod.web_port}   <- le widget passe par nginx"
        )
    if prod.with_scheduler:
        lines.append("    Relances                 planificateur en marche")
    lines.append(f"    PostgreSQL               {hide_password(prod.database_url)}")
    lines.append(f"    Redis                    {prod.shared_redis_url}")
    lines.append(f"    Journaux                 {prod.log_dir}")
    lines.append(
        "  Ctrl-C arrête tout ce qui a été démarré ici (PostgreSQL reste en marche s'il l'était déjà)."
    )
    return "\n".join(lines) + "\n"


def main(argv: Optional[List[str]] = None) -> int:
    parser = argparse.ArgumentParser(description="Démarre la topologie de production jusqu'à Ctrl-C.")
    parser.add_argument("--timeout", type=float, default=420.0, help="délai pour être prêt (s)")
    args = parser.parse_args(argv)
    try:
        prod = ProdConfig.from_env(dict(os.environ))
        if not prod.model.exists():
            raise ProdError(f"Pas de modèle dans {prod.model} : lancez d'abord `make train`.")
        needed = ["nginx"] + ([] if prod.redis_url else ["redis-server"])  # binary and package alike
        missing = [name for name in needed if shutil.which(name) is None]
        if missing:
            apt_install(*missing)
        started_cluster = ensure_postgres(prod.database_url)
    except ProdError as error:
        print(f"Impossible de démarrer : {error}", file=sys.stderr)
        return 1
    except subprocess.CalledProcessError as error:  # its command line is not printed: no password
        print(
            f"Impossible de démarrer : « {error.cmd[0]} » a échoué (code {error.returncode}).",
            file=sys.stderr,
        )
        return 1
    write_nginx_config(prod)
    says = Says(
        died="{name} s'est arrêté :\n{log}", failed="Impossible de démarrer : {error}", stopping="Arrêt..."
    )
    try:
        return run_until_stopped(
            Stack(build_prod_services(prod)),
            args.timeout,
            starting="Démarrage de Redis, des deux instances Rasa, des autres services et de nginx"
            " (quelques minutes)...",
            banner=lambda: banner(prod),
            says=says,
        )
    finally:
        if started_cluster:
            subprocess.run(["pg_ctlcluster", started_cluster, "main", "stop"], check=False)


if __name__ == "__main__":
    sys.exit(main())
