"""Causes of wrong writes found on a held-out split (heldout2, read after its first figure),
each fixed by a rule and tested here with sentences of our own.

Why these matter more than a missed turn: the scripted caller, like a distracted real one, says
yes to a read-back it did not listen to, so whatever the brain misreads is written.
"""

from __future__ import annotations

import datetime as dt

import pytest

from agents.intel.dialogue import Dialogue
from agents.intel.reading import mixed_answer, says_yes_word
from agents.understanding.backend import Context
from agents.understanding.slots import extract, guests
from bench.brain_harness import FakePms, run_call

TODAY = dt.date(2026, 9, 24)  # a Thursday


def _read(backend, text: str, lang: str = "en", asked: str | None = None):
    return backend.understand(text, Context(today=TODAY, lang=lang, asked=asked))


def _asks_dates(got) -> bool:
    """Whether the reading sets no date and asks for the dates back."""
    return not got.slots.keys() & {"arrival", "departure"} and "dates_unsure" in got.conflicts


def _slots(backend, text: str, lang: str = "en", today: dt.date = TODAY) -> dict:
    return backend.understand(text, Context(today=today, lang=lang)).slots


# -- dates -----------------------------------------------------------------------------------
@pytest.mark.parametrize(
    "text",
    [
        "please put it down for my boss, she is coming on her own",  # "boss" = Boss's Day
        "we come every summer and love it here",
        "im Winter waren wir schon mal da",
    ],
)
def test_an_everyday_word_or_a_season_is_no_stay_date(backend, text):
    lang = "de" if "Winter" in text else "en"
    s = _slots(backend, text, lang)
    assert not s.keys() & {"arrival", "departure"}, s


def test_a_season_beside_the_days_leaves_the_days(backend):
    s = _slots(
        backend, "we always come in summer, this time arriving the 9th of july leaving the 11th"
    )
    assert (s["arrival"], s["departure"]) == ("2027-07-09", "2027-07-11")


@pytest.mark.parametrize(
    ("text", "arrival"),
    [
        ("ab dem dritten Jänner für zwei Nächte", "2027-01-03"),
        ("vom 5. Feber an, zwei Nächte", "2027-02-05"),
        ("Samstag, den 10. Oktober, für zwei Nächte", "2026-10-10"),
        ("arriving sunday, the 11th of october, two nights", "2026-10-11"),
        ("next week on the Friday for two nights", "2026-10-02"),
    ],
)
def test_regional_months_weekday_appositions_and_a_day_of_next_week(backend, text, arrival):
    lang = "en" if any(w in text for w in ("arriving", "next week")) else "de"
    s = _slots(backend, text, lang)
    assert s.get("arrival") == arrival and s.get("nights", 2) == 2, s


# -- who is coming ---------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("text", "lang", "n"),
    [
        ("it's for me so plus three colleagues", "en", 4),
        ("ich, meine Tochter und ihr Verlobter", "de", None),  # "ihr" is her/your: asked
        ("ich, mein Bruder und seine Frau", "de", 3),
        ("me and a friend", "en", 2),
        ("für mich und eine Kollegin", "de", 2),
        ("the manager and a colleague", "en", None),  # the speaker is not listed: asked
        ("der Chef und eine Kollegin", "de", 2),  # the boss is a member like kin (session 6)
        ("a friend told me about you", "en", None),
        ("two adults and a little one", "en", 3),
        ("ein Einzelzimmer für drei Übernachtungen", "de", None),  # nights, not people
    ],
)
def test_party_counts_count_who_is_listed_or_ask(text, lang, n):
    assert guests(text, True, lang) == n


# -- the yes a write needs ------------------------------------------------------------------
@pytest.mark.parametrize(
    ("text", "yes"),
    [
        ("Das ist ja unglaublich langsam hier.", False),  # the particle "ja" is no answer
        ("Sie haben ja keine Ahnung.", False),
        ("ja, passt so", True),
        ("na ja gut, machen Sie", True),
        ("yep go ahead", True),
        ("Korrekt.", True),
    ],
)
def test_a_yes_word_is_an_answer_word(text, yes):
    assert says_yes_word(text) is yes


@pytest.mark.parametrize(
    ("text", "mixed"),
    [
        ("ja gut, nein, so nicht", True),
        ("yes, no, wait", True),
        ("yes, no problem", False),
        ("fine, no refund, I understand, yes", False),
    ],
)
def test_a_no_beside_the_yes_is_no_plain_yes(text, mixed):
    assert mixed_answer(text) is mixed


def test_an_insult_with_the_particle_ja_after_the_read_back_writes_nothing(settings, backend):
    pms = FakePms.for_hotel(settings.hotel)
    d = Dialogue(settings, TODAY, caller_id="+4930111999", backend=backend)
    turns = run_call(d, pms, [
        "Ich brauche ein Doppelzimmer vom 12. bis 14. Oktober für zwei Personen",
        "Auf den Namen Greta Lindqvist",
        "Sie sind ja wirklich zu nichts zu gebrauchen.",
    ], caller_id="+4930111999")  # fmt: skip
    assert "Soll ich" in turns[1].reply  # the read-back was asked
    assert not [c for c in pms.calls if c[0] == "pms.create"]


# -- session 6: causes of heldout3's wrong writes (read after its first, unread figure) -------
@pytest.mark.parametrize(
    ("text", "lang", "arrival"),
    [
        # a hyphenated cardinal after the month: Duckling kept only the tens (the 20th)
        ("we'd be arriving October twenty-four", "en", "2026-10-24"),
        ("starting December twenty-nine, for two nights", "en", "2026-12-29"),
        # a bare day correcting a date keeps that date's month (it took the next month's day)
        ("ab dem 14.11., nein, Moment, ab dem fünfzehnten, drei Nächte", "de", "2026-11-15"),
        ("from the 2nd of February, sorry, I mean the third", "en", "2027-02-03"),
    ],
)
def test_a_day_in_words_keeps_its_month(backend, text, lang, arrival):
    s = _slots(backend, text, lang)
    assert s.get("arrival") == arrival, s


@pytest.mark.parametrize(
    ("text", "lang", "arrival", "departure"),
    [
        ("Anreise wäre Fronleichnam, zwei Nächte bitte", "de", "2027-05-27", "2027-05-29"),
        ("über Allerheiligen, drei Nächte", "de", "2026-11-01", "2026-11-04"),
    ],
)
def test_a_holiday_is_its_day(backend, text, lang, arrival, departure):
    """Session 6 asked these back (the nights had been kept with the old arrival); the feast
    calendar (agents/understanding/feasts.py) now reads the day (tests/agents_brain/
    test_brain_feasts.py)."""
    s = _slots(backend, text, lang)
    assert (s.get("arrival"), s.get("departure")) == (arrival, departure), s


@pytest.mark.parametrize(
    ("text", "lang"),
    [
        ("Anreise wäre zwischen den Jahren, zwei Nächte bitte", "de"),
        ("we'd arrive on Labor Day, two nights", "en"),  # May 1st or September?
    ],
)
def test_a_holiday_no_day_stands_for_is_asked_not_guessed(backend, text, lang):
    """The day is asked; the nights said with it stay (only the missing part is asked)."""
    got = _read(backend, text, lang)
    assert _asks_dates(got) and got.slots.get("nights") == 2, got


@pytest.mark.parametrize(
    ("text", "lang", "arrival", "departure"),
    [
        ("we'd come over New Year, from the 30th of December to the 2nd of January", "en",
         "2026-12-30", "2027-01-02"),
        ("über Weihnachten, vom 22.12. bis zum 26.12.", "de", "2026-12-22", "2026-12-26"),
        # a holiday the extractor knows stays a date ("Whit Monday" 2027 is May 17th)
        ("we'd arrive on Whit Monday and stay four nights", "en", "2027-05-17", "2027-05-21"),
    ],
)  # fmt: skip
def test_days_said_beside_a_holiday_are_the_stay(backend, text, lang, arrival, departure):
    s = _slots(backend, text, lang)
    assert (s.get("arrival"), s.get("departure")) == (arrival, departure), s


@pytest.mark.parametrize("text", ["No, wrong.", "that's incorrect", "Falsch!", "stimmt nicht"])
def test_an_answer_word_is_never_a_name(backend, text):
    got = _read(backend, text, asked="guest_name")
    assert "guest_name" not in got.slots, got.slots


# -- session 6: known wrong readings (docs/understanding.md "Known gaps"), our own phrasings ---
@pytest.mark.parametrize(
    ("text", "arrival", "departure"),
    [
        # the day after "change/move <object> to" is the new arrival, not a departure
        ("could you move our reservation to Tuesday for three nights", "2026-09-29", "2026-10-02"),
        ("please change my booking to the 6th of October, two nights", "2026-10-06", "2026-10-08"),
        # a departure named as the object stays a departure
        ("can you change the check-out to Tuesday", None, "2026-09-29"),
    ],
)
def test_a_change_to_a_day_moves_the_arrival(backend, text, arrival, departure):
    s = _slots(backend, text)
    assert (s.get("arrival"), s.get("departure")) == (arrival, departure), s


@pytest.mark.parametrize(
    ("text", "lang"),
    [
        ("arriving the 14th of October, leaving the 16th, my conference is on the 17th", "en"),
        ("vom 20. bis zum 22. Oktober, am 23. fliege ich weiter", "de"),
    ],
)
def test_a_third_day_beside_the_stay_is_asked_not_taken_as_the_departure(backend, text, lang):
    """Before: the last day said (the conference, the flight on) was taken as the departure."""
    got = _read(backend, text, lang)
    said = ("2026-10-14", "2026-10-16") if lang == "en" else ("2026-10-20", "2026-10-22")
    stay = (got.slots.get("arrival"), got.slots.get("departure"))
    assert stay == said or _asks_dates(got), got


@pytest.mark.parametrize(
    ("text", "lang"),
    [
        ("from the 14th to the 16th of October, sorry, I mean the 17th", "en"),  # a correction
        ("from Saturday to Saturday to Monday", "en"),  # the end said last
    ],
)
def test_a_corrected_departure_is_still_read(backend, text, lang):
    s = _slots(backend, text, lang)
    assert s.get("departure") in ("2026-10-17", "2026-09-28"), s


@pytest.mark.parametrize(
    ("text", "today", "arrival", "departure"),
    [
        # Duckling read these as the first day alone and lost the departure
        ("Sunday next week until the 9th of October", TODAY, "2026-10-04", "2026-10-09"),
        ("Friday this week until 12th of March", dt.date(2026, 3, 2), "2026-03-06", "2026-03-12"),
    ],
)
def test_two_days_joined_by_until_are_both_read(backend, text, today, arrival, departure):
    s = _slots(backend, text, today=today)
    assert (s.get("arrival"), s.get("departure")) == (arrival, departure), s


@pytest.mark.parametrize(
    ("text", "lang", "n"),
    [
        ("my manager and one intern", "en", None),  # the intern was left out: a party of one
        ("mein Chef und eine Praktikantin", "de", None),
        ("me and my wife and one extra night please", "en", 2),  # a night is no member
        ("me and my husband and a cot", "en", 2),
    ],
)
def test_an_uncounted_member_with_an_article_is_asked(text, lang, n):
    assert guests(text, True, lang) == n


def test_an_uncounted_member_makes_the_party_unsure(backend):
    got = _read(backend, "a twin room for my director and one trainee")
    assert "guests" not in got.slots and "guests_unsure" in got.conflicts, got


# -- session 6: heldout3's remaining wrong write, by cause (our own phrasings) ----------------
@pytest.mark.parametrize(
    ("text", "unsure"),
    [
        ("from june twenty er well four until june twenty seven", True),  # the 20th or the 24th?
        ("from june twenty four until june twenty seven", False),  # the 24th, said in one go
        ("from june twenty, so four nights", False),  # the 20th, and the nights
    ],
)
def test_a_tens_word_and_a_unit_apart_before_a_range_is_asked(backend, text, unsure):
    got = _read(backend, text)
    assert ("dates_unsure" in got.conflicts) is unsure, got
    assert unsure or got.slots.get("arrival") in ("2027-06-24", "2027-06-20"), got.slots


@pytest.mark.parametrize("text", ["uh huh that's not what I said", "aha, I see", "mm, hmmm"])
def test_an_interjection_is_never_a_name(backend, text):
    got = _read(backend, text, asked="guest_name")
    assert "guest_name" not in got.slots, got.slots


# -- session 6: heldout2's two remaining wrong writes, by cause (our own phrasings) ----------
def test_a_date_some_days_after_another_is_asked(backend):
    """ "from a week from Friday" was the Friday itself (a wrong arrival, then written)."""
    got = _read(backend, "oh sorry, starting two weeks from Monday then")
    assert _asks_dates(got), got


def test_a_filler_inside_a_day_after_next_is_no_word_of_it(backend):
    """ "the sunday after listen next" was this Sunday (the extractor read "sunday" alone)."""
    s = _slots(backend, "we'd come the sunday after look next for two nights")
    assert (s.get("arrival"), s.get("nights")) == ("2026-10-04", 2), s


@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("hello i am enquiring about a double room", None),  # the guest "Enquiring"
        ("i'm phoning to book a twin", None),
        ("hi, I'm Jing Li", "Jing Li"),  # a short name ending in -ing stays a name
    ],
)
def test_a_verb_after_i_am_is_no_name(backend, text, name):
    assert _read(backend, text).slots.get("guest_name") == name


# -- session 6 (lead): the merged brain's three wrong writes ---------------------------------
@pytest.mark.parametrize(
    "text", ["we'd come a week from Tuesday", "two weeks from this Saturday, please", "Monday week"]
)
def test_weeks_from_a_weekday_are_asked_not_read_as_the_weekday(backend, text):
    """The extractor read "a week from Friday" as that Friday: a stay a week early."""
    got = backend.understand(text, Context(today=TODAY, lang="en"))
    assert not got.slots.keys() & {"arrival", "departure"}, got.slots
    assert "dates_unsure" in got.conflicts


def test_a_filler_inside_after_next_is_no_word_of_the_date(backend):
    s = _slots(backend, "the room on, hmm, the saturday after look next")
    assert s.get("arrival") == "2026-10-03", s  # Saturday after next (today is Thursday 24th)


@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("hello i am booking one double room for june", None),  # "Booking" was the guest
        ("i am enquiring about a room for my parents", None),
        ("I am Ming, and I'd like a room", "Ming"),  # a name ending in -ing stays a name
        ("hi I'm Fielding calling about my booking", "Fielding"),
        ("uh huh, yes that's fine", None),
    ],
)
def test_an_ing_verb_after_i_am_or_a_filler_is_no_name(text, name):
    from agents.understanding import slots

    assert slots.guest_name(text) == name


# -- session 7 (lead): heldout4's four wrong writes, read once, fixed by class ----------------
@pytest.mark.parametrize(
    ("text", "lang", "nights"),
    [
        ("two nights, no, three, oh no, four then", "en", 4),
        ("zwei Nächte, nein, fünf, ach nee, doch drei", "de", 3),
        ("nein 9 wie sagt man nächte nein acht ach nee doch sieben", "de", 7),
        ("for 4 i mean 2 nights", "en", 2),
    ],
)  # fmt: skip
def test_a_count_corrected_twice_in_one_breath_is_the_last(backend, text, lang, nights):
    """The first count with its unit was read (five nights) and the bare corrections lost."""
    got = _read(backend, text, lang, asked="nights")
    assert got.slots.get("nights") == nights, got.slots


def test_a_count_chain_over_two_units_is_left_alone():
    from agents.understanding.recount import settled

    assert settled("two nights, no, three people") == "two nights, no, three people"
    assert settled("two, three nights") == "two, three nights"  # a range, not a correction
    assert settled("ein Zimmer, nein, doch eine Suite") == "ein Zimmer, nein, doch eine Suite"
    assert settled("SOV 4412, nein, 4413") == "SOV 4412, nein, 4413"  # codes: no counts


@pytest.mark.parametrize(
    ("text", "lang"),
    [
        ("sometime at the end of the month", "en"),  # Duckling: the 21st to the 31st
        ("mid January for two nights", "en"),
        ("around the 10th", "en"),
        ("sometime next week for two nights", "en"),
        ("Anfang Juni, drei Nächte", "de"),
        ("so um den Zehnten herum", "de"),
        ("Ende des Monats für zwei Nächte", "de"),
    ],
)
def test_a_part_of_a_period_is_asked_for_the_day(backend, text, lang):
    assert _asks_dates(_read(backend, text, lang))


@pytest.mark.parametrize(
    ("text", "lang", "arrival"),
    [
        ("we arrive around 3 pm on the 2nd of October", "en", "2026-10-02"),
        ("Ankunft gegen 15 Uhr herum am 2. Oktober", "de", "2026-10-02"),
    ],
)
def test_a_clock_time_said_roughly_keeps_the_day(backend, text, lang, arrival):
    assert _slots(backend, text, lang).get("arrival") == arrival


def test_units_written_short_are_read(backend):
    s = _slots(backend, "2 pax 3 nts from the 2nd of October")
    assert (s.get("guests"), s.get("nights"), s.get("arrival")) == (2, 3, "2026-10-02"), s


@pytest.mark.parametrize("text", ["ach ich hab's mir anders überlegt", "oh gosh, hmm", "herrje"])
def test_an_interjection_is_no_name(backend, text):
    lang = "en" if "gosh" in text else "de"
    assert "guest_name" not in _read(backend, text, lang, asked="guest_name").slots


@pytest.mark.parametrize(
    ("text", "lang", "known", "slots"),
    [
        # the filler split "next month" from its day: the 23rd of THIS month was read back
        ("a room the twenty-third how do you say next month, two nights", "en", None,
         {"arrival": "2026-10-23", "departure": "2026-10-25"}),
        # it split "until" from its day: the day became a new arrival
        ("until october you know what the twelfth", "en", dt.date(2026, 10, 8),
         {"departure": "2026-10-12"}),
        ("zwei wie sagt man Nächte", "de", None, {"nights": 2}),
    ],
)  # fmt: skip
def test_a_phrase_said_while_searching_for_a_word_is_no_word_of_the_date(
    backend, text, lang, known, slots
):
    got = backend.understand(text, Context(today=TODAY, lang=lang, arrival=known))
    assert {k: got.slots.get(k) for k in slots} == slots, got.slots


def test_myself_only_is_one_guest():
    assert guests("Myself only, and the suite if available.") == 1


@pytest.mark.parametrize(
    ("text", "lang", "arrival"),
    [
        # "on the Friday" alone had been read: the next Friday, two months early
        ("I meant in calendar week 42, on the Friday", "en", "2026-10-16"),
        ("in der KW 41 am Dienstag, drei Nächte", "de", "2026-10-06"),
        ("am Montag der Kalenderwoche 2", "de", "2027-01-11"),  # week 2 is past: next year's
    ],
)
def test_a_calendar_week_and_its_day_are_that_day(backend, text, lang, arrival):
    assert _slots(backend, text, lang).get("arrival") == arrival


def test_a_calendar_week_without_its_day_is_asked_and_no_code():
    s, conflicts = extract("irgendwann in der KW 44, zwei Nächte", TODAY, {}, lang="de")
    assert "dates_unsure" in conflicts and "confirmation" not in s and s.get("nights") == 2, s


@pytest.mark.parametrize(
    ("text", "lang", "arrival", "departure"),
    [
        # Duckling read none of these: the caller was asked twice and gave up
        ("over the second weekend in October, please", "en", "2026-10-09", "2026-10-11"),
        ("the last weekend of November", "en", "2026-11-27", "2026-11-29"),
        ("übers erste Novemberwochenende", "de", "2026-11-06", "2026-11-08"),
        ("am letzten Wochenende im Oktober", "de", "2026-10-30", "2026-11-01"),
        # a week's two days
        ("in der Kalenderwoche 42, von Montag bis Mittwoch", "de", "2026-10-12", "2026-10-14"),
        # a sigh inside the week is no code "KW67"
        ("ab freitag in der ach Gottchen kw 41 7 nächte", "de", "2026-10-09", "2026-10-16"),
    ],
)  # fmt: skip
def test_a_weekend_of_a_month_and_days_of_a_calendar_week_are_the_stay(
    backend, text, lang, arrival, departure
):
    s = _slots(backend, text, lang)
    assert (s.get("arrival"), s.get("departure")) == (arrival, departure), s


@pytest.mark.parametrize(
    ("text", "lang", "nights"),
    [("ich bleibe sieben Nächt", "de", 7), ("6 tja also nächte", "de", 6)],
)
def test_a_learners_nights_and_a_sigh_before_the_unit_are_read(backend, text, lang, nights):
    assert _slots(backend, text, lang).get("nights") == nights


@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("oh the name yes harold now then bickerstaff dear", "Harold Bickerstaff"),
        ("the name is you know laura you know laura bennett", "Laura Bennett"),
    ],
)
def test_a_phrase_said_while_searching_is_no_part_of_a_name(text, name):
    from agents.understanding import slots

    assert slots.guest_name(text) == name


@pytest.mark.parametrize(
    "text", ["zimmer für 2 personen 6 wochen ab heute", "für zwei Wochen ab morgen"]
)
def test_weeks_from_today_without_in_is_asked(backend, text):
    """Six weeks starting today, or six weeks from now? The extractor read the date."""
    assert _asks_dates(_read(backend, text, "de"))


# ---- session 8: from heldout5's wrong writes (own sentences) ----


@pytest.mark.parametrize("text", ["we'd come in early May", "sometime mid-may for two nights"])
def test_part_of_may_is_no_day(backend, text):
    """ "early May" had been read as May 1 to 10 (nine nights): "may" was left out of the
    months the vague-date rule knows (a verb), so Duckling's range stood."""
    assert not {"arrival", "departure"} & _slots(backend, text).keys()


def test_a_question_about_something_else_moves_no_stay(settings, backend):
    """A date in a question about the weather is no new arrival; a question that asks for
    other days still is one."""
    pms = FakePms(list(settings.hotel.room_types))
    d = Dialogue(settings, TODAY, caller_id=None, backend=backend)
    turns = run_call(d, pms, ["a double from the 12th of November for three nights, two adults",
                              "do you think it will snow tomorrow"])  # fmt: skip
    assert d.state.slots["arrival"] == "2026-11-12", turns[-1].reply
    turns = run_call(d, pms, ["could we come on the 13th of November instead"])
    assert d.state.slots["arrival"] == "2026-11-13", turns[-1].reply
    turns = run_call(d, pms, ["is it possible on the 14th of November"])
    assert d.state.slots["arrival"] == "2026-11-14", turns[-1].reply


@pytest.mark.parametrize(
    ("text", "room"),
    [("ein Doppel Zimmer bitte", "DBL"), ("ein zweibett zweibett zimmer vom 3. bis 5.", "TWN")],
)
def test_a_room_compound_written_apart_is_the_room(backend, text, room):
    """ "zweibett zweibett zimmer" had named no room, and a double was offered and booked."""
    assert _slots(backend, text, "de").get("room_type") == room


@pytest.mark.parametrize(
    ("text", "name"),
    [("Ich bi Korbinian Hölzl.", "Korbinian Hölzl"), ("Uf Vroni Gschwendtner, bitte.",
      "Vroni Gschwendtner"), ("Korbinian Hölzl hoas i.", "Korbinian Hölzl")],
)  # fmt: skip
def test_bavarian_words_around_a_name_are_no_part_of_it(backend, text, name):
    """ "Bi Maximilian Mayrhofer" and "Uf Theresa Strasser" had been booked."""
    assert _read(backend, text, "de", asked="guest_name").slots.get("guest_name") == name


@pytest.mark.parametrize(
    ("text", "lang", "stay"),
    [
        (
            "Monday thru Tuesday night, checking out Wednesday morning",
            "en",
            ("2026-09-28", "2026-09-30"),
        ),
        ("the Saturday and Sunday nights", "en", ("2026-09-26", "2026-09-28")),
        ("Montag- und Dienstagnacht", "de", ("2026-09-28", "2026-09-30")),
    ],
)
def test_nights_named_by_their_last_night(backend, text, lang, stay):
    """ "Tuesday thru Wednesday night" had been one night (Tuesday to Wednesday), booked."""
    got = _slots(backend, text, lang)
    assert (got.get("arrival"), got.get("departure")) == stay


def test_a_yes_with_thanks_to_the_read_back_books_and_a_bye_does_not(settings, backend):
    """ "Confirmed, thank you." was heard as a goodbye and the call ended unbooked; a yes that
    closes the call ("yes thanks, bye") still writes nothing."""
    said = ["a twin from the 5th of October for two nights, two people", "Agnes Moorcroft"]
    for answer, writes in (("Confirmed, thank you.", 1), ("yes thanks, bye", 0)):
        pms = FakePms(list(settings.hotel.room_types))
        d = Dialogue(settings, TODAY, caller_id=None, backend=backend)
        turns = run_call(d, pms, [*said, answer])
        assert turns[1].reply.startswith("Shall I book"), turns[1].reply
        assert sum(c[0] == "pms.create" for c in pms.calls) == writes, turns[-1].reply
