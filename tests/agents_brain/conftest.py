"""Fixtures for the agents' brains: the real MiniLM model, loaded once per test session."""

from __future__ import annotations

import datetime as dt

import pytest

from agents.understanding.backend import (
    Context,
    Understanding,
    UnderstandingBackend,
    UnderstandingError,
)
from agents.understanding.embedded import EmbeddedBackend, build_classifier
from config.settings import load_settings

TODAY = dt.date(2026, 3, 2)  # a Monday


@pytest.fixture(scope="session")
def settings():
    return load_settings()


@pytest.fixture(scope="session")
def classifier(settings):
    return build_classifier(settings)


@pytest.fixture(scope="session")
def backend(settings, classifier):
    return EmbeddedBackend.from_settings(settings, classifier)


@pytest.fixture
def today():
    return TODAY


class _Understood(Understanding):
    """Understanding with the contract's new optional fields (the classifier helper adds them)."""

    facts: tuple[str, ...] = ()
    unknown_question: bool = False


class ScriptedBackend(UnderstandingBackend):
    """The real embedded backend, with what the new classifier/entities will say for some texts.

    Why: these tests check the dialogue's rules, consuming the understanding contract
    (intent ``question``/``repeat``, ``facts``, ``unknown_question``, slots ``rooms``,
    ``spelled``); the trained classifier and entity helpers are being built in parallel.
    """

    name = "scripted"

    def __init__(self, inner: UnderstandingBackend, script: dict[str, dict] | None = None):
        self.inner = inner
        self.script = dict(script or {})
        self.fail_on: set[str] = set()

    def understand(self, text: str, ctx: Context) -> Understanding:
        if text in self.fail_on:
            raise UnderstandingError("scripted failure: the engine could not parse this turn")
        u = self.inner.understand(text, ctx)
        over = self.script.get(text)
        if over is None:
            return u
        over = dict(over)
        fields = {f: getattr(u, f) for f in u.__struct_fields__}
        slots = {**u.slots, **over.pop("slots", {})}
        return _Understood(**{**fields, **over, "slots": slots})


@pytest.fixture
def scripted(backend):
    def make(script: dict[str, dict] | None = None) -> ScriptedBackend:
        return ScriptedBackend(backend, {k: dict(v) for k, v in (script or {}).items()})

    return make
