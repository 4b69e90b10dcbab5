"""OPS's thresholds: when the host counts as saturated and how health is scored (read by agents/ops/)."""

from pydantic import BaseModel, Field


class OpsConfig(BaseModel):
    model_config = {"extra": "forbid"}

    sample_interval_s: float = Field(1.0, gt=0)
    # Load shedding with hysteresis: switch on above *_high (CPU: sustained for
    # shed_window_s), off only when everything stays below *_low for clear_window_s.
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
