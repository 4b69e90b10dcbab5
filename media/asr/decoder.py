"""Whisper decodes for every call of a media worker, most urgent first.

Why a queue of jobs rather than a lock around one model: with a lock, the call
whose caller has just stopped speaking waits behind another call's
speculative decode, and the waiting ear stops listening (its barge-in and
end-pointing fall behind). Here an ear only *submits* decodes and goes on
listening; the pool's workers take the most urgent job first:

    FINAL        the end-point fired: a caller is waiting for the answer
    COMMIT       words before a pause inside a long turn (the final needs them)
    SPECULATIVE  the first silence: maybe the end of the turn
    PARTIAL      a running transcript nobody acts on

and a speculative decode the caller talked over is dropped from the queue, or
stopped mid-decode (whisper.cpp's abort callback), so its CPU goes elsewhere.

Workers: each owns a whisper context of its own (a context is not
re-entrant) and makes its warm-up decode itself. A decode that runs alone
gets ``threads_alone`` threads (both cores); while another runs, each gets
``threads_shared``: under contention 1-thread decodes side by side beat
2-thread ones, whose OpenMP barriers stall when the cores are oversubscribed
(measured in docs/asr.md, with the OpenMP spin setting this needs, set in
media/asr/whisper.py).

``InlineDecoder`` runs each job inside ``submit``: the same interface,
synchronous, for tools and tests that feed one call and want events at once.
"""

from __future__ import annotations

import heapq
import itertools
import logging
import threading
import time
from collections.abc import Callable
from enum import IntEnum
from typing import Any

import numpy as np

from media.asr.errors import DecodeAborted
from media.asr.whisper import Recognition

log = logging.getLogger("sovren.media.asr")


class Priority(IntEnum):
    FINAL = 0
    COMMIT = 1
    SPECULATIVE = 2
    PARTIAL = 3


class DecodeJob:
    """One decode: submitted by an ear, run by a worker, read by the same ear."""

    def __init__(
        self,
        audio: np.ndarray,
        language: str,
        priority: Priority,
        on_done: Callable[[DecodeJob], None] | None = None,
    ):
        self.audio = audio
        self.language = language
        self.priority = priority
        self.on_done = on_done
        self.submitted_at = time.perf_counter()
        self.started_at: float | None = None
        self.finished_at: float | None = None
        self.end = 0  # the submitter's bookmark: where this audio ends in its stream
        self.seq = 0  # submission order, kept when promoted (FIFO within a priority)
        self.result: Recognition | None = None
        self.error: BaseException | None = None
        self._cancelled = False
        self._done = threading.Event()

    # -- the submitting ear ------------------------------------------------------
    def done(self) -> bool:
        return self._done.is_set()

    @property
    def cancelled(self) -> bool:
        return self._cancelled

    def cancel(self) -> None:
        """No longer wanted: dropped if still queued, stopped if running."""
        self._cancelled = True

    def wait_done(self, timeout: float | None = None) -> bool:
        """Block until the decode finished, failed or was dropped; False on timeout."""
        return self._done.wait(timeout)

    def wait(self, timeout: float | None = None) -> Recognition:
        if not self.wait_done(timeout):
            raise TimeoutError(f"decode not finished within {timeout} s")
        if self.error is not None:
            raise self.error
        assert self.result is not None
        return self.result

    # -- the worker --------------------------------------------------------------
    def finish(self, result: Recognition | None, error: BaseException | None = None) -> None:
        self.result, self.error = result, error
        self.finished_at = time.perf_counter()
        self._done.set()
        if self.on_done is not None:
            try:
                self.on_done(self)
            except Exception:  # a broken wake-up must not kill a decode worker
                log.exception("decode job callback failed")


class Decoder:
    """The contract a StreamingRecognizer decodes through."""

    language: str
    busy: bool = False  # decodes are waiting for a worker

    def submit(
        self,
        audio: np.ndarray,
        *,
        language: str,
        priority: Priority,
        on_done: Callable[[DecodeJob], None] | None = None,
    ) -> DecodeJob:
        job = DecodeJob(audio, language, priority, on_done)
        self._accept(job)
        return job

    def _accept(self, job: DecodeJob) -> None:
        raise NotImplementedError

    def promote(self, job: DecodeJob, priority: Priority) -> None:
        """A queued job became more urgent (its speculation turned out to be the final)."""
        job.priority = min(job.priority, priority)

    def close(self) -> None:
        pass


class InlineDecoder(Decoder):
    """Decodes in ``submit`` (the caller's thread); for one call at a time."""

    def __init__(self, model):
        self.model = model
        self.language = model.language

    def _accept(self, job: DecodeJob) -> None:
        audio, language = job.audio, job.language
        job.started_at = time.perf_counter()
        try:
            job.finish(self.model.transcribe(audio, language=language))
        except Exception as e:
            job.finish(None, e)


class DecodePool(Decoder):
    """Worker threads, one whisper context each, serving one priority queue."""

    def __init__(
        self,
        models: list[Any],
        *,
        threads_alone: int = 2,
        threads_shared: int = 1,
    ):
        if not models:
            raise ValueError("a decode pool needs at least one whisper model")
        self.models = models
        self.language = models[0].language
        self.threads_alone = threads_alone
        self.threads_shared = threads_shared
        self._heap: list[tuple[int, int, DecodeJob]] = []
        self._seq = itertools.count()
        self._cv = threading.Condition()
        self._running = 0
        self._closed = False
        self.decoded = 0  # jobs run to the end (benchmarks and OPS read these)
        self.dropped = 0  # cancelled before they started
        self.aborted = 0  # stopped mid-decode
        self._workers = [
            threading.Thread(target=self._work, args=(m,), name=f"whisper-{i}", daemon=True)
            for i, m in enumerate(models)
        ]
        for w in self._workers:
            w.start()

    @classmethod
    def load(cls, media_config, data_dir, *, prepare: bool = False) -> DecodePool:
        """``media.asr_decoders`` contexts of the configured model, warmed by their workers."""
        from media.asr.whisper import load_model

        models = [
            load_model(media_config, data_dir, prepare=prepare and i == 0, warm=False)
            for i in range(media_config.asr_decoders)
        ]
        return cls(
            models,
            threads_alone=media_config.asr_threads,
            threads_shared=max(1, media_config.asr_threads // len(models)),
        )

    def _accept(self, job: DecodeJob) -> None:
        with self._cv:
            if self._closed:
                raise RuntimeError("decode pool is closed")
            job.seq = next(self._seq)
            heapq.heappush(self._heap, (int(job.priority), job.seq, job))
            self._cv.notify()

    def promote(self, job: DecodeJob, priority: Priority) -> None:
        with self._cv:
            if priority >= job.priority or job.started_at is not None:
                job.priority = min(job.priority, priority)
                return
            job.priority = priority
            # re-queued under the new priority, in its first place among its peers (it
            # was submitted earlier than a final decoded from scratch); the old entry
            # is skipped when popped
            heapq.heappush(self._heap, (int(priority), job.seq, job))
            self._cv.notify()

    @property
    def queued(self) -> int:
        """Decodes waiting for a worker."""
        with self._cv:
            return sum(1 for *_, j in self._heap if not j.cancelled and j.started_at is None)

    @property
    def busy(self) -> bool:  # type: ignore[override]
        """Decodes are waiting: speculating now would only add to the wait."""
        return self.queued > 0

    def close(self) -> None:
        with self._cv:
            self._closed = True
            for *_, job in self._heap:
                job.cancel()
            self._cv.notify_all()
        for w in self._workers:
            w.join(timeout=30)
        for m in self.models:
            m.close()

    # -- workers -------------------------------------------------------------------
    def _next(self) -> DecodeJob | None:
        with self._cv:
            while True:
                while self._heap:
                    prio, _, job = heapq.heappop(self._heap)
                    if job.started_at is not None or prio != job.priority:
                        continue  # already taken under another entry (promoted)
                    if job.cancelled:
                        self.dropped += 1
                        job.finish(None, DecodeAborted("dropped before it started"))
                        continue
                    job.started_at = time.perf_counter()
                    self._running += 1
                    return job
                if self._closed:
                    return None
                self._cv.wait()

    def _work(self, model) -> None:
        warm = getattr(model, "warm_up", None)
        if warm is not None:
            warm()  # here: this thread makes every decode of this context from now on
        while (job := self._next()) is not None:
            with self._cv:
                alone = self._running == 1 and not self._heap
            try:
                r = model.transcribe(
                    job.audio,
                    language=job.language,
                    threads=self.threads_alone if alone else self.threads_shared,
                    abort=lambda job=job: job.cancelled or self._closed,
                )
                job.finish(r)
                self.decoded += 1
            except DecodeAborted as e:
                self.aborted += 1
                job.finish(None, e)
            except Exception as e:
                log.exception("whisper decode failed")
                job.finish(None, e)
            finally:
                with self._cv:
                    self._running -= 1
