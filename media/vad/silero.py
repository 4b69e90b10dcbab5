"""silero-vad through onnxruntime, using the ONNX file the silero-vad package ships.

Why not ``silero_vad.load_silero_vad()``: the package imports torch, which
costs hundreds of MB of resident memory per process; onnxruntime alone runs
the same model in a few tens. The package folder is located without importing
it for the same reason.
"""

from __future__ import annotations

import importlib.util
from pathlib import Path

import numpy as np

from config.errors import SovrenError

WINDOW = 512  # 32 ms at 16 kHz: the only window size the 16 kHz model accepts
CONTEXT = 64  # samples of the previous window the model expects in front of each window


class MissingVadModel(SovrenError, RuntimeError):
    code = "vad_model_missing"
    next_step = "pip install silero-vad, or set media.vad.backend: webrtc"


def silero_model_path() -> Path:
    spec = importlib.util.find_spec("silero_vad")
    if spec is None or not spec.submodule_search_locations:
        raise MissingVadModel(
            "silero-vad is not installed; `.venv/bin/pip install silero-vad` "
            "(or set media.vad_backend: webrtc)"
        )
    path = Path(next(iter(spec.submodule_search_locations))) / "data" / "silero_vad.onnx"
    if not path.is_file():
        raise MissingVadModel(f"{path} is missing; reinstall silero-vad")
    return path


class SileroClassifier:
    name = "silero"
    window = WINDOW

    def __init__(self, model_path: Path | None = None):
        import onnxruntime as ort

        opts = ort.SessionOptions()
        # one thread: the model is tiny and the cores belong to whisper
        opts.intra_op_num_threads = 1
        opts.inter_op_num_threads = 1
        self._session = ort.InferenceSession(
            str(model_path or silero_model_path()),
            sess_options=opts,
            providers=["CPUExecutionProvider"],
        )
        self._sr = np.array(16000, dtype=np.int64)
        self.reset()

    @classmethod
    def from_settings(cls, s) -> SileroClassifier:
        """From ``media.silero`` (config/sections/vads.py, the detector registry's factory)."""
        return cls()

    def reset(self) -> None:
        self._state = np.zeros((2, 1, 128), np.float32)
        self._context = np.zeros(CONTEXT, np.float32)

    def probability(self, window: np.ndarray) -> float:
        x = np.concatenate((self._context, window.astype(np.float32, copy=False)))[None, :]
        out, self._state = self._session.run(
            None, {"input": x, "state": self._state, "sr": self._sr}
        )
        self._context = x[0, -CONTEXT:].copy()
        return float(out[0, 0])
