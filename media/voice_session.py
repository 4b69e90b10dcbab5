"""One audio call inside the media worker: streaming recognition in, synthesized speech out.

Why threads, and who owns what: the media worker's main thread owns every ring
(rings are single-producer), so it never waits on a model. Each audio call gets
two threads of its own:

- the *ear* feeds the caller's 20 ms frames to a StreamingRecognizer (VAD,
  end-pointing); the recognizer hands its decodes to the worker's DecodePool
  (media/asr/decoder.py, shared by every call, most urgent first), so the ear
  never waits for whisper and keeps listening. It reports speech onsets and
  final transcripts to the main thread through ``events``, and on an onset
  during playback it interrupts the player at once (barge-in);
- the *mouth* plays approved replies through a PlaybackSink (sentence by
  sentence from the TTS fallback chain), handing each 20 ms frame to the main
  thread, and reports what the caller actually heard.

The main thread only moves items between ``events`` and the rings.

Turn-taking: a caller fed in real time may talk over a reply (barge-in). A
caller fed faster than real time (a WAV file pushed as fast as the fabric
takes it) would otherwise run far ahead of the conversation, so in that mode
the ear waits after each final transcript until the reply to it has been
played.
"""

from __future__ import annotations

import logging
import queue
import threading
import time
from collections import deque
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from media.audio.pcm import SAMPLE_RATE, float_to_int16

log = logging.getLogger("sovren.media.voice")
REPLY_WAIT_S = 60.0
ARRIVALS_KEPT = 3000
_WAKE = object()  # put on the ear's queue when one of its decodes finished


@dataclass(frozen=True)
class _Expect:
    """Put on the ear's queue: what the reply being said asks for (the recogniser is the
    ear's own, so the main thread does not touch it)."""

    what: str


class _FramesOut:
    """The mouth's FrameOut: every frame goes to the main thread, tagged with the reply."""

    def __init__(self, session: VoiceSession):
        self.session = session

    def write(self, frame: bytes) -> None:
        s = self.session
        at = time.perf_counter()  # when the caller's side got it: voice-to-voice ends here
        s.events.put((s.call_id, "audio", {"pcm": frame, "turn": s.speaking_turn, "at": at}))


@dataclass
class VoiceSession:
    call_id: str
    decoder: Any  # media.asr.decoder.DecodePool (or InlineDecoder)
    media: Any  # MediaConfig
    chain: Any  # TTS FallbackChain
    events: queue.Queue  # shared with the main thread: (call_id, kind, payload)
    realtime: bool = True
    languages: tuple[str, ...] = ("en", "de")  # hotel.languages: what a caller may speak
    rate: int = SAMPLE_RATE
    speaking_turn: int = 0
    _ear_q: queue.Queue = field(default_factory=queue.Queue)
    _mouth_q: queue.Queue = field(default_factory=queue.Queue)
    _reply_done: threading.Event = field(default_factory=threading.Event)
    _awaiting_reply: bool = False
    # (stream sample where a chunk ends, perf_counter when it arrived), main thread only:
    # when a word at stream time t reached the runtime (voice-to-voice latency starts there)
    _arrivals: deque = field(default_factory=lambda: deque(maxlen=ARRIVALS_KEPT))
    _fed: int = 0

    def __post_init__(self) -> None:
        from media.asr.streaming import StreamingRecognizer
        from media.playback.sink import PlaybackSink

        self.recognizer = StreamingRecognizer.from_config(
            self.decoder,
            self.media,
            on_ready=lambda: self._ear_q.put(_WAKE),
            languages=self.languages,
            barge_in=True,
        )
        self.sink = PlaybackSink(_FramesOut(self), self.rate, realtime=self.realtime)
        self._reply_done.set()
        self._ear = threading.Thread(
            target=self._ear_loop, name=f"ear-{self.call_id[:8]}", daemon=True
        )
        self._mouth = threading.Thread(
            target=self._mouth_loop, name=f"mouth-{self.call_id[:8]}", daemon=True
        )
        self._ear.start()
        self._mouth.start()

    # -- main thread -------------------------------------------------------------
    def hear(self, pcm: bytes, end: bool = False) -> None:
        if pcm:
            x = np.frombuffer(pcm, dtype="<i2").astype(np.float32) / 32768.0
            self._fed += len(x)
            self._arrivals.append((self._fed, time.perf_counter()))
            self._ear_q.put(x)
        if end:
            self._ear_q.put(None)

    def arrived_at(self, t: float) -> float | None:
        """When (perf_counter) the audio at stream second ``t`` arrived; None when that is
        older than the chunks kept (a minute of 20 ms frames)."""
        sample = t * self.rate
        found = None
        for end, at in reversed(self._arrivals):
            if end < sample:
                return found
            found = at
        # every kept chunk ends after t: t is in the oldest, or older than what is kept
        return found if len(self._arrivals) < ARRIVALS_KEPT else None

    def speak(self, text: str, lang: str, turn: int, expect: str = "") -> None:
        """Say ``text``; ``expect`` is what it asks for (SpeechArgs.expect): the ear decodes
        the answer accordingly. Every reply sets it, so it lasts until the next one."""
        self._ear_q.put(_Expect(expect))
        self._mouth_q.put((text, lang, turn))

    def turn_finished(self) -> None:
        """COMMAND closed the turn: once the mouth is idle the ear may go on."""
        self._mouth_q.put(("", "", -1))

    def close(self) -> None:
        self._ear_q.put(None)
        self._mouth_q.put(None)

    # -- the ear -----------------------------------------------------------------
    def _ear_loop(self) -> None:
        try:
            while True:
                try:
                    # a held turn (unfinished words) goes out by the clock if the line
                    # stops sending audio
                    x = self._ear_q.get(timeout=self.recognizer.due_in())
                except queue.Empty:
                    x = _WAKE
                if x is None:
                    self._post_all(self.recognizer.close())
                    break
                if isinstance(x, _Expect):
                    self.recognizer.expect(x.what)
                    continue
                # _WAKE: a decode finished, its final may be ready
                events = self.recognizer.poll() if x is _WAKE else self.recognizer.feed(x)
                if not self.realtime and self.recognizer.pending:
                    # a file fed faster than real time: its next words wait for this final
                    events += self.recognizer.wait_pending()
                for e in events:
                    if e.kind in ("barge_in", "speech_start") and self.sink.playing:
                        self.sink.interrupt(time.perf_counter())  # barge-in: stop now
                self._post_all(events)
                if not self.realtime and any(e.kind == "final" for e in events):
                    self._reply_done.clear()
                    self._reply_done.wait(REPLY_WAIT_S)
        except Exception as e:  # a broken ear must be reported, not hang the call
            log.exception("call %s: speech recognition failed", self.call_id[:8])
            self.events.put(
                (self.call_id, "error", {"where": "asr", "error": f"{type(e).__name__}: {e}"})
            )
        finally:
            self.events.put((self.call_id, "ear_closed", {}))

    def _post_all(self, events) -> None:
        for e in events:
            if e.kind in ("final", "speech_start"):
                self.events.put((self.call_id, e.kind, e))

    # -- the mouth ---------------------------------------------------------------
    def _mouth_loop(self) -> None:
        while True:
            item = self._mouth_q.get()
            if item is None:
                self._reply_done.set()
                return
            text, lang, turn = item
            if turn < 0:  # end of a turn
                if self._mouth_q.empty():
                    self._reply_done.set()
                continue
            self.speaking_turn = turn
            try:
                report = self.sink.play(
                    self.chain.synthesize_stream(text, lang, self.rate), text=text, lang=lang
                )
                self.events.put((self.call_id, "played", {"turn": turn, "report": report}))
            except Exception as e:
                log.exception("call %s: speech synthesis failed", self.call_id[:8])
                self.events.put(
                    (self.call_id, "error", {"where": "tts", "error": f"{type(e).__name__}: {e}"})
                )


def to_pcm16(x: np.ndarray) -> bytes:
    return float_to_int16(x).astype("<i2").tobytes()
