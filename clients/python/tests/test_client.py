"""The client against the real proxy and sandbox: create, read, pay, refund, list, errors,
and a retry after a lost answer that makes no second payment."""

from __future__ import annotations

import pytest

from orkestra_checkout import ApiError, Client
from orkestra_checkout.types import CreateCheckoutSession, CreatePayout

from conftest import PAYER, Flaky, Stack, order_id, pay_by_pix, settle


def brazilian(merchant_order_id: str) -> CreateCheckoutSession:
    return {"merchantOrderId": merchant_order_id, "country": "BR", "currency": "BRL", "amount": "150.00"}


def test_a_session_is_created_read_and_created_again_as_the_same(client: Client) -> None:
    body = brazilian(order_id())
    created = client.sessions.create(body)
    assert created["id"].startswith("cs_")
    assert created["status"] == "open"
    assert created["amount"] == "150.00"
    assert created["url"].startswith("http")
    assert client.sessions.retrieve(created["id"])["merchantOrderId"] == body["merchantOrderId"]
    # Idempotent on merchantOrderId: the same request is the same session.
    assert client.sessions.create(body)["id"] == created["id"]


def test_a_bad_request_is_an_api_error_with_each_field(client: Client) -> None:
    body = brazilian(order_id())
    body["amount"] = "150.001"
    with pytest.raises(ApiError) as raised:
        client.sessions.create(body)
    assert raised.value.status == 422
    assert raised.value.code == "amount_too_many_decimals"
    assert raised.value.field == "amount"
    assert raised.value.fields == [{"field": "amount", "code": "amount_too_many_decimals"}]
    with pytest.raises(ApiError) as missing:
        client.sessions.retrieve("cs_doesnotexist")
    assert (missing.value.status, missing.value.code) == (404, "not_found")


def test_a_wrong_secret_is_refused_and_not_shown(stack: Stack) -> None:
    with Client(stack.proxy, "sk_wrong_secret") as wrong:
        with pytest.raises(ApiError) as raised:
            wrong.sessions.retrieve("cs_x")
    assert (raised.value.status, raised.value.code) == (401, "unauthorized")
    assert "sk_wrong_secret" not in str(raised.value)


def test_a_paid_transaction_is_listed_and_refunded_once_per_key(stack: Stack, client: Client) -> None:
    session = settle(stack, client, pay_by_pix(client))
    transaction = session["transactions"][0]
    assert transaction["method"] == "PIX"
    assert transaction["status"] == "paid"
    assert transaction["payer"]["document"] != PAYER.get("document"), "documents come back masked"

    listed = client.transactions.list(session_id=session["id"])
    assert [t["id"] for t in listed["data"]] == [transaction["id"]]
    assert listed["data"][0]["merchantOrderId"] == session["merchantOrderId"]

    key = f"refund-{session['merchantOrderId']}-1"
    refund = client.refunds.create(transaction["id"], {"amount": "30.00", "reason": "one item returned"}, idempotency_key=key)
    assert (refund["amount"], refund["transactionId"]) == ("30.00", transaction["id"])
    assert refund["status"] in ("pending", "refunded")
    again = client.refunds.create(transaction["id"], {"amount": "30.00", "reason": "one item returned"}, idempotency_key=key)
    assert again["id"] == refund["id"], "the same key is the same refund"
    assert [r["id"] for r in client.refunds.list(transaction["id"])] == [refund["id"]]

    with pytest.raises(ApiError) as too_much:
        client.refunds.create(transaction["id"], {"amount": "130.00"})
    assert (too_much.value.status, too_much.value.code, too_much.value.field) == (422, "amount_above_maximum", "amount")


def test_a_lost_answer_is_retried_with_the_same_key_and_pays_once(stack: Stack, client: Client, flaky: Flaky) -> None:
    session = client.sessions.create(brazilian(order_id()))
    with Client(flaky.url, stack.secret, max_retries=2) as through_flaky:
        paid = through_flaky.sessions.pay(session["id"], {"method": "PIX", "payer": PAYER})
    assert len(flaky.seen) == 2, flaky.seen
    assert flaky.seen[0][1] is not None and flaky.seen[0][1] == flaky.seen[1][1], "one key for both attempts"
    assert len(paid["transactions"]) == 1
    assert len(client.sessions.retrieve(session["id"])["transactions"]) == 1, "one payment, not two"


def test_without_retries_the_lost_answer_is_the_callers_error(stack: Stack, client: Client, flaky: Flaky) -> None:
    session = client.sessions.create(brazilian(order_id()))
    with Client(flaky.url, stack.secret, max_retries=0) as no_retries:
        with pytest.raises(ApiError) as raised:
            no_retries.sessions.retrieve(session["id"])
    assert (raised.value.status, raised.value.code) == (503, "upstream_unavailable")


def test_a_payout_is_created_once_per_reference_and_read(client: Client) -> None:
    reference = order_id()
    body: CreatePayout = {
        "referenceId": reference,
        "method": "PIX",
        "currency": "BRL",
        "amount": "25.00",
        "bankAccount": {"key": "+5511987654321", "document": "529.982.247-25", "documentType": "CPF"},
        "beneficiary": {"firstName": "Maria", "lastName": "da Silva", "type": "INDIVIDUAL", "document": "529.982.247-25", "documentType": "CPF"},
    }
    payout = client.payouts.create(body)
    assert payout["status"] in ("pending", "paid")
    assert payout["account"].startswith("***"), "the account comes back masked"
    assert client.payouts.create(body)["id"] == payout["id"]
    assert client.payouts.retrieve(payout["id"])["referenceId"] == reference
