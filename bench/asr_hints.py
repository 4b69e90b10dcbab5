"""``python -m bench.asr_hints``: does a vocabulary prompt from the site file help whisper?

Why a benchmark of its own: the voice benchmark (bench.understanding_voice) runs whole
calls in real time (~1 min a dialogue); whether whisper writes the caller's slots better
with the hotel's words as its prompt (media/asr/hints.py) is a question about the ear
alone, answered in minutes on many more turns.

For the caller turns of the corpus's dev split (never the test split: this tunes), each
turn is spoken by the benchmark voices (bench/voice_caller.py: Piper / espeak-ng German at
16 kHz, espeak-ng at 8 kHz through a phone line), decoded the way a call decodes it
(English: tiny.en; German: base in German, as after the call switched), once without and
once with the prompt. The slots read from each transcript (agents/understanding/slots.py)
are compared with the slots read from the turn's own text: a turn is "right" when every
slot it states comes out the same (guest name, dates, nights, guests, room, confirmation).
Also the word error rate. Progress to stderr; Markdown to stdout; --write-md updates
BENCHMARKS.md.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import platform
import sys
import time
from collections import defaultdict
from pathlib import Path
from typing import Any

SLOTS = ("guest_name", "arrival", "departure", "nights", "guests", "room_type", "confirmation")
HEAD = "## ASR: vocabulary prompt from the site file"


def _turns(
    split: str, lang: str, limit: int, slots: tuple[str, ...] = SLOTS
) -> list[tuple[Any, Any]]:
    """Turns of ``lang`` that state one of ``slots``, taken across dialogues (each dialogue's
    first)."""
    from bench.corpus import load

    out, seen = [], set()
    ds = [d for d in load(None, split=split) if d.lang == lang]
    for rnd in range(10):
        for d in ds:
            withslots = [t for t in d.turns if t.slots.keys() & set(slots)]
            if rnd < len(withslots) and (d.id, rnd) not in seen:
                seen.add((d.id, rnd))
                out.append((d, withslots[rnd]))
                if len(out) >= limit:
                    return out
    return out


def _slots(text: str, d, synonyms, rates) -> dict[str, Any]:
    from agents.understanding import slots as slotmod

    found, _ = slotmod.extract(
        text, dt.date.fromisoformat(str(d.today)), synonyms, None, lang=d.lang, rates=rates
    )
    return {
        k: (str(v).casefold() if k == "guest_name" else v) for k, v in found.items() if k in SLOTS
    }


VARIANTS = ("plain", "prompt", "base", "codes", "base-codes")


def _variant_prompt(variant: str, lang: str, vocabulary: dict[str, str]) -> str:
    from media.asr.hints import code_prompt

    if variant == "prompt":
        return vocabulary[lang]
    return code_prompt(lang) if variant.endswith("codes") else ""


def run(
    split: str,
    limit: int,
    voices: tuple[str, ...],
    progress,
    langs: tuple[str, ...] = ("en", "de"),
    variants: tuple[str, ...] = VARIANTS,
    slots: tuple[str, ...] = SLOTS,
) -> dict[str, Any]:
    """``plain``: the call's model, no prompt; ``prompt``: with media/asr/hints.py's prompt;
    ``base``: English decoded by the multilingual base model (German is base already);
    ``codes`` / ``base-codes``: the same two models with the prompt for a code turn."""
    from agents.understanding import slots as slotmod
    from agents.understanding.embedded import room_words
    from bench.voice_caller import CallerAudio, word_error_rate
    from config import load_settings
    from media.asr.hints import vocabulary_prompt
    from media.asr.whisper import load_model

    settings = load_settings(media={"asr_threads": 1})
    synonyms, rates = room_words(settings), slotmod.rate_words(settings.hotel.rate_plans)
    multi = load_model(settings.media, settings.data_dir, prepare=True, which="multi")
    models = {
        "en": load_model(settings.media, settings.data_dir, prepare=True, which="en"),
        "de": multi,
    }
    audio = CallerAudio(Path(settings.data_dir) / "callers")
    prompts = {lang: vocabulary_prompt(settings.hotel, lang) for lang in models}
    recs: list[dict[str, Any]] = []
    load_before = os.getloadavg()
    t0 = time.monotonic()
    for lang in langs:
        turns = _turns(split, lang, limit, slots)
        todo = [v for v in variants if not (v.startswith("base") and lang != "en")]
        for voice in voices:
            progress(f"{lang} / {voice}: {len(turns)} turns, variants {', '.join(todo)}")
            for i, (d, t) in enumerate(turns, 1):
                x = audio.say(t.text, lang, voice)
                want = _slots(t.text, d, synonyms, rates)
                rec = {"id": d.id, "lang": lang, "voice": voice, "text": t.text, "want": want}
                for variant in todo:
                    model = multi if variant.startswith("base") else models[lang]
                    prompt = _variant_prompt(variant, lang, prompts)
                    r = model.transcribe(x, language=lang, prompt=prompt)
                    rec[variant] = {
                        "text": r.text,
                        "confidence": round(r.confidence, 3),
                        "wer": word_error_rate(t.text, r.text),
                        "decode_s": round(r.decode_s, 3),
                    }
                    _score(rec, rec[variant], _slots(r.text, d, synonyms, rates))
                recs.append(rec)
                if i % 10 == 0:
                    progress(f"  {i}/{len(turns)}")
    return {
        "split": split,
        "records": recs,
        "prompts": prompts,
        "wall_s": round(time.monotonic() - t0, 1),
        "machine": f"{platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}",
        "date": dt.datetime.now(dt.UTC).strftime("%Y-%m-%d %H:%M UTC"),
        "load_before": [round(v, 2) for v in load_before],
        "load_after": [round(v, 2) for v in os.getloadavg()],
    }


def _score(rec: dict[str, Any], v: dict[str, Any], got: dict[str, Any]) -> None:
    """A decode's slots against the turn's own (``got`` read from its transcript)."""
    from fabric.codes import near_code

    want = rec["want"]
    v["right"] = got == want
    v["slots"] = {k: got.get(k) == x for k, x in want.items()}
    v["got"] = {k: got.get(k) for k in want}
    v["spurious"] = sorted(got.keys() - want.keys())
    if "confirmation" in want:  # one character off: what the near rule recovers with the name
        v["code_near"] = near_code(got.get("confirmation"), want["confirmation"])


def rescore(path: str) -> dict[str, Any]:
    """An earlier run's transcripts read again by the current extractor (no decoding):
    what a change of the understanding does to the same ear."""
    from agents.understanding import slots as slotmod
    from agents.understanding.embedded import room_words
    from bench.corpus import load
    from config import load_settings

    r = json.loads(Path(path).read_text())
    settings = load_settings()
    synonyms, rates = room_words(settings), slotmod.rate_words(settings.hotel.rate_plans)
    dialogues = {d.id: d for d in load(None, split=r["split"])}
    for rec in r["records"]:
        d = dialogues[rec["id"]]
        rec["want"] = _slots(rec["text"], d, synonyms, rates)
        for v in VARIANTS:
            if v in rec:
                _score(rec, rec[v], _slots(rec[v]["text"], d, synonyms, rates))
    r["rescored"] = path
    return r


def summarise(recs: list[dict[str, Any]]) -> dict[str, dict[str, Any]]:
    """Per voice / language / variant: turns, slots right, names right, WER, spurious, decode s."""
    cells: dict[str, list] = defaultdict(list)
    for r in recs:
        for v in VARIANTS:
            if v in r:
                cells[f"{r['voice']}/{r['lang']}/{v}"].append(r[v])
    out = {}
    for key, rs in sorted(cells.items()):
        names = [x["slots"]["guest_name"] for x in rs if "guest_name" in x["slots"]]
        codes = [x["slots"]["confirmation"] for x in rs if "confirmation" in x["slots"]]
        near = [x.get("code_near", False) for x in rs if "confirmation" in x["slots"]]
        out[key] = {
            "n": len(rs),
            "right": sum(x["right"] for x in rs),
            "names": (sum(names), len(names)),
            "codes": (sum(codes), len(codes)),
            "near": sum(near),
            "wer": sum(x["wer"] for x in rs) / len(rs),
            "spurious": sum(bool(x["spurious"]) for x in rs),
            "decode_s": sum(x["decode_s"] for x in rs) / len(rs),
        }
    return out


def to_markdown(r: dict[str, Any], cmd: str) -> str:
    rows = []
    for key, v in summarise(r["records"]).items():
        voice, lang, variant = key.split("/")
        rows.append(
            f"| {voice} | {lang} | {variant} | {v['n']} | {v['right']} ({v['right'] / v['n']:.0%}) | "
            f"{v['names'][0]}/{v['names'][1]} | {v['codes'][0]}/{v['codes'][1]} | {v['near']} | "
            f"{v['wer']:.2f} | {v['spurious']} | "
            f"{v['decode_s']:.2f} |"
        )
    prompts = "\n".join(f'- {k}: "{v}"' for k, v in r["prompts"].items())
    return f"""{HEAD}

Machine: {r["machine"]}, shared; load average {r["load_before"][0]:.2f} before, {r["load_after"][0]:.2f}
after (decode seconds are inflated by the load). Date: {r["date"]}. Command: `{cmd}`
({r["wall_s"]:.0f} s). Caller turns of the corpus's {r["split"]} split that state a slot, spoken
by the benchmark voices (bench/voice_caller.py), decoded as a call decodes them (`plain`:
English tiny.en, German base in German), with the prompt of media/asr/hints.py (`prompt`), and
English by the multilingual base model (`base`), and both with the prompt for a code turn of
media/asr/hints.py `code_prompt` (`codes`, `base-codes`). "Slots right" = every slot the turn states is
read the same from the transcript as from the turn's text (the same extractor); "names" =
turns stating a name whose name comes out right; "codes" = the same for the confirmation
number (every character), and "1 off" the codes read one character off (fabric/codes.py
`near_code`: found by the near rule when the full name is said exactly); "spurious" = turns where the transcript yields
a slot the text has not.

| voice | lang | variant | turns | slots right | names right | codes right | codes 1 off | WER | spurious | decode s |
|---|---|---|---|---|---|---|---|---|---|---|
{chr(10).join(rows)}

Prompts (built from config/sites/demo.yaml):
{prompts}
"""


def main(argv: list[str] | None = None) -> int:
    from bench.voice_caller import VOICES

    ap = argparse.ArgumentParser(prog="bench.asr_hints", description=__doc__.split("\n\n")[0])
    ap.add_argument("--split", default="dev", choices=("train", "dev"), help="never test (tuning)")
    ap.add_argument("--limit", type=int, default=40, help="turns per language (default 40)")
    ap.add_argument("--voices", default=",".join(VOICES), help=f"comma list of {', '.join(VOICES)}")
    ap.add_argument("--lang", choices=("en", "de"), help="one language only")
    ap.add_argument(
        "--variants", default=",".join(VARIANTS), help=f"comma list of {', '.join(VARIANTS)}"
    )
    ap.add_argument(
        "--slot",
        action="append",
        choices=SLOTS,
        help="only turns stating this slot (repeatable; e.g. confirmation for the code turns)",
    )
    ap.add_argument(
        "--rescore",
        metavar="JSON",
        help="no decoding: read an earlier --json run's transcripts with the current extractor",
    )
    ap.add_argument("--json", metavar="PATH", help="write every record as JSON")
    ap.add_argument("--write-md", action="store_true", help="update BENCHMARKS.md")
    args = ap.parse_args(argv)
    voices = tuple(v for v in args.voices.split(",") if v)
    bad = [v for v in voices if v not in VOICES]
    if bad:
        ap.error(f"unknown voice(s) {bad}: choose from {', '.join(VOICES)}")
    say = lambda m: print(f"[bench.asr_hints] {m}", file=sys.stderr, flush=True)  # noqa: E731
    variants = tuple(v for v in args.variants.split(",") if v)
    if not variants or set(variants) - set(VARIANTS):
        ap.error(f"--variants takes a comma list of {', '.join(VARIANTS)}")
    langs = (args.lang,) if args.lang else ("en", "de")
    if args.rescore:
        r = rescore(args.rescore)
    else:
        r = run(args.split, args.limit, voices, say, langs, variants, tuple(args.slot or SLOTS))
    cmd = "python -m bench.asr_hints " + " ".join(argv if argv is not None else sys.argv[1:])
    md = to_markdown(r, cmd.strip())
    print(md)
    if args.json:
        Path(args.json).write_text(json.dumps(r, indent=1, default=str))
    if args.write_md:
        from bench.report_md import replace_section

        replace_section(HEAD, md)
    return 0


if __name__ == "__main__":
    sys.exit(main())
