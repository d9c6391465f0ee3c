"""Orkestra Checkout for merchants' Python servers.

- ``Client``: the merchant API (sessions, transactions, refunds, payouts), typed with the
  types generated from the proxy's openapi.json (``orkestra_checkout.types``).
- ``webhooks.verify``: a signed webhook's body, checked and returned as the event.
- ``returns.verify``: the signed result the hosted page adds to your ``returnUrl``.

Each refuses what it cannot trust with ``SignatureError``.
"""

from . import returns, webhooks
from .client import ApiError, Client, ConnectionError
from .codes import (
    API_ERROR_CODES,
    FIELD_ERROR_CODES,
    ORDER_STATUSES,
    PAYMENT_METHODS,
    ApiErrorCode,
    ErrorCode,
    FieldErrorCode,
    OrderStatus,
    PaymentMethod,
)
from .signature import SignatureError

__all__ = [
    "API_ERROR_CODES",
    "FIELD_ERROR_CODES",
    "ORDER_STATUSES",
    "PAYMENT_METHODS",
    "ApiError",
    "ApiErrorCode",
    "Client",
    "ConnectionError",
    "ErrorCode",
    "FieldErrorCode",
    "OrderStatus",
    "PaymentMethod",
    "SignatureError",
    "returns",
    "webhooks",
]
