"""Typed PMS failures through the live runtime (seven processes, real rings, real PostgreSQL).

- The local PMS: the room the caller heard read back is sold (by another booking, made
  directly in the PMS) between the read-back and the caller's yes. The caller hears
  that, is offered the next room for the same dates with a new read-back, and the
  second yes books that room: checked in the PMS.
- A vendor (the apaleo fake server of tests/connectors, speaking apaleo's wire format)
  that stops answering: the PMS worker's action budget runs out, the caller hears that
  the system is slow and is offered the reception; the typed failure is on record.
"""

from __future__ import annotations

import asyncio
import json
import os
import time
import uuid

import psycopg
import pytest

from config import load_settings
from connectors.factory import build_connector
from connectors.models import Guest, Occupancy
from ipc.payloads import CreateArgs, FailureCode, PmsFailure, outcome_from_ledger
from runtime.client import CallClient
from runtime.history import carried_out_json, explain_call, render_explanation
from tests.runtime.conftest import LiveRuntime

TODAY = "2026-03-02"  # a Monday: "next Friday" is March 6
BOOK = "I'd like to book a twin room next Friday for two nights for two people"


def _results(url: str, call_id: str, action: str, want: int = 1) -> list[tuple]:
    """The call's ledger result rows of ``action`` (the writer batches: poll with a deadline)."""
    deadline = time.monotonic() + 10
    while True:
        with psycopg.connect(url) as conn:
            rows = conn.execute(
                "SELECT ok, result, error FROM results WHERE call_id = %s AND action = %s "
                "ORDER BY created_at",
                (call_id, action),
            ).fetchall()
        if len(rows) >= want or time.monotonic() > deadline:
            return rows
        time.sleep(0.2)


def _kinds(summary: dict) -> list[str]:
    return [a["kind"] for a in summary["actions"]]


@pytest.fixture(scope="module")
def local_runtime(module_db, tmp_path_factory):
    settings = load_settings(
        instance=f"f{uuid.uuid4().hex[:8]}",
        database_url=module_db,
        data_dir=str(tmp_path_factory.mktemp("pmsfail")),
        hotel={"simulated_date": TODAY},
    )
    rt = LiveRuntime(settings, module_db).start()
    loop = asyncio.new_event_loop()
    pms = build_connector(settings, database_url=module_db)
    loop.run_until_complete(pms.open())
    yield rt, pms, loop
    loop.run_until_complete(pms.aclose())
    loop.close()
    rt.stop()


async def _sell_out(pms, room_type: str, arrival: str, departure: str) -> int:
    """Book every room of ``room_type`` left for the stay, as other guests would."""
    import datetime as dt

    a, d = dt.date.fromisoformat(arrival), dt.date.fromisoformat(departure)
    sold = 0
    while True:
        offers = await pms.search_availability(a, d, Occupancy(adults=2), room_type)
        if not offers:
            return sold
        await pms.create_reservation(offers[0], Guest(name="Other Guest"), uuid.uuid4().hex)
        sold += 1


def test_a_room_sold_between_the_read_back_and_the_yes(local_runtime):
    rt, pms, loop = local_runtime
    with CallClient(rt.settings) as client:
        call = client.start_call("+49 30 5550123")
        first = client.turn(call, 1, BOOK)
        assert "twin room" in first["reply"], first
        readback = client.turn(call, 2, "My name is Anna Weber")
        assert "Shall I book a twin room" in readback["reply"], readback
        assert loop.run_until_complete(_sell_out(pms, "TWN", "2026-03-06", "2026-03-08")) >= 1

        taken = client.turn(call, 3, "yes")
        assert _kinds(taken) == ["pms.create", "pms.availability", "speak.ask"], taken
        create = taken["actions"][0]
        assert create["approved"] and create["result"]["ok"] is False
        assert create["result"]["t"] == "pms_failure"
        assert create["result"]["code"] == "room_unavailable"
        reply = taken["reply"]
        assert "the twin room was booked by another guest just a moment ago" in reply
        assert "Shall I book" in reply and "twin room" not in reply.split("ago.")[1]

        booked = client.turn(call, 4, "yes")
        assert _kinds(booked) == ["pms.create", "speak.confirm"], booked
        assert "Your booking is confirmed" in booked["reply"]
        done = client.end_call(call)
    assert done["outcome"] == "booked"
    (anna,) = loop.run_until_complete(pms.find_reservations(guest_name="Anna Weber"))
    assert anna.room_type != "TWN" and anna.status == "confirmed"
    assert (anna.arrival.isoformat(), anna.departure.isoformat()) == ("2026-03-06", "2026-03-08")
    # the ledger holds the typed failure (JSON with its tag), read back as the Struct
    rows = _results(rt.url, call, "pms.create", want=2)
    failures = [outcome_from_ledger(r[1]) for r in rows if not r[0]]
    assert failures and isinstance(failures[0], PmsFailure)
    assert failures[0].code == FailureCode.ROOM_UNAVAILABLE and failures[0].retryable is False
    # `sovren explain` reads the same typed forms back: the failed write and the second one
    ex = explain_call(rt.url, call[:12])
    creates = [v for v in ex["carried_out"].values() if v["action"] == "pms.create"]
    assert [type(v["result"]).__name__ for v in creates] == ["PmsFailure", "Reserved"]
    assert isinstance(creates[0]["args"], CreateArgs) and creates[0]["args"].room_type == "TWN"
    text = render_explanation(ex)
    assert "carried out: pms.create book TWN" in text
    assert "result: FAILED room_unavailable (a retry will not help)" in text
    shown = [ln for ln in text.splitlines() if ln.strip().startswith(("carried out:", "result:"))]
    assert len(shown) >= 4 and not [ln for ln in shown if "Anna" in ln]  # no guest's name
    assert carried_out_json(ex)[creates[0]["decision_id"]]["result"]["t"] == "pms_failure"


def test_a_booking_not_found_is_asked_again_spelled(local_runtime):
    rt, pms, loop = local_runtime
    with CallClient(rt.settings) as client:
        call = client.start_call(None)
        client.turn(call, 1, "I'd like to cancel my booking, please.")
        client.turn(call, 2, "The confirmation number is SOV9999.")
        t3 = client.turn(call, 3, "My name is Anna Weber.")
        assert _kinds(t3) == ["pms.find_booking", "speak.ask"], t3
        found = t3["actions"][0]["result"]
        assert found["ok"] and found["t"] == "bookings_found" and found["reservations"] == []
        assert "spell the confirmation number" in t3["reply"], t3
        assert not [a for a in t3["actions"] if a["kind"] == "pms.cancel"]
        client.end_call(call)


@pytest.fixture(scope="module")
def slow_vendor_runtime(module_db, tmp_path_factory):
    from tests.connectors.fakes.apaleo import ApaleoFake  # the vendor's wire format

    fake = ApaleoFake().start()
    saved = {k: os.environ.get(k) for k in fake.env()}
    os.environ.update(fake.env())  # the PMS worker reads the vendor's secrets from here
    settings = load_settings(
        instance=f"v{uuid.uuid4().hex[:8]}",
        database_url=module_db,
        data_dir=str(tmp_path_factory.mktemp("slowpms")),
        hotel={"simulated_date": TODAY},
        pms={"vendor": "apaleo", "base_url": fake.url, "action_timeout_s": 2.0},
    )
    rt = LiveRuntime(settings, module_db).start()
    yield rt, fake
    rt.stop()
    fake.stop()
    for k, v in saved.items():
        if v is None:
            os.environ.pop(k, None)
        else:
            os.environ[k] = v


def test_a_vendor_that_stops_answering_is_said_honestly(slow_vendor_runtime):
    rt, fake = slow_vendor_runtime
    fake.delay_next(30.0, n=100, match="GET /booking/v1/offers")  # hangs, well past 2 s
    with CallClient(rt.settings) as client:
        call = client.start_call("+49 30 5550124")
        turn = client.turn(call, 1, BOOK)
        assert _kinds(turn) == ["pms.availability", "speak.apologise"], turn
        failure = turn["actions"][0]["result"]
        assert failure["t"] == "pms_failure" and failure["code"] == "timeout"
        assert failure["retryable"] is True
        assert "taking too long to answer" in turn["reply"] and "reception" in turn["reply"]
        after = client.turn(call, 2, "yes please")
        assert _kinds(after) == ["transfer.human"], after
        client.end_call(call)
    (row,) = _results(rt.url, call, "pms.availability")
    assert row[0] is False and row[2] == "timeout"
    stored = row[1] if isinstance(row[1], dict) else json.loads(row[1])
    assert stored["t"] == "pms_failure" and stored["code"] == "timeout"
