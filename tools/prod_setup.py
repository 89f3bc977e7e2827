"""The system services of `make run-prod` (tools/prod.py): Debian packages installed when
missing, as .ci/run does, and the local PostgreSQL started with its role and database created
(only as root; otherwise a French message says what to do)."""

from __future__ import annotations

import os
import shutil
import subprocess
import time
from typing import Optional
from urllib.parse import unquote, urlsplit

LOCAL_HOSTS = {"127.0.0.1", "localhost", "::1"}


class ProdError(Exception):
    """Something the topology needs is missing; the message, in French, says what to do."""


def hide_password(url: str) -> str:
    parts = urlsplit(url)
    if parts.password is None:
        return url
    return url.replace(f":{parts.password}@", ":***@", 1)


def apt_install(*packages: str) -> None:
    """Install Debian packages (as .ci/run does); only root can."""
    if os.geteuid() != 0:
        raise ProdError(
            f"Il manque {', '.join(packages)} : installez-le (sudo apt-get install {' '.join(packages)})."
        )
    print(f"Installation de {', '.join(packages)} (paquets Debian)...", flush=True)
    env = {**os.environ, "DEBIAN_FRONTEND": "noninteractive"}
    subprocess.run(["apt-get", "update", "-qq"], check=True, env=env)
    subprocess.run(
        ["apt-get", "install", "-y", "-qq", *packages], check=True, env=env, stdout=subprocess.DEVNULL
    )


def database_answers(url: str) -> bool:
    import sqlalchemy as sa

    engine = sa.create_engine(url, connect_args={"connect_timeout": 3})
    try:
        with engine.connect():
            return True
    except sa.exc.SQLAlchemyError:
        return False
    finally:
        engine.dispose()


# psql variables (:'name') are quoted by psql itself: no SQL built from the URL's text
CREATE_ROLE_AND_DATABASE = """
SELECT format('CREATE ROLE %I LOGIN PASSWORD %L', :'role', :'password')
  WHERE NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = :'role') \\gexec
SELECT format('CREATE DATABASE %I OWNER %I', :'db', :'role')
  WHERE NOT EXISTS (SELECT 1 FROM pg_database WHERE datname = :'db') \\gexec
"""


def psql_quote(value: str) -> str:
    """A value inside single quotes in a psql meta-command."""
    return value.replace("\\", "\\\\").replace("'", "''")


def ensure_postgres(url: str) -> Optional[str]:
    """PostgreSQL answering at ``url``: installed, started, its role and database created when
    needed (local server, as root). Returns the cluster version this call started, else None."""
    if database_answers(url):
        return None
    parts = urlsplit(url)
    if parts.hostname not in LOCAL_HOSTS:
        raise ProdError(f"La base {hide_password(url)} ne répond pas.")
    if os.geteuid() != 0:
        raise ProdError(
            f"La base {hide_password(url)} ne répond pas : démarrez PostgreSQL et créez le rôle et la base "
            "(voir .ci/run), ou donnez une autre adresse dans PROD_DATABASE_URL."
        )
    if shutil.which("pg_ctlcluster") is None:
        apt_install("postgresql")
    version = sorted(
        os.listdir("/usr/lib/postgresql"), key=lambda v: [int(x) for x in v.split(".") if x.isdigit()]
    )[-1]
    port = str(parts.port or 5432)
    clusters = subprocess.run(["pg_lsclusters", "-h"], capture_output=True, text=True, check=True).stdout
    columns = [line.split() for line in clusters.splitlines()]
    if not any(column[:2] == [version, "main"] for column in columns):
        subprocess.run(["pg_createcluster", version, "main"], check=True, stdout=subprocess.DEVNULL)
    started = None
    if not any(column[:2] == [version, "main"] and column[3:4] == ["online"] for column in columns):
        subprocess.run(["pg_ctlcluster", version, "main", "start"], check=True)
        started = version
    for _ in range(30):
        if (
            subprocess.run(["pg_isready", "-q", "-h", parts.hostname, "-p", port], check=False).returncode
            == 0
        ):
            break
        time.sleep(1)
    # the password through psql's input, not its command line (visible to every local user)
    settings = "".join(
        f"\\set {name} '{psql_quote(value)}'\n"
        for name, value in (
            ("role", unquote(parts.username or "")),
            ("password", unquote(parts.password or "")),
            ("db", parts.path.lstrip("/")),
        )
    )
    subprocess.run(
        ["runuser", "-u", "postgres", "--", "psql", "-q", "-p", port, "-v", "ON_ERROR_STOP=1"],
        input=settings + CREATE_ROLE_AND_DATABASE,
        text=True,
        check=True,
        stdout=subprocess.DEVNULL,
    )
    if not database_answers(url):
        raise ProdError(
            f"La base {hide_password(url)} ne répond toujours pas (voir les journaux de PostgreSQL)."
        )
    return started
