"""The console's trail in the ledger: every login, failed login and action.

Why its own table (``console_audit``, append-only like the decisions): who looked
at what and who ended, took over or erased what is the hotel's to answer for; the
row names the account, the event, whether it succeeded and the address, never a
password, and a phone number only as the erasure's hash.
"""

from __future__ import annotations

import json
from typing import Any


async def record(
    aconn,
    event: str,
    *,
    account: str | None,
    ok: bool = True,
    remote: str | None = None,
    detail: dict[str, Any] | None = None,
) -> None:
    await aconn.execute(
        "INSERT INTO console_audit (account, event, ok, remote, detail) VALUES (%s, %s, %s, %s, %s)",
        (account, event, ok, remote, json.dumps(detail or {}, default=str)),
    )


async def recent(aconn, limit: int = 200) -> list[dict[str, Any]]:
    from psycopg.rows import dict_row

    async with aconn.cursor(row_factory=dict_row) as cur:
        await cur.execute(
            "SELECT created_at, account, event, ok, remote, detail FROM console_audit"
            " ORDER BY created_at DESC LIMIT %s",
            (limit,),
        )
        return await cur.fetchall()
