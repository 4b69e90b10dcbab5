"""Property: the read-back before every write states the write's own dates, nights and guests.

Hypothesis plays many calls (dates, lengths, party sizes, a correction or not, English
or German) through the real dialogue; whenever a write is proposed, the read-back the
caller said yes to must name exactly the weekday, day and month of the write's arrival
and departure, its number of nights and of guests.
"""

from __future__ import annotations

import datetime as dt
import re

from hypothesis import HealthCheck, given
from hypothesis import settings as hsettings
from hypothesis import strategies as hs

from agents.intel.dialogue import Dialogue
from agents.understanding.texts import spoken_day, spoken_guests, spoken_nights
from bench.brain_harness import FakePms, run_call

TODAY = dt.date(2026, 3, 2)
_MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August",
           "September", "October", "November", "December"]  # fmt: skip
_WEEKDAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]
_WEEKDAYS_DE = ["Montag", "Dienstag", "Mittwoch", "Donnerstag", "Freitag", "Samstag", "Sonntag"]
_MONTHS_DE = ["Januar", "Februar", "März", "April", "Mai", "Juni", "Juli", "August",
              "September", "Oktober", "November", "Dezember"]  # fmt: skip


def _stated(readback: str, lang: str) -> dict:
    """Dates, nights and guests as the read-back states them (parsed, not re-formatted)."""
    if lang == "de":
        rx = r"(" + "|".join(_WEEKDAYS_DE) + r"), (\d{1,2})\. (" + "|".join(_MONTHS_DE) + r")"
        dates = [(w, _MONTHS_DE.index(m) + 1, int(d)) for w, d, m in re.findall(rx, readback)]
        wd = _WEEKDAYS_DE
        nights = re.search(r"(\d+|eine) Nächte?|eine Nacht", readback)
        guests = re.search(r"(\d+) Personen|eine Person", readback)
    else:
        rx = r"(" + "|".join(_WEEKDAYS) + r"), (" + "|".join(_MONTHS) + r") (\d{1,2})"
        dates = [(w, _MONTHS.index(m) + 1, int(d)) for w, m, d in re.findall(rx, readback)]
        wd = _WEEKDAYS
        nights = re.search(r"(\d+|one) nights?", readback)
        guests = re.search(r"(\d+) guests|one guest", readback)
    assert len(dates) == 2 and nights and guests, readback
    n = nights.group(0).split()[0]
    g = guests.group(0).split()[0]
    return {
        "dates": [(wd.index(w), m, d) for w, m, d in dates],
        "nights": 1 if n in ("one", "eine") else int(n),
        "guests": 1 if g in ("one", "eine") else int(g),
    }


def _check(reply: str, args, lang: str, guests: int | None = None) -> None:
    """``args``: the typed arguments of the write the yes proposed (ipc/payloads.py)."""
    cue = "Soll ich" if lang == "de" else "Shall I"
    assert cue in reply, reply  # the yes answered a read-back
    readback = reply[reply.rindex(cue) :]
    said = _stated(readback, lang)
    guests = args.guests if guests is None else guests
    a, d = args.arrival, args.departure
    assert said["dates"] == [(a.weekday(), a.month, a.day), (d.weekday(), d.month, d.day)]
    assert said["nights"] == (d - a).days
    assert said["guests"] == guests
    # and the wording functions agree with the parse (one source for both)
    assert spoken_day(a, lang) in readback and spoken_day(d, lang) in readback
    assert spoken_nights((d - a).days, lang) in readback
    assert spoken_guests(guests, lang) in readback


@hsettings(max_examples=40, deadline=None,
           suppress_health_check=[HealthCheck.function_scoped_fixture])  # fmt: skip
@given(
    offset=hs.integers(1, 320),
    nights=hs.integers(1, 14),
    guests=hs.integers(1, 4),
    correction=hs.sampled_from([None, "nights", "guests", "arrival"]),
    new_value=hs.integers(1, 9),
    lang=hs.sampled_from(["en", "de"]),
)
def test_readback_states_the_writes_dates_nights_and_guests(
    settings, backend, offset, nights, guests, correction, new_value, lang
):
    arrival = TODAY + dt.timedelta(days=offset)
    if lang == "de":
        lines = [f"Ich möchte ein Zimmer ab {arrival.isoformat()} für {nights} Nächte "
                 f"für {guests} Personen buchen", "Mein Name ist Anna Weber"]  # fmt: skip
        fix = {
            "nights": f"nein, {new_value} Nächte bitte",
            "guests": f"nein, für {min(new_value, 4)} Personen",
            "arrival": f"nein, ab {(arrival + dt.timedelta(days=new_value)).isoformat()}",
        }
        yes = "ja"
    else:
        lines = [f"I'd like to book a room from {arrival.isoformat()} for {nights} nights "
                 f"for {guests} people", "My name is Anna Weber"]  # fmt: skip
        fix = {
            "nights": f"no, make it {new_value} nights",
            "guests": f"no, for {min(new_value, 4)} people",
            "arrival": f"no, from {(arrival + dt.timedelta(days=new_value)).isoformat()}",
        }
        yes = "yes"
    if correction:
        lines.append(fix[correction])
    lines += [yes, yes]
    pms = FakePms.for_hotel(settings.hotel)
    d = Dialogue(settings, TODAY, caller_id="+4930999", backend=backend)
    last_reply = ""
    wrote = 0
    for line in lines:
        (turn,) = run_call(d, pms, [line], "+4930999")
        for p in turn.proposals:
            if p.action == "pms.create":
                _check(last_reply, p.args, lang)
                wrote += 1
        last_reply = turn.proposals[-1].reply
    assert wrote == 1  # every played call ends in exactly one write, read back first


@hsettings(max_examples=25, deadline=None,
           suppress_health_check=[HealthCheck.function_scoped_fixture])  # fmt: skip
@given(
    offset=hs.integers(1, 320),
    nights=hs.integers(1, 14),
    second=hs.sampled_from([None, "nights", "arrival"]),
    new_value=hs.integers(1, 9),
    lang=hs.sampled_from(["en", "de"]),
)
def test_modify_readback_states_the_writes_dates_nights_and_guests(
    settings, backend, offset, nights, second, new_value, lang
):
    arrival = TODAY + dt.timedelta(days=offset)
    pms = FakePms.for_hotel(settings.hotel)
    pms.seed(confirmation="SOV1001", guest_name="Jonas Becker", phone="+49176",
             arrival="2026-03-20", departure="2026-03-22", guests="2")  # fmt: skip
    if lang == "de":
        lines = ["Ich möchte meine Buchung SOV1001 ändern, Name Jonas Becker",
                 f"ab {arrival.isoformat()} für {nights} Nächte bitte"]  # fmt: skip
        fix = {
            "nights": f"nein, {new_value} Nächte bitte",
            "arrival": f"nein, ab {(arrival + dt.timedelta(days=new_value)).isoformat()}",
        }
        yes = "ja"
    else:
        lines = ["I need to change my booking SOV1001, name Jonas Becker",
                 f"from {arrival.isoformat()} for {nights} nights please"]  # fmt: skip
        fix = {
            "nights": f"no, make it {new_value} nights",
            "arrival": f"no, from {(arrival + dt.timedelta(days=new_value)).isoformat()}",
        }
        yes = "yes"
    if second:
        lines.append(fix[second])
    lines += [yes, yes]
    d = Dialogue(settings, TODAY, backend=backend)
    last_reply, wrote = "", 0
    for line in lines:
        (turn,) = run_call(d, pms, [line])
        for p in turn.proposals:
            if p.action == "pms.modify":
                _check(last_reply, p.args, lang, guests=p.args.guests or 2)
                wrote += 1
        last_reply = turn.proposals[-1].reply
    assert wrote == 1
