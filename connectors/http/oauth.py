"""OAuth2 client-credentials tokens, cached and refreshed.

Why a cache with a lock: a token costs a round trip to the vendor's identity
server; every call of the adapter shares one token until shortly before it
expires (``skew_s``), and concurrent callers wait for a single refresh instead
of each fetching their own. ``invalidate`` lets the client drop a token the
vendor rejected with 401 (expired early, revoked) so the next ``get`` fetches
a fresh one; the client does that at most once per call.
"""

from __future__ import annotations

import asyncio
import base64
import logging
import time
from collections.abc import Callable

import httpx
from pydantic import BaseModel, ConfigDict, ValidationError

from connectors.errors import AuthError, VendorError
from connectors.http.redact import redact

log = logging.getLogger("sovren.pms.oauth")


class _TokenResponse(BaseModel):
    model_config = ConfigDict(extra="allow")
    access_token: str
    expires_in: float = 3600
    token_type: str = "Bearer"


class ClientCredentialsToken:
    def __init__(
        self,
        *,
        vendor: str,
        token_url: str,
        client_id: str,
        client_secret: str,
        http: httpx.AsyncClient,
        auth_style: str = "basic",  # "basic": HTTP Basic; "body": client_id/secret in the form
        scope: str | None = None,
        extra_headers: dict[str, str] | None = None,
        skew_s: float = 30.0,
        timeout_s: float = 5.0,
        clock: Callable[[], float] = time.monotonic,
    ):
        if auth_style not in ("basic", "body"):
            raise ValueError("auth_style must be 'basic' or 'body'")
        self.vendor = vendor
        self.token_url = token_url
        self._client_id = client_id
        self._client_secret = client_secret
        self._http = http
        self._auth_style = auth_style
        self._scope = scope
        self._extra_headers = dict(extra_headers or {})
        self._skew = skew_s
        self._timeout = timeout_s
        self._clock = clock
        self._token: str | None = None
        self._expires_at = 0.0
        self._lock = asyncio.Lock()
        self.fetches = 0

    def _fresh(self) -> bool:
        return self._token is not None and self._clock() < self._expires_at - self._skew

    def status(self) -> dict:
        return {
            "cached": self._token is not None,
            "expires_in_s": round(max(0.0, self._expires_at - self._clock()), 1)
            if self._token
            else None,
            "fetches": self.fetches,
        }

    def invalidate(self, token: str | None = None) -> None:
        """Forget the cached token (only if it is still ``token``, when given)."""
        if token is None or token == self._token:
            self._token = None
            self._expires_at = 0.0

    async def get(self) -> str:
        if self._fresh():
            return self._token  # type: ignore[return-value]
        async with self._lock:
            if self._fresh():  # another waiter refreshed meanwhile
                return self._token  # type: ignore[return-value]
            await self._fetch()
            return self._token  # type: ignore[return-value]

    async def _fetch(self) -> None:
        form = {"grant_type": "client_credentials"}
        if self._scope:
            form["scope"] = self._scope
        headers = {"Accept": "application/json", **self._extra_headers}
        if self._auth_style == "basic":
            raw = f"{self._client_id}:{self._client_secret}".encode()
            headers["Authorization"] = "Basic " + base64.b64encode(raw).decode()
        else:
            form["client_id"] = self._client_id
            form["client_secret"] = self._client_secret
        try:
            resp = await self._http.post(
                self.token_url, data=form, headers=headers, timeout=self._timeout
            )
        except httpx.TimeoutException as e:
            raise VendorError(
                f"{self.vendor}: token endpoint timed out",
                retriable=True,
                vendor=self.vendor,
                timeout=True,
            ) from e
        except httpx.TransportError as e:
            raise VendorError(
                f"{self.vendor}: token endpoint unreachable ({type(e).__name__})",
                retriable=True,
                vendor=self.vendor,
            ) from e
        self.fetches += 1
        if resp.status_code in (400, 401, 403):
            raise AuthError(
                f"{self.vendor}: the identity server rejected the client credentials "
                f"(HTTP {resp.status_code}); check the client id/secret in the environment",
                vendor=self.vendor,
            )
        if resp.status_code >= 500 or resp.status_code == 429:
            raise VendorError(
                f"{self.vendor}: token endpoint answered HTTP {resp.status_code}",
                retriable=True,
                status=resp.status_code,
                vendor=self.vendor,
            )
        try:
            tok = _TokenResponse.model_validate(resp.json())
        except (ValueError, ValidationError) as e:
            log.warning(
                "%s: malformed token response (HTTP %s): %s",
                self.vendor,
                resp.status_code,
                redact(resp.text[:2000]),
            )
            raise VendorError(f"{self.vendor}: malformed token response", vendor=self.vendor) from e
        self._token = tok.access_token
        self._expires_at = self._clock() + float(tok.expires_in)
