"""Alerts to an HTTP webhook, signed with HMAC-SHA256 so the receiver can trust and de-duplicate them.

Signature scheme (documented in docs/sentinel.md):
  X-Sovren-Timestamp: <unix seconds>
  X-Sovren-Signature: sha256=<hex HMAC-SHA256(secret, "<timestamp>." + raw body)>
  X-Sovren-Alert-Id:  <alert id>
Why the timestamp is inside the MAC: a signature over the body alone could be
replayed forever; binding the time lets the receiver refuse anything older than
its tolerance, and the alert id lets it drop a retried duplicate.

The secret comes only from the environment (SOVREN_ALERT_WEBHOOK_SECRET).
Retries: connection errors, 5xx and 429 are retried with exponential back-off
(honouring Retry-After); other 4xx are the receiver's final word and are not.
"""

from __future__ import annotations

import hashlib
import hmac
import logging
import threading
import time

import httpx

from agents.sentinel.alert_codec import alert_to_json
from config.environment import environment
from config.errors import SovrenError
from ipc.messages import Alert

SECRET_ENV = "SOVREN_ALERT_WEBHOOK_SECRET"
SIGNATURE_HEADER = "X-Sovren-Signature"
TIMESTAMP_HEADER = "X-Sovren-Timestamp"
ALERT_ID_HEADER = "X-Sovren-Alert-Id"
log = logging.getLogger(__name__)


class WebhookConfigError(SovrenError, RuntimeError):
    code = "webhook_config"
    next_step = "export SOVREN_ALERT_WEBHOOK_SECRET (16+ random characters) and use an http(s) sentinel.webhook_url, or unset the URL"


class WebhookRejected(RuntimeError):
    """The receiver answered with a final 4xx; retrying would not help."""


def sign(secret: bytes, timestamp: int, body: bytes) -> str:
    mac = hmac.new(secret, str(timestamp).encode() + b"." + body, hashlib.sha256)
    return "sha256=" + mac.hexdigest()


def verify(
    secret: bytes,
    timestamp: str,
    signature: str,
    body: bytes,
    *,
    now: float | None = None,
    tolerance_s: float = 300,
) -> bool:
    """What a receiver does: recompute the MAC (constant time) and refuse stale timestamps."""
    try:
        ts = int(timestamp)
    except (TypeError, ValueError):
        return False
    now = time.time() if now is None else now
    if abs(now - ts) > tolerance_s:
        return False
    return hmac.compare_digest(sign(secret, ts, body), signature or "")


def secret_from_env() -> bytes:
    secret = environment().alert_webhook_secret
    value = secret.get_secret_value() if secret else ""
    if len(value) < 16:
        raise WebhookConfigError(
            f"sentinel.webhook_url is set but {SECRET_ENV} is {'missing' if not value else 'too short'}: "
            f"export {SECRET_ENV} with at least 16 random characters (e.g. `openssl rand -hex 32`), "
            "or unset sentinel.webhook_url"
        )
    return value.encode()


class WebhookSender:
    """POSTs signed alerts; ``deliver`` is run by the feed's delivery worker (one thread owns the client)."""

    def __init__(
        self,
        url: str,
        secret: bytes,
        *,
        timeout_s: float = 3.0,
        retries: int = 5,
        backoff_s: float = 0.5,
        max_backoff_s: float = 30.0,
    ):
        if not url.startswith(("http://", "https://")):
            raise WebhookConfigError(
                f"sentinel.webhook_url {url!r} must start with http:// or https://"
            )
        self.url = url
        self._secret = secret
        self.retries = retries
        self.backoff_s = backoff_s
        self.max_backoff_s = max_backoff_s
        self._client = httpx.Client(timeout=timeout_s, follow_redirects=False)
        self.attempts = 0
        self.receiver_down = False  # only the delivery worker's thread reads and writes it

    def _post(self, alert: Alert, body: bytes) -> httpx.Response:
        ts = int(time.time())
        headers = {
            "Content-Type": "application/json",
            TIMESTAMP_HEADER: str(ts),
            SIGNATURE_HEADER: sign(self._secret, ts, body),
            ALERT_ID_HEADER: alert.alert_id,
            "User-Agent": "sovren-sentinel",
        }
        self.attempts += 1
        return self._client.post(self.url, content=body, headers=headers)

    def deliver(self, alert: Alert, stop: threading.Event) -> None:
        """Send one alert, retrying with back-off; raises when it finally fails.

        While the receiver is known to be down (the previous alert exhausted its retries)
        each alert gets a single attempt, so a dead receiver costs one timeout per alert
        instead of a full back-off series; the first success restores normal retries.
        """
        body = alert_to_json(alert)
        last: Exception | None = None
        retries = 0 if self.receiver_down else self.retries
        for attempt in range(retries + 1):
            wait = min(self.max_backoff_s, self.backoff_s * (2**attempt))
            try:
                r = self._post(alert, body)
                if r.status_code < 300:
                    self.receiver_down = False
                    return
                if r.status_code != 429 and r.status_code < 500:
                    raise WebhookRejected(f"webhook answered {r.status_code}; not retried")
                last = RuntimeError(f"webhook answered {r.status_code}")
                ra = r.headers.get("Retry-After")
                if ra and ra.isdigit():
                    wait = min(self.max_backoff_s, float(ra))
            except httpx.HTTPError as e:
                last = e
            if attempt == retries or stop.wait(wait):
                break
        self.receiver_down = True
        raise RuntimeError(
            f"webhook delivery of alert {alert.alert_id} failed after {attempt + 1} attempts: {last}"
        )

    def close(self) -> None:
        self._client.close()
