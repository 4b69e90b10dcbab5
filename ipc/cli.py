"""``sovren rings``: inspect (and clean up) the shared-memory rings on this host.

Why read-only by default: the counters live in each ring's control block, so
listing them never disturbs a running producer or consumer; only ``--clean``
changes anything, and only for instances whose creator process is dead.
"""

from __future__ import annotations

import argparse


def register(subparsers: argparse._SubParsersAction) -> None:
    p = subparsers.add_parser(
        "rings",
        help="list the shared-memory rings of SOVREN instances on this host",
        description=(
            "List every SOVREN ring segment in /dev/shm with its instance, creator pid, "
            "liveness and counters. --clean removes the segments (doorbells, stats blocks) of "
            "instances whose creator process is dead; live instances are never touched."
        ),
    )
    p.add_argument("--json", action="store_true", help="print machine-readable JSON")
    p.add_argument(
        "--clean", action="store_true", help="remove segments of dead instances (never live ones)"
    )
    p.add_argument("--instance", help="only this instance")
    p.set_defaults(func=_run)


def _run(args: argparse.Namespace) -> int:
    import json

    from ipc import discovery

    rings = discovery.list_rings(instance=args.instance)
    removed: list[str] = []
    if args.clean:
        removed = discovery.clean_dead(instance=args.instance)
    if args.json:
        print(json.dumps({"rings": rings, "removed": removed}, indent=2))
        return 0
    if not rings:
        print("no SOVREN rings on this host")
    else:
        hdr = f"{'segment':<36} {'instance':<14} {'pid':>7} {'state':<5} {'used':>9} {'cap':>9} {'frames':>10} {'full':>6} {'drops':>6} {'crc':>5}"
        print(hdr)
        for r in rings:
            if "error" in r:
                print(f"{r['segment']:<36} not a ring: {r['error']}")
                continue
            s = r["stats"]
            print(
                f"{r['segment']:<36} {r['instance']:<14} {r['creator_pid']:>7} "
                f"{'live' if r['alive'] else 'DEAD':<5} {s['used_bytes']:>9} {s['capacity']:>9} "
                f"{s['frames_sent']:>10} {s['full_events']:>6} {s['drops']:>6} {s['checksum_failures']:>5}"
            )
    for name in removed:
        print(f"removed {name}")
    return 0
