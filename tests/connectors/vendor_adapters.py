"""Each vendor adapter against its local fake, built the way the factory builds it.

Why one builder: the adapters are made from the registry (config/sections/pms_vendors.py)
through ``from_settings`` — the runtime's path — with the vendor's typed settings read
from the fake's variables (``fake.env()``, never os.environ), so adding a vendor needs
no branch here. Used by the golden suite (fixtures_vendors.py) and the vendor tests.
"""

from __future__ import annotations

import functools
import importlib

from config.sections.pms_vendors import BY_NAME
from connectors.http import HttpPolicy, RetryPolicy

VENDORS = ["apaleo", "mews", "cloudbeds", "opera", "siteminder"]  # those with a fake


def fake_class(vendor: str) -> type:
    """The fake server class of ``vendor`` (tests/connectors/fakes/<vendor>.py: <Vendor>Fake)."""
    module = importlib.import_module(f"tests.connectors.fakes.{vendor}")
    return next(
        v for k, v in vars(module).items() if k.lower() == f"{vendor}fake" and isinstance(v, type)
    )


class ManualClock:
    """A monotonic clock the test moves by hand (the breaker's cool-down without waiting)."""

    def __init__(self, t: float = 1000.0):
        self.t = t

    def __call__(self) -> float:
        return self.t

    def advance(self, seconds: float) -> None:
        self.t += seconds


def policy_for_tests(**over) -> HttpPolicy:
    """Small back-offs and a short cool-down; no rate limit worth the name."""
    base = dict(
        connect_timeout_s=1.0,
        read_timeout_s=1.0,
        deadline_s=6.0,
        retry=RetryPolicy(max_attempts=3, base_s=0.01, max_backoff_s=0.03, max_retry_after_s=1.0),
        breaker_failures=5,
        breaker_window_s=10.0,
        breaker_cooldown_s=0.3,
        rate_per_s=1000.0,
        burst=1000,
    )
    base.update(over)
    return HttpPolicy(**base)


@functools.cache
def demo_settings():
    import config

    return config.load_settings(config_file=None)


def make_adapter(vendor: str, fake, policy: HttpPolicy | None = None, env: dict | None = None):
    """``vendor``'s adapter (not guarded, not opened) talking to ``fake``; ``env`` replaces
    the fake's variables (to leave one out or make one wrong)."""
    from connectors.factory import adapter_class

    settings = demo_settings()
    cfg = BY_NAME[vendor].settings.from_env(fake.env() if env is None else env)
    pms = settings.pms.model_copy(update={"vendor": vendor, "base_url": fake.url, vendor: cfg})
    s = settings.model_copy(update={"pms": pms})
    return adapter_class(vendor).from_settings(s, policy=policy or policy_for_tests())


async def until(condition, *, within_s: float = 5.0, what: str = "the condition") -> None:
    """Poll ``condition()`` until it is true; fail after ``within_s`` (a deadline, not a sleep)."""
    import asyncio
    import time

    deadline = time.monotonic() + within_s
    while not condition():
        if time.monotonic() > deadline:
            raise AssertionError(f"{what} did not happen within {within_s} s")
        await asyncio.sleep(0.01)
