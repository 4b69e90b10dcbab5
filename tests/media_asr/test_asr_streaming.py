"""Streaming recognition: partials while the caller speaks, one final after the end-point."""

from __future__ import annotations

import numpy as np
import pytest
from asr_testkit import BOOKING, feed_all, words

from config.sections.media import MediaConfig
from ipc.messages import Transcript
from media.asr.streaming import StreamingRecognizer
from media.vad import make_endpointer

CONFIG = MediaConfig(vad_end_silence_ms=300)


def _recognizer(model, **kw) -> StreamingRecognizer:
    return StreamingRecognizer(model, make_endpointer(CONFIG), **kw)


def _quiet(model, **kw) -> StreamingRecognizer:
    """No periodic partials (the default): only the decodes the final needs."""
    return _recognizer(model, **kw)


def _chatty(model, **kw) -> StreamingRecognizer:
    """Periodic partials every 0.6 s of new speech (asr_partial_interval_ms: 600)."""
    return _recognizer(model, partial_interval_s=0.6, **kw)


@pytest.fixture(scope="module")
def booking_run(tiny, speaker):
    x = speaker.english(BOOKING)
    # unlimited partial budget and lag make the partials independent of the machine's speed
    rec = _chatty(tiny, partial_budget=float("inf"), max_lag_s=float("inf"))
    return x, feed_all(rec, x)


def test_event_order_and_a_single_final(booking_run):
    _, events = booking_run
    kinds = [e.kind for e in events]
    assert kinds[0] == "speech_start" and kinds[-2:] == ["final", "speech_end"]
    assert kinds.count("final") == 1 and kinds.count("speech_start") == 1
    assert set(kinds[1:-2]) <= {"partial"}
    assert all(e.utterance == 1 for e in events)


def test_partials_arrive_while_the_caller_speaks(booking_run):
    _, events = booking_run
    final = next(e for e in events if e.kind == "final")
    early = [e for e in events if e.kind == "partial" and e.emitted_at < final.t]
    assert len(early) >= 2
    assert any("book" in words(e.text) for e in early)


def test_by_default_only_the_final_is_decoded(tiny, speaker):
    decodes = []

    class Counting:
        language = tiny.language

        def transcribe(self, x, **kw):
            decodes.append(x.size)
            return tiny.transcribe(x, **kw)

    x = speaker.english("What time is check-in?")
    events = feed_all(StreamingRecognizer.from_config(Counting(), MediaConfig()), x)
    assert [e.kind for e in events] == ["speech_start", "final", "speech_end"]
    # one decode: the speculative one at the first silence, which the end-point then took
    assert len(decodes) == 1 and events[1].decode_s == 0.0


def test_partials_are_skipped_when_over_budget(tiny, speaker):
    events = feed_all(_chatty(tiny, partial_budget=0.0), speaker.english("What time is check-in?"))
    kinds = [e.kind for e in events]
    assert kinds == ["speech_start", "final", "speech_end"]
    assert "check" in words(events[1].text)


def test_partials_are_skipped_when_behind_real_time(tiny, speaker):
    x = speaker.english(BOOKING)
    rec = None

    def slow_clock() -> float:
        # processing that takes 3 s per second of audio: ever further behind real time
        return 3.0 * rec.time

    rec = _chatty(tiny, partial_budget=float("inf"), clock=slow_clock)
    events = feed_all(rec, x)
    final = next(e for e in events if e.kind == "final")
    # no partial while the caller speaks; only the commit at the closing pause, which
    # is work the final needs anyway
    assert [e for e in events if e.kind == "partial" and e.emitted_at < final.t] == []
    assert "friday" in words(final.text)


def test_final_only_after_the_end_point(booking_run):
    _, events = booking_run
    final = next(e for e in events if e.kind == "final")
    # the end-point needs 300 ms of silence after the last speech; the final cannot precede it
    assert final.emitted_at - final.t >= 0.28
    assert final.t > final.start


def test_streaming_final_equals_batch_transcript(booking_run, tiny):
    x, events = booking_run
    final = next(e for e in events if e.kind == "final")
    batch = tiny.transcribe(x)
    assert words(final.text) == words(batch.text)
    for expected in ("book", "double", "room", "friday"):
        assert expected in words(final.text)
    assert 0.6 < final.confidence <= 1.0 and final.lang == "en" and not final.clipped


def test_final_maps_to_the_wire_transcript(booking_run):
    _, events = booking_run
    final = next(e for e in events if e.kind == "final")
    t = final.to_transcript(turn=3, caller_id="c-1")
    assert isinstance(t, Transcript)
    assert t.is_final and t.turn == 3 and t.text == final.text and t.lang == "en"
    assert 2500 < t.audio_ms < 4500
    partial = next(e for e in events if e.kind == "partial")
    assert not partial.to_transcript().is_final
    with pytest.raises(ValueError):
        events[0].to_transcript()


def test_two_utterances_give_two_finals(tiny, speaker):
    x = np.concatenate(
        [speaker.english("Is breakfast included?"), speaker.english("Do you allow dogs?")]
    )
    events = feed_all(_quiet(tiny), x)
    finals = [e for e in events if e.kind == "final"]
    assert [f.utterance for f in finals] == [1, 2]
    assert "breakfast" in words(finals[0].text)
    assert "dogs" in words(finals[1].text)


def test_silence_and_noise_give_no_transcript(tiny):
    rng = np.random.default_rng(2)
    x = np.concatenate(
        [np.zeros(16000, np.float32), rng.normal(0, 0.03, 16000 * 2).astype(np.float32)]
    )
    assert feed_all(_recognizer(tiny), x) == []


def test_audio_ending_mid_utterance_is_finalised_on_close(tiny, speaker):
    x = speaker.english("I need a taxi to the airport tomorrow morning.", tail_s=0.0)
    rec = _quiet(tiny)
    events = []
    for i in range(0, x.size, 320):
        events += rec.feed(x[i : i + 320])
    assert "final" not in [e.kind for e in events]
    closing = rec.close()
    assert [e.kind for e in closing] == ["final", "speech_end"]
    assert "airport" in words(closing[0].text)


def test_callbacks_and_on_event_see_everything(tiny, speaker):
    seen, onsets = [], []
    rec = StreamingRecognizer(
        tiny,
        make_endpointer(CONFIG, on_speech_start=onsets.append),
        on_event=seen.append,
        partial_interval_s=30.0,
    )
    events = feed_all(rec, speaker.english("Thank you, goodbye."))
    assert seen == events
    assert len(onsets) == 1 and onsets[0].t == pytest.approx(events[0].t)


def test_clipped_utterance_is_flagged_and_trusted_less(tiny, speaker):
    clean = speaker.english("Is breakfast included?")
    clipped = np.clip(clean * 4.0, -1.0, 1.0)
    a = next(e for e in feed_all(_quiet(tiny), clean) if e.kind == "final")
    b = next(e for e in feed_all(_quiet(tiny), clipped) if e.kind == "final")
    assert b.clipped and not a.clipped
    assert b.confidence < a.confidence


def test_long_speech_commits_at_pauses(tiny, speaker):
    x = np.concatenate(
        [
            speaker.english("I would like to book a double room.", lead_s=0.5, tail_s=0.25),
            speaker.english("For two nights from Friday.", lead_s=0.0, tail_s=1.5),
        ]
    )
    # a turn ends after 600 ms of silence here; the short pause between the phrases
    # (Piper's own trailing silence plus 250 ms) stays inside the turn
    ep = make_endpointer(MediaConfig(vad_end_silence_ms=600))
    rec = StreamingRecognizer(tiny, ep, partial_interval_s=30.0, min_commit_s=1.0)
    events = feed_all(rec, x)
    finals = [e for e in events if e.kind == "final"]
    assert len(finals) == 1
    assert {"double", "room", "two", "nights", "friday"} <= set(words(finals[0].text))
    committed = [e for e in events if e.kind == "partial" and e.confidence == 0.0]
    assert committed, "the pause should have committed the first phrase"
    assert "double" in words(committed[0].text) and "friday" not in words(committed[0].text)
