"""The local PMS for the golden suite: a fresh database per test, demo hotel seeded.

Why a template database: migrating and seeding takes dozens of statements; doing it once per
session and cloning (CREATE DATABASE ... TEMPLATE) keeps each test's setup to one statement.
"""

from __future__ import annotations

import time
import uuid

import pytest

GOLDEN_FIXTURES = ["local_connector"]


@pytest.fixture
def pms_settings():
    import config

    return config.load_settings()


@pytest.fixture(scope="session")
def local_pms_template(pg_cluster):
    """Name of a database migrated and seeded with the demo hotel (never used directly)."""
    import asyncio

    import psycopg

    import config
    from connectors.adapters.local import LocalConnector

    name = f"pms_tpl_{uuid.uuid4().hex[:8]}"
    with psycopg.connect(pg_cluster.url("postgres"), autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{name}"')

    async def seed():
        pms = LocalConnector(config.load_settings().hotel, pg_cluster.url(name), pool_max=1)
        await pms.open()
        await pms.aclose()

    asyncio.run(seed())
    yield name
    with psycopg.connect(pg_cluster.url("postgres"), autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@pytest.fixture
def local_pms_url(pg_cluster, local_pms_template):
    """URL of a fresh copy of the seeded template, dropped after the test."""
    import psycopg

    name = f"pms_{uuid.uuid4().hex[:12]}"
    with psycopg.connect(pg_cluster.url("postgres"), autocommit=True) as conn:
        for attempt in range(20):  # the template's last backend may still be exiting
            try:
                conn.execute(f'CREATE DATABASE "{name}" TEMPLATE "{local_pms_template}"')
                break
            except psycopg.errors.ObjectInUse:
                if attempt == 19:
                    raise
                time.sleep(0.1)
    yield pg_cluster.url(name)
    with psycopg.connect(pg_cluster.url("postgres"), autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@pytest.fixture
async def local_connector(local_pms_url, pms_settings):
    from connectors.adapters.local import LocalConnector
    from connectors.factory import guard

    conn = guard(LocalConnector(pms_settings.hotel, local_pms_url, pool_max=8), pms_settings)
    await conn.open()
    yield conn
    await conn.aclose()
