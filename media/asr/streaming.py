"""Streaming recognition: transcribe while the caller speaks, finalise at the end-point.

How little is left when the caller stops:
- with ``partial_interval_s`` set (off by default: nothing acts on a partial,
  and each costs a whole decode), every that much new speech the uncommitted
  audio is decoded again and reported as a partial, as long as partials have
  cost less than ``partial_budget`` of the speech time and processing keeps up
  with real time (on a loaded machine they are skipped rather than delay the
  final);
- at a pause inside a turn (silence of ``commit_pause_s``, shorter than the
  end-point silence) the audio before it is decoded once and committed: its
  words are settled and later decodes start after it, with its text as prompt;
- as soon as the trailing silence reaches ``speculate_s``, the audio up to the
  last speech is decoded as the final candidate; when the end-point then fires
  with no speech in between, that audio is exactly what the final covers, so
  the final is ready without another decode. If the caller goes on, the
  candidate is dropped.
A ``final`` event therefore only ever follows end-pointing, and its text comes
from a decode of exactly the utterance's audio (committed pieces + tail).

Two things can still delay a final after the end-point:
- **Unfinished words** (media/asr/turn_end.py): when the transcript ends
  where no sentence ends ("Hello, I would like", "mein Name ist"), the turn is
  held for ``hold_s`` more silence. Speech that starts within it joins the
  same final (texts joined, one turn); otherwise the final goes out when the
  window closes. Complete turns are not delayed at all.
- **The caller's language** (``language="auto-en"``): the call starts in
  English (tiny.en). A final whose English confidence is below
  ``identify_below``, or whose words do not read as English
  (media/asr/plausible.py: words far more frequent in another of the hotel's
  languages, or no English word; ``check_implausible``), is checked on the
  multilingual model among the hotel's ``languages``; when another one wins, that decode replaces the English
  words and the rest of the call is decoded in that language by the
  multilingual model. A confident, plausible English utterance of ``settle_words`` words,
  or a check that finds English at least ``settled_by_check`` probable, ends
  the checks for the call (English callers stop paying for them).

Concurrency: one instance per call, owned by one thread (the call's ear).
Decodes go to a decoder (media/asr/decoder.py): a ``DecodePool`` shared by
every call of the media worker runs them on its own threads, most urgent
first, so ``feed`` never waits for whisper; events whose decodes are still
running come out of a later ``feed`` or ``poll`` (the pool's ``on_ready`` says
when to poll). Given a bare model, decodes run inline in ``feed``, which then
returns every event at once (tools and tests).
"""

from __future__ import annotations

import logging
import math
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field, replace

import numpy as np

from media.asr.decoder import DecodeJob, Decoder, InlineDecoder, Priority
from media.asr.events import AsrEvent
from media.asr.hints import code_prompt
from media.asr.plausible import english_doubt
from media.asr.turn_end import unfinished_reason
from media.asr.whisper import Recognition
from media.audio.pcm import SAMPLE_RATE
from media.audio.quality import analyse
from media.vad.base import SpeechEvent
from media.vad.endpoint import EndPointer

SR = SAMPLE_RATE
# Whisper's token probabilities stay high on clipped audio although its words are
# less reliable there; the decision core sees only the confidence, so scale it.
CLIPPED_FACTOR = 0.7
# Language detection on less audio than this is a guess; it is not kept for the utterance.
LANG_LOCK_S = 2.0
_PAD = SR // 10  # audio kept after the last speech window: whisper closes words better
# A held turn is released by the wall clock this long after its stream-time deadline
# when no audio arrives (a line that stops sending frames in silence).
HOLD_WALL_MARGIN_S = 0.25
log = logging.getLogger("sovren.media.asr")
# words a speculative decode needs before its low confidence starts the language check
SPECULATIVE_CHECK_WORDS = 3


@dataclass
class _Utterance:
    index: int
    start: int  # absolute sample index of the first buffered sample (pre-roll included)
    onset: int  # absolute sample index of the speech onset
    chunks: list[np.ndarray] = field(default_factory=list)
    size: int = 0
    commit: int = 0  # absolute sample index up to which words are settled
    committed: list[DecodeJob] = field(default_factory=list)
    announced: int = 0  # committed pieces reported as partials so far
    last_decode_end: int = 0
    lang: str = ""
    began_lang: str = ""  # the call's language when it began: its first pieces' language
    candidate: tuple[int, int, DecodeJob] | None = None  # (from, to, decode)
    partial: DecodeJob | None = None  # the running-transcript decode under way
    check: tuple[int, DecodeJob] | None = None  # (to, language check) begun on the candidate
    characters: bool = False  # begun after a question for a code or a spelling
    partial_cost: float = 0.0  # wall seconds spent on partial decodes

    def append(self, x: np.ndarray) -> None:
        self.chunks.append(x)
        self.size += x.size

    def audio(self, a: int, b: int) -> np.ndarray:
        buf = np.concatenate(self.chunks) if len(self.chunks) != 1 else self.chunks[0]
        self.chunks = [buf]
        return buf[max(0, a - self.start) : max(0, b - self.start)]

    @property
    def end(self) -> int:
        return self.start + self.size


@dataclass
class _Closing:
    """An end-pointed utterance whose final waits for its decodes."""

    u: _Utterance
    ev: SpeechEvent
    end: int
    pieces: list[DecodeJob]
    endpointed_at: float  # perf_counter at the end-point
    check: DecodeJob | None = None  # the language check (auto-en), when one was needed


@dataclass
class _Held:
    """A final whose words ended unfinished: it waits for more speech to join it."""

    final: AsrEvent
    pieces: list[Recognition]
    deadline: int  # stream sample at which it goes out as it is
    wall_deadline: float  # the same on the clock, for a line that stops sending audio


class StreamingRecognizer:
    """``feed(frame) -> [AsrEvent]`` for one call's mono 16 kHz audio."""

    def __init__(
        self,
        model,
        endpointer: EndPointer,
        *,
        language: str | None = None,
        partial_interval_s: float = 0.0,
        pre_roll_s: float = 0.2,
        commit_pause_s: float = 0.2,
        min_commit_s: float = 2.0,
        speculate_s: float = 0.06,
        partial_budget: float = 0.5,
        max_lag_s: float = 0.25,
        hold_s: float = 0.0,
        languages: tuple[str, ...] = ("en", "de"),
        identify_below: float = 0.6,
        check_implausible: bool = True,
        settle_words: int = 4,
        settled_confidence: float = 0.7,
        settled_by_check: float = 0.9,
        characters_prompt: bool = False,
        on_event: Callable[[AsrEvent], None] | None = None,
        on_ready: Callable[[], None] | None = None,
        clock: Callable[[], float] = time.monotonic,
    ):
        # a decoder (``submit``) or a bare model, decoded inline
        self.decoder = model if isinstance(model, Decoder) else InlineDecoder(model)
        self.on_ready = on_ready
        self.vad = endpointer
        self.language = language or self.decoder.language
        # the call's language: auto-en starts in English and may switch once
        self.call_lang = "en" if self.language == "auto-en" else self.language
        self.candidates = tuple(dict.fromkeys(("en", *languages)))
        self._checking = (
            self.language == "auto-en" and self.decoder.can_identify and len(self.candidates) > 1
        )
        self.identify_below = identify_below
        self.check_implausible = check_implausible
        self.settle_words = settle_words
        self.settled_confidence = settled_confidence
        self.settled_by_check = settled_by_check
        self.hold = int(hold_s * SR)
        self.end_silence = int(round(endpointer.policy.end_silence_ms * SR / 1000))
        self._held: _Held | None = None
        self.partial_interval = int(partial_interval_s * SR)
        self.pre_roll = int(pre_roll_s * SR)
        self.commit_pause = commit_pause_s
        self.min_commit = int(min_commit_s * SR)
        self.speculate = speculate_s
        self.partial_budget = partial_budget
        self.max_lag = max_lag_s
        self._wall0: float | None = None
        self._clock = clock
        self.on_event = on_event
        self._fed = 0  # samples fed so far
        self._history: list[np.ndarray] = []  # recent audio for the pre-roll
        self._history_size = 0
        self._utt: _Utterance | None = None
        self._closing: list[_Closing] = []
        self._count = 0
        self.decode_seconds = 0.0  # wall time spent decoding (benchmarks read it)
        self._lock = threading.Lock()
        self.characters_prompt = characters_prompt
        self._expect = ""  # what the last question asked for (``expect``)

    def expect(self, what: str) -> None:
        """The runtime's last question asked for ``what`` ("characters": a confirmation
        number or a spelling; "" = anything). Utterances that begin from now on are decoded
        with the prompt for characters (media/asr/hints.py ``code_prompt``) when
        ``characters_prompt`` is on; the ear thread calls it (VoiceSession)."""
        self._expect = what

    @classmethod
    def from_config(
        cls,
        model,
        media_config=None,
        on_ready=None,
        languages=("en", "de"),
        barge_in: bool = False,
        **callbacks,
    ) -> StreamingRecognizer:
        """``barge_in``: also report "barge_in" events (media/vad/endpoint.py's early onset)
        for a caller who may talk over a reply."""
        from media.vad.factory import make_endpointer

        if media_config is None:
            from config import get_settings

            media_config = get_settings().media
        return cls(
            model,
            make_endpointer(media_config, barge_in=barge_in, **callbacks),
            language=media_config.asr_language,
            partial_interval_s=media_config.asr_partial_interval_ms / 1000,
            pre_roll_s=media_config.vad_pre_roll_ms / 1000,
            hold_s=media_config.turn_hold_unfinished_ms / 1000,
            languages=tuple(languages),
            identify_below=media_config.asr_identify_below,
            check_implausible=media_config.asr_check_implausible,
            settle_words=media_config.asr_settle_words,
            settled_confidence=media_config.asr_settled_confidence,
            settled_by_check=media_config.asr_settled_by_check,
            characters_prompt=media_config.asr_characters_prompt,
            on_ready=on_ready,
        )

    @property
    def time(self) -> float:
        return self._fed / SR

    # ------------------------------------------------------------------ feeding

    @property
    def lag_s(self) -> float:
        """How far processing trails real time (<= 0 when audio comes faster than real time)."""
        if self._wall0 is None:
            return 0.0
        return (self._clock() - self._wall0) - self._fed / SR

    def feed(self, frame: np.ndarray) -> list[AsrEvent]:
        frame = np.asarray(frame, dtype=np.float32).reshape(-1)
        if self._wall0 is None:
            self._wall0 = self._clock() - frame.size / SR
        self._fed += frame.size
        if self._utt is not None:
            self._utt.append(frame)
        self._remember(frame)
        out: list[AsrEvent] = []
        for ev in self.vad.feed(frame):
            if ev.kind == "onset":  # barge-in only: no utterance yet
                out.append(AsrEvent("barge_in", self._count + 1, ev.t, self.time))
            elif ev.kind == "start":
                self._start(ev, out)
            else:
                self._end(ev, out)
        if self._utt is not None and self.vad.in_speech:
            self._while_speaking(out)
        self._collect(out)
        return self._report(out)

    def poll(self) -> list[AsrEvent]:
        """Events whose decodes finished since the last ``feed`` or ``poll``."""
        out: list[AsrEvent] = []
        self._collect(out)
        return self._report(out)

    @property
    def pending(self) -> bool:
        """An end-pointed utterance still waits for its decodes."""
        return bool(self._closing)

    @property
    def held(self) -> bool:
        """A final waits because its words ended unfinished."""
        return self._held is not None

    def due_in(self) -> float | None:
        """Seconds until a held final goes out by the clock (None: nothing held).

        The owner waits for audio at most this long, then polls: a line that
        stops sending frames in silence must not keep the caller waiting.
        """
        if self._held is None:
            return None
        return max(0.0, self._held.wall_deadline - self._clock())

    def wait_pending(self, timeout: float = 60.0) -> list[AsrEvent]:
        """Block until every end-pointed utterance has its final (files fed faster than real time)."""
        out: list[AsrEvent] = []
        until = time.monotonic() + timeout
        while self._closing and time.monotonic() < until:
            c = self._closing[0]
            for job in [*c.pieces, *([c.check] if c.check is not None else [])]:
                job.wait_done(max(0.0, until - time.monotonic()))
            out += self.poll()
        return out

    def close(self) -> list[AsrEvent]:
        """End of the call's audio: an utterance still open is end-pointed where speech stopped."""
        out: list[AsrEvent] = []
        if self._utt is not None and self.vad.in_speech:
            last = self.vad.last_speech_time
            self.vad.reset()
            self._end(SpeechEvent("end", last, self.time), out)
        self._report(out)
        out += self.wait_pending()
        if self._held is not None:  # nothing more will come: the held words are the turn
            held, self._held = self._held, None
            out += self._report([replace(held.final, emitted_at=self.time)])
        return out

    def _report(self, out: list[AsrEvent]) -> list[AsrEvent]:
        if self.on_event is not None:
            for e in out:
                self.on_event(e)
        return out

    def _remember(self, frame: np.ndarray) -> None:
        self._history.append(frame)
        self._history_size += frame.size
        keep = self.pre_roll + 2 * SR  # pre-roll plus the onset detection delay, generously
        while self._history_size - self._history[0].size >= keep:
            self._history_size -= self._history.pop(0).size

    def _emit(self, out: list[AsrEvent], u: _Utterance, kind: str, t: float, **kw) -> None:
        out.append(
            AsrEvent(kind, u.index, t, self.time, start=u.onset / SR, **kw)  # type: ignore[arg-type]
        )

    # ------------------------------------------------------------------ transitions

    def _start(self, ev: SpeechEvent, out: list[AsrEvent]) -> None:
        onset = int(round(ev.t * SR))
        first = onset if ev.forced else max(0, onset - self.pre_roll)
        recent = np.concatenate(self._history) if self._history else np.zeros(0, np.float32)
        recent_start = self._fed - recent.size
        self._count += 1
        u = _Utterance(index=self._count, start=max(first, recent_start), onset=onset)
        u.append(recent[u.start - recent_start :])
        u.commit = u.start
        u.last_decode_end = u.start
        u.lang = u.began_lang = self.call_lang
        u.characters = self.characters_prompt and self._expect == "characters"
        self._utt = u
        # lag is judged within an utterance: a gap in delivery between turns (hold,
        # a lost RTP stretch) must not look like a backlog for the rest of the call
        self._wall0 = self._clock() - self._fed / SR
        self._emit(out, u, "speech_start", ev.t, forced=ev.forced)

    def _end(self, ev: SpeechEvent, out: list[AsrEvent]) -> None:
        u = self._utt
        if u is None:
            return
        self._utt = None
        at = time.perf_counter()
        end = min(u.end, int(round(ev.t * SR)) + _PAD)
        if u.partial is not None:
            u.partial.cancel()
        tail = None
        check = None
        if u.check is not None:
            if u.check[0] == end and not u.committed:
                check = u.check[1]  # begun on the speculative decode: exactly this audio
            else:
                u.check[1].cancel()
        if u.candidate is not None and u.candidate[:2] == (u.commit, end):
            tail = u.candidate[2]  # the speculative decode covers exactly this audio
        else:
            if u.candidate is not None:
                u.candidate[2].cancel()
            if end - u.commit > _PAD:
                tail = self._decode(u, u.commit, end, Priority.FINAL)
        pieces = [*u.committed, *([tail] if tail is not None else [])]
        if check is not None:
            pieces.append(check)
        for job in pieces:
            self.decoder.promote(job, Priority.FINAL)
        self._closing.append(_Closing(u, ev, end, pieces, at, check=check))

    def _collect(self, out: list[AsrEvent]) -> None:
        """Report what finished decoding, in utterance order."""
        u = self._utt
        if u is not None:
            self._announce_commits(u, out)
            if u.partial is not None and u.partial.done():
                job, u.partial = u.partial, None
                if job.error is None:
                    r = job.result
                    u.partial_cost += r.decode_s
                    text = " ".join(x for x in (self._joined(u), r.text) if x)
                    self._emit(
                        out, u, "partial", job.end / SR, text=text, confidence=r.confidence,
                        lang=r.lang,
                    )  # fmt: skip
        while self._closing and all(j.done() for j in self._closing[0].pieces):
            if self._check_language(self._closing[0]):
                break  # the language check runs; its result finishes the utterance
            self._finish(self._closing.pop(0), out)
        self._release_held(out)

    def _check_language(self, c: _Closing) -> bool:
        """auto-en: True while this utterance waits for a check of the caller's language."""
        if c.check is not None:
            return not c.check.done()
        if c.u.began_lang != self.call_lang:
            # The call switched while this utterance was decoded in English (the caller went
            # on speaking during the first check): its words are decoded again in the call's
            # language, or a German caller's second sentence reaches the runtime as English.
            c.u.began_lang = c.u.lang = self.call_lang
            c.check = self.decoder.submit(
                c.u.audio(c.u.start, c.end).copy(),
                language=self.call_lang,
                priority=Priority.FINAL,
                on_done=self._ready,
            )
            c.pieces.append(c.check)
            return True
        if not self._checking or c.u.lang != "en":
            return False
        pieces = [_result(job) for job in c.pieces]
        text = " ".join(p.text for p in pieces if p.text)
        if not text:
            return False
        confidence = _joint_confidence(pieces)
        if self._sounds_english(text, confidence):
            if confidence >= self.settled_confidence and len(text.split()) >= self.settle_words:
                self._checking = False  # plainly English: this call pays for no more checks
            return False
        c.check = self.decoder.submit(
            c.u.audio(c.u.start, c.end).copy(),
            language="en",
            priority=Priority.FINAL,
            on_done=self._ready,
            identify=self.candidates,
        )
        c.pieces.append(c.check)  # its time counts as decode time at the end-point
        return True

    def _sounds_english(self, text: str, confidence: float) -> bool:
        """Confident English words that read as English: no language check for them.

        tiny.en writes a German caller as English words, at times with moderate
        confidence (0.63 seen): the words then tell (media/asr/plausible.py).
        """
        if confidence < self.identify_below:
            return False
        if not self.check_implausible:
            return True
        doubt = english_doubt(text, confidence, self.candidates)
        if doubt is not None:
            log.info("English at %.2f but %s: checking the language", confidence, doubt)
        return doubt is None

    def _switched(self, c: _Closing) -> Recognition | None:
        """The check's decode when the caller speaks another language; the call follows it."""
        job, c.check = c.check, None
        if job is None:
            return None
        c.pieces.remove(job)
        if job.error is not None or job.result is None:
            log.warning("language check failed (%s); the call stays in English", job.error)
            return None
        r = job.result
        if r.lang == "en" and dict(r.lang_probs).get("en", 0.0) >= self.settled_by_check:
            self._checking = False  # plainly English by the check: no more checks this call
        if r.lang == "en" or not r.text:
            return None
        if r.lang != self.call_lang:
            log.info("caller speaks %s (%s): switching the call", r.lang, r.lang_probs)
        self.call_lang, self._checking = r.lang, False
        if self._utt is not None:
            self._utt.lang = r.lang  # already speaking again: the rest of it in the new language
        return r

    def _finish(self, c: _Closing, out: list[AsrEvent]) -> None:
        u, ev = c.u, c.ev
        check = c.check
        switched = self._switched(c)
        pieces = [switched] if switched is not None else [_result(job) for job in c.pieces]
        lang = _lang_of(pieces, u.lang)
        text = " ".join(p.text for p in pieces if p.text).strip()
        jobs = [*c.pieces, *([check] if check is not None else [])]
        done_at = max((job.finished_at or c.endpointed_at for job in jobs), default=0.0)
        if not text:
            self._emit(out, u, "speech_end", ev.t, text=text, forced=ev.forced)
            return
        clipped = analyse(u.audio(u.onset, c.end)).clipped
        start, merged = u.onset / SR, 1
        held, self._held = self._held, None
        if held is not None:  # the caller finished the sentence the held words began
            pieces = held.pieces + pieces
            text = _continue(held.final.text, text)
            start, lang = held.final.start, held.final.lang
            clipped = clipped or held.final.clipped
            merged = held.final.merged + 1
        confidence = _joint_confidence(pieces) * (CLIPPED_FACTOR if clipped else 1.0)
        final = AsrEvent(
            "final",
            u.index,
            ev.t,
            self.time,
            text=text,
            confidence=confidence,
            lang=lang,
            start=start,
            forced=ev.forced,
            # what was still being decoded when the end-point fired
            decode_s=max(0.0, done_at - c.endpointed_at),
            clipped=clipped,
            merged=merged,
        )
        if self.hold and not ev.forced and unfinished_reason(text) is not None:
            deadline = int(round(ev.t * SR)) + self.end_silence + self.hold
            wall = self._clock() + max(0, deadline - self._fed) / SR + HOLD_WALL_MARGIN_S
            self._held = _Held(final, pieces, deadline, wall)
        else:
            out.append(final)
        self._emit(out, u, "speech_end", ev.t, text=text, forced=ev.forced)

    def _release_held(self, out: list[AsrEvent]) -> None:
        """A held final goes out once its window passed with no speech to join it."""
        h = self._held
        if h is None or self._utt is not None or self._closing:
            return  # the caller speaks again, or an utterance to join is being decoded
        if self._fed >= h.deadline or self._clock() >= h.wall_deadline:
            self._held = None
            out.append(replace(h.final, emitted_at=self.time))

    def _while_speaking(self, out: list[AsrEvent]) -> None:
        u = self._utt
        silence = self.vad.trailing_silence_s
        last_speech = int(round(self.vad.last_speech_time * SR))
        if silence <= 0 and u.candidate is not None:
            u.candidate[2].cancel()  # the caller spoke on: that was not the end
            u.candidate = None
            if u.check is not None:
                u.check[1].cancel()
                u.check = None
        self._speculate_check(u)
        end = last_speech + _PAD
        behind = self.lag_s > self.max_lag  # a loaded machine: only the decodes the final needs
        # Speculation pays only when whisper is idle: with decodes queued (other calls'
        # finals), it would only add to their wait; the end-point then submits the final.
        if (
            silence >= self.speculate
            and end <= u.end
            and end - u.commit > _PAD
            and not behind
            and (u.candidate is not None or not self.decoder.busy)
        ):
            if u.candidate is None or u.candidate[:2] != (u.commit, end):
                if u.candidate is not None:
                    u.candidate[2].cancel()
                job = self._decode(u, u.commit, end, Priority.SPECULATIVE)
                u.candidate = (u.commit, end, job)
            if silence < self.commit_pause or last_speech - u.commit < self.min_commit:
                return
        if (
            silence >= self.commit_pause
            and last_speech - u.commit >= self.min_commit
            and end <= u.end
        ):
            if u.candidate is not None and u.candidate[:2] == (u.commit, end):
                job = u.candidate[2]  # already decoding since the first silence
                self.decoder.promote(job, Priority.COMMIT)
            else:
                job = self._decode(u, u.commit, end, Priority.COMMIT)
            u.candidate = None
            u.committed.append(job)
            u.commit = end
            u.last_decode_end = end
            return
        # Partials are a luxury: when they have cost more than ``partial_budget`` of the
        # utterance's duration (a loaded machine), skip them so the final is not delayed.
        affordable = u.partial_cost < self.partial_budget * (u.end - u.start) / SR
        due = self.partial_interval and u.end - u.last_decode_end >= self.partial_interval
        if due and affordable and not behind and u.partial is None:
            u.partial = self._decode(u, u.commit, u.end, Priority.PARTIAL)
            u.last_decode_end = u.end

    def _speculate_check(self, u: _Utterance) -> None:
        """auto-en: begin the language check as soon as the speculative decode sounds unsure.

        It then runs during the rest of the end-point silence instead of after
        it (a German caller's first turn: ~0.2 s sooner). Only for an utterance
        decoded in one piece, and only while whisper has no queue.
        """
        cand = u.candidate
        if not self._checking or u.lang != "en" or u.committed or cand is None:
            return
        job = cand[2]
        if not job.done() or job.error is not None or job.result is None:
            return
        if u.check is not None and u.check[0] == cand[1]:
            return
        r = job.result
        # a word or two before a comma's pause ("Hello.") is too little to judge by:
        # English callers would pay for checks of their greetings
        if len(r.text.split()) < SPECULATIVE_CHECK_WORDS:
            return
        if self.decoder.busy or self._sounds_english(r.text, r.confidence):
            return
        if u.check is not None:
            u.check[1].cancel()
        check = self.decoder.submit(
            u.audio(u.start, cand[1]).copy(),
            language="en",
            priority=Priority.SPECULATIVE,
            on_done=self._ready,
            identify=self.candidates,
        )
        u.check = (cand[1], check)

    def _announce_commits(self, u: _Utterance, out: list[AsrEvent]) -> None:
        """Committed pieces, reported as partials in order once decoded (settled words)."""
        while u.announced < len(u.committed) and u.committed[u.announced].done():
            job = u.committed[u.announced]
            u.announced += 1
            settled = [_result(j) for j in u.committed[: u.announced]]
            self._emit(
                out,
                u,
                "partial",
                job.end / SR,
                text=" ".join(r.text for r in settled if r.text),
                lang=_lang_of(settled, u.lang),
            )

    # ------------------------------------------------------------------ decoding

    def _decode(self, u: _Utterance, a: int, b: int, priority: Priority) -> DecodeJob:
        # No text prompt from the committed words: on a short tail whisper then tends
        # to continue the prompt instead of transcribing the audio.
        # The one fixed prompt: after a question for a code, characters written as such.
        self._settle_language(u)
        prompt = code_prompt(u.lang) if u.characters else ""
        job = self.decoder.submit(
            u.audio(a, b).copy(), language=u.lang, priority=priority, on_done=self._ready,
            prompt=prompt,
        )  # fmt: skip
        job.end = b
        self._settle_language(u)
        return job

    def _ready(self, job: DecodeJob) -> None:
        # a worker thread: count, and wake the owner, who collects the result itself
        if job.result is not None:
            with self._lock:
                self.decode_seconds += job.result.decode_s
        if self.on_ready is not None:
            self.on_ready()

    def _settle_language(self, u: _Utterance) -> None:
        """Detected once per utterance on enough audio; later decodes reuse it.

        (An early 0.6 s piece hears German as Hindi and would lock that in.)
        """
        if u.lang != "auto":
            return
        for job in [*u.committed, *([u.candidate[2]] if u.candidate else [])]:
            r = job.result if job.done() else None
            if r is not None and r.text and r.audio_s >= LANG_LOCK_S:
                u.lang = r.lang
                return

    @staticmethod
    def _joined(u: _Utterance) -> str:
        done = [_result(j) for j in u.committed[: u.announced]]
        return " ".join(r.text for r in done if r.text)


def _result(job: DecodeJob) -> Recognition:
    """A finished decode's result; its error is raised in the owner's thread."""
    if job.error is not None:
        raise job.error
    assert job.result is not None
    return job.result


def _continue(held: str, more: str) -> str:
    """Held words and the words that finished them, as one sentence.

    Whisper closes each piece with a full stop or an ellipsis ("Hello, I would
    like."); inside the joined sentence that mark is wrong.
    """
    return f"{held.rstrip(' .…')} {more}".strip()


def _joint_confidence(pieces: list[Recognition]) -> float:
    n = sum(p.n_tokens for p in pieces if p.text)
    if not n:
        return 0.0
    return math.exp(
        sum(math.log(max(p.confidence, 1e-9)) * p.n_tokens for p in pieces if p.text) / n
    )


def _lang_of(pieces: list[Recognition], fallback: str) -> str:
    for p in pieces:
        if p.text and p.lang:
            return p.lang
    return fallback if fallback != "auto" else "en"
