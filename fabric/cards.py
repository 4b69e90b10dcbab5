"""The card-number check (Luhn) SENTINEL's PII finder and the ledger's redaction share.

Why a leaf module: the ledger must not import an agent to redact a card number.
"""

from __future__ import annotations


def luhn_ok(digits: str) -> bool:
    if not digits.isdigit() or not 13 <= len(digits) <= 19:
        return False
    total = 0
    for i, ch in enumerate(reversed(digits)):
        d = ord(ch) - 48
        if i % 2:
            d *= 2
            if d > 9:
                d -= 9
        total += d
    return total % 10 == 0
