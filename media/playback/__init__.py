"""Audio out and barge-in (see docs/tts.md).

Public API: ``PlaybackSink(out, rate, frame_ms=20, realtime=True)`` with
``play(chunks, caller=None, onset=None) -> PlaybackReport`` and the
thread-safe ``interrupt(at=None)``; outputs ``BufferOut``/``WavOut``; onset
detectors ``VadOnset`` (media/vad) and ``EnergyOnset``.
"""

from media.playback.heard import SentenceHeard
from media.playback.onset import EnergyOnset, OnsetDetector, VadOnset
from media.playback.outputs import BufferOut, FrameOut, WavOut, write_wav
from media.playback.sink import PlaybackReport, PlaybackSink

__all__ = [
    "BufferOut",
    "EnergyOnset",
    "FrameOut",
    "OnsetDetector",
    "PlaybackReport",
    "PlaybackSink",
    "SentenceHeard",
    "VadOnset",
    "WavOut",
    "write_wav",
]
