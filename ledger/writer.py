"""The ledger writer: ``put(record)`` never blocks; a thread batches records into PostgreSQL.

Why this shape:
- The hot path (COMMAND's loop, the decision core) must never wait for a disk
  or a database: ``put`` is a type check and a deque append.
- One background thread owns the connection, the spool and every counter.
  It drains up to ``batch_size`` records, COPYs them per table into temporary
  staging tables and moves them with ``INSERT … SELECT … ORDER BY … ON CONFLICT
  (id) DO NOTHING`` in one transaction: COPY is the fastest way in, the
  staging step is what lets duplicates be ignored by id.
- When the database is unreachable (refuses connections, or drops mid-write)
  the batch, and every batch after it, is appended to the spool (framed,
  checksummed, fsynced) — order is kept because nothing reaches the database
  while the spool holds anything. Reconnects back off from 0.1 s to 2 s; when
  the database is back the spool is replayed in order before new records, then
  removed. A batch whose commit was lost in flight is replayed too; duplicate
  ids make that harmless (the decisions' chain trigger and the outcome counts
  trigger skip duplicates as well).
- A record the database refuses for its content (a malformed id, say) is
  isolated by retrying the batch record by record; the refused ones go to
  ``rejected.spool`` with an alert — never a crash, never a silent drop.
- A corrupt spool record is skipped with an alert; the records after it replay.
- Turn text is redacted (ledger.redact) in this thread, before the
  record reaches the spool or the database.

What a crash can lose: records still in memory (put but not yet written or
spooled — at most ``flush_interval_s`` worth). ``flush()`` and ``close()``
bound that for callers that need it.
"""

from __future__ import annotations

import contextlib
import datetime as _dt
import logging
import re
import threading
import time
import uuid
from collections import deque
from collections.abc import Callable
from pathlib import Path
from typing import Any

import msgspec

from fabric.decision import DecisionOutcome
from ipc.messages import Severity
from ledger.chain import chain_key_from_environment, decision_hash, head_mac
from ledger.records import AlertRecord, CallbackRecord, TurnRecord, alert
from ledger.redact import redact
from ledger.spool import Corrupt, Spool, lock_dir, spool_key
from ledger.spool_progress import ReplayProgress
from ledger.tables import (
    ORDER,
    SPECS,
    SPOOL_CODE,
    TYPE_OF_CODE,
    TableSpec,
    record_id,
    stage_name,
)

log = logging.getLogger("sovren.ledger")

_frame_decoder = msgspec.msgpack.Decoder(tuple[int, msgspec.Raw])
_decoders = {code: msgspec.msgpack.Decoder(t) for code, t in TYPE_OF_CODE.items()}
_encoder = msgspec.msgpack.Encoder()
_json = msgspec.json.Encoder()

_CANONICAL_UUID = re.compile(r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}")
_EPOCH = _dt.datetime(1970, 1, 1, tzinfo=_dt.UTC)
_UUID_RE = "^[0-9a-fA-F]{8}-?[0-9a-fA-F]{4}-?[0-9a-fA-F]{4}-?[0-9a-fA-F]{4}-?[0-9a-fA-F]{12}$"


class _Flush:
    __slots__ = ("event",)

    def __init__(self) -> None:
        self.event = threading.Event()


class _Offline(Exception):
    """The database went away; the caller spools what is left."""


def encode_record(rec: Any) -> bytes:
    return _encoder.encode((SPOOL_CODE[type(rec)], rec))


def decode_record(payload: bytes) -> Any:
    code, raw = _frame_decoder.decode(payload)
    dec = _decoders.get(code)
    if dec is None:
        raise ValueError(f"unknown record code {code}")
    return dec.decode(raw)


class LedgerWriter:
    def __init__(
        self,
        url: str,
        spool_dir: str | Path,
        *,
        batch_size: int = 2000,
        flush_interval_s: float = 0.05,
        spool_fsync: bool = True,
        on_alert: Callable[[AlertRecord], None] | None = None,
        run_migrations: bool = True,
        connect_timeout_s: float = 2.0,
        max_backoff_s: float = 2.0,
    ):
        self.url = url
        # the decisions' chain key (None: unkeyed, which the supervisor warns about at start)
        self._chain_key = chain_key_from_environment()
        self.spool_dir = Path(spool_dir)
        self._lock_fh = lock_dir(self.spool_dir)
        # Spooled frames carry a MAC under a key derived from the chain key (ledger/spool.py):
        # a spool edited by someone without the key is refused frame by frame, path named.
        key = spool_key(self._chain_key)
        self.spool = Spool(self.spool_dir / "ledger.spool", fsync=spool_fsync, key=key)
        self.rejected = Spool(self.spool_dir / "rejected.spool", fsync=spool_fsync, key=key)
        # How far the spool was replayed, on disk: a writer killed mid-replay resumes there
        # (nothing is replayed twice), and a spool replaced since is replayed from its start.
        self._progress = ReplayProgress(self.spool.path)
        self.batch_size = batch_size
        self._interval = flush_interval_s
        self._on_alert = on_alert
        self._run_migrations = run_migrations
        self._connect_timeout = connect_timeout_s
        self._max_backoff = max_backoff_s
        self._q: deque[Any] = deque()
        self._wake = threading.Event()
        self._stop = False
        # everything below is owned by the writer thread
        self._conn = None
        self._migrated = False
        self._backoff = 0.1
        self._next_attempt = 0.0
        self._replay_offset = self._progress.load()
        self._replaying = False
        self._alerted_corrupt: set[int] = set()
        self._outage_alerted = False
        self.last_error: str | None = None
        self.stats: dict[str, int] = {
            "put": 0,
            "written": 0,
            "duplicates": 0,
            "spooled": 0,
            "replayed": 0,
            "rejected": 0,
            "corrupt_skipped": 0,
            "reconnects": 0,
        }
        self._thread = threading.Thread(target=self._run, name="ledger-writer", daemon=True)
        self._thread.start()

    @classmethod
    def from_settings(cls, settings: Any, url: str, **kw: Any) -> LedgerWriter:
        st = settings.storage
        spool = Path(st.spool_dir)
        if not spool.is_absolute():
            spool = Path(settings.data_dir) / spool
        return cls(
            url,
            spool,
            batch_size=st.batch_size,
            flush_interval_s=st.flush_interval_s,
            spool_fsync=st.spool_fsync,
            **kw,
        )

    # -- producer side (any thread) ---------------------------------------
    def put(self, record: Any) -> None:
        """Queue one record; never blocks. Unknown record types fail here, at the producer."""
        if type(record) not in SPECS:
            raise TypeError(
                f"the ledger does not store {type(record).__name__}; use a ledger.records "
                f"type or fabric.decision.DecisionOutcome"
            )
        q = self._q
        q.append(record)
        if len(q) >= self.batch_size:
            self._wake.set()

    def flush(self, timeout: float = 10.0, *, in_database: bool = False) -> bool:
        """Wait until every record put before this call is in the database or the spool.

        With ``in_database`` also wait until the spool is replayed. False on timeout.
        """
        deadline = time.monotonic() + timeout
        m = _Flush()
        self._q.append(m)
        self._wake.set()
        if not m.event.wait(timeout):
            return False
        while in_database and self.spool_pending():
            if time.monotonic() > deadline:
                return False
            self._wake.set()
            time.sleep(0.02)
        return True

    def close(self, timeout: float = 30.0) -> None:
        """Write (or spool) everything queued, then stop the thread."""
        self._stop = True
        self._wake.set()
        self._thread.join(timeout)
        if self._thread.is_alive():
            log.error(
                "ledger writer did not stop within %.0f s; queued records may be lost", timeout
            )
            return
        self.spool.close()
        self.rejected.close()
        self._lock_fh.close()

    def __enter__(self) -> LedgerWriter:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    @property
    def online(self) -> bool:
        return self._conn is not None

    @property
    def queued(self) -> int:
        return len(self._q)

    def spool_pending(self) -> bool:
        return self.spool.size() > self._replay_offset

    # -- writer thread -----------------------------------------------------
    def _run(self) -> None:
        try:
            while True:
                self._wake.wait(self._interval)
                self._wake.clear()
                self._cycle()
                if self._stop:
                    self._cycle()
                    if not self._q:
                        break
        except Exception:  # pragma: no cover - a bug; keep what we can
            log.exception("ledger writer thread failed; spooling what is queued")
            self._emergency_spool()
        finally:
            self._disconnect()

    def _cycle(self) -> None:
        self._ensure_connected()
        if self._conn is not None and self.spool_pending():
            self._replay()
        while self._q:
            batch, markers = self._drain()
            if batch:
                self._handle(self._prepare(batch))
            for m in markers:
                m.event.set()

    def _drain(self) -> tuple[list[Any], list[_Flush]]:
        q = self._q
        batch: list[Any] = []
        markers: list[_Flush] = []
        n = self.batch_size
        while q and len(batch) < n:
            r = q.popleft()
            if type(r) is _Flush:
                markers.append(r)
            else:
                batch.append(r)
        self.stats["put"] += len(batch)
        return batch, markers

    def _prepare(self, batch: list[Any]) -> list[Any]:
        out = []
        seen: set[str] = set()
        for r in batch:
            rid = record_id(r)
            if rid in seen:
                self.stats["duplicates"] += 1
                continue
            seen.add(rid)
            if type(r) is TurnRecord and r.text:
                r = msgspec.structs.replace(r, text=redact(r.text))
            elif type(r) is CallbackRecord and r.summary:
                r = msgspec.structs.replace(r, summary=redact(r.summary))
            elif type(r) is DecisionOutcome:
                r = self._canonical_decision(r)
                if r is None:
                    continue
            out.append(r)
        return out

    def _canonical_decision(self, r: DecisionOutcome) -> DecisionOutcome | None:
        """Fix what the chain hashes: the id's canonical text and the creation time."""
        did = r.decision_id
        if not (isinstance(did, str) and _CANONICAL_UUID.fullmatch(did)):
            try:
                did = str(uuid.UUID(did))
            except (ValueError, TypeError, AttributeError) as e:
                self._reject(r, e)
                return None
        if did != r.decision_id or not r.created_at:
            r = msgspec.structs.replace(r, decision_id=did, created_at=r.created_at or time.time())
        return r

    def _handle(self, records: list[Any]) -> None:
        if self._conn is not None and not self.spool_pending():
            try:
                self._write_isolating(records)
                return
            except _Offline as e:
                records = e.args[0]
        self._spool_append(records)

    def _spool_append(self, records: list[Any]) -> None:
        if not records:
            return
        self.spool.append([encode_record(r) for r in records])
        self.stats["spooled"] += len(records)

    def _emergency_spool(self) -> None:
        rest = [r for r in self._q if type(r) is not _Flush]
        try:
            self._spool_append(self._prepare(rest))
            self._q.clear()
        except Exception:
            log.exception("could not spool %d queued ledger records", len(rest))

    # -- database ----------------------------------------------------------
    def _ensure_connected(self) -> None:
        if self._conn is not None or time.monotonic() < self._next_attempt:
            return
        import psycopg

        try:
            conn = psycopg.connect(
                self.url, autocommit=True, connect_timeout=max(1, int(self._connect_timeout))
            )
            if self._run_migrations and not self._migrated:
                from ledger.migrate import migrate

                migrate(conn)
                self._migrated = True
            self._create_stages(conn)
        except Exception as e:  # OperationalError, MigrationError, …: stay offline, say why
            self._went_offline(e)
            return
        if self.last_error is not None:
            self.stats["reconnects"] += 1
            log.warning("ledger database is back; replaying the spool")
        self._conn = conn
        self._backoff = 0.1
        self._outage_alerted = False
        self.last_error = None

    def _went_offline(self, e: BaseException) -> None:
        self._disconnect()
        self.last_error = f"{type(e).__name__}: {str(e).strip().splitlines()[0] if str(e) else ''}"
        self._next_attempt = time.monotonic() + self._backoff
        self._backoff = min(self._backoff * 2, self._max_backoff)
        if not self._outage_alerted:
            self._outage_alerted = True
            self._alert(
                Severity.HIGH,
                "ledger.offline",
                f"ledger database unreachable ({self.last_error}); records are spooled to "
                f"{self.spool.path} and replayed when it is back — check the database server "
                f"and SOVREN_DATABASE_URL",
            )

    def _disconnect(self) -> None:
        if self._conn is not None:
            with contextlib.suppress(Exception):
                self._conn.close()
            self._conn = None

    @staticmethod
    def _create_stages(conn) -> None:
        for typ in ORDER:
            spec = SPECS[typ]
            name = stage_name(spec)
            if name is None:
                continue
            if spec.apply == "insert":
                cols = ", ".join(spec.columns)
                conn.execute(
                    f"CREATE TEMP TABLE IF NOT EXISTS {name} ON COMMIT DELETE ROWS AS "
                    f"SELECT {cols}, 0::integer AS _ord FROM {spec.table} WITH NO DATA"
                )
            else:
                conn.execute(
                    f"CREATE TEMP TABLE IF NOT EXISTS {name} (id text, call_id text, "
                    f"ended_at timestamptz, end_reason text, _ord integer) ON COMMIT DELETE ROWS"
                )

    def _write(self, records: list[Any]) -> int:
        """One transaction for the whole list; returns rows inserted. Raises psycopg errors."""
        groups: dict[type, list[Any]] = {}
        for r in records:
            groups.setdefault(type(r), []).append(r)
        inserted = 0
        conn = self._conn
        with conn.transaction(), conn.cursor() as cur:
            for typ in ORDER:
                recs = groups.get(typ)
                if recs:
                    inserted += self._write_table(cur, SPECS[typ], recs)
        return inserted

    def _write_table(self, cur, spec: TableSpec, recs: list[Any]) -> int:
        if spec.apply == "chain":
            return self._write_decisions(cur, spec, recs)
        cols = ", ".join(spec.columns)
        row = spec.row
        if spec.apply == "insert" and not self._replaying:
            # Fresh records are almost never duplicates: COPY straight into the table
            # (a third cheaper); on a duplicate id, fall back to the staged path.
            import psycopg

            try:
                with (
                    cur.connection.transaction(),
                    cur.copy(f"COPY {spec.table} ({cols}) FROM STDIN") as cp,
                ):
                    for r in recs:
                        cp.write_row(row(r))
                return len(recs)
            except psycopg.errors.UniqueViolation:
                pass
        stage = stage_name(spec)
        with cur.copy(f"COPY {stage} ({cols}, _ord) FROM STDIN") as cp:
            for i, r in enumerate(recs):
                cp.write_row((*row(r), i))
        if spec.apply == "insert":
            cur.execute(
                f"INSERT INTO {spec.table} ({cols}) SELECT {cols} FROM {stage} ORDER BY _ord "
                f"ON CONFLICT (id) DO NOTHING"
            )
            return max(cur.rowcount, 0)
        cur.execute(
            "UPDATE calls c SET ended_at = s.ended_at, end_reason = s.end_reason, "
            "updated_at = now(), version = c.version + 1 FROM stage_call_ends s "
            f"WHERE c.id = (CASE WHEN s.call_id ~ '{_UUID_RE}' THEN s.call_id::uuid END) "
            "AND c.ended_at IS DISTINCT FROM s.ended_at"
        )
        return len(recs)

    def _write_decisions(self, cur, spec: TableSpec, recs: list[DecisionOutcome]) -> int:
        """Chain and COPY decisions (ids canonical, created_at set: see _canonical_decision).

        The head row stays locked until the transaction ends, so concurrent writers
        (several runtimes on one server) chain one after the other.
        """
        seq, prev = cur.execute(
            "SELECT seq, hash FROM ledger_chain_head WHERE chain = 'decisions' FOR UPDATE"
        ).fetchone()
        existing = {
            i
            for (i,) in cur.execute(
                "SELECT id::text FROM decisions WHERE id = ANY(%s::uuid[])",
                ([r.decision_id for r in recs],),
            )
        }
        rows = []
        j = _json.encode
        for r in recs:
            did = r.decision_id
            if did in existing:
                continue
            existing.add(did)
            us = round(r.created_at * 1_000_000)
            seq += 1
            reason = r.reason
            h = decision_hash(
                prev, did, r.call_id, r.hotel_id, r.turn, r.action, r.risk_class, r.approved,
                r.vetoed, r.posterior, r.threshold, r.prior_logodds, r.terms, r.evidence,
                r.utilities, r.fallback, r.state, reason, us, key=self._chain_key,
            )  # fmt: skip
            ts = _EPOCH + _dt.timedelta(microseconds=us)
            rows.append(
                (
                    did,
                    seq,
                    r.call_id,
                    r.hotel_id,
                    r.turn,
                    r.action,
                    r.risk_class,
                    r.approved,
                    r.vetoed,
                    r.posterior,
                    r.threshold,
                    r.prior_logodds,
                    j(r.terms).decode(),
                    j(r.evidence).decode(),
                    j(r.utilities).decode(),
                    r.fallback,
                    r.state,
                    reason,
                    prev,
                    h,
                    ts,
                    ts,
                )  # fmt: skip
            )
            prev = h
        if not rows:
            return 0
        with cur.copy(f"COPY decisions ({', '.join(spec.columns)}) FROM STDIN") as cp:
            for row in rows:
                cp.write_row(row)
        key = self._chain_key
        cur.execute(
            "UPDATE ledger_chain_head SET seq = %s, hash = %s, mac = %s, updated_at = now() "
            "WHERE chain = 'decisions'",
            (seq, prev, head_mac(key, seq, prev) if key else None),
        )
        return len(rows)

    def _write_isolating(self, records: list[Any], *, replay: bool = False) -> None:
        """Write; on a content error retry one by one and reject the refused records.

        Raises _Offline(records not yet written) when the connection is lost.
        """
        import psycopg

        try:
            n = self._write(records)
            self._count(records, n, replay)
            return
        except (psycopg.OperationalError, psycopg.InterfaceError) as e:
            self._went_offline(e)
            raise _Offline(records) from None
        except psycopg.Error as e:
            log.warning("ledger batch refused (%s); isolating the bad records", type(e).__name__)
        for i, r in enumerate(records):
            try:
                n = self._write([r])
                self._count([r], n, replay)
            except (psycopg.OperationalError, psycopg.InterfaceError) as e:
                self._went_offline(e)
                raise _Offline(records[i:]) from None
            except psycopg.Error as e:
                self._reject(r, e)

    def _count(self, records: list[Any], inserted: int, replay: bool) -> None:
        n = len(records)
        self.stats["written"] += inserted
        self.stats["duplicates"] += max(n - inserted, 0)
        if replay:
            self.stats["replayed"] += n

    def _reject(self, r: Any, e: BaseException) -> None:
        self.rejected.append([encode_record(r)])
        self.stats["rejected"] += 1
        msg = str(e).strip().splitlines()[0] if str(e) else type(e).__name__
        self._alert(
            Severity.MEDIUM,
            "ledger.rejected",
            f"the database refused a {type(r).__name__} ({msg}); kept in {self.rejected.path}",
            record_id=str(record_id(r)),
        )

    # -- replay ------------------------------------------------------------
    def _replay(self) -> None:
        chunk: list[Any] = []
        end = self._replay_offset
        for end, item in self.spool.frames(self._replay_offset):
            if isinstance(item, Corrupt):
                self._corrupt(item.offset, item.length, item.why, item.tampered)
                continue
            try:
                chunk.append(decode_record(item))
            except (msgspec.DecodeError, msgspec.ValidationError, ValueError) as e:
                self._corrupt(end - len(item), len(item), f"undecodable record: {e}")
                continue
            if len(chunk) >= self.batch_size:
                if not self._replay_chunk(chunk):
                    return
                self._replay_offset = end
                self._progress.save(end)
                chunk = []
        if chunk and not self._replay_chunk(chunk):
            return
        self._replay_offset = end
        self._progress.save(end)
        if self._replay_offset >= self.spool.size():
            self.spool.remove()
            self._progress.clear()
            self._replay_offset = 0
            self._alerted_corrupt.clear()
            log.info("ledger spool replayed and removed")

    def _replay_chunk(self, chunk: list[Any]) -> bool:
        chunk = [
            r
            for r in (
                self._canonical_decision(x) if type(x) is DecisionOutcome else x for x in chunk
            )
            if r is not None
        ]
        self._replaying = True  # replayed records may well be in the database already
        try:
            self._write_isolating(chunk, replay=True)
            return True
        except _Offline:
            return False  # the spool still holds them; replay resumes at _replay_offset
        finally:
            self._replaying = False

    def _corrupt(self, offset: int, length: int, why: str, tampered: bool = False) -> None:
        if offset in self._alerted_corrupt:
            return
        self._alerted_corrupt.add(offset)
        self.stats["corrupt_skipped"] += 1
        if tampered:
            self._alert(
                Severity.CRITICAL,
                "ledger.spool_tampered",
                f"refused the record of {length} bytes at offset {offset} of {self.spool.path} "
                f"({why}); it was not replayed, the records after it were — keep the file for "
                f"inspection and check who could write to {self.spool.path.parent}",
                offset=offset,
                length=length,
                path=str(self.spool.path),
            )
            return
        self._alert(
            Severity.HIGH,
            "ledger.spool_corrupt",
            f"skipped {length} corrupt bytes at offset {offset} of {self.spool.path} ({why}); "
            f"the records after it were replayed",
            offset=offset,
            length=length,
            path=str(self.spool.path),
        )

    def _alert(self, severity: Severity, category: str, message: str, **evidence: Any) -> None:
        rec = alert(severity, category, message, **evidence)
        log.warning("%s: %s", category, message)
        self._q.append(rec)
        if self._on_alert is not None:
            try:
                self._on_alert(rec)
            except Exception:
                log.exception("alert callback failed")
