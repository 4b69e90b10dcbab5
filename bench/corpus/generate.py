"""Write the understanding corpus: `python -m bench.corpus.generate [--seed 7] [--out PATH]`.

Deterministic for a seed (each dialogue has its own random stream named by
seed and id), so the committed bench/corpus/dialogues.jsonl is what this writes
and a test regenerates it to prove it.
"""

from __future__ import annotations

import argparse
import datetime as dt
import random
import sys
from pathlib import Path

import msgspec

from bench.corpus import DEFAULT_PATH, CorpusDialogue, GivenReservation, flows
from bench.corpus.library import Library, assign_splits
from bench.corpus.script import ROOMS, Caller, Script, Stay

DEFAULT_SEED = 7
# Dialogue `today` values: across the year, every weekday, a year end (dates wrap into the next year).
TODAYS = (
    "2026-01-08", "2026-02-14", "2026-03-02", "2026-03-29", "2026-04-21", "2026-05-29",
    "2026-06-17", "2026-07-05", "2026-08-11", "2026-09-24", "2026-10-31", "2026-11-16",
    "2026-12-10", "2026-12-27", "2027-01-13", "2027-02-26", "2027-04-03", "2027-06-09",
)  # fmt: skip
# Dialogues per flow and language (about 40 % German).
PLAN = {
    "en": dict(book=150, modify=34, cancel=26, lookup=26, facts=36, human=14, goodbye=14, abuse=14),
    "de": dict(book=100, modify=24, cancel=20, lookup=20, facts=26, human=12, goodbye=12, abuse=12),
}
SPLIT_CYCLE = ("train", "dev", "train", "test", "train")  # 60/20/20 within each flow and language
# The held-out split (templates_heldout_*.py, written after tuning, never tuned on): its own
# dialogues ("en-book-h001"), callers and phrasings; the train/dev/test dialogues are unchanged.
HELDOUT_PLAN = {
    "en": dict(book=32, modify=8, cancel=6, lookup=6, facts=8, human=4, goodbye=4, abuse=3),
    "de": dict(book=32, modify=8, cancel=6, lookup=6, facts=8, human=4, goodbye=4, abuse=3),
}
# The second held-out split (templates_heldout2_*.py, written after the first was read): its own
# dialogues ("en-book-h2-001"), callers (with a title they may give) and entity forms (render_h2).
HELDOUT2_PLAN = {
    "en": dict(book=34, modify=9, cancel=7, lookup=7, facts=9, human=4, goodbye=4, abuse=4),
    "de": dict(book=34, modify=9, cancel=7, lookup=7, facts=9, human=4, goodbye=4, abuse=4),
}
# The third held-out split (templates_heldout3_*.py, written after the second was read): its
# own dialogues ("en-book-h3-001"), callers and entity forms (render_h3); about 45 % German.
HELDOUT3_PLAN = {
    "en": dict(book=36, modify=9, cancel=7, lookup=7, facts=9, human=4, goodbye=4, abuse=4),
    "de": dict(book=30, modify=8, cancel=6, lookup=6, facts=8, human=4, goodbye=4, abuse=4),
}
# The fourth held-out split (templates_heldout4_*.py, written after the third was read): its
# own dialogues ("en-book-h4-001"), callers and entity forms (render_h4); about 45 % German.
HELDOUT4_PLAN = {
    "en": dict(book=36, modify=9, cancel=7, lookup=7, facts=9, human=5, goodbye=5, abuse=4),
    "de": dict(book=30, modify=8, cancel=6, lookup=6, facts=8, human=4, goodbye=3, abuse=3),
}
# The fifth held-out split (templates_heldout5_*.py, written after the fourth was read): its
# own dialogues ("en-book-h5-001"), callers and entity forms (render_h5); about 45 % German.
HELDOUT5_PLAN = {
    "en": dict(book=36, modify=9, cancel=7, lookup=7, facts=9, human=5, goodbye=5, abuse=4),
    "de": dict(book=30, modify=8, cancel=6, lookup=6, facts=8, human=4, goodbye=3, abuse=3),
}
OWN_PLANS = {
    "heldout": HELDOUT_PLAN,
    "heldout2": HELDOUT2_PLAN,
    "heldout3": HELDOUT3_PLAN,
    "heldout4": HELDOUT4_PLAN,
    "heldout5": HELDOUT5_PLAN,
}
NAMES = {
    "en": [
        ("James", "Carter"), ("Emily", "Johnson"), ("Olivia", "Brown"), ("Michael", "Turner"),
        ("Sarah", "Mitchell"), ("David", "Wilson"), ("Laura", "Bennett"), ("Daniel", "Hughes"),
        ("Sophie", "Clarke"), ("Thomas", "Reed"), ("Rachel", "Green"), ("Peter", "Miller"),
        ("Hannah", "Scott"), ("Mark", "Robinson"), ("Grace", "Taylor"), ("Oliver", "Walsh"),
        ("Chloe", "Parker"), ("Ben", "Fletcher"), ("Megan", "Price"), ("Ryan", "Cooper"),
        ("Priya", "Sharma"), ("Ahmed", "Khan"), ("Lucia", "Romano"), ("Anna", "Weber"),
    ],
    "de": [
        ("Anna", "Weber"), ("Jonas", "Becker"), ("Maria", "Schulz"), ("Lena", "Fischer"),
        ("Tom", "Wagner"), ("Julia", "Hoffmann"), ("Stefan", "Koch"), ("Katrin", "Richter"),
        ("Lukas", "Wolf"), ("Sabine", "Schröder"), ("Felix", "Neumann"), ("Petra", "Schwarz"),
        ("Jürgen", "Zimmermann"), ("Monika", "Krüger"), ("Tobias", "Hartmann"), ("Claudia", "Lange"),
        ("Markus", "Schmitt"), ("Birgit", "Werner"), ("Andreas", "Krause"), ("Sandra", "Meier"),
        ("Frank", "Schulze"), ("Nicole", "Maier"), ("Uwe", "Köhler"), ("Heike", "Herrmann"),
    ],
}  # fmt: skip
HELDOUT_NAMES = {
    "en": [
        ("Isabel", "Crawford"), ("Nathan", "Doyle"), ("Fiona", "MacLeod"), ("Victor", "Alvarez"),
        ("Tessa", "Holloway"), ("Gareth", "Pryce"), ("Naomi", "Okafor"), ("Simon", "Ashworth"),
        ("Helen", "Duarte"), ("Kevin", "Lindqvist"), ("Zoe", "Harrington"), ("Martin", "Kowalski"),
    ],
    "de": [
        ("Ursula", "Brandt"), ("Matthias", "Vogel"), ("Franziska", "Lehmann"), ("Dieter", "Kaiser"),
        ("Johanna", "Frank"), ("Florian", "Berger"), ("Ingrid", "Huber"), ("Sebastian", "Roth"),
        ("Theresa", "Pfeiffer"), ("Rainer", "Seidel"), ("Carina", "Brückner"), ("Wolfgang", "Ebert"),
    ],
}  # fmt: skip
HELDOUT2_NAMES = {
    "en": [
        ("Siobhan", "O'Connell", "Ms"), ("Rajesh", "Venkataraman", "Mr"), ("Catriona", "Fraser-Hamilton", "Dr"),
        ("Pieter", "van der Berg", "Mr"), ("Aoife", "Gallagher", "Mrs"), ("Hamish", "McAllister", "Mr"),
        ("Lakshmi", "Iyer", "Dr"), ("Kwame", "Mensah", "Mr"), ("Heather", "Drummond", "Mrs"),
        ("Liam", "de Souza", "Mr"), ("Marguerite", "Lefebvre", "Ms"), ("Bronwyn", "Tait", "Professor"),
    ],
    "de": [
        ("Konstantin", "von Hagen", "Herr"), ("Vreni", "Bachmann", "Frau"), ("Xaver", "Obermaier", "Herr"),
        ("Annemarie", "Müller-Lüdenscheidt", "Frau Dr."), ("Reto", "Gisler", "Herr"), ("Leopold", "Pichler", "Mag."),
        ("Roswitha", "Gruber", "Frau"), ("Beat", "Zürcher", "Herr"), ("Elisabeth", "zu Stolberg", "Frau Dr."),
        ("Korbinian", "Haslinger", "Herr"), ("Gerlinde", "Wimmer", "Frau"), ("Ludger", "ter Horst", "Dr."),
    ],
}  # fmt: skip

HELDOUT3_NAMES = {
    "en": [
        ("Tomasz", "Kowalczyk"), ("Ingrid", "Halvorsen"), ("Mehmet", "Yilmaz"), ("Chiara", "Bianchi"),
        ("Dimitri", "Papadopoulos"), ("Fiona", "Abernethy"), ("Marcus", "Whitfield"), ("Yuki", "Tanaka"),
        ("Olusegun", "Adeyemi"), ("Rebecca", "Lindqvist"), ("Carlos", "Mendoza"), ("Astrid", "Nyberg"),
    ],
    "de": [
        ("Ferdinand", "Huber"), ("Ursula", "Steiner"), ("Matthias", "Brunner"), ("Regula", "Tanner"),
        ("Sepp", "Lechner"), ("Annelies", "Gschwend"), ("Florian", "Kofler"), ("Theresia", "Aigner"),
        ("Urs", "Widmer"), ("Brigitte", "Hofstetter"), ("Dominik", "Eder"), ("Niklas", "Öztürk"),
    ],
}  # fmt: skip
HELDOUT4_NAMES = {
    "en": [
        ("Edna", "Pemberton"), ("Harold", "Bickerstaff"), ("Giuseppe", "Rinaldi"), ("Anjali", "Deshpande"),
        ("Emre", "Aksoy"), ("Wilfred", "Ormsby"), ("Francesca", "Moretti"), ("Sunil", "Raghavan"),
        ("Mavis", "Thornbury"), ("Hakan", "Demir"), ("Gertrude", "Ashby"), ("Venkat", "Subramanian"),
    ],
    "de": [
        ("Hildegard", "Pfister"), ("Erwin", "Kessler"), ("Waltraud", "Bauer"), ("Ottmar", "Reichert"),
        ("Gisela", "Hahn"), ("Kemal", "Arslan"), ("Rosemarie", "Dietrich"), ("Herbert", "Lindner"),
        ("Elfriede", "Möller"), ("Ruedi", "Baumgartner"), ("Liselotte", "Sommer"), ("Aylin", "Kaya"),
    ],
}  # fmt: skip
HELDOUT5_NAMES = {
    "en": [
        ("Rupert", "Hargreaves"), ("Tamsin", "Whitlock"), ("Dwayne", "Mazurek"), ("Shanice", "Porter"),
        ("Callum", "Fairbairn"), ("Brooke", "Delgado"), ("Nigel", "Pilkington"), ("Kayleigh", "Dunmore"),
        ("Tyler", "Brennan"), ("Imogen", "Stanhope"), ("Marcus", "Oyelaran"), ("Priya", "Chaudhry"),
    ],
    "de": [
        ("Korbinian", "Rottmoser"), ("Vroni", "Gschwendtner"), ("Reto", "Gisiger"), ("Jasmin", "Eberharter"),
        ("Leopold", "Wallner"), ("Mia", "Zangerl"), ("Beat", "Stäheli"), ("Theresa", "Strasser"),
        ("Florian", "Hinterberger"), ("Lena", "Pfeifhofer"), ("Maximilian", "Mayrhofer"), ("Sabine", "Weißenböck"),
    ],
}  # fmt: skip
ID_MARKS = {
    "heldout": "h",
    "heldout2": "h2-",
    "heldout3": "h3-",
    "heldout4": "h4-",
    "heldout5": "h5-",
}  # "en-book-h5-001"
OWN_NAMES = {
    "heldout": HELDOUT_NAMES,
    "heldout2": HELDOUT2_NAMES,
    "heldout3": HELDOUT3_NAMES,
    "heldout4": HELDOUT4_NAMES,
    "heldout5": HELDOUT5_NAMES,
}


def _phone(rng: random.Random, prefix: str) -> str:
    return prefix + "".join(str(rng.randrange(10)) for _ in range(8))


def _confirmation(rng: random.Random) -> str:
    if rng.random() < 0.2:  # like the shipped scenarios' SOV1001, SOV2002: "double zero"
        d = str(rng.randrange(1, 10))
        return f"SOV{d}00{d}"
    digits = [str(rng.randrange(10)) for _ in range(4)]
    if rng.random() < 0.4:  # doubles ("double five") are common in real numbers
        i = rng.randrange(3)
        digits[i + 1] = digits[i]
    digits[0] = digits[0] if digits[0] != "0" else "1"
    return "SOV" + "".join(digits)


def _given(rng: random.Random, today: dt.date, first: str, last: str, conf: str) -> GivenReservation:  # fmt: skip
    arrival = today + dt.timedelta(days=rng.randrange(4, 90))
    guests = rng.choice((1, 2, 2, 2, 3, 4))
    room = rng.choice([c for c, cap in ROOMS.items() if guests <= cap])
    return GivenReservation(
        confirmation=conf,
        guest_name=f"{first} {last}",
        phone=_phone(rng, "+49176"),
        arrival=arrival.isoformat(),
        departure=(arrival + dt.timedelta(days=rng.randrange(1, 6))).isoformat(),
        guests=guests,
        room_type=room,
    )


def make_dialogue(
    seed: int, lang: str, flow: str, index: int, split: str, assignment: dict[str, str]
) -> CorpusDialogue:
    mark = ID_MARKS.get(split)
    did = f"{lang}-{flow}-{mark}{index:03d}" if mark else f"{lang}-{flow}-{index:04d}"
    names = OWN_NAMES.get(split, NAMES)[lang]
    rng = random.Random(f"{seed}:{did}")
    today = dt.date.fromisoformat(rng.choice(TODAYS))
    first, last, *title = rng.choice(names)
    conf = _confirmation(rng)
    caller = Caller(first, last, conf, title=title[0] if title else "")
    given = None
    if flow in ("modify", "cancel", "lookup", "abuse"):
        given = _given(rng, today, first, last, conf)
    caller_id = _phone(rng, "+4930") if rng.random() < 0.5 else None
    s = Script(rng, Library(lang, split, assignment), lang, today, caller, index=index)
    if given is not None:
        g_arr = dt.date.fromisoformat(given.arrival)
        s.stay = Stay(
            arrival=g_arr,
            nights=(dt.date.fromisoformat(given.departure) - g_arr).days,
            guests=given.guests,
            room=given.room_type,
            offer=given.room_type,
        )
    wrong_name = rng.random() < 0.1
    other = flow == "lookup" and rng.random() < 0.25
    if wrong_name or other:
        # The caller is not the guest: their own name differs from the one on the booking.
        caller.first, caller.last, *title = rng.choice([n for n in names if n[:2] != (first, last)])
        caller.title = title[0] if title else ""
        s.other_name = f"{first} {last}"
    if flow == "modify":
        expect = flows.modify(s, wrong_name)
    elif flow == "cancel":
        expect = flows.cancel(s, wrong_name)
    elif flow == "lookup":
        expect = flows.lookup(s, wrong_name, other)
    else:
        expect = flows.FLOWS[flow](s)
    opener = next((t for t in s.turns if t.intent != "greeting"), s.turns[0])
    return CorpusDialogue(
        id=did,
        lang=lang,
        flow=flow,
        split=split,
        today=today.isoformat(),
        caller_id=caller_id,
        given_reservation=given,
        turns=s.turns,
        expect=expect,
        template_group=opener.template_group,
    )


def generate(seed: int = DEFAULT_SEED, progress: bool = False) -> list[CorpusDialogue]:
    assignment = assign_splits(seed)
    plan = [
        (lang, flow, i, SPLIT_CYCLE[(i - 1) % len(SPLIT_CYCLE)])
        for lang, flows_ in PLAN.items()
        for flow, n in flows_.items()
        for i in range(1, n + 1)
    ]
    plan += [
        (lang, flow, i, split)
        for split, own in OWN_PLANS.items()
        for lang, flows_ in own.items()
        for flow, n in flows_.items()
        for i in range(1, n + 1)
    ]
    out = []
    for k, (lang, flow, i, split) in enumerate(plan, 1):
        out.append(make_dialogue(seed, lang, flow, i, split, assignment))
        if progress and (k % 25 == 0 or k == len(plan)):
            print(f"\rgenerated {k}/{len(plan)} dialogues", end="", file=sys.stderr, flush=True)
    if progress:
        print(file=sys.stderr)
    return out


def dumps(dialogues: list[CorpusDialogue]) -> bytes:
    enc = msgspec.json.Encoder()
    return b"".join(enc.encode(d) + b"\n" for d in dialogues)


def summary(dialogues: list[CorpusDialogue]) -> str:
    """Markdown counts per flow, language and split (pasted into the README)."""
    splits = ("train", "dev", "test", *OWN_PLANS)
    rows = [
        "| flow | lang | dialogues | turns | " + " | ".join(splits) + " |",
        "|---|---|---|---|" + "---|" * len(splits),
    ]
    keys = sorted({(d.flow, d.lang) for d in dialogues}, key=lambda k: (list(PLAN["en"]).index(k[0]), k[1] != "en"))  # fmt: skip
    for flow, lang in keys + [("all", "all")]:
        ds = [d for d in dialogues if flow == "all" or (d.flow, d.lang) == (flow, lang)]
        per = [sum(d.split == s for d in ds) for s in splits]
        turns = sum(len(d.turns) for d in ds)
        rows.append(
            f"| {flow} | {lang} | {len(ds)} | {turns} | " + " | ".join(map(str, per)) + " |"
        )
    return "\n".join(rows)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(
        prog="python -m bench.corpus.generate",
        description="Write the understanding corpus (JSON lines, one dialogue per line).",
    )
    ap.add_argument("--seed", type=int, default=DEFAULT_SEED, help="split and phrasing seed (default 7)")  # fmt: skip
    ap.add_argument("--out", type=Path, default=DEFAULT_PATH, help=f"output file (default {DEFAULT_PATH})")  # fmt: skip
    ap.add_argument("--summary", action="store_true", help="also print counts as a Markdown table")
    args = ap.parse_args(argv)
    dialogues = generate(args.seed, progress=True)
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_bytes(dumps(dialogues))
    turns = sum(len(d.turns) for d in dialogues)
    print(f"wrote {len(dialogues)} dialogues, {turns} caller turns to {args.out}", file=sys.stderr)
    if args.summary:
        print(summary(dialogues))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
