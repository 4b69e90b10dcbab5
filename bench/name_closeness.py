"""``python -m bench.name_closeness``: how the threshold of ``verification.names_close`` was chosen.

Why synthetic: the corpus's dialogues are for measuring the dialogue, and real misheard names
come only from its voice runs (too few). Each train name of bench/corpus/generate.py is
misheard by rule (sound-alike substitutions such as c/s, i/y, ph/f, a doubled or single letter,
a vowel swapped, one random edit, one substitution in each word) and compared with its own
booking name (should pass) and with every other name and first-name x surname recombination
(should not). A name accepted wrongly opens nothing alone: the number's digits must match too.
"""

from __future__ import annotations

import argparse
import itertools
import random

from rapidfuzz import fuzz

from agents.intel import verification as v
from bench.corpus.generate import NAMES

_SUBS = [
    ("c", "s"), ("s", "c"), ("ph", "f"), ("f", "ph"), ("y", "i"), ("i", "y"), ("k", "c"),
    ("ck", "k"), ("ie", "y"), ("ll", "l"), ("l", "ll"), ("tt", "t"), ("nn", "n"), ("mm", "m"),
    ("ei", "ai"), ("ai", "ei"), ("sch", "sh"), ("ü", "u"), ("ö", "o"), ("ä", "a"), ("mann", "man"),
    ("th", "t"), ("h", ""), ("e", "a"), ("a", "e"), ("o", "a"), ("er", "a"), ("z", "s"), ("w", "v"),
    ("v", "w"), ("ee", "ea"), ("ou", "o"), ("ey", "ay"), ("dt", "t"), ("d", "t"), ("t", "d"),
    ("g", "k"), ("b", "p"),
]  # fmt: skip


def misheard(name: str, rng: random.Random) -> set[str]:
    """Ways the ear may write ``name``: one sound-alike substitution per word, both words, or
    one random character edit."""
    out: set[str] = set()
    words = name.lower().split()
    for k, w in enumerate(words):
        for a, b in _SUBS:
            if a in w:
                out.add(" ".join(words[:k] + [w.replace(a, b, 1)] + words[k + 1 :]))
    for _ in range(10):
        s, i = name.lower(), rng.randrange(len(name))
        if s[i] != " ":
            ch = rng.choice("abcdefghijklmnopqrstuvwxyz")
            op = rng.choice("sdi")
            out.add(s[:i] + ch + s[i + 1 :] if op == "s" else s[:i] + s[i + 1 :] if op == "d" else s[:i] + ch + s[i:])
    if len(words) == 2:
        for (a, b), (c, d) in itertools.product(_SUBS[:12], _SUBS[:12]):
            if a in words[0] and c in words[1]:
                out.add(f"{words[0].replace(a, b, 1)} {words[1].replace(c, d, 1)}")
    out.discard(name.lower())
    return out


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--seed", type=int, default=7, help="seed of the random edits")
    args = ap.parse_args(argv)
    rng = random.Random(args.seed)
    names = sorted({f"{f} {s}" for lang in NAMES for f, s in NAMES[lang]})
    firsts, lasts = {n.split()[0] for n in names}, {n.split()[-1] for n in names}
    others = set(names) | {f"{f} {s}" for f in firsts for s in lasts}
    own = [(m, n) for n in names for m in misheard(n, rng)]
    other = [(o, n) for n in names for o in others if o != n]
    print(f"{len(names)} names, {len(own)} misheard pairs, {len(other)} other-name pairs")
    print("| threshold | misheard accepted (ratio) | others accepted (ratio) | misheard accepted (names_close) | others accepted (names_close) |")
    print("|---|---|---|---|---|")
    for th in (0.75, 0.80, 0.85, 0.88, 0.90):
        def ratio(a: str, b: str, th: float = th) -> bool:
            return fuzz.ratio(" ".join(v._name_tokens(a)), " ".join(v._name_tokens(b))) >= th * 100
        saved, v.NAME_CLOSE = v.NAME_CLOSE, th
        try:
            close_own = sum(v.names_close(a, b) for a, b in own)
            close_other = sum(v.names_close(a, b) for a, b in other)
        finally:
            v.NAME_CLOSE = saved
        r_own, r_other = sum(ratio(a, b) for a, b in own), sum(ratio(a, b) for a, b in other)
        print(f"| {th:.2f} | {r_own / len(own):.1%} | {r_other} | {close_own / len(own):.1%} | {close_other} |")


if __name__ == "__main__":
    main()
