"""The five vendor adapters in the golden suite, each against its local fake server.

Each fixture starts the vendor's fake (a real HTTP server on 127.0.0.1, demo hotel,
no reservations), builds the adapter with credentials from a test environment
mapping (never from files) and small back-off settings, and wraps it in the
same GuardedConnector the factory builds.
"""

from __future__ import annotations

import pytest

GOLDEN_FIXTURES = [
    "apaleo_connector",
    "mews_connector",
    "cloudbeds_connector",
    "opera_connector",
    "siteminder_connector",
]


def fast_policy(**over):
    from connectors.http import HttpPolicy, RetryPolicy

    base = dict(
        connect_timeout_s=1.0,
        read_timeout_s=2.0,
        deadline_s=5.0,
        retry=RetryPolicy(max_attempts=3, base_s=0.01, max_backoff_s=0.05),
        breaker_failures=5,
        breaker_window_s=10.0,
        breaker_cooldown_s=0.3,
        rate_per_s=1000.0,
        burst=1000,
    )
    base.update(over)
    return HttpPolicy(**base)


def _settings():
    import config

    return config.load_settings()


def _hotel(settings):
    from tests.connectors.fakes.base import FakeHotel

    return FakeHotel(list(settings.hotel.room_types), currency=settings.hotel.currency)


async def _guarded(adapter, settings):
    from connectors.factory import guard

    conn = guard(adapter, settings)
    await conn.open()
    return conn


@pytest.fixture
async def apaleo_connector():
    from connectors.adapters.apaleo import ApaleoConnector
    from tests.connectors.fakes.apaleo import ApaleoFake

    settings = _settings()
    with ApaleoFake(_hotel(settings)) as fake:
        adapter = ApaleoConnector(
            base_url=fake.url,
            timezone=settings.hotel.timezone,
            env=fake.env(),
            policy=fast_policy(),
        )
        conn = await _guarded(adapter, settings)
        yield conn
        await conn.aclose()


@pytest.fixture
async def mews_connector():
    from connectors.adapters.mews import MewsConnector
    from tests.connectors.fakes.mews import MewsFake

    settings = _settings()
    with MewsFake(_hotel(settings)) as fake:
        adapter = MewsConnector(
            base_url=fake.url,
            timezone=settings.hotel.timezone,
            env=fake.env(),
            policy=fast_policy(),
        )
        conn = await _guarded(adapter, settings)
        yield conn
        await conn.aclose()


@pytest.fixture
async def cloudbeds_connector():
    from connectors.adapters.cloudbeds import CloudbedsConnector
    from tests.connectors.fakes.cloudbeds import CloudbedsFake

    settings = _settings()
    with CloudbedsFake(_hotel(settings)) as fake:
        adapter = CloudbedsConnector(base_url=fake.url, env=fake.env(), policy=fast_policy())
        conn = await _guarded(adapter, settings)
        yield conn
        await conn.aclose()


@pytest.fixture
async def opera_connector():
    from connectors.adapters.opera import OperaConnector
    from tests.connectors.fakes.opera import OperaFake

    settings = _settings()
    with OperaFake(_hotel(settings)) as fake:
        adapter = OperaConnector(base_url=fake.url, env=fake.env(), policy=fast_policy())
        conn = await _guarded(adapter, settings)
        yield conn
        await conn.aclose()


@pytest.fixture
async def siteminder_connector():
    from connectors.adapters.siteminder import SiteMinderConnector
    from tests.connectors.fakes.siteminder import SiteMinderFake

    settings = _settings()
    with SiteMinderFake(_hotel(settings)) as fake:
        adapter = SiteMinderConnector(
            base_url=fake.url,
            room_types=list(settings.hotel.room_types),
            currency=settings.hotel.currency,
            env=fake.env(),
            policy=fast_policy(),
        )
        conn = await _guarded(adapter, settings)
        yield conn
        await conn.aclose()
