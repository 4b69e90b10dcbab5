"""How many wrong stays an engine's errors write, without and with the cross-check:
``python -m bench.crosscheck``.

Why an oracle with injected errors: no real LLM runs on these machines (no GPU; the suite's
tiny vLLM model is random), and what the cross-check (agents/understanding/crosscheck.py) must
stop is an engine that is fluent and sometimes wrong. So the corpus's own labels play the LLM
(bench/gold_dialogue.py), and in a share of the turns that state a stay one error is
injected: the dates' month shifted, a day shifted, one night more, or one guest more. Every
dialogue is played twice with the same errors (seeded per dialogue): on the oracle as is, and
on the oracle inside ``CrossChecked`` as the factory builds it. Reported per error kind and
rate: the dialogues with an injected error, the wrong writes (dates, guests or room other
than the caller's, bench/understanding_metrics.py) and the task success, before and after.
Rate 0 measures the cross-check's cost on a correct engine (the asks it adds).
"""

from __future__ import annotations

import argparse
import calendar
import datetime as dt
import json
import random
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import msgspec

from agents.understanding.backend import Context
from agents.understanding.crosscheck import CrossChecked, check
from bench.brain_harness import FakePms
from bench.corpus import SPLITS, CorpusDialogue, CorpusTurn, load
from bench.gold_dialogue import WRITES, GoldBackend, SlotsOf, play
from bench.understanding_metrics import judge_dialogue, rate
from bench.understanding_runner import write_record
from config.settings import load_settings

KINDS = ("month", "day", "nights", "guests")


def _plus_months(d: dt.date, k: int) -> dt.date:
    m = d.month - 1 + k
    y, m = d.year + m // 12, m % 12 + 1
    return d.replace(year=y, month=m, day=min(d.day, calendar.monthrange(y, m)[1]))


def _shift_dates(slots: dict[str, Any], move: Callable[[dt.date], dt.date]) -> dict[str, Any]:
    out = dict(slots)
    for k in ("arrival", "departure"):
        if k in out:
            out[k] = move(dt.date.fromisoformat(out[k])).isoformat()
    if "arrival" in out and "departure" in out:  # the span as the engine states it
        span = dt.date.fromisoformat(out["departure"]) - dt.date.fromisoformat(out["arrival"])
        out["nights"] = span.days
    return out


def inject(kind: str, slots: dict[str, Any], rng: random.Random) -> dict[str, Any] | None:
    """``slots`` with one error of ``kind``, or None when the turn has no slot of that kind."""
    if kind in ("month", "day") and not slots.keys() & {"arrival", "departure"}:
        return None
    if kind == "month":
        k = rng.choice([-2, -1, 1, 2, 3])
        return _shift_dates(slots, lambda d: _plus_months(d, k))
    if kind == "day":
        k = rng.choice([-1, 1])
        return _shift_dates(slots, lambda d: d + dt.timedelta(days=k))
    if kind == "nights":
        if "nights" not in slots:
            return None
        out = {**slots, "nights": slots["nights"] + 1}
        if "departure" in out and "arrival" in out:
            out["departure"] = (
                dt.date.fromisoformat(out["departure"]) + dt.timedelta(1)
            ).isoformat()
        return out
    if "guests" not in slots:
        return None
    return {**slots, "guests": slots["guests"] + 1}


def injector(d: CorpusDialogue, kind: str, share: float, seed: int) -> tuple[SlotsOf, list[int]]:
    """The oracle's answers for ``d`` with errors in ``share`` of its eligible turns; the
    indexes of the turns that got one (the same on every call with the same arguments)."""
    rng = random.Random(f"{seed}:{kind}:{share}:{d.id}")
    wrong: dict[int, dict[str, Any]] = {}
    for i, t in enumerate(d.turns):
        bad = inject(kind, dict(t.slots), rng)
        if bad is not None and bad != t.slots and rng.random() < share:
            wrong[i] = bad

    def slots_of(i: int, t: CorpusTurn) -> dict[str, Any]:
        return dict(wrong.get(i, t.slots))

    return slots_of, sorted(wrong)


def judged(d: CorpusDialogue, settings: Any, backend: Any) -> dict[str, bool]:
    """Success and wrong write of ``d`` played on ``backend``, as bench.understanding scores."""
    pms = FakePms.for_hotel(settings.hotel)
    play(d, settings, backend, pms)
    writes = [write_record(pms, a, args) for a, args in pms.calls if a in WRITES]
    expected = msgspec.to_builtins(d.expect.write) if d.expect.write else None
    return judge_dialogue(expected, writes, None)


def run(dialogues: list[CorpusDialogue], kind: str, share: float, seed: int) -> dict[str, Any]:
    settings = load_settings()
    tally = {k: 0 for k in ("dialogues", "injected", "injected_dialogues")}
    for side in ("before", "after"):
        tally |= {f"{side}_wrong": 0, f"{side}_success": 0, f"{side}_wrong_injected": 0}
    for d in dialogues:
        slots_of, wrong = injector(d, kind, share, seed)
        tally["dialogues"] += 1
        tally["injected"] += len(wrong)
        tally["injected_dialogues"] += bool(wrong)
        for side in ("before", "after"):
            oracle = GoldBackend(d, slots_of)
            j = judged(d, settings, oracle if side == "before" else CrossChecked(oracle))
            tally[f"{side}_wrong"] += j["wrong_write"]
            tally[f"{side}_success"] += j["success"]
            tally[f"{side}_wrong_injected"] += j["wrong_write"] and bool(wrong)
    n = tally["dialogues"]
    return {
        "kind": kind,
        "share": share,
        **tally,
        "before_success_rate": rate(tally["before_success"], n),
        "after_success_rate": rate(tally["after_success"], n),
    }


def cost(dialogues: list[CorpusDialogue]) -> dict[str, Any]:
    """CPU time of one cross-check per caller turn (the oracle's slots, the turn's today):
    what the wrap adds to every turn of a vLLM call, on INTEL's process."""
    spent = []
    for d in dialogues:
        oracle = GoldBackend(d)
        ctx = Context(today=dt.date.fromisoformat(d.today), lang=d.lang)
        for t in d.turns:
            u = oracle.understand(t.text, ctx)
            t0 = time.process_time()
            check(u, ctx)
            spent.append((time.process_time() - t0) * 1000)
    spent.sort()
    n = len(spent)
    return {"turns": n, "p50_ms": spent[n // 2], "p99_ms": spent[min(n - 1, n * 99 // 100)]}


def markdown(rows: list[dict[str, Any]]) -> str:
    head = (
        "| error | share of stay turns | turns with an error | dialogues with one | "
        "wrong writes before | after | task success before | after |\n"
        "|---|---|---|---|---|---|---|---|\n"
    )
    body = "".join(
        f"| {r['kind']} | {r['share']:.0%} | {r['injected']} | {r['injected_dialogues']} / "
        f"{r['dialogues']} | {r['before_wrong']} | {r['after_wrong']} | "
        f"{r['before_success_rate']:.1%} | {r['after_success_rate']:.1%} |\n"
        for r in rows
    )
    return head + body


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(
        prog="python -m bench.crosscheck",
        description=__doc__.split("\n\n")[1] if __doc__ else None,
    )
    p.add_argument("--corpus", type=Path, help="corpus file (default bench/corpus/dialogues.jsonl)")
    p.add_argument("--split", choices=[*SPLITS, "all"], default="all")
    p.add_argument("--kinds", nargs="+", choices=KINDS, default=list(KINDS))
    p.add_argument("--shares", nargs="+", type=float, default=[0.1, 1.0],
                   help="shares of the eligible turns that get an error (0..1)")  # fmt: skip
    p.add_argument("--seed", type=int, default=10)
    p.add_argument("--json", type=Path, help="also write the rows as JSON here")
    a = p.parse_args(argv)
    if any(not 0 <= s <= 1 for s in a.shares):
        p.error("--shares are fractions between 0 and 1 (0.1 = 10 %)")
    dialogues = load(a.corpus, None if a.split == "all" else a.split)
    if not dialogues:
        p.error(f"no dialogues in split {a.split!r} of {a.corpus or 'the corpus'}")
    jobs = [("month", 0.0)] + [(k, s) for k in a.kinds for s in a.shares if s > 0]
    rows = []
    t0 = time.monotonic()
    for i, (kind, share) in enumerate(jobs, 1):
        rows.append(run(dialogues, kind, share, a.seed))
        print(f"[crosscheck] {i}/{len(jobs)} {kind} {share:.0%} done "
              f"({time.monotonic() - t0:.0f} s)", file=sys.stderr, flush=True)  # fmt: skip
    rows[0]["kind"] = "none"
    spent = cost(dialogues)
    print(markdown(rows))
    print(f"CPU per cross-checked turn: p50 {spent['p50_ms']:.2f} ms, p99 {spent['p99_ms']:.2f} ms "
          f"({spent['turns']} turns)")  # fmt: skip
    if a.json:
        a.json.write_text(json.dumps({"rows": rows, "cost": spent}, indent=1), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
