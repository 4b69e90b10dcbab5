"""The OpenMP settings a process that decodes with whisper.cpp should start with.

whisper.cpp's CPU backend runs on the OpenMP runtime bundled with pywhispercpp,
which reads ``OMP_WAIT_POLICY`` and ``GOMP_SPINCOUNT`` once, when it loads. By
default libgomp stops spinning between parallel regions once the process holds
more OpenMP threads than there are cores, i.e. as soon as two threads of the
media worker have decoded, and every 2-thread decode then ran at 1-thread speed
(0.31 s -> 0.54 s, docs/asr.md). A short active spin (1e5 iterations, well under
a millisecond) keeps them fast without burning idle cores.

Why a function for the child's environment and not a write to ``os.environ`` at
import time: nothing in SOVREN changes its own environment. The supervisor builds
the media worker's environment with these values (``media.asr_omp_tuning``, on by
default; an operator's own values win); bench.asr_pool starts its children the same way.
"""

from __future__ import annotations

from collections.abc import Mapping

TUNING = {"OMP_WAIT_POLICY": "ACTIVE", "GOMP_SPINCOUNT": "100000"}


def omp_environment(tuning: bool, base: Mapping[str, str]) -> dict[str, str]:
    """``base`` plus the OpenMP tuning where ``base`` does not set it already (``tuning`` on)."""
    env = dict(base)
    if tuning:
        for k, v in TUNING.items():
            env.setdefault(k, v)
    return env


__all__ = ["TUNING", "omp_environment"]
