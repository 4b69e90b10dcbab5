"""``sovren config check [FILE]``: is this site file right, and what will the runtime do with it?

Why a command of its own: the administrator writing a hotel's site file needs
every mistake at once with its path and a fix, and then the hotel as the
runtime understood it (rooms, rates, facts per language and the missing ones,
PMS credentials, ports), without starting anything. ``sovren up`` runs the
same check and refuses to start on an error.
"""

from __future__ import annotations

import argparse
import json
import sys


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser(
        "config",
        help="check a site configuration file (all problems at once, then what it configures)",
        description="Work with the site configuration (docs/configuration.md).",
    )
    csub = p.add_subparsers(dest="config_command", metavar="SUBCOMMAND", required=True)
    c = csub.add_parser(
        "check",
        help="validate a site file and summarise the hotel it configures",
        description="Validate a site file completely (defaults, the file, SOVREN_* environment) "
        "and print every problem with its path and a fix, then what the runtime will do with "
        "it. Exit status 0 when the file is usable, 1 otherwise.",
    )
    c.add_argument(
        "file",
        nargs="?",
        metavar="FILE",
        help="the site file (default: --config, SOVREN_CONFIG, the running runtime's, "
        "else the demo hotel)",
    )
    c.add_argument("--json", action="store_true", help="print the result as JSON")
    c.set_defaults(func=cmd_check)
    b = csub.add_parser(
        "backends",
        help="list every backend registry: voices, VAD, recognizers, understanding",
        description="Print the backend registries (name, factory, own settings and their "
        "defaults) as the Markdown tables of docs/configuration.md, section Backends. "
        "PMS vendors: `sovren pms vendors`.",
    )
    b.set_defaults(func=cmd_backends)


def cmd_backends(args) -> int:
    from config.sections.backends import backends_markdown

    print(backends_markdown())
    return 0


def cmd_check(args) -> int:
    from fabric.config_choice import choose
    from runtime.config_check import check_site, render_summary, summary

    if args.file:
        target = args.file
    else:  # --config, SOVREN_CONFIG, the running runtime's file, else the demo hotel
        choice = choose(args, follow_runtime=True)
        if choice.source != "default":
            print(f"[sovren] {choice.describe()}", file=sys.stderr)
        target = choice.path
    report = check_site(target)
    facts = summary(report.settings) if report.ok else None
    if args.json:
        print(
            json.dumps(
                {
                    "ok": report.ok,
                    "site_file": str(report.site_file) if report.site_file else None,
                    "problems": [
                        {"path": p.path, "message": p.message, "fix": p.fix}
                        for p in report.problems
                    ],
                    "warnings": report.warnings,
                    "summary": facts,
                },
                indent=1,
            )
        )
        return 0 if report.ok else 1
    where = report.site_file or "the demo hotel (no site file given)"
    if not report.ok:
        print(f"{where}: {len(report.problems)} problem(s):")
        for p in report.problems:
            print(f"  {p.line()}")
        for w in report.warnings:
            print(f"warning: {w}")
        return 1
    print(f"{where}: OK")
    for w in report.warnings:
        print(f"warning: {w}")
    print(render_summary(facts))
    return 0
