"""The same all-MiniLM-L6-v2 encoder run by onnxruntime: ~1.5-3x less CPU per utterance than numpy.

Why optional and prepared once: the ONNX file is exported from the packaged
weights with torch + onnx (``sovren understanding prepare``), which are set-up
tools, not run-time ones; the agents then need only onnxruntime. Why it is
faster: onnxruntime's GEMM handles the 3-30-row matrices of one utterance far
better than OpenBLAS does (measured in BENCHMARKS.md). The embeddings are the
same (mean pooling + L2 norm done here, tested against the numpy encoder).
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

import numpy as np

from agents.understanding.encoder import (
    BatchedEncoder,
    ModelMissingError,
    model_dir,
    weights_digest,
)

ONNX_NAME = "all-MiniLM-L6-v2.{digest}.onnx"


def onnx_path(data_dir: Path, configured: str | Path | None = None) -> Path:
    """Where the prepared file of these exact weights lives (the weights' digest is in the name)."""
    digest = weights_digest(model_dir(configured))
    return Path(data_dir) / "models" / ONNX_NAME.format(digest=digest)


def export(out: Path, configured: str | Path | None = None, progress=print) -> Path:
    """Export the packaged weights to ONNX (opset 17, dynamic batch and length); idempotent."""
    if out.is_file():
        progress(f"understanding model already prepared: {out}")
        return out
    try:
        import onnx  # noqa: F401  (torch's exporter needs it)
        import torch
        from transformers import AutoModel
    except ImportError as e:
        raise ModelMissingError(
            f"preparing the ONNX understanding model needs torch, transformers and onnx ({e.name} "
            "is missing): `pip install -e .[understanding]`"
        ) from e
    src = model_dir(configured)
    progress(f"[1/3] loading {src}")
    base = AutoModel.from_pretrained(str(src), local_files_only=True).eval()  # never the hub

    class _Hidden(torch.nn.Module):
        def __init__(self, bert):
            super().__init__()
            self.bert = bert

        def forward(self, input_ids, attention_mask):
            return self.bert(input_ids=input_ids, attention_mask=attention_mask).last_hidden_state

    out.parent.mkdir(parents=True, exist_ok=True)
    tmp = out.with_suffix(f".{os.getpid()}.tmp")  # two processes preparing at once never collide
    progress("[2/3] exporting to ONNX (about 10-30 s)")
    ids = torch.ones(1, 8, dtype=torch.int64)
    with torch.no_grad():
        torch.onnx.export(
            _Hidden(base),
            (ids, ids.clone()),
            str(tmp),
            input_names=["input_ids", "attention_mask"],
            output_names=["last_hidden_state"],
            dynamic_axes={
                "input_ids": {0: "batch", 1: "tokens"},
                "attention_mask": {0: "batch", 1: "tokens"},
                "last_hidden_state": {0: "batch", 1: "tokens"},
            },
            opset_version=17,
            dynamo=False,
        )
    tmp.replace(out)
    progress(f"[3/3] written {out} ({out.stat().st_size / 2**20:.0f} MiB)")
    return out


class OnnxMiniLMEncoder(BatchedEncoder):
    """Drop-in for MiniLMEncoder (``encode``, ``tokenizer``, ``hidden``), one intra-op thread."""

    def __init__(
        self, onnx_file: Path, configured: str | Path | None = None, max_tokens: int = 128
    ):
        try:
            import onnxruntime as ort
        except ImportError as e:
            raise ModelMissingError(
                "agents.understanding.engine is onnx but onnxruntime is not installed: "
                "`pip install onnxruntime`"
            ) from e
        from tokenizers import Tokenizer

        if not Path(onnx_file).is_file():
            raise ModelMissingError(
                f"the prepared understanding model {onnx_file} does not exist: run "
                "`sovren understanding prepare` once (or set agents.understanding.engine: numpy)"
            )
        self.path = Path(onnx_file)
        self.hidden = 384
        self.weights_digest = weights_digest(model_dir(configured))
        self.tokenizer = Tokenizer.from_file(str(model_dir(configured) / "tokenizer.json"))
        self.tokenizer.enable_truncation(max_length=max_tokens)
        self.tokenizer.enable_padding(pad_id=0, pad_token="[PAD]")
        so = ort.SessionOptions()
        # One thread: agents are single-threaded and the host is shared (see encoder.py).
        so.intra_op_num_threads = 1
        so.inter_op_num_threads = 1
        self._session = ort.InferenceSession(str(self.path), so, providers=["CPUExecutionProvider"])

    def _hidden_states(self, ids: np.ndarray, mask: np.ndarray) -> np.ndarray:
        (hidden,) = self._session.run(None, {"input_ids": ids, "attention_mask": mask})
        return hidden


def prepare_cli(data_dir: Path, configured: str | Path | None = None) -> int:
    out = onnx_path(data_dir, configured)
    export(out, configured, progress=lambda s: print(s, file=sys.stderr, flush=True))
    print(out)
    return 0
