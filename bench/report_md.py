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


def publish(r: dict, to_markdown, *, module: str, head: str, argv: list[str] | None,
            json_path: str | None, write_md: bool) -> str:  # fmt: skip
    """Print a benchmark's section, write its figures as JSON and/or into BENCHMARKS.md;
    the command recorded is the one that ran (``python -m bench.NAME`` and its options)."""
    import json
    import sys

    cmd = f"python -m {module} " + " ".join(argv if argv is not None else sys.argv[1:])
    md = to_markdown(r, cmd.strip())
    print(md)
    if json_path:
        Path(json_path).write_text(json.dumps(r, indent=1, default=str))
    if write_md:
        replace_section(head, md)
    return md
