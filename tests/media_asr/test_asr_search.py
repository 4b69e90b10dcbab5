"""The decoder's search (greedy or beam) as whisper.cpp receives it, and bad widths refused."""

from __future__ import annotations

import pytest

from media.asr.whisper import MAX_BEAM, WhisperModel, check_beam_size


@pytest.mark.parametrize("bad", [0, -1, MAX_BEAM + 1, 2.5, "3", True, None])
def test_a_bad_beam_size_is_refused_naming_the_range(bad):
    with pytest.raises(ValueError, match=rf"1.*{MAX_BEAM}"):
        check_beam_size(bad)


def test_a_model_refuses_a_bad_beam_size_before_loading_anything(tmp_path):
    # the path does not exist: the width is refused first, so the error is about the width
    with pytest.raises(ValueError, match="beam size 0 is out of range"):
        WhisperModel(tmp_path / "nothing.bin", beam_size=0, warm=False)


def test_the_beam_size_reaches_whisper_params_per_decode(tiny, speaker):
    import _pywhispercpp as pw

    x = speaker.english("Can I bring my dog?", lead_s=0.2, tail_s=0.2)
    strategy = pw.whisper_sampling_strategy
    assert tiny.beam_size == 1
    try:
        r = tiny.transcribe(x, beam_size=3)
        assert tiny._params.strategy == strategy.WHISPER_SAMPLING_BEAM_SEARCH
        assert tiny._params.beam_search["beam_size"] == 3
        assert "dog" in r.text.lower(), r.text
        tiny.transcribe(x)  # the model's own setting again: greedy
        assert tiny._params.strategy == strategy.WHISPER_SAMPLING_GREEDY
        with pytest.raises(ValueError, match="out of range"):
            tiny.transcribe(x, beam_size=MAX_BEAM + 1)
    finally:
        tiny.transcribe(x)  # leave the shared model as it was


@pytest.mark.parametrize("bad", [0, 9, "five"])
def test_the_setting_refuses_a_bad_width_naming_the_key(bad):
    from pydantic import ValidationError

    from config.sections.media import MediaConfig

    with pytest.raises(ValidationError, match="asr_beam_size"):
        MediaConfig(asr_beam_size=bad)


def test_the_setting_reaches_the_loaded_model(data_dir, tiny_path):
    from config.sections.media import MediaConfig
    from media.asr.whisper import load_model

    m = load_model(MediaConfig(asr_beam_size=5), data_dir, warm=False)
    try:
        assert m.beam_size == 5
        assert load_model(MediaConfig(), data_dir, warm=False).beam_size == 1  # greedy
    finally:
        m.close()


class Recording:
    """A model that notes the search each decode asked for (no whisper needed for routing)."""

    language = "en"

    def __init__(self):
        self.asked: list[int | None] = []

    def transcribe(self, x, **kw):
        from media.asr.whisper import Recognition

        self.asked.append(kw.get("beam_size"))
        return Recognition("words", 0.9, "en", x.size / 16000, 0.0)


def test_partials_stay_greedy_and_the_rest_use_the_models_search():
    import numpy as np

    from media.asr.decoder import DecodeJob, Priority, run_job

    m = Recording()
    x = np.zeros(1600, np.float32)
    for p in (Priority.FINAL, Priority.COMMIT, Priority.SPECULATIVE, Priority.PARTIAL):
        run_job({"en": m}, DecodeJob(x, "en", p), None, None)
    assert m.asked == [None, None, None, 1]  # None: the model's own asr_beam_size
