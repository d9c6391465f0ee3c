"""``Client``: the merchant API (``/v1/…``) from your server, typed with the types generated
from the proxy's openapi.json. Every call of this API is idempotent (a session by its
``merchantOrderId``, a payout by its ``referenceId``, a payment and a refund by their
``Idempotency-Key``, a cancel by the session's state), so each is retried on a network
failure, a timeout, 429 (after ``Retry-After``), 500, 503 and 504 with the same body and
key. Never let the merchant secret reach a browser or a log."""

from __future__ import annotations

import builtins
import random
import time
import uuid
from typing import Any, Literal, cast
from urllib.parse import quote

import httpx

from .types import (
    CheckoutSession,
    CreateCheckoutSession,
    CreatePayout,
    CreatePayoutBatch,
    CreateRefund,
    ErrorBody,
    FieldError,
    Payout,
    PayoutBatch,
    Refund,
    SubmitTransaction,
    TransactionList,
    TransactionStatus,
)

_RETRYABLE = {429, 500, 503, 504}
_MAX_DELAY = 30.0


class ApiError(Exception):
    """The proxy answered with an error (``{"error": {code, message, field?, fields?}}``)."""

    def __init__(self, status: int, body: ErrorBody | None) -> None:
        code = body["code"] if body else "internal_error"
        message = body.get("message", "") if body else ""
        super().__init__(f"{status} {code}" + (f": {message}" if message else ""))
        self.status = status
        #: An ``ErrorCode`` (``orkestra_checkout.codes``).
        self.code: str = code
        self.field: str | None = body.get("field") if body else None
        self.fields: list[FieldError] = list(body.get("fields", [])) if body else []


class ConnectionError(builtins.ConnectionError):
    """No answer after every attempt (network failures or timeouts)."""


def _path(template: str, *ids: str) -> str:
    return template.format(*(quote(i, safe="") for i in ids))


class Client:
    """A client of the merchant API::

        client = Client("https://pay.example", os.environ["ORKESTRA_MERCHANT_SECRET"])
        session = client.sessions.create({"merchantOrderId": "o-1", "country": "BR",
                                          "currency": "BRL", "amount": "150.00"})
    """

    def __init__(
        self,
        base_url: str,
        secret: str,
        *,
        max_retries: int = 2,
        timeout: float = 30.0,
        http: httpx.Client | None = None,
    ) -> None:
        if not base_url or not secret:
            raise TypeError("Client needs the proxy's base_url and the merchant secret")
        self._base_url = base_url.rstrip("/")
        self._secret = secret
        self._max_retries = max_retries
        self._http = http or httpx.Client(timeout=timeout)
        self._owns_http = http is None
        self.sessions = Sessions(self)
        self.transactions = Transactions(self)
        self.refunds = Refunds(self)
        self.payouts = Payouts(self)

    def close(self) -> None:
        if self._owns_http:
            self._http.close()

    def __enter__(self) -> Client:
        return self

    def __exit__(self, *_: object) -> None:
        self.close()

    def request(
        self,
        method: Literal["GET", "POST"],
        path: str,
        *,
        body: object = None,
        idempotency_key: str | None = None,
        params: dict[str, str] | None = None,
    ) -> Any:
        """One call, retried as the module says."""
        headers = {"authorization": f"Bearer {self._secret}", "accept": "application/json"}
        if idempotency_key is not None:
            headers["idempotency-key"] = idempotency_key
        url = f"{self._base_url}{path}"
        attempt = 0
        while True:
            last = attempt >= self._max_retries
            try:
                response = self._http.request(
                    method, url, headers=headers, params=params,
                    json=body if body is not None else None,
                )
            except httpx.TransportError as error:
                if last:
                    raise ConnectionError(f"{method} {path}: no answer after {attempt + 1} attempt(s)") from error
                time.sleep(_backoff(attempt))
                attempt += 1
                continue
            if response.is_success:
                return response.json()
            if last or response.status_code not in _RETRYABLE:
                raise ApiError(response.status_code, _error_body(response))
            time.sleep(_retry_after(response) or _backoff(attempt))
            attempt += 1


def _error_body(response: httpx.Response) -> ErrorBody | None:
    try:
        body = response.json()
    except ValueError:
        return None
    error = body.get("error") if isinstance(body, dict) else None
    return cast(ErrorBody, error) if isinstance(error, dict) and "code" in error else None


def _backoff(attempt: int) -> float:
    """0.25 s, 0.5 s, 1 s… with jitter, at most 4 s."""
    return float(min(4.0, 0.25 * 2**attempt) * (0.5 + random.random() / 2))


def _retry_after(response: httpx.Response) -> float | None:
    try:
        seconds = float(response.headers.get("retry-after", ""))
    except ValueError:
        return None
    return min(seconds, _MAX_DELAY) if seconds > 0 else None


class Sessions:
    def __init__(self, client: Client) -> None:
        self._client = client

    def create(self, body: CreateCheckoutSession) -> CheckoutSession:
        """A new session (201), or the same one again for the same ``merchantOrderId`` and body."""
        return cast(CheckoutSession, self._client.request("POST", "/v1/checkout-sessions", body=body))

    def retrieve(self, session_id: str) -> CheckoutSession:
        path = _path("/v1/checkout-sessions/{}", session_id)
        return cast(CheckoutSession, self._client.request("GET", path))

    def cancel(self, session_id: str) -> CheckoutSession:
        """Withdraws an open, failed or partly paid session with no payment in flight."""
        path = _path("/v1/checkout-sessions/{}/cancel", session_id)
        return cast(CheckoutSession, self._client.request("POST", path))

    def pay(
        self, session_id: str, body: SubmitTransaction, *, idempotency_key: str | None = None
    ) -> CheckoutSession:
        """Host-to-host payment (your own form): card data then passes through your servers.
        Give the same ``idempotency_key`` for the same attempt (default: a random one, reused
        by this call's retries)."""
        path = _path("/v1/checkout-sessions/{}/transactions", session_id)
        key = idempotency_key or str(uuid.uuid4())
        return cast(CheckoutSession, self._client.request("POST", path, body=body, idempotency_key=key))


class Transactions:
    def __init__(self, client: Client) -> None:
        self._client = client

    def list(
        self,
        *,
        session_id: str | None = None,
        status: TransactionStatus | None = None,
        before: str | None = None,
        limit: int | None = None,
    ) -> TransactionList:
        """Newest first; pass ``next_before`` as ``before`` for the next page."""
        params = {
            name: str(value)
            for name, value in (("sessionId", session_id), ("status", status), ("before", before), ("limit", limit))
            if value is not None
        }
        return cast(TransactionList, self._client.request("GET", "/v1/transactions", params=params))


class Refunds:
    def __init__(self, client: Client) -> None:
        self._client = client

    def create(
        self,
        transaction_id: str,
        body: CreateRefund | None = None,
        *,
        idempotency_key: str | None = None,
    ) -> Refund:
        """Refunds a paid transaction (all that is left without ``amount``). The same
        ``idempotency_key`` for the same transaction is the same refund."""
        path = _path("/v1/transactions/{}/refunds", transaction_id)
        key = idempotency_key or str(uuid.uuid4())
        return cast(Refund, self._client.request("POST", path, body=body or {}, idempotency_key=key))

    def list(self, transaction_id: str) -> builtins.list[Refund]:
        path = _path("/v1/transactions/{}/refunds", transaction_id)
        return cast(builtins.list[Refund], self._client.request("GET", path))


class Payouts:
    def __init__(self, client: Client) -> None:
        self._client = client

    def create(self, body: CreatePayout) -> Payout:
        """Idempotent on ``referenceId``."""
        return cast(Payout, self._client.request("POST", "/v1/payouts", body=body))

    def create_batch(self, body: CreatePayoutBatch) -> PayoutBatch:
        return cast(PayoutBatch, self._client.request("POST", "/v1/payouts/batch", body=body))

    def retrieve(self, payout_id: str) -> Payout:
        return cast(Payout, self._client.request("GET", _path("/v1/payouts/{}", payout_id)))
