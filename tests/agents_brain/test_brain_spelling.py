import pytest

from agents.understanding import slots, spelling


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("S O V one zero zero one", "SOV1001"),
        ("s-o-v 1 0 0 1", "SOV1001"),
        ("S-O-V-1-0-0-1", "SOV1001"),
        ("Sierra Oscar Victor one zero zero one", "SOV1001"),
        ("Siegfried Otto Viktor eins null null eins", "SOV1001"),
        ("Salzwedel Offenbach Völklingen eins null null eins", "SOV1001"),  # DIN 5009:2022
        ("S O V one double zero one", "SOV1001"),
        ("S O V triple zero one", "SOV0001"),
        ("SOV double five one", "SOV551"),
        ("S O V zwo null null eins", "SOV2001"),
        ("S as in Sierra, O, V, one oh oh one", "SOV1001"),  # "oh" among digits is a zero
        ("S wie Siegfried O wie Otto V wie Viktor 1 0 0 1", "SOV1001"),
        ("the number is S O V, dash, one zero zero one, thanks", "SOV1001"),
    ],
)
def test_codes_are_assembled(text, expected):
    run = spelling.best(text, want_digits=True)
    assert run is not None and run.value == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Weber, W E B E R", "WEBER"),
        ("that's spelled M-U-E-L-L-E-R", "MUELLER"),
        ("Anton Ärger Richard Gustav Emil Richard", "AÄRGER"),
        (
            "M wie Martha, Ü wie Übermut, L wie Ludwig, L wie Ludwig, E wie Emil, R wie Richard",
            "MÜLLER",
        ),
        ("Dora Otto Richard Anton", "DORA"),
        ("W E B E R", "WEBER"),
        # a lone "i" / "a" is the letter when its code word explains it, not a pronoun
        ("I wie Ida, R wie Richard, M wie Martha, A wie Anton", "IRMA"),
        ("K wie Konrad, E wie Emil, I wie Ida, L wie Ludwig", "KEIL"),
        ("l as in lima, i as in india, m as in mike, a as in alpha", "LIMA"),
    ],
)
def test_names_are_assembled(text, expected):
    run = spelling.best(text, want_digits=False)
    assert run is not None and run.value == expected


@pytest.mark.parametrize(
    "text",
    [
        "I would like to book a room for two nights",
        "my name is Anna Weber",
        "is there a hotel near Berlin",
        "it's the one with the balcony",
        "Richard Otto",  # a name, two code words: too short to be spelling
    ],
)
def test_ordinary_sentences_are_not_spelling(text):
    assert spelling.best(text) is None


def test_a_pronoun_after_a_spelled_run_stays_a_word():
    run = spelling.best("b as in bravo o b i think that's it", want_digits=False)
    assert run is not None and run.value == "BOB"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # how whisper writes "Papa, Alpha, R as in romeo, Kilo, E as in echo, R as in romeo"
        ("Papa Alpha, are as in Romeo, Kilo, he as an echo, are as in Romeo.", "PARKER"),
        ("S, see as in Charlie, oh as in Oscar, tee as in tango, T", "SCOTT"),
        ("W as in Whiskey, E, bee for Bravo, E, R", "WEBER"),
    ],
)
def test_a_letter_explained_by_its_code_word_counts_once_however_it_was_heard(text, expected):
    got = spelling.best(text, want_digits=False)
    assert got is not None and got.value == expected


def test_as_in_before_an_ordinary_word_is_no_spelling():
    assert spelling.runs("a room as in the brochure, for two, as in Berlin") == []


@pytest.mark.parametrize(
    "heard, code",
    [
        ("It's s-o-v-3-double-o-3.", "SOV3003"),  # whisper joins a read-out code with hyphens
        ("It's S-O-V-3, double-O-3.", "SOV3003"),
        ("Sierra, Oscar, Victor, 39-double-1 and the name is Rachel Green.", "SOV3911"),
        ("K-7-M, 4-triple-2", "K7M4222"),
    ],
)
def test_double_and_triple_inside_hyphenated_digits(heard, code):
    assert slots.confirmation(heard, asked=True) == code


def test_hyphenated_words_are_not_read_as_digits():
    assert slots.confirmation("a well-known double-decker bus", asked=True) is None
    assert spelling._unit("double-decker", in_digits=True) is None


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # any spelling word that starts with its letter (Swiss, Austrian, British, homemade)
        ("K wie Kaiser, R wie Rosa, A wie Anna, U wie Ulrich, S wie Sophie", "KRAUS"),
        ("d for duck, o for orange, y for yellow, l for lemon, e for egg", "DOYLE"),
        ("p as in peter a as in apple l as in lucy m as in mother", "PALM"),
    ],
)
def test_a_letter_explained_by_any_word_starting_with_it(text, expected):
    got = spelling.best(text, want_digits=False)
    assert got is not None and got.value == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # letters said by their names, then the digits
        ("it should be ess oh vee 3 1 7 2", "SOV3172"),
        ("die Nummer ist es o fau 8 8 1 4", "SOV8814"),
        # digits read in pairs after the prefix
        ("S O V sixty two eighteen", "SOV6218"),
        ("s o v thirty oh nine", "SOV3009"),
        ("S O V zweiundachtzig vierzehn", "SOV8214"),
        ("es o fau einundvierzig null drei", "SOV4103"),
        # fillers inside the run ("listen", "look", Bavarian "oiso") are no end of it
        ("s o v 4 look 4 listen 1 9", "SOV4419"),
        ("es o fau drei oiso drei acht eins", "SOV3381"),
    ],
)
def test_codes_with_letter_names_and_digit_pairs(text, expected):
    got = spelling.best(text, want_digits=True, min_units=4)
    assert got is not None and got.value == expected


@pytest.mark.parametrize(
    "text",
    [
        "es gibt o ja eine Garage",  # "es" and "o" are words here: no digits follow
        "be there at 5",  # a verb before a number is no letter
        "for twenty people",  # a count alone is no code
        "a room for two, i like it",
    ],
)
def test_letter_names_and_number_words_alone_are_no_code(text):
    assert spelling.best(text, want_digits=True, min_units=4) is None


@pytest.mark.parametrize(
    ("heard", "code"),
    [
        # the code word is the robust part: the letter before it was misheard
        ("S as in sierra, O as in oscar, P as in victor, 4 4 1 7", "SOV4417"),
        ("k o v is in victor 3 3 0 2", "KOV3302"),  # "is in": "as in" misheard
        # "double O" / "double oh" in a code, before or between digits, is two zeros
        ("S O V double oh seven two", "SOV0072"),
        ("S O V 5 double O 5", "SOV5005"),
        ("s o v one, double, O4.", "SOV1004"),  # "double oh four" joined by the recogniser
        ("S O V two, double, five one", "SOV2551"),  # a comma after "double" keeps the repeat
        ("k as in kilo, oscar, victor to 4 4 1", "KOV2441"),  # "two" written "to"
    ],
)
def test_misheard_codes_as_the_recogniser_writes_them(heard, code):
    got = spelling.best(heard, want_digits=True, min_units=4)
    assert got is not None and got.value == code


@pytest.mark.parametrize(
    ("text", "letters"),
    [
        ("that is Moore, M double O R E", "MOORE"),  # a doubled O in a name, no digits: letters
        ("my name is Otto Koch, double O in Koog", "OO"),
    ],
)
def test_double_o_outside_a_code_stays_letters(text, letters):
    assert [r.value for r in spelling.runs(text, 2)] == [letters]
