"""``python -m bench.recording [--minutes M]``: what recording a call costs the media worker.

The media worker's threads only queue each 20 ms frame (``CallRecorder.put``); a thread
of its own writes the WAV files. This measures both on this host, independent of how
busy the rest of it is: the wall time of one ``put`` (what a caller's frame and a reply
frame each pay on the worker's hot path) and the CPU the writing thread spends per
minute of a call (both sides), over ``--minutes`` of two-sided audio, fed about 20 times faster than a call feeds it.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
import uuid

FRAME = b"\x10\x00" * 320  # 20 ms of 16 kHz 16-bit mono


def run(minutes: float) -> dict:
    from media.recording import CallRecorder

    frames = int(minutes * 60 * 50)
    problems: list[str] = []
    puts: list[int] = []
    with tempfile.TemporaryDirectory(prefix="sovren-bench-recording-") as d:
        rec = CallRecorder(d, 16000, lambda c, why: problems.append(why))
        call = uuid.uuid4().hex
        cpu_all, cpu_main = time.process_time(), time.thread_time()
        for _ in range(frames):
            for side in ("caller", "reply"):
                t = time.perf_counter_ns()
                rec.put(call, side, FRAME)
                puts.append(time.perf_counter_ns() - t)
            # frames arrive over time: 1 ms apart here, about 20x faster than a call sends
            # them (a 20 ms frame a side), so the writer is tested harder than by a call
            time.sleep(0.001)
        rec.finish(call)
        rec.close(timeout=120)
        # the process's CPU less this (putting) thread's: the writing thread's
        writer_s = (time.process_time() - cpu_all) - (time.thread_time() - cpu_main)
    puts.sort()
    return {
        "minutes": minutes,
        "frames": len(puts),
        "put_p50_us": round(puts[len(puts) // 2] / 1000, 2),
        "put_p99_us": round(puts[int(len(puts) * 0.99)] / 1000, 2),
        "writer_cpu_ms_per_call_minute": round(writer_s * 1000 / minutes, 1),
        "problems": problems,
    }


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="bench.recording", description=__doc__.split("\n\n")[0])
    ap.add_argument("--minutes", type=float, default=5.0, help="call minutes (default 5)")
    args = ap.parse_args(argv)
    r = run(args.minutes)
    print(
        f"{r['frames']} frames ({r['minutes']:g} min, both sides): put p50 {r['put_p50_us']} us, "
        f"p99 {r['put_p99_us']} us; writing thread {r['writer_cpu_ms_per_call_minute']} ms CPU "
        f"per call minute; problems: {r['problems'] or 'none'}"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
