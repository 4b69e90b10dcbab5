"""Readers for public dialogue data nobody here wrote: SGD (Hotels_1..4) and MultiWOZ (hotel).

Why readers and not copies: the datasets' licences and our rule (CONTRACTS.md) keep
their sentences out of the repository; ``bench.understanding`` reads them from a
directory given on the command line. Each reader turns a dataset's annotation into
``PublicTurn``s: one caller utterance, the context a dialogue would have had (the
slot the system just asked for), the slot values the caller stated in THIS turn
(the dataset's per-turn acts, not its cumulative state) and, where the annotation
says it, the intent labels of our label set that count as right.

Dates: SGD writes no dialogue date, but every relative date in it resolves from
Friday 2019-03-01 ("today" -> 2019-03-01, "next Friday" -> 2019-03-08 in its
canonical values), so a mention is classed ``absolute`` (the caller names month and
day: scored on month/day), ``day_only`` ("the 7th": scored on the day) or
``relative`` ("tomorrow", "next Monday", "the 6th of this month": scored separately
against the canonical date with today = 2019-03-01). MultiWOZ's book day is a
weekday name, scored on the weekday.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import msgspec

from bench.corpus.numbers import EN_CARDINALS
from config.errors import SovrenError

SGD_TODAY = dt.date(2019, 3, 1)  # every relative SGD date resolves from this day (see above)
MULTIWOZ_TODAY = dt.date(2026, 3, 2)  # any fixed Monday: MultiWOZ days are weekdays only

_SGD_SLOTS = {
    "check_in_date": "arrival",
    "check_out_date": "departure",
    "number_of_days": "nights",
    "stay_length": "nights",
    "number_of_rooms": "rooms",
    "number_of_adults": "guests",
}
_MWOZ_SLOTS = {
    "day": "arrival",
    "bookday": "arrival",
    "stay": "nights",
    "bookstay": "nights",
    "people": "guests",
    "bookpeople": "guests",
}
_WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
_MONTHS = (
    r"jan(uary)?|feb(ruary)?|mar(ch)?|apr(il)?|may|june?|july?|aug(ust)?|"
    r"sep(t|tember)?|oct(ober)?|nov(ember)?|dec(ember)?"
)
_MONTH_RE = re.compile(rf"\b({_MONTHS})\b", re.IGNORECASE)
_DAY_RE = re.compile(r"\b\d{1,2}(st|nd|rd|th)?\b|\b(first|second|third|\w+teenth|\w+tieth)\b", re.I)
_RELATIVE_RE = re.compile(
    r"today|tomorrow|tonight|next|this|week|month|weekend|after|later|" + "|".join(_WEEKDAYS),
    re.IGNORECASE,
)
_WORD_NUMBERS = {w: i for i, w in enumerate(EN_CARDINALS)}


class Gold(msgspec.Struct, frozen=True):
    """One annotated slot mention: ``value`` is ISO date, int, or a weekday name."""

    value: Any
    surface: str = ""
    kind: str = "value"  # value | absolute | day_only | relative | weekday


class PublicTurn(msgspec.Struct):
    dataset: str  # sgd | multiwoz
    split: str
    dialogue_id: str
    turn: int
    text: str
    today: str  # ISO date the context uses
    asked: str | None = None
    slots: dict[str, Gold] = {}
    intents: tuple[str, ...] = ()  # accepted labels ("" tuple: no intent annotation)
    intent_kind: str = ""  # which annotation gave the label (e.g. "INFORM_INTENT", "AFFIRM")
    service: str = ""
    # The caller's earlier utterances in this dialogue, every domain (MultiWOZ only): what a
    # dialogue state would have heard before, e.g. the party of a restaurant booking that
    # "the same group of people" refers to (docs/understanding.md, "Context of a public turn").
    before: tuple[str, ...] = ()


class DataMissing(SovrenError, FileNotFoundError):
    code = "data_missing"
    next_step = "put the data set the message names in place (docs/understanding.md, public data)"


def date_kind(surface: str) -> str:
    """absolute (month and day named), day_only ("the 7th"), relative (anything else)."""
    s = surface.strip()
    if re.search(r"this month|next month", s, re.I):
        return "relative"
    if _MONTH_RE.search(s) and _DAY_RE.search(_MONTH_RE.sub(" ", s)):
        return "absolute"
    if _DAY_RE.search(s) and not _RELATIVE_RE.search(s):
        return "day_only"
    return "relative"


def _int(value: str) -> int | None:
    v = value.strip().lower()
    if v.isdigit():
        return int(v)
    return _WORD_NUMBERS.get(v)


def _gold(slot: str, surface: str, canonical: str) -> Gold | None:
    if slot in ("arrival", "departure"):
        try:
            iso = dt.date.fromisoformat(canonical).isoformat()
        except ValueError:
            return None
        return Gold(iso, surface, date_kind(surface))
    n = _int(canonical) if _int(canonical) is not None else _int(surface)
    return None if n is None else Gold(n, surface)


# What each count slot's number is said with, and the other words a number of a sentence may
# belong to ("a 4 star rating" is no stay of 4 nights, "3 rooms" no party of 3).
_UNITS = {
    "guests": r"people|persons?|guests?|adults?|of us|travell?ers|individuals",
    "nights": r"nights?|days?",
    "rooms": r"rooms?|suites?",
}
_OTHER_UNITS = {"stars": r"stars?|-star"}
# Words with which a turn may state a slot without its number ("my wife and me", "until
# Sunday", "the same group"): a turn that has them is never disputed for a number it lacks.
_OWN_WORDS = {
    "guests": _UNITS["guests"] + r"|me|myself|us|we|our|my|couple|both|alone|family|group|party|"
    r"kids?|children|wife|husband|partner|friends?|colleagues?|sons?|daughters?",
    "nights": _UNITS["nights"] + r"|weeks?|until|till|through|leav\w*|check\w*\s+out|depart\w*",
    "rooms": _UNITS["rooms"],
}
_NUMBER_THEN = re.compile(r"\b(\d{1,2}|[a-z]+)\b(?=\s*-?\s*([a-z]+(?:\s+us)?)?)", re.IGNORECASE)


def gold_contradicted(slot: str, value: Any, text: str) -> bool:
    """Whether a count's annotation disagrees with the words it annotates, as public data
    sometimes does (MultiWOZ 2.1: "I need 3 rooms" annotated as people 3, "a 4 star rating"
    as a stay of 4): every time the turn says the number, it is the number of something else
    (nights, rooms, stars) and the turn states the slot with another number or not at all
    ("my wife and me" may be 2 people), or it never says the number and says another one with
    this slot's own unit ("5 of us" annotated as people 3). A reference ("the same group",
    "just me") is never contradicted. Such mentions are counted apart by the benchmark (the
    brain is never tuned to them), not dropped."""
    if slot not in _UNITS or not isinstance(value, int):
        return False
    own = re.compile(rf"^(?:{_UNITS[slot]})$", re.IGNORECASE)
    others = "|".join([u for k, u in _UNITS.items() if k != slot] + list(_OTHER_UNITS.values()))
    other = re.compile(rf"^(?:{others})$", re.IGNORECASE)
    said: list[tuple[int, str]] = []
    for m in _NUMBER_THEN.finditer(text):
        n = _int(m.group(1))
        if n is not None:
            said.append((n, m.group(2) or ""))
    mine = [unit for n, unit in said if n == value]
    another = any(own.match(u) for n, u in said if n != value)  # "5 of us" when 3 is annotated
    if mine:
        words = re.compile(rf"\b(?:{_OWN_WORDS[slot]}|same)\b", re.IGNORECASE)
        return all(other.match(u) for u in mine) and (another or not words.search(text))
    return another


# ------------------------------------------------------------------ SGD


def _sgd_intent(acts: set[str], informs: bool, after_confirm: bool) -> tuple[tuple[str, ...], str]:
    """Our labels that are right for a user turn with these SGD dialogue acts.

    Fairness to our label set (docs/understanding.md, "SGD act mapping"): a yes to "shall I
    book it?" (AFFIRM_INTENT) is a yes and a wish to book; a question asked together with a
    yes or a choice ("yes, that's right, what is the address?") is either, and counted apart
    (REQUEST+AFFIRM) so that REQUEST alone stays comparable; new values right after the
    system's read-back (CONFIRM) are a correction, which our corpus labels ``deny``
    ("no, I said the 28th") as well as ``provide_info``.
    """
    if "INFORM_INTENT" in acts:
        return ("book",), "INFORM_INTENT"
    if "REQUEST" in acts and acts & {"AFFIRM", "AFFIRM_INTENT", "SELECT"}:
        return ("question", "affirm"), "REQUEST+AFFIRM"
    if "REQUEST" in acts:
        return ("question",), "REQUEST"
    if acts & {"THANK_YOU", "GOODBYE"} and not informs:
        return ("goodbye", "deny"), "THANK_YOU/GOODBYE"
    if acts & {"NEGATE", "NEGATE_INTENT"} and not informs:
        return ("deny",), "NEGATE"
    if "AFFIRM_INTENT" in acts and not informs:
        return ("affirm", "book"), "AFFIRM"
    if "AFFIRM" in acts and not informs:
        return ("affirm",), "AFFIRM"
    if "SELECT" in acts and not informs:
        return ("affirm", "book"), "SELECT"
    if informs:
        return ("provide_info", "book", *(("deny",) if after_confirm else ())), "INFORM"
    return (), ""


def read_sgd(
    root: str | Path, splits: tuple[str, ...] = ("train", "dev", "test")
) -> Iterator[PublicTurn]:
    """User turns of every dialogue that uses a Hotels_* service, in file order."""
    root = Path(root)
    files = [f for sp in splits for f in sorted((root / sp).glob("dialogues_*.json"))]
    if not files:
        raise DataMissing(
            f"no SGD dialogues under {root}/{{train,dev,test}}/dialogues_*.json: extract the "
            "repository google-research-datasets/dstc8-schema-guided-dialogue there"
        )
    for f in files:
        for d in json.loads(f.read_text(encoding="utf-8")):
            if not any(s.startswith("Hotels_") for s in d.get("services", ())):
                continue
            asked = None
            confirmed = False  # the system's last turn read the booking back (CONFIRM)
            for i, t in enumerate(d["turns"]):
                frames = [fr for fr in t.get("frames", ()) if fr["service"].startswith("Hotels_")]
                # A task or question of another service in the same turn ("sounds good, and
                # what's the weather there?"): the hotel frame's acts do not say what the turn
                # asks for, so no intent label. (A hotel request beside another service's mere
                # SELECT or THANK_YOU, "fine, now book me a room", keeps its label.)
                elsewhere = any(
                    a["act"] in ("INFORM_INTENT", "REQUEST")
                    for fr in t.get("frames", ())
                    if not fr["service"].startswith("Hotels_")
                    for a in fr["actions"]
                )
                if t["speaker"] != "USER":
                    confirmed = any(a["act"] == "CONFIRM" for fr in frames for a in fr["actions"])
                    asked = next(
                        (
                            _SGD_SLOTS[a["slot"]]
                            for fr in frames
                            for a in fr["actions"]
                            if a["act"] == "REQUEST" and a["slot"] in _SGD_SLOTS
                        ),
                        None,
                    )
                    continue
                if not frames:
                    asked, confirmed = None, False
                    continue
                slots: dict[str, Gold] = {}
                acts: set[str] = set()
                informs = False
                for fr in frames:
                    for a in fr["actions"]:
                        acts.add(a["act"])
                        if a["act"] != "INFORM":
                            continue
                        informs = True
                        slot = _SGD_SLOTS.get(a["slot"])
                        if slot and a.get("values"):
                            canon = (a.get("canonical_values") or a["values"])[0]
                            g = _gold(slot, a["values"][0], canon)
                            if g is not None:
                                slots[slot] = g
                intents, kind = ((), "") if elsewhere else _sgd_intent(acts, informs, confirmed)
                yield PublicTurn(
                    "sgd",
                    f.parent.name,
                    d["dialogue_id"],
                    i,
                    t["utterance"],
                    SGD_TODAY.isoformat(),
                    asked,
                    slots,
                    intents,
                    kind,
                    frames[0]["service"],
                )
                asked, confirmed = None, False


# ------------------------------------------------------------------ MultiWOZ


def _mwoz_gold(slot: str, value: str) -> Gold | None:
    v = value.strip().lower()
    if slot == "arrival":
        return Gold(v, value, "weekday") if v in _WEEKDAYS else None
    n = _int(v)
    return None if n is None else Gold(n, value)


def _mwoz_acts(acts: dict[str, Any]) -> tuple[dict[str, Gold], str | None, bool]:
    """(hotel slot mentions, the slot a system act requests, any hotel act) from one turn's acts."""
    slots: dict[str, Gold] = {}
    asked = None
    hotel = False
    for name, pairs in (acts or {}).items():
        domain, _, act = name.partition("-")
        if domain.lower() not in ("hotel", "booking"):
            continue
        hotel = hotel or domain.lower() == "hotel"
        for slot, value in pairs or ():
            ours = _MWOZ_SLOTS.get(str(slot).lower())
            if ours is None:
                continue
            if act.lower() == "request":
                asked = asked or ours
            elif act.lower() == "inform" and domain.lower() == "hotel":
                g = _mwoz_gold(ours, str(value))
                if g is not None:
                    slots[ours] = g
    return slots, asked, hotel


def _mwoz22(root: Path, splits: tuple[str, ...]) -> Iterator[PublicTurn]:
    acts_file = root / "dialog_acts.json"
    all_acts = json.loads(acts_file.read_text(encoding="utf-8")) if acts_file.exists() else {}
    for sp in splits:
        for f in sorted((root / sp).glob("dialogues_*.json")):
            for d in json.loads(f.read_text(encoding="utf-8")):
                if "hotel" not in d.get("services", ()):
                    continue
                dacts = all_acts.get(d["dialogue_id"], {})
                state: dict[str, list[str]] = {}
                intent = "NONE"
                asked = None
                said: list[str] = []
                for i, t in enumerate(d["turns"]):
                    tacts = dacts.get(str(t.get("turn_id", i)), {}).get("dialog_act")
                    if t["speaker"] != "USER":
                        asked = _mwoz_acts(tacts)[1] if tacts else None
                        continue
                    frame = next(
                        (fr for fr in t.get("frames", ()) if fr["service"] == "hotel"), None
                    )
                    new = (frame or {}).get("state", {}).get("slot_values", {})
                    new_intent = (frame or {}).get("state", {}).get("active_intent", "NONE")
                    if tacts is not None:
                        slots, _, hotel = _mwoz_acts(tacts)
                    else:  # no acts: what changed in the hotel state this turn
                        slots, hotel = {}, bool(frame)
                        for k, vals in new.items():
                            ours = _MWOZ_SLOTS.get(k.removeprefix("hotel-"))
                            if ours and vals and vals != state.get(k):
                                g = _mwoz_gold(ours, vals[0])
                                if g is not None:
                                    slots[ours] = g
                    started = new_intent != "NONE" and intent == "NONE"
                    state, intent = dict(new), new_intent if new_intent != "NONE" else intent
                    if slots or started or hotel:
                        yield PublicTurn(
                            "multiwoz",
                            sp,
                            d["dialogue_id"],
                            i,
                            t["utterance"],
                            MULTIWOZ_TODAY.isoformat(),
                            asked,
                            slots,
                            ("book",) if started else (),
                            "active_intent" if started else "",
                            "hotel",
                            tuple(said),
                        )
                    said.append(t["utterance"])
                    asked = None


def _mwoz21_split_of(folder: Path) -> dict[str, str]:
    """Dialogue id -> dev/test from the val/test list files beside ``data.json`` (rest: train)."""
    out: dict[str, str] = {}
    for split, stem in (("dev", "valListFile"), ("test", "testListFile")):
        for f in (folder / f"{stem}.txt", folder / f"{stem}.json"):
            if f.exists():
                out.update(
                    {line.strip(): split for line in f.read_text().splitlines() if line.strip()}
                )
    return out


def _mwoz21(data_json: Path, splits: tuple[str, ...]) -> Iterator[PublicTurn]:
    """MultiWOZ 2.0/2.1 ``data.json``: turns alternate user/system, acts per turn if annotated."""
    data = json.loads(data_json.read_text(encoding="utf-8"))
    split_of = _mwoz21_split_of(data_json.parent)
    yield from _mwoz21_dialogues(
        ((did, d, split_of.get(did, "train")) for did, d in data.items()), splits
    )


# ConvLab-2's MultiWOZ 2.1 (data/multiwoz/{train,val,test}.json.zip, unzipped): the 2.1
# dialogues with their per-turn acts, one file per split; its train file is often absent
# from snapshots (a Git LFS object), so each split file is read if present.
_CONVLAB_FILES = {"train": "train.json", "dev": "val.json", "test": "test.json"}


def _mwoz_convlab(root: Path, splits: tuple[str, ...]) -> Iterator[PublicTurn]:
    if not any((root / _CONVLAB_FILES[sp]).is_file() for sp in splits):
        raise DataMissing(
            f"none of {', '.join(_CONVLAB_FILES[sp] for sp in splits)} is under {root}: unzip "
            "ConvLab-2's data/multiwoz/<split>.json.zip there, or ask for a split that is present"
        )
    for sp in splits:
        f = root / _CONVLAB_FILES[sp]
        if f.is_file():
            data = json.loads(f.read_text(encoding="utf-8"))
            yield from _mwoz21_dialogues(((did, d, sp) for did, d in data.items()), splits)


def _mwoz21_dialogues(
    dialogues: Iterator[tuple[str, dict[str, Any], str]], splits: tuple[str, ...]
) -> Iterator[PublicTurn]:
    for did, d, split in dialogues:
        if not d.get("goal", {}).get("hotel") or split not in splits:
            continue
        asked = None
        said: list[str] = []
        for i, t in enumerate(d["log"]):
            acts = t.get("dialog_act")
            if i % 2:  # system
                asked = _mwoz_acts(acts)[1] if isinstance(acts, dict) else None
                continue
            slots, _, hotel = _mwoz_acts(acts if isinstance(acts, dict) else {})
            if slots or hotel:
                yield PublicTurn(
                    "multiwoz", split, did, i, t["text"], MULTIWOZ_TODAY.isoformat(), asked, slots,
                    before=tuple(said),
                )  # fmt: skip
            said.append(t["text"])
            asked = None


def read_multiwoz(
    root: str | Path, splits: tuple[str, ...] = ("train", "dev", "test")
) -> Iterator[PublicTurn]:
    """Hotel-domain user turns: MultiWOZ 2.2 layout (``*/dialogues_*.json`` + ``dialog_acts.json``,
    found at ROOT or ROOT/data/MultiWOZ_2.2), ConvLab-2's 2.1 split files (``train.json``,
    ``val.json``, ``test.json``) or a 2.0/2.1 ``data.json`` anywhere under ROOT."""
    root = Path(root)
    for cand in (root, root / "data" / "MultiWOZ_2.2", root / "MultiWOZ_2.2"):
        if any(any((cand / sp).glob("dialogues_*.json")) for sp in splits):
            yield from _mwoz22(cand, splits)
            return
    for cand in (root, *sorted(p.parent for p in root.rglob("val.json"))):
        if any((cand / f).is_file() for f in _CONVLAB_FILES.values()):
            yield from _mwoz_convlab(cand, splits)
            return
    found = sorted(root.rglob("data.json"))
    if found:
        yield from _mwoz21(found[0], splits)
        return
    raise DataMissing(
        f"no MultiWOZ data under {root}: put MultiWOZ 2.2 (train/dev/test/dialogues_*.json and "
        "dialog_acts.json), ConvLab-2's unzipped data/multiwoz/{{val,test}}.json or an unzipped "
        "2.1 data.json there, outside the repository"
    )
