"""whisper.cpp's language detection called without holding Python's GIL.

Why: pywhispercpp's bindings release the GIL around ``whisper_full`` but not
around ``whisper_pcm_to_mel`` and ``whisper_lang_auto_detect``. Those run an
encoder pass (0.2-3 s on these cores), and holding the GIL for it would stall
every thread of the media worker: the other calls' ears (end-pointing,
barge-in) and the heartbeat the supervisor kills a silent worker for. ctypes
releases the GIL for the duration of a foreign call, so the same two functions
are called here through ctypes on the very library and context the bindings
loaded.

The context pointer is read from the binding's object (pybind11 keeps a
pointer to the wrapped ``whisper_context_wrapper``, whose first field is the
``whisper_context*``). That layout is not a public API, so it is checked
against the binding's own answers (vocabulary size, multilingual) before use;
on any mismatch ``raw_context`` returns None and the caller uses the bindings.
"""

from __future__ import annotations

import ctypes
import logging
from pathlib import Path

import numpy as np

log = logging.getLogger("sovren.media.asr")
_F32 = ctypes.POINTER(ctypes.c_float)
_lib: ctypes.CDLL | None = None


def _library(pw) -> ctypes.CDLL | None:
    global _lib
    if _lib is None:
        libs = sorted(Path(pw.__file__).parent.glob("pywhispercpp.libs/libwhisper-*.so*"))
        if not libs:
            return None
        lib = ctypes.CDLL(str(libs[0]))  # already loaded by the bindings: the same instance
        lib.whisper_n_vocab.argtypes = [ctypes.c_void_p]
        lib.whisper_is_multilingual.argtypes = [ctypes.c_void_p]
        lib.whisper_pcm_to_mel.argtypes = [ctypes.c_void_p, _F32, ctypes.c_int, ctypes.c_int]
        lib.whisper_lang_auto_detect.argtypes = [ctypes.c_void_p, ctypes.c_int, ctypes.c_int, _F32]
        _lib = lib
    return _lib


class RawContext:
    """A whisper context borrowed from the bindings (they own and free it)."""

    def __init__(self, lib: ctypes.CDLL, ptr: int):
        self._lib, self._ptr = lib, ptr

    def lang_probs(self, x: np.ndarray, n_langs: int, threads: int) -> tuple[int, np.ndarray]:
        """(top language id, P(every language)) of ``x`` (mono 16 kHz float32)."""
        x = np.ascontiguousarray(x, dtype=np.float32)
        probs = np.zeros(n_langs, np.float32)
        if self._lib.whisper_pcm_to_mel(self._ptr, x.ctypes.data_as(_F32), x.size, threads):
            raise RuntimeError("whisper.cpp could not compute the mel spectrogram")
        top = self._lib.whisper_lang_auto_detect(self._ptr, 0, threads, probs.ctypes.data_as(_F32))
        return top, probs


def raw_context(pw, ctx) -> RawContext | None:
    """The ``whisper_context*`` inside the bindings' ``ctx``, checked; None when unsure."""
    try:
        lib = _library(pw)
        if lib is None:
            return None
        holder = ctypes.c_void_p.from_address(id(ctx) + 2 * ctypes.sizeof(ctypes.c_void_p)).value
        ptr = ctypes.c_void_p.from_address(holder).value if holder else None
        if not ptr:
            return None
        if lib.whisper_n_vocab(ptr) != pw.whisper_n_vocab(ctx) or bool(
            lib.whisper_is_multilingual(ptr)
        ) != bool(pw.whisper_is_multilingual(ctx)):
            return None
        return RawContext(lib, ptr)
    except Exception as e:  # never worse than the bindings
        log.warning("whisper context not reachable through ctypes (%s); using the bindings", e)
        return None
