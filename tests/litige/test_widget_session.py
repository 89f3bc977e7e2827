"""The widget's session tokens: issued by the server, signed, and checked."""

from __future__ import annotations

import base64
import hashlib
import hmac
import re

import pytest

from channels.rest import SENDER_PATTERN
from litige.widget_session import (
    SECRET_VARIABLE,
    SessionSigner,
    is_widget_conversation,
    process_secret,
)

SECRET = b"un secret de test assez long pour signer"
OTHER = b"un autre secret, tout aussi long que lui"


@pytest.fixture
def signer() -> SessionSigner:
    return SessionSigner(SECRET)


def test_an_issued_token_gives_back_its_conversation(signer):
    conversation, token = signer.issue()
    assert re.fullmatch(r"web-[0-9a-f]{32}", conversation)
    assert token.startswith(conversation + ".")
    assert signer.verify(token) == conversation
    assert SessionSigner(SECRET).verify(token) == conversation  # another process, same secret


def test_each_conversation_is_new_and_random(signer):
    conversations = {signer.issue()[0] for _ in range(200)}
    assert len(conversations) == 200


def test_the_signature_is_an_hmac_sha256_of_the_conversation(signer):
    conversation, token = signer.issue()
    digest = hmac.new(SECRET, b"litige-widget-session-v1:" + conversation.encode(), hashlib.sha256).digest()
    assert token == conversation + "." + base64.urlsafe_b64encode(digest).decode().rstrip("=")


def test_a_token_signed_with_another_secret_is_refused(signer):
    _, token = SessionSigner(OTHER).issue()
    assert signer.verify(token) is None


def test_a_conversation_id_alone_or_a_chosen_one_is_refused(signer):
    conversation, token = signer.issue()
    assert signer.verify(conversation) is None
    assert signer.verify("conv-widget") is None
    assert signer.verify(conversation + ".") is None


def test_a_token_altered_anywhere_is_refused(signer):
    conversation, token = signer.issue()
    other_digit = "1" if conversation[-1] != "1" else "2"
    other_conversation = conversation[:-1] + other_digit
    signature = token.split(".", 1)[1]
    assert signer.verify(f"{other_conversation}.{signature}") is None  # someone else's id, same signature
    flipped = ("A" if signature[0] != "A" else "B") + signature[1:]
    assert signer.verify(f"{conversation}.{flipped}") is None
    assert signer.verify(token[:-1]) is None
    assert signer.verify(token + "A") is None
    assert signer.verify(token.upper()) is None
    assert signer.verify(" " + token) is None and signer.verify(token + "\n") is None


@pytest.mark.parametrize("token", [None, 42, ["web-" + "0" * 32], {}, b"web-", "", "x" * 10_000, "web-.sig"])
def test_anything_that_is_not_a_token_is_refused(signer, token):
    assert signer.verify(token) is None


def test_only_widget_conversation_ids_are_recognised(signer):
    conversation, token = signer.issue()
    assert is_widget_conversation(conversation)
    assert not is_widget_conversation(token)
    assert not is_widget_conversation("e2e-3f2a")
    assert not is_widget_conversation("web-" + "0" * 31)
    assert not is_widget_conversation("WEB-" + "0" * 32)
    assert not is_widget_conversation("web-" + "0" * 32 + "\n")
    assert not is_widget_conversation(None)


def test_a_conversation_id_is_a_valid_sender_everywhere(signer):
    """The REST channel's sender pattern accepts it (the console and the review desk use the
    same ids in their URLs): one id for tickets, trackers and the desk."""
    conversation, _ = signer.issue()
    assert SENDER_PATTERN.match(conversation)


def test_only_widget_ids_are_signed(signer):
    with pytest.raises(ValueError):
        signer.token_for("conv-widget")


def test_the_secret_comes_from_the_environment():
    environment = {SECRET_VARIABLE: SECRET.decode()}
    _, token = SessionSigner.from_environment(environment).issue()
    assert SessionSigner(SECRET).verify(token) is not None
    assert SessionSigner.from_environment(environment).ephemeral is False


@pytest.mark.parametrize("value", ["", "   "])
def test_without_a_secret_the_process_draws_its_own(value):
    signer = SessionSigner.from_environment({SECRET_VARIABLE: value})
    assert signer.ephemeral is True
    _, token = signer.issue()
    assert SessionSigner.from_environment({}).verify(token) is not None  # the same in this process
    assert process_secret() == process_secret() and len(process_secret()) == 32
    assert SessionSigner(SECRET).verify(token) is None  # not a guessable secret


def test_a_short_secret_is_refused():
    with pytest.raises(ValueError, match=f"{SECRET_VARIABLE} must be at least 32 characters"):
        SessionSigner.from_environment({SECRET_VARIABLE: "trop-court"})
