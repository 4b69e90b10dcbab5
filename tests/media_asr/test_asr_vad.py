"""Voice activity and end-pointing on real synthesized speech, with both classifiers."""

from __future__ import annotations

import subprocess
import sys

import numpy as np
import pytest
from asr_testkit import BOOKING

from config.sections.media import MediaConfig
from media.vad import EndPointer, EndPointing, make_classifier, make_endpointer


def _run(ep: EndPointer, x: np.ndarray, frame: int = 320):
    events = []
    for i in range(0, x.size, frame):
        events += ep.feed(x[i : i + frame])
    return events


@pytest.mark.parametrize("backend", ["silero", "webrtc"])
def test_one_utterance_gives_one_start_and_one_end(speaker, backend):
    x = speaker.english(BOOKING)  # 0.5 s silence, speech, 1.5 s silence
    speech_end = x.size / 16000 - 1.5
    ep = make_endpointer(MediaConfig(vad_backend=backend, vad_end_silence_ms=300))
    events = _run(ep, x)
    assert [e.kind for e in events] == ["start", "end"]
    start, end = events
    assert 0.4 <= start.t <= 0.7
    assert start.detected_at >= start.t
    assert speech_end - 0.5 <= end.t <= speech_end + 0.1
    # the end-point waits for the configured silence, measured from the end of speech
    assert 0.28 <= end.detected_at - end.t <= 0.45
    assert not ep.in_speech


def test_callbacks_receive_the_events(speaker):
    starts, ends = [], []
    ep = make_endpointer(MediaConfig(), on_speech_start=starts.append, on_speech_end=ends.append)
    events = _run(ep, speaker.english("Is breakfast included?"))
    assert starts == [events[0]] and ends == [events[1]]


@pytest.mark.parametrize("backend", ["silero", "webrtc"])
def test_silence_gives_no_events(backend):
    ep = make_endpointer(MediaConfig(vad_backend=backend))
    assert _run(ep, np.zeros(16000 * 3, np.float32)) == []


def test_steady_noise_is_not_speech():
    rng = np.random.default_rng(7)
    noise = rng.normal(0, 0.05, 16000 * 4).astype(np.float32)
    ep = make_endpointer(MediaConfig(vad_backend="silero"))
    assert _run(ep, noise) == []


def test_barge_in_onset_comes_a_window_before_the_turn_start(speaker):
    """The early onset (barge-in) is decided on less speech than the turn's start, at the
    same place in the stream, once per utterance; and it opens no turn of its own."""
    x = speaker.english("Can I bring my dog?")
    ep = make_endpointer(MediaConfig(barge_in_start_ms=32), barge_in=True)
    events = _run(ep, x)
    assert [e.kind for e in events] == ["onset", "start", "end"]
    onset, start, _ = events
    assert onset.detected_at == pytest.approx(start.detected_at - 0.032)
    assert abs(onset.t - start.t) <= 0.032
    plain = _run(make_endpointer(MediaConfig()), x)  # without barge_in: the events of before
    assert [(e.kind, e.t) for e in plain] == [(e.kind, e.t) for e in events[1:]]


@pytest.mark.parametrize("level", [0.01, 0.05, 0.2])
def test_steady_noise_never_makes_a_barge_in_onset(level):
    rng = np.random.default_rng(11)
    noise = rng.normal(0, level, 16000 * 4).astype(np.float32)
    ep = make_endpointer(MediaConfig(vad_backend="silero"), barge_in=True)
    assert _run(ep, noise) == []


def test_end_silence_setting_moves_the_end_point(speaker):
    x = speaker.english(BOOKING)
    delays = []
    for ms in (200, 600):
        ep = make_endpointer(MediaConfig(vad_end_silence_ms=ms))
        end = [e for e in _run(ep, x) if e.kind == "end"][0]
        delays.append(end.detected_at - end.t)
    assert delays[1] - delays[0] == pytest.approx(0.4, abs=0.07)


def test_a_monologue_is_cut_at_the_maximum_length(speaker):
    x = speaker.english(BOOKING, lead_s=0.2, tail_s=0.5)
    ep = EndPointer(make_classifier("silero"), EndPointing(max_utterance_s=2.0))
    events = _run(ep, x)
    kinds = [e.kind for e in events]
    assert kinds[:3] == ["start", "end", "start"] and kinds[-1] == "end"
    forced_end = events[1]
    assert forced_end.forced and forced_end.t - events[0].t == pytest.approx(2.0, abs=0.05)
    assert events[2].forced and events[2].t == forced_end.t


def test_new_call_starts_clean(speaker):
    ep = make_endpointer(MediaConfig())
    x = speaker.english(BOOKING)
    _run(ep, x[: x.size // 2])  # mid-utterance
    assert ep.in_speech
    ep.reset()
    assert not ep.in_speech and ep.time == 0.0


def test_silero_runs_without_torch():
    """The ONNX path keeps torch (hundreds of MB) out of the media worker."""
    code = (
        "import sys, numpy as np\n"
        "from media.vad.silero import SileroClassifier\n"
        "c = SileroClassifier()\n"
        "p = c.probability(np.zeros(512, np.float32))\n"
        "assert 0.0 <= p <= 1.0\n"
        "print('torch' in sys.modules)\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"


def test_unknown_backend_is_refused():
    with pytest.raises(ValueError, match="unknown VAD backend"):
        make_classifier("nope")
