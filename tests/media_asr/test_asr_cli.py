"""`sovren models prepare`: converts with progress on stderr, reports paths, fails in one line."""

from __future__ import annotations

import os
import subprocess
import sys

from media.asr.convert import verify_cached


def _sovren(args: list[str], data_dir, **env) -> subprocess.CompletedProcess:
    e = {**os.environ, "SOVREN_DATA_DIR": str(data_dir), **env}
    return subprocess.run(
        [sys.executable, "-m", "runtime.cli", *args], capture_output=True, text=True, env=e
    )


def test_prepare_converts_once_and_reports_the_path(tmp_path):
    r = _sovren(["models", "prepare", "--asr", "tiny.en"], tmp_path)
    assert r.returncode == 0, r.stderr
    path = tmp_path / "models" / "ggml-tiny.en.bin"
    assert str(path) in r.stdout and "English-only" in r.stdout
    assert "converting whisper tiny.en" in r.stderr and "100%" in r.stderr  # the progress bar
    verify_cached(path)
    again = _sovren(["models", "prepare", "--asr", "tiny.en"], tmp_path)
    assert again.returncode == 0 and "converting" not in again.stderr


def test_prepare_checks_a_configured_file(tmp_path):
    r = _sovren(
        ["models", "prepare"], tmp_path, SOVREN_MEDIA__WHISPER_MODEL=str(tmp_path / "mine.bin")
    )
    assert r.returncode == 1
    assert r.stderr.startswith("sovren: error: whisper model file") and "Traceback" not in r.stderr
    assert "mine.bin does not exist" in r.stderr


def test_models_help():
    r = subprocess.run(
        [sys.executable, "-m", "runtime.cli", "models", "prepare", "--help"],
        capture_output=True,
        text=True,
    )
    assert r.returncode == 0 and "--asr" in r.stdout


def test_prepare_by_default_converts_both_models_auto_en_needs(tmp_path):
    r = _sovren(["models", "prepare", "--quiet"], tmp_path)
    assert r.returncode == 0, r.stderr
    assert "whisper tiny.en (English-only)" in r.stdout
    assert "whisper base (multilingual)" in r.stdout
