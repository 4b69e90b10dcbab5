"""Ring occupancy from the fabric's ``Ring.stats()`` dicts (ipc/ring.py ``read_stats``).

Why tolerant of key names: the stats come from the fabric's control block
(``capacity``, ``used_bytes``, ``high_water``, ``full_events``, ...); the
``*_bytes`` spellings are accepted too. A ring whose stats are unusable is
reported with an error of its own and never spoils the other rings' figures.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

_CAPACITY = ("capacity", "capacity_bytes")
_USED = ("used_bytes", "used")
_HIGH = ("high_water", "high_water_bytes")
_COUNTERS = (
    "full_events",
    "drops",
    "checksum_failures",
    "duplicates",
    "decode_errors",
    "frames_sent",
)


def _first(d: Mapping[str, Any], keys: tuple[str, ...]) -> Any:
    for k in keys:
        if k in d:
            return d[k]
    return None


def ring_figures(stats: Mapping[str, Any]) -> dict[str, Any]:
    """One ring's fill (0..1), high-water fill and counters; ValueError when the stats are unusable."""
    if not isinstance(stats, Mapping):
        raise ValueError(f"ring stats must be a mapping, not {type(stats).__name__}")
    cap = _first(stats, _CAPACITY)
    used = _first(stats, _USED)
    if cap is None or used is None:
        raise ValueError(
            f"ring stats need {'/'.join(_CAPACITY)} and {'/'.join(_USED)}; got keys {sorted(stats)}"
        )
    if not isinstance(cap, int | float) or cap <= 0:
        raise ValueError(f"ring capacity must be a positive number, got {cap!r}")
    if not isinstance(used, int | float) or used < 0:
        raise ValueError(f"ring used bytes must be a number >= 0, got {used!r}")
    high = _first(stats, _HIGH)
    out: dict[str, Any] = {
        "fill": min(1.0, used / cap),
        "used_bytes": int(used),
        "capacity_bytes": int(cap),
    }
    if isinstance(high, int | float):
        out["high_water_fill"] = min(1.0, high / cap)
    for k in _COUNTERS:
        if isinstance(stats.get(k), int):
            out[k] = stats[k]
    return out


def rings_figures(ring_stats: Mapping[str, Mapping[str, Any]] | None) -> dict[str, dict[str, Any]]:
    out: dict[str, dict[str, Any]] = {}
    for name, st in (ring_stats or {}).items():
        try:
            out[name] = ring_figures(st)
        except ValueError as e:
            out[name] = {"error": str(e)}
    return out


def max_fill(figures: Mapping[str, Mapping[str, Any]]) -> float:
    return max((f["fill"] for f in figures.values() if "fill" in f), default=0.0)
