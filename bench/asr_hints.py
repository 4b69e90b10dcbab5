"""``python -m bench.asr_hints``: what makes whisper hear the callers better?

Two studies of the ear alone (``--study``): ``prompt``, a vocabulary prompt from the site
file (media/asr/hints.py) and a second opinion by the multilingual base model; ``decoding``,
the search itself (greedy against beam search of width 2, 3, 5; whisper's temperature
fallback; base forced to English; level normalisation and another 8 -> 16 kHz resampling of
the phone line), each with its word error rate and decode cost side by side.

Why a benchmark of its own: the voice benchmark (bench.understanding_voice) runs whole
calls in real time (~1 min a dialogue); whether whisper writes the caller's slots better
is a question about the ear alone, answered in minutes on many more turns.

For the caller turns of the corpus's train and/or dev split (never the test split: this
tunes), each turn is spoken by the benchmark voices (bench/voice_caller.py: Piper / espeak-ng
German at 16 kHz, espeak-ng at 8 kHz through a phone line), decoded the way a call decodes it
(English: tiny.en; German: base in German, as after the call switched), once per variant.
The slots read from each transcript (agents/understanding/slots.py) are compared with the
slots read from the turn's own text: a turn is "right" when every slot it states comes out
the same (guest name, dates, nights, guests, room, confirmation). Also the word error rate
and the decode's wall and CPU seconds per audio second. Progress to stderr; Markdown to
stdout; --write-md updates BENCHMARKS.md.
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
from dataclasses import dataclass
from pathlib import Path
from typing import Any

SLOTS = ("guest_name", "arrival", "departure", "nights", "guests", "room_type", "confirmation")
HEADS = {
    "prompt": "## ASR: vocabulary prompt from the site file",
    "decoding": "## ASR: decoding choices (beam search, fallback, base, phone-line audio)",
}


@dataclass(frozen=True)
class Variant:
    """One way of decoding a turn: which model, which prompt, which search, which audio."""

    model: str = "call"  # "call": the call's model (English tiny.en, German base); "base"
    prompt: str = ""  # "" | "vocabulary" (media/asr/hints.py) | "codes" (a code turn's prompt)
    beam: int = 1  # 1 = greedy (the runtime's default)
    fallback: bool = False  # whisper's temperature fallback (+0.2 a step, best of 5)
    audio: str = ""  # "" as heard | "level": RMS to -20 dBFS | "linear": 8 kHz upsampled linearly


VARIANTS = {
    "plain": Variant(),
    "prompt": Variant(prompt="vocabulary"),
    "base": Variant(model="base"),
    "codes": Variant(prompt="codes"),
    "base-codes": Variant(model="base", prompt="codes"),
    "beam2": Variant(beam=2),
    "beam3": Variant(beam=3),
    "beam5": Variant(beam=5),
    "fallback": Variant(fallback=True),
    "level": Variant(audio="level"),
    "linear": Variant(audio="linear"),
    "base-beam5": Variant(model="base", beam=5),
}
STUDIES = {
    "prompt": ("plain", "prompt", "base", "codes", "base-codes"),
    "decoding": (
        "plain", "beam2", "beam3", "beam5", "fallback", "level", "linear", "base", "base-beam5"
    ),
}  # fmt: skip


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


def _variant_prompt(v: Variant, lang: str, vocabulary: dict[str, str]) -> str:
    from media.asr.hints import code_prompt

    if v.prompt == "vocabulary":
        return vocabulary[lang]
    return code_prompt(lang) if v.prompt == "codes" else ""


def _variant_audio(v: Variant, x):
    """The turn's 16 kHz samples as the variant feeds them to whisper.

    ``level``: whisper's log-mel keeps 8 decades below the loudest bin, so the level shifts
    where quiet speech meets that floor; normalising the RMS is the usual first step for
    phone audio. ``linear``: the 8 kHz line back to 16 kHz by linear interpolation instead of
    libsoxr's steep filter (which leaves 4-8 kHz empty; linear leaves faint images there)."""
    import numpy as np
    import soxr

    if v.audio == "level":
        rms = float(np.sqrt(np.mean(np.square(x)))) or 1.0
        return np.clip(x * (0.1 / rms), -1.0, 1.0).astype(np.float32)
    if v.audio == "linear":
        x8 = soxr.resample(x, 16000, 8000, quality="HQ")
        t = np.arange(x8.size * 2) / 2
        return np.interp(t, np.arange(x8.size), x8).astype(np.float32)
    return x


def _applies(name: str, lang: str, voice: str) -> bool:
    """English by base is a variant; German is base already. Resampling only means something
    for the 8 kHz line."""
    v = VARIANTS[name]
    if v.model == "base" and lang != "en":
        return False
    return v.audio != "linear" or voice == "espeak8k"


def run(
    splits: tuple[str, ...],
    limit: int,
    voices: tuple[str, ...],
    progress,
    langs: tuple[str, ...] = ("en", "de"),
    variants: tuple[str, ...] = STUDIES["prompt"],
    slots: tuple[str, ...] = SLOTS,
    threads: int = 1,
) -> dict[str, Any]:
    """Every turn of ``splits`` (``limit`` per split and language) by every voice and variant
    (``VARIANTS``)."""
    from agents.understanding import slots as slotmod
    from agents.understanding.embedded import room_words
    from bench.voice_caller import CallerAudio, word_error_rate
    from config import load_settings
    from media.asr.hints import vocabulary_prompt
    from media.asr.whisper import load_model

    settings = load_settings(media={"asr_threads": threads})
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
        turns = [(sp, d, t) for sp in splits for d, t in _turns(sp, lang, limit, slots)]
        for voice in voices:
            todo = [v for v in variants if _applies(v, lang, voice)]
            progress(f"{lang} / {voice}: {len(turns)} turns, variants {', '.join(todo)}")
            for i, (split, d, t) in enumerate(turns, 1):
                x = audio.say(t.text, lang, voice)
                want = _slots(t.text, d, synonyms, rates)
                rec = {"id": d.id, "split": split, "lang": lang, "voice": voice, "text": t.text}
                rec["want"] = want
                for name in todo:
                    v = VARIANTS[name]
                    model = multi if v.model == "base" else models[lang]
                    model.temperature_inc = 0.2 if v.fallback else 0.0
                    c0 = time.process_time()
                    r = model.transcribe(
                        _variant_audio(v, x),
                        language=lang,
                        prompt=_variant_prompt(v, lang, prompts),
                        beam_size=v.beam,
                    )
                    rec[name] = {
                        "text": r.text,
                        "confidence": round(r.confidence, 3),
                        "wer": word_error_rate(t.text, r.text),
                        "decode_s": round(r.decode_s, 3),
                        "cpu_s": round(time.process_time() - c0, 3),
                        "audio_s": round(r.audio_s, 3),
                    }
                    _score(rec, rec[name], _slots(r.text, d, synonyms, rates))
                recs.append(rec)
                if i % 10 == 0:
                    progress(f"  {i}/{len(turns)}")
    for model in {id(m): m for m in (multi, *models.values())}.values():
        model.temperature_inc = 0.0
    return {
        "split": ",".join(splits),
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
    dialogues = {d.id: d for sp in r["split"].split(",") for d in load(None, split=sp)}
    for rec in r["records"]:
        d = dialogues[rec["id"]]
        rec["want"] = _slots(rec["text"], d, synonyms, rates)
        for v in VARIANTS:
            if v in rec:
                _score(rec, rec[v], _slots(rec[v]["text"], d, synonyms, rates))
    r["rescored"] = path
    return r


def merge(paths: list[str]) -> dict[str, Any]:
    """Runs of one study made side by side (one process per language: two cores) shown as one
    table; the load is the highest any of them saw, the wall time the longest."""
    runs = [json.loads(Path(p).read_text()) for p in paths]
    if len({r.get("study", "prompt") for r in runs}) > 1:
        raise SystemExit(f"--merge: {', '.join(paths)} are runs of different studies")
    r = dict(runs[0])
    r["records"] = [rec for run in runs for rec in run["records"]]
    for k in ("load_before", "load_after"):
        r[k] = [max(v) for v in zip(*(run[k] for run in runs), strict=True)]
    r["wall_s"] = max(run["wall_s"] for run in runs)
    r["merged"] = paths
    return r


def summarise(recs: list[dict[str, Any]]) -> dict[str, dict[str, Any]]:
    """Per voice / language / variant: turns, slots right, names right, WER, spurious, decode
    wall s, and wall and CPU seconds per audio second (runs before the CPU figure have none)."""
    cells: dict[str, list] = defaultdict(list)
    for r in sorted(recs, key=lambda r: (r["voice"], r["lang"])):
        for v in VARIANTS:
            if v in r:
                # the same turn's plain decode: per-turn better/worse, the paired comparison
                cells[f"{r['voice']}/{r['lang']}/{v}"].append({**r[v], "ref": r.get("plain")})
    out = {}
    for key, rs in cells.items():
        audio_s = sum(x.get("audio_s", 0.0) for x in rs) or float("nan")
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
            "better": sum(x["ref"] is not None and x["wer"] < x["ref"]["wer"] for x in rs),
            "worse": sum(x["ref"] is not None and x["wer"] > x["ref"]["wer"] for x in rs),
            "rtf": sum(x["decode_s"] for x in rs) / audio_s,
            "cpu_rtf": sum(x.get("cpu_s", float("nan")) for x in rs) / audio_s,
        }
    return out


_ABOUT = {
    "prompt": """decoded as a call decodes them (`plain`:
English tiny.en, German base in German), with the prompt of media/asr/hints.py (`prompt`), and
English by the multilingual base model (`base`), and both with the prompt for a code turn of
media/asr/hints.py `code_prompt` (`codes`, `base-codes`).""",
    "decoding": """decoded as a call decodes them (`plain`:
English tiny.en, German base in German; greedy, 1 thread) and with one decoding choice changed:
beam search of width 2, 3, 5 (`beamN`, whisper.cpp's `WHISPER_SAMPLING_BEAM_SEARCH`, patience
off); whisper's temperature fallback (`fallback`: a decode whose mean log-probability is below
-1 or whose tokens repeat (entropy below 2.4) is redone sampling at +0.2 a step, best of 5); the RMS level
normalised to -20 dBFS (`level`); the 8 kHz line upsampled linearly instead of by libsoxr
(`linear`, phone line only); English by the multilingual base forced to English (`base`,
`base-beam5`).""",
}


def to_markdown(r: dict[str, Any], cmd: str) -> str:
    rows = []
    for key, v in summarise(r["records"]).items():
        voice, lang, variant = key.split("/")
        rows.append(
            f"| {voice} | {lang} | {variant} | {v['n']} | {v['right']} ({v['right'] / v['n']:.0%}) | "
            f"{v['names'][0]}/{v['names'][1]} | {v['codes'][0]}/{v['codes'][1]} | {v['near']} | "
            f"{v['wer']:.2f} | {v['better']} / {v['worse']} | {v['spurious']} | "
            f"{v['decode_s']:.2f} | {v['rtf']:.2f} / {v['cpu_rtf']:.2f} |"
        )
    study = r.get("study", "prompt")
    prompts = "\n".join(f'- {k}: "{v}"' for k, v in r["prompts"].items())
    prompts = (
        f"Prompts (built from config/sites/demo.yaml):\n{prompts}" if study == "prompt" else ""
    )
    return f"""{HEADS[study]}

Machine: {r["machine"]}, shared; load average {r["load_before"][0]:.2f} before, {r["load_after"][0]:.2f}
after (decode seconds are inflated by the load). Date: {r["date"]}. Command: `{cmd}`
({r["wall_s"]:.0f} s). Caller turns of the corpus's {r["split"]} split that state a slot, spoken
by the benchmark voices (bench/voice_caller.py), {_ABOUT[study]} "Slots right" = every slot the turn states is
read the same from the transcript as from the turn's text (the same extractor); "names" =
turns stating a name whose name comes out right; "codes" = the same for the confirmation
number (every character), and "1 off" the codes read one character off (fabric/codes.py
`near_code`: found by the near rule when the full name is said exactly); "spurious" = turns where the transcript yields
a slot the text has not; "RTF" = decode seconds (wall, and CPU of all the process's threads)
per second of audio.

| voice | lang | variant | turns | slots right | names right | codes right | codes 1 off | WER | WER vs plain: turns better / worse | spurious | decode s | RTF wall / CPU |
|---|---|---|---|---|---|---|---|---|---|---|---|---|
{chr(10).join(rows)}

{prompts}
"""


def main(argv: list[str] | None = None) -> int:
    from bench.voice_caller import VOICES

    ap = argparse.ArgumentParser(prog="bench.asr_hints", description=__doc__.split("\n\n")[0])
    ap.add_argument(
        "--study",
        choices=tuple(STUDIES),
        default="prompt",
        help="prompt: vocabulary prompt and base; decoding: beam search, fallback, audio, base "
        "(sets the default --variants and the BENCHMARKS.md section)",
    )
    ap.add_argument(
        "--split", default="dev", help="train, dev or train,dev; never test (this tunes)"
    )
    ap.add_argument(
        "--limit", type=int, default=40, help="turns per split and language (default 40)"
    )
    ap.add_argument("--voices", default=",".join(VOICES), help=f"comma list of {', '.join(VOICES)}")
    ap.add_argument("--lang", choices=("en", "de"), help="one language only")
    ap.add_argument(
        "--threads", type=int, default=1, help="whisper threads per decode (default 1; a call: 2)"
    )
    ap.add_argument(
        "--variants",
        help=f"comma list of {', '.join(VARIANTS)} (default: the study's)",
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
    ap.add_argument(
        "--merge",
        metavar="JSON,JSON",
        help="no decoding: one table from earlier --json runs of one study (e.g. one per language)",
    )
    ap.add_argument("--json", metavar="PATH", help="write every record as JSON")
    ap.add_argument("--write-md", action="store_true", help="update BENCHMARKS.md")
    args = ap.parse_args(argv)
    voices = tuple(v for v in args.voices.split(",") if v)
    bad = [v for v in voices if v not in VOICES]
    if bad:
        ap.error(f"unknown voice(s) {bad}: choose from {', '.join(VOICES)}")
    say = lambda m: print(f"[bench.asr_hints] {m}", file=sys.stderr, flush=True)  # noqa: E731
    variants = tuple(v for v in (args.variants or ",".join(STUDIES[args.study])).split(",") if v)
    if not variants or set(variants) - set(VARIANTS):
        ap.error(f"--variants takes a comma list of {', '.join(VARIANTS)}")
    splits = tuple(sp for sp in args.split.split(",") if sp)
    if not splits or set(splits) - {"train", "dev"}:
        ap.error(
            f"--split takes train, dev or train,dev (never the test splits), not {args.split!r}"
        )
    langs = (args.lang,) if args.lang else ("en", "de")
    if args.rescore:
        r = rescore(args.rescore)
    elif args.merge:
        r = merge([p for p in args.merge.split(",") if p])
    else:
        r = run(splits, args.limit, voices, say, langs, variants, tuple(args.slot or SLOTS),
                args.threads)  # fmt: skip
        r["study"] = args.study
    from bench.report_md import publish

    head = HEADS[r.get("study", "prompt")]
    publish(r, to_markdown, module="bench.asr_hints", head=head, argv=argv,
            json_path=args.json, write_md=args.write_md)  # fmt: skip
    return 0


if __name__ == "__main__":
    sys.exit(main())
