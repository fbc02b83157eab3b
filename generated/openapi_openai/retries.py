"""When a failed attempt is tried again, and how long to wait first."""

from __future__ import annotations

import datetime
import email.utils
import math
import random
from collections.abc import Mapping

__all__ = ["RETRY_STATUSES", "backoff", "retry_delay", "server_delay"]

# Besides every 5xx: timeout, lock conflict, rate limit.
RETRY_STATUSES = frozenset({408, 409, 429})


def backoff(attempt: int, initial: float, maximum: float) -> float:
    """Delay before retry ``attempt + 1``: doubling from ``initial``, capped, minus up to 25 %.

    The jitter keeps many clients that failed together from retrying together.
    """
    return min(initial * 2.0**attempt, maximum) * (1.0 - 0.25 * random.random())


def retry_delay(
    status: int,
    headers: Mapping[str, str],
    *,
    attempt: int,
    retries: int,
    initial: float,
    maximum: float,
    max_retry_after: float,
) -> float | None:
    """Seconds to wait before retrying a response with this status, or None to give up."""
    if attempt >= retries:
        return None
    should_retry = headers.get("x-should-retry", "").lower()
    if should_retry == "false":
        return None
    if should_retry != "true" and status not in RETRY_STATUSES and status < 500:
        return None
    delay = server_delay(headers)
    if delay is None:
        return backoff(attempt, initial, maximum)
    # A server asking for a long pause is better answered with the error than a hung call.
    return delay if delay <= max_retry_after else None


def server_delay(headers: Mapping[str, str]) -> float | None:
    """The wait the server asks for: ``retry-after-ms``, else ``Retry-After`` (seconds or date)."""
    millis = _non_negative(headers.get("retry-after-ms"))
    if millis is not None:
        return millis / 1000.0
    value = headers.get("retry-after")
    if not value:
        return None
    seconds = _non_negative(value)
    if seconds is not None:
        return seconds
    try:
        when = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=datetime.timezone.utc)
    return max(
        0.0, (when - datetime.datetime.now(datetime.timezone.utc)).total_seconds()
    )


def _non_negative(value: str | None) -> float | None:
    """A finite number >= 0, or None for anything else (nan, inf, -1, junk)."""
    if not value:
        return None
    try:
        number = float(value)
    except ValueError:
        return None
    return number if math.isfinite(number) and number >= 0 else None
