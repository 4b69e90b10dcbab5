"""``sovren ops health``: OPS's view of this host (CPU, memory, GPU), without a running runtime.

Why: before starting a runtime an operator wants to know what OPS will see —
in particular whether a GPU is usable, and if not, why.
"""

from __future__ import annotations

import argparse
import json
import time


def register(subparsers: argparse._SubParsersAction) -> None:
    p = subparsers.add_parser(
        "ops", help="OPS: this host's health figures", description="OPS's figures for this host."
    )
    sub = p.add_subparsers(dest="ops_command", metavar="SUBCOMMAND", required=True)
    h = sub.add_parser(
        "health",
        help="host CPU, memory, GPU and the load-shedding verdict (one sample over --interval)",
    )
    h.add_argument(
        "--interval", type=float, default=0.5, help="seconds between the two CPU readings"
    )
    h.add_argument("--json", action="store_true", help="print the Health body as JSON")
    h.set_defaults(func=_health)


def _health(args: argparse.Namespace) -> int:
    import msgspec

    from agents.ops.monitor import OpsMonitor
    from fabric.config_choice import cli_settings

    if args.interval <= 0:
        raise ValueError("--interval must be > 0")
    m = OpsMonitor(cli_settings(args, follow_runtime=False, quiet=True))
    try:
        time.sleep(args.interval)
        h = m.sample()
    finally:
        m.close()
    if args.json:
        # the wire form is a positional array; operators get named fields
        print(json.dumps(msgspec.to_builtins({f: getattr(h, f) for f in h.__struct_fields__})))
        return 0
    gpu = h.gpu
    gpu_line = (
        ", ".join(f"{d['name']} {d['util_percent']:.0f}%" for d in gpu["devices"])
        if gpu.get("available")
        else f"none ({gpu.get('reason', '')})"
    )
    print(f"health {h.score:.2f}  cpu {h.cpu_percent:.0f}%  memory {h.mem_percent:.0f}%")
    print(f"gpu: {gpu_line}")
    print(f"shed load: {'yes' if h.shed_load else 'no'}")
    if h.detail:
        print(f"notes: {h.detail}")
    return 0
