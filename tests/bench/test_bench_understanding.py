"""bench.understanding: its metrics, its public-data readers and one real run.

The reader fixtures are written here in the layouts of SGD and MultiWOZ with our
own invented sentences (no dataset text is copied into the repository).
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from bench import understanding as bu
from bench.public_data import DataMissing, date_kind, read_multiwoz, read_sgd
from bench.understanding_metrics import (
    ece,
    is_wrong_write,
    judge_dialogue,
    macro_f1,
    slot_correct,
    write_matches,
)

# ------------------------------------------------------------------ metrics


def test_ece_is_zero_for_a_calibrated_set_and_large_for_an_overconfident_one():
    conf = [0.8] * 10 + [0.3] * 10
    correct = [True] * 8 + [False] * 2 + [True] * 3 + [False] * 7
    assert ece(conf, correct)["ece"] == pytest.approx(0.0, abs=1e-9)

    over = ece([0.95] * 10, [True] * 5 + [False] * 5)
    assert over["ece"] == pytest.approx(0.45)
    top = over["bins"][-1]
    assert (top["n"], top["acc"], top["conf"]) == (10, 0.5, 0.95)


def test_ece_puts_confidence_one_in_the_last_bin():
    r = ece([1.0, 0.0], [True, False])
    assert r["bins"][-1]["n"] == 1 and r["bins"][0]["n"] == 1
    assert r["ece"] == 0.0


def test_macro_f1_averages_per_label_f1_unweighted():
    # a: tp 1, fn 1 -> 2/3; b: tp 2, fp 1 -> 4/5
    assert macro_f1(["a", "a", "b", "b"], ["a", "b", "b", "b"]) == pytest.approx(
        (2 / 3 + 0.8) / 2, abs=1e-4
    )
    assert macro_f1(["a", "b"], ["a", "b"]) == 1.0
    # a label never predicted right counts as 0, however rare
    assert macro_f1(["a", "a", "a", "b"], ["a", "a", "a", "a"]) == pytest.approx(
        (6 / 7 + 0) / 2, abs=1e-4
    )


EXPECTED = {
    "action": "pms.create",
    "arrival": "2026-05-09",
    "departure": "2026-05-11",
    "guests": 2,
    "room_type": "DBL",
    "guest_name": "Anna Weber",
    "rate_plan": "FLEX",
}


def test_the_expected_write_is_a_success_and_not_wrong():
    w = dict(EXPECTED, guest_name="anna  weber", offer_id="O-1")
    assert write_matches(EXPECTED, w)
    assert judge_dialogue(EXPECTED, [w], None) == {
        "success": True,
        "wrong_write": False,
        "error": False,
    }
    # an older brain names no rate plan in the write: not held against it
    no_rate = {k: v for k, v in w.items() if k != "rate_plan"}
    assert judge_dialogue(EXPECTED, [no_rate], None)["success"]


def test_a_write_for_another_month_is_a_wrong_write():
    w = dict(EXPECTED, arrival="2026-03-09", departure="2026-03-11")
    assert is_wrong_write(EXPECTED, w)
    assert judge_dialogue(EXPECTED, [w], None) == {
        "success": False,
        "wrong_write": True,
        "error": False,
    }


@pytest.mark.parametrize("change", [{"guests": 3}, {"room_type": "SUI"}, {"action": "pms.cancel"}])
def test_guests_room_or_action_differing_are_wrong_writes(change):
    assert is_wrong_write(EXPECTED, dict(EXPECTED, **change))


def test_a_wrong_name_or_rate_fails_the_task_without_being_a_wrong_write():
    for change in ({"guest_name": "Anna Webber"}, {"rate_plan": "NONREF"}):
        j = judge_dialogue(EXPECTED, [dict(EXPECTED, **change)], None)
        assert j == {"success": False, "wrong_write": False, "error": False}


def test_no_write_expected():
    assert judge_dialogue(None, [], None)["success"]
    j = judge_dialogue(None, [EXPECTED], None)
    assert j["wrong_write"] and not j["success"]
    # a missing write is a failure but not a wrong write; an exception is a failure too
    assert judge_dialogue(EXPECTED, [], None) == {
        "success": False,
        "wrong_write": False,
        "error": False,
    }
    assert judge_dialogue(None, [], "KeyError: x") == {
        "success": False,
        "wrong_write": False,
        "error": True,
    }


def test_two_writes_where_one_was_expected_fail():
    assert not judge_dialogue(EXPECTED, [EXPECTED, EXPECTED], None)["success"]


def test_slot_correct_by_date_kind():
    assert slot_correct("arrival", "2019-03-13", "absolute", "2020-03-13")  # month/day only
    assert not slot_correct("arrival", "2019-03-13", "absolute", "2019-04-13")
    assert not slot_correct("arrival", "2019-03-02", "relative", "2019-03-03")
    assert slot_correct("arrival", "friday", "weekday", "2026-03-06")
    assert not slot_correct("arrival", "friday", "weekday", "2026-03-07")
    assert slot_correct("nights", 3, "value", "3") and not slot_correct("nights", 3, "value", None)


@pytest.mark.parametrize(
    ("surface", "kind"),
    [
        ("May 9th", "absolute"),
        ("the 9th of May", "absolute"),
        ("the 9th", "day_only"),
        ("9th of this month", "relative"),
        ("next Friday", "relative"),
        ("tomorrow", "relative"),
    ],
)
def test_date_kind(surface, kind):
    assert date_kind(surface) == kind


# ------------------------------------------------------------------ readers


def _act(act, slot="", values=(), canonical=None):
    return {
        "act": act,
        "slot": slot,
        "values": list(values),
        "canonical_values": list(canonical or values),
    }


def _sgd_fixture(root: Path) -> None:
    hotel = {
        "dialogue_id": "1_00001",
        "services": ["Hotels_2"],
        "turns": [
            {
                "speaker": "USER",
                "utterance": "I want to find a holiday flat in Springfield for two grown-ups",
                "frames": [
                    {
                        "service": "Hotels_2",
                        "actions": [
                            _act("INFORM_INTENT", "intent", ["SearchHouse"]),
                            _act("INFORM", "number_of_adults", ["two"], ["2"]),
                        ],
                    }
                ],
            },
            {
                "speaker": "SYSTEM",
                "utterance": "When do you arrive?",
                "frames": [{"service": "Hotels_2", "actions": [_act("REQUEST", "check_in_date")]}],
            },
            {
                "speaker": "USER",
                "utterance": "From the 9th of May until tomorrow week",
                "frames": [
                    {
                        "service": "Hotels_2",
                        "actions": [
                            _act("INFORM", "check_in_date", ["the 9th of May"], ["2019-05-09"]),
                            _act("INFORM", "check_out_date", ["tomorrow week"], ["2019-03-09"]),
                        ],
                    }
                ],
            },
            {
                "speaker": "SYSTEM",
                "utterance": "Done.",
                "frames": [{"service": "Hotels_2", "actions": []}],
            },
            {
                "speaker": "USER",
                "utterance": "Lovely, cheers, that is everything",
                "frames": [
                    {"service": "Hotels_2", "actions": [_act("THANK_YOU"), _act("GOODBYE")]}
                ],
            },
        ],
    }
    other = {
        "dialogue_id": "1_00002",
        "services": ["Movies_1"],
        "turns": [{"speaker": "USER", "utterance": "Any films tonight?", "frames": []}],
    }
    (root / "train").mkdir(parents=True)
    (root / "train" / "dialogues_001.json").write_text(json.dumps([hotel, other]))


def test_sgd_reader_takes_hotel_user_turns_with_this_turns_slots(tmp_path):
    _sgd_fixture(tmp_path)
    turns = list(read_sgd(tmp_path))
    assert [t.turn for t in turns] == [0, 2, 4]
    first, second, last = turns
    assert first.intents == ("book",) and first.slots["guests"].value == 2
    assert second.asked == "arrival"  # the system's REQUEST before it
    assert (
        second.slots["arrival"].value == "2019-05-09" and second.slots["arrival"].kind == "absolute"
    )
    assert second.slots["departure"].kind == "relative"
    assert "guests" not in second.slots  # per turn, not the cumulative state
    assert set(last.intents) == {"goodbye", "deny"} and not last.slots
    assert first.today == "2019-03-01" and first.service == "Hotels_2"


def test_sgd_act_mapping_is_fair_to_our_labels(tmp_path):
    """A correction after the read-back may be deny, a yes to "shall I book" may be book, a
    question with a yes is counted apart, and a turn that also asks something of another
    service (weather, flights) gets no intent label: the hotel acts do not describe it."""

    def user(text: str, *actions: dict, other: list | None = None) -> dict:
        frames = [{"service": "Hotels_1", "actions": list(actions)}]
        if other is not None:
            frames.append({"service": "Weather_1", "actions": other})
        return {"speaker": "USER", "utterance": text, "frames": frames}

    def system(*actions: dict) -> dict:
        return {
            "speaker": "SYSTEM",
            "utterance": "..",
            "frames": [{"service": "Hotels_1", "actions": list(actions)}],
        }

    turns = [
        system(_act("CONFIRM", "check_in_date", ["March 3rd"])),
        user("make that the 4th", _act("INFORM", "check_in_date", ["the 4th"], ["2019-03-04"])),
        system(_act("OFFER_INTENT", "intent", ["ReserveHotel"])),
        user("yes go ahead", _act("AFFIRM_INTENT")),
        system(_act("CONFIRM", "number_of_rooms", ["1"])),
        user("right, and the phone number?", _act("AFFIRM"), _act("REQUEST", "phone_number")),
        system(_act("OFFER", "hotel_name", ["X"])),
        user(
            "fine, and the weather?",
            _act("SELECT"),
            other=[_act("INFORM_INTENT", "intent", ["GetWeather"])],
        ),
        system(_act("OFFER", "hotel_name", ["X"])),
        user(
            "fine, now a room there",
            _act("INFORM_INTENT", "intent", ["ReserveHotel"]),
            other=[_act("SELECT")],
        ),
        system(_act("OFFER", "hotel_name", ["Y"])),
        user("for two then", _act("INFORM", "number_of_adults", ["two"], ["2"])),
    ]
    d = {"dialogue_id": "9_00009", "services": ["Hotels_1", "Weather_1"], "turns": turns}
    (tmp_path / "dev").mkdir()
    (tmp_path / "dev" / "dialogues_001.json").write_text(json.dumps([d]))
    got = [(t.intent_kind, set(t.intents)) for t in read_sgd(tmp_path)]
    assert got == [
        ("INFORM", {"provide_info", "book", "deny"}),
        ("AFFIRM", {"affirm", "book"}),
        ("REQUEST+AFFIRM", {"question", "affirm"}),
        ("", set()),
        ("INFORM_INTENT", {"book"}),  # the other service's act is a mere choice
        ("INFORM", {"provide_info", "book"}),  # no read-back before it: not a correction
    ]


def test_sgd_reader_says_where_the_data_should_be(tmp_path):
    with pytest.raises(DataMissing, match="dstc8-schema-guided-dialogue"):
        list(read_sgd(tmp_path))


def _mwoz_fixture(root: Path, with_acts: bool) -> None:
    d = {
        "dialogue_id": "XYZ01.json",
        "services": ["hotel"],
        "turns": [
            {
                "speaker": "USER",
                "turn_id": "0",
                "utterance": "I need a guesthouse for three of us from wednesday",
                "frames": [
                    {
                        "service": "hotel",
                        "state": {
                            "active_intent": "find_hotel",
                            "slot_values": {
                                "hotel-bookpeople": ["3"],
                                "hotel-bookday": ["wednesday"],
                            },
                        },
                    }
                ],
            },
            {"speaker": "SYSTEM", "turn_id": "1", "utterance": "How many nights?", "frames": []},
            {
                "speaker": "USER",
                "turn_id": "2",
                "utterance": "four nights please",
                "frames": [
                    {
                        "service": "hotel",
                        "state": {
                            "active_intent": "book_hotel",
                            "slot_values": {
                                "hotel-bookpeople": ["3"],
                                "hotel-bookday": ["wednesday"],
                                "hotel-bookstay": ["4"],
                            },
                        },
                    }
                ],
            },
        ],
    }
    (root / "test").mkdir(parents=True)
    (root / "test" / "dialogues_001.json").write_text(json.dumps([d]))
    if with_acts:
        acts = {
            "XYZ01.json": {
                "0": {"dialog_act": {"Hotel-Inform": [["People", "3"], ["Day", "wednesday"]]}},
                "1": {"dialog_act": {"Booking-Request": [["Stay", "?"]]}},
                "2": {"dialog_act": {"Hotel-Inform": [["Stay", "4"]]}},
            }
        }
        (root / "dialog_acts.json").write_text(json.dumps(acts))


@pytest.mark.parametrize("with_acts", [True, False])
def test_multiwoz_reader_by_acts_or_by_state_changes(tmp_path, with_acts):
    _mwoz_fixture(tmp_path, with_acts)
    turns = list(read_multiwoz(tmp_path))
    assert [t.turn for t in turns] == [0, 2]
    a, b = turns
    assert a.slots["guests"].value == 3 and a.slots["arrival"].value == "wednesday"
    assert a.slots["arrival"].kind == "weekday" and a.intents == ("book",)
    assert set(b.slots) == {"nights"} and b.slots["nights"].value == 4 and b.intents == ()
    assert b.asked == ("nights" if with_acts else None)
    assert a.before == () and b.before == ("I need a guesthouse for three of us from wednesday",)


def test_multiwoz_reader_says_what_is_missing(tmp_path):
    with pytest.raises(DataMissing, match="MultiWOZ"):
        list(read_multiwoz(tmp_path))


# ------------------------------------------------------------------ scoring of facts


def test_facts_scoring_separates_correct_wrong_and_honest_unknown():
    qs = [
        {"text": "bikes?", "lang": "en", "fact": "bike_rental"},
        {"text": "sauna?", "lang": "en", "fact": "sauna"},
        {"text": "gym?", "lang": "en", "fact": None},
        {"text": "Pool?", "lang": "de", "fact": None},
    ]
    preds = [
        {"intent": "fact.bike_rental", "facts": ["bike_rental"]},
        {"intent": "fact.parking"},  # an older brain: the fact is in the intent
        {"intent": "question", "unknown_question": True},
        {"intent": "fact.parking", "facts": ["parking"]},
    ]
    r = bu.score_facts(qs, preds)
    en, de = r["table"]["en"], r["table"]["de"]
    assert en["correct_fact_rate"] == 0.5 and en["honest_unknown_rate"] == 1.0
    assert en["wrong_fact_rate"] == pytest.approx(1 / 3, abs=1e-4)
    assert de["wrong_fact_rate"] == 1.0 and de["honest_unknown_rate"] == 0.0
    assert {w["text"] for w in r["wrong"]} == {"sauna?", "Pool?"}


def test_the_lakeside_questions_hold_a_third_uncovered_in_both_languages():
    qs = bu.load_questions(bu.QUESTIONS, None)
    assert len(qs) >= 60
    assert sum(q["fact"] is None for q in qs) >= len(qs) / 3
    assert {q["lang"] for q in qs} == {"en", "de"}
    import yaml

    facts = yaml.safe_load(bu.SITE.read_text())["hotel"]["facts"]
    assert {q["fact"] for q in qs} - {None} <= set(facts)
    assert all({"en", "de"} <= set(f["text"]) and not f.get("examples") for f in facts.values())


# ------------------------------------------------------------------ a real run


def _dialogue(i, split, lang, turns, write):
    return {
        "id": f"t-{i}",
        "lang": lang,
        "flow": "book",
        "split": split,
        "today": "2026-03-02",
        "caller_id": None,
        "given_reservation": None,
        "turns": [
            {"text": t, "intent": it, "slots": sl, "tags": ["smoke"]}
            | ({"facts": ["check_in"]} if "check-in" in t else {})
            for t, it, sl in turns
        ],
        "expect": {"outcome": "booked" if write else "answered", "write": write},
        "template_group": f"g{i}",
    }


def test_smoke_three_dialogues_with_the_real_backend(tmp_path):
    book = [
        ("I'd like to book a double room from March 12 to March 14 for two people", "book",
         {"arrival": "2026-03-12", "departure": "2026-03-14", "guests": 2, "room_type": "DBL"}),
        ("My name is Anna Weber", "provide_info", {"guest_name": "Anna Weber"}),
        ("yes please", "affirm", {}),
    ]  # fmt: skip
    write = {
        "action": "pms.create",
        "arrival": "2026-03-12",
        "departure": "2026-03-14",
        "guests": 2,
        "room_type": "DBL",
        "guest_name": "Anna Weber",
    }
    dialogues = [
        _dialogue(1, "dev", "en", book, write),
        _dialogue(
            2,
            "test",
            "en",
            [("What time is check-in?", "question", {}), ("thanks, bye", "goodbye", {})],
            None,
        ),
        # a given reservation without the fields the fake PMS needs makes the dialogue raise
        dict(
            _dialogue(3, "test", "en", [("hello", "greeting", {})], None),
            given_reservation={"x": 1},
        ),
    ]
    corpus = tmp_path / "dialogues.jsonl"
    corpus.write_text("".join(json.dumps(d) + "\n" for d in dialogues))
    out = tmp_path / "r.json"
    png = tmp_path / "rel.png"
    questions = tmp_path / "q.jsonl"
    questions.write_text(
        "".join(
            json.dumps(q) + "\n"
            for q in (
                {"text": "Can we rent bicycles?", "lang": "en", "fact": "bike_rental"},
                {"text": "Gibt es eine Sauna?", "lang": "de", "fact": "sauna"},
                {"text": "Is there a casino?", "lang": "en", "fact": None},
            )
        )
    )
    argv = [
        "--corpus",
        str(corpus),
        "--baseline-rev",
        "",
        "--questions",
        str(questions),
        "--json",
        str(out),
        "--png",
        str(png),
    ]
    assert bu.main(argv) == 0
    r = json.loads(out.read_text())["brains"]["current"]
    dia = r["corpus_dialogues"]["table"]
    # a plain booking is never a wrong write, whatever the brain (success is the brain's
    # business: the figures, not this test, say how often it holds)
    assert dia["dev/en"]["n"] == 1 and dia["dev/en"]["wrong_write_rate"] == 0.0
    assert dia["dev/en"]["errors"] == 0 and dia["dev/en"]["task_success"] in (0.0, 1.0)
    assert dia["test/all"]["n"] == 2 and dia["test/all"]["errors"] == 1
    failed = r["corpus_dialogues"]["failures"]
    assert [f["id"] for f in failed] == ["t-3"] and "KeyError" in failed[0]["error"]
    turns = r["corpus_turns"]
    assert turns["dev"]["turns"] == 3 and turns["dev"]["slots"]["arrival"]["accuracy"] == 1.0
    assert turns["test"]["ece"] is not None
    assert turns["dev"]["by_tag"]["smoke"]["turns"] == 3
    assert turns["test"]["fact_turns"] == 1 and turns["test"]["fact_accuracy"] == 1.0
    assert png.stat().st_size > 1000
    # the lakeside site file loads in this tree (translated to the older schema if need be)
    facts = r["facts"]["table"]["all"]
    assert facts["questions"] == 3 and facts["covered"] == 2 and facts["errors"] == 0


def test_public_scoring_and_the_markdown_section():
    from bench.public_data import Gold, PublicTurn

    turns = [
        PublicTurn("sgd", "dev", "d1", 0, "x", "2019-03-01", None,
                   {"arrival": Gold("2019-03-13", "March 13th", "absolute"), "nights": Gold(3)},
                   ("book",), "INFORM_INTENT"),
        PublicTurn("sgd", "dev", "d1", 2, "y", "2019-03-01", "guests", {"guests": Gold(2)}, ("question",), "REQUEST"),
    ]  # fmt: skip
    preds = [
        {"intent": "book", "confidence": 0.9, "slots": {"arrival": "2019-03-13"}},
        {"intent": "fact.wifi", "confidence": 0.5, "slots": {"guests": 3}},
    ]
    r = bu.score_public(turns, preds)["sgd"]
    assert r["slots"]["arrival (absolute)"] == {
        "mentions": 1, "found": 1, "correct": 1, "accuracy": 1.0, "coverage": 1.0, "precision": 1.0,
    }  # fmt: skip
    assert r["slots"]["nights"]["coverage"] == 0.0
    assert r["slots"]["guests"]["found"] == 1 and r["slots"]["guests"]["correct"] == 0
    assert r["intent"]["accuracy"] == 1.0  # fact.* answers a REQUEST
    report = {
        "brains": {"previous": {"public": {"sgd": r}}, "current": {"public": {"sgd": r}}},
        "meta": {"command": "python -m bench.understanding --sgd D", "machine": "m", "date": "d",
                 "brains": {"previous": "a", "current": "b"}},
    }  # fmt: skip
    md = bu.markdown(report)
    assert md.startswith(bu.SECTION + "\n")
    assert "| measure | previous | current |" in md
    assert (
        "| sgd: arrival (absolute) accuracy (n, found) | 100.0 % (1, 100.0 %) | 100.0 % (1, 100.0 %) |"
        in md
    )


def test_multiwoz_21_data_json_with_its_split_lists(tmp_path):
    data = {
        "AB001.json": {
            "goal": {"hotel": {"info": {"type": "hotel"}}},
            "log": [
                {
                    "text": "a cheap hotel for two nights please",
                    "dialog_act": {"Hotel-Inform": [["Stay", "2"]]},
                },
                {
                    "text": "For how many people?",
                    "dialog_act": {"Booking-Request": [["People", "?"]]},
                },
                {"text": "five of us", "dialog_act": {"Hotel-Inform": [["People", "5"]]}},
            ],
        },
        "AB002.json": {
            "goal": {"hotel": {}, "taxi": {"info": {}}},
            "log": [
                {"text": "a taxi at noon", "dialog_act": {"Taxi-Inform": [["Leave", "12:00"]]}}
            ],
        },
        "AB003.json": {
            "goal": {"hotel": {"info": {}}},
            "log": [
                {"text": "from saturday", "dialog_act": {"Hotel-Inform": [["Day", "saturday"]]}}
            ],
        },
    }
    (tmp_path / "MULTIWOZ2.1").mkdir()
    (tmp_path / "MULTIWOZ2.1" / "data.json").write_text(json.dumps(data))
    (tmp_path / "MULTIWOZ2.1" / "testListFile.txt").write_text("AB003.json\n")
    turns = list(read_multiwoz(tmp_path))
    assert [(t.dialogue_id, t.turn, t.split) for t in turns] == [
        ("AB001.json", 0, "train"),
        ("AB001.json", 2, "train"),
        ("AB003.json", 0, "test"),
    ]
    assert turns[0].slots["nights"].value == 2
    assert turns[1].asked == "guests" and turns[1].slots["guests"].value == 5
    # what the caller said before, every domain: the context of "the same group of people"
    assert turns[0].before == () and turns[1].before == ("a cheap hotel for two nights please",)
    assert [t.dialogue_id for t in read_multiwoz(tmp_path, ("test",))] == ["AB003.json"]


def test_multiwoz_convlab_split_files(tmp_path):
    """ConvLab-2's 2.1 layout: one file per split (val.json is dev); only the splits asked for
    are read, and asking only for an absent one (snapshots often lack train.json) says so."""

    def dialogue(text: str, acts: dict) -> dict:
        return {"goal": {"hotel": {"book": {}}}, "log": [{"text": text, "dialog_act": acts}]}

    root = tmp_path / "convlab2"
    root.mkdir()
    (root / "val.json").write_text(
        json.dumps({"PMUL1.json": dialogue("for 3 people", {"Hotel-Inform": [["People", "3"]]})})
    )
    (root / "test.json").write_text(
        json.dumps(
            {
                "MUL2.json": dialogue("from tuesday", {"Hotel-Inform": [["Day", "tuesday"]]}),
                "SNG3.json": {"goal": {"taxi": {}}, "log": [{"text": "a taxi", "dialog_act": {}}]},
            }
        )
    )
    turns = list(read_multiwoz(tmp_path))
    assert [(t.dialogue_id, t.split) for t in turns] == [
        ("PMUL1.json", "dev"),
        ("MUL2.json", "test"),
    ]
    assert turns[0].slots["guests"].value == 3 and turns[1].slots["arrival"].value == "tuesday"
    assert [t.dialogue_id for t in read_multiwoz(tmp_path, ("test",))] == ["MUL2.json"]
    with pytest.raises(DataMissing, match="train.json"):
        list(read_multiwoz(tmp_path, ("train",)))


def test_a_change_to_another_booking_is_a_wrong_write():
    want = {
        "action": "pms.modify",
        "arrival": "2026-03-21",
        "departure": "2026-03-23",
        "confirmation": "SOV1001",
    }
    right = dict(want, reservation_id="R1")
    assert judge_dialogue(want, [right], None) == {
        "success": True,
        "wrong_write": False,
        "error": False,
    }
    other = dict(right, confirmation="SOV2002")
    assert judge_dialogue(want, [other], None)["wrong_write"]
    cancel = {"action": "pms.cancel", "confirmation": "SOV1001"}
    assert is_wrong_write(cancel, {"action": "pms.cancel", "confirmation": "SOV2002"})
    assert not is_wrong_write(cancel, {"action": "pms.cancel", "confirmation": "SOV1001"})


def test_the_runner_names_the_booking_a_write_changes():
    from bench.brain_harness import FakePms
    from bench.understanding_runner import write_record

    pms = FakePms([])
    r = pms.seed(
        confirmation="SOV1001",
        guest_name="Jonas Becker",
        arrival="2026-03-20",
        departure="2026-03-22",
    )
    assert write_record(pms, "pms.cancel", {"reservation_id": r["id"], "reason": "x"}) == {
        "action": "pms.cancel", "reservation_id": r["id"], "reason": "x", "confirmation": "SOV1001",
    }  # fmt: skip
    assert "confirmation" not in write_record(pms, "pms.create", {"arrival": "2026-03-20"})


def test_the_corpus_split_must_exist_in_the_file(tmp_path):
    """--split heldout3 takes that split; a split the file lacks (a typo) is an error naming
    the splits there, not an empty figure."""
    path = tmp_path / "c.jsonl"
    path.write_text(
        "".join(
            json.dumps({"id": f"d{i}", "split": s}) + "\n"
            for i, s in enumerate(("train", "heldout3"))
        )
    )
    assert [d["id"] for d in bu.load_corpus(path, {"heldout3"}, None)] == ["d1"]
    with pytest.raises(bu.BenchError, match="heldout4.*heldout3, train"):
        bu.load_corpus(path, {"heldout4"}, None)


@pytest.mark.parametrize(
    ("slot", "value", "text", "disputed"),
    [
        ("guests", 2, "two suites from friday for a week", True),  # 2 is the rooms
        ("guests", 4, "there are six of us, arriving sunday for four nights", True),
        ("nights", 6, "there are six of us, arriving sunday for four nights", True),
        ("nights", 3, "somewhere with 3 stars near the river", True),
        ("nights", 5, "5 persons please", True),
        # agreeing, or stated without the number: never disputed
        ("guests", 2, "my husband and I, for 2 nights", False),
        ("guests", 3, "for the same group of people", False),
        ("guests", 1, "only me, three nights", False),
        ("guests", 4, "4 people and 4 nights", False),
        ("nights", 2, "can I book it for 2 from tuesday", False),
        ("guests", 5, "a table for 5 guets", False),  # a typo: the brain's miss, not the gold's
        ("arrival", "monday", "starting on friday", False),  # counts only
    ],
)
def test_an_annotation_the_words_contradict_is_disputed(slot, value, text, disputed):
    from bench.public_data import gold_contradicted

    assert gold_contradicted(slot, value, text) is disputed


def test_disputed_gold_is_counted_apart_and_kept_in_the_slot_figure():
    from bench.public_data import Gold, PublicTurn

    turns = [
        PublicTurn("multiwoz", "dev", "m1", 0, "3 suites from monday", "2026-03-02", None,
                   {"guests": Gold(3)}),
        PublicTurn("multiwoz", "dev", "m2", 0, "for 2 people", "2026-03-02", None,
                   {"guests": Gold(2)}),
        PublicTurn("multiwoz", "dev", "m3", 0, "two nights", "2026-03-02", None,
                   {"nights": Gold(2)}),
    ]  # fmt: skip
    preds = [{"slots": {}}, {"slots": {"guests": 2}}, {"slots": {"nights": 2}}]
    r = bu.score_public(turns, preds)["multiwoz"]
    assert r["slots"]["guests"]["mentions"] == 2 and r["slots"]["guests"]["accuracy"] == 0.5
    assert r["slots"]["guests [disputed gold]"]["mentions"] == 1
    assert r["slots"]["guests [gold agrees]"]["accuracy"] == 1.0
    assert "nights [gold agrees]" not in r["slots"]  # nothing disputed: no split row
    assert [(f["id"], f["gold"], f["got"]) for f in r["failures"]] == [("m1:0", 3, None)]


def test_the_runner_carries_the_party_of_earlier_turns():
    """A turn's context holds the last party the brain understood before it, each earlier
    turn read with the party so far; an earlier turn that fails leaves it as it was."""
    import types

    from bench.understanding_runner import carried_party

    class Brain:
        def understand(self, text, ctx):
            if text == "boom":
                raise ValueError(text)
            n = {"a table for 4": 4, "same ones again": ctx.guests}.get(text)
            return types.SimpleNamespace(slots={"guests": n} if n else {})

    memo: dict = {}
    ctx = lambda p: types.SimpleNamespace(guests=p)  # noqa: E731
    assert carried_party(Brain(), ctx, ["a table for 4", "boom", "same ones again"], memo) == 4
    assert carried_party(Brain(), ctx, ["hello"], memo) is None
    assert len(memo) == 4  # prefixes shared between turns of one dialogue
