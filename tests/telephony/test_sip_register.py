"""Mode register against a real registrar: Kamailio with digest authentication in front.

One runtime for the module (two user agents, ``telephony.mode: register``, the account's
credentials in its environment) and Kamailio as the registrar
(docs/telephony/kamailio-registrar.cfg: usrloc in memory, ``pv_auth_check`` with the
test's password, registrations granted for 10 s so that a restarted registrar is
filled again within seconds). The allow-list names no peer: INVITEs are taken because
they come from the registrar's address.
"""

from __future__ import annotations

import os
import signal
import socket
import time
import uuid
from pathlib import Path

import numpy as np
import pytest

from media.sip.endpoint import contact_q
from media.sip.status import read_statuses
from runtime.inspection import render, snapshot
from tests.telephony.conftest import sip_runtime
from tests.telephony.sipkit import Baresip, Registrar, rows_of, write_wav_8k
from tests.waiting import wait_until

pytestmark = pytest.mark.timeout(600)
USER = "hotel"
PASSWORD = f"pw-{uuid.uuid4().hex[:12]}"
UAS = 2  # max_calls 4: two user-agent processes


@pytest.fixture(scope="module")
def registrar(tmp_path_factory):
    reg = Registrar(tmp_path_factory.mktemp("registrar"), PASSWORD).start()
    yield reg
    reg.stop()


@pytest.fixture(scope="module")
def rt(pg_cluster, tmp_path_factory, tiny_path, registrar):
    with pytest.MonkeyPatch.context() as env:  # the UA processes inherit it
        env.setenv("SOVREN_SIP_USERNAME", USER)
        env.setenv("SOVREN_SIP_PASSWORD", PASSWORD)
        yield from sip_runtime(
            pg_cluster,
            tmp_path_factory,
            telephony={
                "mode": "register",
                "registrar": registrar.uri,
                "allow_from": ["192.0.2.1/32"],  # not us: the registrar's address lets calls in
                "transports": ["udp"],
                "max_calls": 4,
                "register_retry_s": 2.0,
                "register_retry_max_s": 8.0,
            },
            media={"whisper_model": str(tiny_path), "asr_max_utterance_s": 8.0},
            hotel={"simulated_date": "2026-03-02"},
        )


def _registrations(rt) -> dict[int, dict]:
    return {s["index"]: s["registration"] for s in read_statuses(rt.sup.files.state_dir)}


def _all_registered_since(rt, since: float) -> dict[int, dict]:
    regs = _registrations(rt)
    ok = len(regs) == UAS and all(
        r["state"] == "registered" and r["at"] > since for r in regs.values()
    )
    return regs if ok else {}


def _contacts_of_every_ua(rt, registrar) -> bool:
    want = {(f"sip:{USER}@127.0.0.1:{rt.port + i};ob", float(contact_q(i))) for i in range(UAS)}
    return set(registrar.contacts(USER)) == want


def test_every_user_agent_registers_and_a_call_to_the_account_is_answered(rt, registrar, tmp_path):
    wait_until(lambda: _all_registered_since(rt, 0), within_s=60, what="both UAs registered")
    # each user agent's Contact on the one account, UA 0 first in the hunt
    wait_until(lambda: _contacts_of_every_ua(rt, registrar), within_s=10, what="2 contacts")
    snap = snapshot(rt.settings)  # what `sovren status --json` prints
    assert [a["registration"]["state"] for a in snap["telephony"]["user_agents"]] == [
        "registered"
    ] * UAS
    assert "registered 200" in render(snap)  # and `sovren status`

    def invites() -> dict[int, int]:
        return {s["index"]: s["counters"]["invites"] for s in read_statuses(rt.sup.files.state_dir)}

    before = invites()
    quiet = write_wav_8k(tmp_path / "quiet.wav", np.zeros(16000, np.float32), tail_s=600.0)
    phone = Baresip(tmp_path, "guest", wav=quiet)
    try:
        phone.dial(f"sip:{USER}@127.0.0.1:{registrar.port}")  # the account, at the registrar
        phone.wait_event("CALL_ESTABLISHED", 90)
        state_dir = rt.sup.files.state_dir
        (live,) = wait_until(
            lambda: [c for s in read_statuses(state_dir) if s["index"] == 0 for c in s["calls"]],
            within_s=30,
            what="the call at UA 0 (q=1.0, first in the hunt)",
        )
        phone.hangup()  # answered (200 once the media worker listens) is all this is about
        phone.wait_event("CALL_CLOSED", 10)
    finally:
        phone.close()
    after = invites()
    assert after[0] == before[0] + 1 and after[1] == before[1], (
        before,
        after,
    )  # hunted, not forked
    (row,) = wait_until(
        lambda: [
            r for r in rows_of(
                rt.url, "SELECT end_reason FROM calls WHERE replace(id::text, '-', '') = %s",
                (live["call_id"],),
            ) if r[0] is not None
        ],
        within_s=30,
        what="the call's end on record",
    )  # fmt: skip
    assert row[0], row


def test_a_refused_password_shows_in_status_leaks_nothing_and_is_retried_with_backoff(
    rt, registrar
):
    wait_until(lambda: _all_registered_since(rt, 0), within_s=60, what="both UAs registered")
    pids = {s["index"]: s["pid"] for s in read_statuses(rt.sup.files.state_dir)}
    registrar.stop()
    registrar.start(password="changed-on-the-pbx")  # the runtime's password is now wrong

    def failed_twice() -> dict[int, dict]:
        regs = _registrations(rt)
        ok = len(regs) == UAS and all(
            r["code"] == 401 and r["failures"] >= 2 for r in regs.values()
        )
        return regs if ok else {}

    regs = wait_until(failed_twice, within_s=60, what="two refused registrations per UA")
    for r in regs.values():
        # the wait doubles from register_retry_s (2 s) up to register_retry_max_s (8 s)
        assert r["retry_in_s"] == min(8.0, 2.0 * 2 ** (r["failures"] - 1)), r
        assert "SOVREN_SIP_PASSWORD" in r["next_step"], r
    text = render(snapshot(rt.settings))
    assert "failed 401" in text and "next step:" in text, text
    assert registrar.log().count("challenged") >= 2 * UAS * 2  # retried, at the registrar too

    # still running: the same user-agent processes, every agent up
    assert {s["index"]: s["pid"] for s in read_statuses(rt.sup.files.state_dir)} == pids
    assert all(a["state"] == "running" for a in snapshot(rt.settings)["agents"].values())
    # the password is in no log, status file or view
    assert PASSWORD not in text
    for path in Path(rt.settings.data_dir).rglob("*"):
        if path.is_file() and path.stat().st_size < 50_000_000:
            assert PASSWORD.encode() not in path.read_bytes(), path


def test_a_registrar_that_went_away_and_came_back_is_registered_to_again(rt, registrar):
    registrar.stop()
    # while it is away, a user agent's REGISTER (refresh or retry) finds nobody
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as listener:
        listener.bind(("127.0.0.1", registrar.port))
        listener.settimeout(30)
        data, _ = listener.recvfrom(65536)
    assert data.startswith(b"REGISTER "), data[:80]
    back = time.time()
    registrar.start(password=PASSWORD)  # an empty location table, the right password
    wait_until(
        lambda: _all_registered_since(rt, back), within_s=60, what="both UAs registered again"
    )
    wait_until(lambda: _contacts_of_every_ua(rt, registrar), within_s=10, what="2 contacts")


def test_a_user_agent_that_stops_takes_its_contact_off_and_its_restart_registers_again(
    rt, registrar
):
    wait_until(lambda: _contacts_of_every_ua(rt, registrar), within_s=60, what="2 contacts")
    (ua1,) = [s for s in read_statuses(rt.sup.files.state_dir) if s["index"] == 1]
    stopped = time.time()
    os.kill(ua1["pid"], signal.SIGTERM)  # as `sovren up` stops it; the supervisor restarts it
    contact = f"127.0.0.1:{rt.port + 1}"
    wait_until(
        lambda: any(
            contact in line and "Expires: 0" in line for line in registrar.log().splitlines()
        ),
        within_s=30,
        what="UA 1's unregistration at the registrar",
    )
    wait_until(lambda: _all_registered_since(rt, stopped), within_s=60, what="UA 1 back")
    wait_until(lambda: _contacts_of_every_ua(rt, registrar), within_s=10, what="2 contacts")
