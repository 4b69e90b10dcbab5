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
from conftest import sip_runtime
from sipkit import Baresip, write_wav_8k

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
        telephony={"max_calls": 4, "silence_prompt_s": 6.0, "silence_hangup_s": 5.0},
        media={"whisper_model": str(tiny_path), "asr_max_utterance_s": 8.0},
        hotel={"simulated_date": "2026-03-02", "reception": {"transfer_uri": reception.uri}},
    )


@pytest.fixture(scope="module")
def tiny(tiny_path):
    from media.asr.whisper import WhisperModel

    m = WhisperModel(tiny_path, threads=2, language="en")
    yield m
    m.close()


def _rows(url: str, sql: str, args: tuple, timeout: float = 20.0) -> list[tuple]:
    deadline = time.monotonic() + timeout
    while True:
        with psycopg.connect(url) as conn:
            rows = conn.execute(sql, args).fetchall()
        if rows or time.monotonic() > deadline:
            return rows
        time.sleep(0.3)


def _talk(phone: Baresip, callers, tmp_path, utterances) -> list[float]:
    """A caller who lets the agent finish: the greeting, then each sentence after each reply.

    Each sentence is a WAV of its own (then a minute of silence, as baresip hangs up when
    its file ends), switched in as the phone's microphone once the last reply ended.
    """
    ends = [phone.wait_reply(0.0)]  # the greeting
    for i, u in enumerate(utterances):
        wav = write_wav_8k(tmp_path / f"say{i}.wav", callers.say(u), tail_s=60.0)
        at = phone.heard().size / 8000
        phone.play(wav)
        ends.append(phone.wait_reply(at + 0.5))
    return ends


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
    quiet = write_wav_8k(tmp_path / "quiet.wav", np.zeros(16000, np.float32), tail_s=60.0)
    phone = Baresip(tmp_path, "guest", wav=quiet)
    try:
        phone.dial(rt.uri())
        phone.wait_event("CALL_ESTABLISHED", 30)
        _talk(phone, callers, tmp_path, BOOKING)
        phone.hangup()
        phone.wait_event("CALL_CLOSED", 10)
    finally:
        phone.close()
    rows = _rows(
        rt.url,
        "SELECT r.result FROM results r JOIN calls c ON c.id::text = r.call_id "
        "WHERE r.action = 'pms.create' AND r.ok AND c.caller_phone IS NULL",
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
    assert "confirm" in text or "booked" in text, text
