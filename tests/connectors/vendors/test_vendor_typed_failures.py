"""Every PMS error becomes one typed failure code; the vendor fakes' faults reach the executor
as the failure the dialogue answers (docs/typed-payloads.md)."""

from __future__ import annotations

import asyncio

import pytest

from connectors.contract import Capability
from connectors.errors import (
    AuthError,
    Conflict,
    InvalidRequest,
    NotFound,
    Unavailable,
    Unsupported,
    VendorError,
)
from connectors.executor import execute
from connectors.http.client import OutcomeUnknown
from ipc.actions import ActionKind
from ipc.payloads import Availability, FailureCode, PmsFailure
from tests.connectors.vendors.conftest import make_adapter, policy_for_tests, stay


@pytest.mark.parametrize(
    ("error", "code", "field", "retryable"),
    [
        (InvalidRequest("guests must be at least 1", field="guests"), FailureCode.INVALID_REQUEST,
         "guests", False),
        (NotFound("no reservation QQQ"), FailureCode.NOT_FOUND, None, False),
        (Unavailable("that offer is no longer available"), FailureCode.ROOM_UNAVAILABLE, None,
         False),
        (Conflict("reservation is cancelled"), FailureCode.CONFLICT, None, False),
        (Unsupported(Capability.CANCEL, vendor="siteminder"), FailureCode.UNSUPPORTED, None,
         False),
        (VendorError("HTTP 503", retriable=True, status=503), FailureCode.VENDOR_UNAVAILABLE,
         None, True),
        (VendorError("timed out", retriable=True, timeout=True), FailureCode.TIMEOUT, None, True),
        (OutcomeUnknown("may have been applied", in_flight=True), FailureCode.TIMEOUT, None, False),
        (OutcomeUnknown("connection broke after", in_flight=False),
         FailureCode.VENDOR_UNAVAILABLE, None, False),
        (AuthError("credentials rejected"), FailureCode.AUTH, None, False),
    ],
)  # fmt: skip
def test_each_error_class_maps_to_one_failure_code(error, code, field, retryable):
    f = error.failure()
    assert isinstance(f, PmsFailure)
    assert (f.code, f.field, f.retryable) == (code, field, retryable)
    assert f.message == error.message
    if isinstance(error, Unsupported):
        assert f.capability == "cancel" and f.vendor == "siteminder"


def _query():
    a, d = stay()
    return {"arrival": a.isoformat(), "departure": d.isoformat(), "guests": 2}


async def test_a_vendor_that_times_out_is_a_retryable_timeout(fake_for, adapters):
    fake = fake_for("opera")
    a = adapters(make_adapter("opera", fake, policy_for_tests(read_timeout_s=0.2)))
    fake.delay_next(0.5, n=3, match="/par/v1/")
    out = await execute(a, ActionKind.PMS_AVAILABILITY, _query())
    assert isinstance(out, PmsFailure)
    assert out.code == FailureCode.TIMEOUT and out.retryable and out.vendor == "opera"


async def test_a_vendor_that_is_down_is_vendor_unavailable(fake_for, adapters):
    fake = fake_for("apaleo")
    a = adapters(make_adapter("apaleo", fake))
    fake.fail_next(5, status=503, match="GET /booking/v1/offers")
    out = await execute(a, ActionKind.PMS_AVAILABILITY, _query())
    assert isinstance(out, PmsFailure) and out.code == FailureCode.VENDOR_UNAVAILABLE
    assert out.status == 503 and out.retryable


async def test_the_executors_own_budget_turns_a_hang_into_a_timeout(fake_for, adapters):
    """A call slower than ``timeout_s`` (here: a vendor still within its own deadline)."""
    fake = fake_for("mews")
    a = adapters(make_adapter("mews", fake, policy_for_tests(read_timeout_s=5.0)))
    await a.open()
    fake.delay_next(3.0, n=1, match="services/getAvailability")
    out = await execute(a, ActionKind.PMS_AVAILABILITY, _query(), timeout_s=0.5)
    assert isinstance(out, PmsFailure) and out.code == FailureCode.TIMEOUT and out.retryable
    assert "within 0.5 s" in out.message
    await asyncio.sleep(0)  # the cancelled request leaves nothing pending that breaks the next
    assert isinstance(await execute(a, ActionKind.PMS_AVAILABILITY, _query()), Availability)
