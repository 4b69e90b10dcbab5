"""Fixtures for the connector tests, and the golden suite's adapter registry.

How an adapter joins the golden suite: add ``tests/connectors/fixtures_<vendor>.py``
defining a pytest fixture that yields an *opened* GuardedConnector (for a vendor,
against its local fake server; seeded with the demo hotel of config/defaults.yaml
and no reservations) and a module-level ``GOLDEN_FIXTURES = ["<fixture name>"]``.
This conftest loads every such file, exposes its fixtures, and parametrizes the
``connector`` fixture over all of them. No edit here is needed.
"""

from __future__ import annotations

import importlib.util
from pathlib import Path

import pytest

ADAPTER_FIXTURES: list[str] = []

for _path in sorted(Path(__file__).parent.glob("fixtures_*.py")):
    _spec = importlib.util.spec_from_file_location(f"sovren_test_{_path.stem}", _path)
    _mod = importlib.util.module_from_spec(_spec)
    _spec.loader.exec_module(_mod)
    for _name, _obj in vars(_mod).items():
        if hasattr(_obj, "_fixture_function_marker"):
            if _name in globals():
                raise RuntimeError(f"{_path.name}: fixture {_name!r} is already defined")
            globals()[_name] = _obj
    ADAPTER_FIXTURES += list(getattr(_mod, "GOLDEN_FIXTURES", []))


@pytest.fixture(params=ADAPTER_FIXTURES)
def connector(request):
    """An opened GuardedConnector of each registered adapter in turn (fresh state per test)."""
    return request.getfixturevalue(request.param)
