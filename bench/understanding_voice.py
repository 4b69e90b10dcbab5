"""``python -m bench.understanding_voice``: the corpus test split by voice and by text (issue 10 §4, §6).

Why by voice and by text on one runtime: what a hotel experiences is whether the
write comes out right when a caller *speaks*; comparing the same dialogues typed
and spoken, on the same running runtime, isolates what the ear (VAD, turn end,
whisper) costs the brain. Only external interfaces are used (the call client,
the media worker's audio calls, the local PMS's tables), so the figure measures
whatever brain the checked-out code has.

Per dialogue of the corpus (bench/corpus): the runtime runs with the embedded
defaults, ``hotel.simulated_date`` = the dialogue's ``today`` (dialogues of one
day share one runtime start), the dialogue's ``given_reservation`` seeded into the
local PMS (emptied before each call) and its ``caller_id`` set. The caller turns go

- by text: one ``Transcript`` per turn, as ``sovren call --script`` sends them;
- by voice ``piper``: Piper's joe voice at 16 kHz (German dialogues: espeak-ng's
  German voice at 16 kHz; no packaged German Piper voice exists);
- by voice ``espeak8k``: espeak-ng (en-us / de) at 8 kHz, band-limited to
  300-3400 Hz and G.711 mu-law coded like a phone line, sent as 16 kHz frames;

one call per dialogue, fed in real time (20 ms frames); after each utterance the
caller stays silent (the line carries silence) until every turn heard so far has
been answered and its reply has finished playing, plus a short pause. At the
end the PMS is compared with the corpus's ``expect``: task success (the expected
write with the expected arguments, or rightly no write) and wrong writes (a
write whose dates, guests or room differ from the expected one, a write on the
wrong reservation, or any write when none was expected). A dialogue that errors
counts as a failure with its reason.

Parts: bench/voice_caller.py (the caller: voices, the real-time call, the typed
call), bench/pms_writes.py (what was written, and was it right),
bench/understanding_voice_report.py (figures, Markdown, joining runs).
"""

from __future__ import annotations

import argparse
import asyncio
import datetime as dt
import json
import os
import platform
import sys
import time
from collections import defaultdict
from pathlib import Path
from typing import Any

from bench.pms_writes import compare_writes, pms_clear, pms_snapshot, writes_between
from bench.report_md import replace_section
from bench.understanding_voice_report import HEAD, MergeError, merge, summarise, to_markdown
from bench.voice import fresh_database, live_runtime
from bench.voice_caller import VOICES, CallerAudio, text_dialogue, voice_dialogue, word_error_rate

# -- the runtime: bench.voice's fresh database and watched supervisor (pg=None: a whole run
# stops the cluster it started below, after every day's runtime) ----------------------------


def _seed(url: str, settings, d) -> None:
    from connectors.factory import build_connector
    from runtime.demo_checks import seed_reservations

    if d.given_reservation is None:
        return
    g = d.given_reservation
    given = {f: str(getattr(g, f)) for f in g.__struct_fields__}

    async def go():
        pms = build_connector(settings, database_url=url)
        await pms.open()
        try:
            await seed_reservations(pms, url, [given])
        finally:
            await pms.aclose()

    asyncio.run(go())


def run_one(client, url: str, settings, d, mode: str, audio: CallerAudio | None) -> dict[str, Any]:
    """One dialogue in one mode: PMS emptied and seeded, the call, the PMS compared."""
    import msgspec

    expect = msgspec.to_builtins(d.expect.write) if d.expect.write else None
    rec: dict[str, Any] = {"id": d.id, "lang": d.lang, "flow": d.flow, "mode": mode}
    rec["said"] = [t.text for t in d.turns]
    rec["expect"] = {"outcome": d.expect.outcome, "write": expect}
    t = time.monotonic()
    try:
        pms_clear(url)
        _seed(url, settings, d)
        before = pms_snapshot(url)
        if mode == "text":
            call = text_dialogue(client, d)
        else:
            assert audio is not None
            utts = [audio.say(turn.text, d.lang, mode) for turn in d.turns]
            call = voice_dialogue(client, utts, caller_id=d.caller_id)
        writes = writes_between(before, pms_snapshot(url))
        rec |= {"call": call, "outcome": call["outcome"], "writes": writes}
        rec |= compare_writes(expect, writes)
        if call["errors"]:
            rec["reasons"] = rec["reasons"] + [f"media errors: {call['errors']}"]
    except Exception as e:  # noqa: BLE001 - a dialogue that errors is a failure with its reason
        rec |= {"success": False, "wrong_write": False, "reasons": [f"error: {e!r}"[:400]]}
        rec["error"] = True
    rec["wall_s"] = round(time.monotonic() - t, 1)
    if mode != "text" and "call" in rec:
        rec["wer"] = word_error_rate(
            " ".join(rec["said"]),
            " ".join(x for u in rec["call"]["utterances"] for x in u["transcripts"]),
        )
    return rec


def _failed(d, mode: str, reason: str) -> dict[str, Any]:
    """The record of a dialogue that could not be run at all."""
    rec = {"id": d.id, "lang": d.lang, "flow": d.flow, "mode": mode, "wall_s": 0.0}
    rec |= {"said": [t.text for t in d.turns], "expect": {"outcome": d.expect.outcome}}
    return rec | {"success": False, "wrong_write": False, "reasons": [reason], "error": True}


def select(dialogues: list, limit: int | None) -> list:
    """Up to ``limit`` dialogues taken in turn across flow and language (a short run covers flows)."""
    from bench.corpus import FLOWS

    by: dict[tuple[int, bool], list] = defaultdict(list)
    for d in dialogues:
        by[(FLOWS.index(d.flow) if d.flow in FLOWS else 99, d.lang != "en")].append(d)
    order, keys = [], sorted(by)
    while any(by[k] for k in keys):
        order += [by[k].pop(0) for k in keys if by[k]]
    return order[:limit] if limit else order


def run(
    split: str = "test",
    limit: int | None = None,
    voices: tuple[str, ...] = VOICES,
    text: bool = True,
    corpus: str | None = None,
    asr_language: str | None = None,
    shard: tuple[int, int] = (1, 1),
    lang: str | None = None,
    ids: tuple[str, ...] = (),
    progress=print,
    on_record=None,
) -> dict[str, Any]:
    from bench.corpus import load
    from config import load_settings
    from media.asr.whisper import resolve_model_path
    from runtime.client import CallClient

    whole = [d for d in load(corpus, split=split) if lang is None or d.lang == lang]
    if ids:
        known = {d.id for d in whole}
        missing = [i for i in ids if i not in known]
        if missing:
            raise SystemExit(
                f"not in the {split} split{' (' + lang + ')' if lang else ''}: "
                f'{", ".join(missing)}; the ids are the "id" fields of bench/corpus/dialogues.jsonl'
            )
        whole_ids = [d for d in whole if d.id in set(ids)]
        chosen = select(whole_ids, limit)
    else:
        chosen = select(whole, limit)
    k, n = shard
    chosen = chosen[k - 1 :: n]
    tag = "" if n == 1 else str(k)  # shards run side by side: each its own runtime and database
    base = load_settings()
    url, pg = fresh_database(base, f"sovren_uvoice_bench{tag}")
    media = {"asr_language": asr_language} if asr_language else {}
    groups: dict[str, list] = defaultdict(list)
    for d in chosen:
        groups[d.today].append(d)
    modes = (("text",) if text else ()) + tuple(voices)
    total = len(chosen) * len(modes)
    progress(
        f"{len(chosen)} dialogues of the {split} split x {', '.join(modes)}; "
        f"{len(groups)} runtime start(s), one per simulated date"
    )
    load_before = os.getloadavg()
    t_all = time.monotonic()
    recs: list[dict[str, Any]] = []
    settings = None
    try:
        for today, ds in sorted(groups.items()):
            settings_ = load_settings(
                instance=f"{base.instance}"[:19] + f"_uvb{tag}",
                database_url=url,
                hotel={"simulated_date": today},
                agents={"shed_new_calls": False},
                media=media,
            )
            if voices and settings is None:
                progress("preparing whisper (converted once, then cached)")
                resolve_model_path(settings_.media, settings_.data_dir, prepare=True)
            settings = settings_
            audio = CallerAudio(Path(settings.data_dir) / "callers") if voices else None

            def report(r: dict[str, Any]) -> None:
                recs.append(r)
                if on_record is not None:
                    on_record(r)
                mark = "ok" if r["success"] else "FAIL"
                ww = " WRONG WRITE" if r["wrong_write"] else ""
                why = "" if r["success"] else f" ({'; '.join(r['reasons'])[:200]})"
                progress(
                    f"[{len(recs)}/{total}] {r['id']} {r['mode']}: {mark}{ww} "
                    f"in {r['wall_s']:.0f}s{why}"
                )

            todo = [(d, mode) for d in ds for mode in modes]
            try:
                t = time.monotonic()
                with live_runtime(settings, None, lambda m: None), CallClient(settings) as client:
                    progress(f"runtime up in {time.monotonic() - t:.1f}s (simulated date {today})")
                    while todo:
                        d, mode = todo[0]
                        report(run_one(client, url, settings, d, mode, audio))
                        todo.pop(0)
            except Exception as e:  # noqa: BLE001 - the day's dialogues fail with the reason
                for d, mode in todo:
                    report(_failed(d, mode, f"runtime for {today}: {e!r}"[:400]))
    finally:
        # shards side by side share the embedded cluster: only a whole run stops what it started
        if pg is not None and getattr(pg, "started_by_us", False) and n == 1:
            pg.stop()
    out: dict[str, Any] = {
        "split": split,
        "dialogues": len(chosen),
        "modes": list(modes),
        "runtime_starts": len(groups),
        "lang": lang,
        "split_size": {
            "dialogues": len(whole),
            "turns": sum(len(d.turns) for d in whole),
            "days": len({d.today for d in whole}),
        },
        "wall_s": round(time.monotonic() - t_all, 1),
        "summary": summarise(recs),
        "records": recs,
        "machine": f"{platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}",
        "date": dt.datetime.now(dt.UTC).strftime("%Y-%m-%d %H:%M UTC"),
        "load_before": [round(x, 2) for x in load_before],
        "load_after": [round(x, 2) for x in os.getloadavg()],
    }
    if settings is not None:
        m = settings.media
        from media.asr.whisper import model_names

        names = model_names(m)  # auto-en: tiny.en, and base once a caller speaks another language
        out["asr"] = (
            "whisper "
            + ", ".join(f"{v} ({k})" for k, v in names.items())
            + f", asr_language {m.asr_language}"
        )
        out["tts"] = settings.media.tts_voice
    return out


def _shard(text: str) -> tuple[int, int]:
    try:
        k, n = (int(x) for x in text.split("/"))
    except ValueError:
        raise argparse.ArgumentTypeError(f"--shard takes K/N (e.g. 1/3), not {text!r}") from None
    if not 1 <= k <= n:
        raise argparse.ArgumentTypeError(f"--shard {text}: K must be between 1 and N")
    return k, n


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(
        prog="bench.understanding_voice",
        description=__doc__.split("\n\n")[0],
        epilog="Progress lines go to stderr, the Markdown section to stdout. A run of the whole "
        "test split by voice takes hours (see BENCHMARKS.md); split it with --shard and "
        "join the JSON files with --merge.",
    )
    ap.add_argument("--split", default="test", choices=("train", "dev", "test"))
    ap.add_argument("--limit", type=int, help="at most N dialogues (taken across flows)")
    ap.add_argument(
        "--voices", default=",".join(VOICES), help=f"comma list of {', '.join(VOICES)} ('' = none)"
    )
    ap.add_argument("--no-text", action="store_true", help="skip the text runs")
    ap.add_argument("--lang", help="only the dialogues of one language (en, de)")
    ap.add_argument(
        "--shard",
        type=_shard,
        default=(1, 1),
        metavar="K/N",
        help="every Nth of the chosen dialogues from the Kth (own runtime and database)",
    )
    ap.add_argument(
        "--ids",
        help="comma list of dialogue ids of the split (e.g. a dev run's failures, for analysis)",
    )
    ap.add_argument("--corpus", help="a dialogues.jsonl other than bench/corpus's")
    ap.add_argument(
        "--asr-language", help="override media.asr_language (e.g. auto: multilingual base)"
    )
    ap.add_argument("--json", metavar="PATH", help="write the figures and every record as JSON")
    ap.add_argument(
        "--merge", nargs="+", metavar="JSON", help="no run: join the --json files of earlier runs"
    )
    ap.add_argument("--write-md", action="store_true", help="update BENCHMARKS.md")
    args = ap.parse_args(argv)
    voices = tuple(v.strip() for v in args.voices.split(",") if v.strip())
    bad = [v for v in voices if v not in VOICES]
    if bad:
        ap.error(f"unknown voice(s) {bad}: choose from {', '.join(VOICES)}")
    say = lambda m: print(f"[bench.understanding_voice] {m}", file=sys.stderr, flush=True)  # noqa: E731
    cmd = "python -m bench.understanding_voice " + " ".join(
        argv if argv is not None else sys.argv[1:]
    )
    if args.merge:
        try:
            r = merge([json.loads(Path(p).read_text()) for p in args.merge])
        except MergeError as e:
            ap.error(str(e))
    else:
        partial = Path(args.json).with_suffix(".records.jsonl") if args.json else None
        if partial is not None:
            partial.write_text("")
            say(f"each record as it comes: {partial} (kept if the run is stopped)")

        def keep(rec: dict[str, Any]) -> None:
            if partial is not None:
                with partial.open("a") as f:
                    f.write(json.dumps(rec, default=str) + "\n")

        r = run(
            args.split,
            args.limit,
            voices,
            text=not args.no_text,
            corpus=args.corpus,
            asr_language=args.asr_language,
            shard=args.shard,
            lang=args.lang,
            ids=tuple(i.strip() for i in (args.ids or "").split(",") if i.strip()),
            progress=say,
            on_record=keep,
        )
        r["commands"] = [cmd.strip()]
    md = to_markdown(r, "`, `".join(r["commands"]))
    print(md)
    if args.json:
        Path(args.json).write_text(json.dumps(r, indent=1, default=str))
    if args.write_md:
        replace_section(HEAD, md)
    return 0


if __name__ == "__main__":
    sys.exit(main())
