"""Numbers and ordinals in words, English and German (1-31 is all a stay needs).

Why our own table: the corpus must state what a caller says in words, and the
gold values must never come from the project's own parser (that is what the
corpus measures).
"""

from __future__ import annotations

EN_CARDINALS = [
    "zero",
    "one",
    "two",
    "three",
    "four",
    "five",
    "six",
    "seven",
    "eight",
    "nine",
    "ten",
    "eleven",
    "twelve",
    "thirteen",
    "fourteen",
    "fifteen",
    "sixteen",
    "seventeen",
    "eighteen",
    "nineteen",
    "twenty",
]
_EN_ORD = [
    "zeroth",
    "first",
    "second",
    "third",
    "fourth",
    "fifth",
    "sixth",
    "seventh",
    "eighth",
    "ninth",
    "tenth",
    "eleventh",
    "twelfth",
    "thirteenth",
    "fourteenth",
    "fifteenth",
    "sixteenth",
    "seventeenth",
    "eighteenth",
    "nineteenth",
    "twentieth",
]
_DE_CARD = [
    "null",
    "eins",
    "zwei",
    "drei",
    "vier",
    "fünf",
    "sechs",
    "sieben",
    "acht",
    "neun",
    "zehn",
    "elf",
    "zwölf",
    "dreizehn",
    "vierzehn",
    "fünfzehn",
    "sechzehn",
    "siebzehn",
    "achtzehn",
    "neunzehn",
    "zwanzig",
]
_DE_ORD_STEM = [
    "nullt",
    "erst",
    "zweit",
    "dritt",
    "viert",
    "fünft",
    "sechst",
    "siebt",
    "acht",
    "neunt",
    "zehnt",
    "elft",
    "zwölft",
    "dreizehnt",
    "vierzehnt",
    "fünfzehnt",
    "sechzehnt",
    "siebzehnt",
    "achtzehnt",
    "neunzehnt",
]
_DE_UNITS_IN_TENS = {1: "ein", 2: "zwei", 3: "drei", 4: "vier", 5: "fünf", 6: "sechs", 7: "sieben", 8: "acht", 9: "neun"}  # fmt: skip

MONTHS_EN = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
]
MONTHS_DE = [
    "Januar",
    "Februar",
    "März",
    "April",
    "Mai",
    "Juni",
    "Juli",
    "August",
    "September",
    "Oktober",
    "November",
    "Dezember",
]
WEEKDAYS_EN = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]
WEEKDAYS_DE = ["Montag", "Dienstag", "Mittwoch", "Donnerstag", "Freitag", "Samstag", "Sonntag"]


def en_cardinal(n: int) -> str:
    if n <= 20:
        return EN_CARDINALS[n]
    tens, unit = divmod(n, 10)
    word = {2: "twenty", 3: "thirty", 4: "forty", 5: "fifty", 6: "sixty", 7: "seventy", 8: "eighty", 9: "ninety"}[tens]  # fmt: skip
    return word if unit == 0 else f"{word}-{EN_CARDINALS[unit]}"


def en_ordinal(n: int) -> str:
    if n <= 20:
        return _EN_ORD[n]
    tens, unit = divmod(n, 10)
    if unit == 0:
        return {3: "thirtieth", 4: "fortieth"}[tens]
    word = {2: "twenty", 3: "thirty"}[tens]
    return f"{word}-{_EN_ORD[unit]}"


def en_ordinal_digits(n: int) -> str:
    suffix = "th" if 10 <= n % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")
    return f"{n}{suffix}"


def de_cardinal(n: int) -> str:
    if n <= 20:
        return _DE_CARD[n]
    tens, unit = divmod(n, 10)
    word = {2: "zwanzig", 3: "dreißig", 4: "vierzig", 5: "fünfzig", 6: "sechzig", 7: "siebzig", 8: "achtzig", 9: "neunzig"}[tens]  # fmt: skip
    return word if unit == 0 else f"{_DE_UNITS_IN_TENS[unit]}und{word}"


def de_ordinal(n: int, ending: str = "en") -> str:
    """German ordinal; ending "en" after am/vom/zum/ab dem ("dritten"), "e" after der ("dritte")."""
    stem = _DE_ORD_STEM[n] if n < 20 else de_cardinal(n) + "st"
    return stem + ending
