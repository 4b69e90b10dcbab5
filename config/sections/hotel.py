"""The hotel's own facts (read by STRIKE for answers and by the local PMS seed)."""

import datetime as dt
from typing import Any
from zoneinfo import ZoneInfo

from pydantic import BaseModel, Field


class HotelConfig(BaseModel):
    model_config = {"extra": "forbid"}

    hotel_id: str = "demo"
    name: str = "Hotel Sovren"
    timezone: str = "Europe/Berlin"
    currency: str = "EUR"
    facts: dict[str, str] = Field(default_factory=dict)
    room_types: list[dict[str, Any]] = Field(default_factory=list)
    # Read by connectors/ (validation and the local PMS seed). A rate plan multiplies a room
    # type's nightly ``rate`` by ``factor`` and carries its own cancellation policy.
    rate_plans: list[dict[str, Any]] = Field(default_factory=list)
    max_stay_nights: int = Field(30, ge=1, le=365)
    # Pin the hotel's calendar day (demos and tests replay scripted calls written on one
    # date); None: the real clock in the hotel's time zone.
    simulated_date: dt.date | None = None

    def today(self) -> dt.date:
        """The hotel's calendar day: every date rule (INTEL, PMS validation) uses this."""
        if self.simulated_date is not None:
            return self.simulated_date
        return dt.datetime.now(ZoneInfo(self.timezone)).date()
