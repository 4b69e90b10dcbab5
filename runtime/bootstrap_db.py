"""Bring the database to what this runtime needs before any agent starts.

Why in the supervisor: migrations must run once, before several processes
connect; the local PMS applies its own schema when the PMS worker opens it
(under an advisory lock), so only the ledger's migrations run here.
"""

from __future__ import annotations


def prepare_database(url: str, settings) -> list[int]:
    from ledger.migrate import migrate

    return migrate(url)
