"""``python -m bench.runtime [--calls N] [--turns T] [--json PATH]``: the whole runtime under load.

N concurrent text calls, each T turns (hotel facts and an availability check that
goes through the decision core to the PMS worker and back), against a runtime
started here on the embedded defaults. Reported, all from one run:

- turn latency: the caller's transcript sent -> the first approved action carried
  out for that turn (the reply handed to the caller), p50/p95/p99, at the client;
- transcript -> approved action inside the runtime, from the ledger: the first
  approved decision of a turn minus the moment the turn's transcript was sent;
- decisions/s and frames/s while the load runs;
- RSS per process (idle before the load, peak during it) and in all;
- frames lost: replies missing, data-link drops, checksum failures (must all be 0);
- STRIKE and SENTINEL handler latency p99 from their live stats blocks.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import platform
import random
import sys
import threading
import time
from pathlib import Path

from bench.report_md import replace_section

TURN_TEXTS = [
    "What time is check-in?",
    "Do you have a double room for two people from {date} for two nights?",
    "Is there parking at the hotel?",
    "When is breakfast served?",
    "Can I bring my dog?",
]


def _pct(xs: list[float], p: float) -> float:
    if not xs:
        return float("nan")
    s = sorted(xs)
    return s[min(len(s) - 1, int(round(p / 100 * (len(s) - 1))))]


def _rss_mb(pids: dict[str, int]) -> dict[str, float]:
    import psutil

    out = {}
    for name, pid in pids.items():
        try:
            out[name] = psutil.Process(pid).memory_info().rss / 2**20
        except psutil.Error:
            out[name] = float("nan")
    return out


def _pids(settings) -> dict[str, int]:
    from fabric import topology
    from fabric.agent_stats import AgentStats, F, segment_name

    out = {}
    for r in topology.ROLES:
        st = AgentStats(segment_name(settings.instance, r.name))
        out[r.name] = st[F.PID]
        st.close()
    return out


def _ring_totals(settings) -> dict[str, int]:
    from fabric import topology
    from ipc.ring import Ring

    tot = {"frames": 0, "data_drops": 0, "checksum_failures": 0, "pending": 0}
    for lk in topology.links():
        r = Ring.attach(lk.segment(settings.instance), instance=settings.instance)
        s = r.stats()
        r.close()
        tot["frames"] += s["frames_sent"]
        tot["checksum_failures"] += s["checksum_failures"]
        if lk.on_full == "fail":  # links that carry calls (telemetry ones drop by design)
            tot["data_drops"] += s["drops"]
            tot["pending"] += s["used_bytes"] > 0
    return tot


def _agent_lat(settings) -> dict[str, dict[str, int]]:
    from fabric import topology
    from fabric.agent_stats import AgentStats, F, segment_name

    out = {}
    for r in topology.ROLES:
        st = AgentStats(segment_name(settings.instance, r.name))
        out[r.name] = {"p50_us": st[F.LAT_P50_US], "p99_us": st[F.LAT_P99_US]}
        st.close()
    return out


def run(
    calls: int,
    turns: int,
    spread_s: float = 0.0,
    progress=print,
    *,
    extra: dict | None = None,
    during=None,
) -> dict:
    """``extra``: more settings for the runtime (e.g. the console on); ``during(settings, url)``:
    a context manager held open while the load runs (bench.console's live viewer)."""
    import contextlib

    import psycopg

    from config import load_settings
    from runtime.client import CallClient
    from runtime.demo import _demo_database
    from runtime.supervisor import Supervisor

    base = load_settings()
    url, pg = _demo_database(base, keep=False)  # a fresh database: sovren_demo
    # measured at full load: OPS's shedding advice must not turn the calls into transfers
    settings = load_settings(
        instance=f"{base.instance}_bench"[:24],
        database_url=url,
        agents={"shed_new_calls": False},
        **(extra or {}),
    )
    sup = Supervisor(settings, progress=lambda m: progress(f"[bench] {m}"))
    stop = threading.Event()
    peak: dict[str, float] = {}

    def watch():
        while not stop.is_set():
            sup.poll_once()
            for k, v in _rss_mb(pids).items():
                peak[k] = max(peak.get(k, 0.0), v)
            stop.wait(0.2)

    t_start = time.monotonic()
    sup.start()
    startup_s = time.monotonic() - t_start
    pids = _pids(settings)
    time.sleep(2.0)  # let the agents settle before measuring idle memory
    idle = _rss_mb(pids)
    watcher = threading.Thread(target=watch, daemon=True)
    watcher.start()
    date = (settings.hotel.today() + dt.timedelta(days=30)).strftime("%B %d")
    lat: list[float] = []
    sent_at: dict[tuple[str, int], float] = {}
    missing = 0
    viewing = during(settings, url) if during is not None else contextlib.nullcontext()
    try:
        viewing.__enter__()
        rings0 = _ring_totals(settings)
        with CallClient(settings) as client:
            ids = [client.start_call(f"+49 30 555{i:04d}") for i in range(calls)]
            t0 = time.monotonic()
            rng = random.Random(7)
            for turn in range(1, turns + 1):
                text = TURN_TEXTS[(turn - 1) % len(TURN_TEXTS)].format(date=date)
                # Each call's turn at its own moment within the spread (0: all at once, the
                # worst burst); replies are stamped on arrival while later turns go out.
                plan = sorted((rng.uniform(0, spread_s), cid) for cid in ids)
                start = time.monotonic()
                for at, cid in plan:
                    while (left := start + at - time.monotonic()) > 0:
                        client.pump(min(left, 0.005))
                    sent_at[(cid, turn)] = time.time()
                    client.send_turn(cid, turn, text)
                    sent_at[(cid, turn, "m")] = time.monotonic()
                    client.pump()
                for cid in ids:
                    try:
                        client.wait_for(cid, "say", timeout=120)
                        lat.append(client.arrived_at - sent_at[(cid, turn, "m")])
                        client.wait_for(cid, "turn_done", timeout=120)
                    except Exception:
                        missing += 1
                progress(f"[bench] turn {turn}/{turns} of {calls} calls done")
            wall = time.monotonic() - t0
            for cid in ids:
                client.end_call(cid, timeout=60)
        time.sleep(1.0)
        rings1 = _ring_totals(settings)
        agent_lat = _agent_lat(settings)
    finally:
        viewing.__exit__(None, None, None)
        stop.set()
        watcher.join()
        sup.stop()
    # inside the runtime: first approved decision of each turn vs. when its transcript was sent
    pg_restart = None
    if pg is not None:
        from ledger.postgres import EmbeddedPostgres

        pg_restart = EmbeddedPostgres(pg.root)
        pg_restart.start()
    try:
        with psycopg.connect(url) as conn:
            rows = conn.execute(
                "SELECT call_id, turn, min(extract(epoch from created_at)) FROM decisions "
                "WHERE approved GROUP BY call_id, turn"
            ).fetchall()
            n_decisions = conn.execute("SELECT count(*) FROM decisions").fetchone()[0]
    finally:
        if pg_restart is not None:
            pg_restart.stop()
    inner = [(float(ts) - sent_at[(cid, turn)]) for cid, turn, ts in rows if (cid, turn) in sent_at]
    return {
        "calls": calls,
        "turns": turns,
        "spread_s": spread_s,
        "startup_s": round(startup_s, 1),
        "wall_s": round(wall, 2),
        "turn_latency_ms": {
            p: round(_pct(lat, q) * 1000, 1) for p, q in (("p50", 50), ("p95", 95), ("p99", 99))
        },
        "transcript_to_approval_ms": {
            p: round(_pct(inner, q) * 1000, 1) for p, q in (("p50", 50), ("p95", 95), ("p99", 99))
        },
        "decisions_per_s": round(n_decisions / wall, 1),
        "frames_per_s": round((rings1["frames"] - rings0["frames"]) / wall),
        "frames_lost": missing + rings1["data_drops"] + rings1["checksum_failures"],
        "replies_missing": missing,
        "idle_rss_mb": {k: round(v, 1) for k, v in idle.items()},
        "idle_rss_total_mb": round(sum(idle.values()), 1),
        "peak_rss_mb": {k: round(v, 1) for k, v in peak.items()},
        "agent_handler_latency_us": agent_lat,
    }


def to_markdown(runs: list[dict], cmd: str) -> str:
    import os

    r0 = runs[0]
    lines = [
        "## Runtime (end to end)",
        "",
        f"Machine: {platform.machine()}, {os.cpu_count()} cores, Python "
        f"{platform.python_version()}; {dt.date.today().isoformat()}; load average "
        f"{os.getloadavg()[0]:.1f} at the end; command: `{cmd}`.",
        "Shared 2-core machine: other work ran at the same time, so compare figures of one run only.",
        "",
        f"{r0['calls']} concurrent text calls x {r0['turns']} turns (hotel facts, and an availability "
        "check through the decision core and the PMS worker). *All at once*: every call speaks its "
        "turn in the same instant (the worst burst: the last caller waits behind all the others in "
        "every agent). *Spread*: each call speaks at a random moment within the window, as callers "
        "on real lines do.",
        "",
        "| arrivals | transcript -> approved action p50 / p95 / p99 (ledger) | transcript -> reply "
        "at the caller p50 / p95 / p99 | decisions/s | frames/s | frames lost |",
        "|---|---|---|---|---|---|",
    ]
    for r in runs:
        a, b = r["transcript_to_approval_ms"], r["turn_latency_ms"]
        kind = "all at once" if not r["spread_s"] else f"spread over {r['spread_s']:g} s"
        lines.append(
            f"| {kind} | {a['p50']} / {a['p95']} / {a['p99']} ms | {b['p50']} / {b['p95']} / "
            f"{b['p99']} ms | {r['decisions_per_s']} | {r['frames_per_s']} | {r['frames_lost']} |"
        )
    lines += [
        "",
        f"Runtime start-up {r0['startup_s']} s. Memory and handler latency (first run):",
        "",
        "| process | idle RSS MB | peak RSS MB | handler p50 us | handler p99 us |",
        "|---|---|---|---|---|",
    ]
    for name, mb in r0["idle_rss_mb"].items():
        al = r0["agent_handler_latency_us"].get(name, {})
        lines.append(
            f"| {name} | {mb} | {r0['peak_rss_mb'].get(name, '-')} | {al.get('p50_us')} | "
            f"{al.get('p99_us')} |"
        )
    lines.append(f"| all | {r0['idle_rss_total_mb']} | | | |")
    return "\n".join(lines) + "\n"


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="bench.runtime", description=__doc__.split("\n\n")[0])
    ap.add_argument("--calls", type=int, default=100, help="concurrent calls (default 100)")
    ap.add_argument("--turns", type=int, default=3, help="turns per call (default 3)")
    ap.add_argument(
        "--spread",
        type=float,
        default=None,
        metavar="S",
        help="each call speaks its turn at a random moment within S seconds "
        "(default: run twice, all at once and spread over 5 s)",
    )
    ap.add_argument("--json", metavar="PATH", help="write the figures as JSON")
    ap.add_argument("--write-md", action="store_true", help="update BENCHMARKS.md")
    args = ap.parse_args(argv)
    say = lambda m: print(m, file=sys.stderr, flush=True)  # noqa: E731
    spreads = [args.spread] if args.spread is not None else [0.0, 5.0]
    runs = [run(args.calls, args.turns, sp, progress=say) for sp in spreads]
    cmd = "python -m bench.runtime " + " ".join(argv if argv is not None else sys.argv[1:])
    md = to_markdown(runs, cmd.strip())
    print(md)
    if args.json:
        Path(args.json).write_text(json.dumps(runs, indent=1))
    if args.write_md:
        replace_section("## Runtime (end to end)", md)
    return 0 if all(r["frames_lost"] == 0 for r in runs) else 1


if __name__ == "__main__":
    sys.exit(main())
