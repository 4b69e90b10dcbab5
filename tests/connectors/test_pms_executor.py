"""The executor: vocabulary action kinds -> contract calls -> JSON-able result dicts."""

from __future__ import annotations

import json
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from connectors.contract import Capability
from connectors.executor import execute
from ipc.actions import ActionKind


def iso(offset: int) -> str:
    return (datetime.now(ZoneInfo("Europe/Berlin")).date() + timedelta(days=offset)).isoformat()


async def run(pms, action, **args):
    out = await execute(pms, action, args)
    json.dumps(out)  # always JSON-able
    assert set(out) == {"ok", "result", "error"}
    return out


async def book(pms, name="Nora Night", phone="+49 171 5550123", room_type="DBL", key="d-1"):
    avail = await run(
        pms, ActionKind.PMS_AVAILABILITY, arrival=iso(30), departure=iso(32), guests=2, room_type=room_type
    )
    offer = avail["result"]["offers"][0]
    out = await run(
        pms,
        ActionKind.PMS_CREATE,
        offer_id=offer["offer_id"],
        guest_name=name,
        phone=phone,
        email="nora@example.org",
        arrival=iso(30),
        departure=iso(32),
        guests=2,
        room_type=room_type,
        idempotency_key=key,
    )
    assert out["ok"], out
    return out["result"]["reservation"]


async def test_availability_lists_offers(local_connector):
    out = await run(
        local_connector, ActionKind.PMS_AVAILABILITY, arrival=iso(30), departure=iso(33), guests="2"
    )
    assert out["ok"] and out["error"] is None
    offers = out["result"]["offers"]
    assert out["result"]["count"] == len(offers) == 6  # 3 room types x 2 rate plans
    first = offers[0]
    assert first["nights"] == 3 and first["guests"] == 2 and first["total"]["currency"] == "EUR"
    assert first["total"]["amount"] == "348.30"  # 129.00 * 0.90 (NONREF) * 3


async def test_create_find_modify_cancel_round_trip(local_connector):
    res = await book(local_connector)
    assert res["status"] == "confirmed" and res["guest_name"] == "Nora Night"
    assert res["phone"].endswith("23") and "171" not in res["phone"]
    assert res["email"] == "•••@example.org"

    by_conf = await run(
        local_connector, ActionKind.PMS_FIND_BOOKING, confirmation=res["confirmation"].lower()
    )
    assert [r["reservation_id"] for r in by_conf["result"]["reservations"]] == [
        res["reservation_id"]
    ]
    wrong_name = await run(
        local_connector, ActionKind.PMS_FIND_BOOKING, confirmation=res["confirmation"], name="Mallory"
    )
    assert wrong_name["ok"] and wrong_name["result"]["count"] == 0
    by_phone = await run(local_connector, ActionKind.PMS_FIND_BOOKING, phone="0171 555 0123")
    assert by_phone["result"]["count"] == 1

    mod = await run(
        local_connector,
        ActionKind.PMS_MODIFY,
        reservation_id=res["reservation_id"],
        arrival=iso(30),
        departure=iso(33),
        idempotency_key="d-2",
    )
    assert mod["ok"], mod
    assert mod["result"]["reservation"]["nights"] == 3
    assert mod["result"]["previous"]["departure"] == iso(32)
    assert mod["result"]["price_difference"]["amount"] in ("129.00", "116.10")

    cancel = await run(
        local_connector, ActionKind.PMS_CANCEL, reservation_id=res["confirmation"], reason="plans changed"
    )
    assert cancel["ok"] and cancel["result"]["reservation"]["status"] == "cancelled"
    assert cancel["result"]["already_cancelled"] is False
    again = await run(
        local_connector, ActionKind.PMS_CANCEL, reservation_id=res["reservation_id"], reason="plans changed"
    )
    assert again["ok"] and again["result"]["already_cancelled"] is True


async def test_create_with_the_same_decision_id_books_once(local_connector):
    first = await book(local_connector, key="decision-42")
    second = await book(local_connector, key="decision-42")
    assert first["reservation_id"] == second["reservation_id"]
    found = await run(local_connector, ActionKind.PMS_FIND_BOOKING, name="Nora")
    assert found["result"]["count"] == 1


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
    assert out == {"ok": False, "error": "unavailable", "result": out["result"]}
    assert "search availability again" in out["result"]["message"]


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
    assert out["ok"] is False and out["error"] == "invalid_request"
    assert out["result"]["field"] == field


async def test_unknown_reservation_and_unknown_action(local_connector):
    out = await run(local_connector, ActionKind.PMS_CANCEL, reservation_id="QQQ-QQQ", reason="x")
    assert out["error"] == "not_found"
    out = await run(local_connector, "pms.teleport")
    assert out["error"] == "unknown_action" and ActionKind.PMS_CREATE in out["result"]["message"]


async def test_absent_capability_becomes_unsupported(local_connector):
    local_connector._capabilities = local_connector.capabilities - {Capability.CANCEL}
    res = await book(local_connector)
    out = await run(local_connector, ActionKind.PMS_CANCEL, reservation_id=res["reservation_id"], reason="x")
    assert out["error"] == "unsupported" and out["result"]["capability"] == "cancel"


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
    assert avail["result"]["count"] == 0
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
    assert replay["ok"] and replay["result"]["replayed"] is True
    assert replay["result"]["reservation"]["reservation_id"] == first["reservation_id"]
