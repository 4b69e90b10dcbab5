"""Faults against the real fake servers: timeouts, 429, 5xx bursts and the breaker,
unknown write outcomes, token expiry mid-call, malformed payloads."""

from __future__ import annotations

import asyncio
import logging

import pytest

import connectors.http.client as client_mod
from connectors.errors import AuthError, VendorError
from connectors.http import BreakerState
from tests.connectors.vendor_adapters import until
from tests.connectors.vendors.conftest import (
    CREATE_MATCH,
    GUEST,
    TWO,
    VENDORS,
    ManualClock,
    an_offer,
    make_adapter,
    policy_for_tests,
    stay,
)


@pytest.fixture
def sleeps(monkeypatch):
    """Record the back-off delays the client chooses (and still sleep, briefly)."""
    seen: list[float] = []
    real = asyncio.sleep

    async def fake_sleep(delay, *a, **k):
        seen.append(delay)
        await real(min(delay, 0.01))

    monkeypatch.setattr(client_mod.asyncio, "sleep", fake_sleep)
    return seen


# -- timeouts ------------------------------------------------------------------------------


async def test_read_timeout_is_retried_for_a_read(fake_for, adapters):
    fake = fake_for("apaleo")
    a = adapters(make_adapter("apaleo", fake, policy_for_tests(read_timeout_s=0.3)))
    fake.delay_next(0.8, match="GET /booking/v1/offers")
    offers = await a.search_availability(*stay(), TWO)
    assert offers and a.client.health()["retries"] >= 1
    assert fake.requests.count(("GET", "/booking/v1/offers")) == 2


async def test_persistent_timeouts_give_a_retriable_vendor_error(fake_for, adapters):
    fake = fake_for("opera")
    a = adapters(make_adapter("opera", fake, policy_for_tests(read_timeout_s=0.2)))
    fake.delay_next(0.5, n=3, match="/par/v1/")
    with pytest.raises(VendorError) as exc:
        await a.search_availability(*stay(), TWO)
    assert exc.value.retriable and "timed out" in exc.value.message
    assert exc.value.vendor == "opera"


async def test_write_still_in_flight_after_a_timeout_is_looked_up_never_resent(fake_for, adapters):
    fake = fake_for("cloudbeds")
    a = adapters(make_adapter("cloudbeds", fake, policy_for_tests(read_timeout_s=0.3)))
    offer = await an_offer("cloudbeds", a)
    fake.delay_next(0.8, match=CREATE_MATCH["cloudbeds"])  # commits only after we gave up
    with pytest.raises(VendorError) as exc:
        await a.create_reservation(offer, GUEST, "key-timeout-1")
    assert exc.value.retriable and "same idempotency key" in exc.value.message
    assert fake.requests.count(("POST", "/postReservation")) == 1  # looked up, not resent
    await until(lambda: fake.hotel.stays, what="the slow first attempt landing at the vendor")
    res = await a.create_reservation(offer, GUEST, "key-timeout-1")  # the caller's retry
    assert fake.posts == 1 and list(fake.hotel.stays) == [res.id]


async def test_write_timing_out_before_commit_is_found_by_the_lookup(fake_for, adapters):
    fake = fake_for("opera")
    a = adapters(make_adapter("opera", fake, policy_for_tests(read_timeout_s=0.3)))
    offer = await an_offer("opera", a)
    fake.delay_next(0.35, match=CREATE_MATCH["opera"])  # lands just after our timeout
    res = await a.create_reservation(offer, GUEST, "key-timeout-2")
    assert len(fake.hotel.stays) == 1 and res.id in fake.hotel.stays


# -- 429 -----------------------------------------------------------------------------------


async def test_429_honours_retry_after(fake_for, adapters, sleeps):
    fake = fake_for("mews")
    a = adapters(make_adapter("mews", fake))
    await a.open()
    fake.throttle_next(1, retry_after="0.25", match="services/getAvailability")
    offers = await a.search_availability(*stay(), TWO)
    assert offers
    assert 0.25 in sleeps  # the vendor's Retry-After, not our own back-off


async def test_429_retry_after_is_capped(fake_for, adapters, sleeps):
    fake = fake_for("apaleo")
    a = adapters(make_adapter("apaleo", fake))
    fake.throttle_next(1, retry_after="3600", match="GET /booking/v1/offers")
    await a.search_availability(*stay(), TWO)
    assert max(sleeps) == pytest.approx(1.0)  # max_retry_after_s of the test policy


async def test_429_on_a_write_is_retried_and_books_once(fake_for, adapters):
    fake = fake_for("mews")
    a = adapters(make_adapter("mews", fake))
    offer = await an_offer("mews", a)
    fake.throttle_next(1, retry_after="0", match=CREATE_MATCH["mews"])
    res = await a.create_reservation(offer, GUEST, "key-429")
    assert fake.reservations_added == 1 and res.status.value == "confirmed"


# -- 5xx bursts and the breaker ------------------------------------------------------------------


async def test_5xx_burst_opens_the_breaker_which_half_opens_and_closes(fake_for, adapters):
    fake = fake_for("apaleo")
    clock = ManualClock()
    a = adapters(make_adapter("apaleo", fake, policy_for_tests(breaker_failures=4, clock=clock)))
    fake.fail_next(4, 503, match="GET /booking/v1/offers")
    with pytest.raises(VendorError):  # 3 attempts, all 503
        await a.search_availability(*stay(), TWO)
    assert a.client.breaker.state is BreakerState.CLOSED
    with pytest.raises(VendorError):  # the 4th failure opens the breaker
        await a.search_availability(*stay(), TWO)
    assert (await a.health())["breaker"] == "open"
    before = len(fake.requests)
    with pytest.raises(VendorError) as exc:  # fails fast: nothing sent
        await a.search_availability(*stay(), TWO)
    assert "circuit breaker open" in exc.value.message and exc.value.retriable
    assert len(fake.requests) == before
    clock.advance(0.5)  # past the test policy's 0.3 s cool-down
    assert (await a.health())["breaker"] == "half_open"
    assert await a.search_availability(*stay(), TWO)  # the probe succeeds
    h = await a.health()
    assert h["breaker"] == "closed" and h["breaker_opened"] == 1


async def test_failed_probe_reopens_the_breaker(fake_for, adapters):
    fake = fake_for("cloudbeds")
    clock = ManualClock()
    a = adapters(make_adapter("cloudbeds", fake, policy_for_tests(breaker_failures=2, clock=clock)))
    await a.open()
    fake.fail_next(3, 502, match="getAvailableRoomTypes")
    with pytest.raises(VendorError):
        await a.search_availability(*stay(), TWO)
    assert a.client.breaker.state is BreakerState.OPEN
    clock.advance(0.5)
    with pytest.raises(VendorError):  # half-open probe fails -> open again
        await a.search_availability(*stay(), TWO)
    assert a.client.breaker.state is BreakerState.OPEN
    assert a.client.breaker.opened_count == 2


async def test_business_errors_do_not_trip_the_breaker(fake_for, adapters):
    from connectors.errors import NotFound

    fake = fake_for("opera")
    a = adapters(make_adapter("opera", fake, policy_for_tests(breaker_failures=2)))
    for _ in range(4):
        with pytest.raises(NotFound):
            await a.get_reservation("999999")
    h = await a.health()
    assert h["breaker"] == "closed" and h["error_rate"] == 0.0


# -- unknown outcome of a write ---------------------------------------------------------------


@pytest.mark.parametrize("vendor", VENDORS)
async def test_write_after_dropped_connection_is_never_duplicated(vendor, fake_for, adapters):
    fake = fake_for(vendor)
    a = adapters(make_adapter(vendor, fake))
    offer = await an_offer(vendor, a)
    fake.drop_after_commit_next(match=CREATE_MATCH[vendor])  # committed, then the line dies
    res = await a.create_reservation(offer, GUEST, f"key-drop-{vendor}")
    assert len(fake.hotel.stays) == 1
    only = next(iter(fake.hotel.stays.values()))
    assert res.confirmation == only.confirmation and res.guest.name == "Ada Lovelace"
    again = await a.create_reservation(offer, GUEST, f"key-drop-{vendor}")
    assert again.id == res.id and len(fake.hotel.stays) == 1


@pytest.mark.parametrize("vendor", VENDORS)
async def test_write_after_503_is_retried_once_it_is_known_not_to_have_landed(
    vendor, fake_for, adapters
):
    fake = fake_for(vendor)
    a = adapters(make_adapter(vendor, fake))
    offer = await an_offer(vendor, a)
    fake.fail_next(1, 503, match=CREATE_MATCH[vendor])  # rejected before committing
    res = await a.create_reservation(offer, GUEST, f"key-503-{vendor}")
    assert len(fake.hotel.stays) == 1 and res.status.value == "confirmed"


async def test_write_whose_outcome_stays_unknown_gives_up_without_duplicates(fake_for, adapters):
    fake = fake_for("opera")
    a = adapters(make_adapter("opera", fake))
    offer = await an_offer("opera", a)
    fake.fail_next(5, 503, match=CREATE_MATCH["opera"])
    with pytest.raises(VendorError) as exc:
        await a.create_reservation(offer, GUEST, "key-never")
    assert exc.value.retriable and "not recorded at the vendor" in exc.value.message
    assert fake.hotel.stays == {}


async def test_apaleo_retries_its_write_with_the_same_idempotency_key(fake_for, adapters):
    fake = fake_for("apaleo")
    a = adapters(make_adapter("apaleo", fake))
    offer = await an_offer("apaleo", a)
    fake.drop_after_commit_next(match=CREATE_MATCH["apaleo"])
    await a.create_reservation(offer, GUEST, "apaleo-key-1")
    assert fake.requests.count(("POST", "/booking/v1/bookings")) == 2
    assert fake.bookings_created == 1 and list(fake.idempotency) == ["apaleo-key-1"]


# -- OAuth tokens -------------------------------------------------------------------------------


@pytest.mark.parametrize("vendor", ["apaleo", "opera"])
async def test_token_expiring_mid_call_is_refreshed_once(vendor, fake_for, adapters):
    fake = fake_for(vendor)
    a = adapters(make_adapter(vendor, fake))
    assert await a.search_availability(*stay(), TWO)
    assert fake.token_requests == 1
    fake.expire_tokens()  # the vendor now rejects the cached token with 401
    assert await a.search_availability(*stay(), TWO)
    assert fake.token_requests == 2
    assert await a.search_availability(*stay(), TWO)
    assert fake.token_requests == 2  # the fresh token is cached again


@pytest.mark.parametrize("vendor", ["apaleo", "opera"])
async def test_token_rejected_after_refresh_is_an_auth_error(vendor, fake_for, adapters):
    fake = fake_for(vendor, token_ttl_s=0.0)  # every token is expired on arrival
    a = adapters(make_adapter(vendor, fake))
    with pytest.raises(AuthError):
        await a.search_availability(*stay(), TWO)
    assert fake.token_requests == 2  # the first token, and exactly one refresh


async def test_token_is_refreshed_before_it_expires(fake_for, adapters):
    fake = fake_for("apaleo", token_ttl_s=20.0)  # shorter than the 30 s refresh margin
    a = adapters(make_adapter("apaleo", fake))
    await a.search_availability(*stay(), TWO)
    await a.search_availability(*stay(), TWO)
    assert fake.token_requests == 2  # proactive refresh, no 401 needed


async def test_concurrent_calls_share_one_token_fetch(fake_for, adapters):
    fake = fake_for("opera")
    a = adapters(make_adapter("opera", fake))
    results = await asyncio.gather(*(a.search_availability(*stay(), TWO) for _ in range(8)))
    assert all(results) and fake.token_requests == 1


async def test_wrong_client_secret_is_an_auth_error(fake_for, adapters):
    fake = fake_for("apaleo")
    env = {**fake.env(), "SOVREN_APALEO_CLIENT_SECRET": "wrong"}
    a = adapters(make_adapter("apaleo", fake, env=env))
    with pytest.raises(AuthError) as exc:
        await a.search_availability(*stay(), TWO)
    assert "client credentials" in exc.value.message


# -- malformed payloads -------------------------------------------------------------------------

PII_BODY = (
    b'{"offers": [{"unitGroup": {"id": "MUC-DBL"}, "primaryGuest": {"firstName": "Ada",'
    b' "lastName": "Lovelace", "email": "ada@example.org", "phone": "+49 30 1234567"},'
    b' "card": "4111 1111 1111 1111"}]}'
)


async def test_schema_violation_is_a_vendor_error_logged_redacted(fake_for, adapters, caplog):
    fake = fake_for("apaleo")
    a = adapters(make_adapter("apaleo", fake))
    fake.malformed_next(PII_BODY, match="GET /booking/v1/offers")
    with caplog.at_level(logging.WARNING, logger="sovren.pms"), pytest.raises(VendorError) as exc:
        await a.search_availability(*stay(), TWO)
    assert not exc.value.retriable and "schema" in exc.value.message
    log = caplog.text
    assert "failed schema validation" in log and "«redacted»" in log
    for secret in ("Lovelace", "ada@example.org", "1234567", "4111"):
        assert secret not in log and secret not in exc.value.message
    assert (await a.health())["last_error"] == "malformed_payload"


async def test_non_json_body_is_a_vendor_error(fake_for, adapters):
    fake = fake_for("cloudbeds")
    a = adapters(make_adapter("cloudbeds", fake))
    fake.malformed_next(b"<html>gateway error</html>", match="getRoomTypes")
    with pytest.raises(VendorError):
        await a.open()


async def test_malformed_reservation_from_mews_is_a_vendor_error(fake_for, adapters, caplog):
    fake = fake_for("mews")
    a = adapters(make_adapter("mews", fake))
    await a.open()
    body = b'{"Reservations": [{"Id": "x", "Number": "1", "Email": "ada@example.org"}], "Cursor": null}'
    fake.malformed_next(body, match="reservations/getAll")
    with caplog.at_level(logging.WARNING, logger="sovren.pms"), pytest.raises(VendorError):
        await a.get_reservation("1")
    assert "ada@example.org" not in caplog.text and "«redacted»" in caplog.text


async def test_malformed_xml_from_siteminder_is_a_vendor_error(fake_for, adapters):
    fake = fake_for("siteminder")
    a = adapters(make_adapter("siteminder", fake))
    fake.malformed_next(b"<SOAP-ENV:Envelope><unclosed>", match="OTA_ReadRQ")
    with pytest.raises(VendorError) as exc:
        await a.get_reservation("SM1")
    assert "XML" in exc.value.message


async def test_vendor_error_body_is_logged_redacted(fake_for, adapters, caplog):
    fake = fake_for("opera")
    a = adapters(make_adapter("opera", fake))
    body = b'{"title": "Bad Request", "detail": "guest ada@example.org +49 30 1234567 rejected"}'
    fake.fail_next(1, 400, body=body, match="/par/v1/")
    with caplog.at_level(logging.WARNING, logger="sovren.pms"), pytest.raises(VendorError):
        await a.search_availability(*stay(), TWO)
    assert "HTTP 400" in caplog.text
    assert "ada@example.org" not in caplog.text and "1234567" not in caplog.text


async def test_identity_server_outage_is_retried_then_reported(fake_for, adapters):
    fake = fake_for("apaleo")
    a = adapters(make_adapter("apaleo", fake))
    fake.fail_next(1, 503, match="POST /connect/token")
    assert await a.search_availability(*stay(), TWO)  # second token attempt succeeds
    fake.expire_tokens()
    fake.fail_next(5, 503, match="POST /connect/token")
    with pytest.raises(VendorError) as exc:
        await a.search_availability(*stay(), TWO)
    assert exc.value.retriable and "token endpoint" in exc.value.message


async def test_cancelled_probe_does_not_wedge_a_half_open_breaker(fake_for, adapters):
    fake = fake_for("apaleo")
    clock = ManualClock()
    a = adapters(make_adapter("apaleo", fake, policy_for_tests(breaker_failures=1, clock=clock)))
    fake.fail_next(1, 503, match="GET /booking/v1/offers")
    with pytest.raises(VendorError):
        await a.search_availability(*stay(), TWO)
    assert a.client.breaker.state is BreakerState.OPEN
    clock.advance(0.5)
    fake.delay_next(0.5, match="GET /booking/v1/offers")
    sent = fake.requests.count(("GET", "/booking/v1/offers"))
    probe = asyncio.create_task(a.search_availability(*stay(), TWO))
    await until(
        lambda: fake.requests.count(("GET", "/booking/v1/offers")) > sent,
        what="the probe reaching the vendor",
    )
    probe.cancel()  # the caller hung up while the probe was in flight
    with pytest.raises(asyncio.CancelledError):
        await probe
    assert await a.search_availability(*stay(), TWO)  # a new probe may go
    assert a.client.breaker.state is BreakerState.CLOSED


async def test_rate_limiter_spaces_calls_per_vendor(fake_for, adapters):
    fake = fake_for("cloudbeds")
    a = adapters(make_adapter("cloudbeds", fake, policy_for_tests(rate_per_s=40.0, burst=2)))
    await a.open()
    await asyncio.gather(
        *(a.get_reservation(str(8800000000 + i)) for i in range(6)), return_exceptions=True
    )
    h = await a.health()
    assert h["rate_limit"]["waited_s"] > 0 and h["rate_limit"]["burst"] == 2


async def test_mews_guest_profile_after_dropped_connection_is_found_not_duplicated(
    fake_for, adapters
):
    fake = fake_for("mews")
    a = adapters(make_adapter("mews", fake))
    offer = await an_offer("mews", a)
    fake.drop_after_commit_next(match="POST /api/connector/v1/customers/add ")
    res = await a.create_reservation(offer, GUEST, "key-profile-drop")
    assert len(fake.customers) == 1 and len(fake.hotel.stays) == 1
    assert res.guest.email == GUEST.email
