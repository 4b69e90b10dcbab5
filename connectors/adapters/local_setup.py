"""Schema migrations and the demo-hotel seed of the local PMS.

Why SQL files applied in order under an advisory lock: several processes
(the PMS worker, ``sovren pms``, benchmarks) may open the same database at
once; the lock makes "apply what is missing" safe and the version table makes
it idempotent. The seed mirrors ``hotel.room_types`` / ``hotel.rate_plans`` of
the configuration into the tables whenever it changed (a fingerprint is kept), so
editing the config is all a hotel does to change its rooms or prices.
"""

from __future__ import annotations

import hashlib
import json
from decimal import Decimal
from importlib import resources
from typing import Any

from connectors.errors import PmsError

SCHEMA = "pms_local"
_ADVISORY_LOCK = 0x50_4D_53_4C  # "PMSL"


class LocalPmsConfigError(PmsError):
    """The hotel configuration cannot seed the local PMS; the message names the entry."""

    code = "config_error"
    next_step = "fix hotel.room_types / hotel.rate_plans; `sovren config check` shows every problem"


def migrations() -> list[tuple[int, str]]:
    """(version, sql) of connectors/local_schema/NNN_*.sql in order."""
    files = resources.files("connectors").joinpath("local_schema")
    out = []
    for f in files.iterdir():
        if f.name.endswith(".sql"):
            out.append((int(f.name.split("_", 1)[0]), f.read_text()))
    return sorted(out)


def room_type_rows(hotel) -> list[dict[str, Any]]:
    """The local PMS's room types; the values were checked by the config model (HotelConfig)."""
    rows = [
        {
            "code": rt.code,
            "name": rt.display_name("en"),
            "count": rt.count,
            "max_guests": rt.max_guests,
            "rate": rt.rate,
        }
        for rt in hotel.room_types
    ]
    if not rows:
        raise LocalPmsConfigError("hotel.room_types is empty: the local PMS has nothing to sell")
    return rows


def rate_plan_rows(hotel) -> list[dict[str, Any]]:
    rows = [
        {
            "code": rp.code,
            "name": rp.display_name("en"),
            "factor": rp.factor,
            "policy": rp.terms("en"),
            "refundable": rp.refundable,
            "room_types": list(rp.room_types),
        }
        for rp in hotel.rate_plans
    ]
    if not rows:
        raise LocalPmsConfigError(
            "hotel.rate_plans is empty: the local PMS needs at least one rate plan "
            "(code, name, factor, cancellation)"
        )
    return rows


async def migrate_and_seed(conn, hotel) -> None:
    """Apply missing migrations and mirror the configured hotel, in one transaction."""
    room_types = room_type_rows(hotel)
    rate_plans = rate_plan_rows(hotel)
    async with conn.transaction():
        await conn.execute("SELECT pg_advisory_xact_lock(%s)", (_ADVISORY_LOCK,))
        await conn.execute(f"CREATE SCHEMA IF NOT EXISTS {SCHEMA}")
        await conn.execute(
            f"CREATE TABLE IF NOT EXISTS {SCHEMA}.schema_version "
            "(version integer PRIMARY KEY, applied_at timestamptz NOT NULL DEFAULT now())"
        )
        cur = await conn.execute(f"SELECT version FROM {SCHEMA}.schema_version")
        applied = {r["version"] for r in await cur.fetchall()}
        for version, sql in migrations():
            if version not in applied:
                await conn.execute(sql)
                await conn.execute(
                    f"INSERT INTO {SCHEMA}.schema_version (version) VALUES (%s)", (version,)
                )
        # Re-seed only when the configured hotel changed: opening stays cheap.
        fingerprint = hashlib.sha256(
            json.dumps([hotel.currency, room_types, rate_plans], default=str).encode()
        ).hexdigest()
        await conn.execute(
            f"CREATE TABLE IF NOT EXISTS {SCHEMA}.seed_state (id boolean PRIMARY KEY DEFAULT true "
            "CHECK (id), fingerprint text NOT NULL, seeded_at timestamptz NOT NULL DEFAULT now())"
        )
        cur = await conn.execute(f"SELECT fingerprint FROM {SCHEMA}.seed_state")
        row = await cur.fetchone()
        if row is None or row["fingerprint"] != fingerprint:
            await _seed(conn, hotel.currency, room_types, rate_plans)
            await conn.execute(
                f"INSERT INTO {SCHEMA}.seed_state (fingerprint) VALUES (%s) ON CONFLICT (id) "
                "DO UPDATE SET fingerprint = excluded.fingerprint, seeded_at = now()",
                (fingerprint,),
            )


async def _seed(conn, currency: str, room_types, rate_plans) -> None:
    for rt in room_types:
        await conn.execute(
            f"INSERT INTO {SCHEMA}.room_types (code, name, max_guests) VALUES (%s, %s, %s) "
            "ON CONFLICT (code) DO UPDATE SET name = excluded.name, max_guests = excluded.max_guests",
            (rt["code"], rt["name"], rt["max_guests"]),
        )
    for rp in rate_plans:
        await conn.execute(
            f"INSERT INTO {SCHEMA}.rate_plans (code, name, cancellation_policy, refundable) "
            "VALUES (%s, %s, %s, %s) ON CONFLICT (code) DO UPDATE SET name = excluded.name, "
            "cancellation_policy = excluded.cancellation_policy, refundable = excluded.refundable",
            (rp["code"], rp["name"], rp["policy"], rp["refundable"]),
        )
    # Rates and rooms follow the config exactly: what it no longer lists is removed.
    await conn.execute(f"DELETE FROM {SCHEMA}.rates")
    for rt in room_types:
        for rp in rate_plans:
            if rp["room_types"] and rt["code"] not in rp["room_types"]:
                continue
            amount = (rt["rate"] * rp["factor"]).quantize(Decimal("0.01"))
            await conn.execute(
                f"INSERT INTO {SCHEMA}.rates (room_type, rate_plan, amount, currency) "
                "VALUES (%s, %s, %s, %s)",
                (rt["code"], rp["code"], amount, currency),
            )
    wanted = [
        (f"{floor}{k:02d}", rt["code"])
        for floor, rt in enumerate(room_types, start=1)
        for k in range(1, rt["count"] + 1)
    ]
    await conn.execute(
        f"DELETE FROM {SCHEMA}.rooms WHERE NOT (number = ANY(%s))", ([n for n, _ in wanted],)
    )
    for number, code in wanted:
        await conn.execute(
            f"INSERT INTO {SCHEMA}.rooms (number, room_type) VALUES (%s, %s) "
            "ON CONFLICT (number) DO UPDATE SET room_type = excluded.room_type",
            (number, code),
        )
