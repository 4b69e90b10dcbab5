"""Each adapter's configuration edges and the fakes' strictness about the wire format."""

from __future__ import annotations

import httpx
import pytest

from config.sections.pms_vendors import BY_NAME
from connectors.errors import AuthError, NotFound
from connectors.models import Guest
from tests.connectors.vendors.conftest import GUEST, TWO, VENDORS, an_offer, make_adapter, stay

REQUIRED = {
    "apaleo": [
        "SOVREN_APALEO_CLIENT_ID",
        "SOVREN_APALEO_CLIENT_SECRET",
        "SOVREN_APALEO_PROPERTY_ID",
    ],
    "mews": ["SOVREN_MEWS_CLIENT_TOKEN", "SOVREN_MEWS_ACCESS_TOKEN"],
    "cloudbeds": ["SOVREN_CLOUDBEDS_API_KEY"],
    "opera": [
        "SOVREN_OPERA_CLIENT_ID",
        "SOVREN_OPERA_CLIENT_SECRET",
        "SOVREN_OPERA_APP_KEY",
        "SOVREN_OPERA_HOTEL_ID",
    ],
    "siteminder": [
        "SOVREN_SITEMINDER_USERNAME",
        "SOVREN_SITEMINDER_PASSWORD",
        "SOVREN_SITEMINDER_HOTEL_CODE",
    ],
}


@pytest.mark.parametrize("vendor", VENDORS)
def test_the_registry_requires_todays_variable_names(vendor):
    cls = BY_NAME[vendor].settings
    assert [cls.env_name(f) for f in cls.required] == REQUIRED[vendor]
    assert cls.from_env({}).missing("https://pms.example") == REQUIRED[vendor]


@pytest.mark.parametrize("vendor", VENDORS)
def test_each_missing_credential_is_an_auth_error_naming_it(vendor, fake_for):
    fake = fake_for(vendor)
    for name in REQUIRED[vendor]:
        env = {k: v for k, v in fake.env().items() if k != name}
        with pytest.raises(AuthError) as exc:
            make_adapter(vendor, fake, env=env)
        assert name in exc.value.message


@pytest.mark.parametrize("vendor", ["opera", "siteminder"])
def test_vendor_without_public_endpoint_needs_a_configured_url(vendor, fake_for):
    from connectors.adapters.opera import OperaConnector
    from connectors.adapters.siteminder import SiteMinderConnector

    fake = fake_for(vendor)
    cls = OperaConnector if vendor == "opera" else SiteMinderConnector
    with pytest.raises(AuthError) as exc:
        cls(BY_NAME[vendor].settings.from_env(fake.env()))
    assert f"SOVREN_{vendor.upper()}_BASE_URL" in exc.value.message


@pytest.mark.parametrize("vendor", ["mews", "cloudbeds", "siteminder"])
async def test_rejected_static_credentials_are_an_auth_error(vendor, fake_for, adapters):
    fake = fake_for(vendor)
    env = dict(fake.env())
    secret = {
        "mews": "SOVREN_MEWS_ACCESS_TOKEN",
        "cloudbeds": "SOVREN_CLOUDBEDS_API_KEY",
        "siteminder": "SOVREN_SITEMINDER_PASSWORD",
    }[vendor]
    env[secret] = "not-the-right-one"
    a = adapters(make_adapter(vendor, fake, env=env))
    with pytest.raises(AuthError):
        if vendor == "siteminder":
            await a.get_reservation("SM1")
        else:
            await a.search_availability(*stay(), TWO)


async def test_from_settings_builds_each_vendor_with_env_credentials(fake_for, monkeypatch):
    import config
    from connectors.factory import adapter_class

    for vendor in VENDORS:
        fake = fake_for(vendor)
        for k, v in fake.env().items():
            monkeypatch.setenv(k, v)
        s = config.load_settings(config_file=None, pms={"vendor": vendor, "base_url": fake.url})
        adapter = adapter_class(vendor).from_settings(s)
        try:
            assert adapter.vendor == vendor and adapter.client.base_url == fake.url
            assert adapter.client.policy.read_timeout_s == s.pms.timeout_s
        finally:
            await adapter.aclose()


# -- the fakes refuse what the real vendors refuse ---------------------------------------------------


async def test_fakes_refuse_unauthenticated_or_misaddressed_calls(fake_for):
    async with httpx.AsyncClient() as http:
        ap = fake_for("apaleo")
        r = await http.get(f"{ap.url}/booking/v1/offers")
        assert r.status_code == 401 and "invalid_token" in r.headers["WWW-Authenticate"]
        mews = fake_for("mews")
        r = await http.get(f"{mews.url}/api/connector/v1/reservations/getAll/2023-06-06")
        assert r.status_code == 404  # POST only
        r = await http.post(f"{mews.url}/api/connector/v1/services/getAll", json={"Limitation": {}})
        assert r.status_code == 401 and "Message" in r.json()
        cb = fake_for("cloudbeds")
        r = await http.get(f"{cb.url}/getRoomTypes")
        assert r.status_code == 401 and r.json()["success"] is False
        op = fake_for("opera")
        r = await http.get(f"{op.url}/par/v1/hotels/HOTEL1/availability")
        assert r.status_code == 401 and r.json()["o:errorCode"].startswith("OHIP-401")
        sm = fake_for("siteminder")
        r = await http.post(sm.url, content=b"<not-xml", headers={"Content-Type": "text/xml"})
        assert r.status_code == 500 and b"Fault" in r.content


async def test_mews_paging_follows_cursors(fake_for, adapters):
    import connectors.adapters.mews as mews_mod

    fake = fake_for("mews")
    a = adapters(make_adapter("mews", fake))
    offer = await an_offer("mews", a)
    for i in range(5):
        await a.create_reservation(offer, Guest(name=f"Page Guest{i}"), f"page-{i}")
    old = mews_mod.PAGE
    mews_mod.PAGE = 2  # force several pages of reservations/getAll
    try:
        found = await a.find_reservations(guest_name="page guest")
    finally:
        mews_mod.PAGE = old
    assert len(found) == 5


async def test_apaleo_and_opera_paging_collect_every_page(fake_for, adapters, monkeypatch):
    import connectors.adapters.apaleo as ap_mod
    import connectors.adapters.opera as op_mod

    for vendor, mod in (("apaleo", ap_mod), ("opera", op_mod)):
        fake = fake_for(vendor)
        a = adapters(make_adapter(vendor, fake))
        offer = await an_offer(vendor, a)
        for i in range(5):
            await a.create_reservation(offer, Guest(name=f"Ada Pagetest{i}"), f"{vendor}-p{i}")
        monkeypatch.setattr(mod, "PAGE" if vendor == "opera" else "PAGE_SIZE", 2)
        found = await a.find_reservations(arrival=offer.arrival)
        assert len(found) == 5, vendor


@pytest.mark.parametrize("vendor", VENDORS)
async def test_health_figures_for_ops(vendor, fake_for, adapters):
    fake = fake_for(vendor)
    a = adapters(make_adapter(vendor, fake))
    offer = await an_offer(vendor, a)
    await a.create_reservation(offer, GUEST, f"health-{vendor}")
    with pytest.raises(NotFound):
        await a.get_reservation("NOPE-404")
    h = await a.health()
    assert h["vendor"] == vendor and h["breaker"] == "closed"
    assert (
        h["calls"] >= 2 and h["latency_p50_ms"] > 0 and h["latency_p95_ms"] >= h["latency_p50_ms"]
    )
    assert h["error_rate"] == 0.0  # a NotFound is an answer, not a sick vendor
    assert "rate_limit" in h


@pytest.mark.parametrize("vendor", ["mews", "opera", "siteminder"])
async def test_reservation_for_key_finds_the_booking_made_with_it(vendor, fake_for, adapters):
    fake = fake_for(vendor)
    a = adapters(make_adapter(vendor, fake))
    assert await a.reservation_for_key("never-used") is None
    res = await a.create_reservation(await an_offer(vendor, a), GUEST, f"replay-{vendor}")
    again = await a.reservation_for_key(f"replay-{vendor}")
    assert again is not None and again.id == res.id


@pytest.mark.parametrize(
    "vendor,secret",
    [
        ("apaleo", "SOVREN_APALEO_CLIENT_SECRET"),
        ("opera", "SOVREN_OPERA_CLIENT_SECRET"),
        ("siteminder", "SOVREN_SITEMINDER_PASSWORD"),
        ("mews", "SOVREN_MEWS_CLIENT_TOKEN"),
        ("cloudbeds", "SOVREN_CLOUDBEDS_API_KEY"),
    ],
)
async def test_open_checks_the_credentials(vendor, secret, fake_for, adapters):
    fake = fake_for(vendor)
    good = adapters(make_adapter(vendor, fake))
    await good.open()
    h = await good.health()
    assert h["last_ok_at"] is not None or (h["token"] or {}).get("fetches") == 1
    bad = adapters(make_adapter(vendor, fake, env={**fake.env(), secret: "wrong-secret"}))
    with pytest.raises(AuthError):
        await bad.open()
