"""Back-off for retriable vendor errors.

Why full jitter: many calls failing together (a vendor blip) must not retry in
lock-step. A 429's Retry-After, when present, wins over our own schedule (but
is capped so a caller on the phone is never kept waiting for minutes).
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from datetime import UTC, datetime
from email.utils import parsedate_to_datetime


@dataclass(frozen=True)
class RetryPolicy:
    max_attempts: int = 3  # including the first
    base_s: float = 0.2
    max_backoff_s: float = 2.0
    max_retry_after_s: float = 10.0
    rng: random.Random = field(default_factory=random.Random, compare=False, repr=False)

    def backoff(self, attempt: int) -> float:
        """Delay before attempt ``attempt + 1`` (attempt counts from 1): full jitter."""
        ceiling = min(self.max_backoff_s, self.base_s * (2 ** (attempt - 1)))
        return self.rng.uniform(0, ceiling)

    def delay(self, attempt: int, retry_after: float | None) -> float:
        if retry_after is not None:
            return min(max(retry_after, 0.0), self.max_retry_after_s)
        return self.backoff(attempt)


def parse_retry_after(value: str | None, *, now: datetime | None = None) -> float | None:
    """Seconds from a Retry-After header (delta-seconds or an HTTP date); None if absent/bad."""
    if not value:
        return None
    value = value.strip()
    try:
        return max(0.0, float(value))
    except ValueError:
        pass
    try:
        when = parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=UTC)
    return max(0.0, (when - (now or datetime.now(UTC))).total_seconds())
