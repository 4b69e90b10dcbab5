"""Fixtures for the fabric tests: a unique instance per test, both ring backends.

Why unique instance names: tests run beside each other (and beside a real
runtime); every segment and doorbell a test makes carries its own prefix and
is unlinked afterwards whatever happened.
"""

from __future__ import annotations

import contextlib
import itertools
import os
import uuid

import posix_ipc
import pytest

_n = itertools.count()


def _unlink_instance(instance: str) -> None:
    for e in os.listdir("/dev/shm"):
        if e.startswith(instance + "."):
            with contextlib.suppress(posix_ipc.ExistentialError):
                posix_ipc.unlink_shared_memory("/" + e)
        elif e.startswith("sem." + instance + "."):
            with contextlib.suppress(posix_ipc.ExistentialError):
                posix_ipc.unlink_semaphore("/" + e[4:])


@pytest.fixture
def instance():
    name = f"t{os.getpid()}x{next(_n)}{uuid.uuid4().hex[:6]}"
    yield name
    _unlink_instance(name)


@pytest.fixture(params=["c", "python"])
def backend(request, monkeypatch):
    """Every ring test runs against the C core and the pure-Python reference."""
    monkeypatch.setenv("SOVREN_RING_BACKEND", request.param)
    return request.param
