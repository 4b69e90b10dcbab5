"""The understanding backend named in the configuration.

Why not in backend.py: the backends import the contract (backend.py); the choice
among them sits above both, so the contract never imports an engine back.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from agents.understanding.backend import UnderstandingBackend
from agents.understanding.crosscheck import CrossChecked
from config.registry import load_factory, spec
from config.sections.understanding_backends import UNDERSTANDING_BACKENDS

if TYPE_CHECKING:
    from config.settings import Settings


def make_backend(settings: Settings) -> UnderstandingBackend:
    """The backend named in ``agents.understanding.backend`` (its registry entry's factory);
    one that does not read the stay by the embedded rules comes wrapped in the cross-check."""
    entry = spec(
        UNDERSTANDING_BACKENDS, settings.agents.understanding.backend, what="understanding backend"
    )
    backend = load_factory(entry)(settings)
    if backend.checks_stay_itself:
        return backend
    return CrossChecked(backend, settings.hotel.country)
