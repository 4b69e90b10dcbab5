"""The demo's ground truth: seed the PMS before a scripted call, check it after.

Why check the PMS and not the replies: "the reservation exists with the right
dates, or it does not" is what a hotel cares about; a call that said
"booked" without a row in the PMS must fail the demo.

Seeding writes the local (embedded) PMS only: a given reservation is created
through the contract like any booking, then given the scenario's confirmation
number directly in the local PMS's table so the caller can quote it.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from connectors.errors import NotFound
from connectors.models import Guest, Occupancy
from ipc.actions import ActionKind
from runtime.scenarios import said_problems


async def seed_reservations(connector, database_url: str, given: list[dict[str, str]]) -> None:
    import psycopg

    from connectors.adapters.local_setup import SCHEMA

    for g in given:
        arrival = dt.date.fromisoformat(g["arrival"])
        departure = dt.date.fromisoformat(g["departure"])
        offers = await connector.search_availability(
            arrival, departure, Occupancy(adults=int(g.get("guests", 1))), g.get("room_type")
        )
        if not offers:
            raise RuntimeError(f"cannot seed {g}: no availability in the demo hotel")
        guest = Guest(name=g["guest_name"], phone=g.get("phone"), email=g.get("email"))
        res = await connector.create_reservation(offers[0], guest, f"seed-{g['confirmation']}")
        with psycopg.connect(database_url, autocommit=True) as conn:
            conn.execute(
                f"UPDATE {SCHEMA}.reservations SET confirmation = %s WHERE id = %s",
                (g["confirmation"], res.id),
            )


def _matches(r, want: dict[str, str]) -> list[str]:
    got = {
        "confirmation": r.confirmation,
        "arrival": r.arrival.isoformat(),
        "departure": r.departure.isoformat(),
        "guests": str(r.occupancy.total),
        "room_type": r.room_type,
        "guest_name": r.guest.name,
        "rate_plan": r.rate_plan,
    }
    return [f"{k}={got.get(k)!r} (expected {v!r})" for k, v in want.items() if str(got.get(k)) != v]


async def check_pms(connector, scenario) -> list[str]:
    problems: list[str] = []
    for want in scenario.expect_reservations:
        if "confirmation" in want:
            try:
                candidates = [await connector.get_reservation(want["confirmation"])]
            except NotFound:
                problems.append(f"reservation {want['confirmation']} is missing")
                continue
        else:
            candidates = await connector.find_reservations(guest_name=want.get("guest_name"))
        active = [r for r in candidates if r.status.value != "cancelled"]
        if not active:
            problems.append(f"no active reservation matching {want}")
            continue
        diffs = [_matches(r, want) for r in active]
        if all(diffs):
            problems.append("reservation differs: " + "; ".join(min(diffs, key=len)))
    for want in scenario.expect_no_reservations:
        try:
            r = await connector.get_reservation(want["confirmation"])
        except NotFound:
            continue
        if r.status.value != "cancelled":
            problems.append(f"reservation {want['confirmation']} is still {r.status.value}")
    return problems


def check_outcome(scenario, call: dict[str, Any]) -> list[str]:
    if call.get("outcome") != scenario.expect:
        return [f"outcome {call.get('outcome')!r}, expected {scenario.expect!r}"]
    said = said_problems(scenario, [t.get("reply", "") for t in call.get("turns", [])])
    if said:
        return said
    if scenario.expect in ("blocked", "refused"):
        writes = [
            a
            for t in call["turns"]
            for a in t["actions"]
            if a["kind"] in (ActionKind.PMS_CREATE, ActionKind.PMS_MODIFY, ActionKind.PMS_CANCEL) and a["approved"]
        ]
        if writes:
            return [f"a {scenario.expect} call carried out {writes[0]['kind']}"]
    return []


async def check_voice_booking(connector, scenario, call: dict[str, Any]) -> list[str]:
    """The booking this very call made exists in the PMS with the expected stay."""
    made = [
        a["result"]
        for t in call["turns"]
        for a in t["actions"]
        if a["kind"] == ActionKind.PMS_CREATE and a["approved"] and (a.get("result") or {}).get("ok")
    ]
    if not made:
        return ["no booking was made"]
    conf = made[-1].get("reservation", {}).get("confirmation")
    try:
        r = await connector.get_reservation(conf)
    except NotFound:
        return [f"reservation {conf} is not in the PMS"]
    want = {
        k: v
        for k, v in (scenario.expect_reservations or [{}])[0].items()
        if k in ("arrival", "departure", "guests", "room_type")
    }
    diffs = _matches(r, want)
    return ["voice booking differs: " + "; ".join(diffs)] if diffs else []
