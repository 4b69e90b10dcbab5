"""Local PMS specifics: row locks under concurrency, idempotency, seed, change semantics."""

from __future__ import annotations

import asyncio
import uuid
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import psycopg
import pytest

from connectors.adapters.local import LocalConnector, normalise_confirmation
from connectors.adapters.local_setup import LocalPmsConfigError, migrations
from connectors.errors import Conflict, InvalidRequest, NotFound, Unavailable
from connectors.factory import guard
from connectors.models import Guest, Occupancy

TWO = Occupancy(adults=2)


def day(offset: int) -> date:
    return datetime.now(ZoneInfo("Europe/Berlin")).date() + timedelta(days=offset)


def count_rows(pg_url: str, where: str = "true") -> int:
    with psycopg.connect(pg_url) as c:
        return c.execute(f"SELECT count(*) FROM pms_local.reservations WHERE {where}").fetchone()[0]


@pytest.fixture
async def wide_pms(local_pms_url, pms_settings):
    """A local connector with enough pool connections for real parallel transactions."""
    conn = guard(
        LocalConnector(pms_settings.hotel, local_pms_url, pool_min=20, pool_max=20), pms_settings
    )
    await conn.open()
    yield conn
    await conn.aclose()


async def test_twenty_concurrent_bookings_of_the_last_room_make_one(wide_pms, local_pms_url):
    a, d = day(30), day(32)
    offer = (await wide_pms.search_availability(a, d, TWO, "SUI"))[0]
    await wide_pms.create_reservation(offer, Guest(name="First Suite"), "k-first")
    assert (await wide_pms.search_availability(a, d, TWO, "SUI"))[0].available == 1

    results = await asyncio.gather(
        *[
            wide_pms.create_reservation(offer, Guest(name=f"Racer {i}"), f"race-{i}")
            for i in range(20)
        ],
        return_exceptions=True,
    )
    won = [r for r in results if not isinstance(r, BaseException)]
    lost = [r for r in results if isinstance(r, BaseException)]
    assert len(won) == 1
    assert len(lost) == 19 and all(isinstance(e, Unavailable) for e in lost)
    assert count_rows(local_pms_url, "room_type = 'SUI' AND status = 'confirmed'") == 2
    assert await wide_pms.search_availability(a, d, TWO, "SUI") == []


async def test_concurrent_overlapping_stays_never_overbook_a_night(wide_pms, local_pms_url):
    """Different ranges all touching night ``n`` of the last free suite: one wins."""
    n = day(40)
    first = (await wide_pms.search_availability(n, n + timedelta(days=1), TWO, "SUI"))[0]
    await wide_pms.create_reservation(first, Guest(name="Holder"), "hold")
    offers = []
    for start in range(-3, 1):
        for nights in range(1 - start, 4 - start):
            a = n + timedelta(days=start)
            got = await wide_pms.search_availability(a, a + timedelta(days=nights), TWO, "SUI")
            offers.append(got[0])
    results = await asyncio.gather(
        *[
            wide_pms.create_reservation(o, Guest(name="Racer"), f"ov-{i}")
            for i, o in enumerate(offers)
        ],
        return_exceptions=True,
    )
    assert sum(not isinstance(r, BaseException) for r in results) == 1
    with psycopg.connect(local_pms_url) as c:
        worst = c.execute(
            "SELECT max(n) FROM (SELECT g::date AS night, count(r.id) AS n "
            "FROM generate_series(%s::date - 5, %s::date + 5, '1 day') g "
            "JOIN pms_local.reservations r ON r.room_type = 'SUI' AND r.status = 'confirmed' "
            "AND r.arrival <= g::date AND r.departure > g::date GROUP BY 1) x",
            (n, n),
        ).fetchone()[0]
    assert worst == 2  # two suites, never more


async def test_concurrent_retries_with_one_key_make_one_reservation(wide_pms, local_pms_url):
    a, d = day(20), day(23)
    offer = (await wide_pms.search_availability(a, d, TWO, "DBL"))[0]
    guest = Guest(name="Retry Ruth", phone="+49 89 1234567")
    results = await asyncio.gather(
        *[wide_pms.create_reservation(offer, guest, "same-key") for _ in range(10)]
    )
    assert len({r.id for r in results}) == 1
    assert count_rows(local_pms_url) == 1


async def test_reusing_a_key_for_another_booking_is_a_conflict(local_connector):
    a, d = day(20), day(22)
    offer = (await local_connector.search_availability(a, d, TWO, "DBL"))[0]
    await local_connector.create_reservation(offer, Guest(name="Kim"), "k1")
    other = (await local_connector.search_availability(a, d + timedelta(days=1), TWO, "DBL"))[0]
    with pytest.raises(Conflict):
        await local_connector.create_reservation(other, Guest(name="Kim"), "k1")


async def test_tampered_or_foreign_offer_is_refused(local_connector):
    a, d = day(20), day(22)
    offer = (await local_connector.search_availability(a, d, TWO, "DBL"))[0]
    bad_id = offer.model_copy(update={"offer_id": offer.offer_id.replace("DBL", "SUI")})
    with pytest.raises(InvalidRequest):
        await local_connector.create_reservation(bad_id, Guest(name="Eve"), "k-tamper")
    cheap = offer.model_copy(
        update={"total": offer.total.model_copy(update={"amount": offer.total.amount / 2})}
    )
    with pytest.raises(Conflict, match="price"):
        await local_connector.create_reservation(cheap, Guest(name="Eve"), "k-cheap")
    foreign = offer.model_copy(update={"vendor": "apaleo"})
    with pytest.raises(InvalidRequest, match="vendor"):
        await local_connector.create_reservation(foreign, Guest(name="Eve"), "k-foreign")


async def test_write_validation_happens_before_the_database(local_connector, local_pms_url):
    a, d = day(20), day(22)
    offer = (await local_connector.search_availability(a, d, TWO, "DBL"))[0]
    res = await local_connector.create_reservation(offer, Guest(name="Val Id"), "k-val")
    await local_connector.aclose()  # any call that reached the adapter would now fail
    local_connector._opened = True  # ...and the guard must not reopen it
    with pytest.raises(InvalidRequest, match="idempotency"):
        await local_connector.create_reservation(offer, Guest(name="Val Id"), " ")
    with pytest.raises(InvalidRequest, match="past"):
        await local_connector.modify_reservation(res, day(-3), day(2), idempotency_key="m")
    with pytest.raises(InvalidRequest, match="departure"):
        await local_connector.quote_change(res, d, a)
    with pytest.raises(InvalidRequest, match="guests"):
        await local_connector.modify_reservation(
            res, a, d, Occupancy(adults=0), idempotency_key="m"
        )
    with pytest.raises(InvalidRequest, match="reason"):
        await local_connector.cancel_reservation(res, "  ")
    with pytest.raises(InvalidRequest):
        await local_connector.get_reservation("")
    with pytest.raises(InvalidRequest, match="maximum"):
        await local_connector.search_availability(a, a + timedelta(days=31), TWO)
    assert count_rows(local_pms_url, "status = 'confirmed'") == 1


async def test_confirmation_numbers_are_spellable_and_lookups_forgiving(local_connector):
    a, d = day(10), day(11)
    offer = (await local_connector.search_availability(a, d, TWO, "TWN"))[0]
    res = await local_connector.create_reservation(offer, Guest(name="Spell Me"), "k-spell")
    assert len(res.confirmation) == 7 and res.confirmation[3] == "-"
    assert not set(res.confirmation) & set("0O1IL5S2Z8B")
    spoken = res.confirmation.replace("-", " ").lower()
    assert (await local_connector.get_reservation(spoken)).id == res.id
    assert normalise_confirmation("k7m 4qx") == "K7M-4QX"


async def test_modify_keeps_a_stay_that_fits_only_without_itself(local_connector):
    """Extending the last suite by a night must not count the reservation against itself."""
    a, d = day(50), day(52)
    offer = (await local_connector.search_availability(a, d, TWO, "SUI"))[0]
    r1 = await local_connector.create_reservation(offer, Guest(name="One"), "s1")
    await local_connector.create_reservation(offer, Guest(name="Two"), "s2")
    q = await local_connector.quote_change(r1, a, d)
    assert q.available and q.new_total == q.old_total
    shorter = await local_connector.modify_reservation(
        r1, a, d - timedelta(days=1), idempotency_key="m1"
    )
    assert shorter.nights == 1 and shorter.total.amount == r1.total.amount / 2
    with pytest.raises(Unavailable, match="at most 4"):
        await local_connector.modify_reservation(
            r1, a, d, Occupancy(adults=5), idempotency_key="m2"
        )


async def test_modify_key_reused_for_another_reservation_conflicts(local_connector):
    a, d = day(15), day(17)
    offer = (await local_connector.search_availability(a, d, TWO, "DBL"))[0]
    r1 = await local_connector.create_reservation(offer, Guest(name="One"), "c1")
    r2 = await local_connector.create_reservation(offer, Guest(name="Two"), "c2")
    await local_connector.modify_reservation(r1, a, d + timedelta(days=1), idempotency_key="mk")
    with pytest.raises(Conflict):
        await local_connector.modify_reservation(r2, a, d + timedelta(days=1), idempotency_key="mk")


async def test_cancel_of_stale_model_reads_current_state(local_connector, local_pms_url):
    a, d = day(15), day(17)
    offer = (await local_connector.search_availability(a, d, TWO, "DBL"))[0]
    res = await local_connector.create_reservation(offer, Guest(name="Stale"), "st")
    with psycopg.connect(local_pms_url) as c:
        c.execute("UPDATE pms_local.reservations SET status = 'checked_in'")
    with pytest.raises(Conflict, match="checked_in"):
        await local_connector.cancel_reservation(res, "changed plans")
    with pytest.raises(NotFound):
        await local_connector.cancel_reservation(
            res.model_copy(update={"id": str(uuid.uuid4())}), "no such"
        )


async def test_seed_is_idempotent_and_follows_the_config(pg_url, pms_settings):
    hotel = pms_settings.hotel
    first, second = (guard(LocalConnector(hotel, pg_url), pms_settings) for _ in range(2))
    await asyncio.gather(first.open(), second.open())  # concurrent migrations are serialised
    await first.aclose()
    await second.aclose()
    smaller = hotel.model_copy(
        update={
            "room_types": [
                rt.model_copy(update={"count": 1}) if rt.code == "DBL" else rt
                for rt in hotel.room_types
            ]
        }
    )
    async with guard(LocalConnector(smaller, pg_url), pms_settings) as pms:
        offers = await pms.search_availability(day(5), day(6), TWO, "DBL")
        assert {o.available for o in offers} == {1}
        assert (await pms.health())["rooms_in_service"] == 1 + 6 + 2
    with psycopg.connect(pg_url) as c:
        versions = c.execute("SELECT version FROM pms_local.schema_version ORDER BY 1").fetchall()
        assert [v for (v,) in versions] == [v for v, _ in migrations()]


async def test_bad_hotel_config_is_a_clear_error(pg_url, pms_settings):
    no_rooms = pms_settings.hotel.model_copy(update={"room_types": []})
    with pytest.raises(LocalPmsConfigError, match="nothing to sell"):
        await LocalConnector(no_rooms, pg_url).open()
    no_plans = pms_settings.hotel.model_copy(update={"rate_plans": []})
    with pytest.raises(LocalPmsConfigError, match="rate plan"):
        await LocalConnector(no_plans, pg_url).open()


async def test_unreachable_database_is_a_retriable_vendor_error(pms_settings):
    from connectors.errors import VendorError

    pms = guard(
        LocalConnector(pms_settings.hotel, "postgresql://nobody:x@127.0.0.1:1/none"), pms_settings
    )
    pms.adapter._open_timeout = 1
    with pytest.raises(VendorError) as exc:
        await pms.search_availability(day(3), day(4), TWO)
    assert exc.value.retriable


async def test_concurrent_moves_into_the_last_room_move_one(wide_pms, local_pms_url):
    x, y = (day(60), day(62)), (day(70), day(72))
    sx = (await wide_pms.search_availability(*x, TWO, "SUI"))[0]
    sy = (await wide_pms.search_availability(*y, TWO, "SUI"))[0]
    await wide_pms.create_reservation(sx, Guest(name="Stays Put"), "put")
    movers = [
        await wide_pms.create_reservation(sy, Guest(name=f"Mover {i}"), f"mover-{i}")
        for i in range(2)
    ]
    results = await asyncio.gather(
        *[wide_pms.modify_reservation(r, *x, idempotency_key=f"mv-{r.id}") for r in movers],
        return_exceptions=True,
    )
    assert sum(not isinstance(r, BaseException) for r in results) == 1
    assert sum(isinstance(r, Unavailable) for r in results) == 1
    where = f"room_type = 'SUI' AND arrival = '{x[0].isoformat()}' AND status = 'confirmed'"
    assert count_rows(local_pms_url, where) == 2


async def test_a_guest_is_erased_from_their_reservations_and_only_from_theirs(
    local_connector, local_pms_url
):
    """A caller's erasure request: by phone and by the references their calls named."""
    pms = local_connector.adapter
    offers = await local_connector.search_availability(day(20), day(22), TWO)
    mine = await local_connector.create_reservation(
        offers[0], Guest(name="Erika Erase", phone="+49 171 5557788", email="e@example.org"), "e-1"
    )
    named = await local_connector.create_reservation(
        offers[0], Guest(name="Erika Named", phone="+44 20 7946 0000"), "e-2"
    )
    other = await local_connector.create_reservation(
        offers[0], Guest(name="Otto Other", phone="+49 171 5550001"), "e-3"
    )
    done = await pms.erase_guest(phone="0171 5557788", references=[named.confirmation.lower()])
    assert done == sorted([mine.confirmation, named.confirmation])
    for res in (mine, named):
        got = await local_connector.get_reservation(res.confirmation)
        assert got.guest.name == "[erased]" and got.guest.phone is None and got.guest.email is None
        assert got.status == "confirmed"  # the stay itself stays
    assert (await local_connector.get_reservation(other.confirmation)).guest.name == "Otto Other"
    assert await local_connector.find_reservations(phone="+49 171 5557788") == []
    assert await local_connector.find_reservations(guest_name="Erika") == []
    # nothing to erase: nothing changes, no error
    assert await pms.erase_guest(phone=None, references=[]) == []
    assert await pms.erase_guest(phone="12", references=["NOPE-123"]) == []
