"""Phone calls over real SIP/RTP: baresip calls the runtime, talks (Piper), records what it hears.

One runtime for the module: tiny.en, Piper, a pinned hotel day, two SIP user agents
(max_calls 4), the reception at a second baresip. Each test is a real phone call.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import time

import numpy as np
import psycopg
import pytest

from tests.telephony.conftest import sip_runtime
from tests.telephony.sipkit import (
    Baresip,
    RawSip,
    header,
    rows_of,
    sdp_offer,
    status,
    talk,
    ua_status,
    wait_agent,
    write_wav_8k,
)
from tests.waiting import wait_until

# a real call at speech speed through the whole runtime: minutes on a loaded 2-core host
pytestmark = pytest.mark.timeout(900)

BOOKING = (
    "I'd like to book a double room for two people from December 10th for two nights.",
    "My name is Anna Weber.",
    "Yes, please book it.",
)


@pytest.fixture(scope="module")
def reception(tmp_path_factory):
    phone = Baresip(tmp_path_factory.mktemp("reception"), "reception")
    yield phone
    phone.close()


@pytest.fixture(scope="module")
def rt(pg_cluster, tmp_path_factory, tiny_path, reception):
    yield from sip_runtime(
        pg_cluster,
        tmp_path_factory,
        # SRTP optional: every phone here but one offers plain RTP and must be answered
        telephony={
            "max_calls": 4,
            "silence_prompt_s": 12.0,
            "silence_hangup_s": 8.0,
            "srtp": "optional",
            # a REFER nobody acts on fails after this long (30 s in production): the failed
            # transfer below waits for it; a working one completes in milliseconds here
            "transfer_wait_s": 12.0,
        },
        media={"whisper_model": str(tiny_path), "asr_max_utterance_s": 8.0},
        hotel={"simulated_date": "2026-03-02", "reception": {"transfer_uri": reception.uri}},
    )


def _pms_reservation(rt, confirmation: str):
    from connectors.factory import build_connector

    async def get():
        pms = build_connector(rt.settings, database_url=rt.url)
        await pms.open()
        try:
            return await pms.get_reservation(confirmation)
        finally:
            await pms.aclose()

    return asyncio.run(get())


def test_a_booking_by_phone_is_in_the_pms_and_its_confirmation_is_heard(
    rt, callers, tiny, tmp_path
):
    quiet = write_wav_8k(tmp_path / "quiet.wav", np.zeros(16000, np.float32), tail_s=400.0)
    phone = Baresip(tmp_path, "guest", wav=quiet)
    try:
        phone.dial(rt.uri())
        phone.wait_event("CALL_ESTABLISHED", 30)
        talk(rt.sup.files.state_dir, phone, callers, tmp_path, BOOKING)
        phone.hangup()
        phone.wait_event("CALL_CLOSED", 10)
    finally:
        phone.close()
    rows = rows_of(
        rt.url,
        "SELECT result FROM results WHERE action = 'pms.create' AND ok",
        (),
    )
    assert len(rows) == 1, rows
    confirmation = rows[0][0]["reservation"]["confirmation"]
    r = _pms_reservation(rt, confirmation)
    assert (r.arrival, r.departure) == (dt.date(2026, 12, 10), dt.date(2026, 12, 12))
    assert r.occupancy.total == 2 and "weber" in r.guest.name.lower()

    from media.audio.wav import read_wav

    heard = read_wav(phone.received_wav()).samples  # what the phone's loudspeaker got
    text = tiny.transcribe(heard.astype(np.float32)).text.lower()
    assert "thank you for calling" in text, text  # the greeting
    # the confirmation sentence, heard through G.711 ("Your booking is confirmed. Your
    # confirmation number is ..."); tiny.en mishears the first half of it at 8 kHz now and then
    assert "confirmation number" in text or "confirmed" in text, text


# -- what no proper phone sends --------------------------------------------------------
def _ua_status(rt, index: int = 0) -> dict:
    return ua_status(rt.sup.files.state_dir, index)


def _wait_agent(rt, *, timeout: float = 120.0) -> None:
    wait_agent(rt.sup.files.state_dir, timeout=timeout)


def _alive(rt) -> None:
    """The user agent still answers, in the same process (no crash, no restart)."""
    raw = RawSip(rt.port)
    try:
        raw.request("OPTIONS")
        got = raw.responses(5, until=200)
    finally:
        raw.close()
    assert got and status(got[-1]) == 200, got
    assert rt.sup.sip[0].restarts == 0 and rt.sup.sip[0].proc.poll() is None


def test_a_peer_not_on_the_allow_list_gets_403_and_no_call(rt):
    before = _ua_status(rt)["counters"]
    raw = RawSip(rt.port, source="127.0.0.2")  # loopback, but not 127.0.0.1/32
    try:
        raw.request("INVITE", body=sdp_offer(4000))
        got = raw.responses(5, until=300)
    finally:
        raw.close()
    assert [status(r) for r in got if status(r) and status(r) >= 200] == [403], got
    time.sleep(1.2)  # the status file is rewritten once a second
    after = _ua_status(rt)["counters"]
    assert after["refused_403"] == before["refused_403"] + 1
    assert after["answered"] == before["answered"]


def test_an_invite_without_sdp_or_without_a_common_codec_gets_488(rt):
    raw = RawSip(rt.port)
    try:
        raw.request("INVITE")  # no offer at all
        no_sdp = raw.responses(5, until=300)
        raw.request("INVITE", body=sdp_offer(4002, payload=3, name="GSM/8000"))
        no_codec = raw.responses(5, until=300)
    finally:
        raw.close()
    assert status(no_sdp[-1]) == 488, no_sdp
    assert status(no_codec[-1]) == 488, no_codec


def test_a_register_with_a_wrong_password_says_nothing_about_the_user(rt):
    """We are no registrar: a REGISTER gets the same (no) answer whoever it names, and a
    presence SUBSCRIBE is refused for everyone."""
    answers = []
    for user in ("sovren", "nobody-here"):
        raw = RawSip(rt.port)
        auth = (
            f'Authorization: Digest username="{user}", realm="127.0.0.1", nonce="abc", '
            f'uri="sip:127.0.0.1", response="00000000000000000000000000000000"\r\n'
        )
        try:
            raw.request("REGISTER", extra=auth)
            got = raw.responses(2)
            raw.request("SUBSCRIBE", extra=auth + "Event: presence\r\n")
            sub = raw.responses(2, until=200)
        finally:
            raw.close()
        answers.append(
            (
                [r.split("\r\n", 1)[0] for r in got],
                header(got[-1], "WWW-Authenticate") if got else "",
            )
        )
        assert [status(r) for r in sub] == [403], sub
    assert answers[0] == answers[1], answers
    assert not any(status(r) and 200 <= status(r) < 300 for r in answers[0][0]), answers


def test_malformed_sip_never_crashes_the_user_agent(rt):
    raw = RawSip(rt.port)
    try:
        # truncated: cut in the middle of the headers
        raw.send(b"INVITE sip:sovren@127.0.0.1 SIP/2.0\r\nVia: SIP/2.0/UDP 127.0.0.1:1;bra")
        # a Content-Length that lies (longer, then shorter than the body)
        raw.request("INVITE", body=sdp_offer(4004), content_length=5000)
        raw.request("INVITE", body=sdp_offer(4006), content_length=10)
        # oversized: a 60 KB body in one datagram
        raw.request("INVITE", body=sdp_offer(4008) + "a=x:" + "y" * 60_000 + "\r\n")
        # garbage and binary junk, an empty datagram, a response nobody asked for
        raw.send(b"\x00\xff" * 700)
        raw.send(bytes(range(256)) * 40)
        raw.send(b"")
        raw.send(b"SIP/2.0 200 OK\r\nCSeq: 1 INVITE\r\n\r\n")
        raw.send(b"INVITE\r\n\r\n")
        got = raw.responses(2)
        # the INVITEs the user agent took (it answers a lying Content-Length) are ended here:
        # left up, never ACKed, they held three of the module's four call slots for 64 s and
        # their agents' turns kept wait_agent() waiting in the tests that follow (minutes)
        _end_answered(raw, got)
    finally:
        raw.close()
    _alive(rt)
    wait_until(lambda: not _ua_status(rt)["calls"], within_s=90, what="no call left up")


def _end_answered(raw: RawSip, responses: list[str]) -> None:
    """ACK and BYE every INVITE among ``responses`` that was answered 200."""
    for ok in responses:
        if status(ok) == 200 and header(ok, "CSeq").endswith(" INVITE"):
            cid, to_tag = header(ok, "Call-ID"), header(ok, "To").split(">", 1)[1]
            raw.request("ACK", call_id=cid, to_tag=to_tag)
            raw.request("BYE", call_id=cid, to_tag=to_tag, cseq=2)


def test_rtp_garbage_on_a_live_call_never_crashes_it(rt):
    import os
    import socket

    rtp = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    rtp.bind(("127.0.0.1", 0))
    raw = RawSip(rt.port)
    try:
        cid = raw.request("INVITE", body=sdp_offer(rtp.getsockname()[1]))
        got = raw.responses(30, until=200)
        ok = got[-1]
        assert status(ok) == 200, got
        media = [ln for ln in ok.split("\r\n") if ln.startswith("m=audio ")]
        port = int(media[0].split()[1])
        to_tag = header(ok, "To").split(">", 1)[1]
        raw.request("ACK", call_id=cid, to_tag=to_tag)
        for i in range(400):  # random bytes, short packets, RTP headers with nonsense
            size = (i * 37) % 1400
            junk = os.urandom(size)
            if i % 3 == 0:
                junk = b"\x80\x00" + os.urandom(10) + os.urandom(size)
            rtp.sendto(junk, ("127.0.0.1", port))
        time.sleep(1.0)
        raw.request("BYE", call_id=cid, to_tag=to_tag, cseq=2)
        bye = raw.responses(5, until=200, method="BYE")
        assert status(bye[-1]) == 200, bye
    finally:
        raw.close()
        rtp.close()
    _alive(rt)
    time.sleep(1.0)
    assert cid not in [c["sip_call_id"] for c in _ua_status(rt)["calls"]]  # ended both sides


# -- transfers and silence -----------------------------------------------------------
def _quiet_phone(tmp_path, name):
    quiet = write_wav_8k(tmp_path / "quiet.wav", np.zeros(16000, np.float32), tail_s=400.0)
    return Baresip(tmp_path, name, wav=quiet)


def _heard_text(phone, tiny) -> str:
    from media.audio.wav import read_wav

    return tiny.transcribe(read_wav(phone.received_wav()).samples.astype(np.float32)).text.lower()


def _put_through(rt, reception, tmp_path, act) -> dict | None:
    """A call that ``act(phone)`` asks to be put through after the greeting; the
    reception's CALL_ESTABLISHED, or None.

    baresip 1.0 (the phone) was seen never acting on a REFER it accepted (no
    "transferring" in its log; the subscription ends 408): the runtime then tells the
    caller and records a callback (a test below). That is the client's flake, not ours:
    one more call is placed. (The first call failing in every run of 2026-12-07 had
    another cause: three calls the malformed-SIP test left up kept ``_wait_agent`` busy
    until the runtime had hung up on the silent caller, so the "0" went nowhere; that
    test ends its calls now.)
    """
    for attempt in range(2):
        (tmp_path / f"try{attempt}").mkdir()
        # the reception's phone serves the whole module: a call it took in an earlier test
        # is no answer to this one (its stale CALL_ESTABLISHED let the take-over test read
        # the REFER count before the user agent had sent it, on a loaded host)
        reception.events.clear()
        phone = _quiet_phone(tmp_path / f"try{attempt}", "guest")
        try:
            phone.dial(rt.uri())
            phone.wait_event("CALL_ESTABLISHED", 30)
            _wait_agent(rt)  # the greeting
            act(phone)
            # the REFER made the phone call the reception, which answers
            try:
                got = reception.wait_event("CALL_ESTABLISHED", 120)
            except (AssertionError, TimeoutError):
                got = None
            if got is not None:
                assert "guest" in got.get("peeruri", ""), got
                reception.hangup()
                return got
        finally:
            phone.close()
    return None


def test_dtmf_0_puts_the_caller_through_to_the_reception_with_a_refer(rt, reception, tmp_path):
    transfers = (
        "SELECT r.call_id, r.ok, r.result, c.end_reason FROM results r JOIN calls c "
        "ON replace(c.id::text, '-', '') = r.call_id WHERE r.action = 'transfer.human' "
        "AND r.result ? 'refer_to' AND c.end_reason IS NOT NULL AND r.ok"
    )
    before = {r[0] for r in rows_of(rt.url, transfers, (), timeout=0)}  # earlier in this module
    got = _put_through(rt, reception, tmp_path, lambda phone: phone.dtmf("0"))
    assert got is not None, "the reception never got the transferred call (two calls placed)"
    rows = wait_until(  # the call's end is written once the transfer has gone through
        lambda: [r for r in rows_of(rt.url, transfers, ()) if r[0] not in before],
        within_s=30,
        what="the transferred call's end and the REFER's result on record",
    )
    # one transfer per call that reached the reception (a retried call may add a second call)
    assert len({r[0] for r in rows}) == len(rows), rows
    _, ok, result, reason = rows[-1]
    assert ok and result["refer_to"] == reception.uri and result["sip_status"] == 200
    assert reason == "transferred" and "outcome so far" in result["summary"]


def _seed(rt, **booking: str) -> None:
    """A booking in the module's PMS (the local one), with the number it is given."""
    from connectors.factory import build_connector
    from runtime.demo_checks import seed_reservations

    async def seed():
        pms = build_connector(rt.settings, database_url=rt.url)
        await pms.open()
        try:
            await seed_reservations(pms, rt.url, [booking])
        finally:
            await pms.aclose()

    asyncio.run(seed())


def _last_agent_words(rt, t0) -> str:
    rows = rows_of(rt.url, "SELECT text FROM turns WHERE speaker = 'agent' AND created_at > %s "
                   "ORDER BY created_at DESC LIMIT 1", (t0,))  # fmt: skip
    return rows[0][0] if rows else ""


def test_a_number_typed_on_the_keypad_after_a_miss_finds_the_booking_and_reads_it_back(
    rt, callers, tmp_path
):
    """Issue 10 §4: the number said is not found; asked again, the caller hears the keypad
    offered, types the digits with RFC 4733 telephone-events and '#', and the booking is found
    on its digits with the name and read back; nothing is cancelled without a yes."""
    _seed(rt, confirmation="SOV8118", guest_name="Clara Hoffmann", phone="+4917600081181",
          arrival="2026-04-07", departure="2026-04-09", guests="2", room_type="DBL")  # fmt: skip
    with psycopg.connect(rt.url) as conn:
        t0 = conn.execute("SELECT now()").fetchone()[0]
    entries = len(_events(rt, "keypad"))
    phone = _quiet_phone(tmp_path, "keypad")
    try:
        phone.dial(rt.uri())
        phone.wait_event("CALL_ESTABLISHED", 30)
        _wait_agent(rt)  # the greeting
        said = ["I'd like to cancel my booking. My name is Clara Hoffmann."]
        for i in range(4):  # what the caller says next depends on what tiny.en heard
            wav = write_wav_8k(tmp_path / f"say{i}.wav", callers.say(said[-1]), tail_s=300.0)
            phone.play(wav)
            _wait_agent(rt)
            last = _last_agent_words(rt, t0)
            if "keypad" in last:
                break
            if "name" in last and "number" not in last:
                said.append("My name is Clara Hoffmann.")
            else:
                said.append("The number is S O V 4 4 4 4.")
        assert "keypad" in last, (said, last)
        phone.dtmf("8118#")
        _wait_events(rt, "keypad", entries)
        _wait_agent(rt)
        # what was said, from the approved actions (the turns' text is redacted on record)
        readback = rows_of(rt.url, "SELECT args->>'text' FROM actions WHERE action LIKE 'speak.%%' "
                           "AND args->>'text' LIKE %s AND created_at > %s",
                           ("%S O V 8 1 1 8%", t0), timeout=60)  # fmt: skip
        phone.hangup()
    finally:
        phone.close()
    assert readback and "Clara Hoffmann" in readback[-1][0], readback
    assert "Shall I cancel" in readback[-1][0], readback
    # the typed turn: the digits exactly, looked up as the number with the name heard
    typed = _said_since(rt, t0, "caller", "8118")
    assert typed, "the typed digits were no turn of the call"
    finds = rows_of(rt.url, "SELECT args FROM actions WHERE action = 'pms.find_booking' "
                    "AND created_at > %s", (t0,))  # fmt: skip
    assert any(a[0].get("confirmation") == "8118" for a in finds), finds
    # the key presses of the number are not in the user agent's log, only how many there were
    assert "'digits': 4" in _events(rt, "keypad")[-1]
    assert not [e for e in _events(rt, "dtmf") if "'digit': '8'" in e]
    assert _pms_reservation(rt, "SOV8118").status != "cancelled"


def test_taking_over_a_phone_call_from_the_console_puts_it_through_to_the_reception(
    rt, reception, tmp_path
):
    from runtime.console.actions import end_call

    refers = len(_events(rt, "refer"))
    taken: list[str] = []

    def take_over(phone) -> None:
        (live,) = _ua_status(rt)["calls"]
        rep = asyncio.run(end_call(rt.settings, live["call_id"], takeover=True))
        assert rep.ok and reception.uri in rep.message, rep
        taken.append(live["call_id"])

    got = _put_through(rt, reception, tmp_path, take_over)
    # a real REFER, to the reception (on failure: what the user agent did with those calls)
    assert len(_events(rt, "refer")) > refers, _ua_log(rt)[-4000:]
    assert reception.uri in _events(rt, "refer")[-1]
    assert got is not None, "the reception never got the taken-over call (two calls placed)"
    # the call ends (and its reason is written) once the transfer has gone through, which may
    # be a moment after the reception answered
    rows = wait_until(
        lambda: [
            r
            for r in rows_of(
                rt.url, "SELECT end_reason FROM calls WHERE replace(id::text, '-', '') = %s",
                (taken[-1],),
            )
            if r[0] is not None
        ],
        within_s=30,
        what="the taken-over call's end on record",
    )  # fmt: skip
    assert rows == [("transferred",)], rows


def test_a_transfer_that_fails_is_said_to_the_caller_and_a_callback_is_recorded(
    rt, reception, tiny, tmp_path
):
    reception.close()  # the front desk's phone is gone: the REFERred call cannot reach it
    phone = _quiet_phone(tmp_path, "guest")
    try:
        phone.dial(rt.uri())
        phone.wait_event("CALL_ESTABLISHED", 30)
        _wait_agent(rt)
        phone.dtmf("0")
        rows = rows_of(rt.url, "SELECT call_id, reason, summary FROM callbacks", (), timeout=180)
        assert len(rows) == 1, rows
        _wait_agent(rt)  # the apology
        phone.hangup()
    finally:
        phone.close()
    text = _heard_text(phone, tiny)
    # whisper on the 8 kHz recording may drop "through", and "desk" at the cut-off
    assert "putting you" in text and "front" in text, text
    # baresip holds the call while it tries the transfer and does not take it back when
    # that fails, so the apology is checked where it was said: the call's agent turns
    said = rows_of(
        rt.url,
        "SELECT text FROM turns WHERE call_id = %s AND speaker = 'agent' AND text LIKE %s",
        (rows[0][0], "%call you back%"),
    )
    assert said, "the caller was not told that a colleague will call back"
    fails = rows_of(
        rt.url,
        "SELECT ok, error FROM results WHERE action = 'transfer.human' AND call_id = %s "
        "AND result ? 'refer_to'",  # the REFER's fate (not the media worker's "spoken")
        (rows[0][0],),
    )
    assert len(fails) == 1 and fails[0][0] is False and "reception" in fails[0][1], fails
    # the user agent gave up on the REFER once (it once repeated it on every loop turn), and
    # the callback apology is no second REFER to the reception that did not answer (PJSIP's
    # own final NOTIFY when the call ends, 487, may follow: the conversation ignores it)
    gave_up = [e for e in _events(rt, "transfer_status")
               if f" {rows[0][0][:8]} " in e and "'status': 408, 'final': True" in e]  # fmt: skip
    assert len(gave_up) == 1, (len(gave_up), gave_up[:3])
    assert len([e for e in _events(rt, "refer") if f" {rows[0][0][:8]} " in e]) == 1


def test_a_caller_who_never_speaks_is_prompted_then_hung_up_on_politely(rt, tiny, tmp_path):
    phone = _quiet_phone(tmp_path, "silent")
    try:
        phone.dial(rt.uri())
        phone.wait_event("CALL_ESTABLISHED", 30)
        phone.wait_event("CALL_CLOSED", 90)  # we hang up, not the phone
    finally:
        phone.close()
    text = _heard_text(phone, tiny)
    # whisper tiny hears the closing "Goodbye." as "goodbye" or "bye bye": check words it keeps
    assert "still there" in text and "end the call" in text and "bye" in text, text


# -- mid-call changes and other codecs ---------------------------------------------------
def _ua_log(rt, index: int = 0) -> str:
    return (rt.sup.files.state_dir / "logs" / f"sip{index}.log").read_text()


def _events(rt, name: str, index: int = 0) -> list[str]:
    """User agent ``index``'s signalling events named ``name`` (its log, sip<i>.log)."""
    return [ln for ln in _ua_log(rt, index).splitlines() if f" sip{index} {name} " in ln]


def _wait_events(rt, name: str, more_than: int, timeout: float = 60.0) -> list[str]:
    deadline = time.monotonic() + timeout
    while len(got := _events(rt, name)) <= more_than:
        if time.monotonic() > deadline:
            raise AssertionError(f"no new {name} event in {timeout:.0f} s")
        time.sleep(0.2)
    return got


def _said_since(rt, t0, speaker: str, like: str) -> list[tuple]:
    return rows_of(
        rt.url,
        "SELECT text FROM turns WHERE speaker = %s AND text ILIKE %s AND created_at > %s",
        (speaker, like, t0),
        timeout=60,
    )


def test_a_call_put_on_hold_and_resumed_goes_on(rt, callers, tmp_path):
    with psycopg.connect(rt.url) as conn:
        t0 = conn.execute("SELECT now()").fetchone()[0]
    holds, reinvites = len(_events(rt, "hold")), len(_events(rt, "reinvite"))
    phone = _quiet_phone(tmp_path, "holder")
    try:
        phone.dial(rt.uri())
        phone.wait_event("CALL_ESTABLISHED", 30)
        _wait_agent(rt)  # the greeting
        phone.command("hold")  # a re-INVITE with a=sendonly
        _wait_events(rt, "hold", holds)
        phone.command("resume")  # a re-INVITE with a=sendrecv
        _wait_events(rt, "reinvite", reinvites + 1)
        phone.play(write_wav_8k(tmp_path / "ask.wav", callers.say("What time is check-in?"),
                                tail_s=300.0))  # fmt: skip
        _wait_agent(rt)
        assert "CALL_CLOSED" not in phone.types()
    finally:
        phone.close()
    # the caller was heard and answered after the resume (what tiny.en made of the words
    # on a loaded host is not this test's point)
    heard = _said_since(rt, t0, "caller", "%_%")
    assert heard, "the question after the hold went unheard: " + _ua_log(rt)[-3000:]
    assert len(_said_since(rt, t0, "agent", "%_%")) >= 2, heard  # the greeting and an answer
    _alive(rt)


def test_a_phone_that_requires_srtp_gets_it_when_srtp_is_optional(rt, tiny, tmp_path):
    quiet = write_wav_8k(tmp_path / "quiet.wav", np.zeros(16000, np.float32), tail_s=400.0)
    phone = Baresip(tmp_path, "srtp", wav=quiet, mediaenc="srtp-mand")  # RTP/SAVP only
    try:
        phone.dial(rt.uri())
        phone.wait_event("CALL_ESTABLISHED", 30)
        _wait_agent(rt)  # the greeting
        phone.hangup()
        phone.wait_event("CALL_CLOSED", 10)
    finally:
        phone.close()
    assert "thank you for calling" in _heard_text(phone, tiny)  # SRTP, decrypted both ways


def test_a_g722_phone_gets_g722_and_is_understood(rt, callers, tmp_path):
    with psycopg.connect(rt.url) as conn:
        t0 = conn.execute("SELECT now()").fetchone()[0]
    before = len(_events(rt, "media_active"))
    quiet = write_wav_8k(tmp_path / "quiet.wav", np.zeros(16000, np.float32), tail_s=400.0,
                         rate=16000)  # fmt: skip
    phone = Baresip(tmp_path, "wideband", wav=quiet, codec="G722/16000/1",  # offered alone
                    srate=16000)  # fmt: skip
    try:
        phone.dial(rt.uri())
        phone.wait_event("CALL_ESTABLISHED", 30)
        active = _wait_events(rt, "media_active", before)[-1]
        assert "G722" in active, active
        _wait_agent(rt)
        phone.play(write_wav_8k(tmp_path / "ask.wav", callers.say("Can I bring my dog?"),
                                tail_s=300.0, rate=16000))  # fmt: skip
        _wait_agent(rt)
    finally:
        phone.close()
    assert _said_since(rt, t0, "caller", "%dog%"), "the G.722 caller went unheard"


# -- barge-in over RTP -------------------------------------------------------------------
def _line_noise(seconds: float) -> np.ndarray:
    """A noisy line at 8 kHz: hiss (-35 dBFS), mains hum (-30 dBFS), keyboard clicks
    (-20 dBFS, every 0.15-0.4 s): none of it is speech."""
    rng = np.random.default_rng(5)
    n = int(seconds * 8000)
    t = np.arange(n) / 8000
    x = rng.normal(0, 10 ** (-35 / 20), n)
    x += 10 ** (-30 / 20) * np.sqrt(2) * sum(np.sin(2 * np.pi * 50 * k * t) / k for k in (1, 3, 5))
    i = 0
    while i < n - 16:
        x[i : i + 16] += rng.normal(0, 10 ** (-20 / 20), 16)
        i += int(rng.uniform(0.15, 0.4) * 8000)
    return x.astype(np.float32)


def _greeting_with(rt, caller_id: str, audio_8k: np.ndarray) -> tuple[list[str], float, float]:
    """A call whose caller sends ``audio_8k`` from the greeting's first audible packet on;
    (the user agent's new barge_in events, when the caller's audio ended, the greeting's
    last audible packet)."""
    from bench.sip_caller import SipCaller

    before = len(_events(rt, "barge_in"))
    call = SipCaller(("127.0.0.1", rt.port), caller_id)
    try:
        call.dial()
        t0 = time.monotonic()
        wait_until(lambda: call.first_loud_after(t0), within_s=120, what="the greeting")
        call.say(audio_8k, 0, len(audio_8k) - 1)
        wait_until(lambda: 0 in call.sent_at, within_s=30, what="sending the caller's audio")
        _first, last = call.wait_reply_end(t0, 2.0, 120)
        return _events(rt, "barge_in")[before:], call.sent_at[0], last
    finally:
        call.hangup()


def test_line_noise_over_a_reply_leaves_it_playing_and_words_stop_it(rt, callers):
    noise = _line_noise(1.5)
    events, noise_end, greeting_end = _greeting_with(rt, "+4930555000101", noise)
    assert noise_end < greeting_end  # the noise was on the line while the greeting played
    assert events == [], events  # ... and did not stop it
    from media.tts.resample import resample_int16

    words = callers.say("Can I bring my dog?", lead_s=0.0)
    words_8k = resample_int16((words * 32767).astype(np.int16), 16000, 8000) / 32768.0
    events, _, _ = _greeting_with(rt, "+4930555000102", words_8k.astype(np.float32))
    assert len(events) == 1, events  # the caller's words stopped the greeting
