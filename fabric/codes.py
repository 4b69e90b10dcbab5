"""Confirmation numbers as the caller says them: normalised, and "one character off".

Why here: speech recognition mishears single characters of a read-out code ("S O V 8 0 0 8"
heard as "S O V 8 0 0 A"). The PMS executor (connectors) finds the bookings whose number is
one character from what was heard, and INTEL (agents) decides whether such a booking is the
caller's: both need the same rule, so it sits below both (docs/layout.md).

A near number alone never opens a booking: agents/intel/verification.py accepts it only
with a second factor that matches exactly (the full name, or the booking's phone calling).
Nor does a number whose digits part alone is right (``same_digits``): it needs the name heard
close or the booking's phone, and a read-back the caller answers (docs/understanding.md).
"""

from __future__ import annotations

import re

# A code shorter than this is not tolerated a wrong character: one of four is a quarter of it.
NEAR_MIN_CHARS = 5


def norm_code(code: str | None) -> str:
    """Letters and digits only, upper case ("sov-1001" -> "SOV1001")."""
    return re.sub(r"[^0-9A-Z]", "", (code or "").upper())


def near_code(said: str | None, on_booking: str | None) -> bool:
    """``said`` is ``on_booking`` with exactly one character changed, missing or extra.

    The same code is not "near" (it is equal); codes shorter than ``NEAR_MIN_CHARS`` never are.
    """
    a, b = norm_code(said), norm_code(on_booking)
    if a == b or min(len(a), len(b)) < NEAR_MIN_CHARS or abs(len(a) - len(b)) > 1:
        return False
    if len(a) == len(b):
        return sum(x != y for x, y in zip(a, b, strict=True)) == 1
    short, long_ = (a, b) if len(a) < len(b) else (b, a)
    i = next((k for k, (x, y) in enumerate(zip(short, long_, strict=False)) if x != y), len(short))
    return short[i:] == long_[i + 1 :]


# A digits part shorter than this says too little: one in a thousand bookings shares three digits.
DIGITS_MIN = 4


_PREFIX_DIGITS = re.compile(r"[A-Z]*(\d+)")


def digits_part(code: str | None) -> str:
    """The digits part of a code made of letters then digits ("SOV-6528" -> "6528"); "" for
    a code that mixes them ("K7M-4QX"), where no part is the digits."""
    m = _PREFIX_DIGITS.fullmatch(norm_code(code))
    return m.group(1) if m else ""


def same_digits(said: str | None, on_booking: str | None) -> bool:
    """The digits said are the booking's digits part exactly, while the codes differ: the
    letters (the hotel's prefix, "S O V") are what speech recognition mishears most ("sierra
    o as in oscar" heard as "here always an Oscar"), the digits the least. Never alone a factor."""
    b = digits_part(on_booking)
    a = re.sub(r"\D", "", norm_code(said))
    return len(b) >= DIGITS_MIN and a == b and norm_code(said) != norm_code(on_booking)


def resembles(said: str | None, on_booking: str | None) -> bool:
    """One character off, or the digits part exact: a booking worth a second factor."""
    return near_code(said, on_booking) or same_digits(said, on_booking)
