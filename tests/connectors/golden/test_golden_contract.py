"""The golden contract suite: every PMS adapter passes these, unchanged.

Parametrized over every registered adapter (tests/connectors/conftest.py). A
capability the vendor lacks per connectors/capability_matrix.yaml is asserted to
raise Unsupported — never skipped. Each adapter's state is fresh per test and
seeded with the demo hotel (DBL x10, TWN x6, SUI x2, rates from config).
"""

from __future__ import annotations

import uuid
from datetime import date, datetime, timedelta
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest

from connectors.contract import METHOD_CAPABILITY, Capability
from connectors.errors import Conflict, InvalidRequest, NotFound, Unavailable, Unsupported
from connectors.factory import load_capability_matrix
from connectors.models import (
    ChangeQuote,
    Guest,
    Money,
    Occupancy,
    RateOffer,
    Reservation,
    ReservationStatus,
)

HOTEL_ROOM_TYPES = {"DBL", "TWN", "SUI"}
TWO = Occupancy(adults=2)


def today() -> date:
    return datetime.now(ZoneInfo("Europe/Berlin")).date()


def stay(offset_days: int = 40, nights: int = 2) -> tuple[date, date]:
    a = today() + timedelta(days=offset_days)
    return a, a + timedelta(days=nights)


def key() -> str:
    return f"golden-{uuid.uuid4()}"


def has(connector, cap: Capability) -> bool:
    return cap in connector.capabilities


def dummy_reservation(connector) -> Reservation:
    a, d = stay()
    return Reservation(
        id="does-not-exist",
        confirmation="XXX-XXX",
        vendor=connector.vendor,
        status=ReservationStatus.CONFIRMED,
        arrival=a,
        departure=d,
        room_type="DBL",
        occupancy=TWO,
        guest=Guest(name="Ada Golden"),
    )


async def offer_for(connector, arrival, departure, occupancy=TWO, room_type="DBL") -> RateOffer:
    """An offer to book: from live availability, or from the adapter's make_offer when the
    vendor has no live availability (its matrix says so)."""
    if has(connector, Capability.SEARCH_AVAILABILITY):
        offers = await connector.search_availability(arrival, departure, occupancy, room_type)
        assert offers, f"no {room_type} offer for {arrival}..{departure}"
        return offers[0]
    return connector.adapter.make_offer(arrival, departure, occupancy, room_type)


async def book(
    connector,
    *,
    name="Ada Golden",
    phone="+49 151 2345 6789",
    email=None,
    room_type="DBL",
    offset=40,
    nights=2,
    occupancy=TWO,
) -> Reservation:
    a, d = stay(offset, nights)
    offer = await offer_for(connector, a, d, occupancy, room_type)
    email = email or f"{uuid.uuid4().hex[:8]}@example.org"
    return await connector.create_reservation(
        offer, Guest(name=name, phone=phone, email=email), key()
    )


async def absent_raises_unsupported(connector, cap: Capability) -> None:
    """Call the method needing ``cap`` with valid-looking args and expect Unsupported."""
    a, d = stay()
    res = dummy_reservation(connector)
    calls = {
        Capability.SEARCH_AVAILABILITY: lambda: connector.search_availability(a, d, TWO),
        Capability.CREATE: lambda: connector.create_reservation(
            RateOffer(
                offer_id="x",
                vendor=connector.vendor,
                room_type="DBL",
                arrival=a,
                departure=d,
                occupancy=TWO,
                total=Money(amount=Decimal("1"), currency="EUR"),
            ),
            Guest(name="Ada Golden"),
            key(),
        ),
        Capability.GET: lambda: connector.get_reservation("XXX-XXX"),
        Capability.FIND: lambda: connector.find_reservations(guest_name="Golden"),
        Capability.QUOTE_CHANGE: lambda: connector.quote_change(res, a, d + timedelta(days=1)),
        Capability.MODIFY: lambda: connector.modify_reservation(
            res, a, d + timedelta(days=1), idempotency_key=key()
        ),
        Capability.CANCEL: lambda: connector.cancel_reservation(res, "golden"),
    }
    with pytest.raises(Unsupported) as exc:
        await calls[cap]()
    assert exc.value.capability == cap.value
    assert exc.value.to_dict()["error"] == "unsupported"


def spy_on_adapter(connector, monkeypatch) -> list[str]:
    """Record every contract call that reaches the adapter (validation must stop them)."""
    seen: list[str] = []
    for method in METHOD_CAPABILITY:
        original = getattr(connector.adapter, method)

        async def wrapper(*args, _m=method, _o=original, **kwargs):
            seen.append(_m)
            return await _o(*args, **kwargs)

        monkeypatch.setattr(connector.adapter, method, wrapper)
    return seen


# -- capabilities ------------------------------------------------------------------


async def test_capabilities_are_the_matrix_row(connector):
    row = load_capability_matrix()[connector.vendor]
    assert connector.capabilities == row
    assert connector.adapter.capabilities == row


@pytest.mark.parametrize("cap", list(Capability), ids=lambda c: c.value)
async def test_each_capability_works_or_raises_unsupported(connector, cap):
    if not has(connector, cap):
        await absent_raises_unsupported(connector, cap)
        return
    if cap is Capability.SEARCH_AVAILABILITY:
        a, d = stay()
        assert await connector.search_availability(a, d, TWO)
        return
    if cap is Capability.CREATE:
        res = await book(connector)
        assert res.status is ReservationStatus.CONFIRMED
        return
    if cap is Capability.FIND:
        assert await connector.find_reservations(guest_name="Nobody Here") == []
        return
    if cap is Capability.GET:
        with pytest.raises(NotFound):
            await connector.get_reservation("QQQ-QQQ")
        return
    res = await book(connector) if has(connector, Capability.CREATE) else None
    assert res is not None, "quote/modify/cancel need create in the golden suite"
    a, d = res.arrival, res.departure + timedelta(days=1)
    if cap is Capability.QUOTE_CHANGE:
        assert isinstance(await connector.quote_change(res, a, d), ChangeQuote)
    elif cap is Capability.MODIFY:
        assert (await connector.modify_reservation(res, a, d, idempotency_key=key())).departure == d
    else:
        assert (await connector.cancel_reservation(res, "guest asked")).status == "cancelled"


# -- availability ----------------------------------------------------------------------


async def test_search_returns_priced_offers_for_the_stay(connector):
    if not has(connector, Capability.SEARCH_AVAILABILITY):
        return await absent_raises_unsupported(connector, Capability.SEARCH_AVAILABILITY)
    a, d = stay(30, 3)
    offers = await connector.search_availability(a, d, TWO)
    assert offers
    assert {o.room_type for o in offers} == HOTEL_ROOM_TYPES
    totals = [o.total.amount for o in offers]
    assert totals == sorted(totals)
    for o in offers:
        assert o.vendor == connector.vendor and o.offer_id
        assert (o.arrival, o.departure, o.occupancy) == (a, d, TWO)
        assert o.total.currency == "EUR" and o.total.amount > 0


async def test_search_filters_by_room_type_and_occupancy(connector):
    if not has(connector, Capability.SEARCH_AVAILABILITY):
        return await absent_raises_unsupported(connector, Capability.SEARCH_AVAILABILITY)
    a, d = stay(31, 1)
    suites = await connector.search_availability(a, d, TWO, room_type="SUI")
    assert suites and {o.room_type for o in suites} == {"SUI"}
    four = await connector.search_availability(a, d, Occupancy(adults=3, children=1))
    assert four and {o.room_type for o in four} == {"SUI"}  # only suites hold 4


@pytest.mark.parametrize(
    "case",
    ["past_arrival", "departure_before_arrival", "same_day", "zero_guests", "unknown_room_type"],
)
async def test_bad_search_is_refused_before_any_vendor_call(connector, monkeypatch, case):
    seen = spy_on_adapter(connector, monkeypatch)
    a, d = stay(20, 2)
    args = {
        "past_arrival": (today() - timedelta(days=1), today() + timedelta(days=1), TWO, None),
        "departure_before_arrival": (a, a - timedelta(days=1), TWO, None),
        "same_day": (a, a, TWO, None),
        "zero_guests": (a, d, Occupancy(adults=0), None),
        "unknown_room_type": (a, d, TWO, "PENTHOUSE"),
    }[case]
    expected = Unsupported if not has(connector, Capability.SEARCH_AVAILABILITY) else InvalidRequest
    with pytest.raises(expected):
        await connector.search_availability(*args)
    assert seen == []


# -- create / get / find ------------------------------------------------------------------


async def test_create_then_get_by_id_and_confirmation(connector):
    if not has(connector, Capability.CREATE):
        return await absent_raises_unsupported(connector, Capability.CREATE)
    res = await book(connector, name="Grace Hopper", room_type="TWN")
    assert res.status is ReservationStatus.CONFIRMED and res.vendor == connector.vendor
    assert res.room_type == "TWN" and res.occupancy == TWO and res.guest.name == "Grace Hopper"
    assert res.confirmation and res.id
    if not has(connector, Capability.GET):
        return await absent_raises_unsupported(connector, Capability.GET)
    by_id = await connector.get_reservation(res.id)
    by_conf = await connector.get_reservation(res.confirmation)
    assert by_id.id == by_conf.id == res.id
    assert (by_id.arrival, by_id.departure) == (res.arrival, res.departure)


async def test_create_is_idempotent_per_key(connector):
    if not has(connector, Capability.CREATE):
        return await absent_raises_unsupported(connector, Capability.CREATE)
    a, d = stay(45, 2)
    offer = await offer_for(connector, a, d)
    guest = Guest(name="Idem Potent", phone="+44 20 7946 0958", email="idem@example.org")
    k = key()
    first = await connector.create_reservation(offer, guest, k)
    again = await connector.create_reservation(offer, guest, k)
    assert again.id == first.id and again.confirmation == first.confirmation
    if has(connector, Capability.FIND):
        found = await connector.find_reservations(guest_name="Idem Potent")
        assert [r.id for r in found] == [first.id]


async def test_find_by_name_phone_email_and_arrival(connector):
    if not has(connector, Capability.FIND):
        return await absent_raises_unsupported(connector, Capability.FIND)
    if not has(connector, Capability.CREATE):
        return await absent_raises_unsupported(connector, Capability.CREATE)
    ada = await book(
        connector, name="Ada Lovelace", phone="+49 30 1234567", email="ada@example.org"
    )
    await book(connector, name="Alan Turing", phone="+44 161 4960000", email="alan@example.org")
    assert [r.id for r in await connector.find_reservations(guest_name="lovelace")] == [ada.id]
    assert [r.id for r in await connector.find_reservations(phone="030 1234567")] == [ada.id]
    assert [r.id for r in await connector.find_reservations(email="ADA@example.org")] == [ada.id]
    both = await connector.find_reservations(arrival=ada.arrival)
    assert {r.guest.name for r in both} == {"Ada Lovelace", "Alan Turing"}
    assert await connector.find_reservations(guest_name="Hopper") == []
    with pytest.raises(InvalidRequest):
        await connector.find_reservations()


async def test_get_unknown_reservation_is_not_found(connector):
    if not has(connector, Capability.GET):
        return await absent_raises_unsupported(connector, Capability.GET)
    with pytest.raises(NotFound):
        await connector.get_reservation("ZZZ-999")


async def test_last_rooms_sell_out(connector):
    if not has(connector, Capability.CREATE):
        return await absent_raises_unsupported(connector, Capability.CREATE)
    a, d = stay(50, 2)
    offer = await offer_for(connector, a, d, room_type="SUI")
    for i in range(2):  # the demo hotel has two suites
        await connector.create_reservation(offer, Guest(name=f"Suite Guest {i}"), key())
    with pytest.raises(Unavailable):
        await connector.create_reservation(offer, Guest(name="Suite Guest 3"), key())
    if has(connector, Capability.SEARCH_AVAILABILITY):
        assert await connector.search_availability(a, d, TWO, room_type="SUI") == []
        # an overlapping stay is also full; the night after is free again
        assert await connector.search_availability(a + timedelta(days=1), d, TWO, "SUI") == []
        assert await connector.search_availability(d, d + timedelta(days=1), TWO, "SUI")


# -- change / cancel --------------------------------------------------------------------


async def test_quote_change_prices_without_changing(connector):
    if not has(connector, Capability.QUOTE_CHANGE):
        return await absent_raises_unsupported(connector, Capability.QUOTE_CHANGE)
    res = await book(connector, nights=2)
    q = await connector.quote_change(res, res.arrival, res.departure + timedelta(days=1))
    assert q.available and q.reservation_id == res.id
    assert q.new_total.amount > q.old_total.amount
    if has(connector, Capability.GET):
        assert (await connector.get_reservation(res.id)).departure == res.departure


async def test_modify_moves_the_stay_and_is_idempotent(connector):
    if not has(connector, Capability.MODIFY):
        return await absent_raises_unsupported(connector, Capability.MODIFY)
    res = await book(connector, nights=2, occupancy=Occupancy(adults=1))
    a, d = res.arrival + timedelta(days=7), res.departure + timedelta(days=8)
    k = key()
    moved = await connector.modify_reservation(res, a, d, Occupancy(adults=2), idempotency_key=k)
    assert (moved.id, moved.arrival, moved.departure) == (res.id, a, d)
    assert moved.occupancy.adults == 2 and moved.status is ReservationStatus.CONFIRMED
    again = await connector.modify_reservation(res, a, d, Occupancy(adults=2), idempotency_key=k)
    assert (again.arrival, again.departure) == (a, d)
    if has(connector, Capability.GET):
        got = await connector.get_reservation(res.confirmation)
        assert (got.arrival, got.departure) == (a, d)


async def test_modify_into_a_full_period_is_unavailable(connector):
    if not has(connector, Capability.MODIFY):
        return await absent_raises_unsupported(connector, Capability.MODIFY)
    full = [await book(connector, room_type="SUI", offset=60, name=f"Full {i}") for i in range(2)]
    mine = await book(connector, room_type="SUI", offset=70)
    with pytest.raises(Unavailable):
        await connector.modify_reservation(
            mine, full[0].arrival, full[0].departure, idempotency_key=key()
        )


async def test_cancel_frees_the_room_and_is_repeatable(connector):
    if not has(connector, Capability.CANCEL):
        return await absent_raises_unsupported(connector, Capability.CANCEL)
    a, d = stay(80, 2)
    offer = await offer_for(connector, a, d, room_type="SUI")
    r1 = await connector.create_reservation(offer, Guest(name="Cancel One"), key())
    await connector.create_reservation(offer, Guest(name="Cancel Two"), key())
    cancelled = await connector.cancel_reservation(r1, "guest asked")
    assert cancelled.status is ReservationStatus.CANCELLED and cancelled.id == r1.id
    again = await connector.cancel_reservation(cancelled, "guest asked again")
    assert again.status is ReservationStatus.CANCELLED
    offer = await offer_for(connector, a, d, room_type="SUI")
    third = await connector.create_reservation(offer, Guest(name="Cancel Three"), key())
    assert third.status is ReservationStatus.CONFIRMED
    if has(connector, Capability.MODIFY):
        with pytest.raises(Conflict):
            await connector.modify_reservation(
                cancelled, a, d + timedelta(days=1), idempotency_key=key()
            )
