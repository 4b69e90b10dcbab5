"""Retention and erasure: personal data leaves the ledger on schedule or on request.

What is personal data here: the caller's phone number (calls.caller_phone),
what was said (turns.text, even redacted), recorded audio (turns.audio_path and
the file it names; the call recordings under ``<data_dir>/recordings/<call>/``,
fabric/recordings.py, found by call id, so no row has to name them), and what the caller gave us as arguments or was told
(proposals.args/reply, actions.args, results.result/error). Decisions hold
none of it (no arguments, no text), so neither retention nor erasure touches
them and the hash chain stays whole.

How: rows are kept and soft-deleted (``deleted_at`` set) with their personal
fields emptied — the record that a call or turn happened survives, its
content does not. Each run writes one row to ``erasures`` (kind, a SHA-256 of
the normalised phone number for a caller erasure — never the number — and the
counts), so the erasure itself is on record.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import logging
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path

from fabric.recordings import call_key, recordings_root
from ledger.redact import normalise_phone

log = logging.getLogger("sovren.ledger")


@dataclass
class ErasureReport:
    kind: str
    counts: dict[str, int] = field(default_factory=dict)
    files_removed: int = 0
    erasure_id: str | None = None
    # PMS references (confirmation numbers, reservation ids) the erased calls' actions and
    # results named, gathered before they were emptied: the PMS step erases the caller there
    references: list[str] = field(default_factory=list)

    def summary(self) -> str:
        parts = ", ".join(f"{k}: {v}" for k, v in self.counts.items())
        return f"{self.kind} erasure {self.erasure_id}: {parts}; audio files removed: {self.files_removed}"


# The personal fields of each table whose rows name a call, and what they become when
# emptied. Why one table: erasure and retention must empty the same fields, and a personal
# column added to a table is added here once. ``calls`` (its number, matched by id) and
# ``alerts`` (kept, not soft-deleted) are emptied by statements of their own.
_PERSONAL_FIELDS = {
    "turns": "text = NULL, audio_path = NULL",
    "proposals": "args = '{}', reply = NULL",
    "actions": "args = '{}'",
    "results": "result = '{}', error = NULL",
    "callbacks": "summary = NULL",
}


def _soft_delete(table: str) -> str:
    """``UPDATE`` that empties the table's personal fields and marks the rows deleted; the
    caller adds which rows (WHERE)."""
    return (
        f"UPDATE {table} SET {_PERSONAL_FIELDS[table]},"
        " deleted_at = coalesce(deleted_at, now()), updated_at = now()"
    )


def _remove_files(paths: list[str], data_dir: Path | None) -> int:
    """Delete audio files, only inside ``data_dir`` (a path in the ledger is not trusted)."""
    if data_dir is None:
        return 0
    root = Path(data_dir).resolve()
    n = 0
    for p in paths:
        if not p:
            continue
        f = Path(p) if Path(p).is_absolute() else root / p
        f = f.resolve()
        if root not in f.parents:
            log.warning("not removing audio outside the data directory: %s", f)
            continue
        try:
            f.unlink()
            n += 1
        except FileNotFoundError:
            pass
    return n


def _remove_recordings(data_dir: Path | None, call_ids: list[str]) -> int:
    """Delete the recordings of these calls (both sides, finished or half-written)."""
    if data_dir is None:
        return 0
    n = 0
    for key in {k for k in (call_key(c) for c in call_ids) if k}:
        n += _remove_folder(recordings_root(data_dir) / key)
    return n


def _expire_recordings(data_dir: Path | None, cut: datetime) -> int:
    """Delete the recordings of calls whose audio was last written before ``cut``."""
    root = recordings_root(data_dir) if data_dir is not None else None
    if root is None or not root.is_dir():
        return 0
    n = 0
    for folder in root.iterdir():
        files = [f for f in folder.iterdir() if f.is_file()] if folder.is_dir() else []
        if files and max(f.stat().st_mtime for f in files) < cut.timestamp():
            n += _remove_folder(folder)
    return n


def _remove_folder(folder: Path) -> int:
    n = 0
    if folder.is_symlink() or not folder.is_dir():
        return 0
    for f in folder.iterdir():
        with contextlib.suppress(FileNotFoundError):
            f.unlink()
            n += 1
    with contextlib.suppress(OSError):
        folder.rmdir()
    return n


def _connect(url_or_conn):
    import psycopg

    if isinstance(url_or_conn, str):
        return psycopg.connect(url_or_conn), True
    return url_or_conn, False


def erase_caller(
    url_or_conn,
    phone: str,
    *,
    data_dir: Path | None = None,
    requested_by: str = "operator",
) -> ErasureReport:
    """Erase everything personal about the caller with this phone number."""
    norm = normalise_phone(phone)
    conn, own = _connect(url_or_conn)
    rep = ErasureReport("caller")
    try:
        with conn.transaction():
            # match stored numbers however they were written
            rows = conn.execute(
                "SELECT id::text, caller_phone FROM calls WHERE caller_phone IS NOT NULL"
                " AND regexp_replace(caller_phone, '\\D', '', 'g') LIKE %s",
                ("%" + norm.lstrip("+")[-7:],),
            ).fetchall()
            ids = [i for i, p in rows if _same_phone(p, norm)]
            # calls.id is a uuid; the other tables keep the call id as the runtime wrote it
            # (32 hex digits from the media worker, the dashed form elsewhere): match both.
            keys = ids + [i.replace("-", "") for i in ids]
            audio = [
                a
                for (a,) in conn.execute(
                    "SELECT audio_path FROM turns WHERE call_id = ANY(%s) AND audio_path IS NOT NULL",
                    (keys,),
                )
            ]
            refs: list[str] = []
            for (doc,) in conn.execute(
                "SELECT result FROM results WHERE call_id = ANY(%s) UNION ALL"
                " SELECT args FROM actions WHERE call_id = ANY(%s) UNION ALL"
                " SELECT args FROM proposals WHERE call_id = ANY(%s)",
                (keys, keys, keys),
            ):
                _collect_references(doc, refs)
            rep.references = refs
            rep.counts["calls"] = conn.execute(
                "UPDATE calls SET caller_phone = NULL, deleted_at = coalesce(deleted_at, now()),"
                " updated_at = now(), version = version + 1 WHERE id::text = ANY(%s)",
                (ids,),
            ).rowcount
            for table in _PERSONAL_FIELDS:
                rep.counts[table] = conn.execute(
                    _soft_delete(table) + " WHERE call_id = ANY(%s)", (keys,)
                ).rowcount
            rep.counts["alerts"] = conn.execute(
                "UPDATE alerts SET message = '(erased with the caller''s data)', evidence = '{}',"
                " updated_at = now(), version = version + 1 WHERE call_id = ANY(%s)",
                (keys,),
            ).rowcount
            rep.files_removed = _remove_files(audio, data_dir) + _remove_recordings(data_dir, keys)
            detail = dict(rep.counts, audio_files=rep.files_removed)
            rep.erasure_id = conn.execute(
                "INSERT INTO erasures (kind, subject_hash, requested_by, detail)"
                " VALUES ('caller', %s, %s, %s) RETURNING id::text",
                (phone_hash(norm), requested_by, json.dumps(detail)),
            ).fetchone()[0]
    finally:
        if own:
            conn.close()
    return rep


_REFERENCE_KEYS = ("confirmation", "reservation_id", "confirmation_number")


def _collect_references(doc, out: list[str]) -> None:
    """Every confirmation number / reservation id anywhere in a stored json document."""
    if isinstance(doc, dict):
        for k, v in doc.items():
            if k in _REFERENCE_KEYS and isinstance(v, str) and v and v not in out:
                out.append(v)
            else:
                _collect_references(v, out)
    elif isinstance(doc, list):
        for v in doc:
            _collect_references(v, out)


def _same_phone(stored: str, norm: str) -> bool:
    try:
        s = normalise_phone(stored)
    except ValueError:
        return False
    if s == norm:
        return True
    # one side written without the country code: compare the national number
    a, b = s.lstrip("+"), norm.lstrip("+")
    short, long_ = sorted((a, b), key=len)
    return (
        not (s.startswith("+") and norm.startswith("+"))
        and len(short) >= 7
        and long_.endswith(short.lstrip("0"))
    )


def phone_hash(normalised: str) -> str:
    return hashlib.sha256(("sovren-erasure:" + normalised).encode()).hexdigest()


def apply_retention(
    url_or_conn,
    retention_days: dict[str, int],
    *,
    now: datetime | None = None,
    data_dir: Path | None = None,
) -> ErasureReport:
    """Empty transcripts older than ``transcripts`` days and audio older than ``audio`` days."""
    now = now or datetime.now(UTC)
    t_days = int(retention_days.get("transcripts", 90))
    a_days = int(retention_days.get("audio", 30))
    t_cut = now - timedelta(days=t_days)
    a_cut = now - timedelta(days=a_days)
    conn, own = _connect(url_or_conn)
    rep = ErasureReport("retention")
    try:
        with conn.transaction():
            audio = [
                a
                for (a,) in conn.execute(
                    "SELECT audio_path FROM turns WHERE audio_path IS NOT NULL AND created_at < %s",
                    (a_cut,),
                )
            ]
            rep.counts["audio"] = conn.execute(
                "UPDATE turns SET audio_path = NULL, updated_at = now()"
                " WHERE audio_path IS NOT NULL AND created_at < %s",
                (a_cut,),
            ).rowcount
            rep.counts["turns"] = conn.execute(
                _soft_delete("turns")
                + " WHERE created_at < %s AND (text IS NOT NULL OR deleted_at IS NULL)",
                (t_cut,),
            ).rowcount
            rep.counts["proposals"] = conn.execute(
                _soft_delete("proposals") + " WHERE created_at < %s AND deleted_at IS NULL",
                (t_cut,),
            ).rowcount
            rep.counts["calls"] = conn.execute(
                "UPDATE calls SET caller_phone = NULL, updated_at = now(), version = version + 1"
                " WHERE created_at < %s AND caller_phone IS NOT NULL",
                (t_cut,),
            ).rowcount
            rep.files_removed = _remove_files(audio, data_dir) + _expire_recordings(data_dir, a_cut)
            detail = dict(
                rep.counts,
                audio_files=rep.files_removed,
                transcripts_days=t_days,
                audio_days=a_days,
            )
            rep.erasure_id = conn.execute(
                "INSERT INTO erasures (kind, detail) VALUES ('retention', %s) RETURNING id::text",
                (json.dumps(detail),),
            ).fetchone()[0]
    finally:
        if own:
            conn.close()
    return rep
