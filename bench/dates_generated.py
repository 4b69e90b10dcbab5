"""The brain's stay reading on generated requests: ``python -m bench.dates_generated --help``.

Why: the corpus splits are hand-written phrasings, and each unread split found date phrasings
the brain misread. bench/stay_generator.py composes requests from parts (arrival expression,
stay length, connector, fillers, recogniser style) and computes the right stay itself; this
script reads each one the way the dialogue does (``agents.understanding.slots.stay``, the
reading ``slots.extract`` gives the corpus benchmark's entity metrics, without names and
rooms) and sorts the result: **right** (the stay said), **asked** (no value set that is
wrong: the dialogue asks what is missing), or **wrong** (a value set that is not the one
said: the booking the runtime must never write). Wrong readings are printed by class
(arrival kind + length kind) with counts and an example each. Exit status 1 when any is wrong.
"""

from __future__ import annotations

import argparse
import datetime as dt
import sys
import time
from collections import Counter, defaultdict
from collections.abc import Callable

from bench.stay_generator import LANGS, Case, Stay, cases

RIGHT, ASKED, WRONG = "right", "asked", "wrong"
Reader = Callable[[Case], Stay]


def brain_reading(c: Case) -> Stay:
    """What the dialogue would set for this turn said first in a call (the hotel's country
    is DE, as in the shipped configuration)."""
    from agents.understanding import slots

    out, _unsure = slots.stay(c.text, c.today, lang=c.lang, country="DE")

    def day(key: str) -> dt.date | None:
        v = out.get(key)
        return dt.date.fromisoformat(str(v)) if v else None

    n = out.get("nights")
    return Stay(day("arrival"), day("departure"), int(n) if n is not None else None)


def _fits(got: Stay, want: Stay) -> bool:
    """Every value set is the one this reading has (an unset value is a question, never wrong)."""
    return all(
        g is None or g == w
        for g, w in (
            (got.arrival, want.arrival),
            (got.departure, want.departure),
            (got.nights, want.nights),
        )
    )


def judge(c: Case, got: Stay) -> str:
    """right, asked or wrong (module docstring)."""
    fitting = [w for w in c.right if _fits(got, w)]
    if not fitting:
        return WRONG
    for w in fitting:
        ends = w.departure is None or got.departure == w.departure or got.nights == w.nights
        if w.arrival is not None and got.arrival == w.arrival and ends:
            return RIGHT
    return ASKED


def _slot(c: Case, got: Stay) -> str:
    """Which value was wrong (against the first right reading), for the class table."""
    w = c.right[0]
    bad = [k for k in ("arrival", "departure", "nights") if getattr(got, k) is not None
           and getattr(got, k) != getattr(w, k)]  # fmt: skip
    return "+".join(bad) or "?"


def run(
    all_cases: list[Case], read: Reader = brain_reading, progress: bool = False
) -> dict[str, object]:
    """Verdicts per class; the wrong ones with an example each."""
    verdicts: Counter[str] = Counter()
    per_class: dict[str, Counter[str]] = defaultdict(Counter)
    examples: dict[str, str] = {}
    t0 = time.monotonic()
    for i, c in enumerate(all_cases, 1):
        got = read(c)
        v = judge(c, got)
        verdicts[v] += 1
        key = f"{c.lang} {c.kind}"
        per_class[key][v] += 1
        if v == WRONG:
            wkey = f"{key} [{_slot(c, got)}]"
            per_class[wkey]["wrong cases"] += 1
            examples.setdefault(
                wkey, f"{c.text!r} (today {c.today:%a %Y-%m-%d}): got {_fmt(got)}, "
                f"right {_fmt(c.right[0])}"
            )  # fmt: skip
        if progress and (i % 500 == 0 or i == len(all_cases)):
            print(f"  {i}/{len(all_cases)} read ({time.monotonic() - t0:.0f} s)", file=sys.stderr)
    return {"verdicts": verdicts, "per_class": per_class, "examples": examples}


def _fmt(s: Stay) -> str:
    a = f"{s.arrival:%a %m-%d}" if s.arrival else "-"
    d = f"{s.departure:%a %m-%d}" if s.departure else "-"
    return f"{a}..{d} ({s.nights if s.nights is not None else '-'} n)"


def report(result: dict, n: int) -> str:
    v: Counter[str] = result["verdicts"]  # type: ignore[assignment]
    per_class: dict[str, Counter[str]] = result["per_class"]  # type: ignore[assignment]
    lines = [f"{n} requests: right {v[RIGHT]} ({100 * v[RIGHT] / n:.1f} %), asked {v[ASKED]} "
             f"({100 * v[ASKED] / n:.1f} %), wrong {v[WRONG]} ({100 * v[WRONG] / n:.1f} %)"]  # fmt: skip
    wrong = sorted(((k, c["wrong cases"]) for k, c in per_class.items() if c["wrong cases"]),
                   key=lambda kc: (-kc[1], kc[0]))  # fmt: skip
    if wrong:
        lines.append(
            "\nwrong readings by class (lang, arrival+length [slot wrong]): count, example"
        )
        for k, count in wrong:
            lines.append(f"  {count:4d}  {k}\n        {result['examples'][k]}")
    asked = sorted(
        ((k, c[ASKED], sum(c.values())) for k, c in per_class.items() if c[ASKED] and "[" not in k),
        key=lambda x: (-x[1], x[0]),
    )
    if asked:
        lines.append("\nasked back most (lang, class): asked/total")
        lines += [f"  {a:4d}/{t:<4d} {k}" for k, a, t in asked[:15]]
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(
        prog="python -m bench.dates_generated",
        description="Read generated EN/DE stay requests with the brain and count wrong stays "
        "by class (bench/stay_generator.py builds them and their right stays).",
    )
    ap.add_argument("--seed", type=int, default=10, help="generator seed (default 10)")
    ap.add_argument("--n", type=int, default=4000, help="number of requests (default 4000)")
    ap.add_argument("--lang", choices=("en", "de", "both"), default="both",
                    help="language of the requests (default both, alternating)")  # fmt: skip
    ap.add_argument("--show", type=int, default=0, metavar="K",
                    help="also print the first K wrong requests in full")  # fmt: skip
    args = ap.parse_args(argv)
    if args.n <= 0:
        ap.error("--n must be positive")
    langs = LANGS if args.lang == "both" else (args.lang,)
    todo = cases(args.seed, args.n, langs)
    print(f"reading {len(todo)} generated requests (seed {args.seed}, {args.lang}); "
          "Duckling loads first (~2 s)", file=sys.stderr)  # fmt: skip
    result = run(todo, progress=True)
    print(report(result, len(todo)))
    if args.show:
        shown = 0
        for c in todo:
            got = brain_reading(c)
            if judge(c, got) == WRONG and shown < args.show:
                shown += 1
                print(f"{c.lang} {c.kind}: {c.text!r} today {c.today:%a %Y-%m-%d} got "
                      f"{_fmt(got)} right {' | '.join(_fmt(w) for w in c.right)}")  # fmt: skip
    return 1 if result["verdicts"][WRONG] else 0  # type: ignore[index]


if __name__ == "__main__":
    raise SystemExit(main())
