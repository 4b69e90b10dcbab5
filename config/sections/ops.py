"""OPS's thresholds: when the host counts as saturated and how health is scored (read by agents/ops/)."""

from pydantic import BaseModel, Field


class OpsConfig(BaseModel):
    model_config = {"extra": "forbid"}

    sample_interval_s: float = Field(1.0, gt=0)
    # Load shedding (agents/ops/shedding.py) from what callers feel, with hysteresis: on
    # when turn latency (COMMAND's p95) or the decode queue lag (MEDIA) stays above its
    # *_high for shed_window_s, or a ring that carries calls fills past ring_high_fill;
    # off only when all stayed below their *_low for clear_window_s. Defaults measured
    # with `python -m bench.shedding` (BENCHMARKS.md, "Load shedding").
    # 2 s is COMMAND's gather deadline: a p95 above it means at least one turn in twenty
    # was decided at the deadline, without every agent's answer (measured: p95 0.5 s with
    # 32 callers speaking at once, 2.3 s with 100, on this 2-core host).
    turn_latency_high_ms: float = Field(2000.0, gt=0)
    turn_latency_low_ms: float = Field(1000.0, gt=0)
    decode_lag_high_ms: float = Field(1500.0, gt=0)
    decode_lag_low_ms: float = Field(500.0, gt=0)
    # The window (seconds of recent turns) COMMAND takes the latency p95 over.
    turn_latency_window_s: float = Field(30.0, gt=0)
    # Fewer turns than this in the window: no figure (a cold start's first slow turns
    # are not overload).
    turn_latency_min_turns: int = Field(10, ge=1)
    # CPU and memory only score the host (ops_health evidence); they never shed calls.
    cpu_high_percent: float = Field(90.0, gt=0, le=100)
    cpu_low_percent: float = Field(75.0, ge=0, le=100)
    mem_high_percent: float = Field(90.0, gt=0, le=100)
    mem_low_percent: float = Field(80.0, ge=0, le=100)
    ring_high_fill: float = Field(0.9, gt=0, le=1)
    ring_low_fill: float = Field(0.7, ge=0, le=1)
    shed_window_s: float = Field(5.0, ge=0)
    clear_window_s: float = Field(10.0, ge=0)
    # Connector health: p95 latency at or below ok is healthy, at or above bad is sick.
    latency_ok_ms: float = Field(500.0, gt=0)
    latency_bad_ms: float = Field(3000.0, gt=0)
    # Error rate at which a connector counts as fully sick.
    error_rate_bad: float = Field(0.5, gt=0, le=1)
    # A process above this RSS counts as unhealthy (0 = no limit).
    max_rss_bytes: int = Field(0, ge=0)
