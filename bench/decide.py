"""Benchmark of the decision core and the ledger writer.

    python -m bench.decide [--decisions N] [--records N] [--json PATH]
    sovren bench decide …

Measures, in this process:
- ``DecisionCore.decide()`` latency per call (wall, perf_counter_ns around each
  call) p50/p99/p99.9 over a mix of inputs — approvals, rejections with the
  fallback choice, vetoes, 0 to 7 evidence sources — and CPU time per call
  (thread CPU clock over blocks of 1000 calls, which excludes time the
  scheduler gave to other processes on these shared machines);
- decisions per second on one core (a tight loop, one thread);
- ``LedgerWriter.put()`` cost per call (the producer's hot path);
- records per second through the writer into an embedded PostgreSQL started for
  the run (production settings: fsync on) — a mixed stream and a decisions-only
  stream (each decision runs the hash-chain trigger).

Targets (issue 3): decide() p99 <= 50 us; >= 20,000 decisions/s on one core;
writer >= 10,000 records/s. Results are printed as a table and optionally
written as JSON.
"""

from __future__ import annotations

import argparse
import gc
import json
import os
import platform
import random
import shutil
import sys
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path

from ipc.actions import ActionKind

TARGETS = {"decide_p99_us": 50.0, "decisions_per_s": 20_000.0, "writer_records_per_s": 10_000.0}


def _pct(xs: list[float], q: float) -> float:
    xs = sorted(xs)
    return xs[min(len(xs) - 1, int(q * len(xs)))]


def _inputs(n: int, seed: int = 7) -> list[tuple]:
    from bayes.vocabulary import ACTION_KINDS, EVIDENCE_SOURCES
    from ipc.messages import Severity

    rnd = random.Random(seed)
    out = []
    for _ in range(n):
        k = rnd.randint(0, len(EVIDENCE_SOURCES))
        ev = {s: rnd.random() for s in rnd.sample(EVIDENCE_SOURCES, k)}
        r = rnd.random()
        sev = Severity.CRITICAL if r < 0.03 else Severity.HIGH if r < 0.1 else None
        state = rnd.choice(("dialogue", "dialogue", "retrying", "closing"))
        out.append((rnd.choice(ACTION_KINDS), ev, sev, state))
    return out


def bench_decide(n: int) -> dict:
    from bayes.core import DecisionCore
    from config.sections.decision import DecisionConfig

    core = DecisionCore(DecisionConfig())
    inputs = _inputs(2000)
    m = len(inputs)
    decide = core.decide
    for i in range(5000):  # warm-up
        a, ev, sev, st = inputs[i % m]
        decide(a, ev, sentinel=sev, state=st, call_id="bench")

    # latency per call (wall)
    lat = []
    pc = time.perf_counter_ns
    approved = 0
    for i in range(n):
        a, ev, sev, st = inputs[i % m]
        t0 = pc()
        out = decide(a, ev, sentinel=sev, state=st, call_id="bench")
        lat.append(pc() - t0)
        approved += out.approved
    lat_us = [x / 1000 for x in lat]

    # CPU time per call over blocks of 1000
    cpu_blocks = []
    tt = time.thread_time_ns
    for b in range(max(1, n // 1000)):
        t0 = tt()
        for i in range(b * 1000, b * 1000 + 1000):
            a, ev, sev, st = inputs[i % m]
            decide(a, ev, sentinel=sev, state=st, call_id="bench")
        cpu_blocks.append((tt() - t0) / 1000 / 1000)

    # throughput on one core
    t0, c0 = time.perf_counter(), time.thread_time()
    for i in range(n):
        a, ev, sev, st = inputs[i % m]
        decide(a, ev, sentinel=sev, state=st, call_id="bench")
    wall, cpu = time.perf_counter() - t0, time.thread_time() - c0
    return {
        "calls": n,
        "approved_share": approved / n,
        "p50_us": _pct(lat_us, 0.50),
        "p99_us": _pct(lat_us, 0.99),
        "p999_us": _pct(lat_us, 0.999),
        "max_us": max(lat_us),
        "cpu_per_call_mean_us": sum(cpu_blocks) / len(cpu_blocks),
        "cpu_per_call_p99_block_us": _pct(cpu_blocks, 0.99),
        "decisions_per_s_wall": n / wall,
        "decisions_per_s_cpu": n / cpu if cpu else float("nan"),
    }


def _records(n: int) -> list:
    from bayes.core import DecisionCore
    from config.sections.decision import DecisionConfig
    from ledger.ids import new_id
    from ledger.records import (
        ActionRecord,
        AlertRecord,
        ProposalRecord,
        ResultRecord,
        TurnRecord,
    )

    got: list = []
    core = DecisionCore(DecisionConfig(), sink=got.append)
    inputs = _inputs(500)
    now = time.time()
    calls = [new_id() for _ in range(max(1, n // 50))]
    i = 0
    while len(got) < n:
        cid = calls[i % len(calls)]
        kind = i % 10
        if kind < 3:
            a, ev, sev, st = inputs[i % len(inputs)]
            core.decide(a, ev, sentinel=sev, state=st, call_id=cid, turn=i)
        elif kind < 6:
            got.append(TurnRecord(id=new_id(), call_id=cid, turn=i,
                                  text="I would like a double room from the 3rd to the 5th",
                                  confidence=0.93, created_at=now))  # fmt: skip
        elif kind < 8:
            got.append(ProposalRecord(id=new_id(), call_id=cid, turn=i, action=ActionKind.PMS_AVAILABILITY,
                                      args={"arrival": "2026-12-03", "departure": "2026-12-05",
                                            "guests": 2}, origin="INTEL", created_at=now))  # fmt: skip
        elif kind == 8:
            got.append(ActionRecord(id=new_id(), decision_id=new_id(), call_id=cid,
                                    action=ActionKind.SPEAK_ANSWER, args={"text": "Yes, we have one."},
                                    created_at=now))  # fmt: skip
        elif i % 20 == 9:
            got.append(ResultRecord(id=new_id(), decision_id=new_id(), call_id=cid,
                                    action=ActionKind.PMS_AVAILABILITY, ok=True,
                                    result={"offers": 2}, created_at=now))  # fmt: skip
        else:
            got.append(AlertRecord(id=new_id(), severity=1, category="bench", message="m",
                                   created_at=now))  # fmt: skip
        i += 1
    return got[:n]


def bench_writer(n: int, decisions_only: int, work: Path, progress) -> dict:
    import psycopg

    from bayes.core import DecisionCore
    from config.sections.decision import DecisionConfig
    from ledger.chain import verify_chain
    from ledger.postgres import EmbeddedPostgres
    from ledger.writer import LedgerWriter

    progress("starting an embedded PostgreSQL (fsync on) …")
    pg = EmbeddedPostgres(work / "pg", fsync=True, dbname="bench")
    url = pg.start()
    res: dict = {}
    try:
        progress(f"preparing {n:,} mixed records …")
        recs = _records(n)
        mix: dict[str, int] = {}
        for r in recs:
            mix[type(r).__name__] = mix.get(type(r).__name__, 0) + 1
        w = LedgerWriter(url, work / "spool", batch_size=2000, flush_interval_s=0.05)
        assert w.flush(60), "writer could not start"
        put_ns = []
        pc = time.perf_counter_ns
        progress(f"putting {n:,} records …")
        t0 = time.perf_counter()
        for r in recs:
            a = pc()
            w.put(r)
            put_ns.append(pc() - a)
        t_put = time.perf_counter() - t0
        ok = w.flush(600, in_database=True)
        t_all = time.perf_counter() - t0
        stats = dict(w.stats)
        w.close()
        with psycopg.connect(url) as conn:
            stored = (
                sum(
                    conn.execute(f"SELECT count(*) FROM {t}").fetchone()[0]
                    for t in ("turns", "proposals", "decisions", "actions", "results")
                )
                + conn.execute("SELECT count(*) FROM alerts WHERE category='bench'").fetchone()[0]
            )
        put_us = [x / 1000 for x in put_ns]
        res["mixed"] = {
            "records": n,
            "mix": mix,
            "flushed": ok,
            "stored": stored,
            "seconds": t_all,
            "records_per_s": n / t_all,
            "put_loop_seconds": t_put,
            "put_p50_us": _pct(put_us, 0.5),
            "put_p99_us": _pct(put_us, 0.99),
            "spooled": stats["spooled"],
        }
        progress(f"mixed: {n / t_all:,.0f} records/s")

        progress(f"decisions only: {decisions_only:,} …")
        w = LedgerWriter(url, work / "spool", batch_size=2000, flush_interval_s=0.05)
        assert w.flush(60)
        core = DecisionCore(DecisionConfig(), sink=w.put)
        inputs = _inputs(500)
        t0 = time.perf_counter()
        for i in range(decisions_only):
            a, ev, sev, st = inputs[i % len(inputs)]
            core.decide(a, ev, sentinel=sev, state=st, call_id="bench", turn=i)
        ok2 = w.flush(600, in_database=True)
        t_d = time.perf_counter() - t0
        w.close()
        t0 = time.perf_counter()
        rep = verify_chain(url)
        t_v = time.perf_counter() - t0
        res["decisions"] = {
            "records": decisions_only,
            "flushed": ok2,
            "seconds": t_d,
            "records_per_s": decisions_only / t_d,
            "chain_ok": rep.ok,
            "chain_rows": rep.rows,
            "verify_seconds": t_v,
            "verify_rows_per_s": rep.rows / t_v if t_v else float("nan"),
        }
        progress(
            f"decisions: {decisions_only / t_d:,.0f} records/s; verify {rep.rows / t_v:,.0f} rows/s"
        )
    finally:
        pg.stop()
    return res


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="bench.decide", description=__doc__.split("\n\n")[0])
    ap.add_argument("--decisions", type=int, default=200_000, help="decide() calls per phase")
    ap.add_argument("--records", type=int, default=100_000, help="mixed records through the writer")
    ap.add_argument("--decision-records", type=int, default=30_000,
                    help="decisions through the writer (hash-chain trigger)")  # fmt: skip
    ap.add_argument("--no-writer", action="store_true", help="skip the PostgreSQL part")
    ap.add_argument("--json", metavar="PATH", help="write the results as JSON")
    args = ap.parse_args(argv)

    def progress(msg: str) -> None:
        print(f"[bench.decide] {msg}", file=sys.stderr, flush=True)

    result: dict = {
        "date": datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC"),
        "machine": {
            "cpus": os.cpu_count(),
            "python": platform.python_version(),
            "platform": platform.platform(),
            "loadavg_1m": os.getloadavg()[0],
        },
        "targets": TARGETS,
    }
    progress(f"decide(): {args.decisions:,} calls per phase …")
    result["decide"] = bench_decide(args.decisions)
    d = result["decide"]
    progress(
        f"decide(): p50 {d['p50_us']:.1f} us, p99 {d['p99_us']:.1f} us, "
        f"{d['decisions_per_s_wall']:,.0f}/s"
    )
    if not args.no_writer:
        work = Path(tempfile.mkdtemp(prefix="sovren-bench-decide-"))
        os.chmod(work, 0o755)
        try:
            result["writer"] = bench_writer(args.records, args.decision_records, work, progress)
        finally:
            shutil.rmtree(work, ignore_errors=True)
    result["machine"]["loadavg_1m_end"] = os.getloadavg()[0]

    print(f"decision core benchmark, {result['date']}, load {result['machine']['loadavg_1m']:.1f}")
    print(f"  decide() p50 {d['p50_us']:.1f} us  p99 {d['p99_us']:.1f} us  "
          f"p99.9 {d['p999_us']:.1f} us  (target p99 <= 50 us)")  # fmt: skip
    print(f"  decide() CPU per call {d['cpu_per_call_mean_us']:.1f} us (mean)")
    print(f"  decisions/s one core: {d['decisions_per_s_wall']:,.0f} wall, "
          f"{d['decisions_per_s_cpu']:,.0f} CPU (target >= 20,000)")  # fmt: skip
    if "writer" in result:
        m, dd = result["writer"]["mixed"], result["writer"]["decisions"]
        print(f"  writer mixed: {m['records_per_s']:,.0f} records/s ({m['stored']:,} stored of "
              f"{m['records']:,}); put() p50 {m['put_p50_us']:.2f} us p99 {m['put_p99_us']:.2f} us")  # fmt: skip
        print(f"  writer decisions (chained): {dd['records_per_s']:,.0f} records/s; "
              f"chain ok {dd['chain_ok']}, verify {dd['verify_rows_per_s']:,.0f} rows/s")  # fmt: skip
    if args.json:
        Path(args.json).write_text(json.dumps(result, indent=2))
        progress(f"results written to {args.json}")
    gc.collect()
    return 0


if __name__ == "__main__":
    sys.exit(main())
