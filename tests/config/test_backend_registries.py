"""The backend registries are the one list per kind: the configuration Literals, the CLI choices,
the factories and the docs derive from them; each part's settings are nested under its name,
the old flat keys are refused with the new key's name, and the vLLM key is a secret."""

from __future__ import annotations

import typing
from pathlib import Path

import pytest

from config import ConfigError, load_settings
from config.registry import UnknownBackend, load_factory, names, spec
from config.sections.agents import UnderstandingConfig
from config.sections.backends import REGISTRIES, backends_markdown
from config.sections.media import RENAMED, MediaConfig
from config.sections.recognizers import RECOGNIZERS
from config.sections.understanding_backends import UNDERSTANDING_BACKENDS
from config.sections.vads import VADS
from config.sections.voices import VOICES
from config.settings import settings_from_dump

REPO = Path(__file__).resolve().parents[2]


@pytest.fixture(autouse=True)
def no_site_env(monkeypatch):
    monkeypatch.delenv("SOVREN_CONFIG", raising=False)


def _choices(*path: str) -> list[str]:
    from runtime.cli import build_parser

    parser = build_parser()
    for word in path[:-1]:
        parser = parser._subparsers._group_actions[0].choices[word]
    action = next(a for a in parser._actions if a.dest == path[-1])
    return list(action.choices)


def test_the_selectors_literals_equal_the_registries():
    fields = MediaConfig.model_fields
    assert typing.get_args(fields["tts_voice"].annotation) == names(VOICES)
    (item,) = typing.get_args(fields["tts_fallbacks"].annotation)
    assert typing.get_args(item) == names(VOICES)
    assert typing.get_args(fields["vad_backend"].annotation) == names(VADS)
    backend = UnderstandingConfig.model_fields["backend"].annotation
    assert typing.get_args(backend) == names(UNDERSTANDING_BACKENDS)
    # each part with settings has its section under its name, of its own settings model
    for registry, model in ((VOICES, MediaConfig), (VADS, MediaConfig)):
        for entry in registry:
            assert model.model_fields[entry.name].annotation is entry.settings
    assert (
        UnderstandingConfig.model_fields["vllm"].annotation
        is spec(UNDERSTANDING_BACKENDS, "vllm", what="backend").settings
    )
    with pytest.raises(ValueError, match="tts_voice"):
        MediaConfig(tts_voice="festival")


def test_the_cli_choices_equal_the_registries():
    assert _choices("say", "voice") == list(names(VOICES))
    assert _choices("models", "prepare", "asr") == [*names(RECOGNIZERS), "all", "configured"]


def test_every_factory_imports_and_builds_from_its_settings():
    for registry in REGISTRIES:
        for entry in registry.entries:
            assert callable(load_factory(entry)), entry.factory
    # two real parts built through the registry from their nested settings
    from media.tts.factory import build_backend
    from media.vad.factory import make_classifier

    media = MediaConfig(
        espeak={"voices": {"de": "de"}, "speed_wpm": 200}, webrtc={"aggressiveness": 3}
    )
    espeak = build_backend("espeak", media)
    assert (espeak.voices, espeak.speed_wpm) == ({"de": "de"}, 200)
    vad = make_classifier("webrtc", media)
    assert vad.name == "webrtc"
    with pytest.raises(UnknownBackend, match="choose one of piper, espeak, styletts2"):
        build_backend("festival", media)
    with pytest.raises(UnknownBackend, match="silero, webrtc"):
        make_classifier("nope", media)


def test_the_recognizer_registry_is_what_the_converter_knows():
    from media.asr.convert import PACKAGED_MODELS

    assert list(PACKAGED_MODELS) == list(names(RECOGNIZERS))
    assert PACKAGED_MODELS["base"].multilingual and not PACKAGED_MODELS["tiny.en"].multilingual


def test_nested_settings_come_from_a_site_file_and_the_environment(tmp_path, monkeypatch):
    site = tmp_path / "site.yaml"
    site.write_text(
        "media:\n  tts_voice: espeak\n  piper:\n    threads: 2\n  espeak:\n    speed_wpm: 180\n"
    )
    monkeypatch.setenv("SOVREN_MEDIA__WEBRTC__AGGRESSIVENESS", "0")
    s = load_settings(site)
    assert (s.media.tts_voice, s.media.piper.threads, s.media.espeak.speed_wpm) == (
        "espeak",
        2,
        180,
    )
    assert s.media.webrtc.aggressiveness == 0
    assert s.media.espeak.voices["de"] == "de"  # the rest of the defaults stay
    child = settings_from_dump(s.model_dump(mode="json"))
    assert child.media == s.media


def test_an_old_flat_key_is_refused_with_the_new_keys_name(tmp_path):
    site = tmp_path / "old.yaml"
    site.write_text("media:\n  tts_piper_threads: 2\n  vad_webrtc_aggressiveness: 1\n")
    with pytest.raises(ConfigError) as e:
        load_settings(site)
    msg = str(e.value)
    assert "media.tts_piper_threads is now media.piper.threads" in msg
    assert "media.vad_webrtc_aggressiveness is now media.webrtc.aggressiveness" in msg
    # every old key the registries had is mapped to a field that exists
    for old, new in RENAMED.items():
        section, field = new.split(".")
        assert field in MediaConfig.model_fields[section].annotation.model_fields, old


def test_the_vllm_key_is_a_secret_from_the_environment_never_dumped(monkeypatch):
    monkeypatch.setenv("SOVREN_AGENTS__UNDERSTANDING__VLLM__API_KEY", "k-never-shown")
    s = load_settings()
    key = s.agents.understanding.vllm.api_key
    assert key.get_secret_value() == "k-never-shown" and "k-never-shown" not in repr(s)
    dump = s.model_dump(mode="json")
    assert "k-never-shown" not in str(dump)
    # a child rebuilds from the dump and reads the key from the environment it inherited
    child = settings_from_dump(dump)
    assert child.agents.understanding.vllm.api_key.get_secret_value() == "k-never-shown"
    monkeypatch.delenv("SOVREN_AGENTS__UNDERSTANDING__VLLM__API_KEY")
    assert settings_from_dump(dump).agents.understanding.vllm.api_key is None


def test_the_docs_backend_tables_are_the_registries(capsys):
    from runtime.cli import main

    page = (REPO / "docs" / "configuration.md").read_text()
    begin = page.index("<!-- backends:begin")
    body = page[page.index("\n", begin) + 1 : page.index("<!-- backends:end -->")]
    assert body.strip() == backends_markdown(), "regenerate it with `sovren config backends`"
    assert main(["config", "backends"]) == 0
    assert capsys.readouterr().out.strip() == backends_markdown()


def test_each_voice_says_which_languages_it_speaks_from_configuration(tmp_path):
    from runtime.config_check import voice_languages

    media = MediaConfig()
    for entry in VOICES:
        assert getattr(media, entry.name).languages(), entry.name  # every voice can answer
    voice = tmp_path / "de_DE-thorsten-medium.onnx"
    (tmp_path / "de_DE-thorsten-medium.onnx.json").write_text('{"language": {"code": "de_DE"}}')
    german = MediaConfig(
        tts_voice="piper",
        tts_fallbacks=["espeak"],
        piper={"model": str(voice)},
        espeak={"voices": {"fr": "fr"}},
    )
    assert voice_languages(german) == {"piper": {"de"}, "espeak": {"fr"}}
    assert voice_languages(media)["piper"] == {"en"}  # the packaged voice
