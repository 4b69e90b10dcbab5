"""Make a written turn look like what speech recognition returns.

Why: callers do not punctuate, they hesitate and restart ("um so i'd like uh a
room from the from the twelfth"); about a third of the corpus turns are passed
through here so the classifier and the extractor are measured on that too.
The slots a turn states do not change: only the surface does.
"""

from __future__ import annotations

import random
import re

FILLERS = {
    "en": ["um", "uh", "er", "so", "well", "like", "you know", "uhm", "hmm"],
    "de": ["äh", "ähm", "also", "na ja", "hm", "sozusagen", "öhm"],
}
# The held-out split's recogniser output: other hesitations than the tuned splits'.
HELDOUT_FILLERS = {
    "en": ["erm", "i mean", "basically", "let me see", "see", "ah", "actually"],
    "de": ["ehm", "tja", "quasi", "gell", "weißt du", "eben", "naja also"],
}


def _strip(text: str) -> str:
    """Punctuation a recogniser leaves out; a dot after a digit ("5. Mai") and "6:30" stay."""
    text = re.sub(r"[,;!?\"()]", " ", text)
    text = re.sub(r"(?<!\d)\.|\.(?!\d|\s|$)", " ", text)  # keep "5." and "9.5." dots
    text = re.sub(r"(?<!\d):|:(?!\d)", " ", text)
    return re.sub(r"\s+", " ", text).strip()


def asr_style(
    rng: random.Random, lang: str, text: str, heldout: bool = False
) -> tuple[str, list[str]]:
    """Lowercase, unpunctuated, with fillers and sometimes a false start; returns (text, tags).

    `heldout`: the held-out split's fillers (HELDOUT_FILLERS)."""
    fillers = (HELDOUT_FILLERS if heldout else FILLERS)[lang]
    tags = ["asr_style"]
    out = _strip(text.lower())
    if rng.random() < 0.5:
        out = out.replace("-", " ")
    words = out.split()
    if not words:
        return out, tags
    n_fill = rng.choice((0, 1, 1, 2))
    for _ in range(n_fill):
        pos = rng.randrange(0, len(words) + 1) if rng.random() < 0.6 else 0
        words.insert(pos, rng.choice(fillers))
    if n_fill:
        tags.append("filler")
    if len(words) >= 4 and rng.random() < 0.35:
        i = rng.randrange(0, len(words) - 2)
        k = rng.choice((1, 2, 2, 3))
        chunk = words[i : i + k]
        if not any(len(w) == 1 for w in chunk):  # never inside a spelled sequence
            words[i:i] = chunk
            tags.append("false_start")
    return " ".join(words), tags
