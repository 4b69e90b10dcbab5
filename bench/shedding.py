"""``python -m bench.shedding [--levels 1,8,32,100,200] [--step-s 15] [--write-md]``: what callers feel, by load.

Measures the signals OPS sheds load on (agents/ops/shedding.py) against the live
runtime at rising load, so that the thresholds in ``ops:`` are set from figures:

- for each level, that many concurrent text calls speak a turn at the same moment,
  round after round, for ``--step-s`` seconds (a closed loop: the next round starts
  when every reply of the last one arrived); turns are hotel facts and an
  availability check through the decision core and the PMS worker;
- turn latency at the caller (transcript sent -> the turn's end) p50/p95, and COMMAND's
  own turn-latency p95 (the figure OPS reads from its stats block, at the level's end);
- host CPU (mean over the step) and the fullest ring that carries calls;
- whether OPS, with the thresholds in force, advised shedding during the step
  (``load.shedding`` alerts in the ledger; the calls are not sent away here:
  ``agents.shed_new_calls`` is off while measuring).

The runtime runs on the embedded defaults (or SOVREN_DATABASE_URL) in a fresh database
``sovren_demo``.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import platform
import sys
import threading
import time
from pathlib import Path

from bench.report_md import replace_section

HEAD = "## Load shedding"
TEXTS = [
    "What time is check-in?",
    "Do you have a double room for two people from {date} for two nights?",
    "Is there parking at the hotel?",
    "When is breakfast served?",
]


def _pct(xs: list[float], p: float) -> float:
    if not xs:
        return float("nan")
    s = sorted(xs)
    return s[min(len(s) - 1, int(round(p / 100 * (len(s) - 1))))]


def _call_ring_fill(rings) -> float:
    best = 0.0
    for r in rings:
        s = r.stats()
        best = max(best, s["used_bytes"] / s["capacity"])
    return best


def run(levels: list[int], step_s: float, progress=print) -> dict:
    import psutil
    import psycopg

    from config import load_settings
    from fabric import topology
    from fabric.agent_stats import AgentStats, F, segment_name
    from ipc.ring import Ring
    from runtime.client import CallClient
    from runtime.demo import _demo_database
    from runtime.supervisor import Supervisor

    base = load_settings()
    url, pg = _demo_database(base, keep=False)
    settings = load_settings(
        instance=f"{base.instance}_shed"[:24],
        database_url=url,
        agents={"shed_new_calls": False},  # measure the advice, do not act on it
        storage={"retention_every_h": 0},
    )
    sup = Supervisor(settings, progress=lambda m: progress(f"[bench] {m}"))
    stop = threading.Event()
    samples: list[tuple[float, float, float]] = []  # (t, command turn p95 ms, call-ring fill)

    sup.start()
    inst = settings.instance
    cmd = AgentStats(segment_name(inst, "COMMAND"))
    rings = [
        Ring.attach(lk.segment(inst), instance=inst)
        for lk in topology.links()
        if lk.on_full == "fail"
    ]

    def watch():
        while not stop.is_set():
            sup.poll_once()
            samples.append((time.monotonic(), float(cmd[F.TURN_P95_MS]), _call_ring_fill(rings)))
            stop.wait(0.25)

    watcher = threading.Thread(target=watch, daemon=True)
    watcher.start()
    date = (settings.hotel.today() + dt.timedelta(days=30)).strftime("%B %d")
    out = []
    try:
        with CallClient(settings) as client:
            for n in levels:
                ids = [client.start_call(f"+49 30 556{i:04d}") for i in range(n)]
                lat: list[float] = []
                missing = 0
                psutil.cpu_percent(None)
                t0 = time.monotonic()
                alerts_at = time.time()
                turn = 0
                while time.monotonic() - t0 < step_s:
                    turn += 1
                    text = TEXTS[(turn - 1) % len(TEXTS)].format(date=date)
                    sent = {}
                    for cid in ids:
                        client.send_turn(cid, turn, text)
                        sent[cid] = time.monotonic()
                        client.pump()
                    for cid in ids:
                        try:
                            # the end of the turn, as COMMAND measures it (a turn may say
                            # more than one thing); what is left of it is dropped
                            client.wait_for(cid, "turn_done", timeout=60)
                            lat.append(client.arrived_at - sent[cid])
                            client.forget(cid)
                        except Exception:
                            missing += 1
                t1 = time.monotonic()
                cpu = psutil.cpu_percent(None)
                for cid in ids:
                    try:
                        client.end_call(cid, timeout=30)
                    except Exception:
                        missing += 1
                step = [s for s in samples if t0 <= s[0] <= t1]
                with psycopg.connect(url) as conn:
                    shed = conn.execute(
                        "SELECT count(*) FROM alerts WHERE category = 'load.shedding' "
                        "AND created_at >= to_timestamp(%s)",
                        (alerts_at,),
                    ).fetchone()[0]
                r = {
                    "callers": n,
                    "rounds": turn,
                    "turns": len(lat),
                    "client_p50_ms": round(_pct(lat, 50) * 1000, 1),
                    "client_p95_ms": round(_pct(lat, 95) * 1000, 1),
                    # the figure OPS reads, at the end of the level (its 30 s window then
                    # holds this level's turns)
                    "command_turn_p95_ms": step[-1][1] if step else -1,
                    "cpu_percent": round(cpu, 1),
                    "max_call_ring_fill": round(max((s[2] for s in step), default=0.0), 4),
                    "shedding_advised": bool(shed),
                    "replies_missing": missing,
                }
                out.append(r)
                progress(f"[bench] {json.dumps(r)}")
                time.sleep(2.0)  # let the latency window and OPS settle between levels
    finally:
        stop.set()
        watcher.join()
        cmd.close()
        for r in rings:
            r.close()
        sup.stop()
        if pg is not None and pg.started_by_us:
            pg.stop()
    return {"levels": out, "step_s": step_s, "ops": settings.ops.model_dump()}


def decode_lag(counts: list[int], progress=print) -> list[dict]:
    """The media worker's decode pool as configured: K utterances end at the same moment.

    For each K, K final decodes of one 3.5 s utterance (the ASR benchmark's anchor,
    spoken by the synthetic caller voice) are submitted at once, as when K callers stop
    speaking together; the pool's ``oldest_wait_s`` (what MEDIA reports to OPS) is
    sampled every 10 ms until all are done.
    """
    import numpy as np

    from config import load_settings
    from media.asr.decoder import DecodePool, Priority
    from media.audio.callers import ANCHOR_UTTERANCES, CallerVoices

    s = load_settings()
    x = CallerVoices(Path(s.data_dir) / "callers").say(ANCHOR_UTTERANCES[0])
    loud = np.flatnonzero(np.abs(x) > 0.02)
    x = x[max(0, loud[0] - 3200) : loud[-1] + 1600].astype(np.float32)
    pool = DecodePool.load(s.media, s.data_dir, prepare=True)
    out = []
    try:
        pool.submit(x, language=pool.language, priority=Priority.FINAL).wait_done(60)  # warm
        for k in counts:
            t0 = time.perf_counter()
            jobs = [
                pool.submit(x, language=pool.language, priority=Priority.FINAL) for _ in range(k)
            ]
            lag = 0.0
            while not all(j.finished_at for j in jobs):
                lag = max(lag, pool.oldest_wait_s)
                time.sleep(0.01)
            done = max(j.finished_at for j in jobs) - t0
            r = {
                "utterances": k,
                "max_decode_lag_ms": round(lag * 1000),
                "last_final_s": round(done, 2),
                "workers": len(pool.sets),
                "audio_s": round(len(x) / 16000, 2),
            }
            out.append(r)
            progress(f"[bench] decode {json.dumps(r)}")
    finally:
        pool.close()
    return out


def to_markdown(res: dict, cmd: str) -> str:
    o = res["ops"]
    lines = [
        HEAD,
        "",
        f"Machine: {platform.machine()}, {os.cpu_count()} cores, Python "
        f"{platform.python_version()}; {dt.date.today().isoformat()}; 1-minute load "
        f"{os.getloadavg()[0]:.1f} at the end; command: `{cmd}`. Shared host: other helpers' "
        "work ran at the same time.",
        "",
        "What OPS sheds on (agents/ops/shedding.py), measured at rising load: N text calls "
        f"speak a turn at the same moment, round after round, for {res['step_s']:g} s per level "
        "(facts and an availability check through the decision core and the PMS worker). "
        "Turn latency at the caller, COMMAND's turn-latency p95 (the figure OPS reads), host "
        "CPU, the fullest ring that carries calls, and whether OPS advised shedding with the "
        f"thresholds in force (turn p95 > {o['turn_latency_high_ms']:g} ms for "
        f"{o['shed_window_s']:g} s, off below {o['turn_latency_low_ms']:g} ms; a call ring "
        f"> {o['ring_high_fill']:.0%}).",
        "",
        "| callers at once | turns | turn at the caller p50 / p95 | COMMAND turn p95 | host CPU "
        "| fullest call ring | shedding advised | replies missing |",
        "|---|---|---|---|---|---|---|---|",
    ]
    for r in res.get("levels", []):
        lines.append(
            f"| {r['callers']} | {r['turns']} | {r['client_p50_ms']:.0f} / {r['client_p95_ms']:.0f} "
            f"ms | {r['command_turn_p95_ms']:.0f} ms | {r['cpu_percent']:.0f} % | "
            f"{r['max_call_ring_fill']:.1%} | {'yes' if r['shedding_advised'] else 'no'} | "
            f"{r['replies_missing']} |"
        )
    if res.get("decode"):
        d0 = res["decode"][0]
        lines += [
            "",
            f"Decode queue lag (`--decode`): the media worker's decode pool as configured "
            f"({d0['workers']} workers), K callers stop speaking at the same moment (K final "
            f"decodes of one {d0['audio_s']:g} s utterance at once); the longest any speech "
            f"waited for a decoder (what MEDIA reports to OPS) and when the last final was "
            f"ready. OPS sheds when the lag stays above {o['decode_lag_high_ms']:g} ms for "
            f"{o['shed_window_s']:g} s (off below {o['decode_lag_low_ms']:g} ms).",
            "",
            "| callers ending at once | longest wait for a decoder | last final ready after |",
            "|---|---|---|",
        ]
        for r in res["decode"]:
            lines.append(
                f"| {r['utterances']} | {r['max_decode_lag_ms']} ms | {r['last_final_s']:.2f} s |"
            )
    return "\n".join(lines) + "\n"


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(
        prog="python -m bench.shedding",
        description="The signals OPS sheds load on, measured against the live runtime at rising load.",
    )
    ap.add_argument(
        "--levels", default="1,8,32,100,200", help="concurrent callers per level (comma list)"
    )
    ap.add_argument("--step-s", type=float, default=15.0, help="seconds per level (default 15)")
    ap.add_argument(
        "--decode",
        default="",
        metavar="K,K,...",
        help="also measure the decode queue lag with this many utterances ending at once "
        "(e.g. 1,2,4,8; loads the configured whisper model)",
    )
    ap.add_argument("--no-runtime", action="store_true", help="only the decode measurement")
    ap.add_argument("--json", metavar="PATH", help="also write the results as JSON")
    ap.add_argument("--write-md", action="store_true", help="update BENCHMARKS.md")
    args = ap.parse_args(argv)
    try:
        levels = [int(x) for x in args.levels.split(",") if x.strip()]
    except ValueError:
        ap.error(f"--levels {args.levels!r}: write numbers separated by commas, e.g. 1,8,32")
    if not levels or min(levels) < 1:
        ap.error("--levels needs at least one level of 1 or more callers")
    say = lambda m: print(m, file=sys.stderr, flush=True)  # noqa: E731
    if args.no_runtime:
        from config import load_settings

        res = {"levels": [], "step_s": args.step_s, "ops": load_settings().ops.model_dump()}
    else:
        res = run(levels, args.step_s, progress=say)
    if args.decode:
        try:
            counts = [int(x) for x in args.decode.split(",") if x.strip()]
        except ValueError:
            ap.error(f"--decode {args.decode!r}: write numbers separated by commas, e.g. 1,2,4,8")
        res["decode"] = decode_lag(counts, progress=say)
    if args.json:
        with open(args.json, "w") as f:
            json.dump(res, f, indent=2)
    md = to_markdown(res, "python -m bench.shedding " + " ".join(argv or sys.argv[1:]))
    print(md)
    if args.write_md:
        replace_section(HEAD, md)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
