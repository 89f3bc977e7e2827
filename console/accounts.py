"""The advisors' console accounts and their sign-in sessions.

* Passwords only as argon2 hashes (argon2-cffi), rehashed when the parameters change.
* A sign-in refusal never tells whether the login exists (same message, and an unknown login
  is still checked against a dummy hash so that both take the same time).
* ``max_failures`` failed sign-ins in a row lock the account for ``lockout_minutes``, even
  against the right password.
* Sessions: a random token for the browser, only its SHA-256 in the database, a CSRF token,
  a sliding expiry (``session_minutes`` without activity).
"""

from __future__ import annotations

import hashlib
import re
import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone
from typing import Callable, List, Optional, Tuple

import sqlalchemy as sa
from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError

from litige import clock as _clock
from litige.tickets.models import ADVISOR_ROLES
from litige.tickets.models import advisor_accounts as acct
from litige.tickets.models import console_sessions as sess
from litige.tickets.store import TicketStore

ROLES = ADVISOR_ROLES  # ("agent", "admin", "trainer")
LOGIN_PATTERN = re.compile(r"^[a-z0-9._@-]+$")
MIN_PASSWORD = 10
INVALID = "Identifiant ou mot de passe incorrect."
DISABLED = "Ce compte est désactivé : adressez-vous à un administrateur."


class AccountError(ValueError):
    """A request on the accounts that cannot be done; ``str(error)`` is a French message."""


class SignInRefused(Exception):
    """``reason`` is "invalid", "locked" or "disabled"; ``message`` is for the advisor."""

    def __init__(self, reason: str, message: str):
        super().__init__(message)
        self.reason = reason
        self.message = message


@dataclass(frozen=True)
class Account:
    id: int
    login: str
    first_name: str
    role: str
    disabled: bool


@dataclass(frozen=True)
class Session:
    token_hash: str
    account: Account
    csrf_token: str
    expires_at: datetime


def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


def normalise_login(login: str) -> str:
    return (login or "").strip().lower()


def _account(row) -> Account:
    return Account(row.id, row.login, row.first_name, row.role, bool(row.disabled))


def _check_password(password: str) -> None:
    if not isinstance(password, str) or len(password) < MIN_PASSWORD:
        raise AccountError(f"Le mot de passe doit faire au moins {MIN_PASSWORD} caractères.")


def _check_login(login: str) -> str:
    login = normalise_login(login)
    if not 2 <= len(login) <= 60:
        raise AccountError("L'identifiant doit faire entre 2 et 60 caractères.")
    if not LOGIN_PATTERN.match(login):
        raise AccountError(
            "L'identifiant ne peut contenir que des lettres minuscules sans accent, "
            "des chiffres et les signes . _ @ -."
        )
    return login


class Accounts:
    def __init__(
        self,
        store: TicketStore,
        clock: Callable[[], datetime] = _clock.now,
        session_minutes: int = 480,
        max_failures: int = 5,
        lockout_minutes: int = 15,
    ):
        self.store = store
        self.clock = clock
        self.session_minutes = session_minutes
        self.max_failures = max_failures
        self.lockout_minutes = lockout_minutes
        self.hasher = PasswordHasher()
        self._dummy_hash: Optional[str] = None

    @classmethod
    def from_settings(cls, **overrides) -> Accounts:
        from litige.config import get_settings

        settings = get_settings()
        store = TicketStore(settings.ticket_db_url, timeout=settings.ticket_db_timeout)
        overrides.setdefault("session_minutes", settings.console_session_minutes)
        return cls(store, **overrides)

    def _now(self) -> datetime:
        return self.clock().astimezone(timezone.utc)

    def _first(self, statement):
        return self.store._run(lambda c: c.execute(statement).first())

    def _rowcount(self, statement) -> int:
        return self.store._run(lambda c: c.execute(statement).rowcount)

    @staticmethod
    def _locked_row(connection, login: str):
        return connection.execute(sa.select(acct).where(acct.c.login == login).with_for_update()).first()

    def _update(self, login: str, **values) -> None:
        login = normalise_login(login)
        if not self._rowcount(acct.update().where(acct.c.login == login).values(**values)):
            raise AccountError(f"Aucun compte « {login} ».")

    # ------------------------------------------------------------------ accounts
    def create(self, login: str, first_name: str, password: str, role: str = "agent") -> Account:
        login = _check_login(login)
        first_name = (first_name or "").strip()
        if not first_name:
            raise AccountError("Le prénom est obligatoire.")
        if len(first_name) > 80:
            raise AccountError("Le prénom ne peut pas dépasser 80 caractères.")
        if role not in ROLES:
            raise AccountError(f"Rôle inconnu « {role} » : choisissez parmi {', '.join(ROLES)}.")
        _check_password(password)
        values = dict(login=login, first_name=first_name, role=role, password_hash=self.hasher.hash(password))
        values.update(disabled=False, failed_attempts=0, created_at=self._now())

        def work(connection):
            if self._locked_row(connection, login) is not None:
                return None
            try:
                with connection.begin_nested():
                    return connection.execute(acct.insert().values(**values)).inserted_primary_key[0]
            except sa.exc.IntegrityError:  # created by someone else at the same moment
                return None

        account_id = self.store._run(work)
        if account_id is None:
            raise AccountError(f"Le compte « {login} » existe déjà.")
        return Account(account_id, login, first_name, role, False)

    def disable(self, login: str) -> None:
        """Disables the account and closes its sessions."""
        login = normalise_login(login)

        def work(connection):
            row = self._locked_row(connection, login)
            if row is not None:
                connection.execute(acct.update().where(acct.c.id == row.id).values(disabled=True))
                connection.execute(sess.delete().where(sess.c.account_id == row.id))
            return row

        if self.store._run(work) is None:
            raise AccountError(f"Aucun compte « {login} ».")

    def enable(self, login: str) -> None:
        """Enables the account again, lifting any lock-out."""
        self._update(login, disabled=False, failed_attempts=0, locked_until=None)

    def set_password(self, login: str, password: str) -> None:
        """A new password; also lifts a lock-out (open sessions are kept)."""
        _check_password(password)
        self._update(login, password_hash=self.hasher.hash(password), failed_attempts=0, locked_until=None)

    def list(self) -> List[Account]:
        rows = self.store._run(lambda c: c.execute(sa.select(acct).order_by(acct.c.login)).fetchall())
        return [_account(row) for row in rows]

    def get(self, account_id: int) -> Optional[Account]:
        row = self._first(sa.select(acct).where(acct.c.id == account_id))
        return _account(row) if row is not None else None

    def any_account(self) -> bool:
        return self._first(sa.select(acct.c.id).limit(1)) is not None

    # ------------------------------------------------------------------ sign-in
    def _verify(self, password_hash: str, password: str) -> bool:
        try:
            return self.hasher.verify(password_hash, password)
        except (VerificationError, InvalidHashError):
            return False

    def locked_message(self) -> str:
        unit = "minute" if self.lockout_minutes == 1 else "minutes"
        return f"Trop de tentatives : ce compte est bloqué pendant {self.lockout_minutes} {unit}."

    def authenticate(self, login: str, password: str) -> Account:
        """The account, or ``SignInRefused`` (the message never tells whether the login exists)."""
        login = normalise_login(login)
        password = password if isinstance(password, str) else ""
        row = self._first(sa.select(acct).where(acct.c.login == login))
        if row is None:
            if self._dummy_hash is None:
                self._dummy_hash = self.hasher.hash(secrets.token_urlsafe(16))
            self._verify(self._dummy_hash, password)  # the same time as for a real account
            raise SignInRefused("invalid", INVALID)
        good = self._verify(row.password_hash, password)  # outside the transaction: it is slow
        rehash = good and self.hasher.check_needs_rehash(row.password_hash)
        new_hash = self.hasher.hash(password) if rehash else None
        now = self._now()

        def work(connection):
            current = self._locked_row(connection, login)
            if current is None:
                return "invalid"
            locked_until = _clock.aware(current.locked_until)
            if locked_until is not None and locked_until > now:
                return "locked"
            failures = current.failed_attempts if locked_until is None else 0  # a lock that ran out
            where = acct.c.id == current.id
            if not good:
                failures += 1
                lock = (
                    now + timedelta(minutes=self.lockout_minutes) if failures >= self.max_failures else None
                )
                connection.execute(
                    acct.update().where(where).values(failed_attempts=failures, locked_until=lock)
                )
                return "locked" if lock else "invalid"
            values = dict(failed_attempts=0, locked_until=None)
            if new_hash is not None and current.password_hash == row.password_hash:
                values["password_hash"] = new_hash
            connection.execute(acct.update().where(where).values(**values))
            return "disabled" if current.disabled else _account(current)

        outcome = self.store._run(work)
        if isinstance(outcome, Account):
            return outcome
        messages = {"invalid": INVALID, "locked": self.locked_message(), "disabled": DISABLED}
        raise SignInRefused(outcome, messages[outcome])

    # ------------------------------------------------------------------ sessions
    def open_session(self, account: Account) -> Tuple[str, Session]:
        """A new session: the token goes to the browser, only its SHA-256 is stored."""
        token, csrf, now = secrets.token_urlsafe(32), secrets.token_urlsafe(32), self._now()
        session = Session(token_hash(token), account, csrf, now + timedelta(minutes=self.session_minutes))
        values = dict(token_hash=session.token_hash, account_id=account.id, csrf_token=csrf)
        values.update(created_at=now, expires_at=session.expires_at, last_seen_at=now)
        self.store._run(lambda c: c.execute(sess.insert().values(**values)))
        return token, session

    def session(self, token: str) -> Optional[Session]:
        """The session of this token, its expiry pushed back; None if unknown, expired or disabled."""
        if not token or not isinstance(token, str):
            return None
        hashed, now = token_hash(token), self._now()
        this = sess.c.token_hash == hashed
        columns = [sess.c.csrf_token, sess.c.expires_at, acct.c.id, acct.c.login, acct.c.first_name]
        columns += [acct.c.role, acct.c.disabled]

        def work(connection):
            row = connection.execute(
                sa.select(*columns).join_from(sess, acct, acct.c.id == sess.c.account_id).where(this)
            ).first()
            if row is None or row.disabled or _clock.aware(row.expires_at) <= now:
                connection.execute(sess.delete().where(this))
                return None
            expires_at = now + timedelta(minutes=self.session_minutes)
            connection.execute(sess.update().where(this).values(last_seen_at=now, expires_at=expires_at))
            return Session(hashed, _account(row), row.csrf_token, expires_at)

        return self.store._run(work)

    def close_session(self, token: str) -> None:
        self._rowcount(sess.delete().where(sess.c.token_hash == token_hash(token or "")))

    def close_sessions(self, account_id: int) -> int:
        """Closes every session of the account; returns how many there were."""
        return self._rowcount(sess.delete().where(sess.c.account_id == account_id))
