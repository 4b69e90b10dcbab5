"""Scripted calls: plain text, one caller turn per line, ``#`` starts a comment.

Header comments carry what the demo checks, e.g.::

    # scenario: book a room
    # caller-id: +49 30 1234567
    # expect: booked
    # expect-reservation: arrival=+4 nights=2 guests=2 room_type=DBL

Why in the script file: the expected outcome sits next to the words that should
produce it, so a changed scenario cannot silently keep an old expectation.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from config.errors import SovrenError


class ScriptError(SovrenError, ValueError):
    code = "script_invalid"
    next_step = "fix the script file the message names (one caller turn per line, UTF-8)"


@dataclass
class Script:
    name: str
    turns: list[str]
    caller_id: str | None = None
    expect: dict[str, str] = field(default_factory=dict)


def parse_script(path: Path) -> Script:
    try:
        text = Path(path).read_text()
    except FileNotFoundError:
        raise ScriptError(f"script {path} does not exist") from None
    except UnicodeDecodeError:
        raise ScriptError(f"script {path} is not UTF-8 text") from None
    turns: list[str] = []
    meta: dict[str, str] = {}
    for line in text.splitlines():
        s = line.strip()
        if not s:
            continue
        if s.startswith("#"):
            body = s[1:].strip()
            if ":" in body:
                k, v = body.split(":", 1)
                k = k.strip().lower()
                if k in ("scenario", "caller-id", "lang") or k.startswith("expect"):
                    meta[k] = v.strip()
            continue
        turns.append(s.split(" #", 1)[0].strip())
    if not turns:
        raise ScriptError(f"script {path} has no caller turns (one per line, '#' for comments)")
    expect = {k: v for k, v in meta.items() if k.startswith("expect")}
    return Script(meta.get("scenario", Path(path).stem), turns, meta.get("caller-id"), expect)


def scenario_files() -> list[Path]:
    return sorted((Path(__file__).parent / "scenarios").glob("*.txt"))
