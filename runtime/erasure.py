"""Erasing a caller everywhere the runtime put them: the ledger, the audio, the PMS.

Why here (the application layer): one request spans the ledger (ledger/retention.py
empties the calls, turns, proposals, actions, results, alerts and audio files of
every call from that number) and the PMS the runtime wrote to (the reservations
those calls made or named, and any made under that number). The connector erases
its own records where it can (the local PMS: ``LocalConnector.erase_guest``); for a
vendor's system the report says exactly what remains and where, so the operator
can erase it there: SOVREN holds no right to delete a vendor's guest profile.
"""

from __future__ import annotations

import asyncio
from dataclasses import dataclass, field
from pathlib import Path

from ledger.retention import ErasureReport, erase_caller


@dataclass
class CallerErasure:
    ledger: ErasureReport
    pms_vendor: str = ""
    pms_redacted: list[str] = field(default_factory=list)
    remaining: list[str] = field(default_factory=list)  # what SOVREN could not erase, and where

    def summary(self) -> str:
        lines = [self.ledger.summary()]
        if self.pms_redacted:
            lines.append(
                f"PMS ({self.pms_vendor}): guest data erased from reservations "
                + ", ".join(self.pms_redacted)
                + " (the reservations themselves stay)"
            )
        elif not self.remaining:
            lines.append(f"PMS ({self.pms_vendor}): no reservation of this caller found")
        lines += [f"REMAINS: {r}" for r in self.remaining]
        return "\n".join(lines)


def erase_everywhere(
    settings, url: str, phone: str, *, requested_by: str = "operator"
) -> CallerErasure:
    """The ledger first (it is ours and transactional), then the PMS."""
    rep = erase_caller(url, phone, data_dir=Path(settings.data_dir), requested_by=requested_by)
    out = CallerErasure(rep, pms_vendor=settings.pms.vendor)
    try:
        redacted, remaining = asyncio.run(_erase_in_pms(settings, url, phone, rep.references))
    except Exception as e:  # the ledger part stands; say what is left and why
        redacted = []
        remaining = [
            f"the PMS ({settings.pms.vendor}) could not be reached to erase the caller "
            f"({type(e).__name__}: {e}); run `sovren ledger erase --phone ...` again once "
            "`sovren pms check` passes"
        ]
    out.pms_redacted, out.remaining = redacted, remaining + _journal_remains(
        Path(settings.data_dir), phone, rep.references
    )
    return out


def _journal_remains(data_dir: Path, phone: str, references: list[str]) -> list[str]:
    """The PMS worker's write journal (connectors/journal.py) names the caller too.

    Why it is reported, not rewritten: the journal is the running worker's own append-only,
    fsynced file, and what makes writes exactly once across crashes; a second writer
    rewriting it under the worker could lose an open entry. Closed entries leave it at the
    worker's next start once older than its keep period (7 days).
    """
    needles = [n for n in (phone, *references) if n]
    out = []
    for path in sorted((data_dir / "journal").glob("*.pms.jsonl")):
        try:
            text = path.read_text(encoding="utf-8", errors="replace")
        except OSError:
            continue
        if any(n in text for n in needles):
            out.append(
                f"the PMS write journal {path} still names this caller in the write requests "
                "of the erased calls; they leave it at the PMS worker's next start once older "
                "than 7 days (or stop the runtime and delete the file when no write is open)"
            )
    return out


async def _erase_in_pms(settings, url, phone, references) -> tuple[list[str], list[str]]:
    from connectors.factory import build_connector

    pms = build_connector(settings, database_url=url if settings.pms.vendor == "local" else None)
    erase = getattr(getattr(pms, "adapter", pms), "erase_guest", None)
    if erase is None:
        refs = ", ".join(references) or "none named in the ledger"
        return [], [
            f"{settings.pms.vendor}'s own guest records: the connector cannot erase guest data "
            f"there. Reservations these calls named: {refs}; and any profile under this phone "
            f"number. Erase them in {settings.pms.vendor}'s back office (docs/ledger.md, "
            "'Erasure')."
        ]
    await pms.open()
    try:
        return await erase(phone=phone, references=list(references)), []
    finally:
        await pms.aclose()
