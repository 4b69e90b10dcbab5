"""SOVREN's own code, for tests that check a property of every module or file."""

from __future__ import annotations

from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
# The top-level packages, bottom layer first (docs/layout.md, .importlinter).
PACKAGES = (
    "config",
    "ipc",
    "fabric",
    "ledger",
    "bayes",
    "agents",
    "connectors",
    "media",
    "runtime",
    "bench",
)


def source_files() -> list[Path]:
    """Every Python file of the packages, setup.py and the bootstrap scripts in bin/."""
    files = [p for pkg in PACKAGES for p in sorted((REPO / pkg).rglob("*.py"))]
    return [*files, REPO / "setup.py", *sorted((REPO / "bin").glob("*.sh"))]
