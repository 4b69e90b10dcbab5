"""Is the caller the guest of this reservation? A value in [0, 1] for the decision core.

Why strict: reading out or changing someone else's booking is the social
engineering SENTINEL watches for; the dialogue never looks a booking up by name
alone, and it treats a booking as the caller's only when two independent facts
agree (confirmation number + name), or the call comes from the phone number
stored on the booking.
"""

from __future__ import annotations

import re
import unicodedata

import jellyfish
from rapidfuzz import fuzz

from fabric.codes import near_code, norm_code, same_digits
from fabric.phones import same_phone
from ipc.payloads import Booking

_TITLES = frozenset(["mr", "mrs", "ms", "miss", "dr", "herr", "frau", "doktor", "prof"])


def _name_tokens(name: str | None) -> list[str]:
    n = unicodedata.normalize("NFKD", (name or "").casefold())
    n = "".join(c for c in n if not unicodedata.combining(c))
    return [t for t in re.findall(r"[a-z]+", n) if t not in _TITLES]


def names_match(said: str | None, on_booking: str | None) -> bool:
    """The surname the caller gave is the booking's surname, and any first name agrees too."""
    a, b = _name_tokens(said), _name_tokens(on_booking)
    if not a or not b:
        return False
    if len(a) != len(b) and "".join(a) == "".join(b):
        return True  # the same letters, spaced otherwise by the recogniser ("Priyasharma")
    if a[-1] != b[-1]:
        return False
    return len(a) == 1 or len(b) == 1 or a[0] == b[0] or a[0][0] == b[0][0]


def names_exact(said: str | None, on_booking: str | None) -> bool:
    """Every name the booking holds was said, letter for letter (titles aside).

    Stricter than ``names_match``: a surname alone or a first initial does not do. This is
    the second factor that lets a confirmation number one character off open a booking.
    """
    a, b = _name_tokens(said), _name_tokens(on_booking)
    return bool(a) and (a == b or "".join(a) == "".join(b))


# How close a name heard must be to the booking's (rapidfuzz Indel ratio of the full names,
# titles aside), or every word of it sounding alike (Metaphone: "Lore" / "Laura"), to count as
# the second factor beside a number whose digits are exact. Decided on synthetic mishearings
# of the corpus's train names (`python -m bench.name_closeness`): 95.6 % of misheard
# names pass and 44 of 103,776 other-name pairs do ("Schulz" for "Schulze": no ear tells them
# apart), each of which would also need the booking's digits.
NAME_CLOSE = 0.85


def names_close(said: str | None, on_booking: str | None) -> bool:
    """The full name said sounds like the booking's: a letter or two misheard ("lusia Romano"),
    or every word alike in sound ("Lore Bennett" for "Laura Bennett")."""
    a, b = _name_tokens(said), _name_tokens(on_booking)
    if len(a) < 2 or len(b) < 2:
        return False  # a surname alone is one name, not the name (a first and a last)
    if fuzz.ratio(" ".join(a), " ".join(b)) >= NAME_CLOSE * 100:
        return True
    return len(a) == len(b) and all(
        jellyfish.metaphone(x) == jellyfish.metaphone(y) for x, y in zip(a, b, strict=True)
    )


def score(
    reservation: Booking,
    confirmation: str | None,
    name: str | None,
    caller_id: str | None,
) -> float:
    """1.0 = two independent facts agree; 0.9 = the booking's phone is calling; low = not the guest."""
    r = reservation
    conf_ok = bool(confirmation) and norm_code(confirmation) == norm_code(r.confirmation)
    name_ok = names_match(name, r.guest_name)
    phone_ok = _phone_ok(r, caller_id)
    if confirmation and not conf_ok:
        # a wrong number is never outweighed; a misheard one only by a second fact
        how = opened_by(r, confirmation, name, caller_id)
        return {"near": NEAR, "digits": CANDIDATE}.get(how, 0.0)
    if name and not name_ok and not phone_ok:
        return 0.05  # somebody else's booking
    if (conf_ok and name_ok) or (phone_ok and (conf_ok or name_ok)):
        return 1.0
    if phone_ok:
        return 0.9
    if conf_ok:
        return 0.3
    return 0.0


def _phone_ok(r: Booking, caller_id: str | None) -> bool:
    # the executor compared the caller's number with the booking's unmasked one (the dialogue
    # sees it masked); an unmasked phone (tests, the scripted PMS) is compared here
    return bool(r.phone_matches) or same_phone(caller_id, r.phone or "")


def opened_by(r: Booking, confirmation: str | None, name: str | None, caller_id: str | None) -> str:
    """How a number that is not the booking's may still open it: "near" (one character off,
    with the full name exact or the booking's line: the booking's own number is said first),
    "digits" (the digits exact, the letters misheard, with the name heard close or the
    booking's line: the booking is named with its dates in a read-back the caller answers
    before anything is told or written, agents/intel/existing.py), else ""."""
    conf, guest_name = r.confirmation, r.guest_name
    phone_ok = _phone_ok(r, caller_id)
    if near_code(confirmation, conf) and (names_exact(name, guest_name) or phone_ok):
        return "near"
    name_fits = names_close(name, guest_name) or (
        phone_ok and (not name or names_match(name, guest_name))
    )
    if same_digits(confirmation, conf) and name_fits:
        return "digits"
    return ""


VERIFIED = 0.9
# A number one character off with the full name or the booking's phone: just verified.
NEAR = VERIFIED
# The digits exact with a name close or the booking's line: just verified, read back first.
CANDIDATE = VERIFIED


def by_near_code(reservation: Booking, confirmation: str | None) -> bool:
    """The booking was matched on a number one character off (not the number said)."""
    return near_code(confirmation, reservation.confirmation)


def by_digits(reservation: Booking, confirmation: str | None) -> bool:
    """The booking was matched on its digits alone (the letters said were others)."""
    return same_digits(confirmation, reservation.confirmation)
