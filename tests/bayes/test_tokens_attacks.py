"""Each attack on an approval token is refused with its own error."""

from __future__ import annotations

import base64
import datetime as dt
import decimal
import json

import pytest

from fabric.tokens import (
    ExpiredToken,
    ForgedToken,
    MismatchedToken,
    MissingKey,
    MissingToken,
    ReplayedToken,
    TokenError,
    TokenSigner,
    canonical_args,
    new_key,
)
from ipc.actions import ActionKind

ARGS = {
    "offer_id": "o-17",
    "guest_name": "Anna Weber",
    "arrival": dt.date(2026, 12, 1),
    "departure": dt.date(2026, 12, 3),
    "guests": 2,
    "room_type": "DBL",
}


class Clock:
    def __init__(self, t: float = 1_000_000.0):
        self.t = t

    def __call__(self) -> float:
        return self.t


@pytest.fixture
def key():
    return new_key()


@pytest.fixture
def clock():
    return Clock()


@pytest.fixture
def signer(key, clock):
    return TokenSigner(key, ttl_s=30, clock=clock)


def test_valid_token_verifies_once(signer):
    tok = signer.issue(ActionKind.PMS_CREATE, ARGS, "call-1", "dec-1")
    claims = signer.verify(tok, ActionKind.PMS_CREATE, dict(ARGS), "call-1")
    assert (claims.action, claims.call_id, claims.decision_id) == (ActionKind.PMS_CREATE, "call-1", "dec-1")


@pytest.mark.parametrize("tok", [None, ""])
def test_missing(signer, tok):
    with pytest.raises(MissingToken):
        signer.verify(tok, ActionKind.PMS_CREATE, ARGS, "call-1")


def test_forged_with_another_key(clock):
    evil = TokenSigner(new_key(), 30, clock=clock)
    good = TokenSigner(new_key(), 30, clock=clock)
    tok = evil.issue(ActionKind.PMS_CANCEL, {"reservation_id": "r1", "reason": "x"}, "c", "d")
    with pytest.raises(ForgedToken, match="MAC"):
        good.verify(tok, ActionKind.PMS_CANCEL, {"reservation_id": "r1", "reason": "x"}, "c")


def test_forged_by_editing_claims(signer):
    tok = signer.issue(ActionKind.PMS_AVAILABILITY, {"guests": 1}, "call-1", "dec-1")
    prefix, claims_b64, mac = tok.split(".")
    claims = json.loads(base64.urlsafe_b64decode(claims_b64 + "=" * (-len(claims_b64) % 4)))
    claims[0] = ActionKind.PMS_CANCEL  # try to turn a read into a cancellation
    edited = base64.urlsafe_b64encode(json.dumps(claims).encode()).rstrip(b"=").decode()
    with pytest.raises(ForgedToken):
        signer.verify(f"{prefix}.{edited}.{mac}", ActionKind.PMS_CANCEL, {"guests": 1}, "call-1")


@pytest.mark.parametrize(
    "garbage", ["x", "v1.", "v1..", "v2.abc.def", "v1.abc.!!!", "v1.abc", "é", "v1.e30.AAAA"]
)
def test_forged_malformed(signer, garbage):
    with pytest.raises(ForgedToken):
        signer.verify(garbage, ActionKind.PMS_CREATE, ARGS, "call-1")


def test_expired(signer, clock):
    tok = signer.issue(ActionKind.SPEAK_ANSWER, {"text": "hi"}, "c", "d")
    clock.t += 30.0
    with pytest.raises(ExpiredToken, match="expired"):
        signer.verify(tok, ActionKind.SPEAK_ANSWER, {"text": "hi"}, "c")


def test_replayed(signer):
    tok = signer.issue(ActionKind.PMS_CANCEL, {"reservation_id": "r1", "reason": "guest asked"}, "c", "d")
    signer.verify(tok, ActionKind.PMS_CANCEL, {"reservation_id": "r1", "reason": "guest asked"}, "c")
    with pytest.raises(ReplayedToken, match="already used"):
        signer.verify(tok, ActionKind.PMS_CANCEL, {"reservation_id": "r1", "reason": "guest asked"}, "c")


def test_replayed_against_a_restarted_executor(key, clock):
    """A new verifier (executor restarted) refuses a token the old one already accepted."""
    command = TokenSigner(key, 30, clock=clock)
    clock.t += 1
    executor = TokenSigner(key, 30, clock=clock)
    clock.t += 1
    tok = command.issue(ActionKind.PMS_CANCEL, {"reservation_id": "r1", "reason": "x"}, "c", "d")
    executor.verify(tok, ActionKind.PMS_CANCEL, {"reservation_id": "r1", "reason": "x"}, "c")
    clock.t += 1
    restarted = TokenSigner(key, 30, clock=clock)
    with pytest.raises(ExpiredToken, match="before this executor started"):
        restarted.verify(tok, ActionKind.PMS_CANCEL, {"reservation_id": "r1", "reason": "x"}, "c")
    # and tokens issued after its start work
    tok2 = command.issue(ActionKind.PMS_CANCEL, {"reservation_id": "r1", "reason": "x"}, "c", "d2")
    restarted.verify(tok2, ActionKind.PMS_CANCEL, {"reservation_id": "r1", "reason": "x"}, "c")


@pytest.mark.parametrize(
    "action,args,call",
    [
        (ActionKind.PMS_CANCEL, ARGS, "call-1"),  # other action kind
        (ActionKind.PMS_CREATE, {**ARGS, "guests": 3}, "call-1"),  # other arguments
        (ActionKind.PMS_CREATE, {**ARGS, "guests": "2"}, "call-1"),  # type changed
        (ActionKind.PMS_CREATE, {k: v for k, v in ARGS.items() if k != "room_type"}, "call-1"),  # dropped
        (ActionKind.PMS_CREATE, {**ARGS, "email": "x@example.com"}, "call-1"),  # added
        (ActionKind.PMS_CREATE, ARGS, "call-2"),  # other call
    ],
)
def test_mismatched(signer, action, args, call):
    tok = signer.issue(ActionKind.PMS_CREATE, ARGS, "call-1", "dec-1")
    with pytest.raises(MismatchedToken):
        signer.verify(tok, action, args, call)


def test_mismatch_does_not_burn_the_token(signer):
    tok = signer.issue(ActionKind.PMS_CREATE, ARGS, "call-1", "dec-1")
    with pytest.raises(MismatchedToken):
        signer.verify(tok, ActionKind.PMS_CREATE, {**ARGS, "guests": 4}, "call-1")
    signer.verify(tok, ActionKind.PMS_CREATE, ARGS, "call-1")


def test_each_attack_has_its_own_error_class():
    classes = {MissingToken, ForgedToken, ExpiredToken, ReplayedToken, MismatchedToken}
    assert len(classes) == 5 and all(issubclass(c, TokenError) for c in classes)
    assert not any(issubclass(a, b) for a in classes for b in classes if a is not b)


def test_used_ids_are_forgotten_after_expiry(signer, clock):
    for i in range(50):
        signer.verify(signer.issue(ActionKind.SPEAK_ASK, {"text": str(i)}, "c", "d"), ActionKind.SPEAK_ASK,
                      {"text": str(i)}, "c")  # fmt: skip
    assert signer.remembered == 50
    clock.t += 31
    signer.verify(
        signer.issue(ActionKind.SPEAK_ASK, {"text": "x"}, "c", "d"), ActionKind.SPEAK_ASK, {"text": "x"}, "c"
    )
    assert signer.remembered == 1


# -- canonical arguments ----------------------------------------------------
def test_canonical_args_normalise_numbers_dates_and_order():
    a = {"b": 2.0, "a": dt.date(2026, 1, 2), "p": decimal.Decimal("129.00"), "s": "Cafe\u0301"}
    b = {"s": "Café", "p": 129, "a": "2026-01-02", "b": 2}
    assert canonical_args(a) == canonical_args(b)
    aware = dt.datetime(2026, 1, 2, 15, 0, tzinfo=dt.timezone(dt.timedelta(hours=1)))
    assert canonical_args({"t": aware}) == canonical_args({"t": "2026-01-02T14:00:00+00:00"})
    assert canonical_args({"x": 0.1}) != canonical_args({"x": 0.10000001})


@pytest.mark.parametrize("bad", [{"x": float("nan")}, {"x": float("inf")}, {1: "a"}, {"x": {1, 2}}])
def test_canonical_args_refuse_unbindable_values(signer, bad):
    with pytest.raises(ValueError):
        canonical_args(bad)


# -- the key ------------------------------------------------------------------
def test_an_executor_without_the_key_refuses_to_start():
    from fabric.executor_guard import ExecutorGuard

    with pytest.raises(MissingKey, match="supervisor") as e:
        ExecutorGuard("", 30.0)
    assert e.value.user_facing and "sovren up" in e.value.next_step
    assert ExecutorGuard(new_key().hex(), 30.0).signer is not None


def test_short_keys_are_refused_and_repr_hides_the_key(key):
    with pytest.raises(ValueError):
        TokenSigner(b"short", 30)
    s = TokenSigner(key, 30)
    assert key.hex() not in repr(s) and str(key) not in repr(s)
