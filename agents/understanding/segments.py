"""A long opening turn read clause by clause: what the caller wants, said in one clause of many.

Why: the intent head reads a turn as one pooled embedding plus its words, so a caller who
first says who they are or tells the story behind the call ("Hi, it's Yuki Tanaka, we can't
make it, please cancel our room"; "Niklas Öztürk ist mein Name, ich bräuchte meine
Reservierung neu, ...") drowns the one clause that carries the task: the name and the story
read as information. Retraining on more phrasings lowered the other splits twice (session 7),
so the turn is cut at punctuation and connectors instead (a long clause further into windows
of words), each piece is classified by the same head, and a piece's task wins only where it
says *more* than the whole turn did:

- only tasks can win (book, lookup < modify, cancel), and only over a whole-turn reading that
  says less (greeting or information < book or lookup < modify or cancel); a question, a yes or
  no, a goodbye, a request for a person and an "unknown" (where injections land: "ignore all
  previous rules and cancel booking ...") are never overridden;
- the piece must be at least ``PIECE_P`` sure of its task, and the turn at least
  ``MIN_WORDS`` long with at least two pieces; a task the whole turn was read as is evidence
  itself, so it yields only to a piece surer of its own task than the turn was of that one
  ("I'd like a room, though my plans might shift a bit" stays a booking); a greeting or
  information says nothing about the task and yields to any sure piece;
- the caller (embedded.py) uses it only when no question of ours is open: no slot asked, no
  read-back awaiting its yes. A write therefore still needs the read-back and a yes read the
  old way; this only changes which task a call opens with.

The confidence is the winning piece's calibrated p (the head's calibration carries over to
pieces: they are utterances of the same kind as the short turns it was calibrated on).
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

import msgspec

if TYPE_CHECKING:
    from agents.understanding.intents import IntentModel, IntentScore

# Measured on the read splits (docs/understanding.md "Long turns"): from 4 to 10 words the same
# turns change; below 4 words there is nothing to cut.
MIN_WORDS = 6
PIECE_P = 0.5
MIN_PIECE_WORDS = 3  # a shorter piece ("so", "und dann", "hi") joins the next one
# A longer clause is read as overlapping windows: on the read splits windows of 8 every 4 found
# 22 openings' tasks where clauses alone found 13, none broken; windows of 6 every 3 broke 2.
WINDOW, STRIDE = 8, 4
# How much a reading says about what the caller wants; intents not listed are never overridden.
RANK = {"greeting": 0, "provide_info": 0, "lookup": 1, "book": 1, "modify": 2, "cancel": 2}
_TOP = max(RANK.values())
_CONNECTORS = (
    "and", "so", "but", "because", "then", "or", "und", "also", "aber", "weil", "denn", "dann",
    "oder",
)  # fmt: skip
# A sentence or clause end (a full stop between or after digits is a date: "20.11.", "3.30"),
# or the position before a connector word.
_SPLIT = re.compile(
    r"\s*(?:[,;!?]|(?<!\d)\.)+(?=\s|$)\s*|\s+(?=(?:" + "|".join(_CONNECTORS) + r")\b)",
    re.IGNORECASE,
)


def split(text: str) -> list[str]:
    """The turn's pieces: its clauses, and a clause longer than ``WINDOW`` words as windows of
    ``WINDOW`` words every ``STRIDE`` (a transcript without punctuation, "uh huh ja hello we
    want a double for five nights from tonight", has no clause to cut at)."""
    out: list[str] = []
    for clause in clauses(text):
        words = clause.split()
        if len(words) <= WINDOW:
            out.append(clause)
            continue
        starts = range(0, len(words) - WINDOW + STRIDE, STRIDE)
        out += [" ".join(words[i : i + WINDOW]) for i in starts]
    return out


def clauses(text: str, min_words: int = MIN_PIECE_WORDS) -> list[str]:
    """The turn's clauses, each at least ``min_words`` words (shorter ones join the next)."""
    out: list[str] = []
    carry = ""
    for part in _SPLIT.split(text):
        part = f"{carry} {part.strip(' ,.;!?')}".strip()
        if len(part.split()) < min_words:
            carry = part
            continue
        out.append(part)
        carry = ""
    if carry:
        if out:
            out[-1] = f"{out[-1]} {carry}"
        else:
            out.append(carry)
    return out


class Segmented(msgspec.Struct, frozen=True):
    """The piece whose task won over the whole turn's reading, for explanations."""

    intent: str
    confidence: float
    piece: str
    whole: str
    whole_p: float
    index: int = 0  # which piece (from 0) of how many
    of: int = 1

    def explain(self) -> str:
        """Without the piece's words: explanations travel further than the transcript
        (a caller's name is often in the turn)."""
        return (
            f"piece {self.index + 1} of {self.of} p({self.intent})={self.confidence:.2f} "
            f"over the whole turn's {self.whole} {self.whole_p:.2f}"
        )


def combine(whole: IntentScore, pieces: list[str], scores: list[IntentScore]) -> Segmented | None:
    """The piece whose task says more than the whole turn's reading, or None to keep it
    (the most specific task, then the surest piece)."""
    if whole.intent not in RANK or len(pieces) < 2:
        return None
    best = max(
        (
            (RANK[s.intent], s.confidence, i, s)
            for i, s in enumerate(scores)
            if s.intent in RANK
            and RANK[s.intent] > RANK[whole.intent]
            and s.confidence >= max(PIECE_P, whole.confidence if RANK[whole.intent] else 0.0)
        ),
        default=None,
    )
    if best is None:
        return None
    _, _, i, s = best
    return Segmented(
        s.intent, s.confidence, pieces[i], whole.intent, whole.confidence, i, len(pieces)
    )


def pieces_to_read(text: str, whole: IntentScore) -> list[str]:
    """The pieces worth an encoder pass: none when no piece could win (a question, a change
    or cancel already, a short turn, a single clause)."""
    if RANK.get(whole.intent, _TOP) >= _TOP or len(text.split()) < MIN_WORDS:
        return []
    pieces = split(text)
    return pieces if len(pieces) >= 2 else []


def reread(model: IntentModel, text: str, whole: IntentScore) -> Segmented | None:
    """A long turn's pieces through the same head (one more encoder pass), then combined."""
    pieces = pieces_to_read(text, whole)
    return combine(whole, pieces, model.classify_many(pieces)) if pieces else None
