"""Call recording (``media.record_calls``, off by default): both sides of each audio call
to WAV files, written by a thread of its own.

Why here and why a thread: the media worker is the one process that has both the
caller's audio (every frame enters through it) and the audio the caller hears (every
reply frame leaves through it), so nothing is sent anywhere for recording. Writing to
disk must never delay a frame: the worker's threads only ``put`` a frame on a bounded
queue (an append), and this thread does the file work. If the disk cannot keep up the
queue fills and frames are dropped and counted, never waited for; the call's recording
is then reported as incomplete (an alert), the call itself is untouched.

Files: ``fabric.recordings`` (``<data_dir>/recordings/<call>/{caller,reply}.wav``,
16-bit mono at the call's rate, folder 0700, files 0600: they are personal data). A side
is written to ``<side>.wav.part`` and renamed when the call ends, so a finished file is
a complete WAV and a half-written one is never played. Retention (``storage.
retention_days.audio``) and the erasure of a caller remove them (ledger/retention.py).
The reply side is what was played, reply after reply, without the silence between them.
"""

from __future__ import annotations

import logging
import os
import queue
import threading
import wave
from collections import deque
from collections.abc import Callable
from pathlib import Path

from fabric.recordings import SIDES, recording_path

log = logging.getLogger("sovren.media.recording")
QUEUE_FRAMES = 6000  # two minutes of 20 ms frames waiting for the disk before any is dropped
_CLOSE = b""


class CallRecorder:
    """One per media worker: ``put`` from any thread, ``finish`` when a call ends."""

    def __init__(
        self,
        data_dir: str | Path,
        rate: int,
        on_problem: Callable[[str, str], None],
        *,
        max_queued: int = QUEUE_FRAMES,
    ):
        self.data_dir = Path(data_dir)
        self.rate = rate
        self.on_problem = on_problem  # (call_id, message): reported by the worker's main thread
        self._q: queue.Queue = queue.Queue(maxsize=max_queued)
        self._open: dict[tuple[str, str], wave.Wave_write] = {}
        self._dropped: dict[str, int] = {}
        self._failed: set[str] = set()
        self._late: deque[str] = deque()  # calls that ended while the queue was full
        self._thread = threading.Thread(target=self._run, name="call-recorder", daemon=True)
        self._thread.start()

    # -- any thread --------------------------------------------------------------
    def put(self, call_id: str, side: str, pcm: bytes) -> None:
        """Queue one frame of 16-bit mono PCM; never blocks."""
        if not pcm:
            return
        try:
            self._q.put_nowait((call_id, side, pcm))
        except queue.Full:
            self._dropped[call_id] = self._dropped.get(call_id, 0) + 1

    def finish(self, call_id: str) -> None:
        """The call ended: close both sides once everything queued before is written."""
        try:
            self._q.put_nowait((call_id, "", _CLOSE))
        except queue.Full:  # the recorder thread finishes it when the queue has drained
            self._late.append(call_id)

    def close(self, timeout: float = 10.0) -> None:
        self._q.put(None)
        self._thread.join(timeout)

    # -- the recorder's thread ----------------------------------------------------
    def _run(self) -> None:
        while True:
            try:
                item = self._q.get(timeout=1.0)
            except queue.Empty:
                while self._late:
                    self._finish(self._late.popleft())
                continue
            if item is None:
                for call_id in {c for c, _ in self._open}:
                    self._finish(call_id)
                return
            call_id, side, pcm = item
            if pcm is _CLOSE or not pcm:
                self._finish(call_id)
                continue
            if call_id in self._failed:
                continue
            try:
                self._writer(call_id, side).writeframesraw(pcm)
            except Exception as e:  # a full or broken disk: this call's recording stops
                self._failed.add(call_id)
                log.error("call %s: recording failed: %s", call_id[:8], e)
                self.on_problem(call_id, f"recording stopped: {type(e).__name__}: {e}")

    def _writer(self, call_id: str, side: str) -> wave.Wave_write:
        w = self._open.get((call_id, side))
        if w is None:
            final = recording_path(self.data_dir, call_id, side)
            final.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
            part = final.with_name(final.name + ".part")
            w = wave.open(str(part), "wb")  # noqa: SIM115 - open for the whole call, closed in _finish
            os.chmod(part, 0o600)  # the folder is 0700 already; the file says it too
            w.setnchannels(1)
            w.setsampwidth(2)
            w.setframerate(self.rate)
            self._open[(call_id, side)] = w
        return w

    def _finish(self, call_id: str) -> None:
        for side in SIDES:
            w = self._open.pop((call_id, side), None)
            if w is None:
                continue
            final = recording_path(self.data_dir, call_id, side)
            try:
                w.close()  # patches the header's lengths
                os.replace(final.with_name(final.name + ".part"), final)
            except Exception as e:
                self.on_problem(call_id, f"recording not finished: {type(e).__name__}: {e}")
        self._failed.discard(call_id)
        dropped = self._dropped.pop(call_id, 0)
        if dropped:
            self.on_problem(
                call_id,
                f"recording incomplete: {dropped} frames dropped (the disk did not keep up)",
            )
