"""The contract every voice-activity classifier fulfils, and the events end-pointing emits.

Why split classifier and end-pointer: a classifier only says "how likely is
this window speech"; turning that into turn boundaries (how much speech makes
an onset, how much silence ends a turn) is a phone-call policy that should be
the same whichever model runs underneath.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal, Protocol

import numpy as np


class SpeechClassifier(Protocol):
    """Speech probability of fixed windows of mono 16 kHz float32 audio."""

    name: str
    window: int  # samples per call of ``probability``

    def probability(self, window: np.ndarray) -> float:
        """P(speech) of exactly ``window`` samples; stateful models carry state across calls."""
        ...

    def reset(self) -> None:
        """Forget stream state (start of a new call)."""
        ...


@dataclass(frozen=True)
class SpeechEvent:
    """An onset ("start") or an end-point ("end") of caller speech, or an early
    "onset" for barge-in only (media/vad/endpoint.py; it opens no utterance).

    ``t`` is where it happened in the stream (seconds since the stream began:
    the first speech sample for a start, the end of the last speech for an
    end); ``detected_at`` is the stream time when the detector decided, so
    ``detected_at - t`` is the detection delay.
    """

    kind: Literal["start", "end", "onset"]
    t: float
    detected_at: float
    forced: bool = False  # an end forced by the maximum utterance length, not by silence
