"""The Bayesian decision core (read by bayes/)."""

from pydantic import BaseModel, Field


class DecisionConfig(BaseModel):
    model_config = {"extra": "forbid"}

    thresholds: dict[str, float] = Field(default_factory=dict)
    token_ttl_s: float = 30.0
