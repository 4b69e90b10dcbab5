"""Every backend registry, for the pages and commands that list them all.

The registries themselves live beside their sections (voices.py, vads.py,
recognizers.py, understanding_backends.py, pms_vendors.py); this module only
gathers them so ``sovren config backends`` and docs/configuration.md ("Backends",
kept equal by a test) show one table per kind.
"""

from __future__ import annotations

from dataclasses import dataclass

from config.registry import BackendSpec, settings_table
from config.sections.recognizers import RECOGNIZERS
from config.sections.understanding_backends import UNDERSTANDING_BACKENDS
from config.sections.vads import VADS
from config.sections.voices import VOICES


@dataclass(frozen=True)
class Registry:
    kind: str  # for people
    selector: str  # the configuration key that picks one
    section: str  # where each entry's own settings sit: <section>.<name>
    entries: tuple[BackendSpec, ...]


REGISTRIES: tuple[Registry, ...] = (
    Registry("voices (speech synthesis)", "media.tts_voice, media.tts_fallbacks", "media", VOICES),
    Registry("voice-activity detectors", "media.vad_backend", "media", VADS),
    Registry(
        "speech recognizers (packaged whisper models)", "media.whisper_model", "media", RECOGNIZERS
    ),
    Registry(
        "understanding backends",
        "agents.understanding.backend",
        "agents.understanding",
        UNDERSTANDING_BACKENDS,
    ),
)


def backends_markdown() -> str:
    """The "Backends" tables of docs/configuration.md (a test keeps the page equal to this)."""
    parts = []
    for r in REGISTRIES:
        parts.append(
            f"### {r.kind.capitalize()}: `{r.selector}`\n\n{settings_table(r.entries, r.section)}"
        )
    return "\n\n".join(parts)


__all__ = ["REGISTRIES", "Registry", "backends_markdown"]
