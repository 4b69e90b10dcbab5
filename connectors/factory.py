"""Build the hotel's configured PMS connector: ``build_connector(settings)``.

Why a registry of import paths: a hotel uses one vendor, so only that adapter
(and its dependencies) is imported. The vendors, their settings and their
factories are listed once, in config/sections/pms_vendors.py (``VENDORS``); each
adapter class offers ``from_settings(settings) -> adapter`` and reads its
credentials from its typed settings (``settings.pms.<vendor>``).
"""

from __future__ import annotations

import importlib
from functools import cache
from pathlib import Path

import yaml

from config.sections.pms_vendors import VENDORS
from connectors.contract import Capability, Connector
from connectors.errors import PmsError
from connectors.guarded import GuardedConnector
from connectors.validation import RequestValidator

MATRIX_FILE = Path(__file__).with_name("capability_matrix.yaml")

# vendor name (config ``pms.vendor``) -> "module:Class", from the one registry.
ADAPTERS: dict[str, str] = {v.name: v.factory for v in VENDORS}


class ConnectorConfigError(PmsError):
    """The PMS configuration cannot produce a connector; the message says what to fix."""

    code = "config_error"
    next_step = "fix pms.* in the site file; `sovren config check` shows every problem"


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
