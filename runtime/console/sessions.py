"""Sessions, CSRF tokens and the login rate limit.

Why server-side sessions: the cookie holds only a random token (32 bytes);
PostgreSQL holds its SHA-256, the account, the expiry and the session's CSRF
token. A changed cookie matches no row, so it is simply not a session; logging
out or disabling an account ends its sessions at once; no signing key has to
be kept anywhere. The cookie is HttpOnly (scripts cannot read it), SameSite=Strict
(another site's page cannot make the browser send it) and Secure unless
``console.cookie_secure`` is off for plain http on this machine.

CSRF: every state-changing request (every POST, and the voice WebSocket) must
carry the session's token (a hidden form field ``csrf`` or the ``X-CSRF-Token``
header), compared in constant time. The login form, before any session exists,
uses a double-submit cookie (``sovren_login``).

Rate limit: failed logins are on record in ``console_audit``; more than
``login_max_failures`` within ``login_window_s`` for the same account name or the
same address refuses further attempts until the window has passed. Kept in the
database, so restarting the console or running two does not reset it.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
from dataclasses import dataclass

from runtime.console.accounts import Account

COOKIE = "sovren_session"
LOGIN_COOKIE = "sovren_login"


def _digest(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


@dataclass(frozen=True)
class Session:
    id: str
    account: Account
    csrf: str


async def create(aconn, account: Account, remote: str | None, cfg) -> tuple[str, Session]:
    token = secrets.token_urlsafe(32)
    csrf = secrets.token_urlsafe(32)
    cur = await aconn.execute(
        "INSERT INTO console_sessions (token_hash, account_id, csrf_token, remote, expires_at)"
        " VALUES (%s, %s, %s, %s, now() + make_interval(mins => %s)) RETURNING id::text",
        (_digest(token), account.id, csrf, remote, cfg.session_idle_minutes),
    )
    sid = (await cur.fetchone())[0]
    return token, Session(sid, account, csrf)


async def lookup(aconn, token: str | None, cfg) -> Session | None:
    """The live session of this cookie, its idle expiry moved on; None for anything else
    (no cookie, a changed or unknown one, expired, a disabled account)."""
    if not token or len(token) > 128:
        return None
    cur = await aconn.execute(
        """UPDATE console_sessions s
              SET expires_at = least(s.created_at + make_interval(hours => %s),
                                     now() + make_interval(mins => %s)),
                  updated_at = now()
             FROM console_accounts a
            WHERE s.token_hash = %s AND s.expires_at > now()
              AND a.id = s.account_id AND NOT a.disabled
        RETURNING s.id::text, a.id::text, a.name, a.role, s.csrf_token""",
        (cfg.session_max_hours, cfg.session_idle_minutes, _digest(token)),
    )
    row = await cur.fetchone()
    if row is None:
        return None
    return Session(row[0], Account(row[1], row[2], row[3]), row[4])


async def end(aconn, session_id: str) -> None:
    await aconn.execute("DELETE FROM console_sessions WHERE id = %s::uuid", (session_id,))


async def purge_expired(aconn) -> None:
    await aconn.execute("DELETE FROM console_sessions WHERE expires_at < now()")


def csrf_ok(expected: str, given: str | None) -> bool:
    return bool(given) and hmac.compare_digest(expected.encode(), str(given).encode())


async def login_blocked(aconn, name: str, remote: str | None, cfg) -> bool:
    """Too many failed logins for this name or from this address within the window."""
    cur = await aconn.execute(
        """SELECT count(*) FILTER (WHERE account = %s), count(*) FILTER (WHERE remote = %s)
             FROM console_audit
            WHERE event = 'login' AND NOT ok
              AND created_at > now() - make_interval(secs => %s)""",
        (name, remote, cfg.login_window_s),
    )
    by_name, by_remote = await cur.fetchone()
    return by_name >= cfg.login_max_failures or (
        remote is not None and by_remote >= cfg.login_max_failures
    )
