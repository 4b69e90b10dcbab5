"""The local PMS: the hotel's rooms, rates and reservations in PostgreSQL.

Why PostgreSQL row locks and not a counter: availability is *computed*
(rooms in service minus overlapping active reservations, per night), so the
only thing to serialise is "check then insert" for the same room type and
nights. A booking inserts-if-missing and then locks one
``inventory_locks(room_type, night)`` row per night (ascending order, so two
bookings never deadlock); a concurrent booking for an overlapping night waits,
then re-counts and sees the first one. Reads take no locks.

Idempotency: ``reservations.idempotency_key`` is unique and is checked again
after the locks are held, so a retried create (even a concurrent duplicate)
returns the first reservation. Modifications are keyed in ``modifications``.

Concurrency ownership: one ``LocalConnector`` belongs to one asyncio loop and
owns its ``AsyncConnectionPool``; every call borrows one connection.
"""

from __future__ import annotations

import asyncio
import logging
import secrets
import time
import uuid
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any

import psycopg
from psycopg.rows import dict_row
from psycopg_pool import AsyncConnectionPool

from connectors.adapters.local_setup import SCHEMA, migrate_and_seed
from connectors.contract import Capability
from connectors.errors import Conflict, InvalidRequest, NotFound, Unavailable, VendorError
from connectors.models import (
    ChangeQuote,
    Guest,
    Money,
    Occupancy,
    RateOffer,
    Reservation,
    ReservationStatus,
)

log = logging.getLogger("sovren.connectors.local")

ACTIVE = ("tentative", "confirmed", "checked_in")
# Unambiguous when spelled over the phone: no 0/O, 1/I/L, 5/S, 2/Z, 8/B.
_CONFIRMATION_ALPHABET = "34679ACDEFGHJKMNPQRTUVWXY"
_RETRYABLE_TX = (psycopg.errors.DeadlockDetected, psycopg.errors.SerializationFailure)

_FREE_ROOMS_SQL = f"""
WITH nights AS (
    SELECT d::date AS night
    FROM generate_series(%(arrival)s::date, %(departure)s::date - 1, interval '1 day') d
), cap AS (
    SELECT rt.code, rt.max_guests, count(r.number) FILTER (WHERE r.in_service) AS rooms
    FROM {SCHEMA}.room_types rt LEFT JOIN {SCHEMA}.rooms r ON r.room_type = rt.code
    WHERE (%(room_type)s::text IS NULL OR rt.code = %(room_type)s::text)
    GROUP BY rt.code
), overlapping AS (
    SELECT res.room_type, res.arrival, res.departure
    FROM {SCHEMA}.reservations res
    WHERE res.status IN ('tentative', 'confirmed', 'checked_in')
      AND res.departure > %(arrival)s::date AND res.arrival < %(departure)s::date
      AND (%(room_type)s::text IS NULL OR res.room_type = %(room_type)s::text)
      AND (%(exclude)s::uuid IS NULL OR res.id <> %(exclude)s::uuid)
), booked AS (
    SELECT o.room_type, n.night, count(*) AS n
    FROM overlapping o JOIN nights n ON o.arrival <= n.night AND o.departure > n.night
    GROUP BY o.room_type, n.night
)
SELECT c.code, c.max_guests,
       c.rooms - coalesce((SELECT max(b.n) FROM booked b WHERE b.room_type = c.code), 0) AS free
FROM cap c
"""

_OFFERS_SQL = f"""
WITH free AS ({_FREE_ROOMS_SQL})
SELECT f.code AS room_type, f.free, ra.rate_plan, ra.amount, ra.currency,
       rp.cancellation_policy
FROM free f
JOIN {SCHEMA}.rates ra ON ra.room_type = f.code
JOIN {SCHEMA}.rate_plans rp ON rp.code = ra.rate_plan
WHERE f.free > 0 AND f.max_guests >= %(guests)s
ORDER BY ra.amount, f.code, ra.rate_plan
"""


def _offer_id(room_type, rate_plan, arrival, departure, occupancy: Occupancy) -> str:
    return (
        f"local:{room_type}:{rate_plan}:{arrival.isoformat()}:{departure.isoformat()}:"
        f"{occupancy.adults}:{occupancy.children}"
    )


def _parse_offer_id(offer: RateOffer) -> str:
    """The rate plan of a local offer, after checking the id matches the offer it came in."""
    parts = offer.offer_id.split(":")
    if len(parts) != 7 or parts[0] != "local":
        raise InvalidRequest("offer_id is not an offer of the local PMS", field="offer_id")
    expected = _offer_id(parts[1], parts[2], offer.arrival, offer.departure, offer.occupancy)
    if parts[1] != offer.room_type or expected != offer.offer_id:
        raise InvalidRequest("offer_id does not match the offer's stay", field="offer_id")
    return parts[2]


def _digits(phone: str | None) -> str | None:
    if not phone:
        return None
    return "".join(c for c in phone if c.isdigit()) or None


def normalise_confirmation(text: str) -> str:
    """'k7m 4qx', 'K7M-4QX' -> 'K7M-4QX' (what a caller spells, what we store)."""
    compact = "".join(c for c in text.upper() if c.isalnum())
    return f"{compact[:3]}-{compact[3:]}" if len(compact) == 6 else text.strip().upper()


def _new_confirmation() -> str:
    chars = "".join(secrets.choice(_CONFIRMATION_ALPHABET) for _ in range(6))
    return f"{chars[:3]}-{chars[3:]}"


def _jsonable(row: dict[str, Any]) -> dict[str, Any]:
    out = {}
    for k, v in row.items():
        if isinstance(v, date | Decimal | uuid.UUID):
            out[k] = str(v) if not isinstance(v, date) else v.isoformat()
        elif hasattr(v, "isoformat"):
            out[k] = v.isoformat()
        else:
            out[k] = v
    return out


class LocalConnector:
    """Connector over the ``pms_local`` schema (see module docstring)."""

    vendor = "local"

    def __init__(
        self,
        hotel,
        database_url: str | None = None,
        *,
        data_dir: Path | None = None,
        pool_min: int = 1,
        pool_max: int = 8,
        stop_embedded_on_close: bool = False,
    ):
        if database_url is None and data_dir is None:
            raise ValueError("LocalConnector needs database_url or data_dir (embedded cluster)")
        self.hotel = hotel
        self.currency = hotel.currency
        self._url = database_url
        self._data_dir = data_dir
        self._pool_min, self._pool_max = pool_min, pool_max
        self.stop_embedded_on_close = stop_embedded_on_close
        self.embedded = None  # EmbeddedPostgres when we resolved the embedded cluster
        self._pool: AsyncConnectionPool | None = None
        self._open_timeout = 15.0

    @classmethod
    def from_settings(cls, settings, **kwargs) -> LocalConnector:
        return cls(settings.hotel, settings.database_url, data_dir=settings.data_dir, **kwargs)

    @property
    def capabilities(self) -> frozenset[Capability]:
        return frozenset(Capability)

    # -- lifecycle ---------------------------------------------------------
    async def open(self) -> None:
        if self._pool is not None:
            return
        if self._url is None:
            from ledger.postgres import resolve_database_url

            # Starting the embedded cluster blocks (pg_ctl): keep it off the loop.
            self._url, self.embedded = await asyncio.to_thread(
                resolve_database_url, self._data_dir, None
            )
        pool = AsyncConnectionPool(
            self._url,
            min_size=self._pool_min,
            max_size=self._pool_max,
            # JIT compiled the availability query for ~200 ms on every call (the planner
            # overestimates generate_series): these queries are small, JIT only hurts. A generic
            # plan for the (auto-)prepared statements saves re-planning (~0.7 ms) per call.
            kwargs={
                "autocommit": True,
                "row_factory": dict_row,
                "options": "-c jit=off -c plan_cache_mode=force_generic_plan",
            },
            open=False,
            name="pms-local",
        )
        try:
            await pool.open(wait=True, timeout=self._open_timeout)
            async with pool.connection() as conn:
                await migrate_and_seed(conn, self.hotel)
        except psycopg_pool_errors() as e:
            await pool.close()
            raise VendorError(
                f"local PMS database unreachable: {type(e).__name__}: {e}", retriable=True
            ) from e
        except BaseException:
            await pool.close()
            raise
        self._pool = pool

    async def aclose(self) -> None:
        pool, self._pool = self._pool, None
        if pool is not None:
            await pool.close()
        if (
            self.stop_embedded_on_close
            and self.embedded is not None
            and self.embedded.started_by_us
        ):
            await asyncio.to_thread(self.embedded.stop)
            self.embedded = None

    async def health(self) -> dict:
        t0 = time.perf_counter()
        async with self._conn() as conn:
            cur = await conn.execute(
                f"SELECT (SELECT count(*) FROM {SCHEMA}.rooms WHERE in_service) AS rooms, "
                f"(SELECT count(*) FROM {SCHEMA}.reservations WHERE status = ANY(%s)) AS active",
                (list(ACTIVE),),
            )
            row = await cur.fetchone()
        stats = self._pool.get_stats() if self._pool else {}
        return {
            "ok": True,
            "latency_ms": round((time.perf_counter() - t0) * 1000, 2),
            "rooms_in_service": row["rooms"],
            "active_reservations": row["active"],
            "pool": {
                k: stats.get(k, 0) for k in ("pool_size", "pool_available", "requests_waiting")
            },
            "embedded_database": self.embedded is not None,
        }

    def _conn(self):
        if self._pool is None:
            raise VendorError("local PMS is not open (call open() first)", retriable=False)
        return self._pool.connection()

    async def _run_tx(self, fn):
        """Run ``fn(conn)`` in a transaction; retry deadlocks/serialisation failures."""
        for attempt in range(5):
            try:
                async with self._conn() as conn, conn.transaction():
                    return await fn(conn)
            except _RETRYABLE_TX:
                if attempt == 4:
                    raise
                await asyncio.sleep(0.005 * (attempt + 1))
            except psycopg.OperationalError as e:
                raise VendorError(f"local PMS database error: {e}", retriable=True) from e
        raise AssertionError("unreachable")

    # -- reads ---------------------------------------------------------------
    async def search_availability(
        self,
        arrival: date,
        departure: date,
        occupancy: Occupancy,
        room_type: str | None = None,
    ) -> list[RateOffer]:
        nights = (departure - arrival).days
        async with self._conn() as conn:
            cur = await conn.execute(
                _OFFERS_SQL,
                {
                    "arrival": arrival,
                    "departure": departure,
                    "room_type": room_type,
                    "exclude": None,
                    "guests": occupancy.total,
                },
            )
            rows = await cur.fetchall()
        offers = []
        for r in rows:
            offers.append(
                RateOffer(
                    offer_id=_offer_id(
                        r["room_type"], r["rate_plan"], arrival, departure, occupancy
                    ),
                    vendor=self.vendor,
                    room_type=r["room_type"],
                    rate_plan=r["rate_plan"],
                    arrival=arrival,
                    departure=departure,
                    occupancy=occupancy,
                    total=Money(amount=r["amount"] * nights, currency=r["currency"]),
                    cancellation_policy=r["cancellation_policy"],
                    available=r["free"],
                    raw={"nightly": str(r["amount"]), "nights": nights},
                )
            )
        offers.sort(key=lambda o: (o.total.amount, o.room_type, o.rate_plan or ""))
        return offers

    async def get_reservation(self, id_or_confirmation: str) -> Reservation:
        async with self._conn() as conn:
            row = await self._fetch(conn, id_or_confirmation)
        if row is None:
            raise NotFound(f"no reservation {id_or_confirmation!r}")
        return self._to_model(row)

    async def find_reservations(
        self,
        guest_name: str | None = None,
        arrival: date | None = None,
        phone: str | None = None,
        email: str | None = None,
    ) -> list[Reservation]:
        where, params = [], []
        if guest_name:
            pattern = guest_name.strip().lower().replace("\\", "\\\\")
            pattern = pattern.replace("%", "\\%").replace("_", "\\_")
            where.append("lower(guest_name) LIKE %s")
            params.append(f"%{pattern}%")
        if arrival:
            where.append("arrival = %s")
            params.append(arrival)
        if phone:
            digits = _digits(phone) or ""
            n = min(9, len(digits))
            where.append("right(phone_digits, %s) = %s")
            params += [n, digits[-n:]]
        if email:
            where.append("lower(guest_email) = %s")
            params.append(email.strip().lower())
        if not where:
            return []
        sql = (
            f"SELECT * FROM {SCHEMA}.reservations WHERE {' AND '.join(where)} "
            "ORDER BY (status IN ('tentative','confirmed','checked_in')) DESC, arrival, created_at "
            "LIMIT 50"
        )
        async with self._conn() as conn:
            cur = await conn.execute(sql, params)
            rows = await cur.fetchall()
        return [self._to_model(r) for r in rows]

    async def quote_change(
        self,
        reservation: Reservation,
        new_arrival: date,
        new_departure: date,
        occupancy: Occupancy | None = None,
    ) -> ChangeQuote:
        async with self._conn() as conn:
            row = await self._fetch(conn, reservation.id)
            if row is None:
                raise NotFound(f"no reservation {reservation.id!r}")
            occ = occupancy or Occupancy(adults=row["adults"], children=row["children"])
            free, max_guests = await self._free(conn, row, new_arrival, new_departure)
            nightly = await self._nightly(conn, row["room_type"], row["rate_plan"])
        nights = (new_departure - new_arrival).days
        return ChangeQuote(
            reservation_id=str(row["id"]),
            arrival=new_arrival,
            departure=new_departure,
            occupancy=occ,
            room_type=row["room_type"],
            available=free > 0 and occ.total <= max_guests,
            old_total=Money(amount=row["total"], currency=row["currency"]),
            new_total=Money(amount=nightly * nights, currency=row["currency"]),
            cancellation_policy=row["cancellation_policy"],
            raw={"free_rooms": free, "max_guests": max_guests, "nightly": str(nightly)},
        )

    async def erase_guest(self, *, phone: str | None, references: list[str]) -> list[str]:
        """Erase a guest's personal data from their reservations (a caller's erasure request).

        Matches the reservations made under this phone number (its last nine digits, as
        ``find_reservations``) and those the erased calls named (confirmation numbers or
        ids). The reservation itself stays (the room is still taken, the stay still
        happens or happened); the guest's name becomes ``[erased]``, phone, e-mail and
        a cancellation's reason are cleared. Returns the confirmations changed.
        """
        digits = _digits(phone) or ""
        n = min(9, len(digits))
        refs = [r for r in references if r]
        norm = [normalise_confirmation(r) for r in refs]
        async with self._conn() as conn:
            cur = await conn.execute(
                f"UPDATE {SCHEMA}.reservations SET guest_name = '[erased]', guest_phone = NULL,"
                " guest_email = NULL, phone_digits = NULL, cancel_reason = NULL,"
                " updated_at = now()"
                " WHERE (%s > 6 AND right(phone_digits, %s) = %s)"
                " OR confirmation = ANY(%s) OR id::text = ANY(%s)"
                " RETURNING confirmation",
                [n, n, digits[-n:] if n else "", norm, refs],
            )
            rows = await cur.fetchall()
        return sorted(r["confirmation"] for r in rows)

    async def reservation_for_key(self, idempotency_key: str) -> Reservation | None:
        """The reservation a create with this key made, if any (optional contract extra:
        lets the executor answer a replayed create after its offer sold out)."""
        async with self._conn() as conn:
            row = await self._by_key(conn, idempotency_key)
        return None if row is None else self._to_model(row)

    # -- writes --------------------------------------------------------------
    async def create_reservation(
        self, offer: RateOffer, guest: Guest, idempotency_key: str
    ) -> Reservation:
        rate_plan = _parse_offer_id(offer)

        async def tx(conn):
            existing = await self._by_key(conn, idempotency_key)
            if existing is not None:
                return self._same_booking(existing, offer, guest)
            await self._lock_nights(conn, offer.room_type, offer.arrival, offer.departure)
            existing = await self._by_key(conn, idempotency_key)  # a twin committed meanwhile
            if existing is not None:
                return self._same_booking(existing, offer, guest)
            free, max_guests = await self._free(
                conn, {"room_type": offer.room_type, "id": None}, offer.arrival, offer.departure
            )
            if offer.occupancy.total > max_guests:
                raise Unavailable(f"room type {offer.room_type} holds at most {max_guests} guests")
            if free <= 0:
                raise Unavailable(
                    f"no {offer.room_type} room is free from {offer.arrival} to {offer.departure}"
                )
            nightly = await self._nightly(conn, offer.room_type, rate_plan)
            total = Money(amount=nightly * offer.nights, currency=self.currency)
            if total != offer.total:
                raise Conflict("the price changed since the offer was made; search again")
            policy = await self._policy(conn, rate_plan)
            return await self._insert(conn, offer, rate_plan, guest, idempotency_key, total, policy)

        try:
            row = await self._run_tx(tx)
        except psycopg.errors.UniqueViolation as e:
            # A concurrent twin with the same key but other nights won the insert.
            if "idempotency_key" not in str(e.diag.constraint_name or ""):
                raise
            async with self._conn() as conn:
                row = self._same_booking(await self._by_key(conn, idempotency_key), offer, guest)
        return self._to_model(row)

    async def modify_reservation(
        self,
        reservation: Reservation,
        new_arrival: date,
        new_departure: date,
        occupancy: Occupancy | None = None,
        *,
        idempotency_key: str,
    ) -> Reservation:
        async def tx(conn):
            done = await (
                await conn.execute(
                    f"SELECT * FROM {SCHEMA}.modifications WHERE idempotency_key = %s",
                    (idempotency_key,),
                )
            ).fetchone()
            if done is not None:
                if str(done["reservation_id"]) != reservation.id:
                    raise Conflict("idempotency key already used for another reservation")
                return await self._fetch(conn, reservation.id)
            row = await self._fetch(conn, reservation.id)
            if row is None:
                raise NotFound(f"no reservation {reservation.id!r}")
            await self._lock_nights(conn, row["room_type"], new_arrival, new_departure)
            row = await self._fetch(conn, reservation.id, lock=True)
            if row["status"] not in ACTIVE:
                raise Conflict(
                    f"reservation {row['confirmation']} is {row['status']}; it cannot be changed"
                )
            occ = occupancy or Occupancy(adults=row["adults"], children=row["children"])
            free, max_guests = await self._free(conn, row, new_arrival, new_departure)
            if occ.total > max_guests:
                raise Unavailable(f"room type {row['room_type']} holds at most {max_guests} guests")
            if free <= 0:
                raise Unavailable(
                    f"no {row['room_type']} room is free from {new_arrival} to {new_departure}"
                )
            nightly = await self._nightly(conn, row["room_type"], row["rate_plan"])
            total = nightly * (new_departure - new_arrival).days
            cur = await conn.execute(
                f"UPDATE {SCHEMA}.reservations SET arrival = %s, departure = %s, adults = %s, "
                "children = %s, total = %s, updated_at = now() WHERE id = %s RETURNING *",
                (new_arrival, new_departure, occ.adults, occ.children, total, row["id"]),
            )
            updated = await cur.fetchone()
            await conn.execute(
                f"INSERT INTO {SCHEMA}.modifications (idempotency_key, reservation_id, arrival, "
                "departure, adults, children) VALUES (%s, %s, %s, %s, %s, %s)",
                (idempotency_key, row["id"], new_arrival, new_departure, occ.adults, occ.children),
            )
            return updated

        try:
            row = await self._run_tx(tx)
        except psycopg.errors.UniqueViolation:
            # A concurrent retry with the same key committed first: its result stands.
            async with self._conn() as conn:
                row = await self._fetch(conn, reservation.id)
        return self._to_model(row)

    async def cancel_reservation(self, reservation: Reservation, reason: str) -> Reservation:
        async def tx(conn):
            row = await self._fetch(conn, reservation.id, lock=True)
            if row is None:
                raise NotFound(f"no reservation {reservation.id!r}")
            if row["status"] == "cancelled":
                return row
            if row["status"] not in ("tentative", "confirmed"):  # a stay under way is not cancelled
                raise Conflict(
                    f"reservation {row['confirmation']} is {row['status']}; it cannot be cancelled"
                )
            cur = await conn.execute(
                f"UPDATE {SCHEMA}.reservations SET status = 'cancelled', cancel_reason = %s, "
                "updated_at = now() WHERE id = %s RETURNING *",
                (reason, row["id"]),
            )
            return await cur.fetchone()

        return self._to_model(await self._run_tx(tx))

    # -- helpers ---------------------------------------------------------------
    async def _fetch(self, conn, ref: str, *, lock: bool = False) -> dict | None:
        suffix = " FOR UPDATE" if lock else ""
        try:
            rid = uuid.UUID(ref)
        except ValueError:
            rid = None
        if rid is not None:
            cur = await conn.execute(
                f"SELECT * FROM {SCHEMA}.reservations WHERE id = %s{suffix}", (rid,)
            )
        else:
            cur = await conn.execute(
                f"SELECT * FROM {SCHEMA}.reservations WHERE confirmation = %s{suffix}",
                (normalise_confirmation(ref),),
            )
        return await cur.fetchone()

    async def _by_key(self, conn, key: str) -> dict | None:
        cur = await conn.execute(
            f"SELECT * FROM {SCHEMA}.reservations WHERE idempotency_key = %s", (key,)
        )
        return await cur.fetchone()

    @staticmethod
    def _same_booking(row: dict, offer: RateOffer, guest: Guest) -> dict:
        same = (
            row["room_type"] == offer.room_type
            and row["arrival"] == offer.arrival
            and row["departure"] == offer.departure
            and row["adults"] == offer.occupancy.adults
            and row["children"] == offer.occupancy.children
            and row["guest_name"] == guest.name
        )
        if not same:
            raise Conflict("idempotency key already used for a different booking")
        return row

    async def _lock_nights(self, conn, room_type: str, arrival: date, departure: date) -> None:
        params = {"rt": room_type, "a": arrival, "d": departure}
        await conn.execute(
            f"INSERT INTO {SCHEMA}.inventory_locks (room_type, night) "
            "SELECT %(rt)s, d::date FROM generate_series(%(a)s::date, %(d)s::date - 1, "
            "interval '1 day') d ORDER BY 2 ON CONFLICT DO NOTHING",
            params,
        )
        await conn.execute(
            f"SELECT night FROM {SCHEMA}.inventory_locks WHERE room_type = %(rt)s "
            "AND night >= %(a)s AND night < %(d)s ORDER BY night FOR UPDATE",
            params,
        )

    async def _free(self, conn, row, arrival: date, departure: date) -> tuple[int, int]:
        cur = await conn.execute(
            _FREE_ROOMS_SQL,
            {
                "arrival": arrival,
                "departure": departure,
                "room_type": row["room_type"],
                "exclude": row["id"],
            },
        )
        r = await cur.fetchone()
        if r is None:
            raise Unavailable(f"room type {row['room_type']} is no longer sold")
        return int(r["free"]), int(r["max_guests"])

    async def _nightly(self, conn, room_type: str, rate_plan: str) -> Decimal:
        cur = await conn.execute(
            f"SELECT amount FROM {SCHEMA}.rates WHERE room_type = %s AND rate_plan = %s",
            (room_type, rate_plan),
        )
        r = await cur.fetchone()
        if r is None:
            raise Unavailable(f"rate plan {rate_plan} is not sold for {room_type} any more")
        return r["amount"]

    async def _policy(self, conn, rate_plan: str) -> str:
        cur = await conn.execute(
            f"SELECT cancellation_policy FROM {SCHEMA}.rate_plans WHERE code = %s", (rate_plan,)
        )
        return (await cur.fetchone())["cancellation_policy"]

    async def _insert(self, conn, offer, rate_plan, guest, key, total: Money, policy: str):
        for _ in range(10):
            try:
                async with conn.transaction():  # savepoint: a confirmation clash retries
                    cur = await conn.execute(
                        f"INSERT INTO {SCHEMA}.reservations (id, confirmation, idempotency_key, "
                        "status, room_type, rate_plan, arrival, departure, adults, children, "
                        "guest_name, guest_phone, guest_email, phone_digits, total, currency, "
                        "cancellation_policy) VALUES (%s, %s, %s, 'confirmed', %s, %s, %s, %s, "
                        "%s, %s, %s, %s, %s, %s, %s, %s, %s) RETURNING *",
                        (
                            uuid.uuid4(),
                            _new_confirmation(),
                            key,
                            offer.room_type,
                            rate_plan,
                            offer.arrival,
                            offer.departure,
                            offer.occupancy.adults,
                            offer.occupancy.children,
                            guest.name,
                            guest.phone,
                            guest.email,
                            _digits(guest.phone),
                            total.amount,
                            total.currency,
                            policy,
                        ),
                    )
                    return await cur.fetchone()
            except psycopg.errors.UniqueViolation as e:
                if e.diag.constraint_name != "reservations_confirmation_key":
                    raise
        raise VendorError("could not allocate a unique confirmation number", retriable=True)

    def _to_model(self, row: dict) -> Reservation:
        raw = _jsonable(row)
        for personal in ("guest_name", "guest_phone", "guest_email", "phone_digits"):
            raw.pop(personal, None)  # the model's Guest holds them; raw stays loggable
        return Reservation(
            id=str(row["id"]),
            confirmation=row["confirmation"],
            vendor=self.vendor,
            status=ReservationStatus(row["status"]),
            arrival=row["arrival"],
            departure=row["departure"],
            room_type=row["room_type"],
            rate_plan=row["rate_plan"],
            occupancy=Occupancy(adults=row["adults"], children=row["children"]),
            guest=Guest(name=row["guest_name"], phone=row["guest_phone"], email=row["guest_email"]),
            total=Money(amount=row["total"], currency=row["currency"].strip()),
            cancellation_policy=row["cancellation_policy"],
            raw=raw,
        )


def psycopg_pool_errors() -> tuple[type[BaseException], ...]:
    from psycopg_pool import PoolTimeout

    return (PoolTimeout, psycopg.OperationalError)
