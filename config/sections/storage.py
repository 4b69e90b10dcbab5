"""The ledger and its PostgreSQL (read by runtime/postgres.py and the ledger)."""

from pydantic import BaseModel, Field


class StorageConfig(BaseModel):
    model_config = {"extra": "forbid"}

    retention_days: dict[str, int] = Field(default_factory=lambda: {"transcripts": 90, "audio": 30})
    pg_port: int = Field(0, ge=0, le=65535)  # 0: pick a free port at first start
