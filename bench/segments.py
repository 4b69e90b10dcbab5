"""What reading a long opening turn clause by clause costs INTEL:
``python -m bench.segments [--split S] [--limit N] [--json PATH]``.

Why apart from bench.strike: STRIKE never reads clauses (agents/understanding/segments.py is
called by the embedded backend, INTEL's, only when no question is pending), so its budget is
unchanged; what the clauses add is one more encoder pass on the turns long enough to have two
clauses. This measures that pass (wall and thread CPU, embedding cache cleared before each
turn, so each one pays the full encoder) on the corpus's opening turns, and how many of them
take it. The test split is never read.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import time
from pathlib import Path

from bench.strike import _stats

READ_SPLITS = ("train", "dev", "heldout", "heldout2", "heldout3", "heldout4")


def opening_turns(corpus: Path, splits: set[str]) -> list[str]:
    """Each dialogue's first caller turn: the turn no question of ours is pending on."""
    out = []
    for line in corpus.read_text(encoding="utf-8").splitlines():
        d = json.loads(line)
        if d["split"] in splits and d["split"] != "test" and d["turns"]:
            out.append(d["turns"][0]["text"])
    return out


def run(corpus: Path, splits: set[str], limit: int | None) -> dict:
    from agents.understanding import segments
    from agents.understanding.reading import build_reader
    from config.settings import load_settings

    reader = build_reader(load_settings())
    texts = opening_turns(corpus, splits)[:limit]
    wall, cpu, changed, reread = [], [], 0, 0
    for i, text in enumerate(texts, 1):
        score = reader.read(text).score
        reader.intents.clear_cache()
        w0, c0 = time.perf_counter_ns(), time.thread_time_ns()
        seg = segments.reread(reader.intents, text, score)
        w, c = (time.perf_counter_ns() - w0) / 1e6, (time.thread_time_ns() - c0) / 1e6
        if segments.pieces_to_read(text, score):  # the turns that paid the pass
            reread += 1
            wall.append(w)
            cpu.append(c)
        changed += seg is not None
        if i % 100 == 0 or i == len(texts):
            print(f"[segments] {i}/{len(texts)} turns", file=sys.stderr)
    return {
        "opening_turns": len(texts),
        "read_by_clauses": reread,
        "intent_changed": changed,
        "extra_wall": _stats(wall),
        "extra_cpu": _stats(cpu),
        "load_average": os.getloadavg(),
    }


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(
        prog="python -m bench.segments",
        description=__doc__.split("\n\n")[1] if __doc__ else None,
    )
    ap.add_argument("--corpus", type=Path, default=Path("bench/corpus/dialogues.jsonl"))
    ap.add_argument(
        "--split",
        default="all",
        help=f"a comma list of {', '.join(READ_SPLITS)} or all (the test split is never read)",
    )
    ap.add_argument("--limit", type=int, default=None, help="at most N opening turns")
    ap.add_argument("--json", type=Path, default=None, help="write the figures here as JSON")
    args = ap.parse_args(argv)
    splits = set(READ_SPLITS) if args.split == "all" else set(args.split.split(","))
    bad = splits - set(READ_SPLITS)
    if bad:
        ap.error(f"--split {','.join(sorted(bad))}: choose from {', '.join(READ_SPLITS)} or all")
    if not args.corpus.is_file():
        ap.error(f"--corpus {args.corpus} is missing: run from the repository root")
    r = run(args.corpus, splits, args.limit)
    print(json.dumps(r, indent=2))
    if args.json:
        args.json.write_text(json.dumps(r, indent=2))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
