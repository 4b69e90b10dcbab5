"""Ordered SQL migrations: ``migrations/NNNN_name.sql`` applied once each, in order.

Why plain SQL files: the schema is what an auditor reads; a migration is the
exact text the server ran. Each file runs in its own transaction together with
its row in ``schema_migrations`` (version, name, sha256), so a failed migration
leaves nothing behind. An advisory lock makes concurrent starters (several
runtimes on one server) wait instead of racing. A file whose text changed after
it was applied is refused: the ledger must be reproducible from its history.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass
from pathlib import Path

from config.errors import SovrenError

MIGRATIONS_DIR = Path(__file__).with_name("migrations")
_NAME = re.compile(r"^(\d{4})_([a-z0-9_]+)\.sql$")
_LOCK_KEY = 0x50_56_52_4E  # "SVRN": one advisory lock for all ledger migrations


class MigrationError(SovrenError, RuntimeError):
    code = "migration"
    next_step = "fix the files in ledger/migrations (NNNN_name.sql, one file per number) or the database the message names"


@dataclass(frozen=True)
class Migration:
    version: int
    name: str
    sql: str

    @property
    def checksum(self) -> str:
        return hashlib.sha256(self.sql.encode()).hexdigest()


def discover(directory: Path = MIGRATIONS_DIR) -> list[Migration]:
    out = []
    for p in sorted(directory.glob("*.sql")):
        m = _NAME.match(p.name)
        if not m:
            raise MigrationError(f"migration file {p.name} is not named NNNN_name.sql")
        out.append(Migration(int(m.group(1)), m.group(2), p.read_text()))
    versions = [m.version for m in out]
    if len(set(versions)) != len(versions):
        raise MigrationError(f"two migration files share a version in {directory}")
    return out


def migrate(url_or_conn, directory: Path = MIGRATIONS_DIR) -> list[int]:
    """Apply pending migrations; returns the versions applied now."""
    import psycopg

    if isinstance(url_or_conn, str):
        with psycopg.connect(url_or_conn, autocommit=True) as conn:
            return _migrate(conn, directory)
    return _migrate(url_or_conn, directory)


def _migrate(conn, directory: Path) -> list[int]:
    migrations = discover(directory)
    conn.autocommit = True
    conn.execute("SELECT pg_advisory_lock(%s)", (_LOCK_KEY,))
    try:
        conn.execute(
            "CREATE TABLE IF NOT EXISTS schema_migrations ("
            " version integer PRIMARY KEY, name text NOT NULL, checksum text NOT NULL,"
            " applied_at timestamptz NOT NULL DEFAULT now())"
        )
        applied = {
            v: (n, c)
            for v, n, c in conn.execute("SELECT version, name, checksum FROM schema_migrations")
        }
        unknown = sorted(set(applied) - {m.version for m in migrations})
        if unknown:
            raise MigrationError(
                f"the database has migrations {unknown} this version does not know; "
                f"run a newer SOVREN against it"
            )
        done = []
        for m in migrations:
            if m.version in applied:
                if applied[m.version][1] != m.checksum:
                    raise MigrationError(
                        f"migration {m.version:04d}_{m.name} changed after it was applied; "
                        f"restore the file and add a new migration instead"
                    )
                continue
            with conn.transaction():
                conn.execute(m.sql)
                conn.execute(
                    "INSERT INTO schema_migrations (version, name, checksum) VALUES (%s, %s, %s)",
                    (m.version, m.name, m.checksum),
                )
            done.append(m.version)
        return done
    finally:
        conn.execute("SELECT pg_advisory_unlock(%s)", (_LOCK_KEY,))


def status(url: str) -> list[tuple[int, str, bool]]:
    """(version, name, applied) for every known migration."""
    import psycopg

    with psycopg.connect(url) as conn:
        exists = conn.execute("SELECT to_regclass('schema_migrations') IS NOT NULL").fetchone()[0]
        applied = (
            {v for (v,) in conn.execute("SELECT version FROM schema_migrations")}
            if exists
            else set()
        )
    return [(m.version, m.name, m.version in applied) for m in discover()]
