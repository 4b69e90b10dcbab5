"""Exactly-once PMS writes: the content key, the fsynced journal, reconciliation after a crash.

A crash "between the PMS commit and the journal close" is made here by doing exactly the
worker's steps up to the commit and then dropping the journal object unclosed (what a
SIGKILL leaves on disk); the live runtime test kills real processes at that moment
(tests/runtime/test_exactly_once_live.py).
"""

from __future__ import annotations

import asyncio
import json
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import psycopg
import pytest

from connectors.exactly_once import ExactlyOnce
from connectors.executor import execute
from connectors.journal import JournalDamaged, WriteJournal, idempotency_key
from ipc.payloads import CreateArgs, Modified, Reserved, args_for


def iso(offset: int) -> str:
    return (datetime.now(ZoneInfo("Europe/Berlin")).date() + timedelta(days=offset)).isoformat()


# -- the key -------------------------------------------------------------------------------


def test_the_key_comes_from_call_turn_and_content_never_from_the_decision():
    args = {"offer_id": "local:DBL:FLEX", "guest_name": "Anna Weber", "guests": 2}
    k = idempotency_key("c1", 4, "pms.create", args)
    # a retry decided under another decision id carries the same content: the same key
    assert k == idempotency_key("c1", 4, "pms.create", {**args, "idempotency_key": "decision-2"})
    assert k == idempotency_key("c1", 4, "pms.create", dict(reversed(list(args.items()))))
    assert k != idempotency_key("c1", 5, "pms.create", args)
    assert k != idempotency_key("c2", 4, "pms.create", args)
    assert k != idempotency_key("c1", 4, "pms.create", {**args, "guests": 3})
    assert k != idempotency_key("c1", 4, "pms.modify", args)


def test_the_typed_arguments_and_the_same_request_as_a_dict_have_one_key():
    args = {"offer_id": "local:DBL:FLEX", "guest_name": "Anna Weber", "guests": 2,
            "arrival": iso(30), "departure": iso(32)}  # fmt: skip
    typed = args_for("pms.create", args)
    assert isinstance(typed, CreateArgs)
    assert idempotency_key("c1", 4, "pms.create", typed) == idempotency_key(
        "c1", 4, "pms.create", args
    )


# -- the journal file ----------------------------------------------------------------------


def test_an_open_entry_survives_a_crash_and_a_closed_one_its_result(tmp_path):
    path = tmp_path / "j.jsonl"
    j = WriteJournal(path)
    j.open("k1", "d1", "c1", 1, "pms.create", {"guest_name": "A"}, seq=7)
    j.open("k2", "d2", "c1", 2, "pms.cancel", {"reservation_id": "X"}, seq=8)
    j.close("k2", {"ok": True, "result": {"x": 1}, "error": None})
    # no close_file(): the process died here
    again = WriteJournal(path)
    assert [e.key for e in again.open_entries()] == ["k1"]
    assert again.for_decision("d2").result == {"ok": True, "result": {"x": 1}, "error": None}
    assert again.for_decision("d1").decisions == {"d1": 7}
    assert path.stat().st_mode & 0o777 == 0o600


def test_a_torn_last_line_is_a_write_that_never_happened(tmp_path):
    path = tmp_path / "j.jsonl"
    j = WriteJournal(path)
    j.open("k1", "d1", "c1", 1, "pms.create", {}, seq=1)
    j.close_file()
    with open(path, "a") as fh:
        fh.write('{"op": "open", "key": "k2", "decision_id": "d2", "ca')  # cut by the crash
    again = WriteJournal(path)
    assert again.for_key("k2") is None and again.for_key("k1") is not None


@pytest.mark.parametrize(
    "damage",
    [
        b"garbage that is not json\n",
        b'{"op": "close", "key": "unknown-key", "result": {}}\n',
        b'{"op": "teleport", "key": "k1"}\n',
    ],
)
def test_a_damaged_journal_is_refused_with_its_path_and_line(tmp_path, damage):
    path = tmp_path / "j.jsonl"
    j = WriteJournal(path)
    j.open("k1", "d1", "c1", 1, "pms.create", {}, seq=1)
    j.close_file()
    with open(path, "ab") as fh:
        fh.write(damage)
        fh.write(b'{"op": "close", "key": "k1", "decision_id": "d1", "result": {}}\n')
    with pytest.raises(JournalDamaged) as err:
        WriteJournal(path)
    assert str(path) in str(err.value) and "line 2" in str(err.value)
    assert err.value.next_step


def test_old_closed_entries_are_compacted_open_ones_never(tmp_path):
    path = tmp_path / "j.jsonl"
    j = WriteJournal(path)
    j.open("old-closed", "d1", "c", 1, "pms.create", {})
    j.close("old-closed", {"ok": True, "result": {}, "error": None})
    j.open("old-open", "d2", "c", 1, "pms.create", {})
    j.close_file()
    rows = [json.loads(x) for x in path.read_text().splitlines()]
    for r in rows:
        r["ts"] = 1.0  # 1970
    path.write_text("".join(json.dumps(r) + "\n" for r in rows))
    again = WriteJournal(path, keep_days=1)
    assert again.for_key("old-closed") is None and again.for_decision("d1") is None
    assert again.for_key("old-open").is_open
    assert len(path.read_text().splitlines()) == 1


# -- exactly once against a real PMS -------------------------------------------------------


def _create_args(loop, pms, name="Nora Night"):
    avail = loop.run_until_complete(
        execute(
            pms,
            "pms.availability",
            {"arrival": iso(30), "departure": iso(32), "guests": 2, "room_type": "SUI"},
        )  # fmt: skip
    )
    offer = avail.offers[0]
    return {"offer_id": offer.offer_id, "guest_name": name, "phone": "+49 171 5550123",
            "arrival": iso(30), "departure": iso(32), "guests": 2, "room_type": "SUI"}  # fmt: skip


@pytest.fixture
def local_pms(local_pms_url, pms_settings):
    from connectors.factory import build_connector

    loop = asyncio.new_event_loop()
    pms = build_connector(pms_settings, database_url=local_pms_url)
    loop.run_until_complete(pms.open())
    yield loop, pms
    loop.run_until_complete(pms.aclose())
    loop.close()


def _reservations(url, name):
    with psycopg.connect(url) as conn:
        return conn.execute(
            "SELECT confirmation FROM pms_local.reservations WHERE guest_name = %s", (name,)
        ).fetchall()


def test_a_crash_after_the_commit_is_reconciled_not_booked_again(
    local_pms, local_pms_url, tmp_path
):
    loop, pms = local_pms
    args = _create_args(loop, pms)
    path = tmp_path / "j.jsonl"
    first = ExactlyOnce(WriteJournal(path), loop.run_until_complete)
    key = idempotency_key("call-1", 4, "pms.create", args)
    first.journal.open(key, "d1", "call-1", 4, "pms.create", {**args, "idempotency_key": key}, 9)
    committed = loop.run_until_complete(
        execute(pms, "pms.create", {**args, "idempotency_key": key})
    )
    assert isinstance(committed, Reserved)
    # killed here: the PMS has the booking, the journal entry is open
    restarted = ExactlyOnce(WriteJournal(path), loop.run_until_complete)
    assert restarted.known("d1", 9).kind == "open"
    closed = restarted.settle_open(pms)
    assert [e.key for e in closed] == [key]
    res = restarted.journal.for_key(key).result
    assert res["ok"] and res["result"]["replayed"]
    assert res["result"]["t"] == "reserved"  # the typed result's JSON, tag included
    assert res["result"]["reservation"]["confirmation"] == committed.reservation.confirmation
    # COMMAND restarted too and decided the same request again under a new decision id
    again = restarted.carry_out(pms, "call-1", 4, "d2", "pms.create", args, seq=3)
    assert again == res
    assert len(_reservations(local_pms_url, "Nora Night")) == 1
    assert restarted.known("d2", 99).kind == "replay"  # another frame with d2: a replay
    assert restarted.known("d2", 3).kind == "redelivered"


def test_a_crash_before_the_commit_is_retried_once_with_the_same_key(
    local_pms, local_pms_url, tmp_path
):
    loop, pms = local_pms
    args = _create_args(loop, pms, name="Otto Open")
    path = tmp_path / "j.jsonl"
    key = idempotency_key("call-2", 2, "pms.create", args)
    WriteJournal(path).open(key, "d1", "call-2", 2, "pms.create", {**args, "idempotency_key": key})
    # killed before the PMS was called: nothing booked
    assert _reservations(local_pms_url, "Otto Open") == []
    restarted = ExactlyOnce(WriteJournal(path), loop.run_until_complete)
    restarted.settle_open(pms)
    res = restarted.journal.for_key(key).result
    assert res["ok"] and res["result"]["t"] == "reserved" and not res["result"]["replayed"]
    assert len(_reservations(local_pms_url, "Otto Open")) == 1


def test_an_old_open_write_not_made_is_reported_not_done_and_not_made(
    local_pms, local_pms_url, tmp_path
):
    loop, pms = local_pms
    args = _create_args(loop, pms, name="Lena Late")
    path = tmp_path / "j.jsonl"
    key = idempotency_key("call-3", 2, "pms.create", args)
    WriteJournal(path).open(key, "d1", "call-3", 2, "pms.create", {**args, "idempotency_key": key})
    later = ExactlyOnce(WriteJournal(path), loop.run_until_complete, clock=lambda: 4e9)
    later.settle_open(pms)
    res = later.journal.for_key(key).result
    assert not res["ok"] and res["error"] == "not_carried_out"
    assert res["result"]["t"] == "pms_failure" and res["result"]["code"] == "not_carried_out"
    assert _reservations(local_pms_url, "Lena Late") == []


def test_cancel_and_modify_left_open_are_read_back(local_pms, local_pms_url, tmp_path):
    loop, pms = local_pms
    args = _create_args(loop, pms, name="Max Mover")
    made = ExactlyOnce(WriteJournal(tmp_path / "a.jsonl"), loop.run_until_complete).carry_out(
        pms, "call-4", 1, "d0", "pms.create", args
    )
    ref = made["result"]["reservation"]["confirmation"]
    mod = {"reservation_id": ref, "arrival": iso(31), "departure": iso(33), "guests": 2}
    path = tmp_path / "j.jsonl"
    key = idempotency_key("call-4", 2, "pms.modify", mod)
    WriteJournal(path).open(key, "d1", "call-4", 2, "pms.modify", {**mod, "idempotency_key": key})
    modified = loop.run_until_complete(
        execute(pms, "pms.modify", {**mod, "idempotency_key": key})
    )
    assert isinstance(modified, Modified)
    restarted = ExactlyOnce(WriteJournal(path), loop.run_until_complete)
    restarted.settle_open(pms)
    res = restarted.journal.for_key(key).result
    assert res["ok"] and res["result"]["replayed"] and res["result"]["t"] == "modified"
    assert res["result"]["reservation"]["arrival"] == iso(31)
    with psycopg.connect(local_pms_url) as conn:
        assert conn.execute("SELECT count(*) FROM pms_local.modifications").fetchone()[0] == 1


# -- a vendor that commits and drops the connection ----------------------------------------


def test_a_vendor_that_commits_then_drops_the_connection_books_once_and_says_so(tmp_path):
    from connectors.factory import guard
    from tests.connectors.fakes.base import FakeHotel
    from tests.connectors.vendor_adapters import demo_settings, fake_class, make_adapter
    from tests.connectors.vendor_adapters import policy_for_tests as policy

    settings = demo_settings()
    hotel = FakeHotel(list(settings.hotel.room_types), currency=settings.hotel.currency)
    loop = asyncio.new_event_loop()
    with fake_class("opera")(hotel) as fake:
        pms = guard(
            make_adapter("opera", fake, policy(read_timeout_s=2.0, deadline_s=5.0)), settings
        )
        loop.run_until_complete(pms.open())
        try:
            args = _create_args(loop, pms, name="Vera Vendor")
            fake.drop_after_commit_next(match="POST")
            once = ExactlyOnce(WriteJournal(tmp_path / "j.jsonl"), loop.run_until_complete)
            res = once.carry_out(pms, "call-5", 3, "d1", "pms.create", args, seq=1)
            assert res["ok"], res  # the caller is told it is booked: it is
            stays = [s for s in hotel.stays.values() if s.last_name == "Vendor"]
            assert len(stays) == 1
            assert res["result"]["reservation"]["confirmation"] == stays[0].confirmation
            # and a crash after that commit, reconciled from the journal, finds the same one
            again = once.carry_out(pms, "call-5", 3, "d2", "pms.create", args, seq=2)
            assert again == res and len(hotel.stays) == 1
        finally:
            loop.run_until_complete(pms.aclose())
            loop.close()


# -- a vendor that does not say whether it booked -------------------------------------------


@pytest.fixture
def apaleo(tmp_path):
    from connectors.factory import guard
    from tests.connectors.fakes.base import FakeHotel
    from tests.connectors.vendor_adapters import demo_settings, fake_class, make_adapter
    from tests.connectors.vendor_adapters import policy_for_tests as policy

    settings = demo_settings()
    hotel = FakeHotel(list(settings.hotel.room_types), currency=settings.hotel.currency)
    loop = asyncio.new_event_loop()
    with fake_class("apaleo")(hotel) as fake:
        adapter = make_adapter("apaleo", fake, policy(read_timeout_s=0.3, deadline_s=3.0))
        pms = guard(adapter, settings)
        loop.run_until_complete(pms.open())
        yield loop, pms, fake, hotel
        loop.run_until_complete(pms.aclose())
    loop.close()


def test_a_vendor_that_never_answers_the_booking_is_not_reported_either_way(apaleo, tmp_path):
    """Apaleo has no key look-up: the entry stays open until a retry with the key tells."""
    loop, pms, fake, hotel = apaleo
    args = _create_args(loop, pms, name="Uwe Unknown")
    fake.delay_next(0.8, n=3, match="POST")  # every attempt outlives the client's timeout
    once = ExactlyOnce(WriteJournal(tmp_path / "j.jsonl"), loop.run_until_complete)
    assert once.carry_out(pms, "call-6", 4, "d1", "pms.create", args, seq=1) is None
    (entry,) = once.journal.open_entries()  # neither done nor not done: still open
    # the vendor answers again: the same key replays the booking it made meanwhile
    closed = once.settle_open(pms)
    assert [e.key for e in closed] == [entry.key] and entry.result["ok"]
    stays = [s for s in hotel.stays.values() if s.last_name == "Unknown"]
    assert len(stays) == 1
    assert entry.result["result"]["reservation"]["confirmation"] == stays[0].confirmation


def test_an_unknown_outcome_past_the_retry_window_is_closed_as_unknown(apaleo, tmp_path):
    loop, pms, fake, hotel = apaleo
    args = _create_args(loop, pms, name="Ulla Unsure")
    key = idempotency_key("call-7", 4, "pms.create", args)
    path = tmp_path / "j.jsonl"
    WriteJournal(path).open(key, "d1", "call-7", 4, "pms.create", {**args, "idempotency_key": key})
    later = ExactlyOnce(WriteJournal(path), loop.run_until_complete, clock=lambda: 4e9)
    later.settle_open(pms)
    res = later.journal.for_key(key).result
    assert not res["ok"] and res["error"] == "outcome_unknown"  # never "not done"
    assert res["result"]["code"] == "outcome_unknown" and not res["result"]["retryable"]
