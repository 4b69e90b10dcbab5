"""The five agents' tunables (read by agents/)."""

from pydantic import BaseModel


class AgentsConfig(BaseModel):
    model_config = {"extra": "forbid"}

    heartbeat_s: float = 0.5
