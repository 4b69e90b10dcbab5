"""Names and confirmation numbers as callers spell them: letters, "double five", NATO words,
the German spelling alphabet (traditional and DIN 5009:2022)."""

from __future__ import annotations

import random
from typing import Any

from bench.corpus.render import Piece

NATO = dict(
    zip(
        "ABCDEFGHIJKLMNOPQRSTUVWXYZ",
        [
            "alpha",
            "bravo",
            "charlie",
            "delta",
            "echo",
            "foxtrot",
            "golf",
            "hotel",
            "india",
            "juliett",
            "kilo",
            "lima",
            "mike",
            "november",
            "oscar",
            "papa",
            "quebec",
            "romeo",
            "sierra",
            "tango",
            "uniform",
            "victor",
            "whiskey",
            "x-ray",
            "yankee",
            "zulu",
        ],
        strict=True,
    )
)
DIN_OLD = dict(
    zip(
        "ABCDEFGHIJKLMNOPQRSTUVWXYZ",
        [
            "Anton",
            "Berta",
            "Cäsar",
            "Dora",
            "Emil",
            "Friedrich",
            "Gustav",
            "Heinrich",
            "Ida",
            "Julius",
            "Kaufmann",
            "Ludwig",
            "Martha",
            "Nordpol",
            "Otto",
            "Paula",
            "Quelle",
            "Richard",
            "Samuel",
            "Theodor",
            "Ulrich",
            "Viktor",
            "Wilhelm",
            "Xanthippe",
            "Ypsilon",
            "Zacharias",
        ],
        strict=True,
    )
)
DIN_2022 = dict(
    zip(
        "ABCDEFGHIJKLMNOPQRSTUVWXYZ",
        [
            "Aachen",
            "Berlin",
            "Chemnitz",
            "Düsseldorf",
            "Essen",
            "Frankfurt",
            "Goslar",
            "Hamburg",
            "Ingelheim",
            "Jena",
            "Köln",
            "Leipzig",
            "München",
            "Nürnberg",
            "Offenbach",
            "Potsdam",
            "Quickborn",
            "Rostock",
            "Salzwedel",
            "Tübingen",
            "Unna",
            "Völklingen",
            "Wuppertal",
            "Xanten",
            "Ypsilon",
            "Zwickau",
        ],
        strict=True,
    )
)
_UMLAUT_DIN = {"Ä": "Ärger", "Ö": "Ökonom", "Ü": "Übermut"}
_UMLAUT_EN = {"Ä": "A", "Ö": "O", "Ü": "U"}
_EN_DIGIT = ["zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine"]
_DE_DIGIT = ["null", "eins", "zwei", "drei", "vier", "fünf", "sechs", "sieben", "acht", "neun"]


def _din_old(rng: random.Random, c: str) -> str:
    """The traditional German words; S and Z have two in common use."""
    if c in _DIN_VARIANTS and rng.random() < 0.5:
        return _DIN_VARIANTS[c]
    return DIN_OLD.get(c) or _UMLAUT_DIN[c]


_DIN_VARIANTS = {"S": "Siegfried", "Z": "Zeppelin", "C": "Caesar"}


def _letters(word: str) -> list[str]:
    return [c for c in word.replace("ß", "ss").upper() if c.isalpha()]


def spell_word(rng: random.Random, lang: str, word: str, style: str) -> str:
    """Letters one by one: "W E B E R", "W-E-B-E-R", NATO words, the German spelling alphabet."""
    letters = _letters(word)
    if style == "dash":
        return "-".join(letters)
    if style == "nato":
        if lang == "en":
            letters = [_UMLAUT_EN.get(c, c) for c in letters]
            return ", ".join(rng.choice((f"{c} as in {NATO[c]}", NATO[c].capitalize())) for c in letters)  # fmt: skip
        return ", ".join(f"{c} wie {_din_old(rng, c)}" for c in letters)
    if style == "din2022":
        return ", ".join(f"{c} wie {DIN_2022.get(c) or _UMLAUT_DIN[c]}" for c in letters)
    return " ".join(letters)


def name(rng: random.Random, lang: str, first: str, last: str, spelled: str | None) -> Piece:
    slots: dict[str, Any] = {"guest_name": f"{first} {last}"}
    if not spelled:
        return Piece(f"{first} {last}", slots, [])
    slots["spelled"] = True
    sp = spell_word(rng, lang, last, spelled)
    tags = ["spelled_name"] + (["nato"] if spelled in ("nato", "din2022") else [])
    if lang == "en":
        text = rng.choice((f"{first} {last}, that's {sp}", f"{first} {last}. {last} is spelled {sp}", f"{first} {last}, {sp}"))  # fmt: skip
    else:
        text = rng.choice((f"{first} {last}, also {sp}", f"{first} {last}. {last} schreibt sich {sp}", f"{first} {last}, {sp}"))  # fmt: skip
    return Piece(text, slots, tags)


def _digits_spoken(rng: random.Random, lang: str, digits: str) -> str:
    words = _EN_DIGIT if lang == "en" else _DE_DIGIT
    out: list[str] = []
    i = 0
    while i < len(digits):
        c = digits[i]
        if lang == "en" and i + 1 < len(digits) and digits[i + 1] == c and rng.random() < 0.6:
            out.append(f"double {'oh' if c == '0' and rng.random() < 0.5 else words[int(c)]}")
            i += 2
            continue
        out.append("oh" if lang == "en" and c == "0" and rng.random() < 0.3 else words[int(c)])
        i += 1
    return " ".join(out)


def confirmation(rng: random.Random, lang: str, conf: str, style: str) -> Piece:
    """SOV1001 as said: plain, "S O V one zero zero one", "double five", NATO / German alphabet."""
    letters, digits = conf[:3], conf[3:]
    slots: dict[str, Any] = {"confirmation": conf}
    if style == "plain":
        return Piece(rng.choice((conf, f"{letters} {digits}", f"{letters}-{digits}")), slots, [])
    slots["spelled"] = True
    if style == "digits":
        text = " ".join(list(letters) + list(digits))
        return Piece(text, slots, ["spelled_confirmation"])
    spoken = _digits_spoken(rng, lang, digits)
    tags = ["spelled_confirmation"]
    if "double" in spoken:
        tags.append("double_digit")
    if style == "nato":
        head = spell_word(rng, lang, letters, "nato")
        tags.append("nato")
    elif style == "din2022":
        head = spell_word(rng, lang, letters, "din2022")
        tags.append("nato")
    else:
        head = " ".join(letters)
    return Piece(f"{head}, {spoken}" if "," in head else f"{head} {spoken}", slots, tags)
