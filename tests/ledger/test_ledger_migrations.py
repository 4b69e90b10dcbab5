"""Ordered migrations: applied once, recorded, and the schema meets the ledger's rules."""

from __future__ import annotations

import psycopg
import pytest

from ledger.migrate import MigrationError, discover, migrate, status

TABLES = ["calls", "turns", "proposals", "decisions", "actions", "results", "alerts",
          "outcomes", "prior_counts", "erasures"]  # fmt: skip
ERASABLE = {"calls", "turns", "proposals", "actions", "results"}
CONCURRENT = {"calls", "alerts", "prior_counts"}


def columns(url, table):
    with psycopg.connect(url) as conn:
        return dict(
            conn.execute(
                "SELECT column_name, data_type FROM information_schema.columns "
                "WHERE table_name = %s",
                (table,),
            ).fetchall()
        )


def test_applies_once_in_order(pg_url):
    versions = [m.version for m in discover()]
    assert versions == sorted(versions) and versions[0] == 1
    assert migrate(pg_url) == versions
    assert migrate(pg_url) == []
    assert all(applied for _, _, applied in status(pg_url))


@pytest.mark.parametrize("table", TABLES)
def test_table_rules(ledger_url, table):
    cols = columns(ledger_url, table)
    assert cols["id"] == "uuid"
    assert cols["created_at"] == cols["updated_at"] == "timestamp with time zone"
    assert ("deleted_at" in cols) == (table in ERASABLE)
    assert ("version" in cols) == (table in CONCURRENT)


def test_changed_migration_is_refused(ledger_url):
    with psycopg.connect(ledger_url, autocommit=True) as conn:
        conn.execute("UPDATE schema_migrations SET checksum = 'x' WHERE version = 1")
    with pytest.raises(MigrationError, match="changed after it was applied"):
        migrate(ledger_url)


def test_unknown_newer_migration_is_refused(ledger_url):
    with psycopg.connect(ledger_url, autocommit=True) as conn:
        conn.execute("INSERT INTO schema_migrations VALUES (9999, 'future', 'x')")
    with pytest.raises(MigrationError, match="newer SOVREN"):
        migrate(ledger_url)
