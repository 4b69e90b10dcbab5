"""BENCHMARKS.md is written section by section: each benchmark owns one ``## `` section.

Why one function: every ``--write-md`` must replace exactly its own section and
leave the others (written by other benchmarks, or by hand) untouched.
"""

from __future__ import annotations

from pathlib import Path

BENCHMARKS_MD = Path(__file__).resolve().parent.parent / "BENCHMARKS.md"


def replace_section(head: str, md: str, path: Path | None = None) -> None:
    """Replace the section starting with ``head`` by ``md`` (appended when absent)."""
    path = path or BENCHMARKS_MD
    text = path.read_text(encoding="utf-8") if path.exists() else "# Benchmarks\n"
    start = text.find(head + "\n")
    if start < 0:
        text = text.rstrip("\n") + "\n\n" + md.rstrip("\n") + "\n"
    else:
        nxt = text.find("\n## ", start + len(head))
        text = text[:start] + md.rstrip("\n") + "\n" + (text[nxt:] if nxt >= 0 else "")
    path.write_text(text, encoding="utf-8")
