"""The shipped scripted demo calls and their expectations (format: docs/understanding.md).

A scenario file is plain text, one caller turn per line; ``#`` starts a comment.
Header comments of the form ``# key: value`` carry what the demo checks:

    # name: book-room
    # today: 2026-03-02                 the hotel-local date the call pretends is today
    # caller-id: +4930123456            the calling number (optional)
    # given-reservation: confirmation=SOV1234 guest_name="Anna Weber" phone=+4930123456 arrival=2026-03-20 departure=2026-03-22 guests=2 room_type=DBL
    # expect: booked                    booked | modified | cancelled | answered | refused | blocked
    # expect-reservation: arrival=2026-03-06 departure=2026-03-08 guests=2 room_type=DBL guest_name="Anna Weber"
    # expect-no-reservation: confirmation=SOV1234
    # expect-said: "non-refundable"        some reply of the call says this (case-insensitive)
    # expect-not-said: "SOV4004"            no reply says this

``given-reservation`` is seeded into the PMS before the call; ``expect-reservation``
must match an active reservation after it; ``expect-no-reservation`` must match none.
"""

from __future__ import annotations

import datetime as dt
import shlex
from pathlib import Path

import msgspec

from config.errors import SovrenError

SCENARIO_DIR = Path(__file__).parent
OUTCOMES = ("booked", "modified", "cancelled", "answered", "refused", "blocked")


class ScenarioError(SovrenError, ValueError):
    """A scenario file is malformed; the message names the file and line."""

    code = "scenario_invalid"
    next_step = "fix the scenario file at the line the message names"


class Scenario(msgspec.Struct):
    name: str
    path: str
    turns: list[str]
    expect: str
    today: dt.date | None = None
    caller_id: str | None = None
    given_reservations: list[dict[str, str]] = []
    expect_reservations: list[dict[str, str]] = []
    expect_no_reservations: list[dict[str, str]] = []
    expect_said: list[str] = []
    expect_not_said: list[str] = []


def _pairs(value: str, where: str) -> dict[str, str]:
    out = {}
    for tok in shlex.split(value):
        if "=" not in tok:
            raise ScenarioError(f"{where}: expected key=value, got {tok!r}")
        k, v = tok.split("=", 1)
        out[k.strip()] = v
    return out


def parse(text: str, path: str = "<text>") -> Scenario:
    turns: list[str] = []
    head: dict[str, str] = {}
    given: list[dict[str, str]] = []
    exp_r: list[dict[str, str]] = []
    exp_no: list[dict[str, str]] = []
    said: dict[str, list[str]] = {"expect-said": [], "expect-not-said": []}
    for no, raw in enumerate(text.splitlines(), 1):
        line = raw.strip()
        where = f"{path}:{no}"
        if not line:
            continue
        if line.startswith("#"):
            body = line[1:].strip()
            key, sep, value = body.partition(":")
            key = key.strip().lower()
            if not sep or " " in key:
                continue  # a plain comment
            value = value.strip()
            if key == "given-reservation":
                given.append(_pairs(value, where))
            elif key == "expect-reservation":
                exp_r.append(_pairs(value, where))
            elif key == "expect-no-reservation":
                exp_no.append(_pairs(value, where))
            elif key in said:
                words = shlex.split(value)
                if len(words) != 1:
                    raise ScenarioError(f'{where}: {key} takes one quoted text, e.g. "reception"')
                said[key].append(words[0])
            else:
                head[key] = value
            continue
        turns.append(line.split(" #", 1)[0].strip())
    if not turns:
        raise ScenarioError(f"{path}: no caller turns (one per line, '#' for comments)")
    expect = head.get("expect", "")
    if expect not in OUTCOMES:
        raise ScenarioError(
            f"{path}: '# expect:' must be one of {', '.join(OUTCOMES)}, got {expect!r}"
        )
    try:
        today = dt.date.fromisoformat(head["today"]) if "today" in head else None
    except ValueError as e:
        raise ScenarioError(f"{path}: '# today:' must be an ISO date: {e}") from e
    return Scenario(
        name=head.get("name", Path(path).stem),
        path=path,
        turns=turns,
        expect=expect,
        today=today,
        caller_id=head.get("caller-id") or None,
        given_reservations=given,
        expect_reservations=exp_r,
        expect_no_reservations=exp_no,
        expect_said=said["expect-said"],
        expect_not_said=said["expect-not-said"],
    )


def said_problems(scenario: Scenario, replies: list[str]) -> list[str]:
    """What the call should (not) have said, checked against every reply of the call."""
    heard = " ".join(replies).casefold()
    problems = [f"no reply said {t!r}" for t in scenario.expect_said if t.casefold() not in heard]
    problems += [f"a reply said {t!r}" for t in scenario.expect_not_said if t.casefold() in heard]
    return problems


def load(path: str | Path) -> Scenario:
    p = Path(path)
    try:
        return parse(p.read_text(encoding="utf-8"), str(p))
    except FileNotFoundError as e:
        raise ScenarioError(f"scenario file {p} does not exist") from e


def shipped() -> list[Scenario]:
    """The demo's calls, in file-name order."""
    return [load(p) for p in sorted(SCENARIO_DIR.glob("*.txt"))]
