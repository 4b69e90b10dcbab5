"""Fixtures for the agents' brains: the real MiniLM model, loaded once per test session."""

from __future__ import annotations

import datetime as dt

import pytest

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
