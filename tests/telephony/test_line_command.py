"""COMMAND and the phone line: greeting, DTMF 0, silence, a transfer's fate, a hang-up mid-write.

The real decision core and real approval tokens, as in tests/runtime/test_coordinator.py;
the frames are what a SIP user agent's requests become after the media worker.
"""

from __future__ import annotations

import datetime as dt
import uuid

import pytest

from agents.command.coordinator import RESULT_TIMEOUT_S, Coordinator
from bayes.core import DecisionCore
from config import load_settings
from fabric.tokens import TokenSigner
from ipc.control import LINE_OPS, CallStart, Hangup
from ipc.messages import (
    ActionResult,
    AgentId,
    ApprovedAction,
    CallControl,
    Evidence,
    Proposal,
    Transcript,
)
from ipc.payloads import Booking, CreateArgs, FailureCode, PmsFailure, Reserved

LINE = {op.NAME: op for op in LINE_OPS}  # the phone line's typed operations by name


class Clock:
    def __init__(self):
        self.t = 1000.0

    def __call__(self):
        return self.t


@pytest.fixture
def rig():
    settings = load_settings()
    signer = TokenSigner(b"k" * 32, ttl_s=30)
    verifier = TokenSigner(b"k" * 32, ttl_s=30)
    records: list[tuple[str, dict]] = []
    core = DecisionCore.from_settings(settings)
    clock = Clock()
    coord = Coordinator(core, signer.issue, clock=clock, record=lambda k, r: records.append((k, r)))
    call = uuid.uuid4().hex
    coord.on_message(AgentId.MEDIA, call, CallControl(CallStart(caller_id="+4930123")))
    return coord, verifier, call, clock, records


def _line(coord, call, op, **detail):
    return coord.on_message(AgentId.MEDIA, call, CallControl(LINE[op](**detail)))


def _spoken(outs):
    return [
        o.body for o in outs if o.target == AgentId.MEDIA and isinstance(o.body, ApprovedAction)
    ]


def _done(outs):
    return [
        o.body.detail
        for o in outs
        if o.target == AgentId.MEDIA
        and isinstance(o.body, CallControl)
        and o.body.op == "turn_done"
    ]


def test_the_greeting_is_decided_and_spoken_with_a_valid_token(rig):
    coord, verifier, call, _, _ = rig
    (said,) = _spoken(_line(coord, call, "greet"))
    assert said.action == "speak.answer" and "thank you for calling" in said.args.text.lower()
    verifier.verify(said.token, said.action, said.args, call)
    assert _spoken(_line(coord, call, "greet")) == []  # once per call


def test_dtmf_0_is_a_real_transfer_and_other_digits_say_nothing(rig):
    coord, verifier, call, _, _ = rig
    assert _line(coord, call, "dtmf", digit="5") == []
    outs = _line(coord, call, "dtmf", digit="0")
    (said,) = _spoken(outs)
    assert said.action == "transfer.human" and said.args.fallback == "fallback.reception"
    verifier.verify(said.token, said.action, said.args, call)
    (summary,) = _done(outs)
    (action,) = summary["actions"]
    assert action["kind"] == "transfer.human" and action["approved"]

    from media.sip.conversation import transfer_of

    assert transfer_of(summary) is not None  # the user agent sends its REFER on this


def test_a_silent_caller_is_prompted_then_told_goodbye_with_call_end(rig):
    coord, _, call, _, _ = rig
    (prompt,) = _spoken(_line(coord, call, "silence", stage="prompt"))
    assert prompt.action == "speak.ask" and "still there" in prompt.args.text
    outs = _line(coord, call, "silence", stage="goodbye")
    (bye,) = _spoken(outs)
    assert bye.action == "call.end" and "goodbye" in bye.args.text.lower()
    from media.sip.conversation import ends_call

    assert ends_call(_done(outs)[0])
    end = coord.on_message(AgentId.MEDIA, call, CallControl(Hangup()))
    outcome = [o.body.detail["outcome"] for o in end if o.body.op == "call_done"]
    assert outcome == ["abandoned"]  # the line's own words are not a conversation


def test_a_failed_transfer_is_a_recorded_callback_and_the_caller_hears_so(rig):
    coord, _, call, _, records = rig
    coord.on_message(AgentId.MEDIA, call, Transcript(text="I want a person", turn=1))
    outs = _line(coord, call, "transfer", ok=False, to="sip:desk@10.0.0.9", status=480,
                 reason="the reception answered 480", decision_id="d1")  # fmt: skip
    (said,) = _spoken(outs)
    assert said.action == "speak.apologise" and "call you back" in said.args.text
    callbacks = [r for k, r in records if k == "callback"]
    assert len(callbacks) == 1 and "480" in callbacks[0]["reason"]
    assert "outcome so far" in callbacks[0]["summary"]  # (the ledger writer redacts it)
    results = [r["result"] for k, r in records if k == "result"]
    assert results[-1]["action"] == "transfer.human" and results[-1]["ok"] is False
    assert results[-1]["result"]["sip_status"] == 480
    end = coord.on_message(AgentId.MEDIA, call, CallControl(Hangup()))
    assert [o.body.detail["outcome"] for o in end if o.body.op == "call_done"] == ["callback"]


def test_a_completed_transfer_is_on_record_with_the_calls_summary(rig):
    coord, _, call, _, records = rig
    assert _line(coord, call, "transfer", ok=True, to="sip:desk@10.0.0.9", status=200,
                 decision_id="d1") == []  # fmt: skip
    (res,) = [r["result"] for k, r in records if k == "result"]
    assert res["ok"] and res["result"]["refer_to"] == "sip:desk@10.0.0.9"
    assert "outcome so far" in res["result"]["summary"]
    end = coord.on_message(AgentId.MEDIA, call, CallControl(Hangup()))
    assert [o.body.detail["outcome"] for o in end if o.body.op == "call_done"] == ["transferred"]


def _pending_create(coord, call):
    coord.on_message(AgentId.MEDIA, call, Transcript(text="yes book it", turn=1, confidence=0.98))
    coord.on_message(AgentId.STRIKE, call, Proposal(action="speak.answer", turn=1,
                                                    intent="affirm", reply="One moment."))  # fmt: skip
    for src, value in (("understanding_confidence", 1.0), ("slot_validation", 1.0)):
        coord.on_message(AgentId.INTEL, call, Evidence(source=src, value=value, turn=1))
    coord.on_message(AgentId.SENTINEL, call, Evidence(source="sentinel_risk", value=1.0, turn=1))
    args = CreateArgs(offer_id="o1", guest_name="Anna Weber", arrival=dt.date(2026, 12, 4),
                      departure=dt.date(2026, 12, 6), guests=2, room_type="DBL")  # fmt: skip
    create = Proposal(action="pms.create", turn=1, intent="affirm", confidence=1.0, args=args)
    outs = coord.on_message(AgentId.INTEL, call, create)
    (approved,) = [o.body for o in outs if o.target == AgentId.PMS]
    return approved


def _reserved(confirmation: str) -> Reserved:
    return Reserved(
        reservation=Booking(reservation_id="r1", confirmation=confirmation, status="confirmed",
                            arrival=dt.date(2026, 12, 4), departure=dt.date(2026, 12, 6),
                            nights=2, room_type="DBL", guests=2, guest_name="Anna Weber")
    )  # fmt: skip


def _ends(records):
    return [r["outcome"] for k, r in records if k == "call_end"]


@pytest.mark.parametrize("ok", [True, False])
def test_a_hang_up_while_a_booking_is_written_closes_the_call_once_its_result_is_in(rig, ok):
    coord, _, call, _, records = rig
    approved = _pending_create(coord, call)
    assert coord.on_message(AgentId.MEDIA, call, CallControl(Hangup())) == []
    assert _ends(records) == []  # not closed while the write runs
    failed = PmsFailure(code=FailureCode.ROOM_UNAVAILABLE, message="no room")
    res = ActionResult(decision_id=approved.decision_id, action="pms.create", ok=ok,
                       result=_reserved("SOV1") if ok else failed,
                       error=None if ok else "room_unavailable", turn=1)  # fmt: skip
    outs = coord.on_message(AgentId.PMS, call, res)
    media = [
        o.body.op for o in outs if o.target == AgentId.MEDIA and isinstance(o.body, CallControl)
    ]
    assert media == ["call_done"]
    assert not [o for o in outs if o.target == AgentId.INTEL and isinstance(o.body, ActionResult)]
    results = [r["result"] for k, r in records if k == "result"]
    assert results[-1]["ok"] is ok and results[-1]["action"] == "pms.create"
    assert _ends(records) == ["booked" if ok else "abandoned"]


def test_a_write_that_never_answers_after_a_hang_up_is_on_record_as_unconfirmed(rig):
    coord, _, call, clock, records = rig
    approved = _pending_create(coord, call)
    coord.on_message(AgentId.MEDIA, call, CallControl(Hangup()))
    clock.t += RESULT_TIMEOUT_S + 1
    coord.on_tick()
    assert _ends(records) == ["ended_action_unconfirmed"]
    # the result that still comes is recorded on its own: the ledger says the write happened
    late = ActionResult(decision_id=approved.decision_id, action="pms.create", ok=True,
                        result=_reserved("SOV2"), turn=1)  # fmt: skip
    assert coord.on_message(AgentId.PMS, call, late) == []
    results = [r["result"] for k, r in records if k == "result"]
    assert results[-1]["decision_id"] == approved.decision_id and results[-1]["ok"]
