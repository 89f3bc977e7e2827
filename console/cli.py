"""Ligne de commande des comptes de la console des conseillers : python -m console <commande>.

  create-agent   créer un compte (--login, --first-name, --role agent|admin|trainer)
  disable-agent  désactiver un compte (ses sessions sont fermées)
  enable-agent   réactiver un compte (et lever un blocage)
  set-password   changer le mot de passe d'un compte
  list-agents    les comptes
  serve          démarrer la console

Le mot de passe est demandé deux fois dans le terminal, ou lu sur l'entrée standard (première
ligne) avec --password-stdin. La base est celle de TICKET_DB_URL (SQLite par défaut).
"""

from __future__ import annotations

import argparse
import getpass
import sys
from typing import List, Optional

from tabulate import tabulate

from console.accounts import ROLES, AccountError, Accounts
from litige.tickets.store import TicketStore, TicketStoreUnavailable


class _Refused(Exception):
    """A French message for stderr, exit status 2."""


def _accounts() -> Accounts:
    from litige.config import get_settings

    settings = get_settings()
    store = TicketStore(settings.ticket_db_url, timeout=settings.ticket_db_timeout)
    store.migrate()
    return Accounts(store, session_minutes=settings.console_session_minutes)


def _password(args: argparse.Namespace) -> str:
    if args.password_stdin:
        line = sys.stdin.readline()
        password = line.rstrip("\r\n")
        if not password:
            raise _Refused("Aucun mot de passe lu sur l'entrée standard.")
        return password
    password = getpass.getpass("Mot de passe : ")
    if getpass.getpass("Mot de passe (encore) : ") != password:
        raise _Refused("Les deux mots de passe ne correspondent pas.")
    return password


def _create(args: argparse.Namespace) -> int:
    password = _password(args)
    account = _accounts().create(args.login, args.first_name, password, role=args.role)
    print(f"Compte « {account.login} » créé ({account.role}, {account.first_name}).")
    return 0


def _disable(args: argparse.Namespace) -> int:
    _accounts().disable(args.login)
    print(f"Compte « {args.login.strip().lower()} » désactivé ; ses sessions sont fermées.")
    return 0


def _enable(args: argparse.Namespace) -> int:
    _accounts().enable(args.login)
    print(f"Compte « {args.login.strip().lower()} » réactivé.")
    return 0


def _set_password(args: argparse.Namespace) -> int:
    password = _password(args)
    _accounts().set_password(args.login, password)
    print(f"Mot de passe du compte « {args.login.strip().lower()} » changé.")
    return 0


def _list(_args: argparse.Namespace) -> int:
    accounts = _accounts().list()
    if not accounts:
        print("Aucun compte. Créez le premier avec : python -m console create-agent --login … --first-name …")
        return 0
    rows = [(a.login, a.first_name, a.role, "désactivé" if a.disabled else "actif") for a in accounts]
    print(tabulate(rows, headers=("identifiant", "prénom", "rôle", "état")))
    return 0


def _serve(args: argparse.Namespace) -> int:
    from console.app import main as serve

    return serve(
        [*(["--host", args.host] if args.host else []), *(["--port", str(args.port)] if args.port else [])]
    )


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="python -m console", description="Comptes de la console des conseillers."
    )
    commands = parser.add_subparsers(dest="command", metavar="commande", required=True)

    def command(name: str, handler, help_text: str, login: bool = True, password: bool = False):
        sub = commands.add_parser(name, help=help_text, description=help_text)
        sub.set_defaults(handler=handler)
        if login:
            sub.add_argument("--login", required=True, help="identifiant du compte")
        if password:
            sub.add_argument(
                "--password-stdin",
                action="store_true",
                help="lire le mot de passe sur l'entrée standard (première ligne)",
            )
        return sub

    create = command("create-agent", _create, "créer un compte de conseiller", password=True)
    create.add_argument("--first-name", required=True, help="prénom montré aux clients")
    create.add_argument("--role", choices=ROLES, default="agent", help="rôle (agent par défaut)")
    command("disable-agent", _disable, "désactiver un compte (ses sessions sont fermées)")
    command("enable-agent", _enable, "réactiver un compte (et lever un blocage)")
    command("set-password", _set_password, "changer le mot de passe d'un compte", password=True)
    command("list-agents", _list, "lister les comptes", login=False)
    serve = command("serve", _serve, "démarrer la console", login=False)
    serve.add_argument("--host", help="adresse d'écoute (celle de CONSOLE_URL par défaut)")
    serve.add_argument("--port", type=int, help="port (celui de CONSOLE_URL par défaut)")
    return parser


def main(argv: Optional[List[str]] = None) -> int:
    args = _parser().parse_args(argv)
    try:
        return args.handler(args)
    except (AccountError, _Refused) as error:
        print(str(error), file=sys.stderr)
        return 2
    except TicketStoreUnavailable as error:
        print(f"Base des comptes indisponible : {error}", file=sys.stderr)
        return 1
    except (KeyboardInterrupt, EOFError):
        print("\nAbandon.", file=sys.stderr)
        return 130
