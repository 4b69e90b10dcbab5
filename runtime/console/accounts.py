"""Console accounts: names, roles, argon2id password hashes in PostgreSQL.

Why argon2 through argon2-cffi: a stolen copy of the table must not give away
passwords; argon2id is the current recommendation (RFC 9106) and argon2-cffi is
the well-kept binding. There is no default account and no default password: the
first account is made with ``sovren console user add NAME --role admin``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from runtime.console.errors import ConsoleError, MissingDependency

ROLES = ("reception", "manager", "admin")
NAME_RE = re.compile(r"^[A-Za-z0-9_.@-]{1,64}$")
MIN_PASSWORD = 10
PASSWORD_ENV = "SOVREN_CONSOLE_PASSWORD"


@dataclass(frozen=True)
class Account:
    id: str
    name: str
    role: str

    @property
    def sees_full_numbers(self) -> bool:
        return self.role in ("manager", "admin")

    @property
    def may_hear_audio(self) -> bool:
        return self.role in ("manager", "admin")

    @property
    def may_erase(self) -> bool:
        return self.role in ("manager", "admin")

    @property
    def may_talk(self) -> bool:
        """The "talk to the agent" page places real calls: managers and admins."""
        return self.role in ("manager", "admin")


def hasher():
    try:
        from argon2 import PasswordHasher
    except ImportError:
        raise MissingDependency("argon2-cffi is not installed") from None
    return PasswordHasher()


def check_new(name: str, role: str, password: str) -> None:
    if not NAME_RE.match(name):
        raise ConsoleError(
            f"account name {name!r} is not allowed",
            next_step="use 1-64 letters, digits, '_', '.', '@' or '-'",
        )
    if role not in ROLES:
        raise ConsoleError(f"role {role!r} is unknown", next_step=f"use one of {', '.join(ROLES)}")
    if len(password) < MIN_PASSWORD:
        raise ConsoleError(
            f"the password is too short ({len(password)} characters)",
            next_step=f"choose one of at least {MIN_PASSWORD} characters",
        )


def add_account(conn, name: str, role: str, password: str) -> str:
    """Create an account (sync connection); an existing name is refused, not overwritten."""
    import psycopg

    check_new(name, role, password)
    digest = hasher().hash(password)
    try:
        with conn.transaction():
            return conn.execute(
                "INSERT INTO console_accounts (name, role, password_hash) VALUES (%s, %s, %s)"
                " RETURNING id::text",
                (name, role, digest),
            ).fetchone()[0]
    except psycopg.errors.UniqueViolation:
        raise ConsoleError(
            f"an account named {name!r} exists already",
            next_step=f"choose another name, or `sovren console user password {name}`",
        ) from None


def set_password(conn, name: str, password: str) -> None:
    check_new(name, "admin", password)
    n = conn.execute(
        "UPDATE console_accounts SET password_hash = %s, updated_at = now(), version = version + 1"
        " WHERE name = %s",
        (hasher().hash(password), name),
    ).rowcount
    if not n:
        raise ConsoleError(f"no account named {name!r}", next_step="`sovren console user list`")
    conn.execute(
        "DELETE FROM console_sessions WHERE account_id = "
        "(SELECT id FROM console_accounts WHERE name = %s)",
        (name,),
    )


def set_disabled(conn, name: str, disabled: bool) -> None:
    n = conn.execute(
        "UPDATE console_accounts SET disabled = %s, updated_at = now(), version = version + 1"
        " WHERE name = %s",
        (disabled, name),
    ).rowcount
    if not n:
        raise ConsoleError(f"no account named {name!r}", next_step="`sovren console user list`")
    if disabled:
        conn.execute(
            "DELETE FROM console_sessions WHERE account_id = "
            "(SELECT id FROM console_accounts WHERE name = %s)",
            (name,),
        )


def list_accounts(conn) -> list[dict[str, Any]]:
    return [
        {"name": n, "role": r, "disabled": d, "created_at": c}
        for n, r, d, c in conn.execute(
            "SELECT name, role, disabled, created_at FROM console_accounts ORDER BY name"
        )
    ]


async def count_accounts(aconn) -> int:
    cur = await aconn.execute("SELECT count(*) FROM console_accounts WHERE NOT disabled")
    return (await cur.fetchone())[0]


def dummy_hash() -> str:
    """A hash of a password nobody has: checked when the name is unknown, so that the
    response time does not tell which account names exist."""
    return hasher().hash("not the password of anyone")


async def authenticate(aconn, name: str, password: str, dummy: str) -> Account | None:
    """The account if name and password match (verification runs in a thread: argon2 is
    deliberately slow and must not stall the event loop)."""
    import asyncio

    from argon2.exceptions import InvalidHashError, VerificationError

    ph = hasher()
    cur = await aconn.execute(
        "SELECT id::text, name, role, password_hash FROM console_accounts"
        " WHERE name = %s AND NOT disabled",
        (name,),
    )
    row = await cur.fetchone()
    digest = row[3] if row else dummy
    try:
        await asyncio.to_thread(ph.verify, digest, password)
    except (VerificationError, InvalidHashError):
        return None
    if row is None:
        return None
    return Account(row[0], row[1], row[2])
