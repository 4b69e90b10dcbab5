"""Fixtures for the agents' brains: the real MiniLM model, loaded once per test session."""

from __future__ import annotations

import datetime as dt

import pytest

from agents.understanding.embedded import EmbeddedBackend
from agents.understanding.reading import build_reader
from config.settings import load_settings

TODAY = dt.date(2026, 3, 2)  # a Monday


@pytest.fixture(scope="session")
def settings():
    return load_settings()


@pytest.fixture(scope="session")
def reader(settings):
    """Intent head + fact matcher for the default (demo) configuration."""
    return build_reader(settings)


@pytest.fixture(scope="session")
def classifier(reader):
    """The intent model alone (encoder + trained head)."""
    return reader.intents


@pytest.fixture(scope="session")
def backend(settings, reader):
    return EmbeddedBackend.from_settings(settings, reader)


@pytest.fixture
def today():
    return TODAY
