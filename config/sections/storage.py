"""The ledger and its PostgreSQL (read by ledger/postgres.py and ledger/)."""

from pydantic import BaseModel, Field


class StorageConfig(BaseModel):
    model_config = {"extra": "forbid"}

    retention_days: dict[str, int] = Field(default_factory=lambda: {"transcripts": 90, "audio": 30})
    # Retention runs inside the runtime on this schedule (the supervisor; each run on
    # record in `erasures` and announced as an INFO alert); 0 = only by hand
    # (`sovren ledger retention`). The first run comes retention_first_after_s after start.
    retention_every_h: float = Field(24.0, ge=0)
    retention_first_after_s: float = Field(60.0, ge=0)
    pg_port: int = Field(0, ge=0, le=65535)  # 0: pick a free port at first start
    # Where the ledger writer spools records while the database is away
    # (relative paths are under the data directory).
    spool_dir: str = "spool"
    # Writer batching: flush when this many records wait or this much time passed.
    batch_size: int = Field(2000, ge=1, le=100_000)
    flush_interval_s: float = Field(0.05, gt=0, le=10)
    # fsync the spool after each appended batch (survives a power cut, costs a disk flush).
    spool_fsync: bool = True
