"""Which PMS the hotel uses and how to reach it (read by connectors/).

Credentials are never here: adapters read them from the environment.
"""

from pydantic import BaseModel


class PmsConfig(BaseModel):
    model_config = {"extra": "forbid"}

    vendor: str = "local"
    base_url: str | None = None
    timeout_s: float = 5.0
    # A PMS that cannot be opened at `sovren up` stops the start with the reason; true starts
    # anyway (every PMS action then fails and callers are offered a colleague) with a loud
    # warning in `sovren status`.
    start_without_pms: bool = False
