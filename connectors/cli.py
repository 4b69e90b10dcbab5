"""``sovren pms``: try the configured PMS from the command line, without a call.

Why through connectors.executor: the operator exercises exactly the path the
runtime's PMS worker takes (validation, capability guard, vendor adapter), so
"it works in ``sovren pms``" means it works on a call.
"""

from __future__ import annotations

import argparse
import asyncio
import json
from typing import NoReturn

from config.errors import SovrenError
from config.sections.pms_vendors import vendor_names, vendor_table
from ipc.actions import ActionKind
from ipc.payloads import FailureCode, PmsFailure, plain


class PmsCommandError(SovrenError):
    """A ``sovren pms`` argument the command cannot use."""

    code = "pms_command"
    next_step = "`sovren pms <command> --help` shows the options"


def register(subparsers: argparse._SubParsersAction) -> None:
    p = subparsers.add_parser(
        "pms",
        help="check and query the configured PMS (availability, bookings)",
        description="Test the hotel's PMS configuration without placing a call.",
    )
    sub = p.add_subparsers(dest="pms_command", metavar="SUBCOMMAND", required=True)

    def common(sp):
        sp.add_argument(
            "--vendor",
            choices=vendor_names(),
            help="vendor to use instead of pms.vendor from the config",
        )
        sp.add_argument("--json", action="store_true", help="print JSON instead of a table")

    c = sub.add_parser(
        "check",
        help="open the connector (credentials, database) and show its health",
        description="Open the configured connector and print its health figures. "
        "Exit status 0 when healthy.",
    )
    common(c)
    c.set_defaults(func=_check)

    a = sub.add_parser(
        "availability",
        help="bookable offers for a stay",
        description="List bookable offers (room type, rate plan, total) for a stay.",
    )
    common(a)
    a.add_argument("--arrival", required=True, help="arrival date, YYYY-MM-DD (hotel-local)")
    a.add_argument("--nights", type=int, required=True, help="number of nights (>= 1)")
    a.add_argument("--guests", type=int, required=True, help="number of guests (>= 1)")
    a.add_argument("--room-type", help="only this room type code (e.g. DBL)")
    a.set_defaults(func=_availability)

    f = sub.add_parser(
        "find",
        help="find reservations by name, phone or confirmation number",
        description="Find reservations; give at least one of --name, --phone, --confirmation.",
    )
    common(f)
    f.add_argument("--name", help="guest name or part of it (case-insensitive)")
    f.add_argument("--phone", help="guest phone number (any formatting)")
    f.add_argument("--confirmation", help="confirmation number, e.g. K7M-4QX")
    f.set_defaults(func=_find)

    v = sub.add_parser(
        "vendors",
        help="the PMS vendors this build knows and the environment each needs",
        description="List the vendors (config pms.vendor), their adapters and the environment "
        "variables each reads, as the Markdown table of docs/pms-vendors.md.",
    )
    v.set_defaults(func=_vendors)


def _vendors(args) -> int:
    print(vendor_table())
    return 0


def _settings(args):
    from fabric.config_choice import cli_settings

    settings = cli_settings(args)  # --config, SOVREN_CONFIG, else the running runtime's file
    if args.vendor:
        settings = settings.model_copy(deep=True)
        settings.pms.vendor = args.vendor
    return settings


async def _with_connector(args, work):
    from connectors.factory import build_connector

    pms = build_connector(_settings(args))
    if hasattr(pms.adapter, "stop_embedded_on_close"):
        pms.adapter.stop_embedded_on_close = True  # leave no server behind that we started
    try:
        await pms.open()
        return await work(pms)
    finally:
        await pms.aclose()


def _fail(f: PmsFailure) -> NoReturn:
    hint = {
        FailureCode.INVALID_REQUEST: f" (fix {f.field})" if f.field else "",
        FailureCode.AUTH: " — check the vendor credentials in the environment",
        FailureCode.UNSUPPORTED: (
            " — this vendor cannot do that; see connectors/capability_matrix.yaml"
        ),
        FailureCode.TIMEOUT: " — the PMS answered too slowly; `sovren pms check` shows its health",
        FailureCode.VENDOR_UNAVAILABLE: " — `sovren pms check` shows the vendor's health",
    }.get(f.code, "")
    raise PmsCommandError(f"{f.code}: {f.message}{hint}")


def _execute(args, kind: str, action_args: dict) -> dict | None:
    """Run one action as the PMS worker would; its result as plain data, or None when --json
    has printed it. A failure raises PmsCommandError saying what to do."""
    from connectors.executor import execute

    out = asyncio.run(_with_connector(args, lambda pms: execute(pms, kind, action_args)))
    if isinstance(out, PmsFailure):
        _fail(out)
    result = plain(out)
    if args.json:
        print(json.dumps(result, indent=2))
        return None
    return result


def _check(args) -> int:
    async def work(pms):
        return await pms.health()

    health = asyncio.run(_with_connector(args, work))
    if args.json:
        print(json.dumps(health, indent=2, default=str))
    else:
        for k, v in health.items():
            print(f"{k:>22}: {v if not isinstance(v, list) else ', '.join(map(str, v))}")
    return 0 if health.get("ok", True) else 1


def _availability(args) -> int:
    from datetime import date, timedelta

    try:
        arrival = date.fromisoformat(args.arrival)
    except ValueError as e:
        raise PmsCommandError(f"--arrival {args.arrival!r} is not a date (YYYY-MM-DD)") from e
    if args.nights < 1:
        raise PmsCommandError("--nights must be at least 1")
    action_args = {
        "arrival": arrival.isoformat(),
        "departure": (arrival + timedelta(days=args.nights)).isoformat(),
        "guests": args.guests,
        "room_type": args.room_type,
    }
    out = _execute(args, ActionKind.PMS_AVAILABILITY, action_args)
    if out is None:
        return 0
    offers = out["offers"]
    if not offers:
        print(f"nothing available from {action_args['arrival']} for {args.nights} night(s)")
        return 0
    print(f"{'room':<5} {'plan':<8} {'left':>4} {'total':>10}  cancellation")
    for o in offers:
        left = "" if o.get("available") is None else o["available"]
        total = f"{o['total']['amount']} {o['total']['currency']}"
        print(
            f"{o['room_type']:<5} {o.get('rate_plan') or '':<8} {left:>4} {total:>10}  "
            f"{o.get('cancellation_policy', '')}"
        )
    return 0


def _find(args) -> int:
    if not (args.name or args.phone or args.confirmation):
        raise PmsCommandError("give at least one of --name, --phone or --confirmation")
    action_args = {"name": args.name, "phone": args.phone, "confirmation": args.confirmation}
    out = _execute(args, ActionKind.PMS_FIND_BOOKING, action_args)
    if out is None:
        return 0
    rows = out["reservations"]
    if not rows:
        print("no reservation found")
        return 0
    for r in rows:
        total = f"{r['total']['amount']} {r['total']['currency']}" if r.get("total") else "-"
        print(
            f"{r['confirmation']:<9} {r['status']:<10} {r['arrival']}..{r['departure']} "
            f"{r['room_type']:<4} {r['guests']}p {total:>10}  {r['guest_name']}"
        )
    return 0
