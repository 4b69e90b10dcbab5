"""StyleTTS2 loading code on a tiny randomly initialised checkpoint that this test makes.

The checkpoint has the real architecture at toy sizes (no package ships real
weights); the assertions are about loading, offline behaviour, shapes and
rates, never about how it sounds.
"""

from __future__ import annotations

import socket

import numpy as np
import pytest
import torch
import yaml

from media.tts.base import ModelMissingError
from media.tts.styletts2 import SAMPLE_RATE, StyleTTS2Backend, tokenize_phonemes
from tests.media_tts.styletts2_tiny import make_tiny_checkpoint


@pytest.fixture(scope="module")
def tiny(tmp_path_factory, piper):
    folder = tmp_path_factory.mktemp("styletts2_tiny")
    # The reference voice is real speech (Piper), as a deployment would use.
    ref = piper.synthesize("This is the voice of our hotel.", "en", 22050)
    return make_tiny_checkpoint(folder, reference_pcm=ref, reference_rate=22050)


@pytest.fixture(scope="module")
def backend(tiny):
    """Loaded with every socket connection refused: it must not download anything."""
    real_connect = socket.socket.connect

    def refuse(self, *a, **k):
        raise AssertionError(f"StyleTTS2 loading tried to reach the network: {a}")

    socket.socket.connect = refuse
    try:
        b = StyleTTS2Backend(
            tiny["checkpoint"], tiny["config"], tiny["reference"], device="auto", diffusion_steps=3
        )
        b.synthesize_sentence("Hi.", "en")  # first use loads the phonemizer: also offline
    finally:
        socket.socket.connect = real_connect
    return b


def test_tiny_checkpoint_loads_on_the_configured_device(backend, tiny):
    assert backend.device == ("cuda" if torch.cuda.is_available() else "cpu")
    assert backend.native_rate == SAMPLE_RATE == 24000
    assert backend.style_dim == 16 and backend.max_tokens == 128  # from the files, not defaults
    assert backend.ref_style.shape == (1, 32)  # acoustic + prosodic style of the reference WAV
    assert torch.isfinite(backend.ref_style).all()


def test_tiny_model_produces_audio_of_the_predicted_length(backend):
    pcm = backend.synthesize_sentence("Welcome to the hotel.", "en")
    assert pcm.dtype == np.int16 and pcm.ndim == 1
    # 600 samples (25 ms at 24 kHz) per predicted duration frame, minus the 50-sample click.
    assert backend.last_frames >= len(backend.tokens("Welcome to the hotel."))  # >= 1 per phoneme
    assert len(pcm) == backend.last_frames * 600 - 50
    chunk = backend.synthesize_chunk("Welcome to the hotel.", "en", 16000)
    assert chunk.sample_rate == 16000 and chunk.backend == "styletts2"
    assert abs(len(chunk.pcm) - backend.last_frames * 400) <= 40  # resampled to the call


def test_phonemes_are_espeak_ipa_with_punctuation_split(backend):
    ipa = backend.phonemize("Hello, world.")
    assert "ˈ" in ipa and ipa.endswith(" .") and " , " in ipa
    assert tokenize_phonemes("həlˈoʊ, wˈɜːld.") == "həlˈoʊ , wˈɜːld ."
    assert backend.tokens("Hello.")[0] == 0  # leading pad token


def test_missing_files_name_the_file_and_the_way_to_get_it(tiny, tmp_path):
    gone = tmp_path / "epochs_2nd_00020.pth"
    with pytest.raises(ModelMissingError) as e:
        StyleTTS2Backend(gone, tiny["config"], tiny["reference"])
    assert str(gone) in str(e.value) and "docs/tts.md" in str(e.value)
    with pytest.raises(ModelMissingError, match="reference voice"):
        StyleTTS2Backend(tiny["checkpoint"], tiny["config"], None)
    with pytest.raises(ModelMissingError, match="model config"):
        StyleTTS2Backend(tiny["checkpoint"], tmp_path / "config.yml", tiny["reference"])


def test_wrong_or_damaged_files_are_clear_errors(tiny, tmp_path):
    bad_cfg = tmp_path / "config.yml"
    bad_cfg.write_text(yaml.safe_dump({"F0_path": "x"}))
    with pytest.raises(ModelMissingError, match="model_params"):
        StyleTTS2Backend(tiny["checkpoint"], bad_cfg, tiny["reference"])
    junk = tmp_path / "junk.pth"
    junk.write_bytes(b"PK\x03\x04 truncated")
    with pytest.raises(ModelMissingError, match="damaged"):
        StyleTTS2Backend(junk, tiny["config"], tiny["reference"])
    first_stage = tmp_path / "first_stage.pth"
    torch.save({"net": {"decoder": {}}}, first_stage)
    with pytest.raises(ModelMissingError, match="lacks"):
        StyleTTS2Backend(first_stage, tiny["config"], tiny["reference"])
    not_wav = tmp_path / "ref.wav"
    not_wav.write_bytes(b"RIFF0000WAVEjunk")
    with pytest.raises(ModelMissingError, match="not a readable PCM WAV"):
        StyleTTS2Backend(tiny["checkpoint"], tiny["config"], not_wav)


def test_device_cuda_is_used_or_refused_clearly(tiny):
    if torch.cuda.is_available():  # a GPU host: the model really goes there
        b = StyleTTS2Backend(tiny["checkpoint"], tiny["config"], tiny["reference"], device="cuda")
        assert next(b.model["decoder"].parameters()).is_cuda
    else:
        with pytest.raises(ModelMissingError, match="no CUDA GPU"):
            StyleTTS2Backend(tiny["checkpoint"], tiny["config"], tiny["reference"], device="cuda")
