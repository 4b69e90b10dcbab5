"""The five vendor adapters in the golden suite, each against its local fake server.

One fixture factory, one fixture per vendor (``<vendor>_connector``): it starts the
vendor's fake (a real HTTP server on 127.0.0.1, demo hotel, no reservations), builds
the adapter from the registry with the vendor's settings read from the fake's
variables (never from files or os.environ) and small back-off settings, and wraps
it in the same GuardedConnector the factory builds.
"""

from __future__ import annotations

import pytest

from tests.connectors.vendor_adapters import VENDORS


def _vendor_fixture(vendor: str):
    @pytest.fixture(name=f"{vendor}_connector")
    async def connector():
        from connectors.factory import guard
        from tests.connectors.fakes.base import FakeHotel
        from tests.connectors.vendor_adapters import demo_settings, fake_class, make_adapter
        from tests.connectors.vendor_adapters import policy_for_tests as policy

        settings = demo_settings()
        hotel = FakeHotel(list(settings.hotel.room_types), currency=settings.hotel.currency)
        with fake_class(vendor)(hotel) as fake:
            adapter = make_adapter(vendor, fake, policy(read_timeout_s=2.0, deadline_s=5.0))
            conn = guard(adapter, settings)
            await conn.open()
            yield conn
            await conn.aclose()

    return connector


GOLDEN_FIXTURES = [f"{v}_connector" for v in VENDORS]
for _vendor in VENDORS:
    globals()[f"{_vendor}_connector"] = _vendor_fixture(_vendor)
