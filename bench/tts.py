"""Speech synthesis and barge-in benchmark: ``python -m bench.tts [--json PATH] [--write-md]``.

Measures, per voice (Piper with the packaged voice, espeak-ng, and StyleTTS2
on a tiny RANDOMLY INITIALISED checkpoint - plumbing only, not the real
voice), time to first audio of a three-sentence reply (text in -> first
sentence's PCM at the call rate) and the real-time factor (synthesis time /
audio time, wall and CPU - this thread plus child processes: the CPU figure
excludes preemption by other work on a shared host). Then barge-in stop latency:

- live: real-time playback in 20 ms frames, ``interrupt()`` called from a
  second thread at a random instant; latency = onset event -> audible end of
  the last frame written (a written frame still plays out its 20 ms);
- scripted: a Piper-spoken caller interruption overlapping the reply at
  random offsets, decided in lock-step by the VAD (silero, media/vad) and by
  the energy detector; latency = detector's speech onset -> playback stopped,
  in stream time (includes the detector's confirmation time).
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import random
import resource
import threading
import time
from datetime import UTC, datetime
from pathlib import Path

import numpy as np

from bench.report_md import replace_section

REPLY = (
    "Your room is booked for two nights from Friday. "
    "Breakfast is served from half past six until half past ten. "
    "Is there anything else I can do for you?"
)
REPLY_DE = (
    "Ihr Zimmer ist für zwei Nächte ab Freitag gebucht. "
    "Das Frühstück gibt es von halb sieben bis halb elf. "
    "Kann ich sonst noch etwas für Sie tun?"
)
RATE = 16000


def pct(xs, q):
    return float(np.percentile(np.asarray(xs, dtype=np.float64), q)) if xs else float("nan")


def cpu_now() -> float:
    """This thread's CPU time plus that of finished child processes (espeak-ng runs as one)."""
    ru = resource.getrusage(resource.RUSAGE_CHILDREN)
    return time.thread_time() + ru.ru_utime + ru.ru_stime


def bench_voice(backend, text, lang, runs):
    """First-audio latency and real-time factor over ``runs`` replies."""
    from media.tts.base import StreamStats

    list(backend.synthesize_stream("Warm up.", lang, RATE))
    first, first_cpu, rtf, rtf_cpu = [], [], [], []
    for _ in range(runs):
        stats = StreamStats()
        cpu0 = cpu_now()
        for i, _chunk in enumerate(backend.synthesize_stream(text, lang, RATE, stats)):
            if i == 0:
                first_cpu.append((cpu_now() - cpu0) * 1000)
        cpu = cpu_now() - cpu0
        first.append(stats.first_audio_s * 1000)
        wall = time.perf_counter() - stats.started
        rtf.append(wall / stats.audio_s)
        rtf_cpu.append(cpu / stats.audio_s)
    return {
        "runs": runs,
        "audio_s": round(stats.audio_s, 2),
        "first_audio_ms_p50": round(pct(first, 50), 1),
        "first_audio_ms_p95": round(pct(first, 95), 1),
        "first_audio_cpu_ms_p50": round(pct(first_cpu, 50), 1),
        "rtf_wall_p50": round(pct(rtf, 50), 3),
        "rtf_cpu_p50": round(pct(rtf_cpu, 50), 3),
    }


def bench_live_barge_in(chunks, trials, seed=0):
    """Real-time playback interrupted from another thread at random instants."""
    from media.playback import BufferOut, PlaybackSink

    rng = random.Random(seed)
    lat = []
    for _ in range(trials):
        out = BufferOut()
        sink = PlaybackSink(out, RATE, realtime=True)
        delay = rng.uniform(0.1, 0.6)

        def vad(sink=sink, delay=delay):
            while not sink.playing:
                time.sleep(0.001)
            time.sleep(delay)
            sink.interrupt()

        t = threading.Thread(target=vad)
        t.start()
        report = sink.play(iter(chunks))
        t.join()
        if report.interrupted and report.stop_latency_ms is not None:
            lat.append(report.stop_latency_ms)
    return lat


def bench_scripted_barge_in(chunks, caller_speech, detector_factory, trials, seed=0, rate=RATE):
    """Lock-step overlap: caller speech starts at random offsets; speech onset -> stop (stream ms)."""
    from media.playback import BufferOut, PlaybackSink

    rng = np.random.default_rng(seed)
    total_s = sum(c.duration_s for c in chunks)
    lat, from_sound = [], []
    lead = np.flatnonzero(np.abs(caller_speech) > 0.05 * np.abs(caller_speech).max())[0] / rate
    fs = rate // 50
    for _ in range(trials):
        talk_at = float(rng.uniform(0.3, total_s - 2.0))
        line = rng.normal(0, 30, int((total_s + 3) * rate)).astype(np.int16)
        at = int(talk_at * rate)
        n = min(len(caller_speech), len(line) - at)
        line[at : at + n] = caller_speech[:n]
        frames = [line[i : i + fs] for i in range(0, len(line), fs)]
        report = PlaybackSink(BufferOut(), rate, realtime=False).play(
            iter(chunks), caller=frames, onset=detector_factory()
        )
        if report.interrupted and report.speech_onset_ms is not None:
            lat.append(report.played_ms - report.speech_onset_ms)
            from_sound.append(report.played_ms - (talk_at + lead) * 1000)
    return lat, from_sound


def machine():
    load = os.getloadavg()[0] if hasattr(os, "getloadavg") else float("nan")
    return {
        "cpu": platform.machine(),
        "cores": os.cpu_count(),
        "python": platform.python_version(),
        "load_1min": round(load, 1),
        "date": datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC"),
    }


def run(args) -> dict:
    from config.sections.media import MediaConfig
    from media.playback import EnergyOnset, VadOnset
    from media.tts.espeak import EspeakBackend
    from media.tts.piper import PiperBackend

    res: dict = {"machine": machine(), "voices": {}, "barge_in": {}}
    print("loading Piper (packaged en_US-joe-medium) ...", flush=True)
    t0 = time.perf_counter()
    piper = PiperBackend()
    res["voices"]["piper"] = {"load_s": round(time.perf_counter() - t0, 2)}
    res["voices"]["piper"].update(bench_voice(piper, REPLY, "en", args.runs))
    print("piper:", res["voices"]["piper"], flush=True)
    espeak = EspeakBackend()
    res["voices"]["espeak (en)"] = bench_voice(espeak, REPLY, "en", args.runs)
    res["voices"]["espeak (de)"] = bench_voice(espeak, REPLY_DE, "de", args.runs)
    print("espeak:", res["voices"]["espeak (en)"], res["voices"]["espeak (de)"], flush=True)

    if not args.no_styletts2:
        import tempfile

        from media.tts.styletts2 import StyleTTS2Backend

        try:  # a test helper, not shipped: it lives in the repository's tests/
            from tests.media_tts.styletts2_tiny import make_tiny_checkpoint
        except ImportError as e:
            raise SystemExit(
                f"bench.tts: the tiny StyleTTS2 checkpoint builder is not importable ({e}); "
                "run the benchmark from a checkout's root, or pass --no-styletts2"
            ) from None

        print("StyleTTS2: making a tiny RANDOM checkpoint (plumbing only) ...", flush=True)
        with tempfile.TemporaryDirectory() as d:
            ref = piper.synthesize("This is the voice of our hotel.", "en", 22050)
            paths = make_tiny_checkpoint(d, reference_pcm=ref, reference_rate=22050)
            t0 = time.perf_counter()
            stts = StyleTTS2Backend(
                paths["checkpoint"], paths["config"], paths["reference"], device="auto"
            )
            entry = {"load_s": round(time.perf_counter() - t0, 2), "device": stts.device}
            entry.update(bench_voice(stts, REPLY, "en", max(1, args.runs // 3)))
        res["voices"]["styletts2 (tiny random)"] = entry
        print("styletts2 tiny random:", entry, flush=True)

    chunks = list(piper.synthesize_stream(REPLY, "en", RATE))
    caller = piper.synthesize("Sorry, wait, I have a question.", "en", RATE)
    print(f"barge-in: {args.trials} live interrupts in real time ...", flush=True)
    live = bench_live_barge_in(chunks, args.trials)
    res["barge_in"]["live interrupt -> audible stop"] = _summ(live)
    for name, factory in (
        (
            "scripted, silero VAD",
            lambda: VadOnset.from_config(MediaConfig(vad_backend="silero"), RATE),
        ),
        ("scripted, energy onset", lambda: EnergyOnset(RATE)),
    ):
        lat, snd = bench_scripted_barge_in(chunks, caller, factory, args.trials)
        res["barge_in"][f"{name}: speech onset -> stop"] = _summ(lat)
        res["barge_in"][f"{name}: first sound -> stop"] = _summ(snd)
    chunks8 = list(piper.synthesize_stream(REPLY, "en", 8000))
    caller8 = piper.synthesize("Sorry, wait, I have a question.", "en", 8000)
    lat, snd = bench_scripted_barge_in(
        chunks8,
        caller8,
        lambda: VadOnset.from_config(MediaConfig(vad_backend="silero"), 8000),
        args.trials,
        rate=8000,
    )
    res["barge_in"]["scripted, silero VAD, 8 kHz call: speech onset -> stop"] = _summ(lat)
    res["barge_in"]["scripted, silero VAD, 8 kHz call: first sound -> stop"] = _summ(snd)
    for k, v in res["barge_in"].items():
        print(f"{k}: {v}", flush=True)
    return res


def _summ(xs):
    return {
        "n": len(xs),
        "p50_ms": round(pct(xs, 50), 1),
        "p95_ms": round(pct(xs, 95), 1),
        "max_ms": round(float(max(xs)), 1) if xs else float("nan"),
    }


def markdown(res: dict, command: str) -> str:
    m = res["machine"]
    pv = res["voices"]["piper"]
    lines = [
        "## Speech synthesis",
        "",
        f"Command: `{command}`. Machine: {m['cpu']}, {m['cores']} cores, Python {m['python']}, "
        f"shared with other engineers' work (1-minute load average {m['load_1min']}). "
        f"Date: {m['date']}. Call rate 16 kHz; reply = three sentences "
        f"({res['voices']['piper']['audio_s']} s of speech with Piper).",
        "",
        "| voice | first audio p50 ms | p95 ms | (CPU p50 ms) | real-time factor (wall) "
        "| (CPU) | load s |",
        "|---|---|---|---|---|---|---|",
    ]
    for name, v in res["voices"].items():
        lines.append(
            f"| {name} | {v['first_audio_ms_p50']} | {v['first_audio_ms_p95']} | "
            f"{v['first_audio_cpu_ms_p50']} | {v['rtf_wall_p50']} | {v['rtf_cpu_p50']} | {v.get('load_s', '-')} |"
        )
    lines += [
        "",
        "First audio = text in to the first sentence's PCM at the call rate. CPU columns: this "
        "thread's CPU time plus finished child processes (espeak-ng), i.e. the work without the "
        "waiting for a core that the shared host imposes.",
        "",
        f"Piper's first audio took {pv['first_audio_cpu_ms_p50']:.0f} ms of CPU and "
        f"{pv['first_audio_ms_p50']:.0f} ms of wall time: on this shared host the process got "
        f"about {pv['first_audio_cpu_ms_p50'] / pv['first_audio_ms_p50']:.0%} of a core. The "
        "anchor (Pipecat 1.14, same voice, DEPENDENCIES.md) measured 190-210 ms to first audio "
        "on a quieter machine; the CPU figure is the one to compare across runs.",
        "",
        "StyleTTS2 (tiny random) is a randomly initialised toy-size model (decoder at full "
        "width, everything else tiny) that proves the loading and inference code; its figures "
        "say nothing about the real voice, which needs a GPU host (docs/tts.md).",
        "",
        "| barge-in | n | p50 ms | p95 ms | max ms |",
        "|---|---|---|---|---|",
    ]
    for name, v in res["barge_in"].items():
        lines.append(f"| {name} | {v['n']} | {v['p50_ms']} | {v['p95_ms']} | {v['max_ms']} |")
    lines += [
        "",
        "Live: `PlaybackSink.interrupt()` from a second thread during real-time playback; "
        "latency = onset event to the audible end of the last 20 ms frame written. Scripted: a "
        "Piper-spoken interruption overlapping the reply at random offsets, decided in lock-step; "
        "'speech onset' is where the detector places the start of speech (silero: its first "
        "speech window; barge-in confirms after media.barge_in_start_ms = 32 ms of speech), 'first sound' is the "
        "first sample above 5% of the interruption's peak. Target: stop within 100 ms (p95).",
        "",
    ]
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(prog="python -m bench.tts", description=__doc__.split("\n\n")[0])
    p.add_argument("--runs", type=int, default=6, help="replies per voice (default 6)")
    p.add_argument("--trials", type=int, default=40, help="barge-in trials per kind (default 40)")
    p.add_argument("--no-styletts2", action="store_true", help="skip the tiny StyleTTS2 model")
    p.add_argument("--json", metavar="PATH", help="write the figures as JSON")
    p.add_argument("--write-md", action="store_true", help="replace the section in BENCHMARKS.md")
    args = p.parse_args(argv)
    res = run(args)
    import sys

    command = "python -m bench.tts " + " ".join(argv if argv is not None else sys.argv[1:])
    section = markdown(res, command.strip())
    print()
    print(section)
    if args.json:
        Path(args.json).write_text(json.dumps(res, indent=2), encoding="utf-8")
    if args.write_md:
        replace_section("## Speech synthesis", section)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
