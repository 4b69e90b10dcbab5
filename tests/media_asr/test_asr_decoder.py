"""The decode pool shared by every call: most urgent first, stale work dropped, real whisper."""

from __future__ import annotations

import threading

import numpy as np
import pytest
from asr_testkit import BOOKING, feed_all, words

from config.sections.media import MediaConfig
from media.asr.decoder import DecodePool, InlineDecoder, Priority
from media.asr.errors import DecodeAborted
from media.asr.streaming import StreamingRecognizer
from media.asr.whisper import WhisperModel
from media.vad import make_endpointer
from tests.waiting import wait_until


class Gated:
    """A real whisper context whose decodes can be held at the door (to order them in a test)."""

    def __init__(self, path):
        self.model = WhisperModel(path, threads=1, language="en")
        self.language = "en"
        self.gate = threading.Event()
        self.gate.set()
        self.entered = threading.Event()
        self.log: list[tuple[str, int]] = []  # (text, threads) in the order decoded

    def transcribe(self, x, **kw):
        self.entered.set()
        self.gate.wait(30)
        r = self.model.transcribe(x, **kw)
        self.log.append((r.text, kw.get("threads")))
        return r

    def close(self):
        self.model.close()


@pytest.fixture(scope="module")
def clips(speaker):
    return {
        "dog": speaker.english("Can I bring my dog?"),
        "checkin": speaker.english("What time is check-in?"),
        "breakfast": speaker.english("Is breakfast included in the price?"),
    }


def _held_pool(tiny_path, clips, n=1):
    """A pool whose only worker is busy with a first decode until the gate opens."""
    models = [Gated(tiny_path) for _ in range(n)]
    for m in models:
        m.gate.clear()
    pool = DecodePool(models, threads_alone=2, threads_shared=1)
    first = pool.submit(clips["dog"], language="en", priority=Priority.PARTIAL)
    assert models[0].entered.wait(10)
    return pool, models, first


def test_the_most_urgent_decode_runs_first(tiny_path, clips):
    pool, (m,), first = _held_pool(tiny_path, clips)
    try:
        spec = pool.submit(clips["checkin"], language="en", priority=Priority.SPECULATIVE)
        final = pool.submit(clips["breakfast"], language="en", priority=Priority.FINAL)
        assert pool.queued == 2
        m.gate.set()
        for job in (first, spec, final):
            job.wait(60)
        order = [words(t) for t, _ in m.log]
        assert order[1][:2] == ["is", "breakfast"]  # the final overtook the earlier speculation
        assert order[2][:2] == ["what", "time"]
        assert final.finished_at < spec.finished_at
    finally:
        m.gate.set()
        pool.close()


def test_a_promoted_speculation_overtakes_queued_work(tiny_path, clips):
    pool, (m,), first = _held_pool(tiny_path, clips)
    try:
        commit = pool.submit(clips["checkin"], language="en", priority=Priority.COMMIT)
        spec = pool.submit(clips["breakfast"], language="en", priority=Priority.SPECULATIVE)
        pool.promote(spec, Priority.FINAL)  # the end-point fired on exactly that audio
        m.gate.set()
        commit.wait(60), spec.wait(60)
        assert spec.finished_at < commit.finished_at
        assert pool.decoded == 3 and pool.dropped == 0  # the stale heap entry ran nothing
    finally:
        m.gate.set()
        pool.close()


def test_a_cancelled_queued_decode_is_dropped_unrun(tiny_path, clips):
    pool, (m,), first = _held_pool(tiny_path, clips)
    try:
        spec = pool.submit(clips["checkin"], language="en", priority=Priority.SPECULATIVE)
        spec.cancel()  # the caller spoke on
        m.gate.set()
        first.wait(60)
        with pytest.raises(DecodeAborted):
            spec.wait(10)
        assert pool.dropped == 1 and len(m.log) == 1  # only the first decode ran
    finally:
        m.gate.set()
        pool.close()


def test_a_running_decode_is_stopped_when_no_longer_wanted(tiny_path, speaker):
    # whisper's abort callback: a long decode stops part-way, the context stays usable
    long = np.concatenate([speaker.english(BOOKING)] * 6)  # ~25 s of speech
    m = WhisperModel(tiny_path, threads=1, language="en")
    pool = DecodePool([m])
    try:
        job = pool.submit(long, language="en", priority=Priority.SPECULATIVE)
        wait_until(
            lambda: job.started_at is not None, within_s=60, every_s=0.005, what="the decode start"
        )
        job.cancel()
        with pytest.raises(DecodeAborted):
            job.wait(60)
        assert pool.aborted == 1
        after = pool.submit(speaker.english("Can I bring my dog?"), language="en", priority=0)
        assert words(after.wait(60).text) == ["can", "i", "bring", "my", "dog"]
    finally:
        pool.close()


def test_a_lone_decode_gets_every_thread_and_concurrent_ones_share(tiny_path, clips):
    models = [Gated(tiny_path), Gated(tiny_path)]
    pool = DecodePool(models, threads_alone=2, threads_shared=1)
    try:
        pool.submit(clips["dog"], language="en", priority=Priority.FINAL).wait(60)
        assert models[0].log[-1][1] == 2 or models[1].log[-1][1] == 2
        for m in models:
            m.gate.clear()
        a = pool.submit(clips["checkin"], language="en", priority=Priority.FINAL)
        b = pool.submit(clips["breakfast"], language="en", priority=Priority.FINAL)
        assert models[0].entered.wait(10) and models[1].entered.wait(10)
        for m in models:
            m.gate.set()
        a.wait(60), b.wait(60)
        assert sorted(t for _, t in models[0].log[-1:] + models[1].log[-1:]) == [1, 1]
    finally:
        for m in models:
            m.gate.set()
        pool.close()


def test_a_failed_decode_reaches_its_owner(tiny_path):
    pool = DecodePool([WhisperModel(tiny_path, threads=1, language="en")])
    try:
        job = pool.submit(np.zeros(0, np.float32), language="en", priority=Priority.FINAL)
        with pytest.raises(Exception, match="no audio"):
            job.wait(30)
    finally:
        pool.close()


def test_streaming_through_the_pool_gives_the_inline_transcript(tiny, tiny_path, speaker):
    x = speaker.english(BOOKING)
    cfg = MediaConfig(vad_end_silence_ms=300)
    inline = feed_all(StreamingRecognizer(InlineDecoder(tiny), make_endpointer(cfg)), x)
    pool = DecodePool([WhisperModel(tiny_path, threads=1, language="en") for _ in range(2)])
    woken = threading.Event()
    try:
        rec = StreamingRecognizer(pool, make_endpointer(cfg), on_ready=woken.set)
        events = []
        for i in range(0, x.size, 320):
            events += rec.feed(x[i : i + 320])
        # the end-point has fired, but feed() does not wait for whisper
        assert rec.pending or any(e.kind == "final" for e in events)
        assert woken.wait(60)
        events += rec.wait_pending() + rec.close()
        finals = [e for e in events if e.kind == "final"]
        assert [e.text for e in finals] == [e.text for e in inline if e.kind == "final"]
        assert [e.kind for e in events] == ["speech_start", "final", "speech_end"]
        assert not rec.pending
    finally:
        pool.close()


def test_a_promoted_speculation_keeps_its_place_among_finals(tiny_path, clips):
    pool, (m,), first = _held_pool(tiny_path, clips)
    try:
        spec = pool.submit(clips["checkin"], language="en", priority=Priority.SPECULATIVE)
        final = pool.submit(clips["breakfast"], language="en", priority=Priority.FINAL)
        pool.promote(spec, Priority.FINAL)  # its caller's end-point came too
        m.gate.set()
        spec.wait(60), final.wait(60)
        assert spec.finished_at < final.finished_at  # submitted first, served first
    finally:
        m.gate.set()
        pool.close()


def test_no_speculation_while_other_decodes_wait(tiny_path, clips, speaker):
    pool, (m,), first = _held_pool(tiny_path, clips)
    queued = pool.submit(clips["checkin"], language="en", priority=Priority.FINAL)
    assert pool.busy
    submitted = []
    real_submit = pool.submit

    def recording_submit(audio, **kw):
        submitted.append(kw["priority"])
        return real_submit(audio, **kw)

    pool.submit = recording_submit
    try:
        rec = StreamingRecognizer(pool, make_endpointer(MediaConfig(vad_end_silence_ms=300)))
        x = speaker.english("Can I bring my dog?")
        events = []
        for i in range(0, x.size, 320):
            events += rec.feed(x[i : i + 320])
        # the silence after the words was seen, but only the end-point's final was queued
        assert submitted == [Priority.FINAL] and rec.pending
        m.gate.set()
        events += rec.wait_pending()
        assert [words(e.text) for e in events if e.kind == "final"] == [
            ["can", "i", "bring", "my", "dog"]
        ]
        assert queued.done()
    finally:
        m.gate.set()
        pool.close()


def test_the_decode_queue_lag_is_how_long_the_oldest_waiting_speech_waited(tiny_path, clips):
    """What MEDIA reports to OPS for load shedding (DECODE_LAG_MS)."""
    import time

    pool, (m,), first = _held_pool(tiny_path, clips)
    try:
        assert pool.oldest_wait_s == 0.0  # the running decode waits for nobody
        waiting = pool.submit(clips["checkin"], language="en", priority=Priority.FINAL)
        time.sleep(0.3)
        lag = pool.oldest_wait_s
        assert lag >= 0.3
        time.sleep(0.2)
        assert pool.oldest_wait_s >= lag + 0.2  # it keeps growing while nothing is freed
        m.gate.set()
        for job in (first, waiting):
            job.wait(60)
        assert pool.oldest_wait_s == 0.0
    finally:
        m.gate.set()
        pool.close()
