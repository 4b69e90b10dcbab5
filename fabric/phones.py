"""Phone numbers compared as the same line, whatever their notation.

Why a leaf module: the PMS executor compares the caller's number with a booking's unmasked
one (the dialogue only ever sees it masked), and INTEL's verification compares what it has;
both must mean the same by "the same phone". The last nine digits decide, so "+49 30 1234567",
"030 1234567" and "0049301234567" agree; fewer than seven digits never match anything.
"""

from __future__ import annotations

import re


def norm_phone(phone: str | None) -> str:
    digits = re.sub(r"\D", "", phone or "")
    return digits[-9:] if len(digits) >= 7 else ""


def same_phone(a: str | None, b: str | None) -> bool:
    na = norm_phone(a)
    return bool(na) and na == norm_phone(b)
