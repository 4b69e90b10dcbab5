"""Ledger fixtures: a migrated fresh database per test, a spool folder, a writer."""

from __future__ import annotations

import pytest

from runtime.ledger.migrate import migrate
from runtime.ledger.writer import LedgerWriter


@pytest.fixture
def ledger_url(pg_url):
    migrate(pg_url)
    return pg_url


@pytest.fixture
def writer(ledger_url, tmp_path):
    alerts = []
    w = LedgerWriter(ledger_url, tmp_path / "spool", flush_interval_s=0.01, on_alert=alerts.append)
    w.alerts = alerts
    yield w
    w.close()
