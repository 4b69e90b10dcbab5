"""The executor: action kinds -> contract calls -> typed results or typed failures."""

from __future__ import annotations

import json
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from agents.intel import verification
from connectors.contract import Capability
from connectors.executor import execute
from fabric.codes import digits_part
from ipc.actions import ActionKind
from ipc.payloads import (
    Availability,
    BookingsFound,
    FailureCode,
    Modified,
    PmsFailure,
    Reserved,
    outcome_from_ledger,
    plain,
    to_json,
)


def iso(offset: int) -> str:
    return (datetime.now(ZoneInfo("Europe/Berlin")).date() + timedelta(days=offset)).isoformat()


async def run(pms, action, **args):
    out = await execute(pms, action, args)
    json.dumps(plain(out))  # always JSON-able
    assert outcome_from_ledger(to_json(out)) == out  # and read back from the ledger as it was
    return out


async def book(pms, name="Nora Night", phone="+49 171 5550123", room_type="DBL", key="d-1"):
    avail = await run(
        pms, ActionKind.PMS_AVAILABILITY, arrival=iso(30), departure=iso(32), guests=2, room_type=room_type
    )
    offer = avail.offers[0]
    out = await run(
        pms,
        ActionKind.PMS_CREATE,
        offer_id=offer.offer_id,
        guest_name=name,
        phone=phone,
        email="nora@example.org",
        arrival=iso(30),
        departure=iso(32),
        guests=2,
        room_type=room_type,
        idempotency_key=key,
    )
    assert isinstance(out, Reserved), out
    return out.reservation


async def test_availability_lists_offers(local_connector):
    out = await run(
        local_connector, ActionKind.PMS_AVAILABILITY, arrival=iso(30), departure=iso(33), guests=2
    )
    assert isinstance(out, Availability)
    assert len(out.offers) == 6  # 3 room types x 2 rate plans
    first = out.offers[0]
    assert first.nights == 3 and first.guests == 2 and first.total.currency == "EUR"
    assert str(first.total.amount) == "348.30"  # 129.00 * 0.90 (NONREF) * 3


async def test_create_find_modify_cancel_round_trip(local_connector):
    res = await book(local_connector)
    assert res.status == "confirmed" and res.guest_name == "Nora Night"
    assert res.phone.endswith("23") and "171" not in res.phone
    assert res.email == "•••@example.org"

    by_conf = await run(
        local_connector, ActionKind.PMS_FIND_BOOKING, confirmation=res.confirmation.lower()
    )
    assert isinstance(by_conf, BookingsFound)
    assert [r.reservation_id for r in by_conf.reservations] == [res.reservation_id]
    wrong_name = await run(
        local_connector, ActionKind.PMS_FIND_BOOKING, confirmation=res.confirmation, name="Mallory"
    )
    assert wrong_name == BookingsFound(reservations=[])
    by_phone = await run(local_connector, ActionKind.PMS_FIND_BOOKING, phone="0171 555 0123")
    assert len(by_phone.reservations) == 1
    # the phone stays masked, yet the caller's line is recognised as the booking's: INTEL
    # verifies a caller by it (the masked digits alone never matched the caller id)
    found = by_phone.reservations[0]
    assert "171" not in found.phone and found.phone_matches is True
    assert verification.score(found, None, None, "+49 171 5550123") >= verification.VERIFIED
    other = await run(local_connector, ActionKind.PMS_FIND_BOOKING, phone="+49 171 5550999")
    assert other.reservations == []  # another line finds nothing to verify
    assert by_conf.reservations[0].phone_matches is None  # no phone asked, none compared

    mod = await run(
        local_connector,
        ActionKind.PMS_MODIFY,
        reservation_id=res.reservation_id,
        arrival=iso(30),
        departure=iso(33),
        idempotency_key="d-2",
    )
    assert isinstance(mod, Modified), mod
    assert mod.reservation.nights == 3
    assert mod.previous.departure.isoformat() == iso(32)
    assert str(mod.price_difference.amount) in ("129.00", "116.10")

    cancel = await run(
        local_connector, ActionKind.PMS_CANCEL, reservation_id=res.confirmation, reason="plans changed"
    )
    assert isinstance(cancel, Reserved) and cancel.reservation.status == "cancelled"
    assert cancel.already_cancelled is False
    again = await run(
        local_connector, ActionKind.PMS_CANCEL, reservation_id=res.reservation_id, reason="plans changed"
    )
    assert isinstance(again, Reserved) and again.already_cancelled is True


async def test_create_with_the_same_decision_id_books_once(local_connector):
    first = await book(local_connector, key="decision-42")
    second = await book(local_connector, key="decision-42")
    assert first.reservation_id == second.reservation_id
    found = await run(local_connector, ActionKind.PMS_FIND_BOOKING, name="Nora")
    assert len(found.reservations) == 1


async def test_stale_offer_is_unavailable(local_connector):
    out = await run(
        local_connector,
        ActionKind.PMS_CREATE,
        offer_id="local:SUI:FLEX:2000-01-01:2000-01-02:2:0",
        guest_name="Late Larry",
        arrival=iso(30),
        departure=iso(32),
        guests=2,
        room_type="SUI",
        idempotency_key="d-stale",
    )
    assert isinstance(out, PmsFailure) and out.code == FailureCode.ROOM_UNAVAILABLE
    assert "search availability again" in out.message and out.retryable is False


@pytest.mark.parametrize(
    ("action", "args", "field"),
    [
        (ActionKind.PMS_AVAILABILITY, {"arrival": "tomorrow", "departure": iso(3), "guests": 2}, "arrival"),
        (ActionKind.PMS_AVAILABILITY, {"arrival": iso(3), "departure": iso(2), "guests": 2}, "departure"),
        (ActionKind.PMS_AVAILABILITY, {"arrival": iso(-2), "departure": iso(2), "guests": 2}, "arrival"),
        (ActionKind.PMS_AVAILABILITY, {"arrival": iso(3), "departure": iso(5), "guests": 0}, "guests"),
        (ActionKind.PMS_AVAILABILITY, {"arrival": iso(3), "departure": iso(5), "guests": "two"}, "guests"),
        (
            ActionKind.PMS_AVAILABILITY,
            {"arrival": iso(3), "departure": iso(5), "guests": 2, "room_type": "XXL"},
            "room_type",
        ),
        (ActionKind.PMS_FIND_BOOKING, {}, "confirmation"),
        (
            ActionKind.PMS_CREATE,
            {
                "offer_id": "x",
                "arrival": iso(3),
                "departure": iso(5),
                "guests": 2,
                "idempotency_key": "k",
            },
            "guest_name",
        ),
        (
            ActionKind.PMS_CREATE,
            {
                "offer_id": "x",
                "guest_name": "A B",
                "email": "not-an-email",
                "arrival": iso(3),
                "departure": iso(5),
                "guests": 2,
                "idempotency_key": "k",
            },
            "email",
        ),
        (
            ActionKind.PMS_CREATE,
            {
                "offer_id": "x",
                "guest_name": "A B",
                "arrival": iso(3),
                "departure": iso(5),
                "guests": 2,
            },
            "idempotency_key",
        ),
        (
            ActionKind.PMS_MODIFY,
            {"arrival": iso(3), "departure": iso(5), "idempotency_key": "k"},
            "reservation_id",
        ),
        (ActionKind.PMS_CANCEL, {"reservation_id": "ABC-DEF"}, "reason"),
    ],
)
async def test_bad_arguments_name_the_field(pms_settings, action, args, field):
    """Refused before any database call: the connector points at no server at all."""
    from connectors.adapters.local import LocalConnector
    from connectors.factory import guard

    nowhere = LocalConnector(pms_settings.hotel, "postgresql://x:y@127.0.0.1:1/none")
    out = await run(guard(nowhere, pms_settings), action, **args)
    assert isinstance(out, PmsFailure) and out.code == FailureCode.INVALID_REQUEST
    assert out.field == field


async def test_unknown_reservation_and_unknown_action(local_connector):
    out = await run(local_connector, ActionKind.PMS_CANCEL, reservation_id="QQQ-QQQ", reason="x")
    assert out.code == FailureCode.NOT_FOUND
    out = await run(local_connector, "pms.teleport")
    assert out.code == FailureCode.INVALID_REQUEST and out.field == "action"
    assert ActionKind.PMS_CREATE in out.message


async def test_absent_capability_becomes_unsupported(local_connector):
    local_connector._capabilities = local_connector.capabilities - {Capability.CANCEL}
    res = await book(local_connector)
    out = await run(
        local_connector, ActionKind.PMS_CANCEL, reservation_id=res.reservation_id, reason="x"
    )
    assert out.code == FailureCode.UNSUPPORTED and out.capability == "cancel"


async def test_replayed_create_after_sell_out_returns_the_booking(local_connector):
    first = await book(local_connector, room_type="SUI", key="decision-sui-1")
    await book(local_connector, room_type="SUI", key="decision-sui-2")  # now sold out
    avail = await run(
        local_connector,
        ActionKind.PMS_AVAILABILITY,
        arrival=iso(30),
        departure=iso(32),
        guests=2,
        room_type="SUI",
    )
    assert avail == Availability(offers=[])
    replay = await run(
        local_connector,
        ActionKind.PMS_CREATE,
        offer_id="local:SUI:NONREF:x",
        guest_name="Nora Night",
        arrival=iso(30),
        departure=iso(32),
        guests=2,
        room_type="SUI",
        idempotency_key="decision-sui-1",
    )
    assert isinstance(replay, Reserved) and replay.replayed is True
    assert replay.reservation.reservation_id == first.reservation_id


def one_off(code: str, at: int = -1) -> str:
    """``code`` with one character changed (what a misheard read-out gives)."""
    chars = list(code.replace("-", ""))
    chars[at] = "Z" if chars[at] != "Z" else "Y"
    return "".join(chars)


async def test_a_near_number_finds_the_booking_only_under_the_name_said(local_connector):
    res = await book(local_connector, name="Nora Night")
    heard = one_off(res.confirmation)
    find = ActionKind.PMS_FIND_BOOKING
    near = await run(local_connector, find, confirmation=heard, name="Nora Night", near=True)
    assert [r.reservation_id for r in near.reservations] == [res.reservation_id]
    # without near (a typed number, the old callers) a wrong number finds nothing
    exact = await run(local_connector, find, confirmation=heard, name="Nora Night")
    assert exact.reservations == []
    # another name, or two characters off, or no name at all: nothing
    other = await run(local_connector, find, confirmation=heard, name="Mallory", near=True)
    assert other.reservations == []
    two_off = one_off(heard, 0)
    if digits_part(two_off):  # letters then digits ("ACD4679"): other digits too, so that
        two_off = two_off[:-1] + ("3" if two_off[-1] != "3" else "4")  # no part of it is right
    far = await run(local_connector, find, confirmation=two_off, name="Nora Night", near=True)
    assert far.reservations == []
    alone = await run(local_connector, find, confirmation=heard, near=True)
    assert alone.reservations == []


async def test_a_near_number_with_a_misheard_name_or_the_callers_line_finds_candidates(
    local_connector,
):
    """One word of the name misheard ("Norah"), or the caller's own line: the executor returns
    the bookings whose number resembles the one heard; INTEL decides (two factors or nothing)."""
    res = await book(local_connector, name="Nora Night", phone="+49 171 5550123", key="d-near2")
    heard = one_off(res.confirmation)
    find = ActionKind.PMS_FIND_BOOKING
    by_word = await run(local_connector, find, confirmation=heard, name="Norah Night", near=True)
    assert [r.reservation_id for r in by_word.reservations] == [res.reservation_id]
    # a near number with a name only close is one exact fact: INTEL opens nothing
    assert verification.score(by_word.reservations[0], heard, "Norah Night", None) == 0.0
    line = "0171 5550123"
    by_line = await run(local_connector, find, confirmation=heard, name="Tom Wagner", phone=line, near=True)
    assert [r.reservation_id for r in by_line.reservations] == [res.reservation_id]
    assert by_line.reservations[0].phone_matches is True
    # the line and the number one off: two facts (the name said is not needed)
    assert verification.score(by_line.reservations[0], heard, None, line) >= verification.VERIFIED
    other = await run(local_connector, find, confirmation=heard, name="Tom Wagner", near=True)
    assert other.reservations == []
