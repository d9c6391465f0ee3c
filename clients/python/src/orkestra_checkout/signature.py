"""What the proxy signs for the merchant, and how it is checked: hex HMAC-SHA256, keyed with
the webhook signing secret, of ``<t>.<message>`` (a webhook's raw body, or a return's
``return.<session id>.<outcome>``), accepted within a tolerance of ``t``. Several secrets
(the old and the new during a rotation) and several signatures are accepted: one pair that
matches is enough."""

from __future__ import annotations

import hashlib
import hmac
import re
import time
from collections.abc import Sequence
from typing import Literal

#: Why a signature was refused (``SignatureError.reason``).
Failure = Literal[
    "missing_signature",
    "malformed_signature",
    "no_matching_signature",
    "timestamp_out_of_tolerance",
    "invalid_payload",
]

DEFAULT_TOLERANCE = 300

_HEX64 = re.compile(r"[0-9a-fA-F]{64}")
_DIGITS = re.compile(r"[0-9]{1,15}")


class SignatureError(Exception):
    """A webhook or a return that is not (or no longer) Orkestra's: do not trust it."""

    def __init__(self, reason: Failure, message: str) -> None:
        super().__init__(message)
        self.reason: Failure = reason


def parse_timestamp(text: str | None) -> int | None:
    """Unix seconds from a string of digits only, else None."""
    if text is None or not _DIGITS.fullmatch(text):
        return None
    return int(text)


def secrets_of(secret: str | Sequence[str]) -> list[str]:
    keys = [secret] if isinstance(secret, str) else list(secret)
    if not keys or any(not isinstance(k, str) or not k for k in keys):
        raise TypeError("a signing secret (a non-empty string, or a list of them) is required")
    return keys


def check(
    secret: str | Sequence[str],
    t: int,
    message: bytes,
    signatures: Sequence[str],
    tolerance: int = DEFAULT_TOLERANCE,
    now: int | None = None,
) -> None:
    """Checks ``signatures`` (hex) of ``<t>.<message>`` against every secret, each
    comparison in constant time, then ``t`` against the tolerance; raises SignatureError."""
    keys = secrets_of(secret)
    given = [s.lower() for s in signatures if _HEX64.fullmatch(s)]
    if not given:
        raise SignatureError("malformed_signature", "no hex HMAC-SHA256 signature given")
    signed = f"{t}.".encode() + message
    matched = False
    for key in keys:
        expected = hmac.new(key.encode(), signed, hashlib.sha256).hexdigest()
        # Every pair is compared (no early exit), each in constant time.
        for candidate in given:
            matched |= hmac.compare_digest(candidate, expected)
    if not matched:
        raise SignatureError("no_matching_signature", "no signature matches the signing secret")
    now = int(time.time()) if now is None else now
    if abs(now - t) > tolerance:
        raise SignatureError(
            "timestamp_out_of_tolerance",
            f"signed at {t}, more than {tolerance} s from now ({now})",
        )
