"""Understanding quality: ``python -m bench.understanding [--corpus PATH] [--sgd DIR] [--multiwoz DIR] ...``.

What it measures (issue 10 §6, issue 11 §1), side by side for the previous embedded
brain (``--baseline-rev``, a git commit checked out in a detached worktree), the brain
of this checkout and, with ``--vllm-url``, the vLLM backend:
- the team's corpus per turn (intent accuracy, macro-F1, ECE of the intent confidence
  with a reliability diagram, per-slot accuracy) and per dialogue through INTEL's
  ``Dialogue`` with the fake PMS (task success, wrong-write rate), per split and language;
- public data nobody here wrote (SGD Hotels_1..4, MultiWOZ hotel), read from a path:
  slot accuracy and coverage for check-in date, nights, people and rooms, and intent
  accuracy where the annotation gives one;
- facts of a second hotel (bench/sites/lakeside.yaml) asked in questions the model never
  saw (bench/sites/lakeside_questions.jsonl): correct-, wrong- and honest-unknown rate.

Each brain runs in its own subprocess (bench/understanding_runner.py, run by path with
that brain's tree first on PYTHONPATH), which only records predictions; the scoring
is here and in bench/understanding_metrics.py. The test split is reported, never tuned on.
"""

from __future__ import annotations

import argparse
import collections
import json
import os
import platform
import random
import shlex
import subprocess
import sys
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from bench.public_data import gold_contradicted
from bench.understanding_metrics import (
    SlotTally,
    ece,
    intent_matches,
    judge_dialogue,
    macro_f1,
    rate,
    slot_correct,
)
from config.errors import SovrenError
from ipc.actions import ActionKind

ROOT = Path(__file__).resolve().parent.parent
RUNNER = Path(__file__).with_name("understanding_runner.py")
CORPUS = ROOT / "bench" / "corpus" / "dialogues.jsonl"
SITE = ROOT / "bench" / "sites" / "lakeside.yaml"
QUESTIONS = ROOT / "bench" / "sites" / "lakeside_questions.jsonl"
BASELINE_REV = "a916ad8"
BASELINE_DIR = Path("/tmp/sovren-baseline")
SECTION = "## Understanding quality (corpus, public data, facts)"
PUBLIC_SLOTS = ("arrival", "departure", "nights", "guests", "rooms")
SAMPLE_SEED = 7
SPLIT_ORDER = {
    "train": 0,
    "dev": 1,
    "test": 2,
    "heldout": 3,
    "heldout2": 4,
    "heldout3": 5,
    "heldout4": 6,
    "heldout5": 7,
}


def _rel(path: str | Path) -> str:
    """A path as the report shows it: relative to the checkout when inside it."""
    p = Path(path).resolve()
    return str(p.relative_to(ROOT)) if p.is_relative_to(ROOT) else str(p)


def _split_key(key: str) -> tuple[int, str]:
    """train, dev, test, heldout, heldout2 ... heldout5, then anything else (keys "split" or
    "split/lang")."""
    return SPLIT_ORDER.get(key.split("/")[0], 9), key


def _log(msg: str) -> None:
    print(f"[understanding] {msg}", file=sys.stderr, flush=True)


class BenchError(SovrenError, RuntimeError):
    code = "bench_input"
    next_step = "see `sovren bench understanding --help` for the corpus and revision options"


# ------------------------------------------------------------------ inputs


def load_corpus(path: Path, splits: set[str] | None, limit: int | None) -> list[dict[str, Any]]:
    if not path.exists():
        raise BenchError(
            f"no corpus at {path}: pass --corpus PATH to a dialogues.jsonl in the corpus format "
            "(plan: bench/corpus/dialogues.jsonl), or --corpus '' to skip it"
        )
    out, seen = [], set()
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.strip():
            d = json.loads(line)
            seen.add(d.get("split"))
            if splits is None or d.get("split") in splits:
                out.append(d)
    missing = sorted((splits or set()) - seen)
    if missing:  # a typo ("heldout4") would otherwise report an empty split as a figure
        raise BenchError(
            f"no dialogues of split {', '.join(missing)} in {path}: its splits are "
            f"{', '.join(sorted(s for s in seen if s))}; pass --split with those (or 'all')"
        )
    return out[:limit] if limit else out


def load_public(
    sgd: Path | None,
    multiwoz: Path | None,
    limit: int | None,
    split: str | None = None,
) -> tuple[list[Any], dict[str, int]]:
    """Annotated user turns of each dataset given (a fixed-seed sample of ``limit``), and
    how many each dataset has."""
    from bench.public_data import read_multiwoz, read_sgd

    turns: list[Any] = []
    totals: dict[str, int] = {}
    for name, path, reader in (("sgd", sgd, read_sgd), ("multiwoz", multiwoz, read_multiwoz)):
        if path is None:
            continue
        splits = ("train", "dev", "test") if split in (None, "all") else tuple(split.split(","))
        got = [t for t in reader(path, splits) if t.slots or t.intents]
        n = len(got)
        if limit and limit < n:  # a fixed-seed sample: the first files hold one service only
            got = [got[i] for i in sorted(random.Random(SAMPLE_SEED).sample(range(n), limit))]
        _log(f"{name}: {len(got)} of {n} annotated user turns from {path}")
        turns += got
        totals[name] = n
    return turns, totals


def load_questions(path: Path, limit: int | None) -> list[dict[str, Any]]:
    qs = [json.loads(x) for x in path.read_text(encoding="utf-8").splitlines() if x.strip()]
    return qs[:limit] if limit else qs


# ------------------------------------------------------------------ running brains


def baseline_tree(rev: str, where: Path = BASELINE_DIR) -> Path:
    """A detached worktree of ``rev`` (reused when it is already there at that commit)."""
    sha = subprocess.run(
        ["git", "-C", str(ROOT), "rev-parse", f"{rev}^{{commit}}"], capture_output=True, text=True
    )
    if sha.returncode:
        raise BenchError(f"--baseline-rev {rev}: not a commit of {ROOT} ({sha.stderr.strip()})")
    want = sha.stdout.strip()
    if where.exists():
        head = subprocess.run(
            ["git", "-C", str(where), "rev-parse", "HEAD"], capture_output=True, text=True
        ).stdout.strip()
        if head == want:
            return where
        raise BenchError(
            f"{where} holds {head[:8] or 'something else'}, not {rev}: remove it with "
            f"`git -C {ROOT} worktree remove --force {where}`"
        )
    subprocess.run(
        ["git", "-C", str(ROOT), "worktree", "add", "--detach", str(where), want],
        check=True,
        capture_output=True,
    )
    return where


def run_brain(tree: Path, job: dict[str, Any], label: str) -> dict[str, Any]:
    """Run the runner against ``tree`` in a subprocess; its stderr streams through."""
    with tempfile.TemporaryDirectory(prefix="sovren-bench-") as tmp:
        jp, op = Path(tmp, "job.json"), Path(tmp, "out.json")
        jp.write_text(json.dumps(job), encoding="utf-8")
        env = dict(os.environ, PYTHONPATH=str(tree), OMP_NUM_THREADS="1", OPENBLAS_NUM_THREADS="1")
        env.pop("SOVREN_CONFIG", None)
        _log(f"{label}: running {tree}")
        t0 = time.monotonic()
        p = subprocess.run([sys.executable, str(RUNNER), str(jp), str(op)], cwd=tree, env=env)
        if p.returncode:
            raise BenchError(
                f"{label}: the runner failed (exit {p.returncode}); its stderr is above"
            )
        _log(f"{label}: done in {time.monotonic() - t0:.0f} s")
        return json.loads(op.read_text(encoding="utf-8"))


# ------------------------------------------------------------------ scoring


def score_public(turns: list[Any], preds: list[dict[str, Any]]) -> dict[str, Any]:
    by_ds: dict[str, dict[str, Any]] = {}
    for t, p in zip(turns, preds, strict=True):
        ds = by_ds.setdefault(
            t.dataset,
            {
                "slots": SlotTally(),
                "intent": collections.Counter(),
                "turns": 0,
                "errors": 0,
                "failures": [],
            },
        )
        ds["turns"] += 1
        if "error" in p:
            ds["errors"] += 1
        got = p.get("slots") or {}
        for slot, g in t.slots.items():
            key = slot if g.kind in ("value",) else f"{slot} ({g.kind})"
            ok = slot_correct(slot, g.value, g.kind, got.get(slot))
            ds["slots"].add(key, got.get(slot) is not None, ok)
            # an annotation the words contradict is counted apart too, never left out
            apart = "disputed gold" if gold_contradicted(slot, g.value, t.text) else "gold agrees"
            ds["slots"].add(f"{key} [{apart}]", got.get(slot) is not None, ok)
            if not ok:  # for reading a split's misses (JSON only; never the test split's)
                ds["failures"].append({
                    "id": f"{t.dialogue_id}:{t.turn}", "text": t.text, "asked": t.asked,
                    "slot": key, "gold": g.value, "got": got.get(slot),
                })  # fmt: skip
        if t.intents:
            ok = any(intent_matches(lab, p.get("intent", "")) for lab in t.intents)
            ds["intent"][(t.intent_kind, "n")] += 1
            ds["intent"][(t.intent_kind, "ok")] += ok
    out = {}
    for name, ds in by_ds.items():
        kinds = sorted({k for k, _ in ds["intent"]})
        n = sum(ds["intent"][(k, "n")] for k in kinds)
        ok = sum(ds["intent"][(k, "ok")] for k in kinds)
        out[name] = {
            "turns": ds["turns"],
            "errors": ds["errors"],
            "slots": _with_disputes(ds["slots"].table()),
            "failures": ds["failures"],
            "intent": {
                "n": n,
                "accuracy": rate(ok, n),
                "by_act": {
                    k: {
                        "n": ds["intent"][(k, "n")],
                        "accuracy": rate(ds["intent"][(k, "ok")], ds["intent"][(k, "n")]),
                    }
                    for k in kinds
                },
            },
        }
    return out


def _with_disputes(table: dict[str, Any]) -> dict[str, Any]:
    """The slot rows, with a slot's "[gold agrees]" / "[disputed gold]" split kept only where
    some of its annotations were disputed (elsewhere it repeats the slot's row)."""
    disputed = {k.removesuffix(" [disputed gold]") for k in table if k.endswith("[disputed gold]")}
    return {
        k: v
        for k, v in table.items()
        if not k.endswith(" [gold agrees]") or k.removesuffix(" [gold agrees]") in disputed
    }


def _pred_intent(p: dict[str, Any] | None) -> str:
    if not p:
        return "<none>"
    i = p.get("intent", "<none>")
    return "question" if i.startswith("fact.") else i


def score_corpus_turns(
    dialogues: list[dict[str, Any]], results: list[dict[str, Any]]
) -> dict[str, Any]:
    """Per split: intent accuracy, macro-F1, ECE (+ bins), per-slot accuracy and coverage."""
    groups: dict[str, dict[str, list]] = collections.defaultdict(
        lambda: collections.defaultdict(list)
    )
    tallies: dict[str, SlotTally] = collections.defaultdict(SlotTally)
    tags: dict[str, dict[str, collections.Counter]] = collections.defaultdict(
        lambda: collections.defaultdict(collections.Counter)
    )
    for d, r in zip(dialogues, results, strict=True):
        g = groups[d.get("split", "?")]
        for t, p in zip(d["turns"], r.get("turns") or [None] * len(d["turns"]), strict=False):
            g["gold"].append(t["intent"])
            g["pred"].append(_pred_intent(p))
            g["ok"].append(p is not None and intent_matches(t["intent"], p.get("intent", "")))
            g["conf"].append(float(p["confidence"]) if p else 0.0)
            if t.get("facts"):
                g["facts_ok"].append(p is not None and _answered_facts(p) == list(t["facts"]))
            got = (p or {}).get("slots") or {}
            slots_ok = True
            for slot, want in (t.get("slots") or {}).items():
                ok = slot_correct(slot, want, "exact", got.get(slot))
                slots_ok = slots_ok and ok
                tallies[d.get("split", "?")].add(slot, got.get(slot) is not None, ok)
            for tag in t.get("tags") or ():
                c = tags[d.get("split", "?")][tag]
                c["turns"] += 1
                c["intent_ok"] += g["ok"][-1]
                c["slots_ok"] += slots_ok
    out = {}
    for split, g in sorted(groups.items(), key=lambda kv: _split_key(kv[0])):
        cal = ece(g["conf"], g["ok"])
        out[split] = {
            "turns": len(g["gold"]),
            "intent_accuracy": rate(sum(g["ok"]), len(g["ok"])),
            "macro_f1": macro_f1(g["gold"], g["pred"]),
            "ece": cal["ece"],
            "reliability": cal["bins"],
            "fact_turns": len(g["facts_ok"]),
            "fact_accuracy": rate(sum(g["facts_ok"]), len(g["facts_ok"])),
            "slots": tallies[split].table(),
            # per corpus tag (ordinal_words, asr_style, ...): where the brain fails (JSON only)
            "by_tag": {
                tag: {
                    "turns": c["turns"],
                    "intent_accuracy": rate(c["intent_ok"], c["turns"]),
                    "slots_all_right": rate(c["slots_ok"], c["turns"]),
                }
                for tag, c in sorted(tags[split].items())
            },
        }
    return out


def score_corpus_dialogues(
    dialogues: list[dict[str, Any]], results: list[dict[str, Any]]
) -> dict[str, Any]:
    """Task success and wrong-write rate per split and language; failures listed with their cause."""
    groups: dict[str, collections.Counter] = collections.defaultdict(collections.Counter)
    failures = []
    for d, r in zip(dialogues, results, strict=True):
        exp = (d.get("expect") or {}).get("write")
        j = judge_dialogue(exp, r["writes"], r.get("error"))
        for key in (f"{d.get('split', '?')}/{d.get('lang', '?')}", f"{d.get('split', '?')}/all"):
            c = groups[key]
            c["n"] += 1
            c["success"] += j["success"]
            c["wrong_write"] += j["wrong_write"]
            c["errors"] += j["error"]
            c["writes_without_rate"] += any(
                w.get("action") == ActionKind.PMS_CREATE and not w.get("rate_plan")
                for w in r["writes"]
            )
        if not j["success"]:
            failures.append({
                "id": d["id"], "split": d.get("split"), "wrong_write": j["wrong_write"],
                "error": r.get("error"), "outcome": r.get("outcome"), "expected": exp, "writes": r["writes"],
            })  # fmt: skip
    table = {
        k: {
            "n": c["n"],
            "task_success": rate(c["success"], c["n"]),
            "wrong_write_rate": rate(c["wrong_write"], c["n"]),
            "errors": c["errors"],
            "writes_without_rate": c["writes_without_rate"],
        }
        for k, c in sorted(groups.items(), key=lambda kv: _split_key(kv[0]))
    }
    return {"table": table, "failures": failures}


def _answered_facts(p: dict[str, Any]) -> list[str]:
    """The facts a brain answers: ``Understanding.facts``, else the one in ``fact.<key>``."""
    if p.get("facts"):
        return list(p["facts"])
    i = p.get("intent", "")
    return [i[5:]] if i.startswith("fact.") else []


def _answered_fact(p: dict[str, Any]) -> str | None:
    got = _answered_facts(p)
    return got[0] if got else None


def score_facts(questions: list[dict[str, Any]], preds: list[dict[str, Any]]) -> dict[str, Any]:
    """correct = the covering fact answered; wrong = any other fact answered (target 0);
    honest unknown = no fact covers it and the brain says so (``unknown_question``)."""
    groups: dict[str, collections.Counter] = collections.defaultdict(collections.Counter)
    wrong = []
    for q, p in zip(questions, preds, strict=True):
        got = None if "error" in p else _answered_fact(p)
        for key in (q.get("lang", "?"), "all"):
            c = groups[key]
            c["n"] += 1
            c["covered"] += q["fact"] is not None
            if q["fact"] is not None:
                c["correct"] += got == q["fact"]
            else:
                c["honest_unknown"] += got is None and bool(p.get("unknown_question"))
            c["wrong"] += got is not None and got != q["fact"]
            c["errors"] += "error" in p
        if got is not None and got != q["fact"]:
            wrong.append({"text": q["text"], "lang": q.get("lang"), "want": q["fact"], "got": got})
    table = {
        k: {
            "questions": c["n"],
            "covered": c["covered"],
            "correct_fact_rate": rate(c["correct"], c["covered"]),
            "wrong_fact_rate": rate(c["wrong"], c["n"]),
            "honest_unknown_rate": rate(c["honest_unknown"], c["n"] - c["covered"]),
            "errors": c["errors"],
        }
        for k, c in sorted(groups.items())
    }
    return {"table": table, "wrong": wrong}


# ------------------------------------------------------------------ output


def _fmt(x: Any) -> str:
    if x is None:
        return "–"
    if isinstance(x, float):
        return f"{100 * x:.1f} %"
    return str(x)


def markdown_tables(report: dict[str, Any]) -> str:
    brains = list(report["brains"])
    head = "| " + " | ".join(["measure", *brains]) + " |\n|" + "---|" * (len(brains) + 1) + "\n"
    rows: dict[str, dict[str, str]] = collections.OrderedDict()

    def put(name: str, brain: str, val: str) -> None:
        rows.setdefault(name, {})[brain] = val

    for b, r in report["brains"].items():
        for split, s in (r.get("corpus_turns") or {}).items():
            put(f"corpus {split}: turns", b, str(s["turns"]))
            put(f"corpus {split}: intent accuracy", b, _fmt(s["intent_accuracy"]))
            put(f"corpus {split}: intent macro-F1", b, _fmt(s["macro_f1"]))
            put(f"corpus {split}: intent ECE (10 bins)", b, _fmt(s["ece"]))
            if s.get("fact_turns"):
                put(
                    f"corpus {split}: facts answered exactly (question turns)",
                    b,
                    f"{_fmt(s['fact_accuracy'])} ({s['fact_turns']})",
                )
            for slot, t in s["slots"].items():
                put(
                    f"corpus {split}: slot {slot} accuracy (n, found)",
                    b,
                    f"{_fmt(t['accuracy'])} ({t['mentions']}, {_fmt(t['coverage'])})",
                )
        for key, t in ((r.get("corpus_dialogues") or {}).get("table") or {}).items():
            put(f"dialogues {key}: task success (n)", b, f"{_fmt(t['task_success'])} ({t['n']})")
            put(f"dialogues {key}: wrong-write rate", b, _fmt(t["wrong_write_rate"]))
            if t["errors"]:
                put(f"dialogues {key}: raised", b, str(t["errors"]))
            if t.get("writes_without_rate") and key.endswith("/all"):
                put(
                    f"dialogues {key}: bookings naming no rate plan",
                    b,
                    str(t["writes_without_rate"]),
                )
        for ds, d in (r.get("public") or {}).items():
            for slot, t in d["slots"].items():
                put(
                    f"{ds}: {slot} accuracy (n, found)",
                    b,
                    f"{_fmt(t['accuracy'])} ({t['mentions']}, {_fmt(t['coverage'])})",
                )
            if d.get("errors"):
                put(f"{ds}: turns the backend failed on", b, str(d["errors"]))
            put(
                f"{ds}: intent accuracy (n)",
                b,
                f"{_fmt(d['intent']['accuracy'])} ({d['intent']['n']})",
            )
            for k, t in d["intent"]["by_act"].items():
                put(f"{ds}: intent on {k} turns (n)", b, f"{_fmt(t['accuracy'])} ({t['n']})")
        for lang, t in ((r.get("facts") or {}).get("table") or {}).items():
            put(
                f"facts {lang}: correct-fact rate ({t['covered']} covered)",
                b,
                _fmt(t["correct_fact_rate"]),
            )
            put(
                f"facts {lang}: wrong-fact rate ({t['questions']} asked)",
                b,
                _fmt(t["wrong_fact_rate"]),
            )
            put(
                f"facts {lang}: honest-unknown rate ({t['questions'] - t['covered']} uncovered)",
                b,
                _fmt(t["honest_unknown_rate"]),
            )
            if t.get("errors"):
                put(f"facts {lang}: questions the backend failed on", b, str(t["errors"]))
        if r.get("error"):
            put("run error", b, r["error"][:80])
    body = "".join(
        "| " + " | ".join([k, *(v.get(b, "") for b in brains)]) + " |\n" for k, v in rows.items()
    )
    return head + body


def markdown(report: dict[str, Any]) -> str:
    m = report["meta"]
    return f"""{SECTION}

Command: `{m["command"]}`. Machine: {m["machine"]}. Date: {m["date"]}.
Brains: {"; ".join(f"**{k}** = {v}" for k, v in m["brains"].items())}.
Corpus: {m.get("corpus") or "–"} (splits {", ".join(m.get("splits") or ["all"])}; the test split is
never used for training, but its failures were read in session 3, so its figure is optimistic; the
**heldout** split, 142 dialogues from templates written in session 4 in other styles and committed
before the brain first ran on them, was the honest one until 2026-12-07 ~10:15, when its two wrong
writes and its guest-count misses were read and fixed by general rules: since then it is no longer
a never-looked-at figure either; the **heldout2** split, 156 dialogues from templates and entity
forms written on 2026-12-07 by a helper who had not read the brain, was read after its first run;
the **heldout3** split, 150 dialogues written the same way later that day, was read after its
first run; the **heldout4** split, 150 dialogues written that evening the same way, was read after
its first run; the **heldout5** split, 150 dialogues written later that evening by a helper who had
not read the brain and committed before the brain first ran on them, is the never-looked-at figure
now, bench/corpus/README.md).
Public data (read from a path, never copied): {m.get("public") or "–"}.
Facts: {m.get("facts") or "–"}: the facts are written once per language with no example
questions; a brain from before the typed hotel schema (issue 11) gets the same hotel translated
to its older shape (English fact texts, German ones in `facts_i18n`).

Public data rules: per user turn, only the slots the annotation says THIS turn informs. SGD dates:
`absolute` = month and day named (scored on month/day), `day_only` ("the 7th") and `relative`
("tomorrow", "next Friday", "the 6th of this month") scored against the annotation's canonical
date with the day SGD's relative dates resolve from (Friday 2019-03-01); MultiWOZ's book day is a
weekday (scored on the weekday). "found" = the brain gave the slot any value. SGD intent: the
caller's acts mapped to our labels (INFORM_INTENT -> book, REQUEST -> question or fact.*,
REQUEST with AFFIRM/SELECT -> question or affirm (counted apart), AFFIRM -> affirm (AFFIRM_INTENT:
affirm or book), NEGATE -> deny, THANK_YOU/GOODBYE -> goodbye or deny, SELECT -> affirm or book,
INFORM only -> provide_info or book, or deny right after the system's read-back (a correction);
a turn that also acts in another service, e.g. weather, has no intent label; since 2026-12-07
12:00, docs/understanding.md "SGD act mapping").
Corpus dialogues: task success = exactly the expected write with its arguments (rightly none when
none is expected); wrong write = a write whose dates, guests or room differ, or a write where none
was expected. Targets (issue 10/11): wrong-write rate 0, test-split success >= 95 %, public date and
people accuracy >= 95 %, ECE <= 0.05 on dev, wrong-fact rate 0.

{markdown_tables(report)}"""


def reliability_png(report: dict[str, Any], path: Path) -> None:
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    splits = sorted(
        {s for r in report["brains"].values() for s in (r.get("corpus_turns") or {})},
        key=_split_key,
    )
    if not splits:
        _log("no corpus turns: no reliability diagram")
        return
    fig, axes = plt.subplots(1, len(splits), figsize=(4.2 * len(splits), 4.2), squeeze=False)
    for ax, split in zip(axes[0], splits, strict=True):
        ax.plot([0, 1], [0, 1], "k:", lw=1, label="perfect")
        for b, r in report["brains"].items():
            s = (r.get("corpus_turns") or {}).get(split)
            if not s:
                continue
            pts = [(x["conf"], x["acc"]) for x in s["reliability"] if x["n"]]
            ax.plot(
                [p[0] for p in pts], [p[1] for p in pts], "o-", label=f"{b} (ECE {s['ece']:.3f})"
            )
        ax.set_title(f"corpus {split}")
        ax.set_xlabel("intent confidence (bin mean)")
        ax.set_ylabel("accuracy")
        ax.set_xlim(0, 1)
        ax.set_ylim(0, 1)
        ax.legend(fontsize=7, loc="upper left")
    fig.tight_layout()
    path.parent.mkdir(parents=True, exist_ok=True)
    fig.savefig(path, dpi=110)
    _log(f"reliability diagram: {path}")


# ------------------------------------------------------------------ main


def _job(
    args,
    public: list[Any],
    dialogues: list[dict[str, Any]],
    questions: list[dict[str, Any]],
    backend: str,
) -> dict[str, Any]:
    return {
        "backend": backend,
        "vllm_url": args.vllm_url,
        "turns": [
            {
                "id": f"{t.dataset}:{t.dialogue_id}:{t.turn}",
                "text": t.text,
                "today": t.today,
                "lang": "en",
                "asked": t.asked,
                "before": list(t.before),
            }
            for t in public
        ],
        "dialogues": dialogues,
        "facts": {"site_file": str(args.site), "today": "2026-03-02", "questions": questions}
        if questions
        else None,
    }


def run(args: argparse.Namespace) -> dict[str, Any]:
    splits = None if args.split in (None, "all") else set(args.split.split(","))
    dialogues = load_corpus(Path(args.corpus), splits, args.limit) if args.corpus else []
    if dialogues:
        _log(
            f"corpus: {len(dialogues)} dialogues, {sum(len(d['turns']) for d in dialogues)} turns from {args.corpus}"
        )
    public, totals = load_public(
        args.sgd, args.multiwoz, args.sample or args.limit, args.public_split
    )
    questions = load_questions(Path(args.questions), args.limit) if args.questions else []
    brains: list[tuple[str, Path, str, str]] = []
    if args.baseline_rev:
        brains.append(
            (
                "previous",
                baseline_tree(args.baseline_rev),
                "embedded",
                f"embedded brain at {args.baseline_rev}",
            )
        )
    brains.append(("current", ROOT, "embedded", "embedded brain of this checkout"))
    if args.vllm_url:
        brains.append(("vllm", ROOT, "vllm", f"vLLM backend at {args.vllm_url}"))
    report: dict[str, Any] = {"brains": {}}
    for label, tree, backend, _ in brains:
        try:
            out = run_brain(tree, _job(args, public, dialogues, questions, backend), label)
        except BenchError as e:
            report["brains"][label] = {"error": str(e)}
            continue
        r: dict[str, Any] = {}
        if public:
            r["public"] = score_public(public, out["turns"])
            # per split of each dataset too: a helper that tunes on SGD's train split can
            # still be judged on its dev/test splits (JSON only, the table stays short)
            r["public_by_split"] = {
                sp: score_public(
                    [t for t in public if t.split == sp],
                    [p for t, p in zip(public, out["turns"], strict=True) if t.split == sp],
                )
                for sp in sorted({t.split for t in public})
            }
        if dialogues:
            r["corpus_turns"] = score_corpus_turns(dialogues, out["dialogues"])
            r["corpus_dialogues"] = score_corpus_dialogues(dialogues, out["dialogues"])
        if questions:
            r["facts"] = score_facts(questions, out["facts"])
        report["brains"][label] = r
    report["meta"] = {
        "command": "python -m bench.understanding " + " ".join(shlex.quote(a) for a in args.argv),
        "machine": f"{platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}, "
        f"load average {os.getloadavg()[0]:.1f}",
        "date": datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC"),
        "brains": {label: desc for label, _, _, desc in brains},
        "corpus": f"{args.corpus} ({len(dialogues)} dialogues)" if dialogues else None,
        "splits": sorted(splits) if splits else None,
        "public": "; ".join(
            f"{k} ({args.public_split} splits): {v} of {totals[k]} annotated user turns"
            + (f" (fixed-seed sample, seed {SAMPLE_SEED})" if v < totals[k] else "")
            for k, v in collections.Counter(t.dataset for t in public).items()
        )
        or None,
        "facts": f"{_rel(args.site)}, {len(questions)} questions ({_rel(args.questions)})"
        if questions
        else None,
    }
    return report


def print_table(report: dict[str, Any]) -> None:
    print(markdown_tables(report))
    for b, r in report["brains"].items():
        for split in ("dev", "test"):
            by_tag = ((r.get("corpus_turns") or {}).get(split) or {}).get("by_tag") or {}
            worst = sorted(by_tag.items(), key=lambda kv: kv[1]["slots_all_right"] or 0)[:6]
            if worst:
                print(f"{b}: {split} tags with the fewest turns whose slots are all right: " + ", ".join(
                    f"{k} {_fmt(v['slots_all_right'])} (intent {_fmt(v['intent_accuracy'])}, "
                    f"{v['turns']} turns)" for k, v in worst
                ))  # fmt: skip
    for b, r in report["brains"].items():
        fails = (r.get("corpus_dialogues") or {}).get("failures") or []
        for f in [f for f in fails if f["wrong_write"] or f["error"]][:10]:
            print(
                f"{b}: {f['id']}: {'WRONG WRITE' if f['wrong_write'] else ''} {f['error'] or ''} writes={f['writes']}"
            )
        for w in ((r.get("facts") or {}).get("wrong") or [])[:10]:
            print(f"{b}: wrong fact ({w['lang']}): {w['text']!r} wanted {w['want']} got {w['got']}")


def parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(
        prog="python -m bench.understanding",
        description=(
            "Understanding quality side by side (the previous brain at --baseline-rev, this "
            "checkout, the vLLM backend with --vllm-url): the team's corpus per turn and per "
            "dialogue, public hotel dialogues (SGD, MultiWOZ) and a second hotel's facts."
        ),
        epilog=(
            "example: python -m bench.understanding --corpus bench/corpus/dialogues.jsonl "
            "--sgd /work/data/sgd --multiwoz /work/data/multiwoz --limit 2000 --png "
            "var/reliability.png --write-md   (progress on stderr; the public data is read "
            "from the given directories, never copied into the repository)"
        ),
    )
    p.add_argument(
        "--corpus", default=str(CORPUS), help="dialogues.jsonl of the team's corpus ('' to skip)"
    )
    p.add_argument(
        "--split",
        default="all",
        help="train, dev, test, heldout, heldout2, heldout3, heldout4, heldout5, a comma list, or all (default)",
    )
    p.add_argument("--sgd", type=Path, help="directory with SGD's train/dev/test/dialogues_*.json")
    p.add_argument("--multiwoz", type=Path, help="directory with MultiWOZ 2.2 (or a 2.1 data.json)")
    p.add_argument("--site", type=Path, default=SITE, help="site file of the facts test hotel")
    p.add_argument(
        "--questions", default=str(QUESTIONS), help="held-out fact questions (JSONL; '' to skip)"
    )
    p.add_argument(
        "--baseline-rev", default=BASELINE_REV, help="commit of the previous brain ('' to skip)"
    )
    p.add_argument("--vllm-url", help="also score the vLLM backend at this base URL (…/v1)")
    p.add_argument(
        "--limit",
        type=int,
        help="at most N dialogues and N questions (the first ones), and a fixed-seed sample of N "
        "annotated turns per public dataset",
    )
    p.add_argument(
        "--public-split",
        default="all",
        help="SGD/MultiWOZ splits to read: train, dev, test, a comma list, or all (default)",
    )
    p.add_argument(
        "--sample",
        type=int,
        help="a fixed-seed sample of N annotated turns per public dataset (overrides --limit there)",
    )
    p.add_argument("--json", type=Path, help="write the full report (with failures) as JSON here")
    p.add_argument("--png", type=Path, help="write the reliability diagram (PNG) here")
    p.add_argument(
        "--from-json", type=Path, help="render the table/PNG/section from a saved --json run"
    )
    p.add_argument("--write-md", action="store_true", help="replace this section of BENCHMARKS.md")
    return p


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    args = parser().parse_args(argv)
    args.argv = argv
    if args.from_json:
        pass
    elif args.corpus and not Path(args.corpus).exists() and args.corpus != str(CORPUS):
        raise BenchError(f"--corpus {args.corpus}: no such file")
    elif args.corpus == str(CORPUS) and not CORPUS.exists():
        _log(f"{CORPUS} is not there yet: corpus skipped (pass --corpus PATH)")
        args.corpus = ""
    # --from-json re-renders a saved run (its own command line stays in the section)
    report = json.loads(args.from_json.read_text(encoding="utf-8")) if args.from_json else run(args)
    print_table(report)
    if args.json and not args.from_json:
        args.json.write_text(json.dumps(report, indent=1, default=str), encoding="utf-8")
        _log(f"JSON: {args.json}")
    if args.png:
        reliability_png(report, args.png)
    if args.write_md:
        from bench.report_md import replace_section

        replace_section(SECTION, markdown(report))
        _log("BENCHMARKS.md section written")
    return 0


if __name__ == "__main__":
    try:
        sys.exit(main())
    except SovrenError as e:  # BenchError, or the data a path should hold missing (DataMissing)
        print(f"error: {e}", file=sys.stderr)
        sys.exit(2)
