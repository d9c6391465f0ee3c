"""A real webhook from the real proxy, verified; and what must be refused: a tampered body,
an old timestamp, a wrong secret, a missing or malformed header. Rotation: several `v1`
signatures and several secrets."""

from __future__ import annotations

import hashlib
import hmac
import json
import re
import time

import pytest

from orkestra_checkout import Client, SignatureError, webhooks

from conftest import Endpoint, Received, Stack, pay_by_pix, settle


def is_paid_event(item: Received) -> bool:
    return bool(json.loads(item.body).get("type") == "checkout_session.paid")


def sign(secret: str, t: int, body: bytes) -> str:
    """Written here from the README's rule, independently of the package."""
    return hmac.new(secret.encode(), f"{t}.".encode() + body, hashlib.sha256).hexdigest()


@pytest.fixture
def paid_webhook(stack: Stack, client: Client, webhooks: Endpoint) -> tuple[Received, str]:
    session = settle(stack, client, pay_by_pix(client, webhook_url=webhooks.url))
    return webhooks.next(lambda item: is_paid_event(item) and session["id"] in item.body.decode()), session["id"]


def test_the_proxys_webhook_verifies_and_comes_back_as_the_event(stack: Stack, paid_webhook: tuple[Received, str]) -> None:
    received, session_id = paid_webhook
    assert received.signature and re.fullmatch(r"t=\d+,v1=[0-9a-f]{64}", received.signature)
    event = webhooks.verify(received.body, received.signature, stack.webhook_secret)
    assert event["id"].startswith("evt_")
    assert event["type"] == "checkout_session.paid"  # narrows the union to the session's event
    assert event["data"]["id"] == session_id
    assert event["data"]["status"] == "paid"
    # A text body (already decoded) verifies the same.
    assert webhooks.verify(received.body.decode(), received.signature, stack.webhook_secret)["id"] == event["id"]


def test_a_tampered_body_is_refused(stack: Stack, paid_webhook: tuple[Received, str]) -> None:
    received, _ = paid_webhook
    tampered = received.body.replace(b'"amount":"150.00"', b'"amount":"1.00"', 1)
    assert tampered != received.body
    with pytest.raises(SignatureError) as raised:
        webhooks.verify(tampered, received.signature, stack.webhook_secret)
    assert raised.value.reason == "no_matching_signature"


def test_an_old_timestamp_is_refused(stack: Stack, paid_webhook: tuple[Received, str]) -> None:
    received, _ = paid_webhook
    assert received.signature
    t = int(received.signature.split(",")[0].removeprefix("t="))
    # The real signature, read six minutes later: a replay.
    with pytest.raises(SignatureError) as late:
        webhooks.verify(received.body, received.signature, stack.webhook_secret, now=t + 301)
    assert late.value.reason == "timestamp_out_of_tolerance"
    assert webhooks.verify(received.body, received.signature, stack.webhook_secret, now=t + 299)
    # A body signed (correctly) ten minutes ago.
    old = int(time.time()) - 600
    with pytest.raises(SignatureError) as stale:
        webhooks.verify(received.body, f"t={old},v1={sign(stack.webhook_secret, old, received.body)}", stack.webhook_secret)
    assert stale.value.reason == "timestamp_out_of_tolerance"
    # The tolerance is the caller's.
    assert webhooks.verify(received.body, f"t={old},v1={sign(stack.webhook_secret, old, received.body)}", stack.webhook_secret, tolerance=900)


def test_a_wrong_secret_is_refused_and_a_rotation_accepts_either(stack: Stack, paid_webhook: tuple[Received, str]) -> None:
    received, _ = paid_webhook
    with pytest.raises(SignatureError) as wrong:
        webhooks.verify(received.body, received.signature, "whsec_not_this_one")
    assert wrong.value.reason == "no_matching_signature"
    # During a rotation the merchant lists both secrets; either order works.
    assert webhooks.verify(received.body, received.signature, ["whsec_new", stack.webhook_secret])
    assert webhooks.verify(received.body, received.signature, [stack.webhook_secret, "whsec_new"])
    # And a header with two signatures (the old key's and the new key's) verifies with either.
    now = int(time.time())
    header = f"t={now},v1={sign('whsec_old', now, received.body)},v1={sign('whsec_new', now, received.body)}"
    assert webhooks.verify(received.body, header, "whsec_new")
    assert webhooks.verify(received.body, header, "whsec_old")
    with pytest.raises(SignatureError):
        webhooks.verify(received.body, header, stack.webhook_secret)


@pytest.mark.parametrize(
    ("header", "reason"),
    [
        (None, "missing_signature"),
        ("", "missing_signature"),
        ("v1=" + "0" * 64, "malformed_signature"),
        ("t=abc,v1=" + "0" * 64, "malformed_signature"),
        ("t=1,t=2,v1=" + "0" * 64, "malformed_signature"),
        ("t=1700000000", "malformed_signature"),
        ("t=1700000000,v1=nothex", "malformed_signature"),
        ("t=1700000000,v0=" + "0" * 64, "malformed_signature"),
    ],
)
def test_a_missing_or_malformed_header_is_refused(stack: Stack, header: str | None, reason: str) -> None:
    with pytest.raises(SignatureError) as raised:
        webhooks.verify(b'{"id":"evt_1","type":"checkout_session.paid"}', header, stack.webhook_secret)
    assert raised.value.reason == reason


def test_a_signed_body_that_is_not_an_event_is_refused() -> None:
    now = int(time.time())
    for body in (b"not json", b"[1, 2]", b'{"type": "checkout_session.paid"}'):
        with pytest.raises(SignatureError) as raised:
            webhooks.verify(body, f"t={now},v1={sign('whsec', now, body)}", "whsec")
        assert raised.value.reason == "invalid_payload"
