"""``verify``: the body the proxy posted to your ``webhookUrl``, checked against its
``Orkestra-Signature`` header (``t=<unix seconds>,v1=<hex HMAC-SHA256 of "<t>.<raw body>">``)
and returned as the event."""

from __future__ import annotations

import json
from collections.abc import Sequence
from typing import Literal, TypedDict, Union

from .codes import ChargeEventType, CheckoutSessionEventType
from .signature import DEFAULT_TOLERANCE, SignatureError, check, parse_timestamp
from .types import ChargeEvent, CheckoutSession, Payout, Refund

#: The header the proxy signs its webhooks with.
SIGNATURE_HEADER = "Orkestra-Signature"


class CheckoutSessionWebhook(TypedDict):
    """``checkout_session.<status>``: the order's status changed."""

    id: str
    type: CheckoutSessionEventType
    createdAt: str
    data: CheckoutSession


class ChargeWebhook(TypedDict):
    """``charge.<status>``, ``charge.refunded``, ``charge.refund_failed``."""

    id: str
    type: ChargeEventType
    createdAt: str
    data: ChargeEvent


class RefundWebhook(TypedDict):
    """``refund.<status>``."""

    id: str
    type: Literal["refund.pending", "refund.refunded", "refund.failed"]
    createdAt: str
    data: Refund


class PayoutWebhook(TypedDict):
    """``payout.<status>`` (to ``PROXY_PAYOUT_WEBHOOK_URL``)."""

    id: str
    type: Literal["payout.pending", "payout.paid", "payout.failed"]
    createdAt: str
    data: Payout


#: Every signed event the proxy sends (a dict); look at ``type`` first (type checkers narrow
#: the union on it).
WebhookEvent = Union[CheckoutSessionWebhook, ChargeWebhook, RefundWebhook, PayoutWebhook]


def verify(
    payload: bytes | str,
    header: str | None,
    secret: str | Sequence[str],
    tolerance: int = DEFAULT_TOLERANCE,
    *,
    now: int | None = None,
) -> WebhookEvent:
    """Verifies a webhook and returns its event, or raises ``SignatureError``.

    ``payload`` is the raw body as received (``await request.body()``), not parsed JSON: the
    signature covers its exact bytes. ``header`` may carry several ``v1=`` values; ``secret``
    may be several (during a rotation): any match is enough. ``tolerance`` is how far, in
    seconds, ``t`` may be from now.
    """
    if isinstance(payload, str):
        payload = payload.encode()
    if not isinstance(payload, bytes):
        raise TypeError("payload must be the raw body (bytes), not parsed JSON")
    if not header:
        raise SignatureError("missing_signature", f"no {SIGNATURE_HEADER} header")
    timestamps: list[str] = []
    signatures: list[str] = []
    for part in header.split(","):
        key, sep, value = part.partition("=")
        if not sep:
            continue
        if key.strip() == "t":
            timestamps.append(value.strip())
        elif key.strip() == "v1":
            signatures.append(value.strip())
    t = parse_timestamp(timestamps[0]) if len(timestamps) == 1 else None
    if t is None:
        raise SignatureError("malformed_signature", f"{SIGNATURE_HEADER} has no single t=<unix seconds>")
    check(secret, t, payload, signatures, tolerance, now)
    try:
        event = json.loads(payload)
    except ValueError:
        raise SignatureError("invalid_payload", "the signed body is not JSON") from None
    if not isinstance(event, dict) or not isinstance(event.get("id"), str) or not isinstance(event.get("type"), str):
        raise SignatureError("invalid_payload", "the signed body is not an event")
    result: WebhookEvent = event  # type: ignore[assignment]
    return result
