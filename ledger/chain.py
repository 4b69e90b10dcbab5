"""The decisions' hash chain: its hash, and a verifier that names what was altered, removed or inserted.

The chain: each decision row's ``hash`` is HMAC-SHA256 under the chain key
(``SOVREN_LEDGER_CHAIN_KEY``, hex, held outside the database) — or plain SHA-256
where no key is set — over its ``prev_hash`` and every recorded field
(``decision_hash``); its ``prev_hash`` is the hash of the
row before it; ``seq`` numbers the rows; the one-row ``ledger_chain_head``
holds the last seq and hash. The ledger writer computes all three under a
lock on the head row (ledger/writer.py). ``seq`` is a locator, not part
of the hash, so a row slipped in with the rest renumbered shows up as one
inserted row rather than as every later row "altered".

Encoding (so writer and verifier agree byte for byte): the fields in a fixed
order as one compact JSON array — uuids in canonical lowercase form, dicts with
sorted keys, floats in their shortest exact round-trip form (a float survives
float8 and jsonb unchanged, so the verifier re-encodes the very same text), the
creation time as integer Unix microseconds. JSON's quoting makes the text
unambiguous: no two different rows give the same bytes.

What each finding means:
- ``altered``: a row's fields do not match its own hash; or (no gap in seq) a
  row whose hash matches its fields but not the next row's ``prev_hash`` — it was
  changed and re-hashed (or the row after it removed and the rest renumbered).
- ``removed``: seq numbers are missing where the link breaks, or the chain head
  records rows past the last one present.
- ``inserted``: rows that the next row's ``prev_hash`` links past, or rows after
  the recorded chain head.
- ``downgraded``: (with the key) an unkeyed row after keyed ones: rewritten by
  someone without the key.
- ``unsealed``: (with the key) the chain head's MAC is missing or wrong: the
  head was rewritten (or the chain was never written with this key).

Why keyed: an unkeyed chain proves nothing against someone with database
access, who can rewrite a row and recompute every later hash and the head. With
the key held elsewhere (the runtime's environment, not the database), such a
rewrite cannot produce valid MACs. The head carries its own MAC (``mac``,
migration 0004) over (seq, hash), so a truncated or fully rewritten chain shows.
Rows written before the key was set (unkeyed, SHA-256) stay verifiable: the
first keyed row's MAC covers its ``prev_hash``, which pins every unkeyed row
before it; the verifier tries SHA-256 first, then the MAC, and says how many of
each it found. Without the key, keyed rows cannot be checked (only their links),
and the verifier says so.
"""

from __future__ import annotations

import hashlib
import hmac
from dataclasses import dataclass, field
from typing import Any

import msgspec

from config.environment import environment
from config.errors import SovrenError

GENESIS = "0" * 64
KEY_ENV = "SOVREN_LEDGER_CHAIN_KEY"
UNKEYED_WARNING = (
    f"the ledger's hash chain is UNKEYED: anyone with access to the database can rewrite a "
    f"decision and recompute the chain. Set {KEY_ENV} to 64 hex digits (make one with "
    f"`python -c 'import secrets; print(secrets.token_hex(32))'`) in the runtime's environment, "
    f"keep a copy away from the database host, and run `sovren ledger verify` with it"
)


class ChainKeyError(SovrenError, RuntimeError):
    code = "chain_key"
    next_step = "set SOVREN_LEDGER_CHAIN_KEY to 64 hex digits (python -c 'import secrets; print(secrets.token_hex(32))')"


def chain_key_from_environment() -> bytes | None:
    """The chain key (hex in SOVREN_LEDGER_CHAIN_KEY), or None when it is not set (unkeyed: warn loudly)."""
    var = KEY_ENV
    secret = environment().ledger_chain_key
    raw = secret.get_secret_value().strip() if secret else ""
    if not raw:
        return None
    try:
        key = bytes.fromhex(raw)
    except ValueError:
        raise ChainKeyError(
            f"{var} must be hex (64 hex digits, e.g. from "
            f"`python -c 'import secrets; print(secrets.token_hex(32))'`)"
        ) from None
    if len(key) < 32:
        raise ChainKeyError(f"{var} must hold at least 32 bytes (64 hex digits), not {len(key)}")
    return key


_QUERY = """
SELECT d.seq, d.id::text, d.prev_hash, d.hash,
       d.call_id, d.hotel_id, d.turn, d.action, d.risk_class, d.approved, d.vetoed,
       d.posterior, d.threshold, d.prior_logodds, d.terms, d.evidence, d.utilities,
       d.fallback, d.state, d.reason,
       (extract(epoch FROM d.created_at) * 1000000)::bigint
  FROM decisions d ORDER BY d.seq
"""

_json = msgspec.json.Encoder(order="sorted")


def decision_hash(
    prev_hash: str,
    id_: str,
    call_id: str,
    hotel_id: str,
    turn: int,
    action: str,
    risk_class: str,
    approved: bool,
    vetoed: bool,
    posterior: float,
    threshold: float,
    prior_logodds: float,
    terms: dict[str, Any],
    evidence: dict[str, Any],
    utilities: dict[str, Any],
    fallback: str | None,
    state: str,
    reason: str,
    created_us: int,
    *,
    key: bytes | None = None,
) -> str:
    """HMAC-SHA256 under ``key`` (SHA-256 without one) of the row as one compact JSON array."""
    body = _json.encode(
        (
            prev_hash,
            id_,
            call_id,
            hotel_id,
            int(turn),
            action,
            risk_class,
            bool(approved),
            bool(vetoed),
            float(posterior),
            float(threshold),
            float(prior_logodds),
            terms,
            evidence,
            utilities,
            fallback,
            state,
            reason,
            int(created_us),
        )  # fmt: skip
    )
    if key:
        return hmac.new(key, body, hashlib.sha256).hexdigest()
    return hashlib.sha256(body).hexdigest()


def row_hash(r: tuple, key: bytes | None = None) -> str:
    """The hash of a row as fetched by ``_QUERY`` (from its prev_hash on)."""
    return decision_hash(r[2], r[1], *r[4:], key=key)


def head_mac(key: bytes, seq: int, hash_: str) -> str:
    """The chain head's seal: HMAC-SHA256(key, "decisions|<seq>|<hash>")."""
    return hmac.new(key, f"decisions|{int(seq)}|{hash_}".encode(), hashlib.sha256).hexdigest()


@dataclass(frozen=True)
class ChainProblem:
    kind: str  # "altered" | "removed" | "inserted" | "downgraded" | "unsealed"
    seq: int
    id: str | None
    detail: str

    def __str__(self) -> str:
        where = f"seq {self.seq}" + (f" (id {self.id})" if self.id else "")
        return f"{self.kind}: {where}: {self.detail}"


@dataclass
class ChainReport:
    rows: int = 0
    head_seq: int = 0
    head_hash: str = GENESIS
    problems: list[ChainProblem] = field(default_factory=list)
    pending_altered: tuple[int, int] | None = field(default=None, repr=False)
    with_key: bool = False  # verified with the chain key
    keyed: int = 0  # rows whose MAC was checked with the key
    unkeyed: int = 0  # rows hashed with plain SHA-256 (before a key was set)
    unchecked: int = 0  # keyed rows that could not be checked (no key given)
    sealed: bool | None = None  # the head's MAC checked (None: not checked)

    @property
    def ok(self) -> bool:
        return not self.problems

    def _keying(self) -> str:
        if self.with_key:
            parts = [f"{self.keyed} keyed (HMAC-SHA256, checked with the key)"]
            if self.unkeyed:
                parts.append(
                    f"{self.unkeyed} unkeyed from before the key was set (SHA-256; pinned by "
                    f"the first keyed row)"
                    if self.keyed
                    else f"{self.unkeyed} unkeyed (SHA-256; pinned only by the sealed head)"
                )
            return "; ".join(parts) + ("; head sealed" if self.sealed else "")
        if self.unchecked:
            return (
                f"{self.unkeyed} unkeyed rows checked; {self.unchecked} keyed rows NOT checked: "
                f"their MACs need {KEY_ENV} (only their links were followed)"
            )
        return (
            f"unkeyed chain (SHA-256): it proves nothing against someone with database access; "
            f"set {KEY_ENV}"
        )

    def summary(self) -> str:
        if self.ok:
            return (
                f"ledger chain intact: {self.rows} decisions, head seq {self.head_seq}, "
                f"head hash {self.head_hash}\n  {self._keying()}"
            )
        lines = [f"ledger chain BROKEN: {len(self.problems)} finding(s) over {self.rows} decisions"]
        lines += [f"  {p}" for p in self.problems]
        lines.append(f"  {self._keying()}")
        return "\n".join(lines)

    def to_json(self) -> dict:
        return {
            "ok": self.ok,
            "rows": self.rows,
            "head_seq": self.head_seq,
            "head_hash": self.head_hash,
            "with_key": self.with_key,
            "keyed": self.keyed,
            "unkeyed": self.unkeyed,
            "unchecked": self.unchecked,
            "sealed": self.sealed,
            "problems": [p.__dict__ for p in self.problems],
        }


def verify_chain(url_or_conn, key: bytes | None = None) -> ChainReport:
    """Walk every decision in seq order; see the module docstring for the findings.

    ``key``: the chain key (``chain_key_from_environment()``); without it keyed rows
    cannot be checked, only followed.
    """
    import psycopg

    if isinstance(url_or_conn, str):
        with psycopg.connect(url_or_conn) as conn:
            return _verify(conn, key)
    return _verify(url_or_conn, key)


def _verify(conn, key: bytes | None = None) -> ChainReport:
    rep = ChainReport(with_key=key is not None)
    # floats must arrive exact whatever the server's default (any value > 0 means
    # shortest-exact output since PostgreSQL 12)
    conn.execute("SET extra_float_digits = 3")
    head = conn.execute(
        "SELECT seq, hash, mac FROM ledger_chain_head WHERE chain = 'decisions'"
    ).fetchone()
    if head is None:
        rep.problems.append(ChainProblem("removed", 0, None, "the chain head row is missing"))
        head = (None, None, None)
    rep.head_seq, rep.head_hash = head[0] or 0, head[1] or GENESIS
    head_sealed = head[2] is not None  # a key was in use when the head last moved

    # (seq, id, stored hash, hash matches content) of rows seen so far, and hash -> index
    seen: list[tuple[int, str, str, bool]] = []
    by_hash: dict[str, int] = {GENESIS: -1}
    flagged_inserted: set[int] = set()
    with conn.cursor(name="verify_chain") as cur:
        cur.itersize = 5000
        cur.execute(_QUERY)
        seen_keyed = False
        for r in cur:
            seq, id_, prev, stored = r[0], r[1], r[2], r[3]
            good = row_hash(r) == stored  # plain SHA-256: a row from before the key
            i = len(seen)
            if good:
                rep.unkeyed += 1
                if seen_keyed:
                    rep.problems.append(
                        ChainProblem(
                            "downgraded",
                            seq,
                            id_,
                            "an unkeyed row after keyed ones: rewritten without the chain key",
                        )
                    )
            elif key is not None and hmac.compare_digest(row_hash(r, key), stored):
                good = seen_keyed = True
                rep.keyed += 1
            elif key is None and head_sealed:
                good = True  # a keyed row, or an altered one: only the key can tell
                rep.unchecked += 1
            if not good:
                rep.problems.append(
                    ChainProblem("altered", seq, id_, "its fields do not match its hash")
                )
            prev_seq, prev_hash = (seen[-1][0], seen[-1][2]) if seen else (0, GENESIS)
            if prev != prev_hash:
                _broken_link(rep, seen, by_hash, flagged_inserted, seq, id_, prev, prev_seq)
            seen.append((seq, id_, stored, good))
            by_hash.setdefault(stored, i)
    rep.rows = len(seen)

    last_seq, last_hash = (seen[-1][0], seen[-1][2]) if seen else (0, GENESIS)
    if last_hash != rep.head_hash:
        j = by_hash.get(rep.head_hash)
        if j is not None:
            for k in range(j + 1, len(seen)):
                rep.problems.append(
                    ChainProblem(
                        "inserted", seen[k][0], seen[k][1], "appended after the recorded chain head"
                    )
                )
        elif rep.head_seq > last_seq:
            rep.problems.append(
                ChainProblem(
                    "removed",
                    last_seq + 1,
                    None,
                    f"rows {last_seq + 1}..{rep.head_seq} are missing at the end of the chain",
                )
            )
        elif seen:
            rep.problems.append(
                ChainProblem(
                    "altered", last_seq, seen[-1][1], "the last row does not match the chain head"
                )
            )
    if key is not None and (seen or head_sealed):
        want = head_mac(key, rep.head_seq, rep.head_hash)
        rep.sealed = head[2] is not None and hmac.compare_digest(head[2], want)
        if not rep.sealed:
            why = (
                "carries no MAC: written without the chain key, or rewritten"
                if head[2] is None
                else "its MAC does not match: rewritten without the chain key (or another key)"
            )
            rep.problems.append(
                ChainProblem("unsealed", rep.head_seq, None, f"the chain head {why}")
            )
    return rep


def _broken_link(rep, seen, by_hash, flagged, seq, id_, prev, prev_seq) -> None:
    j = by_hash.get(prev)
    if j is not None and j < len(seen) - 1:
        # the link skips rows j+1 .. end: they were slipped in
        pend = rep.pending_altered
        if pend is not None and pend[0] == j and rep.problems[pend[1]].kind == "altered":
            del rep.problems[pend[1]]
        rep.pending_altered = None
        for k in range(j + 1, len(seen)):
            if k not in flagged:
                flagged.add(k)
                rep.problems.append(
                    ChainProblem(
                        "inserted",
                        seen[k][0],
                        seen[k][1],
                        f"not part of the chain: seq {seq} links past it",
                    )
                )
        return
    if seq > prev_seq + 1:
        missing = f"seq {prev_seq + 1}" if seq == prev_seq + 2 else f"seq {prev_seq + 1}..{seq - 1}"
        rep.problems.append(
            ChainProblem("removed", prev_seq + 1, None, f"{missing} missing before id {id_}")
        )
        return
    if seen and seen[-1][3]:
        # provisional: if a later row links past the next rows, they were inserted instead
        rep.pending_altered = (len(seen) - 1, len(rep.problems))
        rep.problems.append(
            ChainProblem(
                "altered",
                seen[-1][0],
                seen[-1][1],
                f"re-hashed after a change (seq {seq} still links to its old hash), or the row "
                f"after it was removed and the rest renumbered",
            )
        )
    elif not seen:
        rep.problems.append(ChainProblem("removed", 1, None, f"rows before seq {seq} are missing"))
