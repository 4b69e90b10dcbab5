"""Text normalisation for the rules: one canonical form, plus the decoded forms attackers hide behind.

Why: a rule written once for "ignore previous instructions" must also catch
"IGNORE  previous\u200b instructions", fullwidth or Cyrillic look-alike letters,
"1gn0r3", "i g n o r e", and base64 / hex / rot13 / %-encoded payloads. The
canonical form is what every rule sees; the *decoded variants* are only scanned
for injection, and a hit there counts as obfuscation (itself a signal of intent).
"""

from __future__ import annotations

import base64
import binascii
import codecs
import re
import unicodedata
from urllib.parse import unquote

# Zero-width and bidi control characters that split words invisibly.
_INVISIBLE = dict.fromkeys(
    map(
        ord,
        "\u200b\u200c\u200d\u2060\ufeff\u00ad\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069",
    ),
    None,
)
# Cyrillic and Greek letters that look like Latin ones (the common homoglyph set).
_CONFUSABLES = str.maketrans(
    {
        "а": "a", "е": "e", "о": "o", "р": "p", "с": "c", "у": "y", "х": "x", "і": "i",
        "ј": "j", "ѕ": "s", "ԁ": "d", "ɡ": "g", "к": "k", "м": "m", "н": "h", "в": "b",
        "α": "a", "β": "b", "ε": "e", "ι": "i", "κ": "k", "μ": "m", "ν": "v", "ο": "o",
        "ρ": "p", "τ": "t", "υ": "u", "χ": "x",
    }
)  # fmt: skip
_LEET = str.maketrans(
    {
        "0": "o",
        "1": "i",
        "3": "e",
        "4": "a",
        "5": "s",
        "7": "t",
        "@": "a",
        "$": "s",
        "!": "i",
        "|": "i",
    }
)
_SPACE = re.compile(r"\s+")
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f]")
# Letters written one by one: "i g n o r e", "i.g.n.o.r.e", "i-g-n-o-r-e".
_SPELLED = re.compile(r"\b(?:[a-zäöüß][ .\-_*]){3,}[a-zäöüß]\b")
_B64 = re.compile(r"[A-Za-z0-9+/]{16,}={0,2}")
_HEX = re.compile(r"\b(?:[0-9a-fA-F]{2}){8,}\b")


def canonical(text: str) -> str:
    """NFKC, invisible characters and control codes removed, look-alikes mapped, casefolded, spaces collapsed."""
    t = unicodedata.normalize("NFKC", text).translate(_INVISIBLE)
    t = _CONTROL.sub(" ", t).casefold().translate(_CONFUSABLES)
    return _SPACE.sub(" ", t).strip()


def _printable_ratio(s: str) -> float:
    if not s:
        return 0.0
    return sum(1 for c in s if c.isprintable() or c.isspace()) / len(s)


def _decode_b64(token: str) -> str | None:
    try:
        raw = base64.b64decode(token + "=" * (-len(token) % 4), validate=True)
        s = raw.decode("utf-8")
    except (binascii.Error, ValueError):
        return None
    return s if _printable_ratio(s) > 0.95 and any(c.isalpha() for c in s) else None


def _decode_hex(token: str) -> str | None:
    try:
        s = bytes.fromhex(token).decode("utf-8")
    except ValueError:
        return None
    return s if _printable_ratio(s) > 0.95 and any(c.isalpha() for c in s) else None


def decoded_variants(original: str, canon: str) -> list[tuple[str, str]]:
    """Other readings of the text, as (how, canonical text), only where they differ from ``canon``.

    Cheap by construction: each decoder runs only when its trigger characters are present.
    """
    out: list[tuple[str, str]] = []
    leet = canon.translate(_LEET)
    if leet != canon:
        out.append(("leetspeak", leet))
    if _SPELLED.search(canon):
        joined = _SPELLED.sub(lambda m: re.sub(r"[ .\-_*]", "", m.group(0)), canon)
        out.append(("spelled", joined))
    for m in _B64.finditer(original):
        s = _decode_b64(m.group(0))
        if s:
            out.append(("base64", canonical(s)))
    for m in _HEX.finditer(original):
        s = _decode_hex(m.group(0))
        if s:
            out.append(("hex", canonical(s)))
    if "%" in original:
        s = unquote(original)
        if s != original:
            out.append(("url", canonical(s)))
    out.append(("rot13", codecs.encode(canon, "rot13")))
    # Reversed text ("snoitcurtsni suoiverp erongi").
    out.append(("reversed", canon[::-1]))
    return out
