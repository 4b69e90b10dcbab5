"""``sovren bench NAME``: run the benchmark module ``bench.NAME``.

Why a thin dispatcher: each benchmark owns its options in its own ``main(argv)``
(so ``python -m bench.NAME`` and ``sovren bench NAME`` behave identically) and
new benchmarks need no change here beyond their name in ``BENCHMARKS``.
"""

from __future__ import annotations

import argparse
import importlib

from config.errors import SovrenError

BENCHMARKS = {
    "ipc": "shared-memory fabric vs. off-the-shelf transports (latency, throughput, memory)",
    "payloads": "typed action payloads and call-control ops vs. the loose dicts (bytes, encode+decode)",
    "decide": "decision core",
    "pms": "PMS connectors",
    "runtime": "end-to-end runtime",
    "shedding": "the signals OPS sheds load on (turn latency, call-ring fill) at rising load",
    "chaos": "calls under injected faults: writes lost/doubled, security checks skipped, recovery times",
    "sentinel": "SENTINEL per-frame latency against its 10 ms budget",
    "strike": "STRIKE understanding: propose() latency against its 50 ms budget, model RSS",
    "voice": "voice path",
    "telephony": "phone calls over SIP/RTP (G.711): voice-to-voice beside `sovren call --wav`, loss, barge-in, concurrency, CPU",
    "barge_in_onset": "barge-in onset rules of the VAD: decision delay on G.711 speech, firings on line noise",
    "tts": "speech synthesis: time to first audio, real-time factor, barge-in stop latency",
    "asr": "speech recognition: whisper real-time factor, streaming tail latency, VAD end-pointing",
    "asr_german": "the German ear per caller voice: WER and real-time factor of the multilingual model, when auto-en checks the language",
    "asr_pool": "whisper decode time by thread layout and OpenMP wait policy (the decode pool's set-up)",
    "entities": "date/number extractors (Duckling, Recognizers-Text, the former grammar) on stay phrasings",
    "segments": "INTEL's extra encoder pass for long opening turns read clause by clause (cost, how many)",
    "understanding": "understanding quality: corpus, SGD/MultiWOZ hotel data, facts; previous vs current brain",
    "crosscheck": "the vLLM cross-check: wrong writes of an oracle with injected date/guest errors, without and with it",
    "understanding_voice": "the corpus test split by voice (Piper, espeak-ng 8 kHz) and by text on one live runtime: task success, wrong writes",
}


class BenchmarkMissing(SovrenError):
    code = "benchmark_missing"
    next_step = "`sovren bench --help` lists the benchmarks that exist"


def _available() -> list[str]:
    """Every ``bench/<name>.py`` (found by listing, not importing) plus the planned ones."""
    import pkgutil

    import bench

    found = {m.name for m in pkgutil.iter_modules(bench.__path__) if not m.name.startswith("_")}
    return sorted((found | set(BENCHMARKS)) - {"cli"})


def register(subparsers: argparse._SubParsersAction) -> None:
    p = subparsers.add_parser(
        "bench",
        help="run a benchmark (results go to BENCHMARKS.md)",
        description="Run a benchmark; options after the name go to it (try `sovren bench ipc --help`).",
    )
    p.add_argument("name", choices=_available(), help="which benchmark")
    p.add_argument("bench_args", nargs=argparse.REMAINDER, help="options for the benchmark")
    p.set_defaults(func=_run)


def _run(args: argparse.Namespace) -> int:
    try:
        mod = importlib.import_module(f"bench.{args.name}")
    except ModuleNotFoundError as e:
        if e.name != f"bench.{args.name}":
            raise
        raise BenchmarkMissing(
            f"benchmark '{args.name}' is not built yet (no module bench/{args.name}.py)"
        ) from None
    return int(mod.main(list(args.bench_args)) or 0)
