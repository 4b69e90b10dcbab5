"""Personal data out of transcripts before they reach a disk, a database or a log.

Why rules and not a model: redaction runs on every stored turn and on every
log line that quotes a caller; it must be fast, predictable and explainable.
The rules favour over-redaction where a miss would leak (card numbers are
checked with Luhn only to choose the label, never to keep digits in clear).

Replaced with labels so a reader still sees the shape of the dialogue:
``[EMAIL]``, ``[CARD]``, ``[IBAN]``, ``[PHONE]``, ``[NAME]``. Spoken forms that
ASR produces ("plus four nine one seven…", "john at example dot com") are
covered for digits spelt as words and "at"/"dot" e-mails.
"""

from __future__ import annotations

import re

from fabric.cards import luhn_ok  # one card-number check for SENTINEL and the ledger

_EMAIL = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+", re.UNICODE)
_SPOKEN_EMAIL = re.compile(
    r"\b[\w+-]+(?:\s+(?:dot|underscore|dash|hyphen)\s+[\w+-]+)*\s+at\s+[\w-]+"
    r"(?:\s+dot\s+[a-z]{2,})+\b",
    re.IGNORECASE,
)
_IBAN = re.compile(r"\b[A-Z]{2}\d{2}(?:[ ]?[A-Z0-9]{4}){3,7}(?:[ ]?[A-Z0-9]{1,3})?\b")
# 13-19 digits, optionally grouped by spaces or dashes
_CARD = re.compile(r"(?<![\d+])(?:\d[ -]?){12,18}\d(?!\d)")
# phone: optional +/00, then 7-15 digits with spaces, dots, dashes, slashes, parentheses
_PHONE = re.compile(r"(?<![\w+])(?:\+|00)?\(?\d[\d ().\-/]{5,}\d(?!\d)")
_NUMBER_WORDS = "zero|oh|one|two|three|four|five|six|seven|eight|nine|double|triple|plus"
_SPOKEN_DIGITS = re.compile(
    rf"\b(?:(?:{_NUMBER_WORDS})[\s,-]+){{6,}}(?:{_NUMBER_WORDS})\b", re.IGNORECASE
)
# "my name is John Smith", "this is Anna", "I'm Peter Miller", "name's Lee", "surname is ..."
_NAME_INTRO = re.compile(
    r"\b(?P<intro>my\s+name\s+is|my\s+name's|name\s+is|name's|this\s+is|i\s+am|i'm|"
    r"call\s+me|surname\s+is|last\s+name\s+is|first\s+name\s+is|under\s+the\s+name(?:\s+of)?|"
    r"booked\s+under|spelled|"
    # German: "mein Name ist", "ich heiße", "hier spricht", "auf den Namen", ...
    r"mein\s+name\s+ist|mein\s+name\s+lautet|name\s+ist|name\s+lautet|ich\s+hei(?:ß|ss)e|"
    r"ich\s+bin|hier\s+spricht|hier\s+ist|auf\s+den\s+namen|unter\s+dem\s+namen|"
    r"nachname\s+ist|vorname\s+ist|buchstabiert)\s+"
    r"(?P<name>(?:[A-Za-zÀ-ÖØ-öø-ÿ][\w'’-]*)(?:\s+(?:[A-Za-zÀ-ÖØ-öø-ÿ][\w'’-]*)){0,2})",
    re.IGNORECASE,
)
# words that follow "I am"/"this is" without being a name
_NOT_NAMES = {
    "a",
    "an",
    "the",
    "calling",
    "looking",
    "trying",
    "here",
    "just",
    "not",
    "so",
    "very",
    "sorry",
    "interested",
    "wondering",
    "going",
    "staying",
    "booked",
    "checking",
    "arriving",
    "leaving",
    "fine",
    "good",
    "ok",
    "okay",
    "about",
    "still",
    "also",
    "in",
    "at",
    "on",
    "with",
    "from",
    "for",
    "to",
    "and",
    "it",
    "that",
    "what",
    "regarding",
    "sure",
    "afraid",
    "happy",
    "glad",
    "ready",
    "travelling",
    "traveling",
    "coming",
    "hoping",
    "please",
    "yes",
    "no",
    "your",
    "my",
    "our",
    "their",
    "his",
    "her",
    "is",
    "was",
    "be",
    "been",
    "reservation",
    "booking",
    "room",
    "would",
    "like",
    "want",
    "need",
    "have",
    "i",
    "we",
    "you",
    "they",
    # German words that follow "ich bin"/"hier ist" (nouns are capitalised in German,
    # so the capital-letter test alone would take "Gast" for a name)
    "gast",
    "gäste",
    "ein",
    "eine",
    "einer",
    "der",
    "die",
    "das",
    "dem",
    "den",
    "nicht",
    "sehr",
    "gerade",
    "schon",
    "noch",
    "auch",
    "am",
    "im",
    "mit",
    "von",
    "für",
    "zu",
    "und",
    "es",
    "ja",
    "nein",
    "gebucht",
    "reserviert",
    "bitte",
    "hier",
    "da",
    "interessiert",
    "leider",
    "froh",
    "wegen",
    "mein",
    "meine",
    "ihr",
    "ihre",
    "wir",
    "sie",
    "er",
    "ist",
    "hat",
    "habe",
    "möchte",
    "würde",
    "gern",
    "gerne",
    "zimmer",
    "buchung",
    "reservierung",
}
_STRONG_INTROS = {
    "my name is",
    "my name's",
    "name is",
    "name's",
    "surname is",
    "last name is",
    "first name is",
    "call me",
    "spelled",
    "mein name ist",
    "mein name lautet",
    "name ist",
    "name lautet",
    "ich heiße",
    "ich heisse",
    "auf den namen",
    "unter dem namen",
    "nachname ist",
    "vorname ist",
    "buchstabiert",
}


def _card(m: re.Match) -> str:
    digits = re.sub(r"\D", "", m.group(0))
    return "[CARD]" if luhn_ok(digits) else "[NUMBER]"


def _phone(m: re.Match) -> str:
    s = m.group(0)
    digits = sum(c.isdigit() for c in s)
    if digits < 7:
        return s
    # ISO dates, times and prices are not phone numbers
    if re.fullmatch(r"\d{4}-\d{2}-\d{2}", s) or re.fullmatch(r"\d{1,2}[./]\d{1,2}[./]\d{2,4}", s):
        return s
    return "[PHONE]"


def _name(m: re.Match) -> str:
    intro = " ".join(m.group("intro").lower().split())
    words = m.group("name").split()
    strong = intro in _STRONG_INTROS
    kept: list[str] = []
    for w in words:
        lw = w.lower().strip("'’")
        if lw in _NOT_NAMES:
            break
        if not strong and not w[:1].isupper():
            break
        kept.append(w)
    if not kept:
        return m.group(0)
    rest = words[len(kept) :]
    return m.group("intro") + " [NAME]" + ("" if not rest else " " + " ".join(rest))


_NUMBER_WORD_LIST = _NUMBER_WORDS.split("|")
_INTRO_HINTS = (
    "name",
    "this is",
    "i am",
    "i'm",
    "call me",
    "under",
    "spelled",
    "hei",
    "ich bin",
    "hier ",
    "buchstab",
)
_NO_DIGITS = str.maketrans("", "", "0123456789")


def redact(text: str | None) -> str | None:
    """``text`` with e-mails, IBANs, card numbers, phone numbers and introduced names replaced.

    Each rule runs only when a cheap substring test says it could match (the
    regexes cost 10-40 µs each per sentence; the tests cost well under 1 µs),
    which keeps redaction of an ordinary turn a few microseconds.
    """
    if not text:
        return text
    low = text.lower()
    if "@" in text:
        text = _EMAIL.sub("[EMAIL]", text)
    if " at " in low and " dot " in low:
        text = _SPOKEN_EMAIL.sub("[EMAIL]", text)
    digits = len(text) - len(text.translate(_NO_DIGITS))
    if digits >= 7:  # the shortest phone number; IBANs and cards have more
        text = _IBAN.sub("[IBAN]", text)
        text = _CARD.sub(_card, text)
        text = _PHONE.sub(_phone, text)
    if sum(low.count(w) for w in _NUMBER_WORD_LIST) >= 7:
        text = _SPOKEN_DIGITS.sub("[PHONE]", text)
    if any(h in low for h in _INTRO_HINTS):
        text = _NAME_INTRO.sub(_name, text)
    return text


def normalise_phone(phone: str) -> str:
    """Digits with a leading + kept ("+49 (0)171 123-4567" -> "+491711234567"; "00" -> "+")."""
    s = phone.strip()
    s = re.sub(r"\(0\)", "", s)
    plus = s.startswith("+") or s.startswith("00")
    digits = re.sub(r"\D", "", s)
    if s.startswith("00"):
        digits = digits[2:]
    if len(digits) < 5:
        raise ValueError(f"{phone!r} does not look like a phone number (too few digits)")
    return ("+" if plus else "") + digits
