"""The shared machinery's pieces on their own: breaker, token bucket, retry policy,
redaction, credentials, health figures."""

from __future__ import annotations

import asyncio
import random
from datetime import UTC, datetime, timedelta
from email.utils import format_datetime

import pytest

from connectors.errors import AuthError
from connectors.http import (
    BreakerState,
    CircuitBreaker,
    HealthRecorder,
    RetryPolicy,
    TokenBucket,
    base_url,
    parse_retry_after,
    redact,
    redact_text,
    require,
)
from connectors.http.redact import MASK


class Clock:
    def __init__(self):
        self.t = 1000.0

    def __call__(self):
        return self.t


# -- breaker ------------------------------------------------------------------------------


def test_breaker_opens_after_threshold_within_window_and_half_opens_after_cooldown():
    clock = Clock()
    b = CircuitBreaker(failure_threshold=3, window_s=10, cooldown_s=5, clock=clock)
    b.record_failure()
    b.record_failure()
    assert b.state is BreakerState.CLOSED and b.allow()
    b.record_failure()
    assert b.state is BreakerState.OPEN and not b.allow()
    assert b.retry_in() == pytest.approx(5)
    clock.t += 5
    assert b.state is BreakerState.HALF_OPEN
    assert b.allow() and not b.allow()  # exactly one probe at a time
    b.record_success()
    assert b.state is BreakerState.CLOSED and b.allow()


def test_breaker_forgets_failures_outside_its_window():
    clock = Clock()
    b = CircuitBreaker(failure_threshold=3, window_s=10, cooldown_s=5, clock=clock)
    b.record_failure()
    b.record_failure()
    clock.t += 11
    b.record_failure()
    assert b.state is BreakerState.CLOSED


def test_breaker_failed_probe_reopens_for_a_full_cooldown():
    clock = Clock()
    b = CircuitBreaker(failure_threshold=1, window_s=10, cooldown_s=5, clock=clock)
    b.record_failure()
    clock.t += 5
    assert b.allow()
    b.record_failure()
    assert b.state is BreakerState.OPEN and b.retry_in() == pytest.approx(5)
    assert b.opened_count == 2


def test_breaker_rejects_a_nonsense_threshold():
    with pytest.raises(ValueError):
        CircuitBreaker(failure_threshold=0)


# -- token bucket ----------------------------------------------------------------------------


def test_token_bucket_allows_a_burst_then_refills_at_its_rate():
    clock = Clock()
    tb = TokenBucket(rate_per_s=2, burst=3, clock=clock)
    assert [tb.try_acquire() for _ in range(4)] == [True, True, True, False]
    clock.t += 0.5
    assert tb.try_acquire() and not tb.try_acquire()
    clock.t += 10
    assert sum(tb.try_acquire() for _ in range(10)) == 3  # never more than the burst


async def test_token_bucket_acquire_waits_for_a_token():
    tb = TokenBucket(rate_per_s=50, burst=1)
    await tb.acquire()
    await asyncio.gather(tb.acquire(), tb.acquire())
    assert tb.waited_s > 0  # the second and third caller had to wait


def test_token_bucket_rejects_nonsense():
    with pytest.raises(ValueError):
        TokenBucket(0, 1)
    with pytest.raises(ValueError):
        TokenBucket(1, 0)


# -- retry policy -------------------------------------------------------------------------------


def test_backoff_is_jittered_below_an_exponential_ceiling():
    p = RetryPolicy(base_s=0.1, max_backoff_s=1.0, rng=random.Random(7))
    for attempt, ceiling in [(1, 0.1), (2, 0.2), (3, 0.4), (4, 0.8), (5, 1.0), (9, 1.0)]:
        values = [p.backoff(attempt) for _ in range(50)]
        assert all(0 <= v <= ceiling for v in values)
        assert len(set(values)) > 40  # jitter: not lock-step


def test_retry_after_wins_but_is_capped():
    p = RetryPolicy(max_retry_after_s=3)
    assert p.delay(1, 2.5) == 2.5
    assert p.delay(1, 120) == 3
    assert p.delay(1, -4) == 0


def test_parse_retry_after_seconds_and_http_dates():
    now = datetime(2026, 11, 23, 12, 0, tzinfo=UTC)
    assert parse_retry_after("7") == 7
    assert parse_retry_after(" 0.5 ") == 0.5
    assert (
        parse_retry_after(format_datetime(now + timedelta(seconds=30), usegmt=True), now=now) == 30
    )
    assert (
        parse_retry_after(format_datetime(now - timedelta(seconds=30), usegmt=True), now=now) == 0
    )
    assert parse_retry_after(None) is None
    assert parse_retry_after("soon") is None


# -- redaction ------------------------------------------------------------------------------------


def test_redact_masks_personal_fields_by_key_at_any_depth():
    payload = {
        "reservations": [
            {
                "id": "ABC-1",
                "arrival": "2026-12-01",
                "primaryGuest": {"firstName": "Ada", "lastName": "Lovelace", "email": "a@b.org"},
                "guestPhone": "+49 30 1234567",
                "Customer": {"FirstName": "Alan", "Surname": "Turing", "Phone": "0161 496 0000"},
                "cardNumber": "4111111111111111",
                "roomTypeName": "Double room",
                "totalGrossAmount": {"amount": 258.0, "currency": "EUR"},
            }
        ]
    }
    out = redact(payload)
    r = out["reservations"][0]
    assert r["primaryGuest"] == {"firstName": MASK, "lastName": MASK, "email": MASK}
    assert r["guestPhone"] == MASK and r["cardNumber"] == MASK
    assert r["Customer"] == {"FirstName": MASK, "Surname": MASK, "Phone": MASK}
    assert r["roomTypeName"] == "Double room"  # not personal
    assert r["id"] == "ABC-1" and r["arrival"] == "2026-12-01"
    assert r["totalGrossAmount"] == {"amount": 258.0, "currency": "EUR"}
    assert payload["reservations"][0]["primaryGuest"]["lastName"] == "Lovelace"  # a copy


def test_redact_text_masks_emails_phones_and_valid_card_numbers_only():
    text = (
        "guest ada.l@example.org called from +49 (30) 123-4567 paying 4111 1111 1111 1111; "
        "booking 2026-12-01T15:00:00+01:00 ref 12345 total 258.00 order 1234567890123"
    )
    out = redact_text(text)
    assert "ada.l@example.org" not in out and "123-4567" not in out and "4111" not in out
    assert "2026-12-01T15:00:00+01:00" in out and "ref 12345" in out and "258.00" in out
    # a long digit run could be a phone number: it is masked (redaction errs on the safe side)
    assert "order " + MASK in out and out.count(MASK) == 4


def test_redact_masks_ota_xml_personal_elements_and_attributes():
    xml = (
        "<Customer><PersonName><GivenName>Ada</GivenName><Surname>Lovelace</Surname>"
        '</PersonName><Telephone PhoneNumber="+49 30 1234567"/><Email>ada@example.org</Email>'
        '</Customer><RoomType RoomTypeCode="DBL"/><TimeSpan Start="2026-12-01" End="2026-12-03"/>'
        "<wsse:Password>s3cret-pass</wsse:Password>"
    )
    out = redact(xml)
    for secret in ("Ada", "Lovelace", "1234567", "ada@example.org", "s3cret-pass"):
        assert secret not in out
    assert 'RoomTypeCode="DBL"' in out and 'Start="2026-12-01"' in out


# -- credentials and base URLs ----------------------------------------------------------------------


def test_missing_credential_names_the_variable():
    from config.sections.pms_vendors import ApaleoSettings

    with pytest.raises(AuthError) as exc:
        require(ApaleoSettings.from_env({}), "client_secret", vendor="apaleo")
    assert "SOVREN_APALEO_CLIENT_SECRET" in exc.value.message and exc.value.vendor == "apaleo"
    blank = ApaleoSettings.from_env({"SOVREN_APALEO_CLIENT_SECRET": "   "})
    with pytest.raises(AuthError):
        require(blank, "client_secret", vendor="apaleo")
    padded = ApaleoSettings.from_env({"SOVREN_APALEO_CLIENT_SECRET": " k "})
    assert require(padded, "client_secret", vendor="apaleo") == "k"


def test_base_url_precedence_config_then_env_then_vendor_default():
    from config.sections.pms_vendors import MewsSettings, OperaSettings

    demo = MewsSettings.from_env({"SOVREN_MEWS_BASE_URL": "https://api.mews-demo.com/"})
    assert base_url(demo, "https://cfg.example/", vendor="mews") == "https://cfg.example"
    assert base_url(demo, None, vendor="mews") == "https://api.mews-demo.com"
    assert base_url(MewsSettings.from_env({}), None, vendor="mews") == "https://api.mews.com"
    with pytest.raises(AuthError, match="SOVREN_OPERA_BASE_URL"):  # no public default
        base_url(OperaSettings.from_env({}), None, vendor="opera")


# -- health --------------------------------------------------------------------------------------------


def test_health_recorder_reports_percentiles_and_error_rate():
    h = HealthRecorder(window=100)
    assert h.snapshot()["latency_p50_ms"] is None and h.snapshot()["error_rate"] == 0.0
    for i in range(1, 101):
        h.record(i / 1000, ok=i % 10 != 0, error_code=None if i % 10 else "vendor_error")
    s = h.snapshot()
    assert s["latency_p50_ms"] == pytest.approx(50, abs=1)
    assert s["latency_p95_ms"] == pytest.approx(95, abs=1)
    assert s["error_rate"] == pytest.approx(0.1) and s["errors"] == 10
    assert s["last_error"] == "vendor_error"
