"""console.accounts against a real SQLite file and real argon2 hashes."""

from datetime import datetime, timedelta, timezone

import pytest
import sqlalchemy as sa
from argon2 import PasswordHasher

from console.accounts import Account, AccountError, Accounts, SignInRefused, token_hash
from litige.tickets.models import advisor_accounts, console_sessions
from litige.tickets.store import TicketStore

PASSWORD = "correct-horse-42"


class Clock:
    def __init__(self):
        self.now = datetime(2026, 12, 8, 9, 0, tzinfo=timezone.utc)

    def __call__(self):
        return self.now

    def advance(self, **delta):
        self.now += timedelta(**delta)


@pytest.fixture
def clock():
    return Clock()


@pytest.fixture
def store(tmp_path):
    store = TicketStore(f"sqlite:///{tmp_path}/t.db", timeout=2)
    yield store
    store.engine.dispose()


@pytest.fixture
def accounts(store, clock):
    return Accounts(store, clock=clock, session_minutes=60, max_failures=3, lockout_minutes=15)


@pytest.fixture
def marie(accounts):
    return accounts.create("  Marie ", "Marie", PASSWORD)


def rows(store, table):
    with store.engine.connect() as connection:
        return [dict(row._mapping) for row in connection.execute(sa.select(table))]


def refusal(accounts, login, password):
    with pytest.raises(SignInRefused) as caught:
        accounts.authenticate(login, password)
    return caught.value


# ---------------------------------------------------------------------- creation
def test_create_normalises_and_stores_only_a_hash(accounts, store, marie):
    assert marie == Account(marie.id, "marie", "Marie", "agent", False)
    assert accounts.get(marie.id) == marie and accounts.get(marie.id + 1) is None
    assert accounts.list() == [marie] and accounts.any_account()
    (row,) = rows(store, advisor_accounts)
    assert row["password_hash"].startswith("$argon2id$") and PASSWORD not in row["password_hash"]
    assert (row["failed_attempts"], row["locked_until"], row["disabled"]) == (0, None, False)
    trainer = accounts.create("paul.d@site", "Paul", PASSWORD, role="trainer")
    assert trainer.role == "trainer" and [a.login for a in accounts.list()] == ["marie", "paul.d@site"]


def test_no_account_at_first(accounts):
    assert not accounts.any_account() and accounts.list() == []


@pytest.mark.parametrize(
    "login, first_name, password, role, message",
    [
        ("m", "Marie", PASSWORD, "agent", "L'identifiant doit faire entre 2 et 60 caractères."),
        ("m" * 61, "Marie", PASSWORD, "agent", "L'identifiant doit faire entre 2 et 60 caractères."),
        ("marie dupont", "Marie", PASSWORD, "agent", "L'identifiant ne peut contenir que"),
        ("mélanie", "Mélanie", PASSWORD, "agent", "L'identifiant ne peut contenir que"),
        ("marie", "   ", PASSWORD, "agent", "Le prénom est obligatoire."),
        ("marie", "M" * 81, PASSWORD, "agent", "Le prénom ne peut pas dépasser 80 caractères."),
        ("marie", "Marie", PASSWORD, "boss", "Rôle inconnu « boss »"),
        ("marie", "Marie", "court", "agent", "Le mot de passe doit faire au moins 10 caractères."),
    ],
)
def test_each_bad_input_has_its_french_message(accounts, login, first_name, password, role, message):
    with pytest.raises(AccountError) as caught:
        accounts.create(login, first_name, password, role=role)
    assert str(caught.value).startswith(message)
    assert not accounts.any_account()


def test_a_login_exists_only_once(accounts, marie):
    with pytest.raises(AccountError, match="Le compte « marie » existe déjà."):
        accounts.create("MARIE", "Autre", PASSWORD)
    assert accounts.list() == [marie]


def test_unknown_logins_are_reported(accounts):
    for action in (accounts.disable, accounts.enable):
        with pytest.raises(AccountError, match="Aucun compte « nobody »."):
            action("nobody")
    with pytest.raises(AccountError, match="Aucun compte"):
        accounts.set_password("nobody", PASSWORD)


# ---------------------------------------------------------------------- sign-in
def test_the_right_password_signs_in(accounts, marie):
    assert accounts.authenticate(" MARIE", PASSWORD) == marie


def test_wrong_password_and_unknown_login_look_the_same(accounts, marie):
    wrong = refusal(accounts, "marie", PASSWORD + "x")
    unknown = refusal(accounts, "personne", PASSWORD)
    assert (wrong.reason, wrong.message) == (unknown.reason, unknown.message)
    assert wrong.message == "Identifiant ou mot de passe incorrect." and wrong.reason == "invalid"


def test_too_many_failures_lock_the_account_even_for_the_right_password(accounts, store, clock, marie):
    assert refusal(accounts, "marie", "faux-mot-de-passe").reason == "invalid"
    assert refusal(accounts, "marie", "faux-mot-de-passe").reason == "invalid"
    third = refusal(accounts, "marie", "faux-mot-de-passe")
    assert third.reason == "locked"
    assert third.message == "Trop de tentatives : ce compte est bloqué pendant 15 minutes."
    (row,) = rows(store, advisor_accounts)
    assert row["failed_attempts"] == 3
    assert row["locked_until"].replace(tzinfo=timezone.utc) == clock.now + timedelta(minutes=15)
    clock.advance(minutes=14, seconds=59)
    assert refusal(accounts, "marie", PASSWORD).reason == "locked"
    clock.advance(seconds=1)
    assert accounts.authenticate("marie", PASSWORD) == marie
    (row,) = rows(store, advisor_accounts)
    assert (row["failed_attempts"], row["locked_until"]) == (0, None)


def test_a_success_resets_the_failure_count(accounts, store, marie):
    refusal(accounts, "marie", "faux-mot-de-passe")
    refusal(accounts, "marie", "faux-mot-de-passe")
    accounts.authenticate("marie", PASSWORD)
    refusal(accounts, "marie", "faux-mot-de-passe")
    refusal(accounts, "marie", "faux-mot-de-passe")
    assert accounts.authenticate("marie", PASSWORD) == marie
    assert rows(store, advisor_accounts)[0]["failed_attempts"] == 0


def test_enable_and_set_password_lift_a_lock(accounts, marie):
    for _ in range(3):
        refusal(accounts, "marie", "faux-mot-de-passe")
    accounts.enable("marie")
    assert accounts.authenticate("marie", PASSWORD) == marie
    for _ in range(3):
        refusal(accounts, "marie", "faux-mot-de-passe")
    accounts.set_password("marie", "un-tout-nouveau")
    assert refusal(accounts, "marie", PASSWORD).reason == "invalid"
    assert accounts.authenticate("marie", "un-tout-nouveau") == marie


def test_a_disabled_account_is_refused_and_its_sessions_closed(accounts, marie):
    token, _ = accounts.open_session(marie)
    other = accounts.create("paul", "Paul", PASSWORD)
    other_token, _ = accounts.open_session(other)
    accounts.disable("marie")
    assert accounts.session(token) is None
    assert accounts.session(other_token).account == other
    refused = refusal(accounts, "marie", PASSWORD)
    assert refused.reason == "disabled" and "désactivé" in refused.message
    assert refusal(accounts, "marie", "faux-mot-de-passe").reason == "invalid"  # tells nothing more
    assert accounts.get(marie.id).disabled
    accounts.enable("marie")
    assert accounts.authenticate("marie", PASSWORD).disabled is False


def test_no_rehash_with_the_current_parameters(accounts, store, marie):
    before = rows(store, advisor_accounts)[0]["password_hash"]
    accounts.authenticate("marie", PASSWORD)
    assert rows(store, advisor_accounts)[0]["password_hash"] == before


def test_a_hash_with_old_parameters_is_replaced_on_sign_in(accounts, store, marie):
    old = PasswordHasher(time_cost=1, memory_cost=8192).hash(PASSWORD)
    with store.engine.begin() as connection:
        connection.execute(advisor_accounts.update().values(password_hash=old))
    assert accounts.authenticate("marie", PASSWORD) == marie
    new = rows(store, advisor_accounts)[0]["password_hash"]
    assert new != old and not PasswordHasher().check_needs_rehash(new)
    assert accounts.authenticate("marie", PASSWORD) == marie


# ---------------------------------------------------------------------- sessions
def test_a_session_finds_its_account_and_stores_only_the_token_hash(accounts, store, clock, marie):
    token, session = accounts.open_session(marie)
    assert session.account == marie and session.expires_at == clock.now + timedelta(minutes=60)
    assert session.token_hash == token_hash(token) and len(session.csrf_token) >= 40
    (row,) = rows(store, console_sessions)
    assert row["token_hash"] == token_hash(token) and token not in row.values()
    assert all(token not in str(value) for value in row.values())
    found = accounts.session(token)
    assert found.account == marie and found.csrf_token == session.csrf_token
    second_token, second = accounts.open_session(marie)
    assert second_token != token and second.csrf_token != session.csrf_token


def test_an_unknown_token_has_no_session(accounts, marie):
    accounts.open_session(marie)
    assert accounts.session("pas-un-jeton") is None
    assert accounts.session("") is None


def test_a_session_expires_without_activity(accounts, store, clock, marie):
    token, _ = accounts.open_session(marie)
    clock.advance(minutes=59)
    assert accounts.session(token) is not None
    clock.advance(minutes=60)
    assert accounts.session(token) is None
    assert rows(store, console_sessions) == []  # deleted
    clock.advance(minutes=-30)
    assert accounts.session(token) is None


def test_activity_pushes_the_expiry_back(accounts, store, clock, marie):
    token, _ = accounts.open_session(marie)
    for _ in range(5):
        clock.advance(minutes=45)
        session = accounts.session(token)
        assert session is not None and session.expires_at == clock.now + timedelta(minutes=60)
    (row,) = rows(store, console_sessions)
    assert row["last_seen_at"].replace(tzinfo=timezone.utc) == clock.now


def test_closing_sessions(accounts, marie):
    first, _ = accounts.open_session(marie)
    second, _ = accounts.open_session(marie)
    third, _ = accounts.open_session(marie)
    accounts.close_session(first)
    assert accounts.session(first) is None and accounts.session(second) is not None
    assert accounts.close_sessions(marie.id) == 2
    assert accounts.session(second) is None and accounts.session(third) is None


def test_from_settings_uses_the_configured_database(monkeypatch, tmp_path):
    from litige.config import get_settings

    monkeypatch.setenv("TICKET_DB_URL", f"sqlite:///{tmp_path}/settings.db")
    monkeypatch.setenv("CONSOLE_SESSION_MINUTES", "30")
    get_settings.cache_clear()
    try:
        accounts = Accounts.from_settings()
        assert accounts.session_minutes == 30
        accounts.create("marie", "Marie", PASSWORD)
        assert (tmp_path / "settings.db").exists()
        accounts.store.engine.dispose()
    finally:
        get_settings.cache_clear()
