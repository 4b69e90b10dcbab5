"""Audio out with barge-in: play synthesized sentences in 20 ms frames, stop when the caller talks.

Concurrency ownership: ``play`` runs on the caller's thread and owns the
output; it starts one producer thread that owns the synthesis iterator and
hands finished sentences over a small bounded queue, so the next sentence is
synthesized while the current one plays. ``interrupt`` is the only method
another thread (the VAD's) may call; it sets an Event that the frame clock
waits on, so a barge-in is noticed at once, not at the next frame.

Barge-in: the caller's onset either arrives through ``interrupt`` (live
call, VAD on another thread) or is decided in lock-step from ``caller``
frames fed to an ``OnsetDetector`` (full-duplex simulation: before output
frame i+1 goes out, caller frame i - the audio the caller made while frame i
played - is examined). Nothing after the stop is written; the unplayed rest
is dropped (the producer stops after its current sentence) and the report
says which text was heard (media/playback/heard.py).

Stop latency (``stop_latency_ms``, wall clock) runs from the onset event to
the audible end of the last frame written (a written frame still plays for
its 20 ms) in real-time mode, and to the moment writing stopped in fast mode.
In lock-step, ``speech_onset_ms`` and ``played_ms`` give the same in stream
time, including the detector's own confirmation delay.
"""

from __future__ import annotations

import logging
import queue
import threading
import time
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field

import numpy as np

from ipc.control import BargeIn, Spoken
from ipc.messages import CallControl
from media.playback.heard import PlacedSentence, SentenceHeard, heard_by_time, voiced_span
from media.playback.onset import OnsetDetector
from media.playback.outputs import FrameOut
from media.tts.base import SpeechChunk
from media.tts.sentences import split_for_streaming

log = logging.getLogger(__name__)
_END = object()


@dataclass(slots=True)
class PlaybackReport:
    """What happened to one reply: what was heard, what was dropped, how fast it stopped."""

    heard_text: str
    sentences: list[SentenceHeard]
    requested: list[str]
    interrupted: bool
    played_ms: float
    first_audio_s: float | None = None  # play() start -> first frame out
    onset_ms: float | None = None  # playback position when the onset was decided
    speech_onset_ms: float | None = None  # where the caller's speech began (lock-step detectors)
    stop_latency_ms: float | None = None
    underrun_ms: float = 0.0
    backends: list[str] = field(default_factory=list)
    error: Exception | None = None

    @property
    def complete(self) -> bool:
        return not self.interrupted and self.error is None

    def as_notice(self, turn: int = 0) -> CallControl:
        """A ``CallControl`` for COMMAND/INTEL: what the caller heard of reply ``turn``.

        ``BargeIn`` when the caller interrupted, ``Spoken`` otherwise; the dialogue
        context must keep ``heard``, not the full reply.
        """
        op = BargeIn if self.interrupted else Spoken
        return CallControl(
            op(
                heard=self.heard_text,
                dropped_chars=len(self.dropped_text),
                played_ms=int(self.played_ms),
                voices=sorted(set(self.backends)),
                error=None if self.error is None else str(self.error)[:200],
                turn=turn,
                stop_latency_ms=self.stop_latency_ms,
            )
        )

    @property
    def dropped_text(self) -> str:
        """The text the caller did not hear (for logs and the dialogue context)."""
        heard = {s.text: s for s in self.sentences}
        rest = []
        for text in self.requested:
            h = heard.get(text)
            if h is None:
                rest.append(text)
            elif not h.complete:
                rest.append(text[len(h.heard) :].strip())
        return " ".join(r for r in rest if r)


class PlaybackSink:
    """Plays ``SpeechChunk`` streams at ``rate`` to ``out``; one reply at a time."""

    def __init__(
        self,
        out: FrameOut,
        rate: int,
        *,
        frame_ms: int = 20,
        realtime: bool = True,
        lookahead_sentences: int = 2,
    ) -> None:
        if rate <= 0 or frame_ms <= 0:
            raise ValueError("rate and frame_ms must be positive")
        self.out = out
        self.rate = rate
        self.frame_ms = frame_ms
        self.frame_samples = rate * frame_ms // 1000
        self.realtime = realtime
        self.lookahead = max(1, lookahead_sentences)
        self._stop = threading.Event()
        self._onset_at: float | None = None
        self._playing = threading.Event()

    # -- the one cross-thread entry point ---------------------------------------------
    def interrupt(self, at: float | None = None) -> None:
        """Caller speech began (``at``: time.perf_counter() of the onset, default now)."""
        if not self._playing.is_set():
            return
        self._onset_at = time.perf_counter() if at is None else at
        self._stop.set()

    @property
    def playing(self) -> bool:
        return self._playing.is_set()

    # -- playback ------------------------------------------------------------------------
    def play(
        self,
        chunks: Iterable[SpeechChunk],
        *,
        caller: Iterable[np.ndarray] | None = None,
        onset: OnsetDetector | None = None,
        text: str | None = None,
        lang: str = "en",
    ) -> PlaybackReport:
        """Play until the stream ends or barge-in; returns what the caller heard.

        ``text``, the whole reply, lets the report name sentences that were
        never synthesized because the caller interrupted first (``lang``: the
        language it was split for, as the TTS chain split it).
        """
        if (caller is None) != (onset is None):
            raise ValueError("caller frames and an onset detector go together")
        self._stop.clear()
        self._onset_at = None
        cancel = threading.Event()
        q: queue.Queue = queue.Queue(maxsize=self.lookahead)
        producer = threading.Thread(
            target=_produce, args=(iter(chunks), q, cancel), name="tts-producer", daemon=True
        )
        caller_it: Iterator[np.ndarray] | None = iter(caller) if caller is not None else None
        t_start = time.perf_counter()
        self._playing.set()
        producer.start()
        try:
            report = self._run(q, caller_it, onset, t_start)
        finally:
            self._playing.clear()
            cancel.set()
            _drain(q)
        if text is not None:
            report.requested = split_for_streaming(text, lang)
        return report

    def _run(self, q, caller_it, onset, t_start) -> PlaybackReport:
        fs, frame_s = self.frame_samples, self.frame_ms / 1000.0
        pending = np.zeros(0, dtype=np.int16)
        placed: list[PlacedSentence] = []
        requested: list[str] = []
        backends: list[str] = []
        queued = 0  # samples handed to ``pending`` so far
        written = 0  # frames written
        ended = False
        error: Exception | None = None
        first_audio = None
        underrun = 0.0
        last_write_end: float | None = None  # wall time when the last frame finishes playing
        next_due = None
        onset_ms = None
        speech_onset_ms = None
        interrupted = False

        while True:
            if self._stop.is_set():
                interrupted = True
                break
            # Fill one frame's worth (or learn that the stream ended).
            while pending.size < fs and not ended:
                wait0 = time.perf_counter()
                try:
                    item = q.get(timeout=frame_s)
                except queue.Empty:
                    if written:
                        underrun += time.perf_counter() - wait0
                    if self._stop.is_set():
                        break
                    continue
                if written:
                    underrun += time.perf_counter() - wait0 if pending.size == 0 else 0.0
                if item is _END:
                    ended = True
                elif isinstance(item, Exception):
                    error, ended = item, True
                else:
                    if item.sample_rate != self.rate:
                        error = ValueError(
                            f"chunk at {item.sample_rate} Hz given to a {self.rate} Hz sink"
                        )
                        ended = True
                        break
                    v0, v1 = voiced_span(item.pcm)
                    placed.append(
                        PlacedSentence(
                            item.sentence, queued, queued + item.pcm.size, v0, v1, item.backend
                        )
                    )
                    requested.append(item.sentence)
                    backends.append(item.backend)
                    queued += item.pcm.size
                    pending = np.concatenate((pending, item.pcm)) if pending.size else item.pcm
            if self._stop.is_set():
                interrupted = True
                break
            if pending.size == 0 and ended:
                break
            frame = pending[:fs]
            pending = pending[fs:]
            if frame.size < fs:
                frame = np.concatenate((frame, np.zeros(fs - frame.size, dtype=np.int16)))
            # Frame clock.
            if self.realtime:
                now = time.perf_counter()
                if next_due is None or next_due < now - frame_s:
                    next_due = now  # start, or resync after an underrun
                if self._stop.wait(max(0.0, next_due - now)):
                    interrupted = True
                    break
            # Full-duplex lock-step: the caller's audio of the frame that just played.
            if caller_it is not None and written:
                cf = next(caller_it, None)
                if cf is not None and onset.feed(np.asarray(cf)):
                    self._onset_at = time.perf_counter()
                    onset_ms = written * self.frame_ms
                    t = getattr(onset, "onset_t", None)
                    speech_onset_ms = None if t is None else t * 1000
                    interrupted = True
                    break
            self.out.write(frame.astype("<i2", copy=False).tobytes())
            now = time.perf_counter()
            if first_audio is None:
                first_audio = now - t_start
            written += 1
            last_write_end = now + frame_s
            if self.realtime:
                next_due += frame_s

        t_stop = time.perf_counter()
        played_samples = written * fs
        stop_latency = None
        if interrupted and self._onset_at is not None:
            if onset_ms is None:  # interrupt(): position when it was noticed
                onset_ms = written * self.frame_ms
            # Real time: the audible end (the last frame written still plays out its
            # 20 ms). Fast mode: nothing plays out; the time it took to stop writing.
            end = max(t_stop, last_write_end or t_stop) if self.realtime else t_stop
            stop_latency = max(0.0, end - self._onset_at) * 1000
        sentences = heard_by_time(placed, played_samples)
        if error is not None:
            log.error("playback ended early: %s", error)
        return PlaybackReport(
            heard_text=" ".join(s.heard for s in sentences),
            sentences=sentences,
            requested=requested,
            interrupted=interrupted,
            played_ms=written * self.frame_ms,
            first_audio_s=first_audio,
            onset_ms=onset_ms,
            speech_onset_ms=speech_onset_ms,
            stop_latency_ms=stop_latency,
            underrun_ms=underrun * 1000,
            backends=backends,
            error=error,
        )


def _produce(it: Iterator[SpeechChunk], q: queue.Queue, cancel: threading.Event) -> None:
    """Producer thread: pull sentences until the end, an error, or cancel."""
    try:
        for chunk in it:
            while not cancel.is_set():
                try:
                    q.put(chunk, timeout=0.05)
                    break
                except queue.Full:
                    continue
            if cancel.is_set():
                return
        _put_final(q, _END, cancel)
    except Exception as e:  # handed to the player, which reports it
        _put_final(q, e, cancel)
    finally:
        close = getattr(it, "close", None)
        if close is not None:
            try:
                close()
            except Exception:  # closing a half-run generator must not mask the result
                log.debug("closing the synthesis stream failed", exc_info=True)


def _put_final(q: queue.Queue, item, cancel: threading.Event) -> None:
    while not cancel.is_set():
        try:
            q.put(item, timeout=0.05)
            return
        except queue.Full:
            continue


def _drain(q: queue.Queue) -> None:
    try:
        while True:
            q.get_nowait()
    except queue.Empty:
        pass
