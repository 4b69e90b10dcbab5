"""The process-level ``SOVREN_*`` variables: one settings model, read from the environment only.

Why a model of its own, beside ``config.settings.Settings`` and not inside it: these
variables belong to the process, not to the configuration a supervisor hands its
children (a child rebuilt from the dump equals its parent's settings whatever its own
environment holds), and they are not
sections of the site file. Some name the site file itself (``SOVREN_CONFIG``), some
are secrets that must never sit in a file or a dump (the ledger's chain key, the
alert webhook's secret), some are knobs of the lowest layers that run before or
without the hotel's settings (the ring core, the PostgreSQL binaries, the log
level). Reading them through one pydantic-settings model gives each a type, a
default and a line in docs/configuration.md ("Environment variables", kept equal
to this model by a test), instead of ``os.environ.get`` calls scattered through the
code. Nothing here, or anywhere in SOVREN, writes to ``os.environ``: a child
process gets what it needs in the environment its parent builds for it.

The section variables (``SOVREN_<SECTION>__<KEY>``, e.g. ``SOVREN_MEDIA__ASR_THREADS``),
``SOVREN_INSTANCE``, ``SOVREN_DATA_DIR`` and ``SOVREN_DATABASE_URL`` are fields of
``config.settings.Settings`` itself; the PMS vendors' (``SOVREN_APALEO_CLIENT_ID``...)
of their registry (config/sections/pms_vendors.py).
"""

from __future__ import annotations

import functools
import logging
import os
from pathlib import Path
from typing import Literal

from pydantic import Field, SecretStr, ValidationError, field_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

from config.errors import SovrenError


class Environment(BaseSettings):
    """Each field is the variable named SOVREN_ and the field's name in capitals."""

    model_config = SettingsConfigDict(env_prefix="SOVREN_", extra="ignore", frozen=True)

    config: Path | None = Field(
        None, description="the site file when no --config is given (else the demo hotel)"
    )
    log_level: str = Field(
        "WARNING", description="log level of the agent and executor processes (DEBUG, INFO, ...)"
    )
    ring_backend: Literal["c", "python"] = Field(
        "c", description="the ring core: the C extension, or the slower pure-Python reference"
    )
    pg_bin: Path | None = Field(
        None, description="folder of initdb/pg_ctl (default: the newest /usr/lib/postgresql/*/bin)"
    )
    ledger_chain_key: SecretStr | None = Field(
        None, description="secret: 64 hex digits keying the ledger's hash chain (unset: unkeyed)"
    )
    alert_webhook_secret: SecretStr | None = Field(
        None, description="secret: HMAC key of the alert webhook (with sentinel.webhook_url)"
    )
    console_password: SecretStr | None = Field(
        None,
        description="secret: the new password for `sovren console user add|password` "
        "(scripts, CI; else asked on the terminal, never an argument)",
    )

    @field_validator("log_level")
    @classmethod
    def _known_level(cls, v: str) -> str:
        level = v.strip().upper()
        if level not in logging.getLevelNamesMapping():
            raise ValueError(
                f"SOVREN_LOG_LEVEL {v!r} is not a log level (DEBUG, INFO, WARNING, ...)"
            )
        return level

    @classmethod
    def settings_customise_sources(
        cls, settings_cls, init_settings, env_settings, dotenv_settings, file_secret_settings
    ):
        return (init_settings, env_settings)  # no .env file, no secrets directory

    @classmethod
    def variable(cls, field: str) -> str:
        return f"SOVREN_{field.upper()}"


class BadVariable(SovrenError, ValueError):
    """A process-level SOVREN_* variable holds a value its field refuses."""

    code = "bad_environment"
    next_step = "fix or unset the variable the message names (docs/configuration.md)"


def environment() -> Environment:
    """The variables as they are now: read afresh whenever a ``SOVREN_*`` variable changed.

    Building a pydantic-settings model takes milliseconds and the ring core asks for
    every ring it opens, so the model is kept per distinct set of ``SOVREN_*`` values
    (the set is only the cache's key; the values are read by the model's env source).
    """
    key = tuple(sorted((k, v) for k, v in os.environ.items() if k.upper().startswith("SOVREN_")))
    return _environment(key)


@functools.lru_cache(maxsize=16)
def _environment(key: tuple[tuple[str, str], ...]) -> Environment:
    try:
        return Environment()
    except ValidationError as e:
        problems = "; ".join(
            f"{Environment.variable(str(err['loc'][0]))}: {err['msg']}" for err in e.errors()
        )
        raise BadVariable(f"bad environment variable: {problems}") from None


__all__ = ["BadVariable", "Environment", "environment"]
