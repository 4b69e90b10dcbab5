"""Slots from an utterance by rules: guests, room type, name, phone, e-mail, confirmation, dates.

Why rules: every slot here has a closed form (a number, a code from config, a
pattern), and a rule is exact, explainable in `sovren explain`, and costs
microseconds. ``asked`` is the slot the dialogue just asked for, so that a bare
answer ("two", "Anna Weber", "ABC123") lands in the right place.
"""

from __future__ import annotations

import datetime as dt
import re

from agents.understanding.dates import parse_dates

NUMBER_WORDS = {
    "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7,
    "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "fourteen": 14,
    "ein": 1, "eine": 1, "einen": 1, "einer": 1, "zwei": 2, "drei": 3, "vier": 4,
    "fünf": 5, "sechs": 6, "sieben": 7, "acht": 8, "neun": 9, "zehn": 10, "elf": 11,
    "zwölf": 12, "vierzehn": 14, "couple of": 2, "a couple of": 2, "a": 1, "an": 1,
}  # fmt: skip


def count_value(word: str) -> int | None:
    w = word.strip().lower()
    if w.isdigit():
        return int(w)
    return NUMBER_WORDS.get(w)

_COUNT = (
    r"(\d{1,2}|"
    + "|".join(sorted((w for w in NUMBER_WORDS if len(w) > 2), key=len, reverse=True))
    + ")"
)
_GUESTS = re.compile(
    r"\b"
    + _COUNT
    + r"\s+(?:adults?|people|persons?|guests?|of us|personen|erwachsene|gäste|leute)\b"
)
_GUESTS_FOR = re.compile(
    r"\b(?:for|für)\s+"
    + _COUNT
    + r"\b(?!\s*(?:nights?|n\w*chte?|weeks?|wochen?|days?|tage?n?|\.|st|nd|rd|th))"
)
_ALONE = re.compile(r"\b(just me|only me|by myself|alone|on my own|allein|nur ich|eine person)\b")
_ZU = {"zweit": 2, "dritt": 3, "viert": 4, "fünft": 5}
_ZU_RX = re.compile(r"\bzu (zweit|dritt|viert|fünft)\b")
_COUPLE = re.compile(
    r"\b(my (?:wife|husband|partner|girlfriend|boyfriend) and (?:i|me)|me and my (?:wife|husband|partner|girlfriend|boyfriend)|meine frau und ich|mein mann und ich)\b"
)
_EMAIL = re.compile(r"\b[\w.+-]+@[\w-]+(?:\.[\w-]+)+\b")
_SPOKEN_EMAIL = re.compile(r"\b([\w.+-]+)\s+(?:at|ät)\s+([\w-]+(?:\s+(?:dot|punkt)\s+[\w-]+)+)\b")
_PHONE = re.compile(r"(?<![\w@])(\+?\d[\d ()/.-]{5,18}\d)(?![\w@])")
_CONFIRMATION_CUE = re.compile(
    r"(?:confirmation|booking|reservation|reference)\s*(?:number|code|no\.?|id)?\s*(?:is|was|:)?\s*"
    r"|(?:bestätigungsnummer|buchungsnummer|reservierungsnummer)\s*(?:ist|lautet|:)?\s*",
    re.IGNORECASE,
)
_CODE = re.compile(r"\b([A-Za-z]{1,6}-?\d[\dA-Za-z-]{2,14}|\d{5,12})\b")
_NAME_CUE = re.compile(
    r"(?:my name is|my name's|name is|the name is|this is|i am|i'm|under the name|in the name of|"
    r"mein name ist|ich heiße|ich bin|auf den namen|unter dem namen|name ist|name:?|namens)\s+"
    r"([A-Za-zÄÖÜäöüß][\w'-]*(?:\s+[A-Za-zÄÖÜäöüß][\w'-]*){0,2})",
    re.IGNORECASE,
)
_NOT_NAME = frozenset(
    [
        "calling",
        "looking",
        "interested",
        "here",
        "back",
        "sorry",
        "afraid",
        "not",
        "just",
        "only",
        "a",
        "an",
        "the",
        "from",
        "with",
        "going",
        "trying",
        "wondering",
        "hoping",
        "sure",
        "fine",
        "good",
        "ok",
        "okay",
        "yes",
        "no",
        "ja",
        "nein",
        "hier",
        "gerade",
        "auch",
        "nicht",
        "sehr",
        "interessiert",
        "calling,",
        "staying",
        "arriving",
        "leaving",
        "travelling",
        "traveling",
    ]
)
_FILLER = re.compile(
    r"^(?:(?:yes|yeah|sure|ok|okay|ja|it's|it is|that's|that is|das ist|es ist|name|my name is|"
    r"mein name ist|ich heiße|please|bitte|um|uh|ähm|äh)[\s,.:]+)+",
    re.IGNORECASE,
)
_NAME_STOP = re.compile(
    r"\s+(?:and|und|my|mein|meine|phone|telefon|email|e-mail|from|for|für)\b.*$", re.IGNORECASE
)


def room_type(text: str, synonyms: dict[str, list[str]]) -> str | None:
    """The room type code whose longest synonym occurs in the text (longest wins: "twin room")."""
    t = " " + re.sub(r"[^\wäöüß -]", " ", text.lower()) + " "
    best: tuple[int, str] | None = None
    for code, words in synonyms.items():
        for w in [code.lower(), *words]:
            if f" {w.lower()} " in t and (best is None or len(w) > best[0]):
                best = (len(w), code)
    return best[1] if best else None


def guests(text: str, asked: bool = False) -> int | None:
    t = text.lower()
    if _ALONE.search(t):
        return 1
    if _COUPLE.search(t):
        return 2
    z = _ZU_RX.search(t)
    if z:
        return _ZU[z.group(1)]
    m = _GUESTS.search(t) or _GUESTS_FOR.search(t)
    if m:
        n = count_value(m.group(1))
        return n if n and 0 < n <= 20 else None
    if asked:
        m = re.fullmatch(r"\W*(?:we are |we're |wir sind |it's |es sind )?" + _COUNT + r"\W*", t)
        if m:
            n = count_value(m.group(1))
            return n if n and 0 < n <= 20 else None
    return None


def email(text: str) -> str | None:
    m = _EMAIL.search(text)
    if m:
        return m.group(0).lower()
    m = _SPOKEN_EMAIL.search(text.lower())
    if m:
        domain = re.sub(r"\s+(?:dot|punkt)\s+", ".", m.group(2))
        return f"{m.group(1)}@{domain}"
    return None


def phone(text: str) -> str | None:
    without_mail = _EMAIL.sub(" ", text)
    for m in _PHONE.finditer(without_mail):
        raw = m.group(1)
        digits = re.sub(r"\D", "", raw)
        if 7 <= len(digits) <= 15 and not re.fullmatch(r"\d{1,2}\.\d{1,2}\.(\d{2,4})?", raw):
            return ("+" if raw.startswith("+") else "") + digits
    return None


def confirmation(text: str, asked: bool = False) -> str | None:
    """A booking reference: after a cue ("confirmation number is"), or a bare code when asked."""
    m = _CONFIRMATION_CUE.search(text)
    if m:
        c = _CODE.match(text[m.end() :].strip())
        if c:
            return _code_norm(c.group(1))
    for c in _CODE.finditer(text):
        code = c.group(1)
        has_letter = any(ch.isalpha() for ch in code)
        if (has_letter and sum(ch.isdigit() for ch in code) >= 2) or (asked and code.isdigit()):
            if _PHONE.fullmatch(code) and not has_letter and not asked:
                continue
            return _code_norm(code)
    return None


def _code_norm(code: str) -> str:
    return code.upper().replace(" ", "")


def guest_name(text: str, asked: bool = False) -> str | None:
    m = _NAME_CUE.search(text)
    cand = None
    if m:
        cand = m.group(1)
    elif asked:
        cand = _FILLER.sub("", text.strip()).strip(" .,!")
    if not cand:
        return None
    cand = _NAME_STOP.sub("", cand).strip(" .,!")
    if "," in cand:  # "Miller, Peter Miller": the last, fullest form
        cand = max((c.strip() for c in cand.split(",")), key=len)
    words = cand.split()
    if not words or len(words) > 4 or words[0].lower() in _NOT_NAME:
        return None
    if any(any(ch.isdigit() for ch in w) for w in words):
        return None
    if not m and len(words) > 3:
        return None
    return " ".join(w[:1].upper() + w[1:] for w in words)


def extract(
    text: str,
    today: dt.date,
    synonyms: dict[str, list[str]],
    asked: str | None = None,
) -> tuple[dict[str, object], bool]:
    """All slots the utterance states, as vocabulary names -> values; and a date-conflict flag."""
    out: dict[str, object] = {}
    span = parse_dates(text, today)
    if span.arrival:
        out["arrival"] = span.arrival.isoformat()
    if span.departure:
        out["departure"] = span.departure.isoformat()
    if span.nights is not None:
        out["nights"] = span.nights
    g = guests(text, asked=asked == "guests")
    if g is not None:
        out["guests"] = g
    rt = room_type(text, synonyms)
    if rt:
        out["room_type"] = rt
    mail = email(text)
    if mail:
        out["email"] = mail
    conf = confirmation(text, asked=asked == "confirmation")
    if conf:
        out["confirmation"] = conf
    ph = phone(text)
    if ph and ph != conf and not (conf and conf.endswith(ph)):
        out["phone"] = ph
    name = guest_name(text, asked=asked == "guest_name")
    if name and not (
        asked == "guest_name" and out.keys() - {"guest_name"} and not _NAME_CUE.search(text)
    ):
        out["guest_name"] = name
    return out, span.conflict
