"""Personal data is redacted from transcripts; ordinary dialogue is left alone."""

from __future__ import annotations

import pytest

from ledger.redact import normalise_phone, redact


@pytest.mark.parametrize(
    "text,expected",
    [
        ("Hi, my name is John Smith and I want a room", "Hi, my name is [NAME] and I want a room"),
        ("my name is john smith", "my name is [NAME]"),
        ("this is Anna from Berlin", "this is [NAME] from Berlin"),
        ("I'm Peter Miller", "I'm [NAME]"),
        ("it's booked under Müller", "it's booked under [NAME]"),
        ("call me at +49 171 1234567 or 0171/123 45 67", "call me at [PHONE] or [PHONE]"),
        ("my number is plus four nine one seven one two three four five", "my number is [PHONE]"),
        ("my card is 4111 1111 1111 1111", "my card is [CARD]"),
        ("card 4111-1111-1111-1111 exp 12/28", "card [CARD] exp 12/28"),
        ("email john.doe@example.com please", "email [EMAIL] please"),
        ("it is john dot doe at example dot com thanks", "it is [EMAIL] thanks"),
        ("IBAN DE89 3704 0044 0532 0130 00", "IBAN [IBAN]"),
    ],
)
def test_personal_data_is_redacted(text, expected):
    assert redact(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "I'm looking for a room",
        "i am calling about my booking",
        "this is about my reservation",
        "arriving 2026-12-01 for 2 nights, 129 euros",
        "two adults and one child from the 3rd to the 5th",
        "we arrive at five",
        "confirmation ABC12345",
        "",
    ],
)
def test_ordinary_dialogue_is_kept(text):
    assert redact(text) == text


def test_none_passes_through():
    assert redact(None) is None


@pytest.mark.parametrize(
    "raw,norm",
    [
        ("+49 (0)171 123-4567", "+491711234567"),
        ("0049 171 1234567", "+491711234567"),
        ("0171 1234567", "01711234567"),
    ],
)
def test_normalise_phone(raw, norm):
    assert normalise_phone(raw) == norm


@pytest.mark.parametrize(
    "text,name",
    [
        ("mein Name ist Jürgen Weiß", "Jürgen Weiß"),
        ("Guten Tag, mein Name ist Jürgen Weiß und ich möchte buchen", "Jürgen Weiß"),
        ("mein name ist jürgen weiß", "jürgen weiß"),
        ("Ich bin Jürgen Weiß und möchte ein Zimmer", "Jürgen Weiß"),
        ("ich heiße Anna Müller", "Anna Müller"),
        ("Hier spricht Anna Müller", "Anna Müller"),
        ("die Reservierung ist auf den Namen Weiß gebucht", "Weiß"),
        ("my name is Jürgen Weiß", "Jürgen Weiß"),
    ],
)
def test_german_names_are_masked_like_english_ones(text, name):
    out = redact(text)
    assert "[NAME]" in out
    for part in name.split():
        assert part not in out


@pytest.mark.parametrize(
    "text", ["Ich bin Gast im Hotel", "Ich bin nicht sicher", "hier ist es schön"]
)
def test_german_dialogue_without_a_name_is_kept(text):
    assert redact(text) == text
