"""Fixtures for the vendor machinery tests: each adapter against its running fake."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from connectors.http import HttpPolicy, RetryPolicy
from connectors.models import Guest, Occupancy
from tests.connectors.fakes.apaleo import ApaleoFake
from tests.connectors.fakes.base import FakeHotel
from tests.connectors.fakes.cloudbeds import CloudbedsFake
from tests.connectors.fakes.mews import MewsFake
from tests.connectors.fakes.opera import OperaFake
from tests.connectors.fakes.siteminder import SiteMinderFake

# Where each vendor's booking write goes (used to inject faults into exactly that call).
CREATE_MATCH = {
    "apaleo": "POST /booking/v1/bookings ",
    "mews": "POST /api/connector/v1/reservations/add ",
    "cloudbeds": "POST /postReservation ",
    "opera": "POST /rsv/v1/hotels/HOTEL1/reservations ",
    "siteminder": 'ResStatus="Commit"',
}
VENDORS = list(CREATE_MATCH)


def policy_for_tests(**over) -> HttpPolicy:
    base = dict(
        connect_timeout_s=1.0,
        read_timeout_s=1.0,
        deadline_s=6.0,
        retry=RetryPolicy(max_attempts=3, base_s=0.01, max_backoff_s=0.03, max_retry_after_s=1.0),
        breaker_failures=5,
        breaker_window_s=10.0,
        breaker_cooldown_s=0.3,
        rate_per_s=1000.0,
        burst=1000,
    )
    base.update(over)
    return HttpPolicy(**base)


def make_adapter(vendor: str, fake, policy: HttpPolicy | None = None, env: dict | None = None):
    policy = policy or policy_for_tests()
    env = fake.env() if env is None else env
    if vendor == "apaleo":
        from connectors.adapters.apaleo import ApaleoConnector

        return ApaleoConnector(base_url=fake.url, env=env, policy=policy)
    if vendor == "mews":
        from connectors.adapters.mews import MewsConnector

        return MewsConnector(base_url=fake.url, env=env, policy=policy)
    if vendor == "cloudbeds":
        from connectors.adapters.cloudbeds import CloudbedsConnector

        return CloudbedsConnector(base_url=fake.url, env=env, policy=policy)
    if vendor == "opera":
        from connectors.adapters.opera import OperaConnector

        return OperaConnector(base_url=fake.url, env=env, policy=policy)
    from connectors.adapters.siteminder import SiteMinderConnector
    from tests.connectors.fakes.base import DEFAULT_ROOM_TYPES, typed_rooms

    return SiteMinderConnector(
        base_url=fake.url, room_types=typed_rooms(DEFAULT_ROOM_TYPES), env=env, policy=policy
    )


FAKES = {
    "apaleo": ApaleoFake,
    "mews": MewsFake,
    "cloudbeds": CloudbedsFake,
    "opera": OperaFake,
    "siteminder": SiteMinderFake,
}


@pytest.fixture
def fake_for():
    """fake_for(vendor, **kw) -> a started fake; all are stopped at teardown."""
    started = []

    def start(vendor: str, **kw):
        fake = FAKES[vendor](FakeHotel(), **kw).start()
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
