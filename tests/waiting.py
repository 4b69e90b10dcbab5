"""Waiting in tests: poll a condition until a deadline, never sleep a fixed time.

Why: a fixed sleep is either too short on a loaded machine (a flaky test) or too long
everywhere else (a slow suite). Polling returns as soon as the thing happened and
fails with what did not happen when the deadline passes.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import TypeVar

T = TypeVar("T")


def wait_until(
    condition: Callable[[], T], *, within_s: float = 10.0, every_s: float = 0.02, what: str = ""
) -> T:
    """The first truthy value of ``condition()``; AssertionError after ``within_s``."""
    deadline = time.monotonic() + within_s
    while True:
        value = condition()
        if value:
            return value
        if time.monotonic() > deadline:
            raise AssertionError(f"{what or 'the condition'} did not happen within {within_s} s")
        time.sleep(every_s)
