"""Make a transcript safe to understand: bounded length, no control characters, flagged oddities.

Why here and not in each agent: STRIKE and INTEL must agree on what the caller
"said" (a cut transcript must be cut at the same place for both), and the flags
are what the agent process turns into an alert for the feed.
"""

from __future__ import annotations

import re
import unicodedata

import msgspec

from agents.understanding.asr_text import restore

FLAG_EMPTY = "empty"
FLAG_CUT = "cut"
FLAG_GARBAGE = "garbage"

_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u200b-\u200f\u2028-\u202e\ufeff]")
_SPACE = re.compile(r"\s+")
_WORD = re.compile(r"[^\W\d_]{2,}", re.UNICODE)


class CleanText(msgspec.Struct, frozen=True):
    """A transcript after cleaning; ``flags`` lists what was wrong with the original."""

    text: str
    flags: tuple[str, ...] = ()
    original_chars: int = 0

    @property
    def usable(self) -> bool:
        return FLAG_EMPTY not in self.flags and FLAG_GARBAGE not in self.flags


def clean(text: str | None, max_chars: int) -> CleanText:
    """Normalise (NFC, spaces, hotel words mis-spelt by the recogniser), drop control
    characters, cut to ``max_chars`` at a word boundary."""
    raw = text or ""
    flags: list[str] = []
    t = unicodedata.normalize("NFC", raw)
    t = _CONTROL.sub(" ", t)
    t = _SPACE.sub(" ", t).strip()
    t = restore(t)  # "a sweet" -> "a suite": what the recogniser mis-spells (asr_text.py)
    if len(t) > max_chars:
        cut = t[:max_chars]
        space = cut.rfind(" ")
        t = (cut[:space] if space > max_chars // 2 else cut).rstrip()
        flags.append(FLAG_CUT)
    if not t:
        flags.append(FLAG_EMPTY)
    elif is_garbage(t):
        flags.append(FLAG_GARBAGE)
    return CleanText(text=t, flags=tuple(flags), original_chars=len(raw))


def is_garbage(t: str) -> bool:
    """No real words, or mostly symbols: nothing a person would say on the phone.

    Digits alone are not garbage (a caller may read out a phone number), and an
    e-mail address or a confirmation code is fine.
    """
    letters = sum(c.isalpha() for c in t)
    digits = sum(c.isdigit() for c in t)
    if digits >= 3 and letters == 0:
        return False
    if not _WORD.search(t):
        return True
    meaningful = letters + digits + t.count(" ")
    if meaningful / len(t) < 0.6:
        return True
    # Very long "words" with no vowels are keyboard mashing or ASR noise.
    words = t.split()
    odd = sum(1 for w in words if len(w) > 6 and not re.search(r"[aeiouyäöü@.\d]", w.lower()))
    return bool(words) and odd / len(words) > 0.5
