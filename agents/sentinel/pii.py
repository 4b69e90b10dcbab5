"""Personal data in text: find it (card numbers by Luhn, IBANs by mod-97, e-mails, phone numbers) and redact it.

Why checksums: a 16-digit figure that fails Luhn is not a card and an IBAN that
fails mod-97 is not an account, so validated detectors keep booking references,
dates and prices from being flagged. Redaction is the one function every log line
and alert goes through, so it is deliberately greedy: any long digit run and any
name after a title is masked even when no detector claims it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from fabric.cards import luhn_ok

__all__ = ["PiiHit", "find_pii", "iban_ok", "luhn_ok", "phone_key", "redact"]

_CARD = re.compile(r"(?<![\d\w])(?:\d[ \-]?){12,18}\d(?![\d\w])")
_IBAN = re.compile(r"\b[a-z]{2}\d{2}(?: ?[a-z0-9]{4}){2,7}(?: ?[a-z0-9]{1,4})?\b", re.IGNORECASE)
_EMAIL = re.compile(r"\b[\w.+\-]+@[\w\-]+(?:\.[\w\-]+)+\b")
# Spoken form from speech recognition: "john dot smith at example dot com".
_SPOKEN_EMAIL = re.compile(
    r"\b[\w]+(?: dot [\w]+)* (?:at|ät) [\w\-]+(?: dot [\w\-]+)*? (?:dot|punkt) (?:com|de|org|net|eu|at|ch|co|uk|info|io)\b",
    re.IGNORECASE,
)
_PHONE = re.compile(r"(?<![\w\d])(?:\+|00)?\d[\d \-/().]{5,}\d(?![\w\d])")
_DATE_LIKE = re.compile(r"^\d{4}-\d{2}-\d{2}$|^\d{1,2}[./]\d{1,2}[./]\d{2,4}$")
_LONG_DIGITS = re.compile(r"\d(?:[ \-]?\d){3,}")
_TITLES = r"(?i:mr|mrs|ms|miss|dr|herr|frau|sir|madam)"
# Words that end a name after a title. The rules see lower-cased text, so capitalisation
# cannot tell "mr peter miller" from "mr smith arrives": a second word is taken as part of
# the name unless it is one of these (greedy on purpose: over-masking is harmless).
_NOT_NAME = (
    r"(?i:in|is|at|and|or|the|a|an|to|of|for|with|from|on|by|staying|stays|arrives?|arriving|"
    r"checked|checks?|checking|booked|booking|bookings|reservation|room|has|had|have|was|were|"
    r"will|would|does|did|do|please|here|there|still|he|she|his|her|they|leaves|leaving|departs|"
    r"when|what|which|who|today|tomorrow|now|yet|too|also|und|ist|im|bei|wohnt|hat|kommt|reist|"
    r"der|die|das|den|von|vom|zimmer|ein|eine|noch|schon|heute|morgen|nicht|sehr|hier|auf|"
    r"gast|gebucht|reserviert|bitte|gerade|leider|"
    r"calling|looking|trying|going|sorry|afraid|interested|not|just|sure|your|their|very|so|"
    r"really|glad|happy|angry|okay|ok|fine|ready|back|about|after|all|already|this|that|s)"
)
_TITLED_NAME = re.compile(
    rf"\b({_TITLES})\.?\s+(?!{_TITLES}\b)([A-Za-zÄÖÜäöüß'\-]+)(\s+(?!{_TITLES}\b|{_NOT_NAME}\b)[A-Za-zÄÖÜäöüß'\-]+)?"
)
# Names announced without a title: "a guest named Anna Schmidt", "my name is ...", "namens ...".
_NAMED = re.compile(
    rf"(?i)\b(named|called|by the name(?: of)?|name is|name's|namens|mit dem namen|heiße|heisse|ich bin|i am|i'm|"
    rf"name ist|name lautet|namen ist|auf den namen|unter dem namen|hier spricht|hier ist|"
    rf"nachname ist|vorname ist|buchstabiert)"
    rf"\s+(?!{_NOT_NAME}\b)([A-Za-zÄÖÜäöüß'\-]+)(\s+(?!{_NOT_NAME}\b)[A-Za-zÄÖÜäöüß'\-]+)?"
)
# Booking references: letters and digits mixed, 6+ characters (e.g. SOV-8K2Q7Z, AB12CD34).
_REFERENCE = re.compile(
    r"\b(?=[A-Za-z\-]*\d)(?=[\d\-]*[A-Za-z])[A-Za-z0-9]{2,}(?:-[A-Za-z0-9]+)*\b"
)


@dataclass(frozen=True, slots=True)
class PiiHit:
    kind: str  # card | iban | email | phone
    value: str  # as found in the text
    start: int
    end: int

    @property
    def digits(self) -> str:
        return "".join(c for c in self.value if c.isdigit())


def _has_digits(text: str) -> bool:
    return any(d in text for d in "0123456789")


def iban_ok(candidate: str) -> bool:
    s = candidate.replace(" ", "").upper()
    if not 15 <= len(s) <= 34 or not s[:2].isalpha() or not s[2:4].isdigit():
        return False
    rearranged = s[4:] + s[:4]
    try:
        number = int("".join(str(int(c, 36)) for c in rearranged))
    except ValueError:
        return False
    return number % 97 == 1


def find_pii(text: str) -> list[PiiHit]:
    """Every validated piece of personal data in ``text``, in order, non-overlapping."""
    hits: list[PiiHit] = []
    taken: list[tuple[int, int]] = []

    def free(s: int, e: int) -> bool:
        return all(e <= a or s >= b for a, b in taken)

    def add(kind: str, m: re.Match[str]) -> None:
        hits.append(PiiHit(kind, m.group(0), m.start(), m.end()))
        taken.append((m.start(), m.end()))

    # cheap substring checks first: most text has no "@" and few digits
    if "@" in text:
        for m in _EMAIL.finditer(text):
            add("email", m)
    low = text.lower() if (" at " in text or " ät " in text) else ""
    if low and (" dot " in low or " punkt " in low):
        for m in _SPOKEN_EMAIL.finditer(text):
            if free(m.start(), m.end()):
                add("email", m)
    if _has_digits(text):
        for m in _IBAN.finditer(text):
            if free(m.start(), m.end()) and iban_ok(m.group(0)):
                add("iban", m)
        for m in _CARD.finditer(text):
            if free(m.start(), m.end()) and luhn_ok(re.sub(r"\D", "", m.group(0))):
                add("card", m)
        for m in _PHONE.finditer(text):
            v = m.group(0).strip()
            n = sum(c.isdigit() for c in v)
            if 7 <= n <= 15 and not _DATE_LIKE.match(v) and free(m.start(), m.end()):
                add("phone", m)
    hits.sort(key=lambda h: h.start)
    return hits


def phone_key(value: str) -> str:
    """Comparable form of a phone number: its last nine digits (+49 170… and 0170… agree)."""
    return "".join(c for c in value if c.isdigit())[-9:]


def redact(text: str, names: tuple[str, ...] | list[str] = ()) -> str:
    """Text safe for logs and alerts: personal data, long digit runs, references and names masked."""
    hits = find_pii(text)
    out = []
    pos = 0
    for h in hits:
        out.append(text[pos : h.start])
        out.append(f"[{h.kind.upper()}]")
        pos = h.end
    out.append(text[pos:])
    t = "".join(out)
    for name in names:
        if name and len(name) >= 2:
            t = re.sub(re.escape(name), "[NAME]", t, flags=re.IGNORECASE)
    t = _TITLED_NAME.sub(lambda m: f"{m.group(1)} [NAME]", t)
    t = _NAMED.sub(lambda m: f"{m.group(1)} [NAME]", t)
    if _has_digits(t):
        t = _REFERENCE.sub(lambda m: "[REF]" if len(m.group(0)) >= 5 else m.group(0), t)
        t = _LONG_DIGITS.sub("[NUMBER]", t)
    return t
