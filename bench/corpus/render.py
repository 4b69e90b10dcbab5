"""Surface forms of what a caller says besides dates: nights, guests, rooms.

Why apart from the templates: templates are the phrasings the classifier is
split on; entity forms are shared by every split (the extractor, not the
classifier, reads them), so the test split still has "three nights", "a week",
"two adults and a child" and room synonyms. Each function returns a `Piece`:
the text, the slots it states and tags naming the form. Dates are in
render_dates, names and confirmation numbers in spelling.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from typing import Any

from bench.corpus.numbers import de_cardinal, en_cardinal


@dataclass
class Piece:
    text: str
    slots: dict[str, Any] = field(default_factory=dict)
    tags: list[str] = field(default_factory=list)


def nights(rng: random.Random, lang: str, n: int) -> Piece:
    """ "three nights", "a week" (7), "5 days" (= 5 nights), "zwei Nächte", "eine Woche"."""
    forms = ["words", "words", "digits", "days"]
    if n in (7, 14):
        forms += ["week", "week", "week"]
    if n > 30:
        return _long_stay(rng, lang, n)
    form = rng.choice(forms)
    tags = {"words": ["nights_words"], "digits": [], "days": ["nights_days"], "week": ["nights_week"]}[form]  # fmt: skip
    if lang == "en":
        if form == "week":
            text = "a week" if n == 7 else rng.choice(("two weeks", "a fortnight"))
        elif form == "days":
            text = f"{rng.choice((en_cardinal(n), str(n)))} days" if n > 1 else "one day"
        elif n == 1:
            text = rng.choice(("one night", "a night", "just one night", "a single night"))
        else:
            text = f"{en_cardinal(n) if form == 'words' else n} nights"
    else:
        if form == "week":
            text = "eine Woche" if n == 7 else "zwei Wochen"
        elif form == "days":
            text = f"{rng.choice((de_cardinal(n), str(n)))} Tage" if n > 1 else "einen Tag"
        elif n == 1:
            text = rng.choice(("eine Nacht", "nur eine Nacht"))
        else:
            text = f"{de_cardinal(n) if form == 'words' else n} Nächte"
    return Piece(text, {"nights": n}, tags)


def _long_stay(rng: random.Random, lang: str, n: int) -> Piece:
    """Beyond the longest stay: "six weeks", "45 nights", "sechs Wochen"."""
    if n % 7 == 0 and rng.random() < 0.6:
        w = n // 7
        text = f"{en_cardinal(w)} weeks" if lang == "en" else f"{de_cardinal(w)} Wochen"
    elif lang == "en":
        text = f"{rng.choice((en_cardinal(n), str(n)))} nights"
    else:
        text = f"{rng.choice((de_cardinal(n), str(n)))} Nächte"
    return Piece(text, {"nights": n}, ["too_long"])


def guests(rng: random.Random, lang: str, n: int) -> Piece:
    """A noun phrase to follow "for"/"für" ("two adults", "zwei Erwachsene und ein Kind")."""
    if lang == "en":
        forms = {
            1: ["one person", "one guest", "one adult", "1 person", "just one person"],
            2: ["two people", "two adults", "2 people", "two guests", "two persons"],
            3: [
                "three people",
                "three adults",
                "two adults and a child",
                "two adults and one kid",
                "3 guests",
            ],  # fmt: skip
            4: [
                "four people",
                "four adults",
                "two adults and two children",
                "a family of four",
                "4 people",
            ],  # fmt: skip
        }.get(n, [f"{en_cardinal(n)} people", f"{n} people", f"{en_cardinal(n)} adults"])
    else:
        forms = {
            1: ["eine Person", "1 Person"],
            2: ["zwei Personen", "zwei Erwachsene", "2 Personen", "zwei Gäste"],
            3: ["drei Personen", "drei Erwachsene", "zwei Erwachsene und ein Kind", "3 Personen"],
            4: [
                "vier Personen",
                "vier Erwachsene",
                "zwei Erwachsene und zwei Kinder",
                "eine vierköpfige Familie",
            ],  # fmt: skip
        }.get(n, [f"{de_cardinal(n)} Personen", f"{n} Personen", f"{de_cardinal(n)} Erwachsene"])
    return Piece(rng.choice(forms), {"guests": n}, ["guests_words"])


ROOM_FORMS = {
    "en": {
        "DBL": (
            [
                "a double room",
                "a double",
                "a room with a king bed",
                "a king room",
                "a room with a queen bed",
                "a double bed room",
                "a king size bed",
            ],  # fmt: skip
            ["the double", "the double room", "the king room", "the king bed", "the queen"],
        ),
        "TWN": (
            [
                "a twin room",
                "a twin",
                "a room with two single beds",
                "a room with separate beds",
                "a room with two beds",
            ],  # fmt: skip
            ["the twin", "the twin room", "the one with two beds", "separate beds"],
        ),
        "SUI": (["a suite", "the suite", "your suite"], ["the suite"]),
    },
    "de": {
        "DBL": (
            [
                "ein Doppelzimmer",
                "ein Zimmer mit Doppelbett",
                "ein Zimmer mit französischem Bett",
                "ein Doppel",
            ],  # fmt: skip
            ["das Doppelzimmer", "das Doppelzimmer", "das mit dem Doppelbett", "Doppelzimmer"],
        ),
        "TWN": (
            [
                "ein Zweibettzimmer",
                "ein Zimmer mit zwei Einzelbetten",
                "ein Zimmer mit getrennten Betten",
                "ein Twin-Zimmer",
            ],  # fmt: skip
            ["das Zweibettzimmer", "das mit den zwei Betten", "Zweibettzimmer"],
        ),
        "SUI": (["eine Suite", "die Suite", "Ihre Suite"], ["die Suite", "Suite"]),
    },
}
_PLAIN = {"a double room", "the double room", "a twin room", "the twin room", "a suite", "the suite",
          "ein Doppelzimmer", "das Doppelzimmer", "ein Zweibettzimmer", "das Zweibettzimmer",
          "eine Suite", "die Suite", "Doppelzimmer", "Zweibettzimmer", "Suite"}  # fmt: skip


def room(rng: random.Random, lang: str, code: str, definite: bool = False) -> Piece:
    text = rng.choice(ROOM_FORMS[lang][code][1 if definite else 0])
    return Piece(text, {"room_type": code}, [] if text in _PLAIN else ["room_synonym"])


# ---- names and confirmation numbers --------------------------------------------------------
