"""python -m console: account commands against a temporary SQLite file."""

import io
import sys

import pytest

from console.accounts import Accounts, SignInRefused
from console.cli import main
from litige.tickets.store import TicketStore

PASSWORD = "correct-horse-42"


@pytest.fixture
def db_url(tmp_path, monkeypatch):
    from litige.config import get_settings

    url = f"sqlite:///{tmp_path}/t.db"
    monkeypatch.setenv("TICKET_DB_URL", url)
    get_settings.cache_clear()
    yield url
    get_settings.cache_clear()


def stdin(monkeypatch, text):
    monkeypatch.setattr(sys, "stdin", io.StringIO(text))


def create(monkeypatch, *extra, password=PASSWORD):
    stdin(monkeypatch, password + "\n")
    return main(["create-agent", "--login", "Marie", "--first-name", "Marie", "--password-stdin", *extra])


def test_create_agent_reads_the_password_on_stdin(db_url, monkeypatch, capsys):
    assert create(monkeypatch) == 0
    assert capsys.readouterr().out.strip() == "Compte « marie » créé (agent, Marie)."
    accounts = Accounts(TicketStore(db_url))
    assert accounts.authenticate("marie", PASSWORD).role == "agent"


def test_a_duplicate_login_returns_2_with_a_french_message(db_url, monkeypatch, capsys):
    assert create(monkeypatch) == 0
    capsys.readouterr()
    assert create(monkeypatch, "--role", "admin") == 2
    captured = capsys.readouterr()
    assert captured.err.strip() == "Le compte « marie » existe déjà." and captured.out == ""


def test_a_short_password_is_refused(db_url, monkeypatch, capsys):
    assert create(monkeypatch, password="court") == 2
    assert "au moins 10 caractères" in capsys.readouterr().err
    assert not Accounts(TicketStore(db_url)).any_account()


def test_the_password_typed_twice_must_match(db_url, monkeypatch, capsys):
    typed = iter([PASSWORD, PASSWORD + "x"])
    monkeypatch.setattr("getpass.getpass", lambda prompt="": next(typed))
    assert main(["create-agent", "--login", "marie", "--first-name", "Marie"]) == 2
    assert "ne correspondent pas" in capsys.readouterr().err
    typed = iter([PASSWORD, PASSWORD])
    assert main(["create-agent", "--login", "marie", "--first-name", "Marie", "--role", "admin"]) == 0
    assert "(admin, Marie)" in capsys.readouterr().out


def test_list_agents_shows_the_accounts(db_url, monkeypatch, capsys):
    assert main(["list-agents"]) == 0
    assert "Aucun compte" in capsys.readouterr().out
    create(monkeypatch)
    stdin(monkeypatch, PASSWORD + "\n")
    main(["create-agent", "--login", "paul", "--first-name", "Paul", "--role", "trainer", "--password-stdin"])
    capsys.readouterr()
    assert main(["list-agents"]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines[0].split() == ["identifiant", "prénom", "rôle", "état"]
    assert [line.split() for line in lines[2:]] == [
        ["marie", "Marie", "agent", "actif"],
        ["paul", "Paul", "trainer", "actif"],
    ]


def test_disable_agent_then_sign_in_is_refused(db_url, monkeypatch, capsys):
    create(monkeypatch)
    assert main(["disable-agent", "--login", "marie"]) == 0
    assert "désactivé" in capsys.readouterr().out
    accounts = Accounts(TicketStore(db_url))
    with pytest.raises(SignInRefused) as caught:
        accounts.authenticate("marie", PASSWORD)
    assert caught.value.reason == "disabled"
    main(["list-agents"])
    assert "désactivé" in capsys.readouterr().out.splitlines()[-1]
    assert main(["enable-agent", "--login", "marie"]) == 0
    assert accounts.authenticate("marie", PASSWORD).login == "marie"


def test_set_password(db_url, monkeypatch, capsys):
    create(monkeypatch)
    stdin(monkeypatch, "un-tout-nouveau\n")
    assert main(["set-password", "--login", "marie", "--password-stdin"]) == 0
    accounts = Accounts(TicketStore(db_url))
    assert accounts.authenticate("marie", "un-tout-nouveau").login == "marie"
    with pytest.raises(SignInRefused):
        accounts.authenticate("marie", PASSWORD)
    stdin(monkeypatch, "")
    assert main(["set-password", "--login", "marie", "--password-stdin"]) == 2
    assert "Aucun mot de passe" in capsys.readouterr().err


def test_unknown_login_returns_2(db_url, capsys):
    assert main(["disable-agent", "--login", "personne"]) == 2
    assert capsys.readouterr().err.strip() == "Aucun compte « personne »."
