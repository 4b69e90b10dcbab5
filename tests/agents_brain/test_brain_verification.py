import datetime as dt

from agents.intel import verification as v
from ipc.payloads import Booking


def booking(confirmation: str, name: str, phone: str | None = None) -> Booking:
    return Booking(reservation_id="R1", confirmation=confirmation, status="confirmed",
                   arrival=dt.date(2026, 3, 6), departure=dt.date(2026, 3, 8), nights=2,
                   room_type="DBL", guests=2, guest_name=name, phone=phone)  # fmt: skip


R = booking("SOV1001", "Jonas Becker", "+49 176 00011122")


def test_confirmation_and_name_verify():
    assert v.score(R, "sov-1001", "jonas becker", None) == 1.0
    assert v.score(R, "SOV1001", "Mr Becker", None) == 1.0


def test_wrong_name_or_number_never_verifies():
    assert v.score(R, "SOV1001", "Tom Wagner", None) < v.VERIFIED
    assert v.score(R, "SOV9999", "Jonas Becker", None) == 0.0
    assert v.score(R, "SOV9999", "Jonas Becker", "+4917600011122") == 0.0


def test_caller_phone_verifies_alone_and_with_a_name():
    assert v.score(R, None, None, "0049 176 00011122") >= v.VERIFIED
    assert v.score(R, None, "Jonas Becker", "+4917600011122") == 1.0
    assert v.score(R, None, None, "+4930555000") == 0.0


def test_name_alone_is_not_enough():
    assert v.score(R, None, "Jonas Becker", None) < v.VERIFIED


def test_umlauts_and_titles_match():
    r = booking("X1", "Jörg Müller")
    assert v.names_match("Herr Jorg Muller", "Jörg Müller")
    assert v.score(r, "X1", "Herr Müller", None) == 1.0


def test_a_name_the_recogniser_wrote_as_one_word_verifies_but_other_letters_never():
    assert v.score(R, "SOV1001", "Jonasbecker", None) == 1.0  # same letters, spaced otherwise
    assert v.score(R, "SOV1001", "Jonas Beck Er", None) == 1.0
    assert v.score(R, "SOV1001", "Jonasbäcker", None) < v.VERIFIED  # one letter differs
    assert v.score(R, "SOV1001", "Jonas", None) < v.VERIFIED  # first name alone


def test_near_code_is_one_character_changed_missing_or_extra():
    from fabric.codes import near_code

    assert near_code("SOV1OO1", "SOV1001") is False  # two characters: letters O for zeros
    assert near_code("SOV1002", "SOV-1001")  # changed
    assert near_code("SOV101", "SOV1001")  # missing
    assert near_code("SOV10001", "SOV1001")  # extra
    assert near_code("BOV1001", "SOV1001")  # the first letter
    assert not near_code("SOV1001", "sov-1001")  # the same number is equal, not near
    assert not near_code("SOV2101", "SOV1001")
    assert not near_code("K7M2", "K7M1")  # too short to tolerate a character
    assert not near_code(None, "SOV1001")


def test_a_near_number_verifies_only_with_the_full_name_exact():
    assert v.score(R, "SOV1002", "Jonas Becker", None) >= v.VERIFIED
    assert v.score(R, "SOV1002", "Herr Jonas Becker", None) >= v.VERIFIED  # titles aside
    assert v.score(R, "SOV1002", "Jonasbecker", None) >= v.VERIFIED
    # a surname alone, a first initial, another first name: not exact, nothing revealed
    assert v.score(R, "SOV1002", "Becker", None) == 0.0
    assert v.score(R, "SOV1002", "J Becker", None) == 0.0
    assert v.score(R, "SOV1002", "Jonas Bäcker", None) == 0.0
    # a near code with the wrong name, or no name: nothing
    assert v.score(R, "SOV1002", "Tom Wagner", None) == 0.0
    assert v.score(R, "SOV1002", None, None) == 0.0
    # two characters off never, whatever the name
    assert v.score(R, "SOV1022", "Jonas Becker", None) == 0.0


def test_two_near_bookings_under_one_name_open_neither():
    from agents.intel.results import best_verified

    a, b = booking("SOV1001", "Jonas Becker"), booking("SOV1003", "Jonas Becker")
    assert best_verified([a, b], "SOV1002", "Jonas Becker", None) == (None, 0.0)
    assert best_verified([a], "SOV1002", "Jonas Becker", None)[0] is a
    # the exact number wins over a near one
    assert best_verified([a, b], "SOV1003", "Jonas Becker", None)[0] is b


def test_the_digits_part_of_a_code():
    from fabric.codes import digits_part, same_digits

    assert digits_part("SOV-6528") == "6528" and digits_part("6528") == "6528"
    assert digits_part("K7M-4QX") == ""  # letters and digits mixed: no digits part
    assert same_digits("V6528", "SOV6528") and same_digits("6528", "SOV-6528")
    assert not same_digits("SOV6528", "SOV-6528")  # the same number is equal, not "digits"
    assert not same_digits("SOV6529", "SOV6528") and not same_digits("SOV652", "SOV6528")
    assert not same_digits("X528", "XY528")  # three digits say too little


def test_names_close_is_a_letter_or_two_misheard_in_the_full_name():
    assert v.names_close("Lusia Romano", "Lucia Romano")
    assert v.names_close("Jonas Bäcker", "Jonas Becker")
    assert v.names_close("Kerry Hughes", "Carrie Hughes")  # other letters, the same sounds
    assert not v.names_close("Tom Romano", "Lucia Romano")  # another person of that family
    assert not v.names_close("Romano", "Lucia Romano")  # a surname alone is not the name
    assert not v.names_close("Peter Miller", "Rachel Green")


def test_the_digits_exact_open_a_booking_only_with_a_close_name_or_its_line():
    r = booking("SOV6528", "Lucia Romano", "+49 176 00012345")
    # the letters misheard, the digits right, the name heard close: opened, to be read back
    assert v.score(r, "V6528", "Lusia Romano", None) >= v.VERIFIED
    assert v.opened_by(r, "V6528", "Lusia Romano", None) == "digits"
    # the digits and the booking's line, no name or the right one
    assert v.score(r, "OV6528", None, "+4917600012345") >= v.VERIFIED
    assert v.score(r, "OV6528", "Mrs Romano", "+4917600012345") >= v.VERIFIED
    # a near match with the wrong name reveals nothing, whoever calls
    assert v.score(r, "V6528", "Tom Romano", None) == 0.0
    assert v.score(r, "V6528", "Peter Miller", "+4917600012345") == 0.0
    assert v.score(r, "V6528", "Romano", None) == 0.0  # one word of the name
    assert v.score(r, "V6528", None, None) == 0.0  # the digits alone
    # other digits never, whatever the name
    assert v.score(r, "SOV6529", "Lusia Romano", None) == 0.0
    # one character off with the full name exact stays the "near" rule (own number said)
    assert v.opened_by(r, "SOV6529", "Lucia Romano", None) == "near"


def test_two_bookings_with_the_same_digits_open_neither():
    from agents.intel.results import best_verified

    a, b = booking("SOV6528", "Lucia Romano"), booking("KRV6528", "Lucia Romano")
    assert best_verified([a, b], "V6528", "Lusia Romano", None) == (None, 0.0)
    assert best_verified([a], "V6528", "Lusia Romano", None)[0] is a
