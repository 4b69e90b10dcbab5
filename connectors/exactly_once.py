"""Carry out an approved PMS action exactly once, across any crash.

Why a module of its own: the PMS worker (connectors/worker.py) owns the rings and
the token check; this owns the order of the steps that make a write happen once:

1. the idempotency key from the call, the turn and the content
   (``journal.idempotency_key``), so a retry under a new decision id is the same write;
2. a journal entry opened (fsynced) before the PMS is called;
3. the PMS call with that key; an outcome the connector could not learn (a vendor
   that committed and dropped the connection) is read back at once;
4. the entry closed with the result (fsynced);
5. after a restart, entries left open are read back from the PMS
   (connectors/reconcile.py) before anything is retried; a write not made is retried
   only while its caller can still be waiting (``RETRY_WITHIN_S``), otherwise it is
   closed as not carried out — never made behind the caller's back.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable, Coroutine
from dataclasses import dataclass
from typing import Any

import msgspec

from connectors.journal import WRITES, Entry, WriteJournal, idempotency_key
from ipc.payloads import ActionArgs, ActionOutcome, FailureCode, PmsFailure, args_for, plain

log = logging.getLogger("sovren.pms")

# An open write found after a restart is retried only this soon after it was opened: later,
# its caller has been answered (or has hung up) and a booking nobody hears of must not appear.
RETRY_WITHIN_S = 30.0

# Failures after which the write may have happened at the PMS (the outcome is unknown).
UNKNOWN_OUTCOME = {FailureCode.VENDOR_UNAVAILABLE, FailureCode.TIMEOUT, FailureCode.INTERNAL}
# What a write is closed with when the PMS could not say whether it was made (a vendor
# without a key look-up that kept failing): never reported as done, nor as not done.
OUTCOME_UNKNOWN = FailureCode.OUTCOME_UNKNOWN


@dataclass
class Known:
    """What the journal already says about an approval's decision id."""

    kind: str  # "redelivered" (same frame again) | "open" (its write's outcome unknown) | "replay"
    entry: Entry


class ExactlyOnce:
    def __init__(
        self,
        journal: WriteJournal,
        run: Callable[[Coroutine], Any],
        *,
        hold_after_write_s: float = 0.0,
        timeout_s: float | None = None,
        clock: Callable[[], float] = time.time,
    ):
        self.journal = journal
        self.run = run  # runs a coroutine to completion on the worker's loop
        self.hold_after_write_s = hold_after_write_s
        self.timeout_s = timeout_s  # one PMS action's budget (pms.action_timeout_s)
        self.clock = clock

    def _execute(self, connector, action: str, args: ActionArgs) -> dict[str, Any]:
        from connectors.executor import execute

        return _result(self.run(execute(connector, action, args, timeout_s=self.timeout_s)))

    def known(self, decision_id: str, seq: int) -> Known | None:
        """Has this decision id been seen? A frame seen again after a restart is not a replay."""
        e = self.journal.for_decision(decision_id)
        if e is None:
            return None
        same_frame = bool(seq) and e.decisions.get(decision_id) == seq
        if same_frame:
            return Known("open" if e.is_open else "redelivered", e)
        return Known("replay", e)

    def carry_out(
        self, connector, call_id: str, turn: int, decision_id: str, action: str,
        args: ActionArgs | dict[str, Any] | None, seq: int = 0,
    ) -> dict[str, Any] | None:  # fmt: skip
        """The result ``{"ok", "result", "error"}`` of the action, carried out at most once;
        ``result`` is the typed outcome's JSON form, tag included (ipc/payloads.py), as the
        journal stores it.

        None: the PMS did not say whether the write was made and it cannot be read back yet;
        the entry stays open and ``settle_open`` answers it (the caller hears the honest
        "not confirmed yet" meanwhile).
        """
        try:
            typed = args_for(action, args)
        except (ValueError, KeyError) as e:  # PayloadError, or a kind with no arguments
            return _failed(FailureCode.INVALID_REQUEST, f"{action}: {e}")
        if action not in WRITES:
            res = self._execute(connector, action, typed)
            self.journal.record(
                f"read-{decision_id}", decision_id, call_id, turn, action, {}, res, seq
            )
            return res
        key = idempotency_key(call_id, turn, action, typed)
        typed = msgspec.structs.replace(typed, idempotency_key=key)
        e = self.journal.for_key(key)
        if e is not None:
            # The same write decided again (a COMMAND restarted before it recorded the
            # first decision): answered from the first, never carried out twice.
            self.journal.alias(key, decision_id, seq)
            if e.is_open:
                self.settle(connector, e)
            return e.result or _failed(
                FailureCode.VENDOR_UNAVAILABLE,
                "the PMS cannot confirm an earlier attempt yet",
                retryable=True,
            )
        e = self.journal.open(key, decision_id, call_id, turn, action, plain(typed), seq)
        res = self._write(connector, action, typed)
        if _unknown(res):
            return None  # stays open: settled (read back or retried with the key) later
        if self.hold_after_write_s:
            time.sleep(self.hold_after_write_s)  # fault-injection window (tests, bench.chaos)
        self.journal.close(key, res)
        return res

    def _write(self, connector, action: str, args: ActionArgs) -> dict[str, Any]:
        from connectors.reconcile import reconcile

        res = self._execute(connector, action, args)
        if _unknown(res):
            try:
                found = self.run(reconcile(connector, action, args))
            except Exception as e:  # the PMS cannot be asked: report the failure as it was
                log.warning("PMS read-back after %s failed: %s", action, type(e).__name__)
                found = None
            if found is not None:
                return _result(found)
        return res

    def settle(self, connector, e: Entry) -> bool:
        """Read an open entry's write back from the PMS; close it. False: the PMS cannot say yet."""
        from connectors.reconcile import reconcile

        # the arguments as journaled: the typed form's JSON (an entry opened by a build
        # before the payloads were typed holds the plain dict; args_for reads both)
        args = args_for(e.action, {k: v for k, v in e.args.items() if k != "t"})
        try:
            found = self.run(reconcile(connector, e.action, args))
        except Exception as err:
            log.warning("reconciling %s %s failed: %s", e.action, e.key, type(err).__name__)
            return False
        if found is not None:
            self.journal.close(e.key, _result(found))
            return True
        if self.clock() - e.opened <= RETRY_WITHIN_S:
            res = self._write(connector, e.action, args)
            if _unknown(res):
                return False  # still unknown: stays open, asked again later
            self.journal.close(e.key, res)
            return True
        if not _can_read_back(connector, e.action):
            self.journal.close(
                e.key,
                _failed(
                    OUTCOME_UNKNOWN,
                    "the PMS did not confirm whether this was made and cannot be asked; "
                    "a colleague must check it in the PMS",
                ),
            )
            return True
        self.journal.close(
            e.key,
            _not_done(
                "the PMS worker stopped before this change was made and the PMS shows it "
                "was not made; it was not retried because the caller is no longer waiting"
            ),
        )
        return True

    def settle_open(self, connector) -> list[Entry]:
        """Every open entry the PMS can answer for now, closed; returns those closed."""
        closed = []
        for e in self.journal.open_entries():
            if self.settle(connector, e):
                closed.append(e)
        return closed


def _unknown(res: dict[str, Any]) -> bool:
    return not res["ok"] and res["error"] in UNKNOWN_OUTCOME


def _can_read_back(connector, action: str) -> bool:
    """Can the PMS tell whether this write was made (not only replay it by its key)?"""
    if action != "pms.create":
        return True  # modify and cancel are read back from the reservation itself
    return hasattr(getattr(connector, "adapter", None), "reservation_for_key")


def _result(out: ActionOutcome) -> dict[str, Any]:
    """A typed outcome as the journal keeps it: ``result`` its JSON form with the tag."""
    failure = out if isinstance(out, PmsFailure) else None
    return {"ok": failure is None, "result": plain(out),
            "error": None if failure is None else str(failure.code)}  # fmt: skip


def _failed(code: FailureCode, message: str, *, retryable: bool = False) -> dict[str, Any]:
    return _result(PmsFailure(code=code, message=message, retryable=retryable))


def _not_done(message: str) -> dict[str, Any]:
    return _failed(FailureCode.NOT_CARRIED_OUT, message, retryable=True)
