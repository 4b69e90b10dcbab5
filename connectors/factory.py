"""Build the hotel's configured PMS connector: ``build_connector(settings)``.

Why a registry of import paths: a hotel uses one vendor, so only that adapter
(and its dependencies) is imported. Each adapter module lives at
``connectors/adapters/<vendor>.py`` and its class offers
``from_settings(settings) -> adapter`` (credentials from the environment only).
"""

from __future__ import annotations

import importlib
from functools import cache
from pathlib import Path

import yaml

from connectors.contract import Capability, Connector
from connectors.errors import PmsError
from connectors.guarded import GuardedConnector
from connectors.validation import RequestValidator

MATRIX_FILE = Path(__file__).with_name("capability_matrix.yaml")

# vendor name (config ``pms.vendor``) -> "module:Class"
ADAPTERS: dict[str, str] = {
    "local": "connectors.adapters.local:LocalConnector",
    "apaleo": "connectors.adapters.apaleo:ApaleoConnector",
    "mews": "connectors.adapters.mews:MewsConnector",
    "cloudbeds": "connectors.adapters.cloudbeds:CloudbedsConnector",
    "opera": "connectors.adapters.opera:OperaConnector",
    "siteminder": "connectors.adapters.siteminder:SiteMinderConnector",
}

# vendor -> environment variables its adapter requires (credentials never live in files).
# ``sovren config check`` names the missing ones before a start; keep in step with the
# adapters' ``require_env`` calls. Endpoints: ``pms.base_url`` or the vendor's *_BASE_URL.
REQUIRED_ENV: dict[str, tuple[str, ...]] = {
    "local": (),
    "apaleo": (
        "SOVREN_APALEO_CLIENT_ID",
        "SOVREN_APALEO_CLIENT_SECRET",
        "SOVREN_APALEO_PROPERTY_ID",
    ),
    "mews": ("SOVREN_MEWS_CLIENT_TOKEN", "SOVREN_MEWS_ACCESS_TOKEN"),
    "cloudbeds": ("SOVREN_CLOUDBEDS_API_KEY",),
    "opera": (
        "SOVREN_OPERA_CLIENT_ID",
        "SOVREN_OPERA_CLIENT_SECRET",
        "SOVREN_OPERA_APP_KEY",
        "SOVREN_OPERA_HOTEL_ID",
    ),
    "siteminder": (
        "SOVREN_SITEMINDER_USERNAME",
        "SOVREN_SITEMINDER_PASSWORD",
        "SOVREN_SITEMINDER_HOTEL_CODE",
    ),
}
# Vendors without a public default endpoint: pms.base_url or this variable must be set.
REQUIRED_ENDPOINT: dict[str, str] = {
    "opera": "SOVREN_OPERA_BASE_URL",
    "siteminder": "SOVREN_SITEMINDER_BASE_URL",
}


class ConnectorConfigError(PmsError):
    """The PMS configuration cannot produce a connector; the message says what to fix."""

    code = "config_error"


def load_capability_matrix(path: Path = MATRIX_FILE) -> dict[str, frozenset[Capability]]:
    """vendor -> capabilities it has. Every vendor must list every capability explicitly."""
    return _load_matrix(Path(path))


@cache
def _load_matrix(path: Path) -> dict[str, frozenset[Capability]]:
    data = yaml.safe_load(path.read_text()) or {}
    out: dict[str, frozenset[Capability]] = {}
    for vendor, caps in data.items():
        if not isinstance(caps, dict):
            raise ConnectorConfigError(f"{path}: entry {vendor!r} must map capabilities to bools")
        unknown = set(caps) - {c.value for c in Capability}
        missing = {c.value for c in Capability} - set(caps)
        if unknown or missing:
            raise ConnectorConfigError(
                f"{path}: vendor {vendor!r} has unknown {sorted(unknown)} / missing "
                f"{sorted(missing)} capabilities"
            )
        out[vendor] = frozenset(Capability(c) for c, on in caps.items() if on is True)
    return out


def adapter_class(vendor: str) -> type:
    """Import and return the adapter class for ``vendor`` (a clear error if unknown/missing)."""
    try:
        target = ADAPTERS[vendor]
    except KeyError as e:
        raise ConnectorConfigError(
            f"unknown PMS vendor {vendor!r}; set pms.vendor to one of {', '.join(ADAPTERS)}"
        ) from e
    module_name, _, cls_name = target.partition(":")
    try:
        module = importlib.import_module(module_name)
    except ModuleNotFoundError as e:
        if e.name == module_name:
            raise ConnectorConfigError(
                f"the {vendor} adapter ({module_name}) is not installed in this build"
            ) from e
        raise
    return getattr(module, cls_name)


def guard(adapter: Connector, settings) -> GuardedConnector:
    """Wrap an already built adapter (tests and benchmarks use this with their own adapters)."""
    matrix = load_capability_matrix()
    if adapter.vendor not in matrix:
        raise ConnectorConfigError(
            f"vendor {adapter.vendor!r} has no entry in {MATRIX_FILE.name}; add one"
        )
    return GuardedConnector(
        adapter, matrix[adapter.vendor], RequestValidator.from_settings(settings)
    )


def build_connector(settings, *, database_url: str | None = None) -> GuardedConnector:
    """The configured vendor's adapter behind the capability/validation guard.

    ``database_url`` overrides ``settings.database_url`` (the local PMS's database; the
    runtime passes the URL of the cluster it already runs). Not opened yet:
    ``await connector.open()`` (or ``async with``), or let the first call open it;
    ``await connector.aclose()`` on shutdown.
    """
    if database_url is not None:
        settings = settings.model_copy(update={"database_url": database_url})
    cls = adapter_class(settings.pms.vendor)
    return guard(cls.from_settings(settings), settings)
