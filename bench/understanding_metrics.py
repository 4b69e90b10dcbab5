"""Metrics of ``bench.understanding``: pure functions over gold labels and predictions.

Why apart from the runner: the runner records predictions in whatever tree it runs
against (an older commit for the side-by-side); the scoring rules live here once and
are unit-tested on hand-made inputs (tests/bench/test_bench_understanding.py).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from typing import Any

from ipc.actions import ActionKind

WRITE_KEYS = (
    "arrival", "departure", "guests", "room_type", "guest_name", "rate_plan", "confirmation",
)  # fmt: skip
# What a wrong write gets wrong: dates, guests, room, or another caller's booking.
WRONG_KEYS = ("arrival", "departure", "guests", "room_type", "confirmation")


def rate(num: int, den: int) -> float | None:
    return round(num / den, 4) if den else None


def ece(confidences: Sequence[float], correct: Sequence[bool], bins: int = 10) -> dict[str, Any]:
    """Expected calibration error with equal-width bins, and the bins for a reliability diagram.

    ECE = sum over bins of (bin size / n) * |accuracy(bin) - mean confidence(bin)|.
    """
    n = len(confidences)
    rows = []
    total = 0.0
    for b in range(bins):
        lo, hi = b / bins, (b + 1) / bins
        idx = [
            i for i, c in enumerate(confidences) if (lo <= c < hi) or (b == bins - 1 and c == hi)
        ]
        if not idx:
            rows.append({"lo": lo, "hi": hi, "n": 0, "acc": None, "conf": None})
            continue
        acc = sum(bool(correct[i]) for i in idx) / len(idx)
        conf = sum(confidences[i] for i in idx) / len(idx)
        total += len(idx) / n * abs(acc - conf)
        rows.append(
            {"lo": lo, "hi": hi, "n": len(idx), "acc": round(acc, 4), "conf": round(conf, 4)}
        )
    return {"ece": round(total, 4) if n else None, "n": n, "bins": rows}


def macro_f1(
    gold: Sequence[str], pred: Sequence[str], labels: Iterable[str] | None = None
) -> float | None:
    """Unweighted mean of per-label F1 over the labels present in gold (or ``labels``)."""
    labs = sorted(set(labels) if labels is not None else set(gold))
    if not labs:
        return None
    f1s = []
    for lab in labs:
        tp = sum(g == lab and p == lab for g, p in zip(gold, pred, strict=True))
        fp = sum(g != lab and p == lab for g, p in zip(gold, pred, strict=True))
        fn = sum(g == lab and p != lab for g, p in zip(gold, pred, strict=True))
        f1s.append(2 * tp / (2 * tp + fp + fn) if tp else 0.0)
    return round(sum(f1s) / len(f1s), 4)


def intent_matches(gold: str, pred: str) -> bool:
    """``fact.<key>`` (the old brain's and the new one's answer to a question) counts as question."""
    return pred == gold or (gold == "question" and pred.startswith("fact."))


# ------------------------------------------------------------------ slots


def _date(v: Any) -> dt.date | None:
    try:
        return dt.date.fromisoformat(str(v)[:10])
    except ValueError:
        return None


def slot_correct(slot: str, gold_value: Any, kind: str, pred: Any) -> bool:
    """Does a predicted slot value match the annotation? Dates by kind (see bench.public_data)."""
    if pred is None:
        return False
    if slot in ("arrival", "departure"):
        d = _date(pred)
        if d is None:
            return False
        if kind == "weekday":
            return d.strftime("%A").lower() == str(gold_value).lower()
        g = _date(gold_value)
        if g is None:
            return False
        if kind == "absolute":
            return (d.month, d.day) == (g.month, g.day)
        return d == g
    try:
        return int(pred) == int(gold_value)
    except (TypeError, ValueError):
        return str(pred).strip().lower() == str(gold_value).strip().lower()


class SlotTally:
    """Mentions, found (any value predicted) and correct, per key."""

    def __init__(self) -> None:
        self.rows: dict[str, list[int]] = {}

    def add(self, key: str, found: bool, correct: bool) -> None:
        r = self.rows.setdefault(key, [0, 0, 0])
        r[0] += 1
        r[1] += bool(found)
        r[2] += bool(correct)

    def table(self) -> dict[str, dict[str, Any]]:
        return {
            k: {
                "mentions": n,
                "found": f,
                "correct": c,
                "accuracy": rate(c, n),
                "coverage": rate(f, n),
                "precision": rate(c, f),
            }
            for k, (n, f, c) in sorted(self.rows.items())
        }


# ------------------------------------------------------------------ dialogues


def _same(key: str, want: Any, got: Any) -> bool:
    if key == "guest_name":
        return " ".join(str(want).lower().split()) == " ".join(str(got).lower().split())
    if key == "guests":
        try:
            return int(want) == int(got)
        except (TypeError, ValueError):
            return False
    return str(want) == str(got)


def write_matches(expected: dict[str, Any], write: dict[str, Any]) -> bool:
    """The expected write: same action and every expected argument the write states.

    ``rate_plan`` is compared when both name one: older brains took the rate from the
    offer and put none in the write (counted apart as ``writes_without_rate``).
    """
    if write.get("action") != expected.get("action"):
        return False
    for k in WRITE_KEYS:
        if expected.get(k) is None:
            continue
        if k == "rate_plan" and write.get(k) is None:
            continue
        if k == "guests" and write.get("action") == ActionKind.PMS_MODIFY and write.get(k) is None:
            continue  # a modify states guests only when they change
        if not _same(k, expected[k], write.get(k)):
            return False
    return True


def is_wrong_write(expected: dict[str, Any] | None, write: dict[str, Any]) -> bool:
    """A write that should not have happened, or whose dates, guests or room differ."""
    if expected is None or write.get("action") != expected.get("action"):
        return True
    for k in WRONG_KEYS:
        if expected.get(k) is None or write.get(k) is None:
            continue
        if not _same(k, expected[k], write[k]):
            return True
    return False


def judge_dialogue(
    expected: dict[str, Any] | None, writes: list[dict[str, Any]], error: str | None
) -> dict[str, bool]:
    """success: exactly the expected write (or rightly none) and no exception; wrong_write: any."""
    wrong = any(is_wrong_write(expected, w) for w in writes)
    if expected is None:
        success = not writes
    else:
        success = len(writes) == 1 and write_matches(expected, writes[0])
    return {"success": success and error is None, "wrong_write": wrong, "error": error is not None}
