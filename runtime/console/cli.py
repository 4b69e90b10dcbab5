"""``sovren console``: serve the console against a running runtime; manage its accounts.

Heavy imports stay inside the handlers so ``sovren --help`` stays instant.
"""

from __future__ import annotations

import argparse
import json
import sys


def _settings(args):
    from fabric.config_choice import cli_settings

    return cli_settings(args)


def _password(args) -> str:
    """From SOVREN_CONSOLE_PASSWORD, else asked twice on the terminal; never an argument."""
    import getpass

    from config.sections.console import console_password_from_env
    from runtime.console.errors import ConsoleError

    pw = console_password_from_env()
    if pw:
        return pw
    if not sys.stdin.isatty():
        raise ConsoleError(
            "no password given",
            next_step="set SOVREN_CONSOLE_PASSWORD in the environment, or run this in a terminal",
        )
    a = getpass.getpass("password: ")
    b = getpass.getpass("again: ")
    if a != b:
        raise ConsoleError("the two passwords differ", next_step="run the command again")
    return a


def cmd_serve(args) -> int:
    from runtime.console.server import serve
    from runtime.history import ledger

    settings = _settings(args)
    with ledger(settings, args.db) as url:
        _say_if_no_accounts(url)
        serve(settings, url, host=args.host, port=args.port)
    return 0


def _say_if_no_accounts(url: str) -> None:
    import psycopg

    from ledger.migrate import migrate

    migrate(url)
    with psycopg.connect(url) as conn:
        n = conn.execute("SELECT count(*) FROM console_accounts WHERE NOT disabled").fetchone()[0]
    if n == 0:
        print(
            "[sovren] no console account exists yet; create the first one with\n"
            "[sovren]   sovren console user add NAME --role admin\n"
            "[sovren] (the password is asked for, or read from SOVREN_CONSOLE_PASSWORD)",
            file=sys.stderr,
        )


def _connect(args):
    import contextlib

    import psycopg

    from ledger.migrate import migrate
    from runtime.history import ledger

    @contextlib.contextmanager
    def opened():
        with ledger(_settings(args), args.db) as url:
            migrate(url)
            with psycopg.connect(url, autocommit=True) as conn:
                yield conn

    return opened()


def cmd_user_add(args) -> int:
    from runtime.console.accounts import add_account, check_new

    check_new(args.name, args.role, "x" * 64)  # name and role first: no password asked in vain
    pw = _password(args)
    with _connect(args) as conn:
        add_account(conn, args.name, args.role, pw)
        conn.execute(
            "INSERT INTO console_audit (account, event, detail) VALUES (%s, 'account.add', %s)",
            ("cli", json.dumps({"name": args.name, "role": args.role})),
        )
    print(f"account {args.name!r} ({args.role}) created")
    return 0


def cmd_user_password(args) -> int:
    from runtime.console.accounts import set_password

    pw = _password(args)
    with _connect(args) as conn:
        set_password(conn, args.name, pw)
    print(f"password of {args.name!r} changed; its sessions were ended")
    return 0


def cmd_user_disable(args) -> int:
    from runtime.console.accounts import set_disabled

    with _connect(args) as conn:
        set_disabled(conn, args.name, not args.enable)
    print(f"account {args.name!r} {'enabled' if args.enable else 'disabled'}")
    return 0


def cmd_user_list(args) -> int:
    from runtime.console.accounts import list_accounts

    with _connect(args) as conn:
        rows = list_accounts(conn)
    if not rows:
        print("no accounts; create one with `sovren console user add NAME --role admin`")
    for r in rows:
        print(f"{r['name']:24} {r['role']:10} {'disabled' if r['disabled'] else 'active'}")
    return 0


def register(sub) -> None:
    p = sub.add_parser(
        "console",
        help="the front-desk web console: serve it against a running runtime; its accounts",
        description="Serve the console (docs/console.md) or manage its accounts.",
    )
    p.add_argument("--instance", help="runtime instance name (default: config / SOVREN_INSTANCE)")
    p.add_argument("--db", help="ledger database name on the server (the demo's: sovren_demo)")
    csub = p.add_subparsers(dest="console_command", metavar="COMMAND")
    s = csub.add_parser("serve", help="serve the console in the foreground (the default)")
    s.add_argument("--host", help="address to listen on (default: console.host)")
    s.add_argument("--port", type=int, help="port (default: console.port)")
    s.set_defaults(func=cmd_serve)
    p.set_defaults(func=cmd_serve, host=None, port=None)

    u = csub.add_parser("user", help="console accounts")
    usub = u.add_subparsers(dest="user_command", metavar="COMMAND", required=True)
    a = usub.add_parser(
        "add",
        help="create an account (password from a prompt or SOVREN_CONSOLE_PASSWORD)",
        formatter_class=argparse.RawDescriptionHelpFormatter,
        description="Roles: reception sees masked caller ids and no audio or erasure;\n"
        "manager and admin see full numbers, audio and may erase; admin also the audit trail.",
    )
    a.add_argument("name")
    a.add_argument("--role", required=True, choices=["reception", "manager", "admin"])
    a.set_defaults(func=cmd_user_add)
    pw = usub.add_parser("password", help="set a new password (ends the account's sessions)")
    pw.add_argument("name")
    pw.set_defaults(func=cmd_user_password)
    d = usub.add_parser("disable", help="disable an account (ends its sessions)")
    d.add_argument("name")
    d.add_argument("--enable", action="store_true", help="enable it again instead")
    d.set_defaults(func=cmd_user_disable)
    ls = usub.add_parser("list", help="list accounts")
    ls.set_defaults(func=cmd_user_list)
