"""Date extractors on stay phrasings: ``python -m bench.entities [--corpus PATH] [--write-md]``.

Why: issue 10 §1 asks to choose the entity extractor by figures. Three candidates,
each scored on arrival / departure / nights against gold:

- ``duckling``: Duckling (pyduckling-native-phihos) + the hotel's rules (dates.stay);
- ``recognizers``: Microsoft Recognizers-Text (recognizers-text-suite, pure Python)
  through the same hotel rules, so only the extractor differs. It is not a project
  dependency: install it anywhere and pass ``--recognizers PATH`` (a pip --target dir);
- ``legacy``: the hand-written grammar the project had before (dates.py at commit
  ``--legacy-rev``, read with git; no copy kept in the tree).

Gold: bench/entities_gold.py (written by the team, EN and DE) and, with ``--corpus``,
with ``--sgd DIR``, public data nobody here wrote: the user turns of the Schema-Guided
Dialogue dataset's Hotels_1-4 services whose annotated spans name a check-in/check-out month
and day or a number of days (SGD gives no dialogue date: today = 2019-03-01, "this month" =
March; a turn after the system asked for a slot is parsed as an answer to it, as the dialogue
does); and with ``--corpus``,
every corpus turn whose ``slots`` state arrival/departure/nights (only those keys are
scored there; a turn stating none is scored for spurious dates), given the arrival the
dialogue knows from earlier turns (a departure said alone, "until Thursday", follows it). Figures: exact rate
(all three right), per-slot accuracy, wrong dates (a date given that is not the gold
one: the dangerous error) and latency per parse (p50/p99, warm; first call apart).
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import platform
import re
import subprocess
import sys
import time
import types
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path

from agents.understanding import dates, entities
from bench import entities_gold
from bench.report_md import replace_section

ROOT = Path(__file__).resolve().parent.parent
LEGACY_REV = "a6e777c"  # main before the Duckling rewrite
SLOTS = ("arrival", "departure", "nights")
Parser = Callable[[str, dt.date, str, dt.date | None, str | None], dates.DateSpan]


# --- candidates ---------------------------------------------------------------------------


def duckling_parser() -> Parser:
    dk = entities.default()
    return lambda text, today, lang, arr, asked: dates.parse_dates(
        text, today, lang, dk, arr, asked
    )


class RecognizersExtractor:
    """Recognizers-Text results as entities.Entity values (only English exists in Python)."""

    def __init__(self, path: str | None):
        if path:
            sys.path.insert(0, path)
        from recognizers_date_time import recognize_datetime
        from recognizers_number import recognize_number, recognize_ordinal
        from recognizers_text import Culture

        self._dt, self._num, self._ord = recognize_datetime, recognize_number, recognize_ordinal
        self._cultures = {"en": Culture.English}

    def extract(self, text: str, today: dt.date, lang: str = "en") -> list[entities.Entity]:
        culture = self._cultures.get(lang)
        if culture is None:
            return []  # no German date or number models in the Python port
        ref = dt.datetime(today.year, today.month, today.day, 12)
        out: list[entities.Entity] = []
        for r in self._dt(text, culture, reference=ref):
            e = self._time(r, text, today)
            if e is not None:
                out.append(e)
        for fn, ordinal in ((self._num, False), (self._ord, True)):
            for r in fn(text, culture):
                try:
                    v = float(r.resolution["value"])
                except (KeyError, TypeError, ValueError):
                    continue
                out.append(
                    entities.NumberEntity(r.start, r.end + 1, text[r.start : r.end + 1], v, ordinal)
                )
        out.sort(
            key=lambda e: (e.start, -(e.end - e.start), not isinstance(e, entities.TimeEntity))
        )
        kept: list[entities.Entity] = []
        for e in out:
            if not kept or e.start >= kept[-1].end:
                kept.append(e)
        return kept

    @staticmethod
    def _pick(values: list[dict], key: str, today: dt.date) -> dict | None:
        """Of the year-ambiguous readings ("XXXX-05-09" gives 2026 and 2027), the next one."""
        ok = [v for v in values if key in v]
        future = [v for v in ok if v[key][:10] >= today.isoformat()]
        return min(future, key=lambda v: v[key]) if future else (ok[-1] if ok else None)

    def _time(self, r, text: str, today: dt.date) -> entities.Entity | None:
        start, end = r.start, r.end + 1
        body = text[start:end]
        kind = r.type_name.split(".")[-1]
        values = (r.resolution or {}).get("values", [])
        if kind in ("date", "datetime"):
            v = self._pick(values, "value", today)
            if not v:
                return None
            at = dt.datetime.fromisoformat(v["value"][:19] if kind == "datetime" else v["value"])
            return entities.TimeEntity(
                start, end, body, "day" if kind == "date" else "hour", value=at
            )
        if kind in ("daterange", "datetimerange"):
            v = self._pick(values, "start", today) or self._pick(values, "end", today)
            if not v:
                return None
            s = dt.datetime.fromisoformat(v["start"][:10]) if "start" in v else None
            e = dt.datetime.fromisoformat(v["end"][:10]) if "end" in v else None
            if e is not None and s is not None and v.get("timex", "").startswith("("):
                e += dt.timedelta(days=1)  # "from X to Y": Y inclusive; our ends are exclusive
            return entities.TimeEntity(
                start, end, body, "day", start_at=s, end_at=e, end_grain="day"
            )
        if kind == "duration":
            v = values[0] if values else {}
            try:
                days = float(v["value"]) / 86400
            except (KeyError, ValueError):
                return None
            if days >= 1 and days.is_integer():
                return entities.DurationEntity(start, end, body, days, "day")
        return None


def recognizers_parser(path: str | None) -> Parser:
    rx = RecognizersExtractor(path)
    return lambda text, today, lang, arr, asked: dates.parse_dates(
        text, today, lang, rx, arr, asked
    )


def legacy_parser(rev: str) -> Parser:
    src = subprocess.run(
        ["git", "-C", str(ROOT), "show", f"{rev}:agents/understanding/dates.py"],
        check=True, capture_output=True, text=True,
    ).stdout  # fmt: skip
    mod = types.ModuleType("legacy_dates")
    exec(compile(src, f"legacy_dates@{rev}", "exec"), mod.__dict__)  # noqa: S102 - our own file at a commit
    return lambda text, today, lang, arr, asked: mod.parse_dates(text, today)


# --- gold ---------------------------------------------------------------------------------


def corpus_cases(path: Path) -> list[dict]:
    """Corpus turns as cases; ``gold`` holds only the date slots the turn states."""
    out = []
    for line in path.read_text(encoding="utf-8").splitlines():
        if not line.strip():
            continue
        d = json.loads(line)
        today = dt.date.fromisoformat(d["today"])
        given = d.get("given_reservation") or {}
        arrival = dt.date.fromisoformat(given["arrival"]) if given.get("arrival") else None
        for turn in d.get("turns", []):
            slots = turn.get("slots") or {}
            gold = {}
            for k in SLOTS:
                if k in slots:
                    gold[k] = slots[k] if k == "nights" else dt.date.fromisoformat(slots[k])
            out.append({
                "lang": d.get("lang", "en"), "text": turn["text"], "today": today, "gold": gold,
                "tags": turn.get("tags", []), "split": d.get("split", ""), "partial": True,
                "arrival": arrival,
            })  # fmt: skip
            if "arrival" in gold:
                arrival = gold["arrival"]  # what the dialogue knows from here on
    return out


_SGD_TODAY = dt.date(2019, 3, 1)  # SGD's callers book "this month" = March (no dialogue date given)
_SGD_MONTHS = {
    m: i
    for i, m in enumerate(
        re.findall(r"\w+", "january february march april may june july august september october "
                   "november december"), 1)
}  # fmt: skip
_SGD_MD = re.compile(
    r"(\d{1,2})(?:st|nd|rd|th)?\s+(?:of\s+)?(" + "|".join(_SGD_MONTHS) + r")\b|"
    r"\b(" + "|".join(_SGD_MONTHS) + r")\s+(\d{1,2})(?:st|nd|rd|th)?\b",
    re.IGNORECASE,
)
_SGD_COUNTS = {
    w: i
    for i, w in enumerate(
        ["one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten"], 1
    )
}
_SGD_DATE_SLOTS = {"check_in_date": "arrival", "check_out_date": "departure"}
_SGD_NIGHT_SLOTS = ("number_of_days", "stay_length")
_SGD_ASKED = {"check_in_date": "arrival", "check_out_date": "departure", "number_of_days": "nights",
              "stay_length": "nights"}  # fmt: skip


def _sgd_date(value: str) -> dt.date | None:
    """Gold month and day from the annotated words, only where the caller names both."""
    m = _SGD_MD.search(value)
    if not m:
        return None
    day, month = (m.group(1), m.group(2)) if m.group(1) else (m.group(4), m.group(3))
    try:
        d = dt.date(_SGD_TODAY.year, _SGD_MONTHS[month.lower()], int(day))
    except ValueError:
        return None
    return d if d >= _SGD_TODAY else d.replace(year=d.year + 1)


def sgd_cases(root: Path) -> list[dict]:
    """User turns of SGD's Hotels_* services whose annotated spans give a check-in or check-out
    date with month and day, or a number of days (read from ``root``; never copied)."""
    out = []
    for f in sorted(root.glob("*/dialogues_*.json")):
        for d in json.loads(f.read_text(encoding="utf-8")):
            if not any(sv.startswith("Hotels") for sv in d.get("services", [])):
                continue
            asked = None
            for t in d["turns"]:
                if t["speaker"] != "USER":
                    asked = next(
                        (_SGD_ASKED[a["slot"]] for fr in t["frames"] for a in fr.get("actions", [])
                         if a.get("act") == "REQUEST" and a.get("slot") in _SGD_ASKED),
                        None,
                    )  # fmt: skip
                    continue
                gold: dict = {}
                for fr in t["frames"]:
                    if not fr["service"].startswith("Hotels"):
                        continue
                    for sl in fr["slots"]:
                        said = t["utterance"][sl["start"] : sl["exclusive_end"]]
                        if sl["slot"] in _SGD_DATE_SLOTS and (g := _sgd_date(said)):
                            gold[_SGD_DATE_SLOTS[sl["slot"]]] = g
                        elif sl["slot"] in _SGD_NIGHT_SLOTS:
                            n = int(said) if said.isdigit() else _SGD_COUNTS.get(said.lower())
                            if n:
                                gold["nights"] = n
                if gold:
                    out.append({"lang": "en", "text": t["utterance"], "today": _SGD_TODAY,
                                "gold": gold, "tags": [], "partial": True, "asked": asked})  # fmt: skip
    return out


# --- scoring ------------------------------------------------------------------------------


def score(parse: Parser, cases: list[dict]) -> dict:
    """Exact rate, per-slot accuracy, wrong dates, misses, latency; failures for the report."""
    per_slot = {k: [0, 0] for k in SLOTS}
    exact = wrong = missed = spurious = 0
    lat: list[float] = []
    cpu: list[float] = []
    failures = []
    first = None
    for c in cases:
        t0, c0 = time.perf_counter(), time.process_time()
        try:
            span = parse(c["text"], c["today"], c["lang"], c.get("arrival"), c.get("asked"))
        except Exception as e:  # a crash is a miss, and reported
            span, err = dates.DateSpan(), repr(e)
        else:
            err = ""
        el = (time.perf_counter() - t0) * 1000
        if first is None:
            first = el
        else:
            lat.append(el)
            cpu.append((time.process_time() - c0) * 1000)
        got = {"arrival": span.arrival, "departure": span.departure, "nights": span.nights}
        gold = c["gold"]
        keys = [k for k in SLOTS if k in gold] if c.get("partial") else list(SLOTS)
        ok_all = True
        for k in keys:
            per_slot[k][1] += 1
            if got[k] == gold[k]:
                per_slot[k][0] += 1
            else:
                ok_all = False
        dates_wrong = any(
            got[k] is not None and k in gold and got[k] != gold[k] for k in ("arrival", "departure")
        )
        if c.get("partial") and not keys:
            if got["arrival"] or got["departure"]:
                spurious += 1
                dates_wrong = True
            ok_all = not dates_wrong
        wrong += dates_wrong
        missed += any(gold.get(k) is not None and got[k] is None for k in keys)
        exact += ok_all
        if not ok_all:
            failures.append({"lang": c["lang"], "text": c["text"], "err": err,
                             "gold": {k: _s(gold.get(k)) for k in keys},
                             "got": {k: _s(got[k]) for k in keys}})  # fmt: skip
    lat.sort()
    cpu.sort()
    n = len(cases)
    return {
        "n": n,
        "exact": exact / n if n else 0.0,
        "slots": {k: (v[0] / v[1] if v[1] else None) for k, v in per_slot.items()},
        "wrong_dates": wrong,
        "missed": missed,
        "spurious": spurious,
        "p50_ms": _pct(lat, 0.50),
        "p99_ms": _pct(lat, 0.99),
        "cpu_p50_ms": _pct(cpu, 0.50),
        "cpu_p99_ms": _pct(cpu, 0.99),
        "first_ms": first or 0.0,
        "failures": failures,
    }


def _s(v) -> str | int | None:
    return v.isoformat() if isinstance(v, dt.date) else v


def _pct(xs: list[float], q: float) -> float:
    return xs[min(len(xs) - 1, int(q * len(xs)))] if xs else 0.0


# --- report -------------------------------------------------------------------------------


def _table(results: dict[str, dict[str, dict]]) -> str:
    rows = [
        "| set | extractor | n | exact | arrival | departure | nights | wrong dates | missed | p50 ms | p99 ms | CPU p50 ms | CPU p99 ms | first call ms |",
        "|---|---|---|---|---|---|---|---|---|---|---|---|---|---|",
    ]
    for set_name, by in results.items():
        for name, r in by.items():
            sl = r["slots"]
            pct = lambda v: "-" if v is None else f"{100 * v:.1f}%"  # noqa: E731
            rows.append(
                f"| {set_name} | {name} | {r['n']} | {pct(r['exact'])} | {pct(sl['arrival'])} | "
                f"{pct(sl['departure'])} | {pct(sl['nights'])} | {r['wrong_dates']} | {r['missed']} | "
                f"{r['p50_ms']:.2f} | {r['p99_ms']:.2f} | {r['cpu_p50_ms']:.2f} | {r['cpu_p99_ms']:.2f} | "
                f"{r['first_ms']:.1f} |"
            )
    return "\n".join(rows)


def markdown(results: dict, argv: list[str]) -> str:
    return (
        "## Entities: date extractors on stay phrasings (bench.entities)\n\n"
        f"{datetime.now(UTC):%Y-%m-%d %H:%M} UTC, {platform.node()} ({os.cpu_count()} cores, shared), "
        f"`python -m bench.entities {' '.join(argv)}`. Each extractor runs through the same hotel "
        "rules (agents/understanding/dates.py) except `legacy` (the former hand-written grammar). "
        "exact = arrival, departure and nights all right; wrong dates = a date given that is not the "
        "caller's (the error that books the wrong stay); latency per parse, warm, wall and process CPU.\n\n"
        + _table(results)
        + "\n"
    )


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(
        prog="python -m bench.entities", description=__doc__.splitlines()[0]
    )
    ap.add_argument(
        "--sgd", type=Path, help="dstc8-schema-guided-dialogue checkout (Hotels_* turns)"
    )
    ap.add_argument("--corpus", type=Path, help="bench/corpus/dialogues.jsonl (turns with slots)")
    ap.add_argument(
        "--split", default="", help="only corpus dialogues of this split (train|dev|test)"
    )
    ap.add_argument("--recognizers", default=os.environ.get("RECOGNIZERS_PATH", "/tmp/rtext"),
                    help="a pip --target dir holding recognizers-text-suite ('' = import normally)")  # fmt: skip
    ap.add_argument("--legacy-rev", default=LEGACY_REV, help="git revision of the former grammar")
    ap.add_argument(
        "--only", default="", help="comma-separated extractors (duckling,recognizers,legacy)"
    )
    ap.add_argument(
        "--failures", type=int, default=0, help="print this many failures per extractor"
    )
    ap.add_argument("--json", type=Path, help="write all figures and failures here")
    ap.add_argument("--write-md", action="store_true", help="replace the section in BENCHMARKS.md")
    args = ap.parse_args(argv)

    parsers: dict[str, Parser] = {"duckling": duckling_parser()}
    try:
        path = args.recognizers if args.recognizers and Path(args.recognizers).is_dir() else None
        parsers["recognizers"] = recognizers_parser(path)
    except ImportError as e:
        print(
            f"recognizers: skipped ({e}); pip install --target /tmp/rtext recognizers-text-suite 'emoji<1'"
        )
    try:
        parsers["legacy"] = legacy_parser(args.legacy_rev)
    except (subprocess.CalledProcessError, FileNotFoundError) as e:
        print(f"legacy: skipped ({e})")
    if args.only:
        parsers = {k: v for k, v in parsers.items() if k in args.only.split(",")}

    sets = {"built-in EN": [c for c in entities_gold.cases() if c["lang"] == "en"],
            "built-in DE": [c for c in entities_gold.cases() if c["lang"] == "de"]}  # fmt: skip
    if args.corpus:
        cc = [c for c in corpus_cases(args.corpus) if not args.split or c["split"] == args.split]
        k = sum(1 for c in cc if c["gold"])
        sets[f"corpus {args.split or 'all'} ({k} of {len(cc)} turns state dates)"] = cc
    if args.sgd:
        sc = sgd_cases(args.sgd)
        sets[f"SGD Hotels ({len(sc)} user turns with month+day dates or days)"] = sc
    results: dict[str, dict[str, dict]] = {}
    for set_name, cases in sets.items():
        results[set_name] = {name: score(p, cases) for name, p in parsers.items()}
    print(_table(results))
    if args.failures:
        for set_name, by in results.items():
            for name, r in by.items():
                for f in r["failures"][: args.failures]:
                    print(
                        f"[{set_name} / {name}] {f['text']!r}: got {f['got']} gold {f['gold']} {f['err']}"
                    )
    if args.json:
        args.json.write_text(json.dumps(results, indent=1, default=str), encoding="utf-8")
    if args.write_md:
        replace_section("## Entities: date extractors on stay phrasings (bench.entities)",
                        markdown(results, argv if argv is not None else sys.argv[1:]))  # fmt: skip
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
