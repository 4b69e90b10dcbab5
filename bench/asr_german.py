"""The German ear: what each whisper model writes for German callers, and when the call checks.

``python -m bench.asr_german [--split train] [--limit 30] [--english 30]
[--voices espeak16k,piper,espeak8k] [--models base] [--json PATH]``

Caller turns of the corpus (bench/corpus, one split; the test split is
refused: it is never used to tune) spoken by each caller voice, decoded one
utterance at a time, side by side in one run:
- every multilingual model decodes the German turns in German: word error
  rate (WER, bench/voice_caller.py's) and real-time factor (wall and CPU
  seconds per audio second, 2 threads);
- the first model of ``auto-en`` (tiny.en) decodes German and English turns:
  how often the language check runs by confidence alone
  (``media.asr_identify_below``) and with the plausibility trigger of
  media/asr/plausible.py; on German turns a check missed is a German caller
  taken for English, on English turns a check is a wasted multilingual decode;
- the language check itself (the first multilingual model's identify among
  en/de) on the German turns: how often it finds German.
Voices: ``espeak16k`` = espeak-ng German at 16 kHz (bench/voice_caller.py's
German caller), ``piper-accent`` = the shipped Piper voice (en_US) reading
German phonemes, the candidate for a human-sounding German caller (English
turns: plain Piper), ``espeak8k`` = espeak-ng at 8 kHz through a phone line.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import statistics
import sys
import time
from datetime import UTC, datetime
from pathlib import Path

VOICES = ("espeak16k", "piper-accent", "espeak8k")


def turns(split: str, lang: str, limit: int) -> list[str]:
    """``limit`` distinct caller turns of one language, spread over the split's dialogues."""
    from bench.corpus import load

    seen: dict[str, None] = {}
    for d in load(split=split):
        if d.lang == lang:
            for t in d.turns:
                seen.setdefault(t.text.strip(), None)
    texts = list(seen)
    step = max(1, len(texts) // max(1, limit))
    return texts[::step][:limit]


def speak(audio, text: str, lang: str, voice: str):
    """16 kHz float32 of one caller turn, 0.3 s of silence either side."""
    import numpy as np

    if voice == "espeak8k":
        return np.concatenate((audio.say(text, lang, "espeak8k"), np.zeros(4800, np.float32)))
    return audio.voices.say(text, lang, lead_s=0.3, tail_s=0.3, accented=voice == "piper-accent")


def decode(model, x, language: str) -> dict:
    c0 = time.process_time()
    r = model.transcribe(x, language=language)
    return {
        "text": r.text,
        "confidence": round(r.confidence, 3),
        "rtf": r.decode_s / r.audio_s,
        "cpu": (time.process_time() - c0) / r.audio_s,
    }


def run(args) -> dict:
    from bench.voice_caller import CallerAudio, word_error_rate
    from config import get_settings
    from media.asr.convert import PACKAGED_MODELS, ensure_converted
    from media.asr.plausible import evidence
    from media.asr.whisper import WhisperModel

    s = get_settings()
    m = s.media
    models = [n for n in args.models.split(",") if n]
    for n in models:
        if n not in PACKAGED_MODELS or not PACKAGED_MODELS[n].multilingual:
            raise SystemExit(f"{n!r} is not a packaged multilingual model (docs/asr.md)")
    voices = [v for v in args.voices.split(",") if v]
    bad = [v for v in voices if v not in VOICES]
    if bad:
        raise SystemExit(f"unknown voice(s) {', '.join(bad)}: choose from {', '.join(VOICES)}")
    audio = CallerAudio(Path(s.data_dir) / "callers")
    de, en = turns(args.split, "de", args.limit), turns(args.split, "en", args.english)
    out: dict = {
        "date": datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC"),
        "machine": f"{platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}",
        "load_before": [round(x, 2) for x in os.getloadavg()],
        "command": "python -m bench.asr_german " + " ".join(args.argv),
        "split": args.split,
        "identify_below": m.asr_identify_below,
        "records": [],
    }
    t_all = time.monotonic()
    loaded = {
        "tiny.en": WhisperModel(ensure_converted("tiny.en", s.data_dir), threads=m.asr_threads),
        **{
            n: WhisperModel(ensure_converted(n, s.data_dir), threads=m.asr_threads, language="auto")
            for n in models
        },
    }
    check_model = loaded[models[0]] if models else None
    total = len(voices) * len(de) + len([v for v in voices if v != "espeak16k"]) * len(en)
    done = 0
    for voice in voices:
        for lang, texts in (("de", de), ("en", en)):
            if lang == "en" and voice == "espeak16k":
                continue  # English callers are Piper or the phone line
            for text in texts:
                x = speak(audio, text, lang, voice)
                rec = {"voice": voice, "lang": lang, "text": text}
                rec["tiny.en"] = decode(loaded["tiny.en"], x, "en")
                rec["tiny.en"]["doubt_share"] = round(evidence(rec["tiny.en"]["text"]).share, 3)
                if lang == "de":
                    for n in models:
                        r = decode(loaded[n], x, "de")
                        r["wer"] = word_error_rate(text, r["text"])
                        rec[n] = r
                    if check_model is not None:
                        probs = check_model.identify(x, ("en", "de"))
                        rec["check_de"] = round(probs.get("de", 0.0), 3)
                out["records"].append(rec)
                if args.json:  # kept if the run is stopped
                    with open(f"{args.json}.records.jsonl", "a", encoding="utf-8") as fh:
                        fh.write(json.dumps(rec, ensure_ascii=False) + "\n")
                done += 1
                print(
                    f"[{done}/{total}] {voice} {lang}: tiny.en {rec['tiny.en']['confidence']:.2f} "
                    + " ".join(f"{n} WER {rec[n]['wer']:.2f}" for n in models if n in rec),
                    file=sys.stderr,
                )
    for model in loaded.values():
        model.close()
    out["wall_s"] = round(time.monotonic() - t_all, 1)
    out["load_after"] = [round(x, 2) for x in os.getloadavg()]
    out["models"] = models
    out["voices"] = voices
    return out


def would_check(rec: dict, identify_below: float, plausibility: bool) -> bool:
    """Whether auto-en checks this utterance's language (media/asr/streaming.py's rule)."""
    from media.asr.plausible import english_doubt

    t = rec["tiny.en"]
    if t["confidence"] < identify_below:
        return True
    return plausibility and english_doubt(t["text"], t["confidence"]) is not None


def _corpus_wer(recs: list[dict], model: str) -> float:
    from bench.voice_caller import _words

    words = sum(len(_words(r["text"])) for r in recs)
    return sum(r[model]["wer"] * len(_words(r["text"])) for r in recs) / max(1, words)


def markdown(r: dict) -> str:
    recs = r["records"]
    lines = [
        f"Measured {r['date']} on {r['machine']}; load average {r['load_before'][0]:.1f} before, "
        f"{r['load_after'][0]:.1f} after ({r['wall_s']:.0f} s); command `{r['command'].strip()}`; "
        f"{r['split']} split.",
        "",
        "German turns, each model decoding in German (WER over all words; RTF = wall and CPU "
        "seconds per audio second, median, 2 threads):",
        "",
        "| voice | model | turns | WER | RTF wall | RTF CPU |",
        "|---|---|---|---|---|---|",
    ]
    for voice in r["voices"]:
        vr = [x for x in recs if x["voice"] == voice and x["lang"] == "de"]
        for n in ["tiny.en", *r["models"]]:
            if not vr:
                continue
            wer = (
                f"{_corpus_wer(vr, n):.2f}"
                if n != "tiny.en"
                else f"({_corpus_wer_tiny(vr):.2f}, English model)"
            )
            lines.append(
                f"| {voice} | {n} | {len(vr)} | {wer} "
                f"| {statistics.median(x[n]['rtf'] for x in vr):.2f} "
                f"| {statistics.median(x[n]['cpu'] for x in vr):.2f} |"
            )
    lines += [
        "",
        f"The language check under auto-en (tiny.en first; checked = confidence below "
        f"{r['identify_below']}, + plausibility = or the words do not read as English, "
        "media/asr/plausible.py). German turns: a turn not checked is a German caller taken "
        "for English; English turns: a check is a wasted multilingual decode.",
        "",
        "| voice | lang | turns | tiny.en confidence median | checked by confidence | "
        "checked with plausibility | check finds German |",
        "|---|---|---|---|---|---|---|",
    ]
    for voice in r["voices"]:
        for lang in ("de", "en"):
            vr = [x for x in recs if x["voice"] == voice and x["lang"] == lang]
            if not vr:
                continue
            before = sum(would_check(x, r["identify_below"], False) for x in vr)
            after = sum(would_check(x, r["identify_below"], True) for x in vr)
            found = (
                f"{sum(x['check_de'] >= 0.5 for x in vr)}/{len(vr)}"
                if lang == "de" and "check_de" in vr[0]
                else "-"
            )
            lines.append(
                f"| {voice} | {lang} | {len(vr)} "
                f"| {statistics.median(x['tiny.en']['confidence'] for x in vr):.2f} "
                f"| {before}/{len(vr)} | {after}/{len(vr)} | {found} |"
            )
    return "\n".join(lines)


def _corpus_wer_tiny(recs: list[dict]) -> float:
    from bench.voice_caller import word_error_rate

    return statistics.mean(word_error_rate(x["text"], x["tiny.en"]["text"]) for x in recs)


def _saved(path: Path, args) -> dict:
    """A run's JSON, or the records of a stopped run (``--json PATH`` wrote PATH.records.jsonl)."""
    if path.suffix != ".jsonl":
        return json.loads(path.read_text())
    from config import get_settings

    recs = [json.loads(line) for line in path.read_text().splitlines() if line.strip()]
    when = datetime.fromtimestamp(path.stat().st_mtime, UTC).strftime("%Y-%m-%d %H:%M UTC")
    return {
        "date": f"{when} (records of a stopped run)",
        "machine": f"{platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}",
        "load_before": [float("nan")],
        "load_after": [os.getloadavg()[0]],
        "wall_s": float("nan"),
        "command": f"python -m bench.asr_german (records: {path.name})",
        "split": "see the command",
        "identify_below": get_settings().media.asr_identify_below,
        "records": recs,
        "models": [n for n in args.models.split(",") if n],
        "voices": list(dict.fromkeys(r["voice"] for r in recs)),
    }


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(
        prog="python -m bench.asr_german", description=__doc__.split("\n\n")[0]
    )
    ap.add_argument("--split", choices=("train", "dev"), default="train",
                    help="corpus split (the test split is never used to tune)")  # fmt: skip
    ap.add_argument("--limit", type=int, default=30, help="German turns (default 30)")
    ap.add_argument("--english", type=int, default=30, help="English turns (default 30)")
    ap.add_argument("--voices", default=",".join(VOICES), help=f"comma list of {', '.join(VOICES)}")
    ap.add_argument("--models", default="base", help="multilingual packaged models, comma list")
    ap.add_argument("--json", metavar="PATH", help="also write every record as JSON")
    ap.add_argument("--from-json", metavar="PATH", help="no run: print the tables of a JSON file")
    args = ap.parse_args(argv)
    args.argv = list(argv if argv is not None else sys.argv[1:])
    if args.from_json:
        print(markdown(_saved(Path(args.from_json), args)))
        return 0
    print(f"{args.limit} German and {args.english} English turns of the {args.split} split; "
          "progress follows", file=sys.stderr)  # fmt: skip
    r = run(args)
    if args.json:
        Path(args.json).write_text(json.dumps(r, indent=1, ensure_ascii=False))
    print(markdown(r))
    return 0


if __name__ == "__main__":
    sys.exit(main())
