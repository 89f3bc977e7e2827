import asyncio
import email
import logging
import socket
from email import policy

import pytest
from aiosmtpd.controller import Controller

from litige.config import ConfigError
from litige.mailer import InvalidAddress, Mailer

SUBJECT = "Votre réclamation LIT-2026-000123 : suivi prévu le mardi 8 décembre"
BODY = "Bonjour,\n\nUn conseiller vous recontactera le mardi 8 décembre avant 12 h.\n\nLe service client"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class Collect:
    def __init__(self, refuse_rcpt=False):
        self.messages = []
        self.refuse_rcpt = refuse_rcpt

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        if self.refuse_rcpt:
            return "550 mailbox unavailable"
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):
        self.messages.append((envelope.rcpt_tos, envelope.content))
        return "250 Message accepted"


@pytest.fixture
def smtp_server():
    servers = []

    def start(handler):
        controller = Controller(handler, hostname="127.0.0.1", port=free_port())
        controller.start()
        servers.append(controller)
        return controller

    yield start
    for controller in servers:
        controller.stop()


def read(raw: bytes):
    return email.message_from_bytes(raw, policy=policy.default)


def test_without_smtp_the_message_is_kept_in_the_outbox(tmp_path):
    delivery = Mailer(outbox=tmp_path / "outbox").send("claire.martin@example.fr", SUBJECT, BODY)
    assert not delivery.sent and delivery.error is None
    [path] = list((tmp_path / "outbox").glob("*.eml"))
    assert path == delivery.outbox_path
    message = read(path.read_bytes())
    assert (message["To"], message["Subject"]) == ("claire.martin@example.fr", SUBJECT)
    assert message.get_content().strip() == BODY
    assert message["Message-ID"] == delivery.message_id


def test_two_messages_never_share_a_file(tmp_path):
    mailer = Mailer(outbox=tmp_path)
    paths = {mailer.send("a@example.fr", "Sujet", "corps").outbox_path for _ in range(5)}
    assert len(paths) == 5 and not list(tmp_path.glob(".tmp-*"))


def test_smtp_delivery_reaches_a_real_server(tmp_path, smtp_server):
    handler = Collect()
    server = smtp_server(handler)
    mailer = Mailer(f"smtp://127.0.0.1:{server.port}", outbox=tmp_path)
    delivery = mailer.send("claire.martin@example.fr", SUBJECT, BODY)
    assert delivery.sent and delivery.outbox_path is None
    [(recipients, content)] = handler.messages
    assert recipients == ["claire.martin@example.fr"]
    message = read(content)
    assert message["Subject"] == SUBJECT and "avant 12 h" in message.get_content()
    assert not list(tmp_path.glob("*.eml"))


def test_smtp_down_keeps_the_message_and_says_why(tmp_path, caplog):
    mailer = Mailer(f"smtp://robot:s3cr%C3%A9t@127.0.0.1:{free_port()}", outbox=tmp_path, timeout=2)
    with caplog.at_level(logging.WARNING):
        delivery = mailer.send("claire.martin@example.fr", SUBJECT, BODY)
    assert not delivery.sent and delivery.error
    assert delivery.outbox_path.exists()
    assert "s3cr" not in caplog.text and "s3cr" not in delivery.error


def test_a_refused_recipient_is_kept_in_the_outbox(tmp_path, smtp_server):
    server = smtp_server(Collect(refuse_rcpt=True))
    delivery = Mailer(f"smtp://127.0.0.1:{server.port}", outbox=tmp_path).send(
        "x@example.fr", "Sujet", "corps"
    )
    assert not delivery.sent and "550" in delivery.error and delivery.outbox_path.exists()


@pytest.mark.parametrize(
    "to, subject",
    [
        ("pas-une-adresse", "Sujet"),
        ("a@b", "Sujet"),
        ("a@example.fr\r\nBcc: x@evil.fr", "Sujet"),
        ("a@example.fr", "x\nBcc: y"),
    ],
)
def test_bad_addresses_and_header_injection_are_refused(tmp_path, to, subject):
    with pytest.raises(InvalidAddress):
        Mailer(outbox=tmp_path).send(to, subject, "corps")
    assert not list(tmp_path.glob("*.eml"))


@pytest.mark.parametrize("url", ["http://mail.example.fr", "smtp://", "smtp://host:notaport"])
def test_bad_mail_urls_are_refused(url):
    with pytest.raises(ConfigError):
        Mailer(url)


def test_credentials_are_read_from_the_url():
    smtp = Mailer("smtp://service%40shop.fr:mot%20de%20passe@mail.example.fr:587?starttls=1").smtp
    assert (smtp.user, smtp.password, smtp.host, smtp.port, smtp.starttls, smtp.tls) == (
        "service@shop.fr",
        "mot de passe",
        "mail.example.fr",
        587,
        True,
        False,
    )
    assert Mailer("smtps://mail.example.fr").smtp.port == 465


def test_send_async(tmp_path, smtp_server):
    handler = Collect()
    server = smtp_server(handler)
    mailer = Mailer(f"smtp://127.0.0.1:{server.port}", outbox=tmp_path)
    delivery = asyncio.run(mailer.send_async("claire.martin@example.fr", SUBJECT, BODY))
    assert delivery.sent and len(handler.messages) == 1
