"""One vendor's HTTP client: timeouts, auth, retries, idempotency, breaker, rate limit, health.

Concurrency ownership: a VendorHttpClient belongs to the event loop that
opened it (the PMS worker's); its breaker, bucket and health figures are
plain objects touched only from that loop.

Retry rules (the heart of "never duplicate a write"):
* A call that provably never reached the vendor (connect error, breaker-free
  429 rejection, rate limiting) may always be repeated.
* A call whose outcome is unknown (read timeout, dropped connection, 5xx) is
  repeated only when it is idempotent: a read, an absolute update, or a write
  carrying the vendor's own idempotency header. Otherwise it raises
  ``OutcomeUnknown`` and ``create_once`` first asks the vendor, by our external
  reference, whether the write landed before trying again.
* 401 on a bearer token: the token is dropped and the call repeated once with
  a fresh one; a second 401 is an AuthError.
"""

from __future__ import annotations

import asyncio
import json as jsonlib
import logging
import time
from collections.abc import Awaitable, Callable, Mapping
from dataclasses import dataclass, field
from typing import Any, TypeVar

import httpx
from pydantic import BaseModel

from connectors.errors import AuthError, Conflict, NotFound, PmsError, VendorError
from connectors.http.breaker import CircuitBreaker
from connectors.http.health import HealthRecorder
from connectors.http.oauth import ClientCredentialsToken
from connectors.http.ratelimit import TokenBucket
from connectors.http.redact import redact
from connectors.http.retry import RetryPolicy, parse_retry_after
from connectors.http.schema import parse_payload

T = TypeVar("T")
M = TypeVar("M", bound=BaseModel)


class OutcomeUnknown(VendorError):
    """A non-idempotent write may or may not have been committed by the vendor."""

    code = "vendor_outcome_unknown"

    def __init__(
        self,
        message: str,
        *,
        vendor: str | None = None,
        status: int | None = None,
        in_flight: bool = False,
    ):
        # a write that timed out is, to the caller, a PMS that did not answer in time
        super().__init__(
            message, retriable=False, status=status, vendor=vendor, timeout=in_flight
        )
        # True when the vendor may still be working on the request (we timed out or the
        # connection broke after sending): a resend could race the first attempt.
        self.in_flight = in_flight


@dataclass(frozen=True)
class HttpPolicy:
    """Knobs of the shared machinery; tests shrink the delays."""

    connect_timeout_s: float = 2.0
    read_timeout_s: float = 5.0
    deadline_s: float = 12.0  # whole call including retries: a caller is on the line
    retry: RetryPolicy = field(default_factory=RetryPolicy)
    breaker_failures: int = 5
    breaker_window_s: float = 30.0
    breaker_cooldown_s: float = 15.0
    rate_per_s: float = 20.0
    burst: int = 20
    health_window: int = 512
    max_connections: int = 20
    # the breaker's clock (seconds, monotonic); tests pass a manual one to skip its cool-down
    clock: Callable[[], float] = field(default=time.monotonic, compare=False, repr=False)


@dataclass
class VendorResponse:
    status: int
    headers: httpx.Headers
    content: bytes
    elapsed_s: float
    _json: Any = field(default=None, repr=False)
    _json_done: bool = field(default=False, repr=False)

    @property
    def text(self) -> str:
        return self.content.decode("utf-8", "replace")

    def json(self) -> Any:
        """The body as JSON, or a VendorError when it is not JSON at all."""
        if not self._json_done:
            try:
                self._json = jsonlib.loads(self.content) if self.content else None
            except ValueError as e:
                raise VendorError("vendor answered with a body that is not JSON") from e
            self._json_done = True
        return self._json


Classifier = Callable[[VendorResponse], PmsError | None]


def is_transient(status: int) -> bool:
    """An answer that says "try again later" (408, 429, 5xx). Why one place: every
    classifier and the breaker's view of a sick vendor must agree on it."""
    return status in (408, 429) or status >= 500


def transient_error(vendor: str, status: int) -> VendorError:
    """A transient answer (``is_transient``) as the retriable error every classifier gives."""
    return VendorError(f"{vendor}: HTTP {status}", retriable=True, status=status, vendor=vendor)


def default_classifier(vendor: str) -> Classifier:
    """Status-code translation shared by the REST vendors; adapters refine it."""

    def classify(r: VendorResponse) -> PmsError | None:
        s = r.status
        if s < 400:
            return None
        if s in (401, 403):
            return AuthError(f"{vendor}: HTTP {s} (credentials rejected)", vendor=vendor)
        if s == 404:
            return NotFound(f"{vendor}: not found", vendor=vendor)
        if s == 409:
            return Conflict(f"{vendor}: conflict", vendor=vendor)
        if is_transient(s):
            return transient_error(vendor, s)
        return VendorError(f"{vendor}: HTTP {s}", status=s, vendor=vendor)

    return classify


# Transport failures after which the vendor cannot have processed the request.
_NOT_SENT = (httpx.ConnectError, httpx.ConnectTimeout, httpx.PoolTimeout, httpx.WriteTimeout)


class VendorHttpClient:
    def __init__(
        self,
        *,
        vendor: str,
        base_url: str,
        policy: HttpPolicy | None = None,
        token: ClientCredentialsToken | None = None,
        token_factory: Callable[[httpx.AsyncClient], ClientCredentialsToken] | None = None,
        static_headers: Mapping[str, str] | None = None,
        classify: Classifier | None = None,
        transport: httpx.AsyncBaseTransport | None = None,
    ):
        self.vendor = vendor
        self.base_url = base_url.rstrip("/")
        self.policy = policy or HttpPolicy()
        self._static_headers = dict(static_headers or {})
        self.classify = classify or default_classifier(vendor)
        self.log = logging.getLogger(f"sovren.pms.{vendor}")
        p = self.policy
        self.breaker = CircuitBreaker(
            failure_threshold=p.breaker_failures,
            window_s=p.breaker_window_s,
            cooldown_s=p.breaker_cooldown_s,
            clock=p.clock,
        )
        self.bucket = TokenBucket(p.rate_per_s, p.burst)
        self.recorder = HealthRecorder(p.health_window)
        self._http = httpx.AsyncClient(
            base_url=self.base_url,
            timeout=httpx.Timeout(p.read_timeout_s, connect=p.connect_timeout_s),
            limits=httpx.Limits(max_connections=p.max_connections),
            transport=transport,
        )
        self.token = token or (token_factory(self._http) if token_factory else None)

    @property
    def http(self) -> httpx.AsyncClient:
        return self._http

    async def aclose(self) -> None:
        await self._http.aclose()

    def health(self) -> dict:
        """Figures OPS turns into health evidence: latency, error rate, breaker state."""
        snap = self.recorder.snapshot()
        return {
            "vendor": self.vendor,
            "base_url": self.base_url,
            "breaker": self.breaker.state.value,
            "breaker_retry_in_s": round(self.breaker.retry_in(), 3),
            "breaker_opened": self.breaker.opened_count,
            **snap,
            "rate_limit": {
                "rate_per_s": self.bucket.rate,
                "burst": self.bucket.burst,
                "waited_s": round(self.bucket.waited_s, 3),
            },
            "token": self.token.status() if self.token else None,
        }

    # -- one logical call ---------------------------------------------------------------

    async def request(
        self,
        method: str,
        path: str,
        *,
        op: str,
        params: Mapping[str, Any] | None = None,
        json: Any = None,
        data: Mapping[str, Any] | None = None,
        content: bytes | str | None = None,
        headers: Mapping[str, str] | None = None,
        idempotent: bool,
        idempotency_header: str | None = None,
        idempotency_key: str | None = None,
        accept_statuses: tuple[int, ...] = (),
    ) -> VendorResponse:
        """Send with retries; return the response or raise the classified PmsError.

        ``accept_statuses``: non-2xx statuses the adapter wants to read itself (e.g. 404
        during a lookup) instead of getting them as errors.
        """
        safe_to_repeat = idempotent or (idempotency_header is not None and idempotency_key)
        hdrs = {**self._static_headers, **(headers or {})}
        if idempotency_header and idempotency_key:
            hdrs[idempotency_header] = idempotency_key
        policy = self.policy
        started = time.monotonic()
        refreshed = False
        attempt = 0
        while True:
            attempt += 1
            if not self.breaker.allow():
                self.recorder.record(0.0, False, "breaker_open")
                raise VendorError(
                    f"{self.vendor}: circuit breaker open after repeated failures; "
                    f"retrying in {self.breaker.retry_in():.1f}s",
                    retriable=True,
                    vendor=self.vendor,
                )
            try:
                await self.bucket.acquire()
                send_headers = dict(hdrs)
                bearer = None
                if self.token is not None:
                    try:
                        bearer = await self.token.get()
                    except VendorError as e:
                        # The identity server is down or slow: nothing reached the API, so
                        # the call may be repeated like any call that was never sent.
                        self.breaker.release_probe()
                        self.recorder.record(0.0, False, "token_unavailable")
                        if not e.retriable or attempt >= policy.retry.max_attempts:
                            raise
                        self.recorder.retries += 1
                        await asyncio.sleep(policy.retry.backoff(attempt))
                        continue
                    except AuthError:
                        self.breaker.release_probe()
                        raise
                    send_headers["Authorization"] = f"Bearer {bearer}"
                t0 = time.monotonic()
                error: PmsError | None
                retry_after: float | None = None
                sent_unknown = False
                try:
                    resp = await self._http.request(
                        method,
                        path,
                        params=params,
                        json=json,
                        data=data,
                        content=content,
                        headers=send_headers,
                    )
                    vr = VendorResponse(
                        resp.status_code, resp.headers, resp.content, time.monotonic() - t0
                    )
                except _NOT_SENT as e:
                    vr = None
                    error = VendorError(
                        f"{self.vendor}: {op}: could not reach the vendor ({type(e).__name__})",
                        retriable=True,
                        vendor=self.vendor,
                    )
                except httpx.TimeoutException as e:
                    vr = None
                    sent_unknown = True
                    error = VendorError(
                        f"{self.vendor}: {op}: timed out waiting for the vendor ({type(e).__name__})",
                        retriable=True,
                        vendor=self.vendor,
                        timeout=True,
                    )
                except httpx.TransportError as e:
                    vr = None
                    sent_unknown = True
                    error = VendorError(
                        f"{self.vendor}: {op}: connection failed mid-call ({type(e).__name__})",
                        retriable=True,
                        vendor=self.vendor,
                    )
            except asyncio.CancelledError:
                # Cancelled mid-attempt (the caller hung up): a half-open probe must not
                # stay claimed forever.
                self.breaker.release_probe()
                raise
            latency = time.monotonic() - t0

            if vr is not None:
                error = None if vr.status in accept_statuses else self.classify(vr)
                if vr.status == 429:
                    retry_after = parse_retry_after(vr.headers.get("Retry-After"))
                if vr.status >= 500 or vr.status == 408:
                    sent_unknown = True
                if (
                    isinstance(error, AuthError)
                    and vr.status == 401
                    and self.token is not None
                    and not refreshed
                ):
                    # The vendor says our token is no good (expired early, revoked):
                    # drop it and repeat once with a fresh one.
                    self.token.invalidate(bearer)
                    refreshed = True
                    self.recorder.record(latency, True)
                    self.breaker.release_probe()
                    self.log.info("%s: %s: token rejected (401); refreshing once", self.vendor, op)
                    attempt -= 1
                    continue

            vendor_sick = vr is None or is_transient(vr.status)
            if error is None:
                self.breaker.record_success()
                self.recorder.record(latency, True)
                return vr  # type: ignore[return-value]
            if vendor_sick:
                if vr is None or vr.status >= 500:
                    self.breaker.record_failure()
                else:
                    self.breaker.release_probe()
            else:
                # A business answer (404, 409, 400...): the vendor itself is fine.
                self.breaker.record_success()
            self.recorder.record(latency, not vendor_sick, error.code)
            self._log_failure(op, method, path, vr, error)

            if not error.retriable:
                raise error
            if sent_unknown and not safe_to_repeat:
                raise OutcomeUnknown(
                    f"{self.vendor}: {op}: the vendor may or may not have applied this write "
                    f"({error.message})",
                    vendor=self.vendor,
                    status=getattr(error, "status", None),
                    in_flight=vr is None,
                ) from error
            if attempt >= policy.retry.max_attempts:
                raise error
            delay = policy.retry.delay(attempt, retry_after)
            if time.monotonic() - started + delay > policy.deadline_s:
                raise error
            self.recorder.retries += 1
            await asyncio.sleep(delay)

    async def create_once(
        self,
        send: Callable[[], Awaitable[T]],
        lookup: Callable[[], Awaitable[T | None]],
        *,
        op: str,
    ) -> T:
        """A non-idempotent write that is never duplicated.

        ``send`` performs the write (raising OutcomeUnknown when it cannot know);
        ``lookup`` asks the vendor, by our external reference, whether it landed. The
        lookup runs before every retry, so a write the vendor committed before the
        connection dropped is returned, not repeated. When the vendor may still be working
        on the first attempt (timeout, broken connection) we only look again, never
        resend: a resend could race it. If it never shows up, the error is retriable —
        the caller's retry with the same key starts with the same lookup.
        """
        attempt = 0
        started = time.monotonic()
        resend = True
        while True:
            attempt += 1
            try:
                if resend:
                    return await send()
                found = await lookup()
                if found is not None:
                    return found
                unknown: OutcomeUnknown | None = None
            except OutcomeUnknown as e:
                self.log.warning(
                    "%s: %s: outcome unknown; looking up by reference", self.vendor, op
                )
                found = await lookup()
                if found is not None:
                    return found
                unknown = e
                resend = not e.in_flight
            delay = self.policy.retry.backoff(attempt)
            if not resend:
                # The vendor was still busy when we gave up waiting: give it about as long
                # again before asking, rather than hammering the lookup.
                delay = max(delay, self.policy.read_timeout_s / 2)
            out_of_time = time.monotonic() - started + delay > self.policy.deadline_s
            if attempt >= self.policy.retry.max_attempts or out_of_time:
                raise VendorError(
                    f"{self.vendor}: {op}: outcome unknown after {attempt} attempts and not "
                    "recorded at the vendor (yet); retrying with the same idempotency key is "
                    "safe",
                    retriable=True,
                    vendor=self.vendor,
                ) from unknown
            self.recorder.retries += 1
            await asyncio.sleep(delay)

    def parse(self, model: type[M], payload: Any, *, what: str) -> M:
        """Validate a vendor payload; a schema violation is a VendorError, logged redacted."""
        try:
            return parse_payload(model, payload, vendor=self.vendor, what=what)
        except VendorError:
            self.recorder.record(0.0, False, "malformed_payload")
            raise

    def _log_failure(
        self,
        op: str,
        method: str,
        path: str,
        vr: VendorResponse | None,
        error: PmsError,
    ) -> None:
        if vr is None:
            self.log.warning(
                "%s: %s %s %s failed: %s", self.vendor, op, method, path, error.message
            )
            return
        body = redact(vr.text[:2000])
        self.log.warning(
            "%s: %s %s %s -> HTTP %s (%s); body: %s",
            self.vendor,
            op,
            method,
            path,
            vr.status,
            error.code,
            body,
        )
