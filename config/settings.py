"""Typed configuration: embedded defaults, then a site file, then the environment.

Why three layers: the defaults (config/defaults.yaml) make a fresh checkout
run a demo hotel with no setup; a site file (``--config`` or ``SOVREN_CONFIG``;
config/sites/demo.yaml when none is given) is the hotel — its ``hotel`` section
replaces the demo's wholly; environment variables (``SOVREN_…``, nested with
``__``, e.g. ``SOVREN_DECISION__THRESHOLDS__PMS_WRITE=0.9``) carry secrets and
per-deployment overrides so that no secret ever sits in a file in the repo.

The site file's path is passed down explicitly (``load_settings(path)``); it is
never written into the environment. A child process rebuilds its supervisor's
settings from their dump (``settings_from_dump``), reading no file again. PMS
vendor secrets (config/sections/pms_vendors.py) are never in a dump: the child's
vendor settings read them from the environment it inherited, and a site file
holding one is refused.

Each section lives in its own module (config/<section>.py) owned by the part
of the system that reads it.
"""

from __future__ import annotations

import contextvars
import functools
import hashlib
from pathlib import Path
from typing import Any

import yaml
from pydantic import Field
from pydantic_settings import BaseSettings, PydanticBaseSettingsSource, SettingsConfigDict

from config.environment import environment
from config.errors import SovrenError
from config.sections import (
    AgentsConfig,
    ConsoleConfig,
    DecisionConfig,
    FabricConfig,
    HotelConfig,
    MediaConfig,
    OpsConfig,
    PmsConfig,
    SentinelConfig,
    StorageConfig,
    TelephonyConfig,
)
from config.sections.pms_vendors import secrets_in_file

DEFAULTS_FILE = Path(__file__).with_name("defaults.yaml")
# The example hotel, used only when no site file is given.
DEMO_SITE_FILE = Path(__file__).parent / "sites" / "demo.yaml"
# Sections a site file replaces wholly instead of merging key by key into the defaults:
# a hotel is not a patch on the demo hotel (its rooms, facts and words are its own).
SITE_OWNED = ("hotel",)


class ConfigError(SovrenError, RuntimeError):
    """A configuration file is missing or invalid; the message says which and how to fix it."""

    code = "config_error"
    next_step = "`sovren config check [FILE]` lists every problem of the site file at once"


def _read_yaml(path: Path) -> dict[str, Any]:
    try:
        data = yaml.safe_load(path.read_text()) or {}
    except FileNotFoundError as e:
        raise ConfigError(
            f"config file {path} does not exist (check SOVREN_CONFIG / --config)"
        ) from e
    except (yaml.YAMLError, ValueError) as e:  # ValueError: e.g. the date 2026-13-01
        raise ConfigError(f"config file {path} is not valid YAML: {e}") from e
    if not isinstance(data, dict):
        raise ConfigError(f"config file {path} must hold a mapping at the top level")
    return data


def deep_merge(base: dict[str, Any], over: dict[str, Any]) -> dict[str, Any]:
    out = dict(base)
    for k, v in over.items():
        if isinstance(v, dict) and isinstance(out.get(k), dict):
            out[k] = deep_merge(out[k], v)
        else:
            out[k] = v
    return out


def layered(site_file: Path | None) -> dict[str, Any]:
    """The defaults with the site file (or the demo site) on top, before the environment.

    Technical sections merge key by key (a site sets only what it changes); the
    ``SITE_OWNED`` sections replace the defaults' wholly.
    """
    data = _read_yaml(DEFAULTS_FILE)
    site = _read_yaml(site_file if site_file is not None else DEMO_SITE_FILE)
    if found := secrets_in_file(site):
        raise ConfigError(
            f"config file {site_file}: "
            + "; ".join(f"{path} is a secret" for path, _ in found)
            + ": secrets are never read from files; remove them and export "
            + ", ".join(env for _, env in found)
            + " in the runtime's environment"
        )
    for key in SITE_OWNED:
        if key in site:
            data[key] = site.pop(key)
    return deep_merge(data, site)


# What the next ``Settings(...)`` built in this context reads besides its keyword arguments:
# ("layers", site_file) = defaults, site file and environment; ("dump", None) = the keyword
# arguments only (a complete dump of another process's settings). Set by load_settings and
# settings_from_dump for the duration of one construction; unset, Settings() reads
# SOVREN_CONFIG like load_settings() does.
_SOURCES: contextvars.ContextVar[tuple[str, Path | None] | None] = contextvars.ContextVar(
    "sovren_settings_sources", default=None
)


def env_site_file() -> Path | None:
    """The site file named by ``SOVREN_CONFIG`` (read, never written), or None."""
    return environment().config or None


def file_digest(path: Path | None) -> str:
    """sha256 of a site file's bytes (the demo site's when None): which hotel a runtime runs."""
    data = Path(path if path is not None else DEMO_SITE_FILE).read_bytes()
    return hashlib.sha256(data).hexdigest()


class _YamlLayers(PydanticBaseSettingsSource):
    """Defaults file and the site file; below env in priority."""

    def __init__(self, settings_cls: type[BaseSettings], site_file: Path | None):
        super().__init__(settings_cls)
        self._data = layered(site_file)

    def get_field_value(self, field, field_name):  # pragma: no cover - unused by __call__
        return self._data.get(field_name), field_name, False

    def __call__(self) -> dict[str, Any]:
        return self._data


class Settings(BaseSettings):
    model_config = SettingsConfigDict(
        env_prefix="SOVREN_", env_nested_delimiter="__", extra="forbid"
    )

    instance: str = Field("sovren", pattern=r"^[A-Za-z0-9_]{1,24}$")
    data_dir: Path = Path("var")
    database_url: str | None = None

    fabric: FabricConfig = FabricConfig()
    decision: DecisionConfig = DecisionConfig()
    storage: StorageConfig = StorageConfig()
    pms: PmsConfig = Field(default_factory=PmsConfig)
    hotel: HotelConfig = HotelConfig()
    agents: AgentsConfig = AgentsConfig()
    media: MediaConfig = MediaConfig()
    sentinel: SentinelConfig = SentinelConfig()
    ops: OpsConfig = OpsConfig()
    console: ConsoleConfig = ConsoleConfig()
    telephony: TelephonyConfig = Field(default_factory=TelephonyConfig)

    # The site file these settings were built from (None: the demo hotel); not a setting.
    _site_file: Path | None = None

    @property
    def site_file(self) -> Path | None:
        return self._site_file

    @classmethod
    def settings_customise_sources(
        cls, settings_cls, init_settings, env_settings, dotenv_settings, file_secret_settings
    ):
        mode, site = _SOURCES.get() or ("layers", env_site_file())
        if mode == "dump":
            return (init_settings,)
        return (init_settings, env_settings, _YamlLayers(settings_cls, site))


def build_settings(
    site: Path | None, overrides: dict[str, Any] | None = None, *, mode: str = "layers"
) -> Settings:
    """Settings from exactly ``site`` (None: the demo hotel; SOVREN_CONFIG is not consulted)
    and the environment; pydantic's ValidationError is raised as is (``config check`` lists
    its errors). ``mode="dump"``: ``overrides`` is a complete dump, nothing else is read."""
    kwargs = overrides or {}
    token = _SOURCES.set((mode, site))
    try:
        s = Settings(**kwargs)
    finally:
        _SOURCES.reset(token)
    s.data_dir = s.data_dir.expanduser().resolve()
    s._site_file = site
    return s


def load_settings(config_file: str | Path | None = None, **overrides: Any) -> Settings:
    """Build settings from the defaults, the site file and the environment.

    ``config_file`` is the site file (None: ``SOVREN_CONFIG`` if set, else the demo
    hotel); it is passed down explicitly, never written into the environment.
    ``overrides`` win over everything and merge key by key (``hotel={"simulated_date":
    ...}`` pins the day of the site's hotel). ``data_dir`` is made absolute relative
    to the current directory so that every process of one runtime agrees on it.
    """
    site = Path(config_file).expanduser().resolve() if config_file is not None else None
    if site is None and (env := env_site_file()) is not None:
        site = env.expanduser().resolve()
    try:
        return build_settings(site, overrides)
    except ConfigError:
        raise
    except Exception as e:  # pydantic.ValidationError and friends
        raise ConfigError(f"invalid configuration: {e}") from e


def settings_from_dump(dump: dict[str, Any], site_file: str | Path | None = None) -> Settings:
    """Exactly the settings another process dumped (``model_dump(mode="json")``).

    Why not ``load_settings(**dump)``: that merges the dump into the YAML layers,
    and a dict such as ``hotel.facts`` would gain the demo hotel's keys. A child
    process must run with its supervisor's settings, nothing added.
    """
    site = Path(site_file) if site_file else None
    try:
        return build_settings(site, dump, mode="dump")
    except Exception as e:
        raise ConfigError(f"invalid configuration dump: {e}") from e


@functools.lru_cache(maxsize=1)
def get_settings() -> Settings:
    """The process-wide configuration (the one piece of global state allowed)."""
    return load_settings()
