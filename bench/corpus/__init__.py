"""The team's own understanding corpus (issue 10 §6): format and loader.

`load(path=None, split=None)` returns the dialogues of bench/corpus/dialogues.jsonl
(or `path`) as msgspec Structs; `split` keeps one of "train", "dev", "test", "heldout",
"heldout2", "heldout3", "heldout4" ("heldout": dialogues from templates written after the brain was tuned,
never tuned on; "heldout2": a second such split, written after the first one had been read;
"heldout3": a third, written after the second had been read; "heldout4": a fourth, written
after the third had been read; "heldout5": a fifth, written after the fourth had been read).
The file is written by `python -m bench.corpus.generate`; the format, the labels
and the outcome policy are in bench/corpus/README.md.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import msgspec

from agents.understanding.backend import BASE_INTENTS

DEFAULT_PATH = Path(__file__).with_name("dialogues.jsonl")

INTENTS = BASE_INTENTS  # the understanding contract's labels
SLOTS = (
    "arrival",
    "departure",
    "nights",
    "guests",
    "rooms",
    "room_type",
    "guest_name",
    "phone",
    "email",
    "confirmation",
    "rate_plan",
    "spelled",
)
FLOWS = ("book", "modify", "cancel", "lookup", "facts", "human", "goodbye", "abuse")
OUTCOMES = (
    "booked",
    "modified",
    "cancelled",
    "answered",
    "refused",
    "transferred",
    "ended",
    "no_write",
)
SPLITS = ("train", "dev", "test", "heldout", "heldout2", "heldout3", "heldout4", "heldout5")
FACT_KEYS = ("check_in", "check_out", "parking", "wifi", "breakfast", "pets")
ROOM_CODES = ("DBL", "TWN", "SUI")
RATE_CODES = ("FLEX", "NONREF")


class CorpusTurn(msgspec.Struct):
    text: str
    intent: str
    slots: dict[str, Any] = {}
    facts: list[str] = []
    tags: list[str] = []
    # The template group(s) this turn's phrasing came from ("en.affirm.go"; "a+b" when joined).
    template_group: str = ""


class GivenReservation(msgspec.Struct):
    confirmation: str
    guest_name: str
    phone: str
    arrival: str
    departure: str
    guests: int
    room_type: str


class Write(msgspec.Struct, omit_defaults=True):
    action: str  # pms.create | pms.modify | pms.cancel
    arrival: str | None = None
    departure: str | None = None
    guests: int | None = None
    room_type: str | None = None
    guest_name: str | None = None
    rate_plan: str | None = None
    confirmation: str | None = None  # modify/cancel: the reservation the write is for


class Expect(msgspec.Struct):
    outcome: str
    write: Write | None = None


class CorpusDialogue(msgspec.Struct):
    id: str
    lang: str
    flow: str
    split: str
    today: str
    caller_id: str | None
    given_reservation: GivenReservation | None
    turns: list[CorpusTurn]
    expect: Expect
    template_group: str  # the opening turn's group (every turn names its own)


def load(path: str | Path | None = None, split: str | None = None) -> list[CorpusDialogue]:
    """The corpus dialogues, optionally one split; raises naming the fix if the file is missing."""
    p = Path(path) if path else DEFAULT_PATH
    if not p.exists():
        raise FileNotFoundError(f"{p} not found: run `python -m bench.corpus.generate --out {p}`")
    if split is not None and split not in SPLITS:
        raise ValueError(f"split must be one of {SPLITS}, not {split!r}")
    dec = msgspec.json.Decoder(CorpusDialogue)
    out = []
    for n, line in enumerate(p.read_bytes().splitlines(), 1):
        if not line.strip():
            continue
        try:
            d = dec.decode(line)
        except msgspec.DecodeError as e:
            raise ValueError(f"{p}:{n}: not a corpus dialogue ({e})") from e
        if split is None or d.split == split:
            out.append(d)
    return out
