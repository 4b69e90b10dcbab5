"""Spelled-out confirmation numbers and names, assembled from what the caller says.

Why: we read confirmation numbers back character by character ("S O V one zero
zero one"), and callers answer the same way, or spell a name the recogniser got
wrong ("Weber, W E B E R"; "that's spelled M-U-E-L-L-E-R"; "Siegfried Otto
Viktor eins null null eins"). Speech recognition writes such a run as separate
tokens, which no pattern for codes or names matches. This module turns a run of
spelled units back into one string: single letters, digits, number words (EN/DE,
"zwo", "oh" for zero among digits), "double five" / "triple zero" ("doppel",
"dreifach"), the NATO alphabet and the German spelling alphabets (DIN 5009 names
and the 2022 city names), with "S as in Sierra" / "S wie Siegfried" read once.
"""

from __future__ import annotations

import re

import msgspec

NATO = {
    "alfa": "A", "alpha": "A", "bravo": "B", "charlie": "C", "delta": "D", "echo": "E",
    "foxtrot": "F", "golf": "G", "hotel": "H", "india": "I", "juliet": "J", "juliett": "J",
    "kilo": "K", "lima": "L", "mike": "M", "november": "N", "oscar": "O", "papa": "P",
    "quebec": "Q", "romeo": "R", "sierra": "S", "tango": "T", "uniform": "U", "victor": "V",
    "whiskey": "W", "whisky": "W", "x-ray": "X", "xray": "X", "yankee": "Y", "zulu": "Z",
}  # fmt: skip
GERMAN = {
    "anton": "A", "ärger": "Ä", "berta": "B", "bertha": "B", "cäsar": "C", "caesar": "C",
    "charlotte": "C", "dora": "D", "emil": "E", "friedrich": "F", "gustav": "G",
    "heinrich": "H", "ida": "I", "julius": "J", "kaufmann": "K", "konrad": "K",
    "ludwig": "L", "martha": "M", "marta": "M", "nordpol": "N", "otto": "O", "ökonom": "Ö",
    "österreich": "Ö", "paula": "P", "quelle": "Q", "richard": "R", "samuel": "S",
    "siegfried": "S", "schule": "SCH", "eszett": "ß", "theodor": "T", "ulrich": "U",
    "übermut": "Ü", "übel": "Ü", "viktor": "V", "wilhelm": "W", "xanthippe": "X",
    "ypsilon": "Y", "zacharias": "Z", "zeppelin": "Z",
    # DIN 5009:2022 (city names)
    "aachen": "A", "umlaut a": "Ä", "berlin": "B", "chemnitz": "C", "düsseldorf": "D",
    "essen": "E", "frankfurt": "F", "goslar": "G", "hamburg": "H", "ingelheim": "I",
    "jena": "J", "köln": "K", "leipzig": "L", "münchen": "M", "nürnberg": "N",
    "offenbach": "O", "potsdam": "P", "quickborn": "Q", "rostock": "R", "salzwedel": "S",
    "tübingen": "T", "unna": "U", "völklingen": "V", "wuppertal": "W", "xanten": "X",
    "zwickau": "Z",
}  # fmt: skip
DIGITS = {
    "zero": "0", "oh": "0", "one": "1", "two": "2", "three": "3", "four": "4", "five": "5",
    "six": "6", "seven": "7", "eight": "8", "nine": "9",
    "null": "0", "eins": "1", "zwei": "2", "zwo": "2", "drei": "3", "vier": "4", "fünf": "5",
    "sechs": "6", "sieben": "7", "acht": "8", "neun": "9",
}  # fmt: skip
_REPEAT = {"double": 2, "doppel": 2, "doppelte": 2, "triple": 3, "dreifach": 3, "dreifache": 3}
_AS_IN = frozenset(["as", "in", "like", "for", "wie", "für"])
_SKIP = frozenset(["dash", "hyphen", "minus", "bindestrich", "strich", "then", "dann", "and"])
# Marks spelled between two letters of a name, kept in it ("O'Connell", "Fraser-Hamilton");
# between letters and digits of a code they are skipped.
_MARKS = {"apostrophe": "'", "apostroph": "'", "hyphen": "-", "bindestrich": "-", "dash": "-"}
# Fillers a recogniser writes inside a spelled run ("s o hmm v", "s like o v", "r uhm as in romeo").
_FILLERS = frozenset(
    ["uh", "uhm", "um", "umm", "hmm", "hm", "er", "erm", "ehm", "äh", "ähm", "öhm", "well", "like",
     "so", "also", "you", "know", "halt", "sozusagen", "quasi", "na", "naja", "listen", "look",
     "oiso", "gö",
     # answer words and "now" a caller drops between letters ("m c a l now l i", "m ü l ja gut
     # l e r"); alone they end no run and start none
     "now", "ja", "jo", "gut"]
)  # fmt: skip
_NA_JA = re.compile(r"\bna\s+ja\b", re.IGNORECASE)
_TOKEN = re.compile(r"[\wÄÖÜäöüß]+(?:['’][a-z]+)?(?:-[\wÄÖÜäöüß]+)*|[,.;:/]")


class Spelled(msgspec.Struct, frozen=True):
    """One run of spelled units: the assembled text and where it was said."""

    value: str
    start: int
    end: int
    units: int

    @property
    def letters(self) -> str:
        """The letters, with an apostrophe or hyphen said between two of them ("O'CONNELL")."""
        return re.sub(
            r"^['-]+|['-]+$", "", "".join(ch for ch in self.value if ch.isalpha() or ch in "'-")
        )

    @property
    def has_digit(self) -> bool:
        return any(ch.isdigit() for ch in self.value)

    @property
    def has_letter(self) -> bool:
        return any(ch.isalpha() for ch in self.value)


def _unit(word: str, in_digits: bool) -> str | None:
    """What one token spells, or None when it is an ordinary word."""
    w = word.lower()
    if len(w) == 1 and w.isalpha():
        return w.upper()
    if w.isdigit() and len(w) <= 6:
        return w
    if "-" in w:
        parts = w.split("-")
        # "double-l", "Doppel-N": one hyphenated token for a doubled letter
        if len(parts) == 2 and parts[0] in _REPEAT and len(parts[1]) == 1 and parts[1].isalpha():
            return parts[1].upper() * _REPEAT[parts[0]]
        # "M-U-E-L-L-E-R", and a code as whisper writes it: "S-O-V-3929", "S-O-V-815-8"
        if all((len(p) == 1 and p.isalnum()) or p.isdigit() for p in parts) or w == "x-ray":
            return "".join(p.upper() for p in parts) if w != "x-ray" else "X"
        return _hyphenated_digits(parts, in_digits)
    if w in NATO:
        return NATO[w]
    if w in GERMAN:
        return GERMAN[w]
    if w in DIGITS and (w != "oh" or in_digits):
        return DIGITS[w]
    return None


def _hyphenated_digits(parts: list[str], in_digits: bool) -> str | None:
    """Digits read out with "double"/"triple" as whisper joins them: "s-o-v-3-double-o-3",
    "39-double-1", "double-O-3" (after digits). An "o" after "double" among digits is "oh", a zero. None when
    any part is something else."""
    out: list[str] = []
    repeat = 1
    for p in parts:
        if p in _REPEAT:
            repeat = _REPEAT[p]
            continue
        digits = in_digits or bool(out and out[-1][-1:].isdigit())
        if p.isdigit():
            piece = p
        elif p == "o" and repeat > 1 and digits:
            piece = "0"
        elif p in DIGITS and p != "oh":
            piece = DIGITS[p]
        elif len(p) == 1 and p.isalpha():
            piece = p.upper()  # "s-o-v-3-double-o-3": the letters before the digits
        else:
            return None
        out.append(piece * repeat)
        repeat = 1
    if repeat > 1 or not any(p in _REPEAT for p in parts):
        return None  # a repeat word with nothing after it; or no repeat (other rules read it)
    return "".join(out)


_NOT_PREFIX = frozenset(
    ["is", "for", "the", "at", "on", "in", "my", "no", "and", "or", "to", "of", "it", "its", "am",
     "um", "ist", "für", "mit", "die", "der", "das", "den", "und", "von", "vom", "zum", "bei", "nr",
     "our", "we", "me", "us", "be", "by", "an", "are", "was", "ein", "eine", "im", "an", "auf", "at"]
)  # fmt: skip


_CALENDAR = frozenset(
    ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec", "june",
     "july", "mai", "juni", "juli", "mon", "tue", "wed", "thu", "fri", "sat", "sun", "year", "jahr",
     "room", "zimmer"]
)  # fmt: skip


def _is_prefix(word: str, nxt: list[tuple[str, int, int]]) -> bool:
    """A 2-4 letter word spelled as one: written in capitals, or right before digits ("sov 5690")."""
    w = word.lower()
    if not (word.isalpha() and 2 <= len(word) <= 4) or w in _NOT_PREFIX or w in _CALENDAR:
        return False
    if word.isupper():
        return True
    if len(word) > 3:
        return False  # "june 2026", "room 1234": words; a prefix said as one is short ("sov")
    follow = [w for w, _s, _e in nxt]
    return bool(follow) and (
        (follow[0].isdigit() and len(follow[0]) >= 3)
        or all(_unit(w, True) is not None and _unit(w, True).isdigit() for w in follow[:2])
        and len(follow) >= 2
    )


def _next_is_unit(toks: list[tuple[str, int, int]], i: int) -> bool:
    return (
        i + 1 >= len(toks)
        or _unit(toks[i + 1][0], False) is not None
        or toks[i + 1][0] in ",."
        or toks[i + 1][0].lower() in _SAFE_LETTER_NAMES | {"see"}
    )


def _code_word_follows(toks: list[tuple[str, int, int]], i: int, piece: str) -> bool:
    """ "i wie Ida" / "i as in india": the letter, explained by its code word (no pronoun)."""
    j = i + 1
    while j < len(toks) and j <= i + 2 and toks[j][0].lower() in _AS_IN:
        j += 1
    return i + 1 < j < len(toks) and _explains(toks[j][0], piece)


def _explains(word: str, piece: str) -> bool:
    """A code word for the letter: one of the alphabets above, or any word of three letters
    or more that starts with it. Every country and every caller has its own spelling words
    (the Swiss "Z wie Zürich, S wie Sophie, N wie Niklaus", the British "F for Freddie, S for
    Sugar", "A for Apple"): the letter before "wie" / "as in" / "for" is what counts."""
    if _unit(word, False) == piece:
        return True
    w = word.lower()
    return (
        len(piece) == 1
        and len(w) >= 3
        and w.isalpha()
        and w[0] == piece.lower()
        and w not in DIGITS
        and w not in _TENS_EN
        and w not in _TEENS_EN
    )


# Two-digit numbers said as one word inside a code: "S O V forty seven seventy one",
# "S O V fourteen oh eight", "S O V dreiundneunzig fünfundfünfzig" (the way people read
# digits in pairs). Only after a code's first unit: alone such a word is a count.
_TEENS_EN = {
    "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14, "fifteen": 15,
    "sixteen": 16, "seventeen": 17, "eighteen": 18, "nineteen": 19,
}  # fmt: skip
_TENS_EN = {
    "twenty": 2, "thirty": 3, "forty": 4, "fifty": 5, "sixty": 6, "seventy": 7, "eighty": 8,
    "ninety": 9,
}  # fmt: skip
_TEENS_DE = {
    "zehn": 10, "elf": 11, "zwölf": 12, "dreizehn": 13, "vierzehn": 14, "fünfzehn": 15,
    "sechzehn": 16, "siebzehn": 17, "achtzehn": 18, "neunzehn": 19,
}  # fmt: skip
_TENS_DE = {
    "zwanzig": 2, "dreißig": 3, "dreissig": 3, "vierzig": 4, "fünfzig": 5, "sechzig": 6,
    "siebzig": 7, "achtzig": 8, "neunzig": 9,
}  # fmt: skip
_ONES = {"one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7,
         "eight": 8, "nine": 9, "ein": 1, "eins": 1, "zwei": 2, "zwo": 2, "drei": 3, "vier": 4,
         "fünf": 5, "sechs": 6, "sieben": 7, "acht": 8, "neun": 9}  # fmt: skip
_DE_COMPOUND = re.compile(
    r"^(" + "|".join(k for k in _ONES if k.isalpha()) + r")und(" + "|".join(_TENS_DE) + r")$"
)


_DE_ONES = "eins|ein|zwei|zwo|drei|vier|fünf|sechs|sieben|acht|neun"
# A German number said as one word with "tausend" / "hundert" ("achttausendachthundertvierzehn",
# "fünftausendeinhundertzwölf"): how German callers read a four-digit code's number.
_DE_BIG = re.compile(rf"^(?:({_DE_ONES})?tausend)?(?:({_DE_ONES})?hundert)?(?:und)?(\w*)$")


def _below_hundred_de(w: str) -> int | None:
    if not w:
        return 0
    if w in _TEENS_DE:
        return _TEENS_DE[w]
    if w in _TENS_DE:
        return _TENS_DE[w] * 10
    if m := _DE_COMPOUND.match(w):
        return _TENS_DE[m.group(2)] * 10 + _ONES[m.group(1)]
    return _ONES.get(w) if w != "ein" else None


def _german_big(w: str) -> int | None:
    """The value of a German number word with "tausend" or "hundert" in it, else None."""
    if "tausend" not in w and "hundert" not in w:
        return None
    m = _DE_BIG.match(w)
    if m is None or (rest := _below_hundred_de(m.group(3))) is None:
        return None
    thousands = _ONES.get(m.group(1) or "ein", 1) if "tausend" in w else 0
    hundreds = _ONES.get(m.group(2) or "ein", 1) if "hundert" in w.split("tausend")[-1] else 0
    return thousands * 1000 + hundreds * 100 + rest


def _english_big(toks: list[tuple[str, int, int]], i: int) -> tuple[int, int] | None:
    """ "one thousand and five", "four thousand two hundred twelve", "twelve hundred and
    six": a number with "thousand" or "hundred", and how many tokens it took; else None."""
    words = [t[0].lower() for t in toks[i : i + 8]]
    total, k, big = 0, 0, False

    def small(j: int) -> tuple[int, int] | None:  # 1-99 at words[j:]
        if j >= len(words):
            return None
        w = words[j]
        if w in _TEENS_EN:
            return _TEENS_EN[w], 1
        tens, _, ones = w.partition("-")
        if tens in _TENS_EN and ones in _ONES and ones.isascii():
            return _TENS_EN[tens] * 10 + _ONES[ones], 1
        if w in _TENS_EN:
            nxt = words[j + 1] if j + 1 < len(words) else ""
            if nxt in _ONES and nxt.isascii() and nxt not in ("ein",):
                return _TENS_EN[w] * 10 + _ONES[nxt], 2
            return _TENS_EN[w] * 10, 1
        if w in _ONES and w.isascii() and w != "ein":
            return _ONES[w], 1
        return None

    for unit, factor in (("thousand", 1000), ("hundred", 100)):
        got = small(k)
        if got and k + got[1] < len(words) and words[k + got[1]] == unit:
            total += got[0] * factor
            k += got[1] + 1
            big = True
            if k < len(words) and words[k] == "and":
                k += 1
    if not big:
        return None
    if got := small(k):
        total += got[0]
        k += got[1]
    elif words[k - 1] == "and":
        k -= 1
    return total, k


def _number(toks: list[tuple[str, int, int]], i: int) -> tuple[str, int] | None:
    """The digits of a number said with "thousand"/"hundert" inside a code ("S O V
    achttausendachthundertvierzehn", "S O V one thousand and five"), and the tokens taken."""
    value = _german_big(toks[i][0].lower())
    if value is not None:
        return str(value), 1
    got = _english_big(toks, i)
    return (str(got[0]), got[1]) if got else None


def _pair(toks: list[tuple[str, int, int]], i: int) -> tuple[str, int] | None:
    """The two digits a number word from 10 to 99 says, and how many tokens it took."""
    w = toks[i][0].lower()
    teen = _TEENS_EN.get(w) or _TEENS_DE.get(w)
    if teen:
        return str(teen), 1
    if m := _DE_COMPOUND.match(w):
        return f"{_TENS_DE[m.group(2)]}{_ONES[m.group(1)]}", 1
    tens, _, ones = w.partition("-")  # "forty-seven"
    if tens in _TENS_EN and ones in _ONES:
        return f"{_TENS_EN[tens]}{_ONES[ones]}", 1
    if w in _TENS_EN:
        nxt = toks[i + 1][0].lower() if i + 1 < len(toks) else ""
        if nxt in _ONES and nxt.isascii():
            return f"{_TENS_EN[w]}{_ONES[nxt]}", 2
        return f"{_TENS_EN[w]}0", 1
    if w in _TENS_DE:
        return f"{_TENS_DE[w]}0", 1
    return None


# Letters' names as said before a code's digits: English ("ess oh vee 6 9 5 2") and German
# ("es o fau 7 0 0 7"). Many are everyday words ("es", "er", "be", "oh"), so only a run of
# them (or of single letters) that ends in digits is read as letters.
_GERMAN_LETTER_NAMES = {
    "be": "B", "ce": "C", "ze": "C", "de": "D", "ef": "F", "ge": "G", "ha": "H", "jot": "J",
    "ka": "K", "el": "L", "em": "M", "en": "N", "pe": "P", "ku": "Q", "er": "R", "es": "S",
    "te": "T", "fau": "V", "we": "W", "ix": "X", "zet": "Z",
}  # fmt: skip


# Letters' names that are everyday words first ("it should be ess oh vee ..."): they continue
# a run of letters, never start one ("es" does: it is how German callers say S).
_EVERYDAY = frozenset(
    ["be", "are", "you", "see", "sea", "he", "why", "our", "eye", "tea", "pea", "we", "de", "en",
     "er", "oh", "el", "em"]
)  # fmt: skip


def _letter_before_digits(
    toks: list[tuple[str, int, int]], i: int, inside: bool = False
) -> str | None:
    """The letter a letter's name says when it starts or continues (``inside``: after a
    spelled letter) a run of letters that ends in digits ("ess oh vee 6 ..."), else None."""
    names = _LETTER_NAMES | _GERMAN_LETTER_NAMES
    w = toks[i][0].lower()
    if w not in names or (w in _EVERYDAY and not inside):
        return None
    j, spoken = i, 0
    while j < len(toks) and j < i + 5:
        t = toks[j][0].lower()
        if t in names:
            spoken += 1
        elif not (len(t) == 1 and t.isalpha()):
            break
        j += 1
    if j >= len(toks) or (spoken < 2 and w not in _SAFE_LETTER_NAMES and not inside):
        return None
    nxt = _unit(toks[j][0], True)
    if (nxt is not None and nxt.isdigit()) or _pair(toks, j) is not None:
        return names[w]
    return None


# How speech recognition writes a spoken letter's name ("are as in Romeo", "he as an echo").
_LETTER_NAMES = {
    "ay": "A", "bee": "B", "be": "B", "see": "C", "sea": "C", "dee": "D", "ee": "E", "he": "E",
    "eff": "F", "ef": "F", "gee": "G", "aitch": "H", "eye": "I", "jay": "J", "kay": "K",
    "el": "L", "ell": "L", "em": "M", "en": "N", "oh": "O", "pee": "P", "pea": "P", "cue": "Q",
    "queue": "Q", "are": "R", "ar": "R", "our": "R", "es": "S", "ess": "S", "tee": "T",
    "tea": "T", "you": "U", "vee": "V", "ex": "X", "why": "Y", "zed": "Z", "zee": "Z",
}  # fmt: skip
# "as in", and how a recogniser mishears it ("as an", "as and", "is in"); "like", "for"; German "wie"
_AS_FIRST = frozenset(["as", "is", "like", "for", "wie", "für"])
_AS_SECOND = frozenset(["in", "an", "and", "on", "im"])


# Letters' names that are no everyday word a caller says inside a spelled run ("see" is:
# "k o w a see l s k i" is Kowalski, with the filler "you see").
_SAFE_LETTER_NAMES = frozenset(
    ["bee", "dee", "eff", "gee", "aitch", "jay", "kay", "ell", "el", "em", "en", "pee",
     "cue", "ar", "ess", "tee", "vee", "ex", "zed", "zee"]
)  # fmt: skip


def _letter_name_inside(toks: list[tuple[str, int, int]], i: int, cur: list[str]) -> bool:
    """ "a see l": a letter's name between spelled letters (a letter before, a unit after)."""
    w = toks[i][0].lower()
    if w not in _SAFE_LETTER_NAMES or not cur or not cur[-1][-1:].isalpha():
        return False
    return i + 1 < len(toks) and _unit(toks[i + 1][0], False) is not None


# "O8", "o55": a zero said as "oh" that the recogniser wrote onto the digits after it
_O_DIGITS = re.compile(r"[oO]\d{1,5}")


def _after_letters(cur: list[str]) -> bool:
    return bool(cur) and cur[-1][-1:].isalpha()


def _digit_follows(toks: list[tuple[str, int, int]], i: int) -> bool:
    """The next unit after token ``i`` (commas aside) is a digit."""
    nxt = next((t for t, _s, _e in toks[i + 1 :] if t not in ",."), None)
    if nxt is None:
        return False
    unit = _unit(nxt, True)
    return bool(unit and unit[0].isdigit()) or bool(_O_DIGITS.fullmatch(nxt))


def _code_word(word: str) -> str | None:
    w = word.lower()
    return NATO.get(w) or GERMAN.get(w)


def _explained_letters(toks: list[tuple[str, int, int]]) -> list[tuple[str, int, int]]:
    """ "are as in Romeo" -> "Romeo" (one token spanning the three): the code word says the
    letter, whatever the recogniser made of the letter's name before it ("are", "he", "bee")
    or of "as in" ("as an"). Only a code word counts ("as in the hotel" is left alone)."""
    out: list[tuple[str, int, int]] = []
    i = 0
    while i < len(toks):
        w = toks[i][0].lower()
        if w in _AS_FIRST and i + 1 < len(toks):
            j = i + 2 if toks[i + 1][0].lower() in _AS_SECOND and i + 2 < len(toks) else i + 1
            if _code_word(toks[j][0]) is not None and out:
                prev = out[-1][0].lower()
                said = _LETTER_NAMES.get(prev) or (prev.upper() if len(prev) == 1 else None)
                if said is not None:
                    start = out.pop()[1]
                    end, i = toks[j][2], j + 1
                    if i < len(toks) and toks[i][0].lower() == toks[j][0].lower():
                        end, i = toks[i][2], i + 1  # "z as in zulu zulu": the word said twice
                    out.append((toks[j][0], start, end))
                    continue
        out.append(toks[i])
        i += 1
    return out


def runs(text: str, min_units: int = 3) -> list[Spelled]:
    """Every run of at least ``min_units`` spelled units (a hyphenated "M-U-E-L-L-E-R" counts its letters)."""
    text = _NA_JA.sub(lambda m: " " * len(m.group(0)), text)  # "w wie na ja wuppertal"
    toks = _explained_letters(
        [
            (m.group(0), m.start(), m.end())
            for m in _TOKEN.finditer(text)
            if m.group(0).lower() not in _FILLERS
        ]
    )
    out: list[Spelled] = []
    cur: list[str] = []
    units = 0
    start = end = 0
    repeat = 1
    i = 0

    def close() -> None:
        nonlocal cur, units, repeat
        if units >= min_units:
            out.append(Spelled("".join(cur), start, end, units))
        cur, units, repeat = [], 0, 1

    while i < len(toks):
        word, s, e = toks[i]
        lw = word.lower()
        if lw in _REPEAT and i + 1 < len(toks):
            repeat = _REPEAT[lw]
            i += 1
            continue
        if cur and (big := _number(toks, i)) is not None:
            piece, took = big  # a code's number said as one ("S O V one thousand and five")
            cur.append(piece)
            units += len(piece)
            end = toks[i + took - 1][2]
            i += took
            continue
        in_digits = bool(cur) and cur[-1][-1:].isdigit()
        piece = _unit(word, in_digits=in_digits)
        if piece is None and cur and (in_digits or repeat > 1) and _O_DIGITS.fullmatch(word):
            piece = "0" + word[1:]  # "eight, double, O8": "double oh eight" written as one
        if piece is None and lw in ("to", "too") and _after_letters(cur) and _digit_follows(toks, i):
            piece = "2"  # "oscar victor to 887": the first digit after a code's letters
        if (
            piece in ("I", "A")
            and word in ("i", "a", "I")
            and not _next_is_unit(toks, i)
            and not _code_word_follows(toks, i, piece)
        ):
            piece = None  # "... r as in romeo i want to book": the pronoun, not a letter
        if piece is None and _letter_name_inside(toks, i, cur):
            piece = _LETTER_NAMES[lw]  # "k o w a see l s k i": a letter's name, written as a word
        if piece is None:
            # "ess oh vee 6 9 5 2", "es o fau 7 0 0 7"
            inside = bool(cur) and cur[-1][-1:].isalpha()
            piece = _letter_before_digits(toks, i, inside)
        if piece is None and cur and (two := _pair(toks, i)) is not None:
            piece, took = two  # "S O V forty seven seventy one": digits read in pairs
            if not cur:
                start = s
            cur.append(piece)
            units += len(piece)
            end = toks[i + took - 1][2]
            i += took
            continue
        if piece is None and _is_prefix(word, toks[i + 1 : i + 3]):
            piece = word.upper()  # "SOV triple zero one", "sov 5690": a prefix written as one word
        if piece is None and lw in _MARKS and cur and cur[-1][-1:].isalpha():
            k = next((k for k in range(i + 1, len(toks)) if toks[k][0] not in ",."), None)
            nxt = _unit(toks[k][0], False) if k is not None else None
            if nxt is not None and nxt.isalpha():  # "O, apostrophe, C ...", "R hyphen H ..."
                cur.append(_MARKS[lw])
                i += 1
                continue
        if piece is None and lw in _SKIP | {",", "/", "-", "see"} and cur:  # "you see"
            i += 1
            continue
        if piece is None:
            close()
            i += 1
            continue
        if piece == "O" and repeat > 1 and cur and (in_digits or _digit_follows(toks, i)):
            piece = "0"  # "S O V double O 3", "6 double oh 6": a doubled "oh" in a code is zeros
        # "S as in Sierra" / "S wie Siegfried" / "Z wie Zürich": the code word repeats the letter
        if len(piece) == 1 and i + 2 < len(toks) and toks[i + 1][0].lower() in _AS_IN:
            j = i + 2 if toks[i + 2][0].lower() not in _AS_IN else i + 3
            if j < len(toks) and _explains(toks[j][0], piece):
                toks[j] = (piece if piece.isalpha() else toks[j][0], toks[i][1], toks[j][2])
                i = j
                continue
        if not cur:
            start = s
        cur.append(piece[0] * repeat + piece[1:])  # "double, O8": the repeat is the first one's
        units += repeat * (
            len(piece) if "-" in word or (piece == word.upper() and word.isalpha()) else 1
        )
        end = e
        repeat = 1
        i += 1
    close()
    return out


def best(text: str, *, want_digits: bool | None = None, min_units: int = 3) -> Spelled | None:
    """The longest run; ``want_digits`` True = a code (letters and digits or digits only),
    False = a name (letters only)."""
    cands = runs(text, min_units)
    if want_digits is True:
        cands = [r for r in cands if r.has_digit]
        top = max(cands, key=lambda r: r.units, default=None)
        if top is not None and (cut := _spelled_word_first(text, top)) is not None:
            return best(" " * cut + text[cut:], want_digits=True, min_units=min_units)
    elif want_digits is False:
        cands = [r for r in cands if not r.has_digit and len(r.letters) >= 2]
    return max(cands, key=lambda r: r.units, default=None)


def _spelled_word_first(text: str, sp: Spelled) -> int | None:
    """Where a code's run stops spelling a word said just before it ("Ferdinand Huber, H U B
    E R, S O V 7 1 0 0": HUBER spells the surname, the code is SOV7100), else None. Callers
    spell the name, then read the code in one breath, and the recogniser writes no pause."""
    lead = re.match(r"[^\W\d_]+", sp.value)
    if lead is None:
        return None
    for word in reversed(re.findall(r"[^\W\d_]{3,}", text[: sp.start])[-3:]):
        said = word.upper()
        if not lead.group(0).startswith(said) or len(sp.value) <= len(said):
            continue
        got = ""
        for m in _TOKEN.finditer(text, sp.start, sp.end):
            tok = m.group(0)
            if len(tok) == 1 and tok.isalpha():
                got += tok.upper()
            elif tok.lower() not in _FILLERS and tok not in ",.;:/":
                break
            if got == said:
                return m.end()
            if not said.startswith(got):
                break
    return None


# A confirmation code written as one token ("SOV-1277", "SOV1277", "48213").
CODE = re.compile(r"\b([A-Za-z]{1,6}-?\d[\dA-Za-z-]{2,14}|\d{5,12})\b")


def without_code(text: str) -> str:
    """The text without its spelled code ("one double zero" is no double room)."""
    sp = best(text, want_digits=True, min_units=4)
    return text if sp is None else text[: sp.start] + " " + text[sp.end :]
