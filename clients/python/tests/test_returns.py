"""A real signed return from the real proxy (`GET /pay/{token}/return`, a 303 to the
session's `returnUrl`), verified from a URL, a query string and a mapping; tampered, old or
repeated ones refused."""

from __future__ import annotations

import time
from urllib.parse import parse_qs, urlsplit

import httpx
import pytest

from orkestra_checkout import Client, SignatureError, returns

from conftest import Stack, pay_by_pix, settle

RETURN_URL = "https://shop.example/thanks?cart=42"


def signed_return(stack: Stack, session_url: str) -> str:
    token = session_url.rstrip("/").rsplit("/", 1)[-1]
    response = httpx.get(f"{stack.proxy}/pay/{token}/return", follow_redirects=False)
    assert response.status_code == 303, response.text
    return response.headers["location"]


@pytest.fixture
def paid_return(stack: Stack, client: Client) -> tuple[str, str]:
    session = settle(stack, client, pay_by_pix(client, return_url=RETURN_URL))
    return signed_return(stack, session["url"]), session["id"]


def test_the_proxys_return_verifies_in_every_form(stack: Stack, paid_return: tuple[str, str]) -> None:
    location, session_id = paid_return
    assert location.startswith("https://shop.example/thanks?cart=42&orkestra_session_id=")
    result = returns.verify(location, stack.webhook_secret)
    assert (result.session_id, result.outcome) == (session_id, "paid")
    assert abs(result.signed_at - time.time()) < 60
    query = urlsplit(location).query
    assert returns.verify(query, stack.webhook_secret) == result
    assert returns.verify("?" + query, stack.webhook_secret) == result
    assert returns.verify(parse_qs(query), stack.webhook_secret) == result
    assert returns.verify({k: v[0] for k, v in parse_qs(query).items()}, stack.webhook_secret) == result
    assert returns.verify(query, ["old-secret", stack.webhook_secret]) == result


def test_a_tampered_return_is_refused(stack: Stack, client: Client) -> None:
    session = client.sessions.create(
        {"merchantOrderId": f"py-open-{int(time.time() * 1000)}", "country": "BR", "currency": "BRL", "amount": "9.90", "returnUrl": RETURN_URL}
    )
    location = signed_return(stack, session["url"])
    assert returns.verify(location, stack.webhook_secret).outcome == "open"
    forged = location.replace("orkestra_outcome=open", "orkestra_outcome=paid")
    assert forged != location
    with pytest.raises(SignatureError) as raised:
        returns.verify(forged, stack.webhook_secret)
    assert raised.value.reason == "no_matching_signature"
    with pytest.raises(SignatureError) as other:
        returns.verify(location.replace(session["id"], "cs_someone_else"), stack.webhook_secret)
    assert other.value.reason == "no_matching_signature"
    with pytest.raises(SignatureError) as repeated:
        returns.verify(location + "&orkestra_outcome=paid", stack.webhook_secret)
    assert repeated.value.reason == "malformed_signature"
    with pytest.raises(SignatureError) as wrong_key:
        returns.verify(location, "not-the-secret")
    assert wrong_key.value.reason == "no_matching_signature"


def test_an_old_return_is_refused(stack: Stack, paid_return: tuple[str, str]) -> None:
    location, _ = paid_return
    t = returns.verify(location, stack.webhook_secret).signed_at
    with pytest.raises(SignatureError) as raised:
        returns.verify(location, stack.webhook_secret, now=t + 301)
    assert raised.value.reason == "timestamp_out_of_tolerance"
    assert returns.verify(location, stack.webhook_secret, tolerance=600, now=t + 301).outcome == "paid"


def test_a_return_without_its_parameters_is_refused(stack: Stack) -> None:
    with pytest.raises(SignatureError) as raised:
        returns.verify("https://shop.example/thanks?cart=42", stack.webhook_secret)
    assert raised.value.reason == "missing_signature"
