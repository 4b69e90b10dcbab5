"""The PMS vendors SOVREN can talk to: one entry per vendor, in one place.

Each ``VendorSpec`` names the vendor (config ``pms.vendor``), its own settings
model (nested under ``pms.<vendor>``) and its factory (``module:Class`` of the
adapter, imported only when that vendor is used). Everything else derives from
``VENDORS``: the ``pms.vendor`` Literal, the ``sovren pms --vendor`` choices,
``sovren config check``'s credential report and the table in docs/pms-vendors.md
(``vendor_table()``).

Why here (the configuration layer) and not in the adapters: the settings model
must be importable without the adapters (and httpx) — config is the bottom layer
— and the factory is a dotted path, so nothing in connectors/ is imported here.

Secrets are ``SecretStr`` read from the environment by pydantic-settings under
the variable names operators already use (``SOVREN_APALEO_CLIENT_ID``…, the
fields' validation aliases). They are excluded from every dump: a child process
rebuilding its settings from the supervisor's dump reads them from the
environment it inherited, and no secret ever sits in a dump, a log or a repr.
"""

from __future__ import annotations

import contextvars
from dataclasses import dataclass
from typing import Any, ClassVar

from pydantic import Field, SecretStr
from pydantic_settings import BaseSettings, SettingsConfigDict

# Set while VendorSettings.from_env builds from a given mapping: then os.environ is not read.
_ONLY_GIVEN: contextvars.ContextVar[bool] = contextvars.ContextVar("pms_only_given", default=False)


def secret(env: str, doc: str) -> Any:
    """A required credential: a SecretStr from ``env``, never dumped."""
    return Field(None, validation_alias=env, exclude=True, description=doc)


def needed(env: str, doc: str) -> Any:
    """A required, non-secret value from ``env`` (an id the vendor gave the hotel)."""
    return Field(None, validation_alias=env, description=doc)


def optional(env: str, default: str | None, doc: str) -> Any:
    return Field(default, validation_alias=env, description=doc)


class VendorSettings(BaseSettings):
    """Base of a vendor's settings: each field's validation alias is its environment variable.

    ``required`` lists the fields without which the adapter cannot start; ``base_url``
    (the vendor's public endpoint) is None for vendors that publish none, and then
    ``pms.base_url`` or the variable must name it.
    """

    model_config = SettingsConfigDict(extra="forbid", populate_by_name=True)

    required: ClassVar[tuple[str, ...]] = ()
    base_url: str | None = None

    @classmethod
    def settings_customise_sources(
        cls, settings_cls, init_settings, env_settings, dotenv_settings, file_secret_settings
    ):
        if _ONLY_GIVEN.get():
            return (init_settings,)
        return (init_settings, env_settings)

    @classmethod
    def from_env(cls, env: dict[str, str]) -> VendorSettings:
        """Settings from ``env`` (variable -> value) alone, not os.environ (tests, tools)."""
        names = {cls.env_name(f) for f in cls.model_fields}
        token = _ONLY_GIVEN.set(True)
        try:
            return cls(**{k: v for k, v in env.items() if k in names})
        finally:
            _ONLY_GIVEN.reset(token)

    @classmethod
    def env_name(cls, field: str) -> str:
        alias = cls.model_fields[field].validation_alias
        return alias if isinstance(alias, str) else field

    @classmethod
    def secret_fields(cls) -> list[str]:
        return [f for f, info in cls.model_fields.items() if info.exclude]

    @classmethod
    def endpoint_required(cls) -> bool:
        return cls.model_fields["base_url"].default is None

    def value(self, field: str) -> str:
        """The field's value as plain text ("" when unset); secrets revealed for the wire only."""
        v = getattr(self, field)
        if isinstance(v, SecretStr):
            v = v.get_secret_value()
        return (v or "").strip()

    def missing(self, configured_base_url: str | None = None) -> list[str]:
        """The environment variables still to set, by name (never their values)."""
        out = [self.env_name(f) for f in self.required if not self.value(f)]
        if self.endpoint_required() and not (configured_base_url or self.value("base_url")):
            out.append(f"{self.env_name('base_url')} (or pms.base_url)")
        return out


class LocalSettings(VendorSettings):
    """The local PMS needs nothing beyond ``database_url`` (``SOVREN_DATABASE_URL``)."""

    base_url: str | None = ""  # no endpoint: it is a database


class ApaleoSettings(VendorSettings):
    required: ClassVar = ("client_id", "client_secret", "property_id")
    client_id: SecretStr | None = secret("SOVREN_APALEO_CLIENT_ID", "OAuth2 client id")
    client_secret: SecretStr | None = secret("SOVREN_APALEO_CLIENT_SECRET", "OAuth2 secret")
    property_id: str | None = needed("SOVREN_APALEO_PROPERTY_ID", "the hotel's property id")
    base_url: str | None = optional("SOVREN_APALEO_BASE_URL", "https://api.apaleo.com", "API")
    identity_url: str | None = optional(
        "SOVREN_APALEO_IDENTITY_URL", "https://identity.apaleo.com", "identity server"
    )


class MewsSettings(VendorSettings):
    required: ClassVar = ("client_token", "access_token")
    client_token: SecretStr | None = secret("SOVREN_MEWS_CLIENT_TOKEN", "integration's token")
    access_token: SecretStr | None = secret("SOVREN_MEWS_ACCESS_TOKEN", "the property's token")
    service_id: str | None = optional(
        "SOVREN_MEWS_SERVICE_ID", None, "the Bookable service (default: the first one)"
    )
    base_url: str | None = optional(
        "SOVREN_MEWS_BASE_URL", "https://api.mews.com", "demo: https://api.mews-demo.com"
    )


class CloudbedsSettings(VendorSettings):
    required: ClassVar = ("api_key",)
    api_key: SecretStr | None = secret("SOVREN_CLOUDBEDS_API_KEY", "x-api-key")
    property_id: str | None = optional(
        "SOVREN_CLOUDBEDS_PROPERTY_ID", None, "the property (keys for several properties)"
    )
    base_url: str | None = optional(
        "SOVREN_CLOUDBEDS_BASE_URL", "https://api.cloudbeds.com/api/v1.3", "API"
    )


class OperaSettings(VendorSettings):
    required: ClassVar = ("client_id", "client_secret", "app_key", "hotel_id")
    client_id: SecretStr | None = secret("SOVREN_OPERA_CLIENT_ID", "OHIP client id")
    client_secret: SecretStr | None = secret("SOVREN_OPERA_CLIENT_SECRET", "OHIP secret")
    app_key: SecretStr | None = secret("SOVREN_OPERA_APP_KEY", "OHIP application key")
    hotel_id: str | None = needed("SOVREN_OPERA_HOTEL_ID", "x-hotelid")
    base_url: str | None = optional("SOVREN_OPERA_BASE_URL", None, "the tenant's OHIP gateway")
    scope: str | None = optional(
        "SOVREN_OPERA_SCOPE", "urn:opc:hgbu:ws:__myscopes__", "OAuth2 scope"
    )
    enterprise_id: str | None = optional("SOVREN_OPERA_ENTERPRISE_ID", None, "enterpriseId")
    rate_plan: str | None = optional("SOVREN_OPERA_RATE_PLAN", None, "rate plan code to sell")


class SiteMinderSettings(VendorSettings):
    required: ClassVar = ("username", "password", "hotel_code")
    username: SecretStr | None = secret("SOVREN_SITEMINDER_USERNAME", "WS-Security user")
    password: SecretStr | None = secret("SOVREN_SITEMINDER_PASSWORD", "WS-Security password")
    hotel_code: str | None = needed("SOVREN_SITEMINDER_HOTEL_CODE", "HotelCode")
    base_url: str | None = optional("SOVREN_SITEMINDER_BASE_URL", None, "the SOAP endpoint")
    requestor_id: str | None = optional("SOVREN_SITEMINDER_REQUESTOR_ID", "SOVREN", "RequestorID")
    rate_plan: str | None = optional("SOVREN_SITEMINDER_RATE_PLAN", "BAR", "rate plan code")


@dataclass(frozen=True)
class VendorSpec:
    name: str  # config pms.vendor
    title: str  # for people (docs, messages)
    settings: type[VendorSettings]  # nested at pms.<name>
    factory: str  # "module:Class" with ``from_settings(settings)``


VENDORS: tuple[VendorSpec, ...] = (
    VendorSpec(
        "local", "local PMS (PostgreSQL)", LocalSettings, "connectors.adapters.local:LocalConnector"
    ),
    VendorSpec("apaleo", "apaleo", ApaleoSettings, "connectors.adapters.apaleo:ApaleoConnector"),
    VendorSpec("mews", "Mews", MewsSettings, "connectors.adapters.mews:MewsConnector"),
    VendorSpec(
        "cloudbeds",
        "Cloudbeds",
        CloudbedsSettings,
        "connectors.adapters.cloudbeds:CloudbedsConnector",
    ),
    VendorSpec(
        "opera",
        "Oracle OPERA Cloud (OHIP)",
        OperaSettings,
        "connectors.adapters.opera:OperaConnector",
    ),
    VendorSpec(
        "siteminder",
        "SiteMinder (SiteConnect/pmsXchange)",
        SiteMinderSettings,
        "connectors.adapters.siteminder:SiteMinderConnector",
    ),
)
BY_NAME: dict[str, VendorSpec] = {v.name: v for v in VENDORS}


def vendor_names() -> list[str]:
    return [v.name for v in VENDORS]


def secrets_in_file(data: dict[str, Any]) -> list[tuple[str, str]]:
    """(path, variable) of every vendor secret a site file sets: secrets never live in files."""
    pms = data.get("pms") if isinstance(data, dict) else None
    out: list[tuple[str, str]] = []
    for spec in VENDORS if isinstance(pms, dict) else ():
        section = pms.get(spec.name)
        if isinstance(section, dict):
            cls = spec.settings
            names = {f: cls.env_name(f) for f in cls.secret_fields()}
            for key in section:
                field = next((f for f, env in names.items() if key in (f, env)), None)
                if field is not None:
                    out.append((f"pms.{spec.name}.{key}", names[field]))
    return out


def vendor_table() -> str:
    """The vendor table of docs/pms-vendors.md (a test keeps the page equal to this)."""
    rows = [
        "| vendor | PMS | adapter | required environment | optional environment (default) |",
        "|---|---|---|---|---|",
    ]
    for spec in VENDORS:
        cls = spec.settings
        required = [cls.env_name(f) for f in cls.required]
        if cls.endpoint_required():
            required.append(f"{cls.env_name('base_url')} (or `pms.base_url`)")
        opt = [
            f"{cls.env_name(f)} ({info.default or '-'})"
            for f, info in cls.model_fields.items()
            if f not in cls.required
            and info.validation_alias
            and not (f == "base_url" and cls.endpoint_required())
        ]
        rows.append(
            f"| `{spec.name}` | {spec.title} | `{spec.factory}` | {', '.join(required) or '-'} | "
            f"{', '.join(opt) or '-'} |"
        )
    return "\n".join(rows)


__all__ = [
    "BY_NAME",
    "VENDORS",
    "VendorSettings",
    "VendorSpec",
    "secrets_in_file",
    "vendor_names",
    "vendor_table",
]
