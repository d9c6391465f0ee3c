"""``verify``: the result the proxy adds to your ``returnUrl`` (or ``cancelUrl``) when the
hosted page sends the payer back: ``orkestra_session_id``, ``orkestra_outcome``,
``orkestra_t`` and ``orkestra_signature``, the hex HMAC-SHA256 of
``<t>.return.<session id>.<outcome>`` with the webhook signing secret."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from urllib.parse import parse_qs, urlsplit

from .codes import ORDER_STATUSES, OrderStatus
from .signature import DEFAULT_TOLERANCE, SignatureError, check, parse_timestamp


@dataclass(frozen=True)
class VerifiedReturn:
    """A return the proxy signed. Still confirm with ``GET /v1/checkout-sessions/{id}`` or the
    webhook before shipping: this says what the order was when the payer left."""

    session_id: str
    outcome: OrderStatus
    #: When the proxy signed it, in Unix seconds.
    signed_at: int


Query = str | Mapping[str, str | Sequence[str]]


def _params(query: Query) -> dict[str, list[str]]:
    if isinstance(query, str):
        text = urlsplit(query).query if "://" in query or query.startswith("/") else query.lstrip("?")
        return parse_qs(text, keep_blank_values=True)
    out: dict[str, list[str]] = {}
    for key, value in query.items():
        out[key] = [value] if isinstance(value, str) else list(value)
    return out


def _single(params: dict[str, list[str]], name: str) -> str:
    values = params.get(name, [])
    if len(values) != 1 or not values[0]:
        # A repeated parameter is a forged address.
        raise SignatureError("malformed_signature", f"the return has no single {name}")
    return values[0]


def verify(
    query: Query,
    secret: str | Sequence[str],
    tolerance: int = DEFAULT_TOLERANCE,
    *,
    now: int | None = None,
) -> VerifiedReturn:
    """Verifies a signed return (a URL, a query string, or a mapping of its parameters such
    as ``request.args``) and returns what it says, or raises ``SignatureError``."""
    params = _params(query)
    if "orkestra_signature" not in params:
        raise SignatureError("missing_signature", "no orkestra_signature parameter")
    session_id = _single(params, "orkestra_session_id")
    outcome = _single(params, "orkestra_outcome")
    t = parse_timestamp(_single(params, "orkestra_t"))
    if t is None:
        raise SignatureError("malformed_signature", "orkestra_t is not Unix seconds")
    message = f"return.{session_id}.{outcome}".encode()
    check(secret, t, message, [_single(params, "orkestra_signature")], tolerance, now)
    for status in ORDER_STATUSES:
        if status == outcome:
            return VerifiedReturn(session_id, status, t)
    raise SignatureError("invalid_payload", f"unknown outcome {outcome}")
