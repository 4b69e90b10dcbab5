"""Request plumbing shared by the console's routes: who is asking, from where, may they.

Why separate from the routes: every route starts the same way (a session or the
login page, a role check, the CSRF check on a POST), and one place for it means
no route can forget it.
"""

from __future__ import annotations

import ipaddress
from dataclasses import dataclass
from typing import Any

from starlette.exceptions import HTTPException
from starlette.requests import HTTPConnection, Request
from starlette.responses import RedirectResponse

from runtime.console import sessions
from runtime.console.sessions import Session


class LoginRequired(Exception):
    """No session: pages answer with the login page, everything else with 401."""


def remote_addr(conn: HTTPConnection, trusted_proxies: list[str]) -> str | None:
    host = conn.client.host if conn.client else None
    if host and trusted_proxies and _trusted(host, trusted_proxies):
        fwd = conn.headers.get("x-forwarded-for", "")
        first = fwd.split(",")[0].strip()
        if first:
            return first[:64]
    return host


def _trusted(host: str, proxies: list[str]) -> bool:
    try:
        ip = ipaddress.ip_address(host)
    except ValueError:
        return False
    for p in proxies:
        try:
            if ip in ipaddress.ip_network(p, strict=False):
                return True
        except ValueError:
            continue
    return False


@dataclass
class Ctx:
    """What a route knows about its request after the checks."""

    session: Session
    remote: str | None

    @property
    def account(self):
        return self.session.account


async def session_of(conn: HTTPConnection, aconn) -> Session | None:
    cfg = conn.app.state.console.settings.console
    return await sessions.lookup(aconn, conn.cookies.get(sessions.COOKIE), cfg)


async def require(request: Request, aconn, *, role: str | None = None, csrf: bool = False) -> Ctx:
    state = request.app.state.console
    s = await session_of(request, aconn)
    if s is None:
        raise LoginRequired()
    if csrf:
        form = await request.form()
        given = request.headers.get("x-csrf-token") or form.get("csrf")
        if not sessions.csrf_ok(s.csrf, given if isinstance(given, str) else None):
            raise HTTPException(
                403, "this action lacks its CSRF token (reload the page and try again)"
            )
    if role == "manager" and s.account.role not in ("manager", "admin"):
        raise HTTPException(403, "your role may not do this (a manager or admin account may)")
    if role == "admin" and s.account.role != "admin":
        raise HTTPException(403, "your role may not do this (an admin account may)")
    return Ctx(s, remote_addr(request, state.settings.console.trusted_proxies))


def login_redirect(request: Request) -> RedirectResponse:
    nxt = request.url.path
    return RedirectResponse(f"/login?next={nxt}", status_code=303)


def mask_phone(phone: str | None, account: Any) -> str:
    """A caller id as this account may see it: all of it, or only the last two digits."""
    if not phone:
        return "unknown"
    if account is not None and account.sees_full_numbers:
        return phone
    digits = [c for c in phone if c.isdigit()]
    tail = "".join(digits[-2:])
    return ("+" if phone.strip().startswith("+") else "") + "•" * max(0, len(digits) - 2) + tail
