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
# The second held-out split's: other hesitations again, and what a recogniser does to numbers
# (digits for number words, "to"/"too" for "two", "zwo" for "zwei").
HELDOUT2_FILLERS = {
    "en": ["okay so", "one sec", "listen", "look", "kind of", "eh", "now"],
    "de": ["oiso", "mei", "ja gut", "sag ich mal", "gö", "na", "schauen sie"],
}
# The third held-out split's: typed-like hesitations (chat habits, a German speaker's English
# and an English speaker's German), no numbers rewritten; none that could be a yes, a no or a
# "wait" ("jo", "wait"), so a filler never changes what a turn means.
HELDOUT3_FILLERS = {
    "en": ["like", "uh huh", "so yeah", "i guess", "ähm", "you see", "right so"],
    "de": ["also quasi", "hm", "sozusagen", "so", "well", "also ehrlich gesagt", "halt"],
}
# The fourth held-out split's: an older caller's and a learner's hesitations, none that could be a
# yes, a no or a "wait" ("ja", "moment", "hold on"); and homophones a recogniser writes ("four"
# for "for", "two" for "to"; German counted numbers as digits).
HELDOUT4_FILLERS = {
    "en": ["now then", "oh dear", "let me think", "how do you say", "what is it", "you know what", "well now"],
    "de": ["wie heißt das", "ach herrje", "tja also", "wie sagt man", "was wollte ich sagen", "ach so", "ach Gottchen"],
}  # fmt: skip
# The fifth held-out split's: British, American and teenage hesitations, Bavarian and Swiss
# particles, none that could be a yes, a no, a "wait" or a correction ("na", "eigentlich"); and
# what a recogniser does to words: "four"/"two" as in heldout4, German compounds heard as two
# words ("Wochen Ende", "Doppel Zimmer").
HELDOUT5_FILLERS = {
    "en": ["to be fair", "literally", "innit", "sort of", "kinda", "y'know like", "anyways"],
    "de": ["fei", "halt eben", "weißt eh", "irgendwie", "schau", "sog i", "grad"],
}  # fmt: skip
_SPLIT_COMPOUNDS = {"wochenende": "wochen ende", "doppelzimmer": "doppel zimmer", "einzelzimmer": "einzel zimmer", "übernachtungen": "über nachtungen", "zweibettzimmer": "zweibett zimmer"}  # fmt: skip
# "for" before these is never a count ("four the weekend"); "to" after these is an infinitive.
_FOR_BEFORE = {
    "the",
    "my",
    "me",
    "us",
    "our",
    "him",
    "her",
    "them",
    "that",
    "this",
    "it",
    "booking",
}
_TO_AFTER = {"like", "want", "need", "have", "going", "able", "wanting"}
_DIGITS = {
    "en": {
        "one": "1",
        "two": "2",
        "three": "3",
        "four": "4",
        "five": "5",
        "six": "6",
        "seven": "7",
        "eight": "8",
        "nine": "9",
        "ten": "10",
    },  # fmt: skip
    "de": {
        "zwei": "2",
        "drei": "3",
        "vier": "4",
        "fünf": "5",
        "sechs": "6",
        "sieben": "7",
        "acht": "8",
        "neun": "9",
        "zehn": "10",
    },  # fmt: skip
}
_COUNTED = r"(nights?|people|adults|guests|weeks|days|nächte|personen|erwachsene|übernachtungen|tage|wochen|leute)"  # fmt: skip


def _counted_digits(lang: str, text: str) -> str:
    """Digits for counted number words ("3 nights", "2 Nächte")."""
    digits = _DIGITS[lang]
    pat = re.compile(r"\b(" + "|".join(digits) + r")\b(?= " + _COUNTED + r"\b)")
    return pat.sub(lambda m: digits[m.group(1)], text)


def _homophones(lang: str, text: str, split: str = "heldout4") -> str:
    """heldout4 and heldout5: "four" for "for" and "two" for "to" where no count is meant;
    German: counted numbers as digits (heldout4), compounds heard as two words (heldout5)."""
    if lang == "de" and split == "heldout5":
        return re.sub(r"\w+", lambda m: _SPLIT_COMPOUNDS.get(m.group(0), m.group(0)), text)
    if lang == "de":
        return _counted_digits(lang, text)
    words = text.split()
    for i, w in enumerate(words):
        nxt = words[i + 1] if i + 1 < len(words) else ""
        if w == "for" and nxt in _FOR_BEFORE:
            words[i] = "four"
        elif w == "to" and i and words[i - 1] in _TO_AFTER:
            words[i] = "two"
    return " ".join(words)


def _numbers_as_heard(rng: random.Random, lang: str, text: str) -> str:
    """Digits for counted number words ("3 nights"), "two" heard as "to"/"too", "zwo"."""
    if rng.random() < 0.5:
        return _counted_digits(lang, text)
    if lang == "en":
        return re.sub(r"\btwo\b(?= " + _COUNTED + r"\b)", rng.choice(("to", "too")), text)
    return re.sub(r"\bzwei\b", "zwo", text)


def _strip(text: str) -> str:
    """Punctuation a recogniser leaves out; a dot after a digit ("5. Mai") and "6:30" stay."""
    text = re.sub(r"[,;!?\"()]", " ", text)
    text = re.sub(r"(?<!\d)\.|\.(?!\d|\s|$)", " ", text)  # keep "5." and "9.5." dots
    text = re.sub(r"(?<!\d):|:(?!\d)", " ", text)
    return re.sub(r"\s+", " ", text).strip()


def asr_style(
    rng: random.Random, lang: str, text: str, heldout: bool | str = False
) -> tuple[str, list[str]]:
    """Lowercase, unpunctuated, with fillers and sometimes a false start; returns (text, tags).

    `heldout`: a held-out split's fillers (HELDOUT_FILLERS; "heldout2": HELDOUT2_FILLERS and
    numbers as a recogniser writes them; "heldout3": HELDOUT3_FILLERS; "heldout4":
    HELDOUT4_FILLERS and homophones; "heldout5": HELDOUT5_FILLERS and its homophones)."""
    h2 = heldout == "heldout2"
    own = {
        "heldout2": HELDOUT2_FILLERS,
        "heldout3": HELDOUT3_FILLERS,
        "heldout4": HELDOUT4_FILLERS,
        "heldout5": HELDOUT5_FILLERS,
    }
    fillers = (own.get(str(heldout)) or (HELDOUT_FILLERS if heldout else FILLERS))[lang]
    tags = ["asr_style"]
    out = _strip(text.lower())
    if h2 and rng.random() < 0.5:
        heard = _numbers_as_heard(rng, lang, out)
        if heard != out:
            out = heard
            tags.append("numbers_as_heard")
    if heldout in ("heldout4", "heldout5"):
        heard = _homophones(lang, out, str(heldout))
        if heard != out:
            out = heard
            tags.append(
                "homophone" if lang == "en" or heldout == "heldout5" else "numbers_as_heard"
            )
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
