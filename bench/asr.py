"""Speech recognition benchmark: real-time factor, streaming tail latency, end-pointing delay.

``python -m bench.asr [--turns N] [--models tiny.en,base] [--json PATH]``

Caller audio is the anchor's kind (DEPENDENCIES.md): five Piper-spoken
utterances with 0.5 s of silence before and 1.5 s after, fed in 20 ms frames
at the speed of speech (real time), as a phone line delivers them.

Figures:
- RTF: decode wall time / audio length, batch, per utterance (speech plus
  its padding), with the adaptive encoder context and with whisper's full
  30 s window (what a plain whisper call costs);
- streaming tail: end of the caller's speech -> the final transcript, wall
  clock, with real-time feeding; split into the end-point silence the VAD
  waits for and what remains after the end-point fires;
- VAD: onset and end-point detection delays in audio time, and the CPU cost
  of one 32 ms window.
Also: partial decodes per turn, resident memory of the process.
"""

from __future__ import annotations

import argparse
import json
import platform
import statistics
import sys
import time
from datetime import UTC, datetime
from pathlib import Path

import numpy as np


def _pct(xs: list[float], q: float) -> float:
    xs = sorted(xs)
    return xs[min(len(xs) - 1, int(round(q / 100 * (len(xs) - 1))))]


def _rss_mb() -> float:
    import psutil

    return psutil.Process().memory_info().rss / 2**20


def bench_rtf(model, clips: list[np.ndarray]) -> dict:
    out = {}
    for label, adaptive in (("adaptive_ctx", True), ("full_window", False)):
        model.adaptive_ctx = adaptive
        rtfs, cpu = [], []
        for x in clips:
            c0 = time.process_time()
            r = model.transcribe(x)
            cpu.append((time.process_time() - c0) / r.audio_s)
            rtfs.append(r.decode_s / r.audio_s)
        out[label] = {
            "median": statistics.median(rtfs),
            "max": max(rtfs),
            "cpu_per_audio_s": statistics.median(cpu),
        }
    model.adaptive_ctx = True
    return out


def bench_streaming(model, clips: list[np.ndarray], texts: list[str], turns: int, cfg) -> dict:
    from media.asr.streaming import StreamingRecognizer

    frame = 320
    tails, after_ep, partials, exact, misses = [], [], [], 0, []
    cpu0, audio_s = time.process_time(), 0.0
    for turn in range(turns):
        x = clips[turn % len(clips)]
        rec = StreamingRecognizer.from_config(model, cfg)
        t0 = time.perf_counter()
        final, n_partial = None, 0
        for i in range(0, x.size, frame):
            due = t0 + (i + frame) / 16000
            delay = due - time.perf_counter()
            if delay > 0:
                time.sleep(delay)
            for e in rec.feed(x[i : i + frame]):
                if e.kind == "partial":
                    n_partial += 1
                elif e.kind == "final" and final is None:
                    final = (e, time.perf_counter())
        if final is None:
            raise RuntimeError(f"no final transcript for turn {turn}")
        e, wall = final
        end_of_speech_wall = t0 + e.t
        endpoint_wall = t0 + e.t + cfg.vad_end_silence_ms / 1000
        tails.append(wall - end_of_speech_wall)
        after_ep.append(wall - endpoint_wall)
        partials.append(n_partial)
        audio_s += x.size / 16000
        want = texts[turn % len(texts)]
        exact += _norm(e.text) == _norm(want)
        if _norm(e.text) != _norm(want):
            misses.append(e.text)
    return {
        "turns": turns,
        "tail_p50": _pct(tails, 50),
        "tail_p95": _pct(tails, 95),
        "after_endpoint_p50": _pct(after_ep, 50),
        "after_endpoint_p95": _pct(after_ep, 95),
        "partials_per_turn": statistics.mean(partials),
        "exact_transcripts": exact,
        "not_exact": misses,
        # CPU seconds (all threads, VAD included) per second of call audio: what one
        # streaming call costs, so 2 cores sustain about 2 / this many calls
        "cpu_per_audio_s": (time.process_time() - cpu0) / audio_s,
    }


def _norm(s: str) -> str:
    return " ".join("".join(c.lower() if c.isalnum() else " " for c in s).split())


def bench_vad(clips: list[np.ndarray], cfg) -> dict:
    from config.registry import names
    from config.sections.vads import VADS
    from media.vad import make_classifier, make_endpointer

    out = {}
    for backend in names(VADS):  # every registered detector
        c = cfg.model_copy(update={"vad_backend": backend})
        onset, end = [], []
        for x in clips:
            ep = make_endpointer(c)
            for i in range(0, x.size, 320):
                for ev in ep.feed(x[i : i + 320]):
                    (onset if ev.kind == "start" else end).append(ev.detected_at - ev.t)
        clf = make_classifier(backend, cfg)
        w = np.random.default_rng(0).normal(0, 0.1, clf.window).astype(np.float32)
        n = 300
        t = time.perf_counter()
        for _ in range(n):
            clf.probability(w)
        per_window_us = (time.perf_counter() - t) / n * 1e6
        out[backend] = {
            "onset_delay_median": statistics.median(onset),
            "endpoint_delay_median": statistics.median(end),
            "endpoint_delay_max": max(end),
            "window_ms": clf.window / 16,
            "cpu_us_per_window": per_window_us,
        }
    return out


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="python -m bench.asr", description=__doc__.split("\n\n")[0])
    ap.add_argument("--models", default="tiny.en,base", help="comma-separated packaged models")
    ap.add_argument("--turns", type=int, default=15, help="streaming turns for tiny.en (base: 5)")
    ap.add_argument("--json", metavar="PATH", help="also write the results as JSON")
    args = ap.parse_args(argv)

    from config import get_settings
    from media.asr.convert import ensure_converted
    from media.asr.whisper import WhisperModel
    from media.audio.callers import ANCHOR_UTTERANCES, CallerVoices

    s = get_settings()
    cfg = s.media
    voices = CallerVoices(s.data_dir / "test-audio")
    clips = [voices.say(t) for t in ANCHOR_UTTERANCES]
    import os

    results: dict = {
        "date": datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC"),
        "machine": f"{platform.machine()}, {os.cpu_count()} cores, {platform.python_version()}",
        "load_avg_at_start": os.getloadavg()[0],
        "command": "python -m bench.asr " + " ".join(argv or []),
        "vad": bench_vad(clips, cfg),
        "models": {},
    }
    print(f"VAD: {json.dumps(results['vad'], indent=1)}", file=sys.stderr)
    for name in args.models.split(","):
        path = ensure_converted(name, s.data_dir)
        lang = "en" if name.endswith(".en") else "auto"
        model = WhisperModel(path, threads=cfg.asr_threads, language=lang)
        res = {"load_s": model.load_s, "rss_mb": _rss_mb()}
        res["rtf"] = bench_rtf(model, clips)
        print(f"{name} RTF: {res['rtf']}", file=sys.stderr)
        turns = args.turns if name == "tiny.en" else max(5, args.turns // 3)
        # base runs as a multilingual deployment would: language detected per utterance
        res["streaming"] = bench_streaming(
            model,
            clips,
            list(ANCHOR_UTTERANCES),
            turns,
            cfg.model_copy(update={"asr_language": lang}),
        )
        print(f"{name} streaming: {res['streaming']}", file=sys.stderr)
        results["models"][name] = res
        model.close()
    results["load_avg_at_end"] = os.getloadavg()[0]
    print(markdown(results))
    if args.json:
        Path(args.json).write_text(json.dumps(results, indent=1))
    return 0


def markdown(r: dict) -> str:
    lines = [
        f"Measured {r['date']} on {r['machine']} (load average {r['load_avg_at_start']:.1f} at start, "
        f"{r['load_avg_at_end']:.1f} at end; the cores are shared), command `{r['command'].strip()}`.",
        "",
        "| model | RTF adaptive ctx (median / max; CPU s per audio s) | RTF full 30 s window | end of speech -> final p50 / p95 "
        "| after the end-point p50 / p95 | partials / turn | exact | streaming CPU s per audio s "
        "| load | RSS |",
        "|---|---|---|---|---|---|---|---|---|---|",
    ]
    for name, m in r["models"].items():
        a, f, st = m["rtf"]["adaptive_ctx"], m["rtf"]["full_window"], m["streaming"]
        lines.append(
            f"| {name} | {a['median']:.2f} / {a['max']:.2f} (CPU {a['cpu_per_audio_s']:.2f}) "
            f"| {f['median']:.2f} (CPU {f['cpu_per_audio_s']:.2f}) "
            f"| {st['tail_p50']:.2f} s / {st['tail_p95']:.2f} s "
            f"| {st['after_endpoint_p50']:.2f} s / {st['after_endpoint_p95']:.2f} s "
            f"| {st['partials_per_turn']:.1f} | {st['exact_transcripts']}/{st['turns']} "
            f"| {st['cpu_per_audio_s']:.2f} "
            f"| {m['load_s']:.2f} s | {m['rss_mb']:.0f} MB |"
        )
    lines += [
        "",
        "| VAD | onset delay (median) | end-point delay (median / max) | CPU per window |",
        "|---|---|---|---|",
    ]
    for name, v in r["vad"].items():
        lines.append(
            f"| {name} | {v['onset_delay_median'] * 1000:.0f} ms | {v['endpoint_delay_median'] * 1000:.0f} ms / "
            f"{v['endpoint_delay_max'] * 1000:.0f} ms | {v['cpu_us_per_window']:.0f} µs per {v['window_ms']:.0f} ms |"
        )
    return "\n".join(lines)


if __name__ == "__main__":
    sys.exit(main())
