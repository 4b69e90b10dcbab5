"""A tiny, randomly initialised StyleTTS2 checkpoint: proves the loading code, speaks noise.

Why: no package ships StyleTTS2 weights and nothing may be downloaded, so
tests and the benchmark build the real architecture (the package's
``build_model``) at toy dimensions, save it in the published checkpoint
layout (``{"net": {module: state_dict}}`` with a "module." prefix, as
multi-GPU training wrote it) next to a config.yml and a PL-BERT config, and
load that through ``StyleTTS2Backend`` exactly as a real checkpoint would be.
Figures measured with it say nothing about the real voice's quality or speed.
A test helper (bench/tts.py uses it from a checkout too), not part of the shipped package.
"""

from __future__ import annotations

import wave
from pathlib import Path

import numpy as np
import yaml

TINY_MODEL_PARAMS = {
    "multispeaker": False,
    "dim_in": 16,
    "hidden_dim": 512,  # fixed by the decoder (its asr_res takes 512 channels)
    "max_conv_dim": 512,
    "n_layer": 1,
    "n_mels": 80,
    "n_token": 178,
    "max_dur": 2,  # random durations stay ~1 frame per phoneme: short audio, fast tests
    "style_dim": 16,
    "dropout": 0.2,
    "decoder": {
        "type": "istftnet",
        "resblock_kernel_sizes": [3],
        "upsample_rates": [10, 6],  # x istft hop 5 = 300 samples per frame, as the real model
        "upsample_initial_channel": 512,  # fixed by the decoder too
        "resblock_dilation_sizes": [[1, 3, 5]],
        "upsample_kernel_sizes": [20, 12],
        "gen_istft_n_fft": 20,
        "gen_istft_hop_size": 5,
    },
    "slm": {"model": "none", "sr": 16000, "hidden": 32, "nlayers": 2, "initial_channel": 8},
    "diffusion": {
        "embedding_mask_proba": 0.1,
        "transformer": {"num_layers": 1, "num_heads": 2, "head_features": 8, "multiplier": 2},
        "dist": {"sigma_data": 0.2, "estimate_sigma_data": True, "mean": -3.0, "std": 1.0},
    },
}
TINY_PLBERT = {
    "vocab_size": 178,
    "hidden_size": 32,
    "num_attention_heads": 2,
    "intermediate_size": 64,
    "max_position_embeddings": 128,
    "num_hidden_layers": 1,
    "embedding_size": 16,
    "dropout": 0.1,
}
# Output samples per predicted duration frame: the decoder doubles the frame
# rate, upsamples x10 x6 and the iSTFT hops 5 -> 2 * 60 * 5 / 2 = 300 (24 kHz / 80 Hz).
SAMPLES_PER_FRAME = 300


def make_tiny_checkpoint(
    folder: str | Path,
    reference_pcm: np.ndarray | None = None,
    reference_rate: int = 22050,
    seed: int = 0,
) -> dict[str, Path]:
    """Write checkpoint.pth, config.yml, plbert/config.yml and reference.wav into ``folder``."""
    import torch
    from munch import Munch
    from transformers import AlbertConfig

    from media.tts.styletts2 import (
        _INFERENCE_KEYS,
        _import_package,
        _munchify,
        build_inference_model,
    )

    folder = Path(folder)
    (folder / "plbert").mkdir(parents=True, exist_ok=True)
    models, _, CustomAlbert = _import_package()
    torch.manual_seed(seed)
    torch.set_num_threads(1)  # building on a shared host: see StyleTTS2Backend(cpu_threads)
    bert = CustomAlbert(AlbertConfig(**TINY_PLBERT))
    nets = build_inference_model(models, _munchify(TINY_MODEL_PARAMS, Munch), bert)
    net = {
        k: {f"module.{name}": t for name, t in nets[k].state_dict().items()}
        for k in _INFERENCE_KEYS
    }
    paths = {
        "checkpoint": folder / "checkpoint.pth",
        "config": folder / "config.yml",
        "plbert_config": folder / "plbert" / "config.yml",
        "reference": folder / "reference.wav",
    }
    torch.save({"net": net, "epoch": 0}, paths["checkpoint"])
    paths["config"].write_text(
        yaml.safe_dump({"PLBERT_dir": "plbert", "model_params": TINY_MODEL_PARAMS}),
        encoding="utf-8",
    )
    paths["plbert_config"].write_text(
        yaml.safe_dump({"model_params": TINY_PLBERT}), encoding="utf-8"
    )
    if reference_pcm is None:
        t = np.arange(reference_rate) / reference_rate
        vowel = sum(
            np.sin(2 * np.pi * f * t) / (i + 1) for i, f in enumerate((140, 280, 700, 1200))
        )
        reference_pcm = (vowel * 6000 * (0.6 + 0.4 * np.sin(2 * np.pi * 3 * t))).astype(np.int16)
    with wave.open(str(paths["reference"]), "wb") as w:
        w.setnchannels(1)
        w.setsampwidth(2)
        w.setframerate(reference_rate)
        w.writeframes(np.asarray(reference_pcm, dtype="<i2").tobytes())
    return paths
