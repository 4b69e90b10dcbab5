"""A pause after unfinished words holds the turn; the rest of the sentence joins it.

The caller is espeak-ng's robotic English (as in issue 10: "Hello, I would like",
a pause, then the rest became a separate, misunderstood turn). Decodes run
inline, so every time here is stream time (audio fed), not the machine's speed.
"""

from __future__ import annotations

import numpy as np
import pytest
from asr_testkit import feed_all, words

from config.sections.media import MediaConfig
from media.asr.streaming import StreamingRecognizer
from media.audio.pcm import SAMPLE_RATE

SR = SAMPLE_RATE


def _silence(s: float) -> np.ndarray:
    return np.zeros(int(s * SR), np.float32)


def _recognizer(model, **config) -> StreamingRecognizer:
    return StreamingRecognizer.from_config(model, MediaConfig(**config))


@pytest.fixture(scope="module")
def paused(speaker):
    """ "Hello, I would like" + 600 ms of silence + "to book a room for two nights"."""
    first = speaker.espeak("Hello, I would like")
    rest = speaker.espeak("to book a room for two nights")
    return np.concatenate((_silence(0.5), first, _silence(0.6), rest, _silence(1.5)))


def test_a_pause_after_unfinished_words_gives_one_turn(tiny, paused):
    events = feed_all(_recognizer(tiny), paused)
    finals = [e for e in events if e.kind == "final"]
    assert len(finals) == 1, [(e.kind, e.text) for e in events]
    f = finals[0]
    assert words(f.text)[:4] == ["hello", "i", "would", "like"], f.text
    assert "nights" in words(f.text) and "two" in words(f.text), f.text
    assert "like." not in f.text  # one sentence, not two glued together
    assert f.merged == 2
    assert f.start < 0.6  # the turn starts where the caller began, not after the pause
    assert [e.kind for e in events].count("speech_start") == 2


def test_without_the_hold_the_same_audio_is_two_turns(tiny, paused):
    events = feed_all(_recognizer(tiny, turn_hold_unfinished_ms=0), paused)
    finals = [e for e in events if e.kind == "final"]
    assert len(finals) == 2, [(e.kind, e.text) for e in events]
    assert words(finals[0].text) == ["hello", "i", "would", "like"]


def test_unfinished_words_and_silence_go_out_when_the_window_closes(tiny, speaker):
    x = np.concatenate((_silence(0.5), speaker.espeak("Hello, I would like"), _silence(2.0)))
    events = feed_all(_recognizer(tiny, turn_hold_unfinished_ms=700), x)
    finals = [e for e in events if e.kind == "final"]
    assert len(finals) == 1
    f = finals[0]
    assert words(f.text) == ["hello", "i", "would", "like"] and f.merged == 1
    # end of speech + 0.3 s end-point + 0.7 s hold (stream time; one 20 ms frame of slack)
    assert 1.0 <= f.emitted_at - f.t <= 1.0 + 0.06, (f.t, f.emitted_at)
    kinds = [e.kind for e in events]
    assert kinds.index("speech_end") < kinds.index("final")


def test_a_complete_turn_is_not_held(tiny, speaker):
    x = np.concatenate((_silence(0.5), speaker.espeak("What time is check in?"), _silence(1.5)))
    held = feed_all(_recognizer(tiny, turn_hold_unfinished_ms=700), x)
    plain = feed_all(_recognizer(tiny, turn_hold_unfinished_ms=0), x)
    f1 = next(e for e in held if e.kind == "final")
    f0 = next(e for e in plain if e.kind == "final")
    assert f1.text == f0.text and f1.emitted_at == f0.emitted_at  # same stream time
    assert f1.emitted_at - f1.t < 0.4


def test_close_releases_held_words_at_once(tiny, speaker):
    rec = _recognizer(tiny)
    x = np.concatenate((_silence(0.5), speaker.espeak("my name is"), _silence(0.5)))
    events = []
    for i in range(0, x.size, 320):
        events += rec.feed(x[i : i + 320])
    assert not [e for e in events if e.kind == "final"] and rec.held
    assert rec.due_in() is not None
    out = rec.close()
    assert [e.kind for e in out if e.kind == "final"] == ["final"]
    assert not rec.held


def test_a_line_that_stops_sending_audio_still_gets_the_held_turn(tiny, speaker):
    """No more frames after the pause (a line in silence suppression): the clock releases it."""
    now = [0.0]
    rec = StreamingRecognizer.from_config(tiny, MediaConfig())
    rec._clock = lambda: now[0]
    x = np.concatenate((_silence(0.5), speaker.espeak("my name is"), _silence(0.4)))
    events = []
    for i in range(0, x.size, 320):
        events += rec.feed(x[i : i + 320])
    assert rec.held and not [e for e in events if e.kind == "final"]
    due = rec.due_in()
    assert due is not None and due > 0
    now[0] += due / 2
    assert rec.poll() == [] and rec.held  # not yet
    now[0] += due
    out = rec.poll()
    assert [e.kind for e in out] == ["final"] and words(out[0].text) == ["my", "name", "is"]
    assert not rec.held and rec.due_in() is None
