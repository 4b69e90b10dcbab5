"""The local PMS for the golden suite: a fresh database per test, demo hotel seeded."""

from __future__ import annotations

import pytest

GOLDEN_FIXTURES = ["local_connector"]


@pytest.fixture
def pms_settings():
    import config

    return config.load_settings()


@pytest.fixture
async def local_connector(pg_url, pms_settings):
    from connectors.adapters.local import LocalConnector
    from connectors.factory import guard

    conn = guard(LocalConnector(pms_settings.hotel, pg_url, pool_max=8), pms_settings)
    await conn.open()
    yield conn
    await conn.aclose()
