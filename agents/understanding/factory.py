"""The understanding backend named in the configuration.

Why not in backend.py: the backends import the contract (backend.py); the choice
among them sits above both, so the contract never imports an engine back.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from agents.understanding.backend import UnderstandingBackend, UnderstandingError

if TYPE_CHECKING:
    from config.settings import Settings


def make_backend(settings: Settings) -> UnderstandingBackend:
    """The backend named in config ``agents.understanding.backend``."""
    name = settings.agents.understanding.backend
    if name == "embedded":
        from agents.understanding.embedded import EmbeddedBackend

        return EmbeddedBackend.from_settings(settings)
    if name == "vllm":
        from agents.understanding.vllm_client import VllmBackend

        return VllmBackend.from_settings(settings)
    raise UnderstandingError(
        f"unknown understanding backend {name!r}: set agents.understanding.backend to embedded or vllm"
    )
