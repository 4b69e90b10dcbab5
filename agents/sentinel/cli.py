"""``sovren sentinel check``: what SENTINEL says about a sentence, without a running runtime.

Why: an operator tuning the rules (or wondering why a caller was refused) can
see which rule fired, how severe it is and the risk it gives, on the same code
the agent runs. Output is redacted like every alert.
"""

from __future__ import annotations

import argparse
import json
import sys

from config.errors import SovrenError


class CheckInputError(SovrenError, ValueError):
    code = "check_input"
    next_step = "pass --context as a JSON call context; `sovren sentinel --help` shows the form"


def register(subparsers: argparse._SubParsersAction) -> None:
    p = subparsers.add_parser(
        "sentinel",
        help="SENTINEL's rules: check a sentence",
        description="SENTINEL's rules, offline (the same code the agent runs).",
    )
    sub = p.add_subparsers(dest="sentinel_command", metavar="SUBCOMMAND", required=True)
    c = sub.add_parser(
        "check",
        help="judge TEXT as a caller's turn (or as outgoing speech with --outgoing)",
        description="Judge TEXT (or each line of stdin with '-') and print the findings, risk and alerts.",
    )
    c.add_argument("text", help="the sentence; '-' reads one sentence per line from stdin")
    c.add_argument("--outgoing", action="store_true", help="judge as speech we are about to say")
    c.add_argument(
        "--context",
        metavar="JSON",
        help='call context for --outgoing, e.g. \'{"verified": true, "guest_name": "Anna Schmidt", '
        '"other_guests": ["Peter Jones"]}\'',
    )
    c.add_argument("--json", action="store_true", help="one JSON object per sentence")
    c.set_defaults(func=_check)


def _check(args: argparse.Namespace) -> int:
    from agents.sentinel.context import CallContext
    from agents.sentinel.rules import Sentinel
    from fabric.config_choice import cli_settings

    ctx = None
    if args.context:
        try:
            ctx = CallContext.from_mapping(json.loads(args.context))
        except (json.JSONDecodeError, TypeError, ValueError) as e:
            raise CheckInputError(f"--context is not a valid call context: {e}") from None
    s = Sentinel(cli_settings(args, follow_runtime=False, quiet=True))
    texts = [line.rstrip("\n") for line in sys.stdin] if args.text == "-" else [args.text]
    worst = 0
    for i, text in enumerate(texts):
        if args.outgoing:
            a = s.inspect_outgoing("cli", text, ctx)
        else:
            a = s.inspect_transcript(f"cli-{i}", text)  # one call per line: no flood between lines
        worst = max(worst, int(a.severity))
        if args.json:
            print(
                json.dumps(
                    {
                        "text": a.redacted,
                        "risk": round(a.risk, 4),
                        "severity": a.severity.name,
                        "veto": a.veto,
                        "categories": list(a.categories),
                        "findings": [
                            {
                                "rule": f.rule,
                                "category": f.category,
                                "severity": f.severity.name,
                                "excerpt": f.excerpt,
                                "via": f.via,
                            }
                            for f in a.findings
                        ],
                    },
                    ensure_ascii=False,
                )
            )
        else:
            print(
                f"{a.redacted}\n  risk {a.risk:.2f}  {a.severity.name}{'  VETO' if a.veto else ''}"
            )
            for f in a.findings:
                print(f"  - {f.explain()}")
    return 0
