"""End-pointing for phone calls: speech onsets and turn ends from per-window speech probabilities.

Policy (times configurable, see config media.vad_*):
- onset after ``start_ms`` of consecutive speech windows; the event's time is
  the first of them, so barge-in can stop playback at once;
- end after ``end_silence_ms`` of consecutive non-speech windows (hysteresis:
  a window counts as silence below ``threshold - 0.15``, so breathy word
  endings do not end a turn);
- a turn longer than ``max_utterance_s`` is cut where it stands
  (forced end, followed at once by a new start), so a monologue becomes
  utterances whisper can take in one 30 s window;
- with ``barge_in_ms`` set, an earlier "onset" event for barge-in: that much
  speech at ``barge_in_threshold`` outside an utterance. Why apart from the
  start: stopping a reply must not wait for the turn-taking confirmation
  (64 ms), yet a turn must not begin on one window (media.barge_in_* settings).

One instance per call; not thread-safe. Callbacks run synchronously inside
``feed`` on the caller's thread.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import numpy as np

from media.audio.pcm import SAMPLE_RATE
from media.vad.base import SpeechClassifier, SpeechEvent

Callback = Callable[[SpeechEvent], None]


@dataclass(frozen=True)
class EndPointing:
    threshold: float = 0.5
    start_ms: int = 64
    end_silence_ms: int = 300
    max_utterance_s: float = 20.0
    barge_in_ms: int = 0  # 0: no "onset" events
    barge_in_threshold: float = 0.5


class EndPointer:
    def __init__(
        self,
        classifier: SpeechClassifier,
        policy: EndPointing | None = None,
        *,
        on_speech_start: Callback | None = None,
        on_speech_end: Callback | None = None,
    ):
        self.classifier = classifier
        self.policy = policy or EndPointing()
        self.on_speech_start = on_speech_start
        self.on_speech_end = on_speech_end
        w = classifier.window
        self._start_windows = max(1, round(self.policy.start_ms * SAMPLE_RATE / 1000 / w))
        self._end_windows = max(1, round(self.policy.end_silence_ms * SAMPLE_RATE / 1000 / w))
        self._max_windows = int(self.policy.max_utterance_s * SAMPLE_RATE / w)
        ms = self.policy.barge_in_ms
        self._barge_windows = max(1, round(ms * SAMPLE_RATE / 1000 / w)) if ms else 0
        self.reset()

    def reset(self) -> None:
        self.classifier.reset()
        self._buf = np.zeros(0, np.float32)
        self._n = 0  # windows classified so far
        self.in_speech = False
        self._run = 0  # consecutive speech windows (before onset) / silence windows (in speech)
        self._barge_run = 0  # consecutive windows at the barge-in threshold, outside speech
        self._onset_window = 0
        self._last_speech_window = 0
        self.probabilities: list[float] = []  # of the current/last utterance, for diagnostics

    @property
    def time(self) -> float:
        """Stream time (s) up to which audio has been classified."""
        return self._n * self.classifier.window / SAMPLE_RATE

    @property
    def trailing_silence_s(self) -> float:
        """Silence since the last speech window of the current utterance (0 outside speech)."""
        return self._run * self.classifier.window / SAMPLE_RATE if self.in_speech else 0.0

    @property
    def last_speech_time(self) -> float:
        """Stream time where the latest speech window ended."""
        return self._t(self._last_speech_window + 1)

    def _t(self, window_index: int) -> float:
        return window_index * self.classifier.window / SAMPLE_RATE

    def feed(self, samples: np.ndarray) -> list[SpeechEvent]:
        """Classify new mono 16 kHz audio (any length); returns the events it caused."""
        w = self.classifier.window
        buf = np.concatenate((self._buf, samples.astype(np.float32, copy=False)))
        events: list[SpeechEvent] = []
        k = buf.size // w
        for i in range(k):
            p = self.classifier.probability(buf[i * w : (i + 1) * w])
            self._step(p, events)
        self._buf = buf[k * w :]
        return events

    def _emit(self, ev: SpeechEvent, events: list[SpeechEvent]) -> None:
        events.append(ev)
        cb = self.on_speech_start if ev.kind == "start" else self.on_speech_end
        if cb is not None:
            cb(ev)

    def _step(self, p: float, events: list[SpeechEvent]) -> None:
        idx = self._n
        self._n += 1
        pol = self.policy
        if self._barge_windows and not self.in_speech:
            self._barge_run = self._barge_run + 1 if p >= pol.barge_in_threshold else 0
            if self._barge_run == self._barge_windows:  # once per run: no callback, no state
                t0 = self._t(idx - self._barge_run + 1)
                events.append(SpeechEvent("onset", t0, self._t(self._n)))
        if not self.in_speech:
            self._run = self._run + 1 if p >= pol.threshold else 0
            if self._run >= self._start_windows:
                self.in_speech = True
                self._onset_window = idx - self._run + 1
                self._last_speech_window = idx
                self._run = 0
                self._barge_run = 0
                self.probabilities = []
                self._emit(
                    SpeechEvent("start", self._t(self._onset_window), self._t(self._n)), events
                )
            return
        self.probabilities.append(p)
        if p >= pol.threshold - 0.15:
            self._run = 0
            self._last_speech_window = idx
        else:
            self._run += 1
        if self._run >= self._end_windows:
            self.in_speech = False
            self._run = 0
            end_t = self._t(self._last_speech_window + 1)
            self._emit(SpeechEvent("end", end_t, self._t(self._n)), events)
        elif idx + 1 - self._onset_window >= self._max_windows:
            # forced cut; the next utterance starts right here
            now = self._t(self._n)
            self._emit(SpeechEvent("end", now, now, forced=True), events)
            self._onset_window = self._n
            self.probabilities = []
            self._emit(SpeechEvent("start", now, now, forced=True), events)
