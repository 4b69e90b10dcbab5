"""Redaction of personal data before anything reaches a log.

Why both key- and pattern-based: vendor payloads name personal fields in many
ways (``guestFirstName``, ``LastName``, ``surname``, ``Phone``...), and free text
(notes, error messages, XML) can carry an e-mail, a phone number or a card
number anywhere. Keys catch the structured cases, patterns the rest.
"""

from __future__ import annotations

import re
from typing import Any

MASK = "«redacted»"

# Lower-cased key fragments whose values are personal data.
_PERSONAL_KEY_PARTS = (
    "name",
    "phone",
    "mobile",
    "email",
    "mail",
    "card",
    "cvv",
    "cvc",
    "pan",
    "address",
    "street",
    "zip",
    "postal",
    "birth",
    "passport",
    "document",
    "telephone",
    "surname",
    "password",
    "secret",
    "token",
    "authorization",
)
# Keys that contain a fragment above but carry no personal data.
_SAFE_KEYS = {
    "ratename",
    "roomtypename",
    "roomtypenameshort",
    "rateplannamepublic",
    "rateplannameprivate",
    "propertyname",
    "hotelname",
    "sourcename",
    "groupname",
    "nametype",
    "pagename",
    "channelname",
    "servicename",
    "unitgroupname",
    "cardtype",
    "tokentype",
    "token_type",
}

_EMAIL = re.compile(r"[A-Za-z0-9._%+\-]+@[A-Za-z0-9.\-]+\.[A-Za-z]{2,}")
_CARD = re.compile(r"\b(?:\d[ \-]?){13,19}\b")
_PHONE = re.compile(r"(?<![\w/])\+?\d[\d \-().]{6,}\d(?![\w/])")
_DATEISH = re.compile(r"^\d{4}-\d{2}-\d{2}")


def _luhn_ok(digits: str) -> bool:
    total = 0
    for i, ch in enumerate(reversed(digits)):
        d = int(ch)
        if i % 2 == 1:
            d *= 2
            if d > 9:
                d -= 9
        total += d
    return total % 10 == 0


def _card_sub(m: re.Match[str]) -> str:
    digits = re.sub(r"\D", "", m.group(0))
    return MASK if 13 <= len(digits) <= 19 and _luhn_ok(digits) else m.group(0)


def _phone_sub(m: re.Match[str]) -> str:
    text = m.group(0)
    if _DATEISH.match(text):  # ISO dates and timestamps are not phone numbers
        return text
    return MASK if sum(c.isdigit() for c in text) >= 7 else text


def redact_text(text: str) -> str:
    """Mask e-mail addresses, card numbers (Luhn-valid) and phone-like digit runs."""
    text = _EMAIL.sub(MASK, text)
    text = _CARD.sub(_card_sub, text)
    text = _PHONE.sub(_phone_sub, text)
    return text


def _personal_key(key: str) -> bool:
    k = key.lower().replace("-", "").replace(" ", "")
    if k in _SAFE_KEYS:
        return False
    return any(part in k for part in _PERSONAL_KEY_PARTS)


def redact(value: Any, _key: str | None = None) -> Any:
    """A deep copy of ``value`` with personal data masked (dicts, lists, strings, XML text)."""
    if _key is not None and _personal_key(_key) and value not in (None, "", [], {}):
        if isinstance(value, dict | list):
            return redact(value)  # keep the structure visible, mask its leaves
        return MASK
    if isinstance(value, dict):
        return {k: redact(v, str(k)) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [redact(v) for v in value]
    if isinstance(value, bytes):
        value = value.decode("utf-8", "replace")
    if isinstance(value, str):
        return redact_xml(value) if value.lstrip().startswith("<") else redact_text(value)
    return value


_XML_PERSONAL_ELEMENTS = re.compile(
    r"<((?:\w+:)?(?:GivenName|Surname|MiddleName|NamePrefix|Email|Telephone|PhoneNumber|"
    r"AddressLine|CardNumber|CardHolderName|Password|Username))(\s[^>]*)?>(.*?)</\1>",
    re.DOTALL,
)
_XML_PERSONAL_ATTRS = re.compile(
    r'\b(PhoneNumber|CardNumber|EmailAddress|Password|Surname|GivenName)="[^"]*"'
)


def redact_xml(text: str) -> str:
    """Mask the text of OTA/SOAP elements and attributes that carry personal data."""
    text = _XML_PERSONAL_ELEMENTS.sub(
        lambda m: f"<{m.group(1)}{m.group(2) or ''}>{MASK}</{m.group(1)}>", text
    )
    text = _XML_PERSONAL_ATTRS.sub(lambda m: f'{m.group(1)}="{MASK}"', text)
    return redact_text(text)
