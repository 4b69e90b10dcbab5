"""The caller's name as people give it (agents/understanding/names.py), in English and German.

Every sentence here was written for this file (none is from the corpus): the rules are the
grammar of name-giving, titles, particles and spelling, not a list of phrasings.
"""

import datetime as dt

import pytest

from agents.understanding import names, slots, spelling
from agents.understanding.embedded import room_words

TODAY = dt.date(2026, 3, 2)


@pytest.fixture(scope="module")
def syn(settings):
    return room_words(settings)


def name(text: str, asked: bool = False) -> str | None:
    return names.read(text, asked)[0]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("my name is Priya Raman", "Priya Raman"),
        ("hi, it's Tomasz Wójcik, calling about a room", "Tomasz Wójcik"),
        ("this is Declan Moore speaking", "Declan Moore"),
        ("I'm Lionel Baptiste and I'd like a room", "Lionel Baptiste"),
        ("name's Harriet Quill", "Harriet Quill"),
        ("could you put it down as Selma Lindgren", "Selma Lindgren"),
        ("book it for Otis Fairweather please", "Otis Fairweather"),
        ("the reservation is for Mr Ambrose Tate", "Ambrose Tate"),
        ("the booking should be under Dr. Ines Carvalho", "Ines Carvalho"),
        ("my surname is Adeyemi", "Adeyemi"),
        ("Farid Haddad here speaking", "Farid Haddad"),
        # lowercase, unpunctuated, as a recogniser writes it
        ("uh yeah the name is um marguerite dubois", "Marguerite Dubois"),
        ("under rafael uh rafael ortega basically", "Rafael Ortega"),
    ],
)
def test_english_ways_of_giving_a_name(text, expected):
    assert name(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Mein Name ist Henrike Vogelsang", "Henrike Vogelsang"),
        ("ich heiße Ömer Aydın", "Ömer Aydın"),
        ("Hier spricht Cornelius Haas, guten Tag", "Cornelius Haas"),
        ("Bitte auf den Namen Wiebke Andersen", "Wiebke Andersen"),
        ("Jannik Böhm ist mein Name", "Jannik Böhm"),
        ("schreiben Sie Roswitha Kempf", "Roswitha Kempf"),
        ("mein Nachname ist Oberhuber", "Oberhuber"),
        ("das müsste auf halt theo brenner sein", "Theo Brenner"),  # the infinitive ends it
        ("ein Doppelzimmer für drei Nächte auf Frau Dr. Leonie Kraft bitte", "Leonie Kraft"),
    ],
)
def test_german_ways_of_giving_a_name(text, expected):
    assert name(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("the name is Ludwig von der Aue", "Ludwig von der Aue"),
        ("it's for carmen de la vega", "Carmen de la Vega"),
        ("this is Pieter van den Broek", "Pieter van den Broek"),
        ("my name is siobhan o'connell", "Siobhan O'Connell"),
        ("under Ewan McAllister", "Ewan McAllister"),
        ("Mein Name ist Greta Hollmann-Petersen", "Greta Hollmann-Petersen"),
        ("ich heiße Jan-Ole Brückner-Weiß", "Jan-Ole Brückner-Weiß"),
    ],
)
def test_particles_and_compound_surnames(text, expected):
    assert name(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Fairbanks, Miriam", "Miriam Fairbanks"),  # surname first, as on a form
        ("Oswald, Tilda", "Tilda Oswald"),
        ("Lindqvist, Ebba Lindqvist", "Ebba Lindqvist"),  # the fullest form
        ("Mrs Odile Fontaine", "Odile Fontaine"),  # the title is no part of the name
        ("Herr Brandauer", "Brandauer"),
        ("lovely, Quentin Marsh", "Quentin Marsh"),  # an answer word opens the answer
        ("Excellent. Yusuf Demir.", "Yusuf Demir"),
        ("sure that's mina sure that's mina okoro", "Mina Okoro"),  # a stutter
        ("Thandiwe Nkosi", "Thandiwe Nkosi"),  # a name nobody here listed
        ("nguyen minh chau", "Nguyen Minh Chau"),
    ],
)
def test_bare_answers_to_the_name_question(text, expected):
    assert name(text, asked=True) == expected


@pytest.mark.parametrize(
    "text",
    [
        "Machen wir's so.",
        "Basically sure.",
        "Next week.",
        "nächste Woche",
        "Tuesday",
        "im Mai",
        "two adults",
        "Guten Abend",
        "Breakfast included?",
        "Do you have parking?",
        "Gibt es einen Parkplatz?",
        "hang on a sec",
        "thanks a lot, goodbye",
        "okay wait",
        "Doppelzimmer bitte",
        "Moment, ich schaue nach",
        "the twin room",
        "for business",
        "mit meiner Frau Leni",  # the wife's name, not the caller's
        "Gibt es WLAN?",  # a word in capitals is no spelling
        "Ist das TV gratis",
    ],
)
def test_never_a_name(text):
    assert name(text, asked=True) is None
    assert name(text) is None


@pytest.mark.parametrize(
    "text",
    [
        "I'm looking for a quiet room",
        "this is great, thank you",
        "ich bin nächste Woche in Berlin",
        "under two hundred euros please",
        "the booking is for next weekend",
        "hier ist es sehr laut",
        "I'm gonna be around from the fifth",
        "we're looking for somewhere quiet",
        "ich bin der Ansprechpartner, stornieren Sie bitte",  # an article starts no name
        "die Buchung müsste auf andere Tage",
        "the stay is for twenty-one nights",
        "it's quite expensive",
        "yes, that's quite expensive",
        "ja, das ist ziemlich teuer",
    ],
)
def test_a_cue_followed_by_no_name_gives_none(text):
    assert name(text) is None


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("is Rosalind Achterberg staying with you", "Rosalind Achterberg"),
        ("has Kofi Mensah checked in yet", "Kofi Mensah"),
        ("what is Elodie Marchand's room number", "Elodie Marchand"),
        ("wohnt Ansgar Thiele bei Ihnen", "Ansgar Thiele"),
        ("wann Frieda Lorenz ankommt, wüsste ich gern", "Frieda Lorenz"),
        ("ich bin die Kollegin von Markus Albers", "Markus Albers"),
    ],
)
def test_a_guest_asked_about_by_name(text, expected):
    assert name(text) == expected


def test_a_name_beside_other_slots_in_one_turn(syn):
    found, _ = slots.extract("two nights from friday for Solveig Brandt", TODAY, syn, None, "en")
    assert found["guest_name"] == "Solveig Brandt"
    assert found["nights"] == 2
    found, _ = slots.extract(
        "ein Doppelzimmer für zwei Nächte auf den Namen Kübra Şahin", TODAY, syn, None, "de"
    )
    assert found["guest_name"] == "Kübra Şahin"
    assert found["room_type"] == "DBL"
    # asked for the name, the caller also agrees to the room: "it's" presents the name
    found, _ = slots.extract(
        "great, the double works, it's Idris Campbell", TODAY, syn, "guest_name", "en"
    )
    assert found["guest_name"] == "Idris Campbell"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Pohl, P O H L", "Pohl"),
        ("Gaskell, g a s k e double-l", "Gaskell"),
        ("Hummel, H U Doppel-M E L", "Hummel"),
        ("it's Brook, b r double o k", "Brook"),
        (
            "Ritter, R wie Richard, I wie Ida, T wie Theodor, T wie Theodor, E wie Emil, R wie Richard",
            "Ritter",
        ),  # fmt: skip
        ("Kranz, Köln Rostock Aachen Nürnberg Zwickau", "Kranz"),  # DIN 5009:2022 cities
        ("Vance, Victor Alfa November Charlie Echo", "Vance"),
        ("Zeller, Z E L L E R", "Zeller"),
        ("Bass mit Doppel-S", "Bass"),  # a hint about a double letter, no spelling of it
        ("Platt with two t's", "Platt"),
    ],
)
def test_spelled_names(text, expected):
    assert name(text, asked=True) == expected


def test_a_doubled_letter_in_one_token():
    assert spelling.best("g a s k e double-l", want_digits=False).value == "GASKELL"
    assert spelling.best("H U Doppel-M E L", want_digits=False).value == "HUMMEL"


def test_a_spelled_name_with_a_filler_between_letters():
    # "you see" between the letters is no letter C
    assert name("that's w o see j c i k", asked=True) == "Wojcik"


def test_the_capital_letters_of_names():
    assert name("my name is fergus mcallister") == "Fergus McAllister"
    assert name("my name is dara o'neill") == "Dara O'Neill"
    assert name("ich heiße lena von der brelje") == "Lena von der Brelje"


def test_a_code_word_said_twice_after_as_in_is_one_letter():
    text = "that's b as in bravo o as in oscar z as in zulu zulu"
    assert spelling.best(text, want_digits=False).value == "BOZ"


def test_a_yes_that_restates_the_name_read_back():
    # the name was read back ("Is that Hugo Bright?"): the caller confirms with a correction
    assert name("Sure, that's Hugo Brite.") == "Hugo Brite"
    assert name("ja genau, das ist Hugo Breit") == "Hugo Breit"
    assert name("yes that's right") is None


@pytest.mark.parametrize(
    ("text", "asked", "expected"),
    [
        # each part said by its role, in either order, with repeats and German clause ends
        ("it's first name Oona, surname Brannigan, I'd like to change my dates", False,
         "Oona Brannigan"),
        ("last name is Okonkwo, first name Chidi", True, "Chidi Okonkwo"),
        ("Vorname Friedl, Nachname Aigner bitte", True, "Friedl Aigner"),
        ("tragen Sie Vorname Leni Nachname Pichler Pichler ein", True, "Leni Pichler"),
        ("given name Ravi surname Shankar", True, "Ravi Shankar"),
    ],
)  # fmt: skip
def test_given_name_and_surname_said_by_their_role(text, asked, expected):
    assert name(text, asked) == expected


@pytest.mark.parametrize(
    ("text", "asked", "expected"),
    [
        # surname first, the given name recognised from the list of given names
        ("die Buchung läuft auf Pichler Leni", True, "Leni Pichler"),
        ("auf den Namen Aigner Friedl bitte", True, "Friedl Aigner"),
        ("the name is Okonkwo, Chidi, thanks", True, "Chidi Okonkwo"),
        ("Name on the reservation: Brannigan, Oona.", True, "Oona Brannigan"),
        # given name first stays; a particle keeps the order; three words keep theirs
        ("my name is Chidi Okonkwo", False, "Chidi Okonkwo"),
        ("my name is Thomas Paul", False, "Thomas Paul"),
        ("auf den Namen ter Horst", True, "ter Horst"),
        ("my name is Okafor Adaeze Ngozi", False, "Okafor Adaeze Ngozi"),
    ],
)  # fmt: skip
def test_a_surname_said_first_is_written_after_the_given_name(text, asked, expected):
    assert name(text, asked) == expected


@pytest.mark.parametrize(
    ("text", "asked", "expected"),
    [
        ("the guest is Oona Brannigan", False, "Oona Brannigan"),
        ("als Gast bitte Leni Pichler eintragen", False, "Leni Pichler"),
        ("schreiben Sie bitte Friedl Aigner hin", True, "Friedl Aigner"),
        ("der Name, oiso, Pichler Leni", True, "Leni Pichler"),
        # a vocative names the receptionist, not the caller
        ("It's Chidi Okonkwo, love, and the number is S O V 1 2 3 4", False, "Chidi Okonkwo"),
        ("it's Oona Brannigan, dear.", True, "Oona Brannigan"),
        ("the guest is coming alone", False, None),
    ],
)  # fmt: skip
def test_guest_cues_clause_ends_fillers_and_vocatives(text, asked, expected):
    assert name(text, asked) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("It's Brannigan, Oona, I booked a room for May", "Oona Brannigan"),
        ("it's Chidi Okonkwo, calling about my stay", "Chidi Okonkwo"),
        ("It's quite late, sorry", None),
        ("It's about my booking, the one in May", None),
    ],
)
def test_a_call_opened_with_its_a_name_and_a_comma(text, expected):
    assert name(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # an apostrophe or a hyphen spelled between letters stays in the name
        ("surname O'Hara, that's O, apostrophe, H A R A", "O'Hara"),
        ("the name is Brannigan-Roe, B R A N N I G A N hyphen R O E", "Brannigan-Roe"),
        ("Pichler-Aigner Leni, P I C H L E R Bindestrich A I G N E R", "Leni Pichler-Aigner"),
    ],
)
def test_spelled_marks_stay_in_the_name(text, expected):
    assert name(text, asked=True) == expected


# A given name and a surname said with no cue at all, where a name is wanted (session 8).
@pytest.mark.parametrize(
    ("text", "asked", "expected"),
    [
        # beside a confirmation number, before it
        ("Ingrid Halvorsen S O V 3 1 1 2", None, "Ingrid Halvorsen"),
        ("Tobias Grünwald laut Bestätigung S O V 7 2 0 4", None, "Tobias Grünwald"),
        # the name asked, said after agreeing to the room in a word of dialect
        ("das einzelzimmer is jut ottilie brandner", "guest_name", "Ottilie Brandner"),
        ("alright the suite then ok Bartholomew Quayle", "guest_name", "Bartholomew Quayle"),
    ],
)
def test_a_given_name_and_surname_said_without_a_cue(syn, text, asked, expected):
    found, _ = slots.extract(text, TODAY, syn, asked, None)
    assert found.get("guest_name") == expected


@pytest.mark.parametrize(
    ("text", "asked"),
    [
        # not where no name is wanted: a person spoken of
        ("we are visiting Ingrid Halvorsen in Berlin next week", None),
        # a date, not "April Seventh"; spelling words are no name ("Oscar Victor")
        (
            "move booking s as in sierra o as in oscar victor four four one two to april seventh",
            None,
        ),
        # a frequent word after a name cue is no one-word name
        ("hello i'm ever so sorry to bother you, S O V 5 5 1 9", None),
    ],
)
def test_no_name_from_words_that_only_look_like_one(syn, text, asked):
    found, _ = slots.extract(text, TODAY, syn, asked, None)
    assert "guest_name" not in found
