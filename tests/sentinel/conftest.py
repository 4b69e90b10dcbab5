"""Fixtures for SENTINEL's tests: a fresh Sentinel on the embedded default configuration."""

from __future__ import annotations

import pytest

from agents.sentinel.rules import Sentinel
from config import load_settings


@pytest.fixture
def settings():
    return load_settings()


@pytest.fixture
def sentinel(settings):
    return Sentinel(settings)
