"""``sovren ledger erase``: registered here, in the application layer, because it spans parts.

Why not in bayes/cli.py with the other ``ledger`` subcommands: erasing a caller
reaches the PMS as well as the ledger (runtime/erasure.py), and only this layer
may use both. This module adds the subcommand to the ``ledger`` group that
bayes/cli.py created (it is registered after it).
"""

from __future__ import annotations

import argparse
import sys


def register(subparsers: argparse._SubParsersAction) -> None:
    ledger = subparsers.choices.get("ledger")
    if ledger is None:  # pragma: no cover - bayes.cli is registered first
        raise RuntimeError("runtime.erase_cli must be registered after bayes.cli")
    group = next(a for a in ledger._actions if isinstance(a, argparse._SubParsersAction))
    e = group.add_parser(
        "erase",
        help="erase one caller's personal data by phone number (ledger, audio, PMS)",
        description=(
            "Erase everything personal about the caller with this phone number: in the ledger "
            "the calls' number, turns, proposals, actions, results, alerts and audio files; in "
            "the PMS the guest data of the reservations those calls made or named and of any "
            "made under that number (the local PMS; for a vendor's system the report says what "
            "remains and where). The erasure itself is on record (a hash of the number only)."
        ),
    )
    e.add_argument("--phone", required=True, help="the caller's phone number")
    e.add_argument("--requested-by", default="operator", help="who asked (kept in the ledger)")
    e.add_argument("--yes", action="store_true", help="do not ask for confirmation")
    e.add_argument("--json", action="store_true", help="print JSON")
    e.set_defaults(func=cmd_erase)


def cmd_erase(args) -> int:
    import json

    from bayes.cli import CliError, _migrated, _settings, database
    from ledger.redact import normalise_phone
    from runtime.erasure import erase_everywhere

    try:
        norm = normalise_phone(args.phone)
    except ValueError as e:
        raise CliError(str(e)) from None
    if not args.yes:
        if not sys.stdin.isatty():
            raise CliError("erasure needs confirmation: add --yes")
        ans = input(f"erase all personal data of caller {norm}? [y/N] ")
        if ans.strip().lower() not in ("y", "yes"):
            print("nothing erased")
            return 1
    settings = _settings(args)
    with database(settings) as url:
        _migrated(url)
        rep = erase_everywhere(settings, url, norm, requested_by=args.requested_by)
    if args.json:
        print(
            json.dumps(
                {
                    "erasure_id": rep.ledger.erasure_id,
                    "ledger": rep.ledger.counts,
                    "audio_files": rep.ledger.files_removed,
                    "pms_vendor": rep.pms_vendor,
                    "pms_redacted": rep.pms_redacted,
                    "remaining": rep.remaining,
                },
                indent=2,
            )
        )
    else:
        print(rep.summary())
    return 0
