"""The onnx engine: exported from the packaged weights, same embeddings as the numpy encoder."""

import pytest

from agents.understanding.encoder import ModelMissingError
from agents.understanding.onnx_encoder import OnnxMiniLMEncoder, export, onnx_path


@pytest.fixture(scope="module")
def onnx_file(tmp_path_factory):
    out = onnx_path(tmp_path_factory.mktemp("data"))
    lines = []
    assert export(out, progress=lines.append) == out
    assert out.is_file() and lines[-1].startswith("[3/3] written")
    export(out, progress=lines.append)  # idempotent: a second call does not re-export
    assert lines[-1].startswith("understanding model already prepared")
    return out


def test_onnx_engine_matches_numpy(onnx_file, classifier):
    enc = OnnxMiniLMEncoder(onnx_file)
    texts = ["I'd like to book a room for next Friday", "Gibt es WLAN?", "hi"] + [
        f"word {i}" * i for i in range(1, 20)
    ]
    ours = classifier.encoder.encode(texts)
    theirs = enc.encode(texts)
    assert theirs.shape == ours.shape
    assert (ours * theirs).sum(1).min() > 0.9999
    assert enc.encode([]).shape == (0, 384)


def test_onnx_engine_drives_the_classifier(onnx_file, settings):
    from agents.understanding.reading import build_reader

    r = build_reader(settings, encoder=OnnxMiniLMEncoder(onnx_file))
    assert r.read("Do you have parking?").intent == "fact.parking"
    assert r.read("Ich möchte meine Buchung stornieren").intent == "cancel"


def test_missing_prepared_file_names_the_command(tmp_path, settings):
    from agents.understanding.embedded import make_encoder

    s = settings.model_copy(deep=True)
    s.data_dir = tmp_path
    s.agents.understanding.engine = "onnx"
    with pytest.raises(ModelMissingError, match="sovren understanding prepare"):
        make_encoder(s)
