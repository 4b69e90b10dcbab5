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
            "liveness and counters, then every doorbell (semaphore) and stats block with its "
            "owner. --clean removes the segments, doorbells and stats blocks of instances whose "
            "creator process is dead, and names that look like SOVREN's but hold no ring "
            "(also another user's, where permitted: run it as root to remove a squatter's "
            "file); live instances are never touched."
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
    others = discovery.list_other_names(instance=args.instance)
    removed: list[str] = []
    problems: list[str] = []
    if args.clean:
        removed = discovery.clean_dead(instance=args.instance, foreign=True, problems=problems)
    if args.json:
        print(
            json.dumps(
                {"rings": rings, "others": others, "removed": removed, "problems": problems},
                indent=2,
            )
        )
        return 1 if problems else 0
    if not rings and not others:
        print("no SOVREN rings on this host")
    if rings:
        hdr = f"{'segment':<36} {'instance':<14} {'pid':>7} {'state':<5} {'used':>9} {'cap':>9} {'frames':>10} {'full':>6} {'drops':>6} {'crc':>5}"
        print(hdr)
        for r in rings:
            if "error" in r:
                owner = f" (owner {r['owner']}, mode {r['mode']})" if "owner" in r else ""
                print(f"{r['segment']:<36} not a ring: {r['error']}{owner}")
                continue
            s = r["stats"]
            print(
                f"{r['segment']:<36} {r['instance']:<14} {r['creator_pid']:>7} "
                f"{'live' if r['alive'] else 'DEAD':<5} {s['used_bytes']:>9} {s['capacity']:>9} "
                f"{s['frames_sent']:>10} {s['full_events']:>6} {s['drops']:>6} {s['checksum_failures']:>5}"
            )
    if others:
        print(f"\n{'doorbell / stats block':<36} {'kind':<9} {'instance':<14} {'owner':<10} mode")
        for o in others:
            print(
                f"{o['name']:<36} {o['kind']:<9} {o['instance']:<14} "
                f"{o.get('owner', '?'):<10} {o.get('mode', o.get('error', ''))}"
            )
    for name in removed:
        print(f"removed {name}")
    for line in problems:
        print(f"sovren: {line}")
    return 1 if problems else 0
