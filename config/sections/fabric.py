"""Rings and doorbells (read by ipc/ and the supervisor)."""

from pydantic import BaseModel, Field


class FabricConfig(BaseModel):
    model_config = {"extra": "forbid"}

    ring_capacity_bytes: int = Field(1 << 20, ge=4096)
    telemetry_ring_capacity_bytes: int = Field(1 << 18, ge=4096)
    max_frame_bytes: int = Field(64 * 1024, ge=256)
    spin_us: int = Field(50, ge=0)
    send_timeout_s: float = Field(1.0, ge=0)
