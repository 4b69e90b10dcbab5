"""Ledger fixtures: a migrated fresh database per test (cloned from a migrated template)."""

from __future__ import annotations

import shutil
import tempfile
import uuid
from pathlib import Path

import psycopg
import pytest

from ledger.migrate import migrate
from ledger.writer import LedgerWriter


@pytest.fixture
def tmp_path():
    """A private temporary folder outside /tmp/pytest-of-<user>.

    Why: several engineers run pytest at once on these machines, and each session
    start prunes all but the newest three numbered folders there — including
    folders of tests still running elsewhere (a cluster or spool vanished mid-test).
    """
    d = Path(tempfile.mkdtemp(prefix="sovren-test-"))
    yield d
    shutil.rmtree(d, ignore_errors=True)


@pytest.fixture(scope="session")
def ledger_template(pg_cluster):
    """A database with every migration applied, cloned per test (much cheaper than migrating)."""
    name = f"ledger_tpl_{uuid.uuid4().hex[:8]}"
    with psycopg.connect(pg_cluster.url("postgres"), autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{name}"')
    migrate(pg_cluster.url(name))
    yield name
    with psycopg.connect(pg_cluster.url("postgres"), autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@pytest.fixture
def ledger_url(pg_cluster, ledger_template):
    name = f"ledger_{uuid.uuid4().hex[:12]}"
    with psycopg.connect(pg_cluster.url("postgres"), autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{name}" TEMPLATE "{ledger_template}"')
    yield pg_cluster.url(name)
    with psycopg.connect(pg_cluster.url("postgres"), autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@pytest.fixture
def writer(ledger_url, tmp_path):
    alerts = []
    w = LedgerWriter(ledger_url, tmp_path / "spool", flush_interval_s=0.01, on_alert=alerts.append)
    w.alerts = alerts
    yield w
    w.close()
