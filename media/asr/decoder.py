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

Models: a worker may hold two contexts, "en" (tiny.en) and "multi" (base), for
``media.asr_language: auto-en``: English decodes go to the first, every other
language and the language check (``identify``: which of the hotel's languages,
then a decode in it unless it is the one the call already speaks) to the second.

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
from dataclasses import replace
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
        identify: tuple[str, ...] = (),
        prompt: str = "",
    ):
        self.audio = audio
        self.language = language
        self.prompt = prompt  # whisper's initial prompt (media/asr/hints.py), "" for none
        # language check: P(language) among these; decoded in the winner unless it is
        # ``language`` (the call's current one), whose transcript the submitter has
        self.identify = identify
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


ModelSet = dict[str, Any]  # "en" / "multi" -> WhisperModel


def model_set(m) -> ModelSet:
    """A bare model becomes a set of one, keyed by what it can do."""
    if isinstance(m, dict):
        return m
    return {"multi" if getattr(m, "multilingual", False) else "en": m}


def pick(models: ModelSet, job: DecodeJob):
    """English-only decodes to the English model when there is one, the rest to the multilingual."""
    if job.language == "en" and not job.identify and "en" in models:
        return models["en"]
    return models.get("multi") or models["en"]


def run_job(models: ModelSet, job: DecodeJob, threads: int | None, abort) -> Recognition:
    model = pick(models, job)
    if not job.identify:
        return model.transcribe(
            job.audio,
            language=job.language,
            prompt=job.prompt,
            threads=threads,
            abort=abort,
            # a partial is shown, never acted on: the model's wider search is kept for the words
            # a final is made of (docs/asr.md "Decoding")
            beam_size=1 if job.priority == Priority.PARTIAL else None,
        )
    t0 = time.perf_counter()
    probs = model.identify(job.audio, job.identify, threads=threads, abort=abort)
    best = max(probs, key=probs.__getitem__)
    ranked = tuple(sorted(probs.items(), key=lambda kv: -kv[1]))
    if best == job.language:  # the call's language stands; the submitter keeps its words
        return Recognition(
            "", 0.0, best, job.audio.size / 16000, time.perf_counter() - t0, lang_probs=ranked
        )
    r = model.transcribe(job.audio, language=best, threads=threads, abort=abort)
    return replace(r, lang=best, decode_s=time.perf_counter() - t0, lang_probs=ranked)


class Decoder:
    """The contract a StreamingRecognizer decodes through."""

    language: str
    busy: bool = False  # decodes are waiting for a worker
    can_identify: bool = False  # a multilingual model is there to tell languages apart

    def submit(
        self,
        audio: np.ndarray,
        *,
        language: str,
        priority: Priority,
        on_done: Callable[[DecodeJob], None] | None = None,
        identify: tuple[str, ...] = (),
        prompt: str = "",
    ) -> DecodeJob:
        job = DecodeJob(audio, language, priority, on_done, identify=identify, prompt=prompt)
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

    def __init__(self, model, language: str | None = None):
        self.models = model_set(model)
        first = next(iter(self.models.values()))
        self.language = language or ("auto-en" if len(self.models) > 1 else first.language)
        self.can_identify = "multi" in self.models

    def _accept(self, job: DecodeJob) -> None:
        job.started_at = time.perf_counter()
        try:
            job.finish(run_job(self.models, job, None, None))
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
        language: str | None = None,
    ):
        """``models``: one entry per worker, a model or a model set ({"en": .., "multi": ..})."""
        if not models:
            raise ValueError("a decode pool needs at least one whisper model")
        self.sets = [model_set(m) for m in models]
        self.models = [m for ms in self.sets for m in ms.values()]
        first = next(iter(self.sets[0].values()))
        self.language = language or ("auto-en" if len(self.sets[0]) > 1 else first.language)
        self.can_identify = all("multi" in ms for ms in self.sets)
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
            threading.Thread(target=self._work, args=(ms,), name=f"whisper-{i}", daemon=True)
            for i, ms in enumerate(self.sets)
        ]
        for w in self._workers:
            w.start()

    @classmethod
    def load(cls, media_config, data_dir, *, prepare: bool = False) -> DecodePool:
        """``media.asr_decoders`` contexts of the configured model, warmed by their workers."""
        from media.asr.whisper import load_model_set

        sets = [
            load_model_set(media_config, data_dir, prepare=prepare and i == 0, warm=False)
            for i in range(media_config.asr_decoders)
        ]
        return cls(
            sets,
            threads_alone=media_config.asr_threads,
            threads_shared=max(1, media_config.asr_threads // len(sets)),
            language=media_config.asr_language,
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
    def oldest_wait_s(self) -> float:
        """How long the oldest queued decode has waited for a worker (0 = none waits).

        What a caller feels of an overloaded recogniser: OPS sheds load on it.
        """
        now = time.perf_counter()
        with self._cv:
            waits = [
                now - j.submitted_at
                for *_, j in self._heap
                if not j.cancelled and j.started_at is None
            ]
        return max(waits, default=0.0)

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

    def _work(self, models: ModelSet) -> None:
        for model in models.values():
            warm = getattr(model, "warm_up", None)
            if warm is not None:
                warm()  # here: this thread makes every decode of this context from now on
        while (job := self._next()) is not None:
            with self._cv:
                alone = self._running == 1 and not self._heap
            try:
                r = run_job(
                    models,
                    job,
                    self.threads_alone if alone else self.threads_shared,
                    lambda job=job: job.cancelled or self._closed,
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
