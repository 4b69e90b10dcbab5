"""English audio calls through the real runtime: Piper-spoken callers, whisper, the PMS, TTS.

One runtime for the module (tiny.en, Piper, a pinned hotel day); every test is a
real call fed as 20 ms frames to the media worker.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import time

import numpy as np
import psycopg
import pytest

from media.audio.pcm import SAMPLE_RATE
from runtime.client import CallClient
from runtime.voice_call import VoiceCallError, as_json, run_voice_call, write_replies
from tests.voice.voice_testkit import voice_runtime

CALLER = "+4915112345678"
BOOKING = (
    "I'd like to book a double room for two people from December 10th for two nights.",
    "My name is Anna Weber.",
    "Yes, please book it.",
)


@pytest.fixture(scope="module")
def rt(pg_cluster, tmp_path_factory, tiny_path):
    yield from voice_runtime(
        pg_cluster,
        tmp_path_factory,
        media={"whisper_model": str(tiny_path), "asr_max_utterance_s": 8.0},
        hotel={"simulated_date": "2026-03-02"},
    )


@pytest.fixture(scope="module")
def tiny(tiny_path):
    from media.asr.whisper import WhisperModel

    m = WhisperModel(tiny_path, threads=2, language="en")
    yield m
    m.close()


def _call(rt, samples, *, realtime=False, caller_id=CALLER, **kw):
    with CallClient(rt.settings) as client:
        return run_voice_call(client, samples, realtime=realtime, caller_id=caller_id, **kw)


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


def _ledger(url: str, sql: str, args: tuple, *, want_rows: bool = True) -> list[tuple]:
    """Rows of a ledger query, polled briefly: COMMAND's ledger writer is asynchronous."""
    deadline = time.monotonic() + 15
    while True:
        with psycopg.connect(url) as conn:
            rows = conn.execute(sql, args).fetchall()
        if rows or not want_rows or time.monotonic() > deadline:
            return rows
        time.sleep(0.3)


def test_a_spoken_booking_is_booked_in_the_pms_and_confirmed_aloud(rt, callers, tiny, tmp_path):
    audio = np.concatenate([callers.say(u) for u in BOOKING])
    rec = _call(rt, audio)
    call = as_json(rec, realtime=False)
    said = " ".join(t["transcript"] for t in call["turns"]).lower()
    assert "double room" in said and "weber" in said and "book it" in said, said
    assert all(t["confidence"] > 0.5 and t["lang"] == "en" for t in call["turns"]), call["turns"]
    assert call["outcome"] == "booked", call

    made = [
        a["result"]
        for t in call["turns"]
        for a in t["actions"]
        if a["kind"] == "pms.create" and a["approved"] and (a["result"] or {}).get("ok")
    ]
    assert len(made) == 1, call
    r = _pms_reservation(rt, made[0]["reservation"]["confirmation"])
    assert (r.arrival, r.departure) == (dt.date(2026, 12, 10), dt.date(2026, 12, 12))
    assert r.occupancy.total == 2 and r.room_type == "DBL"
    assert "weber" in r.guest.name.lower()

    # the spoken confirmation, written as a WAV file, heard back by whisper
    from media.audio.wav import read_wav

    wav = write_replies(rec, tmp_path / "replies.wav")
    last = rec["turns"][-1]
    assert last.reply_audio, "no audio for the confirmation"
    heard_back = tiny.transcribe(
        np.frombuffer(b"".join(last.reply_audio), "<i2").astype(np.float32) / 32768.0
    ).text.lower()
    assert "confirm" in heard_back or "booked" in heard_back, heard_back
    whole = read_wav(wav).samples
    assert whole.size > SAMPLE_RATE * 2  # every reply is in the file, not just the last


def test_a_caller_who_talks_over_the_reply_stops_it_and_the_ledger_keeps_what_was_heard(
    rt, callers
):
    # The breakfast reply is about 5 s of speech; the caller cuts in once 1 s of it played
    # (scripted on the reply's arrival, so a slow machine does not move the overlap).
    rec = _call(
        rt,
        callers.say("Is breakfast included in the price?"),
        realtime=True,
        interrupt=callers.say("Can I bring my dog?", lead_s=0.0),
        interrupt_after_s=1.0,
    )
    t1 = rec["turns"][0]
    full = t1.summary.get("reply", "")
    assert "breakfast" in full.lower(), full
    assert t1.heard is not None, "no barge-in notice for the interrupted reply"
    assert t1.heard and len(t1.heard) < len(full), (t1.heard, full)
    assert full.startswith(t1.heard.split()[0]), (t1.heard, full)
    played_s = len(b"".join(t1.reply_audio)) / 2 / SAMPLE_RATE
    assert played_s < 3.0, f"{played_s:.2f}s of a 5 s reply played although the caller cut in"
    assert len(rec["turns"]) == 2 and "dog" in rec["turns"][1].transcript.lower()
    assert "dogs" in rec["turns"][1].summary.get("reply", "").lower()
    rows = _ledger(
        rt.url,
        "SELECT turn, text FROM turns WHERE call_id = %s AND text LIKE '[heard only]%%'",
        (rec["call_id"],),
    )
    assert len(rows) == 1 and rows[0][0] == 1, rows
    assert rows[0][1] == f"[heard only] {t1.heard}", rows


def test_empty_audio_is_refused_before_a_call_starts(rt):
    with CallClient(rt.settings) as client, pytest.raises(VoiceCallError, match="empty"):
        run_voice_call(client, np.zeros(0, np.float32), realtime=False)


def test_pure_silence_makes_no_turn_and_the_call_ends_cleanly(rt):
    rec = _call(rt, np.zeros(SAMPLE_RATE * 4, np.float32))
    assert rec["turns"] == [] and rec["errors"] == [], rec
    assert rec["outcome"] is not None


def test_noise_books_nothing(rt, callers):
    # White noise, then speech-like noise: a booking request played backwards, which the VAD
    # takes for speech and whisper turns into something; neither may change the PMS.
    rng = np.random.default_rng(7)
    white = (rng.standard_normal(SAMPLE_RATE * 3) * 0.3).astype(np.float32)
    backwards = np.concatenate([callers.say(u) for u in BOOKING])[::-1].copy()
    noise = np.concatenate([white, backwards])
    rec = _call(rt, noise)
    call = as_json(rec, realtime=False)
    assert rec["errors"] == []
    assert call["turns"], "the backwards speech never reached the runtime"
    writes = [
        a
        for t in call["turns"]
        for a in t["actions"]
        if a["kind"] in ("pms.create", "pms.modify", "pms.cancel") and a["approved"]
    ]
    assert not writes, call
    assert call["outcome"] != "booked"


def test_clipped_speech_is_heard_with_lower_confidence_or_still_right(rt, callers):
    clean = callers.say("What time is check-in?")
    clipped = np.clip(clean * 12.0, -0.5, 0.5) * 2.0  # hard-clipped at full scale
    a = as_json(_call(rt, clean), realtime=False)["turns"]
    b = as_json(_call(rt, clipped), realtime=False)["turns"]
    assert len(a) == 1 and len(b) == 1, (a, b)
    assert b[0]["confidence"] < a[0]["confidence"], (a[0], b[0])
    # what the caller asked still gets answered, or the lower confidence keeps it from acting
    heard_right = "check in" in b[0]["transcript"].lower().replace("-", " ")
    assert heard_right or b[0]["confidence"] < 0.6, b[0]
    if heard_right:
        assert "3 pm" in b[0]["reply"], b[0]


def test_a_long_monologue_is_cut_into_utterances(rt, callers):
    # ~20 s of speech with no pause long enough to end a turn; the module caps utterances at 8 s
    lines = [
        "I am calling because my sister and I are planning a trip to your city next spring",
        "and we have been looking at several hotels near the old town and the river",
        "and a friend of ours stayed with you last year and liked the breakfast very much",
        "so we wanted to ask a few questions before we decide where to stay",
    ]
    parts = [callers.say(t, lead_s=0.0, tail_s=0.0) for t in lines]
    audio = np.concatenate(
        [np.zeros(SAMPLE_RATE // 2, np.float32), *parts, np.zeros(SAMPLE_RATE * 3 // 2, np.float32)]
    )
    rec = _call(rt, audio)
    texts = [t.transcript.lower() for t in rec["turns"]]
    assert len(texts) >= 2, texts
    joined = " ".join(texts)
    assert "sister" in joined and "decide" in joined, texts  # nothing lost at the cuts
    assert rec["errors"] == []


def test_sovren_call_wav_takes_an_8khz_stereo_file_and_writes_the_replies(rt, callers, tmp_path):
    import json
    import os
    import subprocess
    import sys

    from media.audio.wav import read_wav

    mono = callers.say("Can I bring my dog?")
    narrow = mono[: mono.size // 2 * 2].reshape(-1, 2).mean(axis=1)  # 8 kHz, pairs averaged
    stereo = np.stack([narrow, narrow * 0.5], axis=1)  # telephone rate, two channels
    src = tmp_path / "caller-8k-stereo.wav"
    import wave

    with wave.open(str(src), "wb") as w:
        w.setnchannels(2)
        w.setsampwidth(2)
        w.setframerate(8000)
        w.writeframes((np.clip(stereo, -1, 1) * 32767).astype("<i2").tobytes())
    out = tmp_path / "reply.wav"
    env = {
        **os.environ,
        "SOVREN_INSTANCE": rt.settings.instance,
        "SOVREN_DATA_DIR": str(rt.settings.data_dir),
        "SOVREN_DATABASE_URL": rt.url,
    }
    r = subprocess.run(
        [
            sys.executable,
            "-m",
            "runtime.cli",
            "call",
            "--wav",
            str(src),
            "--out",
            str(out),
            "--json",
        ],
        capture_output=True,
        text=True,
        timeout=180,
        env=env,
    )
    assert r.returncode == 0, r.stderr
    call = json.loads(r.stdout)
    (turn,) = call["turns"]
    assert "dog" in turn["transcript"].lower(), turn
    assert "welcome" in turn["reply"].lower(), turn
    assert read_wav(out).samples.size > SAMPLE_RATE  # the spoken reply, at least a second


def test_callers_at_the_same_time_each_get_their_own_answer(rt, callers):
    # every call's decodes share the media worker's one decode queue: no call may get
    # another's words, none may wait forever, and each is answered in real time
    import threading

    asks = {
        "+4915110000001": ("What time is check-in?", "3 pm"),
        "+4915110000002": ("Can I bring my dog?", "15 euros"),
        "+4915110000003": ("Is breakfast included in the price?", "22 euros"),
    }
    audio = {who: callers.say(q) for who, (q, _) in asks.items()}
    got: dict[str, dict] = {}

    def caller(who: str) -> None:
        got[who] = as_json(_call(rt, audio[who], realtime=True, caller_id=who), realtime=True)

    threads = [threading.Thread(target=caller, args=(who,)) for who in asks]
    for t in threads:
        t.start()
    for t in threads:
        t.join(120)
    assert set(got) == set(asks), got
    for who, (question, answer) in asks.items():
        turns = got[who]["turns"]
        assert len(turns) == 1, (who, turns)
        heard = turns[0]["transcript"].lower().replace("-", " ").rstrip(".?")
        assert heard == question.lower().replace("-", " ").rstrip("?"), (who, turns[0])
        assert answer in turns[0]["reply"], (who, turns[0])


def test_real_time_turns_have_their_voice_to_voice_latency_and_nothing_is_recorded(rt, callers):
    """Recording is off by default: no audio file is written for any call. The media worker
    times each real-time turn (end of the caller's words -> first reply frame) into the
    ledger (source 'media'), and only real-time ones."""
    from pathlib import Path

    out = as_json(_call(rt, callers.say("What time is check-out?"), realtime=True), realtime=True)
    call_id = out["call_id"].replace("-", "")
    rows = _ledger(rt.url, "SELECT turn, voice_to_voice_ms FROM voice_latency"
                   " WHERE call_id = %s AND source = 'media'", (call_id,))  # fmt: skip
    assert [t for t, _ in rows] == [1]
    # the end-pointer's silence, whisper and the first synthesized sentence are inside it
    assert rows[0][1] >= rt.settings.media.vad_end_silence_ms
    fast = as_json(_call(rt, callers.say("Is there parking?")), realtime=False)
    assert not _ledger(rt.url, "SELECT 1 FROM voice_latency WHERE call_id = %s",
                       (fast["call_id"].replace("-", ""),), want_rows=False)  # fmt: skip
    assert not (Path(rt.settings.data_dir) / "recordings").exists()
