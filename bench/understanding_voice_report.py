"""The report of bench.understanding_voice: figures per mode and language, Markdown, merging.

Why apart from the runner: runs made apart (voices, shards) are joined and
reported from their JSON records alone, without a runtime.
"""

from __future__ import annotations

from collections import defaultdict
from typing import Any

from bench.voice_caller import PAUSE_S, VOICES, word_error_rate

HEAD = "## Understanding by voice"
MODES = ("text", *VOICES)


def summarise(recs: list[dict[str, Any]]) -> dict[str, dict[str, Any]]:
    """Per mode and language (and "all"): dialogues, success, wrong writes, errors, wall, ear."""
    cells: dict[str, list[dict]] = defaultdict(list)
    for r in recs:
        cells[f"{r['mode']}/{r['lang']}"].append(r)
        cells[f"{r['mode']}/all"].append(r)
    out = {}
    order = lambda k: (MODES.index(k[0].split("/")[0]), k[0].endswith("/all"), k[0])  # noqa: E731
    for key, rs in sorted(cells.items(), key=order):
        n = len(rs)
        wers = [r["wer"] for r in rs if r.get("wer") is not None]
        utts = [u for r in rs for u in (r.get("call") or {}).get("utterances", [])]
        out[key] = {
            "n": n,
            "success": sum(r["success"] for r in rs),
            "success_rate": sum(r["success"] for r in rs) / n,
            "wrong_writes": sum(r["wrong_write"] for r in rs),
            "wrong_write_rate": sum(r["wrong_write"] for r in rs) / n,
            "errors": sum(bool(r.get("error")) for r in rs),
            "wall_mean_s": sum(r["wall_s"] for r in rs) / n,
            "wer_mean": sum(wers) / len(wers) if wers else None,
            # a deaf runtime passes every no-write dialogue: the writes are told apart
            "with_write": sum(bool((r.get("expect") or {}).get("write")) for r in rs),
            "with_write_success": sum(
                r["success"] for r in rs if (r.get("expect") or {}).get("write")
            ),
            "utterances": len(utts),
            "unheard": sum(not u["transcripts"] for u in utts),
            "split": sum(len(u["transcripts"]) > 1 for u in utts),
        }
    return out


# An utterance whose words came out this garbled (word error rate) was misheard.
GARBLED_WER = 0.3


def failure_class(rec: dict[str, Any]) -> str:
    """Where a failed dialogue went wrong first, from its own record (for the report).

    "error" (it did not run), "not heard" (an utterance gave no turn), "turn split" (one
    utterance became several turns), "misheard" (word error rate above GARBLED_WER), else
    "dialogue" (the words arrived about right; understanding or policy failed). A text run
    that fails is always "dialogue". "misheard": an utterance's word error rate above
    GARBLED_WER (spelled numbers counted alike however written).
    """
    if rec.get("error"):
        return "error"
    utts = (rec.get("call") or {}).get("utterances", [])
    if rec["mode"] != "text":
        if any(not u["transcripts"] and u.get("wait") != "hung up" for u in utts):
            return "not heard"
        if any(len(u["transcripts"]) > 1 for u in utts):
            return "turn split"
        said = rec.get("said") or []
        for text, u in zip(said, utts, strict=False):
            if word_error_rate(text, " ".join(u["transcripts"])) > GARBLED_WER:
                return "misheard"
    return "dialogue"


def full_split_estimate(r: dict[str, Any]) -> dict[str, float] | None:
    """Hours the whole split would take at this run's pace: wall per caller turn, per mode."""
    size = r.get("split_size")
    if not size:
        return None
    out = {}
    for mode in r["modes"]:
        rs = [x for x in r["records"] if x["mode"] == mode]
        turns = sum(len(x["said"]) for x in rs)
        if turns:
            out[mode] = sum(x["wall_s"] for x in rs) / turns * size["turns"] / 3600
    starts_s = r["wall_s"] - sum(x["wall_s"] for x in r["records"])
    per_start = max(starts_s, 0.0) / max(r["runtime_starts"], 1)
    out["starts"] = per_start * size["days"] / 3600
    out["total"] = sum(out.values())
    return out


def _cell(v: dict[str, Any] | None) -> str:
    if v is None:
        return "- | -"
    return (
        f"{v['success']}/{v['n']} ({v['success_rate']:.0%}); "
        f"{v.get('with_write_success', 0)}/{v.get('with_write', 0)} of the writes | "
        f"{v['wrong_writes']} ({v['wrong_write_rate']:.0%})"
    )


def to_markdown(r: dict[str, Any], cmd: str) -> str:
    s, modes = r["summary"], r["modes"]
    langs = sorted({k.split("/")[1] for k in s} - {"all"}) + ["all"]
    side = [
        f"| {lang} | {max(s[f'{m}/{lang}']['n'] for m in modes if f'{m}/{lang}' in s)} | "
        + " | ".join(_cell(s.get(f"{m}/{lang}")) for m in modes)
        + " |"
        for lang in langs
    ]
    head = " | ".join(f"{m} success | {m} wrong writes" for m in modes)
    ears = []
    for key, v in s.items():
        mode, lang = key.split("/")
        if mode == "text":
            continue
        wer = f"{v['wer_mean']:.2f}" if v["wer_mean"] is not None else "-"
        ears.append(
            f"| {mode} | {lang} | {v['utterances']} | {v['unheard']} | {v['split']} | {wer} | "
            f"{v['errors']} | {v['wall_mean_s']:.0f} s |"
        )
    fails = [
        f"- {x['id']} ({x['mode']}, {failure_class(x)}): "
        f"{'WRONG WRITE: ' if x['wrong_write'] else ''}{'; '.join(x['reasons'])[:240]}"
        for x in r["records"]
        if not x["success"]
    ]
    classes: dict[str, int] = defaultdict(int)
    for x in r["records"]:
        if not x["success"]:
            classes[f"{x['mode']}: {failure_class(x)}"] += 1
    if classes:
        fails.insert(
            0,
            "By where they went wrong first (bench/understanding_voice_report.py "
            "`failure_class`): "
            + ", ".join(f"{k} {v}" for k, v in sorted(classes.items()))
            + ".\n",
        )
    est, estimate = full_split_estimate(r), ""
    if est and r["dialogues"] < r["split_size"]["dialogues"]:
        parts = ", ".join(f"{m} {h:.1f} h" for m, h in est.items() if m != "total")
        estimate = (
            f"\n\nThe whole {r['split']} split{' in ' + r['lang'] if r.get('lang') else ''} "
            f"({r['split_size']['dialogues']} dialogues, "
            f"{r['split_size']['turns']} caller turns, {r['split_size']['days']} simulated days) "
            f"at this run's pace per caller turn: about {est['total']:.1f} h ({parts}); voice "
            "is real time, so only --shard runs side by side on a larger host shorten it."
        )
    return f"""{HEAD}

Machine: {r["machine"]}, shared with other work; load average {r["load_before"][0]:.2f}
(1 min) before the run and {r["load_after"][0]:.2f} after{" (highest of the runs)" if len(r.get("commands", [])) > 1 else ""}. Date: {r["date"]}. Command(s): `{cmd}`
({r["wall_s"]:.0f} s, {r["runtime_starts"]} runtime start(s)). The {r["split"]} split of
bench/corpus ({r["dialogues"]} dialogues, taken in turn across flows and languages), each run
by text and by voice through one live runtime started by the benchmark (embedded defaults:
ASR {r.get("asr", "?")}, TTS {r.get("tts", "?")}; simulated date = the dialogue's `today`,
its given reservation seeded into an emptied local PMS, its caller id set). Voices: `piper` =
Piper joe at 16 kHz (German dialogues: espeak-ng German at 16 kHz, no packaged German Piper
voice exists); `espeak8k` = espeak-ng en-us / de at 8 kHz, 300-3400 Hz, mu-law, like a phone
line. Real time, one call per dialogue; the caller speaks again {PAUSE_S} s after the reply has
finished playing. Text = the same turns as `sovren call --script` sends them (language given).
Success = the expected PMS write with the expected arguments (or rightly no write); wrong
write = a write whose dates, guests or room differ, on another reservation, or when none was
expected (a wrong name or rate fails the task but is not a wrong write). "of the writes": the
dialogues that must end in a write (a runtime that hears nothing passes all the others).

| lang | dialogues | {head} |
|{"---|" * (2 + 2 * len(modes))}
{chr(10).join(side)}

Targets (issue 10): task success >= 95 % by text and >= 90 % by voice; wrong writes 0.{estimate}

The ear (caller utterances not heard at all, heard as more than one turn; WER = word error
rate of the caller's words as transcribed; wall = one dialogue, real time):

| voice | lang | utterances | not heard | split into turns | WER | errors | wall per dialogue |
|---|---|---|---|---|---|---|---|
{chr(10).join(ears)}

Failures:

{chr(10).join(fails) if fails else "- none"}
"""


class MergeError(ValueError):
    """Runs that cannot be reported as one (another split, a dialogue run twice)."""


def merge(runs: list[dict[str, Any]]) -> dict[str, Any]:
    """Runs of shards or of voices apart (each within the time a run may take) as one.

    Refused: runs of different splits (dev is for analysis, test for reporting;
    one table never mixes them) and a dialogue run twice in the same mode (a
    re-run of failures would otherwise replace or double them: report one run).
    """
    splits = sorted({r.get("split", "?") for r in runs})
    if len(splits) > 1:
        raise MergeError(
            f"the runs are of different splits ({', '.join(splits)}): merge each split apart"
        )
    recs = [x for r in runs for x in r["records"]]
    seen: dict[tuple[str, str], int] = defaultdict(int)
    for x in recs:
        seen[(x["id"], x["mode"])] += 1
    twice = sorted(f"{i} ({m})" for (i, m), c in seen.items() if c > 1)
    if twice:
        raise MergeError(
            f"{len(twice)} dialogue(s) are in more than one run: {', '.join(twice[:5])}"
            f"{' ...' if len(twice) > 5 else ''}; merge runs of disjoint shards or voices"
        )
    return {
        **runs[0],
        "dialogues": len({x["id"] for x in recs}),
        "modes": sorted({x["mode"] for x in recs}, key=MODES.index),
        "runtime_starts": sum(r["runtime_starts"] for r in runs),
        "wall_s": sum(r["wall_s"] for r in runs),
        "summary": summarise(recs),
        "records": recs,
        "date": max(r["date"] for r in runs),
        "load_before": max((r["load_before"] for r in runs), key=lambda x: x[0]),
        "load_after": max((r["load_after"] for r in runs), key=lambda x: x[0]),
        "commands": [c for r in runs for c in r.get("commands", [])],
        "split_size": runs[0].get("split_size"),
    }
