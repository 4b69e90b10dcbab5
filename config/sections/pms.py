"""Which PMS the hotel uses and how to reach it (read by connectors/).

``vendor`` is one of the registry's names (config/sections/pms_vendors.py) and
each vendor's own settings sit at ``pms.<vendor>`` — both derived from
``VENDORS``, so adding a vendor is one entry there. Credentials are never in a
file: the vendor settings read them from the environment.
"""

from typing import Literal

from pydantic import BaseModel, Field, create_model

from config.sections.pms_vendors import VENDORS, vendor_names

VendorName = Literal[tuple(vendor_names())]  # type: ignore[valid-type]


class _PmsBase(BaseModel):
    model_config = {"extra": "forbid"}

    vendor: VendorName = "local"
    base_url: str | None = None
    timeout_s: float = 5.0
    # One approved PMS action's whole budget in the PMS worker (the vendor client's own
    # deadline, retries included, fits inside). Past it the caller hears that the PMS is
    # slow (failure code ``timeout``); keep it under COMMAND's 15 s wait for a result.
    action_timeout_s: float = Field(12.0, gt=0, lt=15)
    # A PMS that cannot be opened at `sovren up` stops the start with the reason; true starts
    # anyway (every PMS action then fails and callers are offered a colleague) with a loud
    # warning in `sovren status`.
    start_without_pms: bool = False
    # The write journal (connectors/journal.py): closed entries older than this are dropped
    # when the PMS worker starts (open ones are kept until reconciled with the PMS).
    journal_keep_days: float = Field(default=7.0, gt=0)
    # Fault-injection hook for tests and `python -m bench.chaos` only: the PMS worker
    # waits this long after the PMS committed a write and before it closes the journal
    # entry (SOVREN_PMS__HOLD_AFTER_WRITE_S), so a crash can be placed in that window.
    hold_after_write_s: float = Field(default=0.0, ge=0, le=8.0)

    def vendor_settings(self, vendor: str | None = None):
        """The settings of ``vendor`` (default: the configured one)."""
        return getattr(self, vendor or self.vendor)


PmsConfig = create_model(
    "PmsConfig",
    __base__=_PmsBase,
    __module__=__name__,
    **{v.name: (v.settings, Field(default_factory=v.settings)) for v in VENDORS},
)
PmsConfig.__doc__ = __doc__
