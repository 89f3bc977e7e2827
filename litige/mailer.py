"""The one mailer: every e-mail the bot promises goes through it.

``MAIL_URL`` (``smtp://user:password@host:port``, ``?starttls=1`` for STARTTLS, ``smtps://`` for
TLS) sends through SMTP; without it, or when the SMTP server refuses or cannot be reached, the
message is written to the outbox folder (``MAIL_OUTBOX_DIR``) as a standard ``.eml`` file, so
nothing is lost and a person can read it. The password never reaches a log line.
"""

from __future__ import annotations

import asyncio
import logging
import os
import re
import smtplib
import ssl
import tempfile
from dataclasses import dataclass
from datetime import datetime
from email.message import EmailMessage
from email.utils import format_datetime, make_msgid
from pathlib import Path
from typing import Optional
from urllib.parse import parse_qs, unquote, urlsplit

from litige import clock
from litige.clock import PARIS
from litige.config import ConfigError, Settings, get_settings

logger = logging.getLogger(__name__)
_ADDRESS = re.compile(r"^[^@\s<>,;\"]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)+$")


class InvalidAddress(ValueError):
    """Not a plausible e-mail address, or a header with a line break in it."""


@dataclass(frozen=True)
class Delivery:
    sent: bool  # accepted by an SMTP server
    outbox_path: Optional[Path]  # the .eml kept (no SMTP configured, or SMTP failed)
    message_id: str
    error: Optional[str] = None


@dataclass(frozen=True)
class _Smtp:
    host: str
    port: int
    tls: bool
    starttls: bool
    user: str
    password: str


def parse_mail_url(url: str) -> Optional[_Smtp]:
    if not url:
        return None
    parts = urlsplit(url)
    if parts.scheme not in ("smtp", "smtps"):
        raise ConfigError("MAIL_URL must start with smtp:// or smtps://")
    if not parts.hostname:
        raise ConfigError("MAIL_URL has no host")
    try:
        port = parts.port or (465 if parts.scheme == "smtps" else 25)
    except ValueError as exc:
        raise ConfigError("MAIL_URL has an invalid port") from exc
    query = parse_qs(parts.query)
    return _Smtp(
        host=parts.hostname,
        port=port,
        tls=parts.scheme == "smtps",
        starttls=(query.get("starttls") or ["0"])[0].lower() in ("1", "true", "yes"),
        user=unquote(parts.username or ""),
        password=unquote(parts.password or ""),
    )


def _clean_header(value: str, name: str) -> str:
    if "\r" in value or "\n" in value:
        raise InvalidAddress(f"{name} must be a single line")
    return value


class Mailer:
    def __init__(
        self, url: str = "", outbox: Path = Path("var/outbox"), sender: str = "", timeout: float = 10.0
    ):
        self.smtp = parse_mail_url(url)
        self.outbox = Path(outbox)
        self.sender = sender or "Service client <service-client@example.invalid>"
        self.timeout = timeout

    @classmethod
    def from_settings(cls, settings: Optional[Settings] = None) -> Mailer:
        settings = settings or get_settings()
        return cls(settings.mail_url, settings.mail_outbox, settings.mail_from)

    def message(self, to: str, subject: str, body: str, reply_to: Optional[str] = None) -> EmailMessage:
        to = _clean_header(to.strip(), "to")
        if not _ADDRESS.match(to):
            raise InvalidAddress("not a valid e-mail address")
        message = EmailMessage()
        message["From"] = self.sender
        message["To"] = to
        message["Subject"] = _clean_header(subject, "subject")
        if reply_to:
            message["Reply-To"] = _clean_header(reply_to, "reply_to")
        message["Date"] = format_datetime(clock.paris(clock.now()))
        message["Message-ID"] = make_msgid(domain="litige.local")
        message.set_content(body, charset="utf-8")
        return message

    def send(self, to: str, subject: str, body: str, reply_to: Optional[str] = None) -> Delivery:
        message = self.message(to, subject, body, reply_to)
        message_id = str(message["Message-ID"])
        if self.smtp is None:
            return Delivery(False, self._keep(message), message_id)
        try:
            self._deliver(message)
            return Delivery(True, None, message_id)
        except (OSError, smtplib.SMTPException) as error:
            reason = f"{type(error).__name__}: {error}".replace(self.smtp.password or "\0", "***")
            # the error's own text may quote the recipient's address: only its type in the logs
            logger.warning(
                "mail to the outbox, SMTP %s:%s failed: %s",
                self.smtp.host,
                self.smtp.port,
                type(error).__name__,
            )
            return Delivery(False, self._keep(message), message_id, reason)

    async def send_async(self, to: str, subject: str, body: str, reply_to: Optional[str] = None) -> Delivery:
        return await asyncio.to_thread(self.send, to, subject, body, reply_to)

    def _deliver(self, message: EmailMessage) -> None:
        smtp = self.smtp
        context = ssl.create_default_context()
        if smtp.tls:
            client = smtplib.SMTP_SSL(smtp.host, smtp.port, timeout=self.timeout, context=context)
        else:
            client = smtplib.SMTP(smtp.host, smtp.port, timeout=self.timeout)
        with client:
            if smtp.starttls:
                client.starttls(context=context)
            if smtp.user:
                client.login(smtp.user, smtp.password)
            client.send_message(message)

    def _keep(self, message: EmailMessage) -> Path:
        self.outbox.mkdir(parents=True, exist_ok=True)
        stamp = datetime.now(PARIS).strftime("%Y%m%dT%H%M%S%f")
        fd, temporary = tempfile.mkstemp(dir=self.outbox, prefix=".tmp-", suffix=".eml")
        with os.fdopen(fd, "wb") as handle:
            handle.write(message.as_bytes())
        path = self.outbox / f"{stamp}-{os.path.basename(temporary)[5:13]}.eml"
        os.replace(temporary, path)
        return path
