"""What the user agent reads from a raw INVITE: the caller's number and whether it has an offer.

Why from the raw text: PJSIP's Python binding exposes the request as ``wholeMsg`` and
not every header as a field. Header names are case-insensitive and have compact forms
(``f`` for From, ``c`` for Content-Type, ``l`` for Content-Length).
"""

from __future__ import annotations

import re
from urllib.parse import unquote

_COMPACT = {"f": "from", "c": "content-type", "l": "content-length", "t": "to", "i": "call-id"}
_URI = re.compile(r"(?:sips?|tel):\+?([^@;>\s]*)", re.IGNORECASE)
_NUMBER = re.compile(r"^\+?[0-9*#]{2,20}$")


def headers(raw: str) -> dict[str, list[str]]:
    """Header name (lower case, compact forms expanded) -> values, in order."""
    head = raw.split("\r\n\r\n", 1)[0].split("\n\n", 1)[0]
    out: dict[str, list[str]] = {}
    last = None
    for line in head.splitlines()[1:]:
        if line[:1] in (" ", "\t") and last is not None:  # folded continuation
            out[last][-1] += " " + line.strip()
            continue
        if ":" not in line:
            continue
        name, value = line.split(":", 1)
        name = name.strip().lower()
        name = _COMPACT.get(name, name)
        out.setdefault(name, []).append(value.strip())
        last = name
    return out


def body(raw: str) -> str:
    for sep in ("\r\n\r\n", "\n\n"):
        if sep in raw:
            return raw.split(sep, 1)[1]
    return ""


def has_sdp(raw: str) -> bool:
    """Does the request carry an SDP offer (Content-Type application/sdp and a body)?"""
    h = headers(raw)
    ctype = (h.get("content-type") or [""])[0].lower()
    return "application/sdp" in ctype and "v=0" in body(raw)


def caller_id(raw: str) -> str | None:
    """The caller's number: P-Asserted-Identity (set by a trusted PBX/trunk) first, else From.

    Only a plausible phone number (digits, optional +, 2-20 long) is returned; a name
    or anything else is no caller id (``None``): caller verification then has nothing
    to go on, which it treats as unverified.
    """
    h = headers(raw)
    for name in ("p-asserted-identity", "from"):
        for value in h.get(name, []):
            for m in _URI.finditer(value):
                user = unquote(m.group(0).split(":", 1)[1])  # "+49%2030..." is "+49 30..."
                user = user.replace("-", "").replace(".", "").replace(" ", "")
                if _NUMBER.match(user):
                    return user
    return None


def mask(number: str | None) -> str:
    """A caller's number for logs and status views: only the last two digits."""
    if not number:
        return "-"
    return "*" * max(0, len(number) - 2) + number[-2:]
