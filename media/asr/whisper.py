"""whisper.cpp (through pywhispercpp's bindings) behind a small, typed interface.

Why the low-level bindings (``_pywhispercpp``) rather than ``pywhispercpp.Model``:
``Model`` falls back to downloading a model when its path does not exist, and
the rules here are "nothing is downloaded, ever" and "a missing model is a
clear error". The bindings also give per-token probabilities (the confidence
the decision core weighs) and the detected language.

One ``WhisperModel`` per thread: a whisper context is not re-entrant; the
owner serialises calls (the media worker owns one per decoding thread).
"""

from __future__ import annotations

import atexit
import collections
import contextlib
import math
import time
from collections.abc import Callable
from dataclasses import dataclass, replace
from pathlib import Path

import numpy as np

from media.asr.errors import DecodeAborted, ModelError
from media.asr.ggml_file import HOW_TO_GET, GgmlInfo, inspect_ggml
from media.audio.errors import AudioError
from media.audio.pcm import SAMPLE_RATE
from media.audio.quality import analyse

# The OpenMP settings whisper.cpp should load with are set in the decoding process's
# environment by whoever starts it (media/asr/omp.py); nothing is written here.

# whisper's encoder sees 30 s windows of 1500 frames (20 ms each).
WINDOW_S = 30.0
_CTX_PER_S = 1500 / WINDOW_S
# Below this, whisper decodes unreliably; such snippets are padded with silence.
MIN_AUDIO_S = 0.3
MAX_TOKENS_BASE = 8
MAX_TOKENS_PER_S = 8
# whisper.cpp keeps one decoder per beam, at most WHISPER_MAX_DECODERS (8); its tools use 5
MAX_BEAM = 8


def check_beam_size(beam_size: int) -> int:
    """1 is greedy search; 2..MAX_BEAM a beam search of that width. Anything else is refused
    here, before whisper.cpp sees it (it would quietly clamp or fail deep inside a decode)."""
    if isinstance(beam_size, bool) or not isinstance(beam_size, int):
        raise ValueError(f"beam size must be a whole number 1-{MAX_BEAM}, not {beam_size!r}")
    if not 1 <= beam_size <= MAX_BEAM:
        raise ValueError(
            f"beam size {beam_size} is out of range: 1 (greedy) to {MAX_BEAM} (media.asr_beam_size)"
        )
    return beam_size


def _norm(word: str) -> str:
    return "".join(c for c in word.lower() if c.isalnum())


def loop_start(text: str) -> int | None:
    """Where a looping decoder's first repeat begins, in words; None when it does not loop.

    Looping means a phrase of 2-20 words said again at once, three times in a
    row for phrases of up to four words, twice for longer ones. A caller does
    repeat themselves ("no, no, no"), but a repeat carries no new meaning, so
    keeping the first copy loses nothing.
    """
    w = [_norm(x) for x in text.split()]
    for i in range(len(w)):
        for n in range(2, min(20, (len(w) - i) // 2) + 1):
            copies = 3 if n <= 4 else 2
            if i + copies * n <= len(w) and all(
                w[i + k * n : i + (k + 1) * n] == w[i : i + n] for k in range(1, copies)
            ):
                return i + n
    return None


@dataclass(frozen=True)
class Recognition:
    """One decoded piece of audio."""

    text: str
    confidence: float  # geometric mean of the text tokens' probabilities, 0 when no text
    lang: str
    audio_s: float
    decode_s: float
    n_tokens: int = 0
    # language identification among the caller's possible languages (``identify``), when run
    lang_probs: tuple[tuple[str, float], ...] = ()


class _WhisperLog:
    """whisper.cpp's log lines, kept (last 200) instead of printed.

    Why process-wide: whisper.cpp has one log hook per process. Its lines are
    useful only to explain a failed load, so they go into a bounded buffer. The
    hook is removed at exit because a Python callback must not outlive the
    interpreter.
    """

    lines: collections.deque[str] = collections.deque(maxlen=200)
    _installed = False

    @classmethod
    def install(cls, pw) -> None:
        if cls._installed:
            return
        pw.whisper_log_set(lambda level, text, *_: cls.lines.append(str(text).rstrip()))
        atexit.register(pw.whisper_log_set, None)
        cls._installed = True

    @classmethod
    def tail(cls, n: int = 3) -> str:
        return " | ".join(list(cls.lines)[-n:])


class WhisperModel:
    """A loaded ggml whisper model (greedy decoding, fixed thread count)."""

    def __init__(
        self,
        path: str | Path,
        *,
        threads: int = 2,
        language: str = "en",
        adaptive_ctx: bool = True,
        beam_size: int = 1,
        verify: bool = True,
        warm: bool = True,
    ):
        import _pywhispercpp as pw

        self._pw = pw
        self.beam_size = check_beam_size(beam_size)  # before any work: a bad value costs nothing
        self.path = Path(path)
        self.info: GgmlInfo = inspect_ggml(self.path) if verify else None  # type: ignore[assignment]
        if language == "auto-en":  # the call starts in English; another model takes the rest
            language = "en"
        if language not in ("auto", "en") and self.info is not None and not self.info.multilingual:
            raise ModelError(
                f"whisper model {self.path} is English-only but media.asr_language is {language!r}; "
                f"use the multilingual base (`sovren models prepare --asr base`, whisper_model: base)"
            )
        _WhisperLog.install(pw)
        t0 = time.perf_counter()
        ctx = pw.whisper_init_from_file_with_params(
            str(self.path), pw.whisper_context_default_params()
        )
        if ctx is None:
            raise ModelError(
                f"whisper.cpp could not load {self.path} ({_WhisperLog.tail()}); {HOW_TO_GET}"
            )
        self.load_s = time.perf_counter() - t0
        self._ctx = ctx
        self.multilingual = bool(pw.whisper_is_multilingual(ctx))
        self.language = language if self.multilingual else "en"
        self.threads = threads
        self.adaptive_ctx = adaptive_ctx
        self.temperature_inc = 0.0  # whisper's sampling fallback; off (measured: docs/asr.md)
        self._eot = pw.whisper_token_eot(ctx)
        self._params = self._make_params()
        self._abort: Callable[[], bool] | None = None
        self._raw = None  # the context through ctypes, for identify (media/asr/nogil.py)
        if warm:
            self.warm_up()

    def warm_up(self) -> None:
        """The first decode pays for buffer allocation and paging the weights in
        (seconds): pay it at start-up, not on a caller's first words, and in the
        thread that will decode (whisper.cpp's OpenMP threads belong to it).

        Not on zeros: ``transcribe`` skips silent audio without running whisper.
        A soft noise runs the encoder at an utterance-sized context, which also
        leaves that context in place for ``identify``'s first language check."""
        rng = np.random.default_rng(0)
        noise = (0.02 * rng.standard_normal(SAMPLE_RATE)).astype(np.float32)
        self.transcribe(noise, language="en")

    def _make_params(self):
        pw = self._pw
        p = pw.whisper_full_default_params(pw.whisper_sampling_strategy.WHISPER_SAMPLING_GREEDY)
        p.n_threads = self.threads
        p.print_progress = False
        p.print_realtime = False
        p.print_timestamps = False
        p.print_special = False
        p.no_timestamps = True  # utterances are short; timestamps cost tokens
        p.single_segment = True
        p.no_context = True  # each call stands alone; context goes in via the prompt
        p.suppress_blank = True
        p.suppress_nst = True  # no "[Music]" or "(laughs)" for a hotel's ledger
        p.temperature_inc = 0.0  # no sampling fallbacks: one deterministic pass
        return p

    def close(self) -> None:
        if self._ctx is not None:
            self._pw.whisper_free(self._ctx)
            self._ctx = None

    def __del__(self):
        with contextlib.suppress(Exception):
            self.close()

    def _audio_ctx(self, seconds: float) -> int:
        if not self.adaptive_ctx or seconds >= WINDOW_S - 1:
            return 0
        # the encoder's cost scales with its context: give it the audio plus a margin,
        # in multiples of 64 frames, never below 384 (shorter hurts accuracy)
        n = math.ceil((seconds + 1.0) * _CTX_PER_S / 64) * 64
        return 0 if n >= 1500 else max(384, n)

    def transcribe(
        self,
        samples: np.ndarray,
        *,
        language: str | None = None,
        prompt: str = "",
        threads: int | None = None,
        abort: Callable[[], bool] | None = None,
        beam_size: int | None = None,
    ) -> Recognition:
        """Decode up to 30 s of mono 16 kHz float32 audio (longer: use ``transcribe_long``).

        ``threads`` overrides the model's thread count for this decode (a pool
        gives a lone decode both cores, two concurrent ones one each); ``abort``
        is asked between whisper's compute steps and stops a decode whose result
        is no longer wanted (raises ``DecodeAborted``); ``beam_size`` overrides
        the model's search for this decode (1 = greedy).
        """
        x = np.ascontiguousarray(samples, dtype=np.float32).reshape(-1)
        audio_s = x.size / SAMPLE_RATE
        if x.size == 0:
            raise AudioError("no audio to transcribe (0 samples)")
        if not np.isfinite(x).all():
            raise AudioError("audio holds NaN or infinite samples")
        if audio_s > WINDOW_S:
            return self.transcribe_long(
                x, language=language, threads=threads, abort=abort, beam_size=beam_size
            )
        if analyse(x).silent:
            # whisper invents "Thank you." on silence; nothing was said, so say nothing
            return Recognition("", 0.0, language or self.language, audio_s, 0.0)
        if audio_s < MIN_AUDIO_S:
            x = np.concatenate((x, np.zeros(int(MIN_AUDIO_S * SAMPLE_RATE) - x.size, np.float32)))
        # whisper needs a little silence after the last word to close it cleanly
        x = np.concatenate((x, np.zeros(SAMPLE_RATE // 5, np.float32)))
        lang = language or self.language
        padded_s = x.size / SAMPLE_RATE
        # A speaker manages about 4 tokens a second; a decode far beyond that is looping.
        cap = int(MAX_TOKENS_BASE + MAX_TOKENS_PER_S * padded_s)
        ctx = self._audio_ctx(padded_s)
        self._set_run(threads, abort, self.beam_size if beam_size is None else beam_size)
        r = self._decode(x, lang, ctx, cap, prompt, audio_s)
        cut = loop_start(r.text)
        if cut is not None:
            # A shrunk encoder context sometimes sends the decoder round again
            # ("Can I bring my dog? Can I bring my dog? ..."); the first copy is
            # the transcript (whisper's own 30 s window, which does not loop, costs
            # ~1 s on these cores: measured in docs/asr.md).
            r = replace(r, text=" ".join(r.text.split()[:cut]))
        elif ctx and r.n_tokens >= cap - 1:
            # ran to the token cap without a repeat: the short context garbled the
            # audio; pay for the full window only then
            slow = self._decode(x, lang, 0, cap, prompt, audio_s)
            r = replace(slow, decode_s=r.decode_s + slow.decode_s)
        return r

    def _set_run(
        self, threads: int | None, abort: Callable[[], bool] | None, beam_size: int = 1
    ) -> None:
        p = self._params
        pw = self._pw
        p.n_threads = threads or self.threads
        beam = check_beam_size(beam_size)
        strategy = pw.whisper_sampling_strategy
        p.strategy = (
            strategy.WHISPER_SAMPLING_GREEDY if beam == 1 else strategy.WHISPER_SAMPLING_BEAM_SEARCH
        )
        p.beam_search = {"beam_size": beam, "patience": -1.0}
        p.temperature_inc = self.temperature_inc
        if abort is None:
            p.clear_abort_callback()
        else:
            p.set_abort_callback(lambda *_: bool(abort()))
        self._abort = abort

    def _decode(
        self, x: np.ndarray, lang: str, audio_ctx: int, cap: int, prompt: str, audio_s: float
    ) -> Recognition:
        pw = self._pw
        p = self._params
        # "" = detect (the string "auto" works too but logs a complaint)
        p.language = ("" if lang == "auto" else lang) if self.multilingual else "en"
        p.audio_ctx = audio_ctx
        p.max_tokens = cap
        p.initial_prompt = prompt
        t0 = time.perf_counter()
        rc = pw.whisper_full(self._ctx, p, x, x.size)
        decode_s = time.perf_counter() - t0
        if rc != 0:
            if self._abort is not None and self._abort():
                raise DecodeAborted(f"decode of {audio_s:.2f} s abandoned (no longer wanted)")
            raise RuntimeError(f"whisper.cpp failed to decode ({rc})")
        words: list[str] = []
        logp, n = 0.0, 0
        for seg in range(pw.whisper_full_n_segments(self._ctx)):
            words.append(
                pw.whisper_full_get_segment_text(self._ctx, seg).decode("utf-8", "replace")
            )
            for k in range(pw.whisper_full_n_tokens(self._ctx, seg)):
                if pw.whisper_full_get_token_id(self._ctx, seg, k) >= self._eot:
                    continue  # special and timestamp tokens say nothing about the words
                logp += math.log(max(pw.whisper_full_get_token_p(self._ctx, seg, k), 1e-9))
                n += 1
        text = " ".join(w.strip() for w in words if w.strip())
        detected = lang
        if self.multilingual and lang == "auto":
            detected = pw.whisper_lang_str(pw.whisper_full_lang_id(self._ctx))
        elif not self.multilingual:
            detected = "en"
        return Recognition(
            text=text,
            confidence=math.exp(logp / n) if n and text else 0.0,
            lang=detected,
            audio_s=audio_s,
            decode_s=decode_s,
            n_tokens=n,
        )

    def identify(
        self,
        samples: np.ndarray,
        candidates: tuple[str, ...],
        *,
        threads: int | None = None,
        abort: Callable[[], bool] | None = None,
    ) -> dict[str, float]:
        """P(language) among ``candidates`` only (renormalised), from whisper's language token.

        Abandoning it midway is not possible (``abort`` is not consulted): it is
        one encoder pass and one decoder step.

        Why not ``transcribe(language="auto")``: whisper picks among all 99
        languages, and on a phone line it hears German as Polish or Hindi; a
        hotel answers in a few. Why not whisper.cpp's detection inside
        ``whisper_full``: it encodes a full 30 s window before the shrunk
        context applies (+0.4-2 s); here the encoder runs on the context the
        last decode of this model set (the utterance-sized one), one decoder step.
        Called through ctypes so the GIL is free meanwhile (media/asr/nogil.py).
        """
        if not self.multilingual:
            raise ModelError(f"whisper model {self.path} is English-only; it cannot tell languages")
        pw = self._pw
        x = np.ascontiguousarray(samples, dtype=np.float32).reshape(-1)
        x = np.concatenate((x, np.zeros(SAMPLE_RATE // 5, np.float32)))
        n = threads or self.threads
        n_langs = pw.whisper_lang_max_id() + 1
        if self._raw is None:
            from media.asr.nogil import raw_context

            self._raw = raw_context(pw, self._ctx) or False
        if self._raw:  # through ctypes: the GIL is released while the encoder runs
            top, probs = self._raw.lang_probs(x, n_langs, n)
        else:  # the bindings hold the GIL for this (media/asr/nogil.py)
            if pw.whisper_pcm_to_mel(self._ctx, x, x.size, n) != 0:
                raise RuntimeError("whisper.cpp could not compute the mel spectrogram")
            probs = np.zeros(n_langs, np.float32)
            top = pw.whisper_lang_auto_detect(self._ctx, 0, n, probs)
        if top < 0:
            raise RuntimeError("whisper.cpp language detection failed")
        p = {
            c: float(probs[pw.whisper_lang_id(c)]) for c in candidates if pw.whisper_lang_id(c) >= 0
        }
        total = sum(p.values())
        if not p or total <= 0:
            return {c: 1.0 / len(candidates) for c in candidates}
        return {c: v / total for c, v in p.items()}

    def transcribe_long(
        self,
        samples: np.ndarray,
        *,
        language: str | None = None,
        threads: int | None = None,
        abort: Callable[[], bool] | None = None,
        beam_size: int | None = None,
    ) -> Recognition:
        """Any length: cut at quiet points into pieces under 25 s, decoded one by one."""
        pieces = split_long(samples)
        texts, logps, n_tok, decode_s = [], 0.0, 0, 0.0
        lang = language or self.language
        for piece in pieces:
            # no prompt from the previous piece: whisper then tends to repeat it
            r = self.transcribe(
                piece, language=lang, threads=threads, abort=abort, beam_size=beam_size
            )
            if lang == "auto" and r.text:
                lang = r.lang  # a caller keeps their language within a monologue
            decode_s += r.decode_s
            if r.text:
                texts.append(r.text)
                logps += math.log(max(r.confidence, 1e-9)) * r.n_tokens
                n_tok += r.n_tokens
        return Recognition(
            text=" ".join(texts),
            confidence=math.exp(logps / n_tok) if n_tok else 0.0,
            lang=lang if lang != "auto" else "en",
            audio_s=samples.size / SAMPLE_RATE,
            decode_s=decode_s,
            n_tokens=n_tok,
        )


def split_long(x: np.ndarray, *, target_s: float = 20.0, max_s: float = 25.0) -> list[np.ndarray]:
    """Cut at the quietest 100 ms between ``target_s - 8`` and ``max_s`` of each piece."""
    sr = SAMPLE_RATE
    hop = sr // 10
    out, start = [], 0
    while x.size - start > max_s * sr:
        lo, hi = start + int((target_s - 8) * sr), start + int(max_s * sr)
        seg = x[lo:hi]
        n = seg.size // hop
        energy = np.square(seg[: n * hop].reshape(n, hop)).mean(axis=1)
        cut = lo + int(np.argmin(energy)) * hop + hop // 2
        out.append(x[start:cut])
        start = cut
    out.append(x[start:])
    return out


def default_model_name(language: str) -> str:
    """The model a language setting decodes with first (``auto-en``: English until told otherwise)."""
    return "tiny.en" if language in ("en", "auto-en") else "base"


def model_names(media_config) -> dict[str, str]:
    """Which models the configuration needs: "en" (English-only decodes) and/or "multi".

    ``auto-en`` (the default) needs both: tiny.en for the English calls, base for
    a call whose caller turns out to speak another language (media/asr/streaming.py).
    """
    lang = media_config.asr_language
    first = media_config.whisper_model or default_model_name(lang)
    if lang == "auto-en":
        return {"en": first, "multi": media_config.whisper_model_multilingual or "base"}
    return {"en" if lang == "en" else "multi": first}


def resolve_model_path(
    media_config=None,
    data_dir: Path | None = None,
    *,
    prepare: bool = False,
    name: str | None = None,
) -> Path:
    """The ggml file the configuration names.

    ``media.whisper_model`` may be a path, or a packaged name ("tiny.en",
    "base") living in ``<data_dir>/models``; unset, the name follows
    ``media.asr_language``. With ``prepare`` a missing packaged model is
    converted (locally, with a progress bar); otherwise it is an error that
    says to run ``sovren models prepare``.
    """
    from media.asr.convert import (
        PACKAGED_MODELS,
        cached_model_path,
        ensure_converted,
        verify_cached,
    )

    if media_config is None or data_dir is None:
        from config import get_settings

        s = get_settings()
        media_config = media_config or s.media
        data_dir = data_dir or s.data_dir
    name = name or media_config.whisper_model or default_model_name(media_config.asr_language)
    if name in PACKAGED_MODELS:
        if prepare:
            return ensure_converted(name, Path(data_dir))
        path = cached_model_path(Path(data_dir), name)
        if not path.is_file():
            raise ModelError(
                f"whisper model file {path} does not exist; run `sovren models prepare --asr {name}` "
                f"to convert it from the installed package"
            )
        verify_cached(path)
        return path
    path = Path(name).expanduser()
    if not path.is_absolute():
        path = Path(data_dir) / path if not path.exists() else path.resolve()
    if not path.is_file():
        raise ModelError(
            f"whisper model file {path} (media.whisper_model) does not exist; {HOW_TO_GET}"
        )
    return path


def resolve_model_paths(
    media_config, data_dir: Path | None = None, *, prepare: bool = False
) -> dict[str, Path]:
    """Every model the configuration needs ("en" and/or "multi"), resolved (and converted)."""
    return {
        k: resolve_model_path(media_config, data_dir, prepare=prepare, name=n)
        for k, n in model_names(media_config).items()
    }


def load_model(
    media_config=None,
    data_dir: Path | None = None,
    *,
    prepare: bool = False,
    warm: bool = True,
    which: str | None = None,
) -> WhisperModel:
    """The configured whisper model, loaded (see ``resolve_model_path``).

    ``which`` ("en" or "multi") picks one of the two models ``auto-en`` uses;
    by default the one a call starts with.
    """
    if media_config is None:
        from config import get_settings

        media_config = get_settings().media
    names = model_names(media_config)
    key = which or next(iter(names))
    path = resolve_model_path(media_config, data_dir, prepare=prepare, name=names[key])
    lang = media_config.asr_language
    if lang == "auto-en":
        lang = "en" if key == "en" else "auto"
    return WhisperModel(
        path,
        threads=media_config.asr_threads,
        language=lang,
        beam_size=media_config.asr_beam_size,
        warm=warm,
    )


def load_model_set(
    media_config, data_dir: Path | None = None, *, prepare: bool = False, warm: bool = True
) -> dict[str, WhisperModel]:
    """One context of each model the configuration needs, keyed "en" / "multi"."""
    return {
        k: load_model(media_config, data_dir, prepare=prepare, warm=warm, which=k)
        for k in model_names(media_config)
    }
