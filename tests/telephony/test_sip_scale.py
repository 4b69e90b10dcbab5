"""More calls than one user agent holds: SIPp through Kamailio to two user agents of one runtime.

The runtime allows 6 calls at once (``telephony.max_calls``), which takes two SIP
user-agent processes (PJSIP's wheel holds 4 calls each). Kamailio's dispatcher, with
the configuration of docs/telephony/kamailio.cfg, is the one address the calls go to;
SIPp places 7 calls at once, each streaming Piper-spoken audio over RTP: 6 are
answered and held to their end, the 7th is shed (503, as configured here).
"""

from __future__ import annotations

import time
from pathlib import Path

import psycopg
import pytest

from tests.telephony.conftest import sip_runtime
from tests.telephony.sipkit import free_port, kamailio, run_sipp, ulaw_wav

pytestmark = pytest.mark.timeout(900)
HERE = Path(__file__).parent
KAMAILIO_CFG = HERE.parent.parent / "docs" / "telephony" / "kamailio.cfg"
MAX_CALLS = 6


@pytest.fixture(scope="module")
def rt(pg_cluster, tmp_path_factory, tiny_path):
    yield from sip_runtime(
        pg_cluster,
        tmp_path_factory,
        telephony={"max_calls": MAX_CALLS, "shed_answer": "503", "silence_prompt_s": 30.0},
        media={"whisper_model": str(tiny_path), "asr_max_utterance_s": 8.0},
        hotel={"simulated_date": "2026-03-02"},
    )


def test_status_and_tail_show_the_user_agents_and_their_signalling(rt, capsys):
    import json
    import threading

    from runtime.inspection import render, snapshot
    from runtime.tail import tail
    from tests.telephony.sipkit import RawSip, sdp_offer

    snap = snapshot(rt.settings)
    uas = snap["telephony"]["user_agents"]
    assert [u["index"] for u in uas] == [0, 1] and snap["telephony"]["max_calls"] == MAX_CALLS
    assert all(u["registration"]["state"] == "off" and u["pid"] for u in uas)
    shown = render(snap)
    assert "TELEPHONY" in shown and f"127.0.0.1:{rt.port + 1}" in shown
    viewer = threading.Thread(
        target=tail,
        args=(rt.settings,),
        kwargs={"agent": ["media"], "kind": "SipEvent", "seconds": 8.0, "as_json": True},
    )
    viewer.start()
    time.sleep(2.0)  # attached to the media worker's tap
    raw = RawSip(rt.port, source="127.0.0.2")
    try:
        raw.request("INVITE", body=sdp_offer(4000))
        raw.responses(3, until=300)
    finally:
        raw.close()
    viewer.join()
    events = [json.loads(line) for line in capsys.readouterr().out.splitlines() if line]
    refused = [e["body"] for e in events if e["body"]["event"] == "refused"]
    assert refused and refused[0]["detail"]["status"] == 403, events
    assert all(e["kind"] == "SipEvent" for e in events)


def test_seven_calls_at_once_through_kamailio_six_answered_one_shed(rt, callers, tmp_path):
    from media.sip.status import read_statuses

    proxy_port = free_port()
    proxy = kamailio(tmp_path, proxy_port, [rt.port, rt.port + 1])
    try:
        wav = ulaw_wav(callers, tmp_path)
        calls = MAX_CALLS + 1
        sipp = run_sipp(tmp_path, proxy_port, wav, calls=calls, hold_ms=12000)
        assert sipp.returncode == 0, (sipp.stdout[-3000:], sipp.stderr[-2000:])
    finally:
        proxy.terminate()
        proxy.wait(10)
    time.sleep(1.0)
    uas = read_statuses(rt.sup.files.state_dir)
    answered = [u["counters"]["answered"] for u in sorted(uas, key=lambda u: u["index"])]
    shed = sum(u["counters"]["shed"] for u in uas)
    # the 7th call: shed by the UA Kamailio chose, then by the other one it failed over to
    assert sum(answered) == MAX_CALLS and shed in (1, 2), uas
    assert all(0 < n <= 4 for n in answered), answered  # both user agents took calls
    assert all(u["calls"] == [] for u in uas), uas  # every call ended
    with psycopg.connect(rt.url) as conn:
        n = conn.execute("SELECT count(*) FROM calls").fetchone()[0]
    assert n == MAX_CALLS  # the shed call never reached the voice path
