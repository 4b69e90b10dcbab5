"""Fixtures for the vendor machinery tests: each adapter against its running fake."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from connectors.models import Guest, Occupancy
from tests.connectors.fakes.base import FakeHotel
from tests.connectors.vendor_adapters import (  # noqa: F401 - re-exported to the tests
    VENDORS,
    ManualClock,
    fake_class,
    make_adapter,
    policy_for_tests,
)

# Where each vendor's booking write goes (used to inject faults into exactly that call).
CREATE_MATCH = {
    "apaleo": "POST /booking/v1/bookings ",
    "mews": "POST /api/connector/v1/reservations/add ",
    "cloudbeds": "POST /postReservation ",
    "opera": "POST /rsv/v1/hotels/HOTEL1/reservations ",
    "siteminder": 'ResStatus="Commit"',
}
assert list(CREATE_MATCH) == VENDORS


@pytest.fixture
def fake_for():
    """fake_for(vendor, **kw) -> a started fake; all are stopped at teardown."""
    started = []

    def start(vendor: str, **kw):
        fake = fake_class(vendor)(FakeHotel(), **kw).start()
        started.append(fake)
        return fake

    yield start
    for f in started:
        f.stop()


@pytest.fixture
async def adapters():
    """Collects adapters built in a test and closes them at teardown."""
    made = []

    def add(a):
        made.append(a)
        return a

    yield add
    for a in made:
        await a.aclose()


def stay(offset: int = 30, nights: int = 2) -> tuple[date, date]:
    a = datetime.now(ZoneInfo("Europe/Berlin")).date() + timedelta(days=offset)
    return a, a + timedelta(days=nights)


TWO = Occupancy(adults=2)
GUEST = Guest(name="Ada Lovelace", phone="+49 30 1234567", email="ada@example.org")


async def an_offer(vendor: str, adapter, room_type: str = "DBL"):
    a, d = stay()
    if vendor == "siteminder":
        return adapter.make_offer(a, d, TWO, room_type)
    offers = await adapter.search_availability(a, d, TWO, room_type)
    assert offers
    return offers[0]
