"""Shared HTTP machinery for vendor PMS adapters.

Why in the core and not in each adapter: timeouts, token caching, retries,
idempotency, circuit breaking, rate limiting, redaction and health figures are
the same problem for every vendor; an adapter only translates the contract to
its vendor's wire format and names its vendor's error bodies.
"""

from connectors.http.breaker import BreakerState, CircuitBreaker
from connectors.http.client import (
    HttpPolicy,
    OutcomeUnknown,
    VendorHttpClient,
    VendorResponse,
    default_classifier,
)
from connectors.http.credentials import base_url, require
from connectors.http.health import HealthRecorder
from connectors.http.oauth import ClientCredentialsToken
from connectors.http.ratelimit import TokenBucket
from connectors.http.redact import redact, redact_text
from connectors.http.retry import RetryPolicy, parse_retry_after
from connectors.http.schema import parse_payload

__all__ = [
    "BreakerState",
    "CircuitBreaker",
    "ClientCredentialsToken",
    "HealthRecorder",
    "HttpPolicy",
    "OutcomeUnknown",
    "RetryPolicy",
    "TokenBucket",
    "VendorHttpClient",
    "VendorResponse",
    "base_url",
    "default_classifier",
    "parse_payload",
    "parse_retry_after",
    "redact",
    "redact_text",
    "require",
]
