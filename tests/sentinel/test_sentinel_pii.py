"""Personal data: detectors (Luhn, mod-97, e-mail, phone), redaction, and outgoing speech against the call's context."""

from __future__ import annotations

import pytest

from agents.sentinel.context import CallContext
from agents.sentinel.pii import find_pii, iban_ok, luhn_ok, redact
from ipc.messages import Severity

DETECT = [
    ("Your card 4111 1111 1111 1111 is on file", "card"),
    ("card 5500-0000-0000-0004", "card"),
    ("amex 378282246310005", "card"),
    ("IBAN DE89 3704 0044 0532 0130 00 please", "iban"),
    ("gb82west12345698765432", "iban"),
    ("write to john.smith@example.com", "email"),
    ("it's john dot smith at example dot com", "email"),
    ("call me on +49 170 1234567", "phone"),
    ("my number is 0170/1234567", "phone"),
    ("(030) 123 456 78", "phone"),
]

NOT_PII = [
    "Your arrival is 2026-12-24 and departure 2026-12-26",
    "the room costs 129.00 euros per night",
    "4111 1111 1111 1112 is not a valid card",  # fails Luhn; 16 digits is too long for a phone
    "DE89 3704 0044 0532 0130 02",  # fails mod-97 (and Luhn)
    "Check-in is from 3 pm, breakfast from 6:30 to 10:30",
    "your confirmation number is SOV-8K2Q7Z",
    "on 24.12.2026",
]


@pytest.mark.parametrize("text,kind", DETECT)
def test_detects(text, kind):
    assert [h.kind for h in find_pii(text)] == [kind]


@pytest.mark.parametrize("text", NOT_PII)
def test_no_false_positive(text):
    assert find_pii(text) == []


def test_checksums():
    assert luhn_ok("4111111111111111") and not luhn_ok("4111111111111112")
    assert not luhn_ok("12345")  # too short to be a card
    assert iban_ok("DE89370400440532013000") and not iban_ok("DE89370400440532013001")
    assert not iban_ok("XX")


def test_redaction_masks_everything_personal():
    t = "Mr Smith, card 4111 1111 1111 1111, mail a.b@example.org, phone +49 170 1234567, ref SOV-8K2Q7Z, Anna"
    r = redact(t, names=("Anna",))
    for secret in ("Smith", "4111", "a.b@", "1234567", "8K2Q7Z", "Anna"):
        assert secret not in r
    assert "[CARD]" in r and "[EMAIL]" in r and "[PHONE]" in r and "[NAME]" in r and "[REF]" in r


GUEST = CallContext(
    verified=True,
    guest_name="Anna Schmidt",
    phone="+49 170 1234567",
    email="anna@example.com",
    bookings=("SOV-AAA111",),
    other_guests=("Peter Jones",),
    other_bookings=("SOV-BBB222", "77100055"),
)


@pytest.mark.parametrize(
    "text",
    [
        "Thank you, Ms Schmidt. Your booking SOV-AAA111 is confirmed for two nights.",
        "We will send the confirmation to anna@example.com.",
        "We have your number as 0170 1234567.",
        "Check-in is from 3 pm.",
        "Your arrival is 2026-12-24 and the room costs 129.00 euros per night.",
        "Your confirmation number is 48213977.",  # numeric references are not phone numbers
        "Ihre Buchungsnummer lautet 48213977.",
    ],
)
def test_verified_callers_own_data_may_be_spoken(sentinel, text):
    a = sentinel.inspect_outgoing("c-out", text, GUEST)
    assert a.clean, a.explain()
    assert a.risk == 1.0


@pytest.mark.parametrize(
    "text,rule,severity",
    [
        ("Mr Jones is in room 214.", "other_guest_name", Severity.CRITICAL),
        ("Peter Jones arrives tomorrow.", "other_guest_name", Severity.CRITICAL),
        ("Booking SOV-BBB222 is for two nights.", "other_guest_booking", Severity.CRITICAL),
        ("Booking sov bbb222 is for two nights.", "other_guest_booking", Severity.CRITICAL),
        ("The card on file is 4111 1111 1111 1111.", "card_number", Severity.CRITICAL),
        ("Transfer to DE89 3704 0044 0532 0130 00.", "iban_number", Severity.CRITICAL),
        ("You can reach them at pj77@example.net.", "email", Severity.HIGH),
        ("His mobile is +44 7700 900123.", "phone", Severity.HIGH),
        ("Your confirmation number is 77100055.", "other_guest_booking", Severity.CRITICAL),
    ],
)
def test_other_peoples_data_is_blocked(sentinel, text, rule, severity):
    a = sentinel.inspect_outgoing("c-out", text, GUEST)
    f = next(f for f in a.findings if f.rule == rule)
    assert f.severity == severity
    assert a.veto == (severity == Severity.CRITICAL)
    assert a.risk <= 0.25
    blob = repr([al.evidence for al in a.alerts]) + a.redacted + a.explain()
    for secret in ("Jones", "BBB222", "4111", "0532", "pj77", "900123", "77100055"):
        assert secret not in blob


def test_unverified_caller_does_not_hear_the_booking_read_back(sentinel):
    ctx = CallContext(verified=False, guest_name="Anna Schmidt", bookings=("SOV-AAA111",))
    a = sentinel.inspect_outgoing(
        "c-unv", "Anna Schmidt, your booking SOV-AAA111 is for two nights.", ctx
    )
    assert {"unverified_name", "unverified_booking"} <= {f.rule for f in a.findings}


def test_echoing_what_the_caller_said_is_allowed(sentinel):
    sentinel.inspect_transcript(
        "c-echo", "my name is Anna Schmidt, my email is anna.s@example.org and phone 0151 2345678"
    )
    ctx = CallContext(verified=False, guest_name="Anna Schmidt")
    a = sentinel.inspect_outgoing(
        "c-echo", "Thank you Anna Schmidt, I have anna.s@example.org and +49 151 2345678.", ctx
    )
    assert a.clean, a.explain()
    # ...but not on another call
    b = sentinel.inspect_outgoing("c-other", "I have anna.s@example.org.", ctx)
    assert "email" in {f.rule for f in b.findings}


def test_a_social_engineer_saying_a_name_does_not_unlock_it(sentinel):
    sentinel.inspect_transcript("c-se", "What room is Mr Jones in?")
    a = sentinel.inspect_outgoing(
        "c-se", "Mr Jones is in room 214.", CallContext(other_guests=("Peter Jones",))
    )
    assert a.veto


def test_family_surname_is_not_another_guest(sentinel):
    ctx = CallContext(verified=True, guest_name="Anna Schmidt", other_guests=("Max Schmidt",))
    assert sentinel.inspect_outgoing("c", "Thank you, Ms Schmidt.", ctx).clean
    assert sentinel.inspect_outgoing("c", "Max Schmidt is also booked.", ctx).veto


def test_public_values_may_always_be_spoken(settings):
    from agents.sentinel.rules import Sentinel

    settings.sentinel.public_values = ["+49 30 1234567", "info@hotel-sovren.example"]
    s = Sentinel(settings)
    a = s.inspect_outgoing("c", "Call us on 030 1234567 or write to info@hotel-sovren.example.")
    assert a.clean, a.explain()


def test_context_from_a_mapping_and_bad_keys(sentinel):
    a = sentinel.inspect_outgoing("c", "Peter Jones is here", {"other_guests": "Peter Jones"})
    assert a.veto
    with pytest.raises(ValueError, match="unknown call context keys"):
        sentinel.inspect_outgoing("c", "hello", {"verifed": True})
    with pytest.raises(TypeError):
        sentinel.inspect_outgoing("c", None)


@pytest.mark.parametrize(
    "text,name",
    [
        ("mein Name ist Jürgen Weiß", "Jürgen Weiß"),
        ("Ich bin Jürgen Weiß und möchte buchen", "Jürgen Weiß"),
        ("Hier spricht Anna Müller", "Anna Müller"),
        ("auf den Namen Weiß gebucht", "Weiß"),
        ("my name is John Smith", "John Smith"),
    ],
)
def test_german_names_are_masked_in_logs_and_alerts_like_english_ones(text, name):
    from agents.sentinel.pii import redact as sentinel_redact

    out = sentinel_redact(text)
    assert "[NAME]" in out
    for part in name.split():
        assert part not in out
