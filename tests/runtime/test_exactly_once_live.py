"""Exactly-once bookings across real crashes at the worst moment, and a caller told the truth.

The worst moment for a PMS write is after the PMS committed it and before the PMS worker
closed its journal entry. The worker is held there by the fault-injection setting
``pms.hold_after_write_s`` (read via settings, as SOVREN_PMS__HOLD_AFTER_WRITE_S would be);
the test watches the journal and the PMS until both show that moment, then SIGKILLs a
process: the PMS worker, COMMAND, or the supervisor. Against the local PMS and against the
Apaleo fake (a real HTTP server speaking Apaleo's wire format). Every time: exactly one
reservation, and the caller hears its confirmation number (or, with the whole runtime
gone, no claim at all), never a transfer for a booking that exists.
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
import uuid
from pathlib import Path

import psycopg
import pytest

from fabric.agent_stats import AgentStats, F, segment_name
from ipc.messages import AgentId
from runtime.client import CallClient, ClientError
from tests.runtime.conftest import LiveRuntime

HOLD_S = 4.0
DIALOGUE = [
    "Hello, I'd like to book a room for next Friday for two nights.",
    "Two people, a double room please.",
    "My name is {name}.",
]
YES = "Yes, please book it."


def _pid(settings, role: AgentId) -> int:
    st = AgentStats(segment_name(settings.instance, role.name))
    try:
        return st[F.PID]
    finally:
        st.close()


def _journal(settings) -> Path:
    return Path(settings.data_dir) / "journal" / f"{settings.instance}.pms.jsonl"


def _open_creates(settings) -> list[dict]:
    """Journal entries of pms.create opened and not (yet) closed."""
    path = _journal(settings)
    if not path.exists():
        return []
    opened, closed = {}, set()
    for line in path.read_text().splitlines():
        try:
            row = json.loads(line)
        except json.JSONDecodeError:
            continue
        if row["op"] == "open" and row["action"] == "pms.create":
            opened[row["key"]] = row
        elif row["op"] == "close":
            closed.add(row["key"])
    return [r for k, r in opened.items() if k not in closed]


def _wait(pred, what: str, timeout: float = 30.0):
    deadline = time.monotonic() + timeout
    while True:
        got = pred()
        if got:
            return got
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out waiting for {what}")
        time.sleep(0.02)


def _local_bookings(url: str, name: str) -> list[str]:
    with psycopg.connect(url) as conn:
        rows = conn.execute(
            "SELECT confirmation FROM pms_local.reservations WHERE guest_name = %s AND "
            "status <> 'cancelled'",
            (name,),
        ).fetchall()
    return [r[0] for r in rows]


def _prepare(client, name: str, caller: str) -> str:
    call_id = client.start_call(caller)
    client.heard = []
    for i, text in enumerate(DIALOGUE, 1):
        out = client.turn(call_id, i, text.format(name=name), caller_id=caller, timeout=60)
        assert out["reply"], out
        client.heard.append(out)
    return call_id


def _book_and_kill(settings, client, name, caller, bookings, kill, gone=None) -> dict | None:
    """Turns 1-3, the caller's yes, SIGKILL in the commit/close window; the caller's answer.

    ``gone``: true once no process of the runtime is left, so no answer can come any more
    (what was already sent is still read): the wait ends there, not at its 60 s.
    """
    call_id = _prepare(client, name, caller)
    client.send_turn(call_id, len(DIALOGUE) + 1, YES, caller_id=caller)
    try:
        _wait(lambda: bookings(name) and _open_creates(settings), "the commit/close window")
    except AssertionError:
        got = client.wait_for(call_id, "turn_done", 30).detail
        raise AssertionError(
            f"the write never reached the PMS; the caller heard {client.heard} then {got}"
        ) from None
    kill()
    try:
        reply = dict(_answer(client, call_id, gone))
        if "not confirmed this yet" in reply["reply"]:
            # the honest holding answer after the turn budget: the result follows as an update
            reply = dict(client.wait_for(call_id, "turn_update", 60).detail)
        return reply
    except ClientError:
        return None


def _answer(client, call_id: str, gone) -> dict:
    """The turn's answer within 60 s; ClientError when none came (sooner once ``gone()``)."""
    if gone is None:
        return client.wait_for(call_id, "turn_done", 60).detail
    deadline = time.monotonic() + 60
    while True:
        over = gone() or time.monotonic() > deadline
        try:  # after the last process went, one more read drains what it sent before
            return client.wait_for(call_id, "turn_done", 1).detail
        except ClientError:
            if over:
                raise


def _says(reply: dict, confirmation: str) -> bool:
    """Does the reply give this confirmation number (INTEL spells it out letter by letter)?"""
    return confirmation in reply["reply"].replace(" ", "")


def _running(settings, role: AgentId) -> bool:
    from fabric.agent_stats import State

    st = AgentStats(segment_name(settings.instance, role.name))
    try:
        return st[F.STATE] == State.RUNNING
    finally:
        st.close()


def _assert_consistent(reply: dict, confirmations: list[str]) -> None:
    """At most one booking; if it exists the caller hears its number, if not no claim of one."""
    assert len(confirmations) <= 1, confirmations
    if confirmations:
        assert _says(reply, confirmations[0]) and reply["outcome"] == "booked", reply
    else:
        assert "confirm" not in reply["reply"].lower() and reply["outcome"] != "booked", reply


def _assert_truth(reply: dict, confirmations: list[str]) -> None:
    assert len(confirmations) == 1, confirmations
    assert _says(reply, confirmations[0]), reply
    assert reply["outcome"] == "booked", reply
    assert "colleague" not in reply["reply"], reply


@pytest.fixture(scope="module")
def held(module_db, tmp_path_factory):
    """A live runtime on the local PMS whose worker holds each write open for HOLD_S."""
    from config import load_settings

    settings = load_settings(
        instance=f"x{uuid.uuid4().hex[:8]}",
        database_url=module_db,
        data_dir=str(tmp_path_factory.mktemp("once")),
        pms={"hold_after_write_s": HOLD_S},
        agents={"shed_new_calls": False},
    )
    rt = LiveRuntime(settings, module_db).start()
    yield rt
    rt.stop()


@pytest.mark.slow
@pytest.mark.parametrize("role", [AgentId.PMS, AgentId.COMMAND])
def test_a_kill_between_the_pms_commit_and_the_journal_close_books_once(held, role):
    settings = held.settings
    name = f"Anna {role.name.title()}mann"

    def kill():
        os.kill(_pid(settings, role), signal.SIGKILL)

    with CallClient(settings) as client:
        reply = _book_and_kill(
            settings,
            client,
            name,
            "+4930555" + str(int(role)),
            lambda n: _local_bookings(held.url, n),
            kill,
        )
    assert reply is not None, "the caller was left without an answer"
    _assert_truth(reply, _local_bookings(held.url, name))
    assert _open_creates(settings) == []


@pytest.mark.slow
def test_intel_killed_just_after_the_callers_yes_the_caller_hears_the_truth(held):
    """INTEL dies a few ms after "yes": whatever happened, the reply matches the PMS."""
    settings = held.settings
    name = "Ines Intelmann"
    caller = "+4930555099"
    with CallClient(settings) as client:
        call_id = _prepare(client, name, caller)
        client.send_turn(call_id, len(DIALOGUE) + 1, YES, caller_id=caller)
        time.sleep(0.005)
        os.kill(_pid(settings, AgentId.INTEL), signal.SIGKILL)
        reply = dict(client.wait_for(call_id, "turn_done", 60).detail)
        _assert_consistent(reply, _local_bookings(held.url, name))
        # INTEL is back (it takes ~11 s to load its models on the shared test machine); the
        # caller says yes again: still at most one booking, and each reply matches the PMS
        _wait(lambda: _running(settings, AgentId.INTEL), "INTEL's restart", 60)
        again = client.turn(call_id, len(DIALOGUE) + 2, YES, caller_id=caller, timeout=60)
        booked = _local_bookings(held.url, name)
        if booked:
            # The caller was told of the booking in the turn above. A restarted INTEL may have
            # lost this call's dialogue and answer the next words afresh (a known gap: the
            # closing note of session 4); what must hold is that nothing is booked twice and no
            # other booking is claimed.
            assert len(booked) == 1, booked
            assert "confirm" not in again["reply"].lower() or _says(again, booked[0]), again
        else:
            _assert_consistent(again, booked)
        if not _local_bookings(held.url, name):  # INTEL read the booking back to be sure
            assert "Shall I book" in again["reply"], again
            last = client.turn(call_id, len(DIALOGUE) + 3, YES, caller_id=caller, timeout=60)
            _assert_truth(last, _local_bookings(held.url, name))


# -- the supervisor itself ------------------------------------------------------------------


def _supervisor_script(tmp_path: Path, settings_kw: str) -> Path:
    script = tmp_path / "sup.py"
    script.write_text(
        "import sys\n"
        "from config import load_settings\n"
        "from runtime.supervisor import Supervisor\n"
        f"s = load_settings({settings_kw})\n"
        "sup = Supervisor(s, progress=lambda m: None)\n"
        "sup.start()\n"
        "print('UP', flush=True)\n"
        "sup.run_forever()\n"
    )
    return script


@pytest.mark.slow
def test_the_supervisor_killed_in_the_window_books_once_and_claims_nothing(module_db, tmp_path):
    from config import load_settings
    from ipc.discovery import clean_dead

    instance = f"s{uuid.uuid4().hex[:8]}"
    kw = (
        f"instance={instance!r}, database_url={module_db!r}, data_dir={str(tmp_path)!r}, "
        f"pms={{'hold_after_write_s': {HOLD_S}}}, agents={{'shed_new_calls': False}}"
    )
    settings = load_settings(
        instance=instance, database_url=module_db, data_dir=str(tmp_path),
        pms={"hold_after_write_s": HOLD_S}, agents={"shed_new_calls": False},
    )  # fmt: skip
    name = "Sven Supervisor"
    script = _supervisor_script(tmp_path, kw)
    p = subprocess.Popen([sys.executable, str(script)], stdout=subprocess.PIPE, text=True)
    try:
        assert p.stdout.readline().strip() == "UP"
        import psutil

        agents: list[psutil.Process] = []  # its processes at the kill; they follow it out

        def kill() -> None:
            agents.extend(psutil.Process(p.pid).children(recursive=True))
            p.kill()

        with CallClient(settings) as client:
            reply = _book_and_kill(
                settings, client, name, "+4930555077",
                lambda n: _local_bookings(module_db, n), kill,
                gone=lambda: not any(a.is_running() for a in agents),
            )  # fmt: skip
        p.wait()
        # the runtime is gone: the caller got no answer rather than a wrong one
        assert reply is None or _says(reply, _local_bookings(module_db, name)[0])
        # the worker finished the write it held before it followed its supervisor out
        _wait(lambda: not _open_creates(settings), "the journal entry to close", 30)
    finally:
        if p.poll() is None:
            p.kill()
        clean_dead()
    assert len(_local_bookings(module_db, name)) == 1
    # a new runtime on the same data directory starts with the journal intact
    p2 = subprocess.Popen([sys.executable, str(script)], stdout=subprocess.PIPE, text=True)
    try:
        assert p2.stdout.readline().strip() == "UP"
        rows = [json.loads(x) for x in _journal(settings).read_text().splitlines()]
        closes = [r for r in rows if r["op"] == "close" and r["result"]["ok"]]
        confirmation = _local_bookings(module_db, name)[0]
        assert any(
            r["result"]["result"].get("reservation", {}).get("confirmation") == confirmation
            for r in closes
        )
    finally:
        p2.send_signal(signal.SIGTERM)
        p2.wait(60)
        clean_dead()
    assert len(_local_bookings(module_db, name)) == 1


# -- a vendor PMS (the Apaleo fake, Apaleo's wire format; Idempotency-Key replay) -----------


@pytest.fixture(scope="module")
def vendor(module_db, tmp_path_factory):
    from config import load_settings
    from tests.connectors.fakes.base import FakeHotel
    from tests.connectors.vendor_adapters import demo_settings, fake_class

    base = demo_settings()
    hotel = FakeHotel(list(base.hotel.room_types), currency=base.hotel.currency)
    with fake_class("apaleo")(hotel) as fake:
        saved = {k: os.environ.get(k) for k in fake.env()}
        os.environ.update(fake.env())  # the vendor's secrets reach the PMS worker this way
        try:
            settings = load_settings(
                instance=f"v{uuid.uuid4().hex[:8]}",
                database_url=module_db,
                data_dir=str(tmp_path_factory.mktemp("vendor")),
                pms={"vendor": "apaleo", "base_url": fake.url, "hold_after_write_s": HOLD_S},
                agents={"shed_new_calls": False},
            )
            rt = LiveRuntime(settings, module_db).start()
            try:
                yield rt, hotel
            finally:
                rt.stop()
        finally:
            for k, v in saved.items():
                if v is None:
                    os.environ.pop(k, None)
                else:
                    os.environ[k] = v


@pytest.mark.slow
@pytest.mark.parametrize("role", [AgentId.PMS, AgentId.COMMAND])
def test_a_vendor_booking_killed_in_the_window_exists_once(vendor, role):
    rt, hotel = vendor
    settings = rt.settings
    first = {AgentId.PMS: "Paula", AgentId.COMMAND: "Clara"}[role]

    def bookings(_name):
        return [s.confirmation for s in list(hotel.stays.values())
                if s.first_name == first and s.status == "confirmed"]  # fmt: skip

    def kill():
        os.kill(_pid(settings, role), signal.SIGKILL)

    with CallClient(settings) as client:
        reply = _book_and_kill(
            settings, client, f"{first} Ortmann", "+4930556" + str(int(role)), bookings, kill
        )
    assert reply is not None, "the caller was left without an answer"
    _assert_truth(reply, bookings(None))
    assert _open_creates(settings) == []
