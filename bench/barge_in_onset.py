"""``python -m bench.barge_in_onset``: which barge-in onset rule fires on speech, and on noise.

Why: a reply must stop as soon as the caller speaks, and must not stop for a noisy
line. The silero VAD gives one speech probability per 32 ms window; a rule is
"``windows`` windows in a row at probability >= ``threshold``". This measures, for
each rule, how long after the first sound (first sample above 5 % of the peak) it
decides on Piper-spoken utterances through G.711 (8 kHz µ-law, as a phone line), and
how often it fires on 20 s each of synthetic line noise. No timing of this host is
involved (stream time), so the figures do not depend on load.
"""

from __future__ import annotations

import argparse
import audioop
import sys
from pathlib import Path

import numpy as np

SR = 16000
WINDOW = 512
RULES = ((0.5, 2), (0.5, 1), (0.25, 1))  # (threshold, windows): before, now, the old default
UTTERANCES = (
    "What time is check-in?",
    "Can I bring my dog?",
    "Is breakfast included in the price?",
    "I need to cancel my reservation.",
    "Wait, stop.",
    "Yes.",
    "No.",
    "Okay.",
)
BACKCHANNELS = ("Mhm.", "Uh-huh.", "Hmm.")


def phone_line(x: np.ndarray) -> np.ndarray:
    """16 kHz float -> 8 kHz µ-law and back: what the runtime hears of a G.711 call."""
    from media.tts.resample import resample_int16

    i8 = resample_int16((np.clip(x, -1, 1) * 32767).astype(np.int16), SR, 8000)
    u = audioop.ulaw2lin(audioop.lin2ulaw(i8.astype("<i2").tobytes(), 2), 2)
    back = resample_int16(np.frombuffer(u, "<i2").astype(np.int16), 8000, SR)
    return back.astype(np.float32) / 32768.0


def noises(rng: np.random.Generator, seconds: float = 20.0) -> dict[str, np.ndarray]:
    n = int(seconds * SR)
    t = np.arange(n) / SR

    def shaped(power: float) -> np.ndarray:  # 1/f^power noise, unit RMS
        f = np.fft.rfft(rng.normal(0, 1, n))
        fr = np.fft.rfftfreq(n, 1 / SR)
        fr[0] = 1.0
        x = np.fft.irfft(f / fr ** (power / 2), n)
        return x / np.sqrt(np.mean(x**2))

    hum = sum(np.sin(2 * np.pi * 50 * k * t) / k for k in range(1, 8))
    hum = hum / np.sqrt(np.mean(hum**2))
    out = {}
    for db in (-40, -20, -12):
        g = 10 ** (db / 20)
        out[f"white {db} dBFS"] = shaped(0) * g
        out[f"pink {db} dBFS"] = shaped(1) * g
        out[f"brown {db} dBFS"] = shaped(2) * g
        out[f"mains hum {db} dBFS"] = hum * g
    floor = rng.normal(0, 10 ** (-55 / 20), n)
    for db in (-30, -20, -10):
        g = 10 ** (db / 20)
        clicks, i = floor.copy(), 0
        while i < n - 64:
            clicks[i : i + 32] += rng.normal(0, g, 32)
            i += int(rng.uniform(0.15, 0.4) * SR)
        out[f"keyboard clicks {db} dBFS"] = clicks
        knocks = floor.copy()
        for i in range(0, n - 2000, SR):
            knocks[i : i + 1280] += rng.normal(0, 3 * g, 1280) * np.exp(-np.arange(1280) / 200)
        out[f"knocks {db} dBFS"] = knocks
        out[f"4 Hz modulated noise {db} dBFS"] = floor + rng.normal(0, g, n) * (
            0.5 + 0.5 * np.sin(2 * np.pi * 4 * t)
        )
    return {k: v.astype(np.float32) for k, v in out.items()}


def probabilities(classifier, x: np.ndarray) -> list[float]:
    classifier.reset()
    return [classifier.probability(x[i : i + WINDOW]) for i in range(0, x.size - WINDOW, WINDOW)]


def firings(ps: list[float], threshold: float, windows: int) -> list[int]:
    """Window indices where the rule fires (once per run of windows at the threshold)."""
    run, out = 0, []
    for j, p in enumerate(ps):
        run = run + 1 if p >= threshold else 0
        if run == windows:
            out.append(j)
    return out


def run(cache: Path, progress=print) -> dict:
    from media.audio.callers import CallerVoices
    from media.vad.silero import SileroClassifier

    rng = np.random.default_rng(0)
    clf = SileroClassifier()
    voices = CallerVoices(cache)
    speech = []
    for text in UTTERANCES + BACKCHANNELS:
        progress(f"[bench.barge_in_onset] {text}")
        lead = 8000 + int(rng.integers(0, WINDOW))  # speech anywhere against the windows
        x = np.concatenate((np.zeros(lead, np.float32), voices.say(text, lead_s=0.0, tail_s=0.3)))
        x = phone_line(x)
        first = np.flatnonzero(np.abs(x) > 0.05 * np.abs(x).max())[0] / SR
        ps = probabilities(clf, x)
        row = {"text": text, "backchannel": text in BACKCHANNELS}
        for th, w in RULES:
            f = firings(ps, th, w)
            row[f"{th}x{w}"] = None if not f else round(((f[0] + 1) * WINDOW / SR - first) * 1000)
        speech.append(row)
    noise = []
    for name, x in noises(rng).items():
        ps = probabilities(clf, phone_line(x))
        noise.append({"noise": name, **{f"{th}x{w}": len(firings(ps, th, w)) for th, w in RULES}})
    return {"speech": speech, "noise": noise}


def to_markdown(r: dict) -> str:
    keys = [f"{th}x{w}" for th, w in RULES]
    head = " | ".join(f"p >= {th}, {w} window{'s' if w > 1 else ''}" for th, w in RULES)
    lines = [f"| utterance (G.711) | {head} |", "|---" * (len(RULES) + 1) + "|"]
    for s in r["speech"]:
        cells = " | ".join("never" if s[k] is None else f"{s[k]} ms" for k in keys)
        lines.append(f"| {s['text']}{' (backchannel)' if s['backchannel'] else ''} | {cells} |")
    lines += ["", f"| noise, 20 s (firings) | {head} |", "|---" * (len(RULES) + 1) + "|"]
    lines += [f"| {n['noise']} | " + " | ".join(str(n[k]) for k in keys) + " |" for n in r["noise"]]
    total = {k: sum(n[k] for n in r["noise"]) for k in keys}
    lines.append("| **all noise** | " + " | ".join(f"**{total[k]}**" for k in keys) + " |")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="bench.barge_in_onset", description=__doc__.split("\n\n")[0])
    ap.add_argument(
        "--cache",
        default="var/callers",
        help="folder of the Piper-spoken caller audio (made on first use; default var/callers)",
    )
    args = ap.parse_args(argv)
    r = run(Path(args.cache), progress=lambda m: print(m, file=sys.stderr, flush=True))
    print(to_markdown(r))
    return 0


if __name__ == "__main__":
    sys.exit(main())
