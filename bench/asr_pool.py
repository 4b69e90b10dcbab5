"""Whisper decode time by thread layout and OpenMP wait policy: why the decode pool is set up as it is.

``python -m bench.asr_pool [--repeats N] [--json PATH] [--write-md]``

whisper.cpp's CPU backend runs on the libgomp that pywhispercpp bundles, which
reads its environment once, when it loads; so every setting runs in a fresh
child process. Each child decodes the same 3.5 s utterance (tiny.en, the
benchmark's first anchor utterance, adaptive encoder context) in three layouts:

- one thread decodes (the layout of a single-worker pool), 2 whisper threads;
- two threads, each with its own context, take turns, 2 whisper threads each
  (a two-worker pool when calls do not overlap);
- the same two side by side, 1 whisper thread each (two calls at once).

Settings: libgomp's defaults (``media.asr_omp_tuning: false``), what the
supervisor starts the media worker with (media/asr/omp.py: ``OMP_WAIT_POLICY=ACTIVE``,
``GOMP_SPINCOUNT=100000``), and
``OMP_WAIT_POLICY=PASSIVE``.
"""

from __future__ import annotations

import argparse
import json
import os
import queue
import subprocess
import sys
import threading
from pathlib import Path

from bench.report_md import replace_section
from media.asr.omp import TUNING

HEAD = "## Speech recognition: decode threads and OpenMP"
SETTINGS = {
    "libgomp defaults": {},
    "ACTIVE, GOMP_SPINCOUNT=1e5 (the default here)": dict(TUNING),
    "PASSIVE": {"OMP_WAIT_POLICY": "PASSIVE"},
}


def _median(xs: list[float]) -> float:
    xs = sorted(xs)
    return xs[len(xs) // 2]


def child(repeats: int) -> dict:
    """Runs in a fresh process: the three layouts, seconds per decode (median)."""
    import numpy as np

    from config import load_settings
    from media.asr.whisper import WhisperModel, resolve_model_path
    from media.audio.callers import ANCHOR_UTTERANCES, CallerVoices

    s = load_settings()
    x = CallerVoices(Path(s.data_dir) / "callers").say(ANCHOR_UTTERANCES[0])
    loud = np.flatnonzero(np.abs(x) > 0.02)
    x = x[max(0, loud[0] - 3200) : loud[-1] + 1600]
    path = resolve_model_path(s.media, s.data_dir, prepare=True)
    jobs: list[queue.Queue] = [queue.Queue(), queue.Queue()]
    done: queue.Queue = queue.Queue()

    def worker(i: int) -> None:
        m = WhisperModel(path, warm=False)
        while (threads := jobs[i].get()) is not None:
            done.put(m.transcribe(x, threads=threads).decode_s)
        m.close()

    workers = [threading.Thread(target=worker, args=(i,)) for i in range(2)]
    for w in workers:
        w.start()

    def run(plan: list[list[tuple[int, int]]]) -> list[float]:
        out = []
        for step in plan:
            for i, threads in step:
                jobs[i].put(threads)
            out += [done.get() for _ in step]
        return out

    alone = run([[(0, 2)]] * (repeats + 1))[1:]  # first decode warms the context
    run([[(1, 2)]])  # warm the second context; from here on two threads own OpenMP teams
    turns = run([[(i % 2, 2)] for i in range(2 * repeats)])
    side = run([[(0, 1), (1, 1)]] * repeats)
    for q in jobs:
        q.put(None)
    for w in workers:
        w.join()
    return {
        "audio_s": round(x.size / 16000, 2),
        "one_thread_2t": _median(alone),
        "two_take_turns_2t": _median(turns),
        "two_side_by_side_1t": _median(side),
    }


def run(repeats: int, progress=print) -> dict:
    results = {}
    for label, extra in SETTINGS.items():
        progress(f"[bench.asr_pool] {label}")
        env = {
            k: v for k, v in os.environ.items() if k not in ("OMP_WAIT_POLICY", "GOMP_SPINCOUNT")
        }
        env.update(extra)
        out = subprocess.run(
            [sys.executable, "-m", "bench.asr_pool", "--child", "--repeats", str(repeats)],
            env=env,
            capture_output=True,
            text=True,
            check=False,
        )
        if out.returncode != 0:
            raise SystemExit(f"bench.asr_pool: the {label!r} child failed:\n{out.stderr[-2000:]}")
        results[label] = json.loads(out.stdout.strip().splitlines()[-1])
    return results


def to_markdown(r: dict, cmd: str, load: tuple[float, float]) -> str:
    rows = "\n".join(
        f"| {k} | {v['one_thread_2t']:.3f} s | {v['two_take_turns_2t']:.3f} s | "
        f"{v['two_side_by_side_1t']:.3f} s |"
        for k, v in r.items()
    )
    audio = next(iter(r.values()))["audio_s"]
    return f"""{HEAD}

Command: `{cmd}`; 1-minute load {load[0]:.2f} before, {load[1]:.2f} after. Median seconds per
decode of one {audio} s utterance (tiny.en, adaptive context); each setting in a fresh process,
since libgomp reads its environment when it loads.

| OpenMP setting | one thread decodes (2 threads) | two threads take turns (2 threads each) | two side by side (1 thread each) |
|---|---|---|---|
{rows}

Reading: with libgomp's defaults, once a second thread of the process has decoded, each 2-thread
decode is about as slow as a 1-thread one (libgomp stops spinning between parallel regions when
the process holds more OpenMP threads than cores). A brief active spin restores it, so the media
worker's two decode workers (media/asr/decoder.py) lose nothing when calls do not overlap and
run side by side, 1 thread each, when they do.
"""


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(
        prog="python -m bench.asr_pool", description=__doc__.split("\n\n")[0]
    )
    ap.add_argument("--repeats", type=int, default=5, help="decodes per layout (default 5)")
    ap.add_argument("--json", metavar="PATH", help="also write the results as JSON")
    ap.add_argument("--write-md", action="store_true", help="update BENCHMARKS.md")
    ap.add_argument("--child", action="store_true", help=argparse.SUPPRESS)
    args = ap.parse_args(argv)
    if args.child:
        print(json.dumps(child(args.repeats)))
        return 0
    load0 = os.getloadavg()[0]
    r = run(args.repeats, progress=lambda m: print(m, file=sys.stderr, flush=True))
    cmd = "python -m bench.asr_pool " + " ".join(argv if argv is not None else sys.argv[1:])
    md = to_markdown(r, cmd.strip(), (load0, os.getloadavg()[0]))
    print(md)
    if args.json:
        Path(args.json).write_text(json.dumps(r, indent=1))
    if args.write_md:
        replace_section(HEAD, md)
    return 0


if __name__ == "__main__":
    sys.exit(main())
