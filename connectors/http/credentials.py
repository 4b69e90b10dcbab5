"""Vendor credentials and addresses come from the environment, never from files.

Why a helper: a missing secret must fail loudly with the exact variable to set,
as an AuthError the operator sees in ``sovren pms check``.
"""

from __future__ import annotations

import os
from collections.abc import Mapping

from connectors.errors import AuthError


def require_env(name: str, *, vendor: str, env: Mapping[str, str] | None = None) -> str:
    source = os.environ if env is None else env
    value = source.get(name, "")
    if not value.strip():
        raise AuthError(
            f"{vendor}: credential {name} is not set; export {name}=... in the runtime's "
            "environment (secrets are never read from config files)",
            vendor=vendor,
        )
    return value.strip()


def env_base_url(
    vendor: str,
    configured: str | None,
    default: str,
    *,
    env: Mapping[str, str] | None = None,
    variable: str | None = None,
) -> str:
    """config ``pms.base_url`` first, then ``SOVREN_<VENDOR>_BASE_URL``, then the vendor's own."""
    source = os.environ if env is None else env
    if configured:
        return configured.rstrip("/")
    var = variable or f"SOVREN_{vendor.upper()}_BASE_URL"
    return (source.get(var) or default).rstrip("/")
