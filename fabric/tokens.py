"""Approval tokens: proof that the decision core approved exactly this action, once.

Format: ``v1.<claims>.<mac>``, both base64url without padding; claims are the
JSON of TokenClaims; mac = HMAC-SHA256(key, "v1." + claims). The claims bind the
action kind, a SHA-256 of the canonical arguments, the call id, the decision
id, an expiry and a random one-time id (jti).

Canonical arguments (``canonical_args``): keys sorted, no whitespace, strings
NFC-normalised, integral floats and Decimals written as integers (2.0 == 2),
other numbers in their shortest round-trip form, dates and datetimes as ISO
8601 (aware datetimes in UTC), tuples as lists, NaN/infinity refused. So COMMAND
and an executor that received the same arguments through MessagePack agree on
the digest, and ``{"guests": 2}`` versus ``{"guests": "2"}`` do not.

Replay protection (decided and tested): each verifier remembers the jti of every
token it accepted until that token expires, and refuses tokens issued before the
verifier itself started (``not_before`` = construction time). A restarted
executor therefore rejects every token its previous incarnation might have
accepted, with no state on disk; the price is that a token in flight across an
executor restart is refused (ExpiredToken) and COMMAND decides again — cheap,
tokens live ``decision.token_ttl_s`` (30 s). One verifier per executor process.

The key: the supervisor makes it (``secrets.token_bytes(32)``) and hands it to
COMMAND and the executors on their standard input (``Bootstrap.key_hex``, hex),
never in the environment, so no grandchild can inherit it. It is never written
to disk or logged (``repr`` of a signer shows no key).
"""

from __future__ import annotations

import base64
import datetime as _dt
import decimal
import hashlib
import hmac
import math
import secrets
import time
import unicodedata
from collections import deque
from collections.abc import Mapping
from typing import Any

import msgspec

from config.errors import SovrenError

_PREFIX = b"v1."


class TokenError(SovrenError):
    """Base of every refusal: an executor must not act when it sees one."""

    code = "approval_refused"
    user_facing = False  # an integrity event for SENTINEL, not an operator's mistake


class MissingToken(TokenError):
    """The action came with no token at all."""


class ForgedToken(TokenError):
    """Malformed, or its MAC does not match (wrong key or edited claims)."""


class ExpiredToken(TokenError):
    """Past its expiry, or issued before this verifier started."""


class ReplayedToken(TokenError):
    """Its one-time id was already used."""


class MismatchedToken(TokenError):
    """Valid, but bound to another action kind, other arguments or another call."""


class TokenClaims(msgspec.Struct, array_like=True):
    action: str
    args_sha256: str
    call_id: str
    decision_id: str
    iat: float
    exp: float
    jti: str


_claims_encoder = msgspec.json.Encoder()
_claims_decoder = msgspec.json.Decoder(TokenClaims)


# -- canonical arguments ------------------------------------------------------
def _norm(v: Any) -> Any:
    if v is None or isinstance(v, bool):
        return v
    if isinstance(v, int):
        return int(v)
    if isinstance(v, float):
        if not math.isfinite(v):
            raise ValueError(f"argument value {v!r} is not a finite number")
        return int(v) if v.is_integer() else v
    if isinstance(v, msgspec.Struct):  # a typed payload: its fields and its tag
        return _norm(msgspec.to_builtins(v))
    if isinstance(v, decimal.Decimal):
        if not v.is_finite():
            raise ValueError(f"argument value {v!r} is not a finite number")
        return int(v) if v == v.to_integral_value() else float(v)
    if isinstance(v, str):
        return unicodedata.normalize("NFC", v)
    if isinstance(v, _dt.datetime):
        if v.tzinfo is not None:
            v = v.astimezone(_dt.UTC)
        return v.isoformat()
    if isinstance(v, _dt.date):
        return v.isoformat()
    if isinstance(v, Mapping):
        out = {}
        for k, x in v.items():
            if not isinstance(k, str):
                raise ValueError(f"argument key {k!r} is not a string")
            out[unicodedata.normalize("NFC", k)] = _norm(x)
        return out
    if isinstance(v, list | tuple):
        return [_norm(x) for x in v]
    raise ValueError(f"argument value of type {type(v).__name__} cannot be bound to a token")


def canonical_args(args: Mapping[str, Any] | msgspec.Struct | None) -> bytes:
    """The one byte string both sides hash (see the module docstring)."""
    return msgspec.json.encode(_norm(args), order="sorted")


def args_digest(args: Mapping[str, Any] | msgspec.Struct | None) -> str:
    return hashlib.sha256(canonical_args(args)).hexdigest()


def _b64e(b: bytes) -> bytes:
    return base64.urlsafe_b64encode(b).rstrip(b"=")


def _b64d(s: bytes) -> bytes:
    return base64.urlsafe_b64decode(s + b"=" * (-len(s) % 4))


# -- key ----------------------------------------------------------------------
def new_key() -> bytes:
    """What the supervisor calls once per runtime start."""
    return secrets.token_bytes(32)


class MissingKey(SovrenError, RuntimeError):
    code = "approval_key_missing"
    next_step = (
        "start the agents and executors through `sovren up`, which hands them the approval key"
    )


# -- signer / verifier --------------------------------------------------------
class TokenSigner:
    """Issues tokens (COMMAND) and verifies them (executors); one instance per process.

    ``clock`` is injectable so tests can move time; production uses time.time.
    """

    def __init__(self, key: bytes, ttl_s: float = 30.0, *, clock=time.time):
        if not isinstance(key, bytes | bytearray) or len(key) < 32:
            raise ValueError("approval key must be at least 32 bytes (secrets.token_bytes(32))")
        if ttl_s <= 0:
            raise ValueError("token ttl must be > 0 seconds")
        self._key = bytes(key)
        self.ttl_s = float(ttl_s)
        self._clock = clock
        self.not_before = clock()
        self._used: dict[str, float] = {}
        self._expiries: deque[tuple[float, str]] = deque()

    def __repr__(self) -> str:
        return f"TokenSigner(ttl_s={self.ttl_s}, used={len(self._used)})"

    def _mac(self, signed: bytes) -> bytes:
        return hmac.new(self._key, signed, hashlib.sha256).digest()

    def issue(
        self,
        action: str,
        args: Mapping[str, Any] | msgspec.Struct | None,
        call_id: str,
        decision_id: str,
    ) -> str:
        now = self._clock()
        claims = TokenClaims(
            action=action,
            args_sha256=args_digest(args),
            call_id=call_id,
            decision_id=decision_id,
            iat=now,
            exp=now + self.ttl_s,
            jti=secrets.token_hex(16),
        )
        signed = _PREFIX + _b64e(_claims_encoder.encode(claims))
        return (signed + b"." + _b64e(self._mac(signed))).decode("ascii")

    def verify(
        self,
        token: str | None,
        action: str,
        args: Mapping[str, Any] | msgspec.Struct | None,
        call_id: str,
        decision_id: str | None = None,
    ) -> TokenClaims:
        """The claims of a token that allows exactly this action now; else a TokenError.

        ``decision_id``: the decision the frame says it carries out; a token issued for
        another decision is refused (executors always pass it).
        """
        if not token:
            raise MissingToken(f"{action} for call {call_id} came without an approval token")
        try:
            raw = token.encode("ascii")
            signed, _, mac_b64 = raw.rpartition(b".")
            if not signed.startswith(_PREFIX) or not mac_b64:
                raise ValueError("not a v1 token")
            mac = _b64d(mac_b64)
        except (ValueError, UnicodeError) as e:
            raise ForgedToken(f"malformed approval token for {action}: {e}") from None
        if not hmac.compare_digest(mac, self._mac(signed)):
            raise ForgedToken(f"approval token for {action} fails its MAC (forged or edited)")
        try:
            claims = _claims_decoder.decode(_b64d(signed[len(_PREFIX) :]))
        except (ValueError, msgspec.DecodeError) as e:  # a valid MAC over garbage: our bug
            raise ForgedToken(f"approval token claims unreadable: {e}") from None

        if claims.action != action:
            raise MismatchedToken(f"token approves {claims.action}, not {action}")
        if claims.call_id != call_id:
            raise MismatchedToken(f"token belongs to call {claims.call_id}, not {call_id}")
        if claims.args_sha256 != args_digest(args):
            raise MismatchedToken(f"token for {action} was issued for other arguments")
        if decision_id is not None and claims.decision_id != decision_id:
            raise MismatchedToken(
                f"token for {action} belongs to decision {claims.decision_id}, not to "
                f"decision {decision_id} that the frame names"
            )

        now = self._clock()
        if now >= claims.exp:
            raise ExpiredToken(f"token for {action} expired {now - claims.exp:.1f} s ago")
        if claims.iat < self.not_before:
            raise ExpiredToken(
                f"token for {action} was issued before this executor started; ask for a new "
                f"decision"
            )
        self._forget_expired(now)
        if claims.jti in self._used:
            raise ReplayedToken(
                f"token {claims.jti[:8]}… for {action} (decision {claims.decision_id}) was "
                f"already used"
            )
        self._used[claims.jti] = claims.exp
        self._expiries.append((claims.exp, claims.jti))
        return claims

    def _forget_expired(self, now: float) -> None:
        """Drop used ids whose tokens expired (expired tokens are refused anyway)."""
        q = self._expiries
        while q and q[0][0] <= now:
            _, jti = q.popleft()
            self._used.pop(jti, None)

    @property
    def remembered(self) -> int:
        """How many used one-time ids are held (bounded by tokens per ttl)."""
        return len(self._used)
