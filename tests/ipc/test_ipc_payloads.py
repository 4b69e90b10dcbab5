"""Typed action payloads (ipc/payloads.py), action kinds (ipc/actions.py), call-control ops."""

from __future__ import annotations

import datetime as dt
import decimal

import msgspec
import pytest

from ipc import frame
from ipc.actions import PMS_KINDS, ActionKind, action_kind
from ipc.control import BargeIn, CallStart, TurnDone
from ipc.messages import (
    ActionResult,
    AgentId,
    AgentMessage,
    ApprovedAction,
    CallControl,
    Proposal,
    Transcript,
    body_dict,
)
from ipc.payloads import (
    ARGS_OF,
    RESULT_OF,
    Availability,
    AvailabilityQuery,
    CreateArgs,
    FailureCode,
    Money,
    Offer,
    PayloadError,
    PmsFailure,
    SpeechArgs,
    args_for,
    args_from_ledger,
    outcome_from_ledger,
    plain,
    to_json,
)


def test_every_executable_kind_has_its_arguments_and_every_pms_kind_its_result():
    executable = {k for k in ActionKind if not k.is_fallback}
    assert set(ARGS_OF) == executable
    assert set(RESULT_OF) == set(PMS_KINDS)
    assert ActionKind.PMS_CREATE == "pms.create" and ActionKind("pms.cancel").is_write
    with pytest.raises(ValueError, match="unknown action kind 'pms.teleport'; known: speak"):
        action_kind("pms.teleport")


def test_args_from_a_dict_are_typed_and_a_misfit_names_the_field():
    a = args_for("pms.availability", {"arrival": "2026-03-06", "departure": "2026-03-08", "guests": 2})
    assert a == AvailabilityQuery(
        arrival=dt.date(2026, 3, 6), departure=dt.date(2026, 3, 8), guests=2
    )
    assert args_for("speak.ask", None) == SpeechArgs()
    assert args_for("pms.create", CreateArgs("o", "A B", a.arrival, a.departure, 2)).offer_id == "o"
    with pytest.raises(PayloadError, match=r"Expected `int`, got `str` - at `\$.guests`"):
        args_for("pms.availability", {"arrival": "2026-03-06", "departure": "2026-03-08",
                                      "guests": "two"})  # fmt: skip
    with pytest.raises(PayloadError, match="missing required field `reason`"):
        args_for("pms.cancel", {"reservation_id": "R1"})
    with pytest.raises(PayloadError, match="takes AvailabilityQuery, not SpeechArgs"):
        args_for("pms.availability", SpeechArgs(text="hi"))
    with pytest.raises(PayloadError, match="not an executable kind"):
        args_for("fallback.decline", {})


def test_the_ledger_form_carries_the_tag_and_reads_back_as_the_struct():
    offer = Offer(
        offer_id="o1", room_type="DBL", arrival=dt.date(2026, 3, 6),
        departure=dt.date(2026, 3, 8), nights=2, guests=2,
        total=Money(amount=decimal.Decimal("258.00"), currency="EUR"),
    )  # fmt: skip
    res = Availability(offers=[offer])
    raw = to_json(res)
    assert msgspec.json.decode(raw)["t"] == "availability"
    assert outcome_from_ledger(raw) == res and outcome_from_ledger(msgspec.json.decode(raw)) == res
    failure = PmsFailure(code=FailureCode.ROOM_UNAVAILABLE, message="gone", retryable=False)
    assert outcome_from_ledger(plain(failure)) == failure
    args = CreateArgs("o1", "Anna Weber", offer.arrival, offer.departure, 2, room_type="DBL")
    assert args_from_ledger("pms.create", plain(args)) == args


def test_rows_from_before_the_typed_payloads_stay_readable():
    # args without a tag: the Struct its kind takes when they fit, else the row as it was
    old_args = {"arrival": "2026-03-06", "departure": "2026-03-08", "guests": 2}
    assert args_from_ledger("pms.availability", old_args) == AvailabilityQuery(
        arrival=dt.date(2026, 3, 6), departure=dt.date(2026, 3, 8), guests=2
    )
    odd = {"fallback": "fallback.decline", "why": "vetoed"}
    assert args_from_ledger("speak.apologise", odd) == SpeechArgs(fallback="fallback.decline")
    assert args_from_ledger("pms.cancel", {"reservation_id": "R1"}) == {"reservation_id": "R1"}
    # results without a tag are kept as they were stored (never guessed into a type)
    old_result = {"offers": [{"offer_id": "o1"}], "count": 1}
    assert outcome_from_ledger(old_result) == old_result
    assert outcome_from_ledger('{"error": "unavailable"}') == {"error": "unavailable"}


def test_typed_payloads_travel_in_frames():
    args = CreateArgs("o1", "Anna Weber", dt.date(2026, 3, 6), dt.date(2026, 3, 8), 2, "DBL")
    a = ApprovedAction(decision_id="d1", action=ActionKind.PMS_CREATE, args=args, token="t")
    out = frame.decode(frame.encode(AgentMessage(AgentId.COMMAND, AgentId.PMS, "", 1, a)))
    assert out.body == a and isinstance(out.body.action, ActionKind)
    failure = PmsFailure(code=FailureCode.TIMEOUT, message="slow", retryable=True, vendor="opera")
    r = ActionResult(decision_id="d1", action="pms.create", ok=False, result=failure, error="timeout")
    back = frame.decode(frame.encode(AgentMessage(AgentId.PMS, AgentId.COMMAND, "", 2, r))).body
    assert back.result == failure and back.result.code is FailureCode.TIMEOUT


def test_a_frame_naming_an_unknown_action_kind_is_refused_whole():
    from ipc.errors import FrameError

    bad = ApprovedAction(decision_id="d1", action="pms.teleport", token="t")
    b = frame.encode(AgentMessage(AgentId.COMMAND, AgentId.PMS, "", 1, bad))
    with pytest.raises(FrameError):
        frame.decode(b)


def test_call_control_operations_are_typed_with_derived_names():
    start = CallControl(CallStart(caller_id="+4930", audio=True, realtime=False))
    back = frame.decode(frame.encode(AgentMessage(AgentId.CLI, AgentId.MEDIA, "", 1, start))).body
    assert back == start and back.op == "start" and back.ctl.audio and not back.ctl.realtime
    done = CallControl(TurnDone(turn=2, caller="hi", reply="hello", outcome="answered"))
    assert done.detail == {"turn": 2, "caller": "hi", "reply": "hello", "actions": [],
                           "outcome": "answered", "heard": None}  # fmt: skip
    assert body_dict(done)["op"] == "turn_done"
    barge = CallControl(BargeIn(heard="Your room", dropped_chars=12, turn=3))
    assert barge.op == "barge_in" and isinstance(barge.ctl, BargeIn)
    with pytest.raises(TypeError):
        CallControl(op="start")  # the old loose form fails loudly


def test_messages_built_with_dicts_carry_typed_payloads_or_fail_where_they_are_built():
    p = Proposal(action="pms.availability",
                 args={"arrival": "2026-03-06", "departure": "2026-03-08", "guests": 2})  # fmt: skip
    assert isinstance(p.args, AvailabilityQuery)
    assert ApprovedAction(decision_id="d", action="speak.ask", args={"text": "hi"}).args == (
        SpeechArgs(text="hi")
    )
    with pytest.raises(PayloadError, match="missing required field `reason`"):
        Proposal(action="pms.cancel", args={"reservation_id": "R1"})
    tagged = {"t": "pms_failure", "code": "timeout", "retryable": True}
    r = ActionResult(decision_id="d", action="pms.create", ok=False, result=tagged)
    assert r.result == PmsFailure(code=FailureCode.TIMEOUT, retryable=True)
    with pytest.raises(PayloadError, match="without its tag"):
        ActionResult(decision_id="d", action="pms.availability", ok=True, result={"offers": []})


def test_the_merged_branches_control_operations_are_typed_and_travel():
    """The console's end/take-over, COMMAND's late turn update, MEDIA's failed turn and the
    phone line's events: each a typed op in a frame, read back as the same op."""
    from ipc.control import (
        CALLER_OPS,
        LINE_OPS,
        CallEnd,
        ControlError,
        Dtmf,
        Greet,
        Hangup,
        KeypadEntry,
        Silence,
        TransferStatus,
        TurnUpdate,
    )

    ops = [
        CallEnd(by="console", reason="taken_over"),
        Hangup(sip_status=487),
        TurnUpdate(turn=3, reply="Your booking is confirmed.", outcome="booked", late=True),
        ControlError(where="command", error="COMMAND is not taking turns", turn=4),
        Greet(),
        Dtmf(digit="0"),
        KeypadEntry(digits="0815"),
        Silence(stage="goodbye"),
        TransferStatus(ok=False, to="sip:desk@10.0.0.9", status=486, decision_id="d1",
                       reason="the reception answered 486"),  # fmt: skip
    ]
    for op in ops:
        c = CallControl(op)
        back = frame.decode(frame.encode(AgentMessage(AgentId.CLI, AgentId.MEDIA, "", 1, c))).body
        assert back.ctl == op and back.op == op.NAME
    assert CallControl(ops[0]).detail == {"by": "console", "reason": "taken_over"}
    assert CallControl(ops[2]).op == "turn_update" and CallControl(ops[2]).detail["late"]
    # an error of the call as a whole names no turn (a client waiting for a turn takes it)
    assert CallControl(ControlError(where="models", error="x")).detail["turn"] is None
    assert set(LINE_OPS) < set(CALLER_OPS) and CallEnd in CALLER_OPS and Hangup in CALLER_OPS
    with pytest.raises(msgspec.ValidationError):
        msgspec.convert({"digit": 0}, Dtmf)  # a digit is a string
    # a keypad entry is the media worker's to make a turn of, never a line op for COMMAND
    assert KeypadEntry not in CALLER_OPS


def test_a_keypad_turn_and_a_question_that_offers_the_keypad_travel_typed():
    from ipc.payloads import SpeechArgs

    t = Transcript(text="8118", turn=4, confidence=1.0, lang="", keypad=True)
    back = frame.decode(frame.encode(AgentMessage(AgentId.MEDIA, AgentId.INTEL, "", 1, t))).body
    assert back == t and back.keypad
    spoken = Transcript(text="eight one one eight", turn=4)  # an older sender: not typed
    assert not frame.decode(frame.encode(AgentMessage(AgentId.MEDIA, AgentId.INTEL, "", 1,
                                                      spoken))).body.keypad  # fmt: skip
    ask = SpeechArgs(text="... hash key.", expect="characters", keypad=True)
    assert msgspec.json.decode(msgspec.json.encode(ask), type=SpeechArgs).keypad
