"""Call recordings without a browser: the recorder's files, retention and erasure removing
them (real PostgreSQL, real files). The browser test plays them (test_console_browser.py)."""

from __future__ import annotations

import os
import time
import uuid
import wave

import psycopg
import pytest

from config import load_settings
from fabric.recordings import SIDES, recording_path, recordings_root
from ledger.migrate import migrate
from media.recording import CallRecorder
from runtime.erasure import erase_everywhere
from runtime.housekeeping import RetentionSchedule

FRAME = b"\x01\x00" * 320  # 20 ms of 16 kHz 16-bit mono


def _recorded(tmp_path, calls: dict[str, int], problems: list | None = None) -> CallRecorder:
    rec = CallRecorder(tmp_path, 16000, lambda c, why: (problems or []).append((c, why)))
    for call_id, frames in calls.items():
        for _ in range(frames):
            rec.put(call_id, "caller", FRAME)
            rec.put(call_id, "reply", FRAME)
        rec.finish(call_id)
    rec.close()
    return rec


def test_the_recorder_writes_both_sides_as_complete_wavs_only_readable_by_the_owner(tmp_path):
    call = uuid.uuid4().hex
    _recorded(tmp_path, {call: 50})
    for side in SIDES:
        f = recording_path(tmp_path, call, side)
        with wave.open(str(f)) as w:
            assert (w.getframerate(), w.getnchannels(), w.getnframes()) == (16000, 1, 50 * 320)
        assert f.stat().st_mode & 0o077 == 0
    assert f.parent.stat().st_mode & 0o077 == 0
    assert not list(f.parent.glob("*.part"))  # finished files only


def test_a_recording_that_cannot_be_written_is_reported_and_the_call_goes_on(tmp_path):
    blocked = tmp_path / "data"
    blocked.write_text("a file where the data directory should be")
    problems: list = []
    call = uuid.uuid4().hex
    rec = CallRecorder(blocked, 16000, lambda c, why: problems.append((c, why)))
    rec.put(call, "caller", FRAME)
    rec.put(call, "caller", FRAME)  # the second frame is not tried again
    rec.finish(call)
    rec.close()
    assert len(problems) == 1 and problems[0][0] == call
    assert "recording stopped" in problems[0][1]


def test_a_recording_path_names_only_a_call_and_a_side(tmp_path):
    for call_id, side in (("../../etc", "caller"), (uuid.uuid4().hex, "../x"), ("", "reply")):
        with pytest.raises(ValueError):
            recording_path(tmp_path, call_id, side)


@pytest.fixture
def runtime_settings(pg_url, tmp_path):
    migrate(pg_url)
    return load_settings(instance="rec", database_url=pg_url, data_dir=str(tmp_path),
                         storage={"retention_days": {"transcripts": 90, "audio": 30}})  # fmt: skip


def test_retention_removes_recordings_older_than_the_audio_period(runtime_settings, pg_url):
    data = runtime_settings.data_dir
    old, new = uuid.uuid4().hex, uuid.uuid4().hex
    _recorded(data, {old: 5, new: 5})
    forty_days_ago = time.time() - 40 * 86400
    for side in SIDES:
        os.utime(recording_path(data, old, side), (forty_days_ago, forty_days_ago))
    RetentionSchedule(runtime_settings, pg_url, lambda *a: None).run_once()
    assert not (recordings_root(data) / old).exists()
    assert all(recording_path(data, new, s).is_file() for s in SIDES)
    with psycopg.connect(pg_url) as conn:
        (files,) = conn.execute(
            "SELECT (detail->>'audio_files')::int FROM erasures WHERE kind = 'retention'"
        ).fetchone()
    assert files == 2


def test_erasing_a_caller_removes_their_calls_recordings_and_no_one_elses(runtime_settings, pg_url):
    data = runtime_settings.data_dir
    theirs, other = uuid.uuid4(), uuid.uuid4()
    with psycopg.connect(pg_url) as conn:
        for cid, phone in ((theirs, "+49 151 1234 5678"), (other, "+4930999888")):
            conn.execute(
                "INSERT INTO calls (id, hotel_id, caller_phone, started_at)"
                " VALUES (%s, %s, %s, now())",
                (cid, "demo", phone),
            )
    _recorded(data, {theirs.hex: 3, other.hex: 3})
    rep = erase_everywhere(runtime_settings, pg_url, "+4915112345678", requested_by="test")
    assert rep.ledger.files_removed == 2
    assert not (recordings_root(data) / theirs.hex).exists()
    assert all(recording_path(data, other.hex, s).is_file() for s in SIDES)


def test_the_media_workers_latency_row_sits_beside_the_consoles_for_the_same_turn(pg_url, tmp_path):
    from ledger.ids import new_id
    from ledger.records import VoiceLatencyRecord
    from ledger.writer import LedgerWriter

    migrate(pg_url)
    call = uuid.uuid4().hex
    with psycopg.connect(pg_url, autocommit=True) as conn:
        conn.execute(
            "INSERT INTO voice_latency (call_id, turn, voice_to_voice_ms, source)"
            " VALUES (%s, 1, 900, 'console')",
            (call,),
        )
    with LedgerWriter(pg_url, tmp_path / "spool", run_migrations=False) as w:
        w.put(VoiceLatencyRecord(id=new_id(), call_id=call, turn=1, voice_to_voice_ms=850))
        assert w.flush(in_database=True)
        assert w.stats["rejected"] == 0
    with psycopg.connect(pg_url) as conn:
        rows = conn.execute(
            "SELECT source, voice_to_voice_ms FROM voice_latency WHERE call_id = %s"
            " ORDER BY source",
            (call,),
        ).fetchall()
    assert rows == [("console", 900), ("media", 850)]
