"""The sentence encoder for the packaged weights, on the configured engine.

Why its own module: the turn reader (reading.py) and the embedded backend both
build it, and the embedded backend builds the reader; from here neither imports
the other back.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from agents.understanding.encoder import MiniLMEncoder

if TYPE_CHECKING:
    from config.settings import Settings


def make_encoder(settings: Settings):
    """The configured engine for the packaged weights (agents.understanding.engine)."""
    u = settings.agents.understanding
    if u.engine == "onnx":
        from agents.understanding.onnx_encoder import OnnxMiniLMEncoder, onnx_path

        return OnnxMiniLMEncoder(onnx_path(settings.data_dir, u.model_dir), u.model_dir)
    return MiniLMEncoder(u.model_dir)
