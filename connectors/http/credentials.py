"""A vendor's credentials and address from its typed settings (``settings.pms.<vendor>``).

Why a helper: a missing secret must fail loudly with the exact variable to set,
as an AuthError the operator sees in ``sovren pms check``. The values come from
the environment through config/sections/pms_vendors.py, never from files.
"""

from __future__ import annotations

from connectors.errors import AuthError


def require(cfg, field: str, *, vendor: str) -> str:
    """The value of a required field of the vendor settings ``cfg``; AuthError naming its
    environment variable when it is unset or blank."""
    value = cfg.value(field)
    if not value:
        name = cfg.env_name(field)
        raise AuthError(
            f"{vendor}: credential {name} is not set; export {name}=... in the runtime's "
            "environment (secrets are never read from config files)",
            vendor=vendor,
        )
    return value


def base_url(cfg, configured: str | None, *, vendor: str, what: str = "endpoint") -> str:
    """config ``pms.base_url`` first, then the vendor's ``*_BASE_URL`` setting (its
    variable, else its public default); AuthError naming both when neither exists."""
    url = configured or cfg.value("base_url")
    if not url:
        raise AuthError(
            f"{vendor}: no {what}; set pms.base_url or {cfg.env_name('base_url')}",
            vendor=vendor,
        )
    return url.rstrip("/")
