"""Models, capability matrix and factory: the vendor-neutral pieces without a database."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pydantic
import pytest
import yaml

import config
from connectors.contract import Capability
from connectors.errors import Unsupported, VendorError
from connectors.factory import (
    ADAPTERS,
    ConnectorConfigError,
    adapter_class,
    build_connector,
    guard,
    load_capability_matrix,
)
from connectors.models import Guest, Money, Occupancy, Reservation


def test_money_keeps_decimals_and_refuses_mixed_currencies():
    a = Money(amount=Decimal("0.10"), currency="EUR")
    assert (a + a + a).amount == Decimal("0.30")
    with pytest.raises(ValueError):
        a + Money(amount=Decimal("1"), currency="USD")
    with pytest.raises(pydantic.ValidationError):
        Money(amount=Decimal("NaN"), currency="EUR")
    with pytest.raises(pydantic.ValidationError):
        Money(amount=Decimal("1"), currency="euro")


@pytest.mark.parametrize(
    "kwargs",
    [{"name": "  "}, {"name": "A", "phone": "call me"}, {"name": "A", "email": "a@b"}],
)
def test_guest_rejects_bad_contact_data(kwargs):
    with pytest.raises(pydantic.ValidationError):
        Guest(**kwargs)


def test_guest_normalises_blank_optional_fields():
    g = Guest(name="  Ada   Lovelace ", phone=" ", email="")
    assert (g.name, g.phone, g.email) == ("Ada Lovelace", None, None)


def test_reservation_needs_departure_after_arrival():
    with pytest.raises(pydantic.ValidationError):
        Reservation(
            id="1",
            confirmation="A",
            vendor="local",
            status="confirmed",
            arrival=date(2030, 1, 2),
            departure=date(2030, 1, 2),
            room_type="DBL",
            occupancy=Occupancy(adults=1),
            guest=Guest(name="A"),
        )


def test_matrix_lists_every_vendor_and_siteminder_lacks_availability():
    matrix = load_capability_matrix()
    assert set(matrix) == set(ADAPTERS)
    assert Capability.SEARCH_AVAILABILITY not in matrix["siteminder"]
    assert matrix["local"] == frozenset(Capability)


def test_incomplete_matrix_is_a_load_error(tmp_path):
    f = tmp_path / "m.yaml"
    f.write_text(yaml.safe_dump({"x": {"create": True}}))
    with pytest.raises(ConnectorConfigError, match="missing"):
        load_capability_matrix(f)


def test_unknown_vendor_is_a_clear_error():
    with pytest.raises(ConnectorConfigError, match="set pms.vendor to one of"):
        adapter_class("fidelio")
    settings = config.load_settings().model_copy(deep=True)
    settings.pms.vendor = "fidelio"
    with pytest.raises(ConnectorConfigError):
        build_connector(settings)


def test_build_connector_builds_the_guarded_local_adapter(pg_url):
    pms = build_connector(config.load_settings(), database_url=pg_url)
    assert pms.vendor == "local" and pms.capabilities == frozenset(Capability)
    assert pms.adapter._url == pg_url


class _Broken:
    """An adapter whose vendor answers garbage: the guard must contain it."""

    vendor = "siteminder"
    capabilities = load_capability_matrix()["siteminder"]

    async def open(self):
        pass

    async def aclose(self):
        pass

    async def get_reservation(self, ref):
        Money(amount="lots", currency="EUR")  # a schema violation from a vendor payload

    async def find_reservations(self, **kw):
        raise KeyError(f"no ReservationId for {kw['guest_name']}")


async def test_guard_turns_payload_errors_into_vendor_errors(caplog):
    pms = guard(_Broken(), config.load_settings())
    with pytest.raises(VendorError, match="malformed") as exc:
        await pms.get_reservation("ABC-DEF")
    assert exc.value.retriable is False
    assert "lots" not in caplog.text  # the payload is never logged
    with pytest.raises(VendorError, match="KeyError"):
        await pms.find_reservations(guest_name="Ada Lovelace")
    assert "KeyError at" in caplog.text and "find_reservations" in caplog.text
    assert "Lovelace" not in caplog.text  # an exception message may hold personal data
    with pytest.raises(Unsupported):
        await pms.search_availability(date(2099, 1, 1), date(2099, 1, 2), Occupancy(adults=1))
