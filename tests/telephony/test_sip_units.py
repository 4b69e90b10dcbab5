"""The user agent's own logic without a network: the call's rules, the INVITE's reading,
the allow-list, the call limit across processes, the configuration's checks."""

from __future__ import annotations

import pytest
from pydantic import ValidationError

from config import load_settings
from ipc.control import Dtmf, KeypadEntry, Silence, TransferStatus
from media.sip.call_slots import CallSlots
from media.sip.conversation import Conversation, ends_call, offers_keypad, transfer_of
from media.sip.keypad import MAX_DIGITS
from media.sip.message import caller_id, has_sdp, headers, mask
from media.sip.peers import AllowList
from media.sip.registration import Registration

SDP = "v=0\r\no=- 1 1 IN IP4 10.0.0.1\r\ns=-\r\nc=IN IP4 10.0.0.1\r\nt=0 0\r\nm=audio 4000 RTP/AVP 0\r\n"


def invite(extra: str = "", body: str = SDP, ctype: str = "application/sdp") -> str:
    head = (
        "INVITE sip:sovren@127.0.0.1 SIP/2.0\r\n"
        "Via: SIP/2.0/UDP 10.0.0.1;branch=z9hG4bK1\r\n"
        'From: "Anna" <sip:+49-30-1234567@pbx.example>;tag=1\r\n'
        "To: <sip:sovren@127.0.0.1>\r\nCall-ID: c1\r\nCSeq: 1 INVITE\r\n" + extra
    )
    if body:
        head += f"Content-Type: {ctype}\r\nContent-Length: {len(body)}\r\n"
    return head + "\r\n" + body


def test_caller_id_prefers_p_asserted_identity_and_accepts_only_numbers():
    assert caller_id(invite()) == "+49301234567"
    pai = "P-Asserted-Identity: <tel:+4915112345678>\r\n"
    assert caller_id(invite(pai)) == "+4915112345678"
    named = invite().replace("+49-30-1234567", "anna")
    assert caller_id(named) is None  # a name is no caller id
    assert caller_id(invite().replace("+49-30-1234567", "+49%2030%201234567")) == "+49301234567"
    compact = invite().replace("From:", "f:")
    assert caller_id(compact) == "+49301234567"
    assert mask("+4915112345678") == "************78" and mask(None) == "-"


def test_an_invite_without_an_sdp_offer_is_recognised():
    assert has_sdp(invite())
    assert not has_sdp(invite(body=""))
    assert not has_sdp(invite(body="hello", ctype="text/plain"))
    assert headers(invite())["call-id"] == ["c1"]


def test_the_allow_list_takes_addresses_networks_and_pjsip_source_forms():
    tel = load_settings(telephony={"allow_from": ["10.1.2.3", "192.168.0.0/16", "::1"]}).telephony
    allow = AllowList.from_config(tel)
    assert allow.allows("10.1.2.3:5060") and allow.allows("192.168.44.5:5060")
    assert allow.allows("[::1]:5060")
    assert not allow.allows("10.1.2.4:5060") and not allow.allows("garbage")


def test_the_configuration_refuses_what_cannot_work():
    with pytest.raises(Exception, match="not an IP address"):
        load_settings(telephony={"allow_from": ["pbx.example.com"]})
    with pytest.raises(Exception, match="registrar is not set"):
        load_settings(telephony={"mode": "register"})
    with pytest.raises(Exception, match="register_retry_max_s is shorter"):
        load_settings(telephony={"register_retry_s": 60, "register_retry_max_s": 30})
    with pytest.raises(Exception, match="cert_file"):
        load_settings(telephony={"transports": ["tls"]})
    with pytest.raises(Exception):  # noqa: B017 (pydantic's own error, wrapped)
        load_settings(telephony={"codecs": ["OPUS"]})
    with pytest.raises(Exception, match="transfer_wait_s"):  # a REFER never given time
        load_settings(telephony={"transfer_wait_s": 0})
    assert load_settings().telephony.transfer_wait_s == 30.0  # the documented default
    tel = load_settings(telephony={"max_calls": 6}).telephony
    assert tel.processes == 2 and not tel.enabled  # 4 calls per process, room to shed one


def test_the_registrars_password_comes_from_the_environment_and_is_never_dumped(monkeypatch):
    monkeypatch.setenv("SOVREN_SIP_USERNAME", "hotel")
    monkeypatch.setenv("SOVREN_SIP_PASSWORD", "s3cret-pw")
    s = load_settings(telephony={"mode": "register", "registrar": "sip:127.0.0.1:5999"})
    assert s.telephony.credentials.password.get_secret_value() == "s3cret-pw"
    dump = s.model_dump_json()
    assert "s3cret-pw" not in dump and "s3cret-pw" not in repr(s)
    with pytest.raises(ValidationError):
        from config.sections.telephony import TelephonyConfig

        TelephonyConfig(max_calls=0)


def test_the_call_limit_holds_across_holders_and_frees_a_dead_ones_slots(tmp_path):
    slots = CallSlots(tmp_path, 2)
    a, b = slots.claim(), slots.claim()
    assert a is not None and b is not None and slots.claim() is None
    assert slots.in_use() == 2
    slots.release(a)  # as the kernel does when a process dies
    c = slots.claim()
    assert c is not None and slots.in_use() == 2
    slots.release(b)
    slots.release(c)
    assert slots.in_use() == 0


def conv(now=0.0, uri="sip:desk@127.0.0.1"):
    c = Conversation("c1", uri, silence_prompt_s=5.0, silence_hangup_s=4.0, now=now)
    c.on_ready(now)
    return c


def summary(kind, approved=True, **args):
    return {"actions": [{"kind": kind, "approved": approved, "args": args, "decision_id": "d9"}]}


def test_an_offer_of_a_colleague_is_no_transfer_but_an_approved_transfer_is():
    assert transfer_of(summary("transfer.human", fallback="fallback.offer_human")) is None
    assert transfer_of(summary("transfer.human", fallback="fallback.unavailable")) is None
    assert transfer_of(summary("transfer.human", approved=False)) is None
    assert transfer_of(summary("transfer.human", reason="caller asked")) is not None
    assert transfer_of(summary("transfer.human", fallback="fallback.busy")) is not None
    assert ends_call(summary("call.end")) and not ends_call(summary("call.end", approved=False))


def test_the_refer_waits_for_the_announcement_to_be_played():
    c = conv()
    c.on_say(1.0)
    c.on_turn_done(summary("transfer.human", reason="caller asked"), 1.0)
    assert c.tick(1.5, playing=False) == []  # its words have not ended yet
    c.on_reply_end(3.0)
    assert c.tick(3.1, playing=True) == []  # still in the phone's buffer
    (do,) = c.tick(3.2, playing=False)
    assert do.op == "refer" and do.detail["to"] == "sip:desk@127.0.0.1"
    assert c.on_transfer_status(100, False, 4.0) == []
    ctrl, hang = c.on_transfer_status(200, True, 5.0)
    status = ctrl.detail["ctl"]
    assert isinstance(status, TransferStatus) and status.ok and status.decision_id == "d9"
    assert hang.op == "hangup"


def test_a_failed_or_impossible_transfer_keeps_the_caller_and_says_why():
    c = conv()
    c.on_turn_done(summary("transfer.human", reason="caller asked"), 1.0)
    (do,) = c.tick(1.1, playing=False)
    (ctrl,) = c.on_transfer_status(486, True, 2.0)
    assert ctrl.op == "control" and isinstance(ctrl.detail["ctl"], TransferStatus)
    assert not ctrl.detail["ctl"].ok and ctrl.detail["ctl"].status == 486
    assert c.state == "talking"
    # the apology ends the same turn: its summary still holds the transfer already tried
    c.on_turn_done(summary("transfer.human", reason="caller asked"), 3.0)
    assert c.tick(3.1, playing=False) == [], "a second REFER for one decision"
    nobody = conv(uri=None)
    nobody.on_turn_done(summary("transfer.human", reason="caller asked"), 1.0)
    (ctrl,) = nobody.tick(1.1, playing=False)
    assert not ctrl.detail["ctl"].ok and "no reception" in ctrl.detail["ctl"].reason


def test_a_silent_caller_is_prompted_then_asked_goodbye_and_speech_resets_it():
    c = conv()
    assert c.tick(4.9, playing=False) == []
    (p,) = c.tick(5.0, playing=False)
    assert p.detail == {"ctl": Silence(stage="prompt")}
    c.on_say(5.1)
    c.on_reply_end(7.0)
    assert c.tick(10.9, playing=False) == []  # 4 s after the prompt was played
    (g,) = c.tick(11.0, playing=False)
    assert g.detail == {"ctl": Silence(stage="goodbye")}
    c.on_turn_done(summary("call.end"), 11.5)
    (h,) = c.tick(11.6, playing=False)
    assert h.op == "hangup"
    talker = conv()
    talker.heard_caller(4.0)
    assert talker.tick(8.9, playing=False) == []
    talker.on_transcript(9.0)
    assert talker.tick(30.0, playing=False) == []  # a turn is open: the runtime is answering


def test_dtmf_goes_to_the_runtime_only_while_talking():
    c = Conversation("c1", None, 5.0, 5.0, now=0.0)
    assert c.on_dtmf("0", 0.0) == []
    c.on_ready(0.0)
    (d,) = c.on_dtmf("0", 0.0)
    assert d.detail == {"ctl": Dtmf(digit="0")}
    (d,) = c.on_dtmf("5", 0.1)  # a closed keypad: a key is COMMAND's (on record, ignored)
    assert d.detail == {"ctl": Dtmf(digit="5")}


def _offered(now: float = 1.0, pause_s: float = 4.0) -> Conversation:
    """A call whose last reply offered the keypad for the number (approved speak.ask)."""
    c = Conversation("c1", None, 10.0, 10.0, now=0.0, keypad_pause_s=pause_s)
    c.on_ready(0.0)
    c.on_turn_done(summary("speak.ask", text="... type the digits", keypad=True), now)
    return c


def _keys(c: Conversation, keys: str, start: float = 2.0) -> list:
    out = []
    for i, k in enumerate(keys):
        out += c.on_dtmf(k, start + 0.3 * i)
    return out


def test_the_keypad_opens_only_on_approved_words_that_offer_it():
    assert offers_keypad(summary("speak.ask", keypad=True))
    assert not offers_keypad(summary("speak.ask", keypad=True, approved=False))
    assert not offers_keypad(summary("speak.ask", expect="characters"))
    assert not offers_keypad(summary("transfer.human", keypad=True))
    assert _offered().typing and not conv().typing


def test_typed_digits_ended_by_hash_are_one_entry_and_the_keypad_closes():
    c = _offered()
    (d,) = _keys(c, "8118#")
    assert d.detail == {"ctl": KeypadEntry(digits="8118")}
    assert not c.typing  # sent once: the next keys are COMMAND's again
    (d,) = c.on_dtmf("5", 9.0)
    assert d.detail == {"ctl": Dtmf(digit="5")}


def test_a_pause_ends_the_entry_and_star_clears_it():
    c = _offered(pause_s=4.0)
    assert _keys(c, "12*80") == []  # '*' cleared "12"
    assert c.tick(2.0 + 1.2 + 3.9, playing=False) == []  # 3.9 s after the last key
    (d,) = c.tick(2.0 + 1.2 + 4.0, playing=False)
    assert d.detail == {"ctl": KeypadEntry(digits="80")}
    assert not c.typing


def test_zero_is_the_reception_alone_and_a_digit_within_a_number():
    alone = _offered()
    (d,) = _keys(alone, "0#")
    assert d.detail == {"ctl": Dtmf(digit="0")}  # COMMAND: fallback.reception, a transfer
    paused = _offered()
    assert _keys(paused, "0") == []  # not yet: it may be a number's first digit
    (d,) = paused.tick(10.0, playing=False)
    assert d.detail == {"ctl": Dtmf(digit="0")}
    leading = _offered()
    (d,) = _keys(leading, "0815#")
    assert d.detail == {"ctl": KeypadEntry(digits="0815")}


def test_keys_that_are_no_number_send_nothing_and_a_stuck_key_is_cut_off():
    c = _offered()
    assert _keys(c, "#A*#") == [] and c.typing  # no digits: nothing ended, still open
    (d,) = _keys(c, "9" * MAX_DIGITS)
    assert d.detail == {"ctl": KeypadEntry(digits="9" * MAX_DIGITS)}


def test_a_reply_that_does_not_offer_the_keypad_closes_it_and_forgets_half_typed_digits():
    c = _offered()
    _keys(c, "81")
    c.on_turn_done(summary("speak.ask", text="Sorry?"), 3.0)  # the caller spoke instead
    assert not c.typing
    later = c.tick(30.0, playing=False)  # the silence prompt, no entry of the digits
    assert later and not any(isinstance(d.detail.get("ctl"), KeypadEntry) for d in later)


def test_typing_is_no_silence():
    c = _offered(now=0.0)
    for i in range(6):  # a key every 3 s for 18 s, beyond silence_prompt_s (10 s)
        c.on_dtmf(str(i + 1), 3.0 * i)
        assert c.tick(3.0 * i + 2.9, playing=False) == []


def test_a_call_the_runtime_closed_under_a_live_caller_is_put_through_or_hung_up():
    taken = conv()
    (do,) = taken.on_call_done("transferred")  # the console took it over
    assert do.op == "refer" and do.detail["to"] == "sip:desk@127.0.0.1"
    ctrl, hang = taken.on_transfer_status(200, True, 2.0)
    assert ctrl.detail["ctl"].ok and hang.op == "hangup"
    refused = conv()
    refused.on_call_done("transferred")
    (hang,) = refused.on_transfer_status(486, True, 2.0)  # no agent left to tell the caller
    assert hang.op == "hangup" and "486" in hang.detail["reason"]
    nowhere = conv(uri=None)
    (hang,) = nowhere.on_call_done("transferred")
    assert hang.op == "hangup"
    ended = conv()
    (hang,) = ended.on_call_done("answered")  # the console's "end call"
    assert hang.op == "hangup" and ended.state == "ending"
    assert ended.on_call_done("answered") == []  # our own hang-up's echo: nothing more
    gone = conv()
    gone.on_line_gone()  # the caller's BYE came first
    assert gone.on_call_done("answered") == [] and gone.on_call_done("transferred") == []


def test_a_failed_registration_is_retried_with_a_doubling_wait_and_a_success_resets_it():
    reg = Registration("sip:pbx.example.com", first_retry_s=30.0, max_retry_s=100.0)
    assert not reg.due(0.0)  # nothing failed: PJSIP refreshes by itself
    waits = []
    now = 0.0
    for _ in range(4):
        reg.on_result(401, "Unauthorized", 0, now)
        waits.append(reg.retry_in_s)
        assert reg.state == "failed" and not reg.due(now + reg.retry_in_s - 0.1)
        now += reg.retry_in_s
        assert reg.due(now) and reg.state == "registering"
        assert not reg.due(now)  # one attempt per wait
    assert waits == [30.0, 60.0, 100.0, 100.0]
    reg.on_result(200, "OK", 300, now)
    assert reg.state == "registered" and reg.failures == 0 and not reg.due(now + 1000)
    reg.on_result(408, "Request Timeout", 0, now)
    assert reg.retry_in_s == 30.0  # a new run of failures starts short again


def test_a_failed_registration_says_what_to_do_and_carries_no_credentials():
    reg = Registration("sip:pbx.example.com", 30.0, 600.0)
    reg.on_result(401, "Unauthorized", 0, 0.0)
    v = reg.view(10.0)
    assert v["state"] == "failed" and v["code"] == 401 and v["next_retry_s"] == 20.0
    assert "SOVREN_SIP_PASSWORD" in v["next_step"] and "pbx.example.com" in v["next_step"]
    reg.on_result(408, "Request Timeout", 0, 30.0)
    assert "does not answer" in reg.view(30.0)["next_step"]
    reg.on_result(404, "Not Found", 0, 90.0)
    assert "telephony.domain" in reg.view(90.0)["next_step"]
    reg.on_result(200, "OK", 300, 100.0)
    assert "next_step" not in reg.view(100.0) and reg.view(100.0)["state"] == "registered"
    reg.on_result(200, "OK", 0, 100.0)
    assert reg.view(100.0)["state"] == "unregistered"


def test_the_media_worker_takes_only_a_phones_digits_on_a_voice_call_as_a_turn():
    from media.worker import keypad_problem

    assert keypad_problem("0815", voice=True) == ""
    assert "not a voice call" in keypad_problem("0815", voice=False)  # a text client's
    for bad in ("", "12a4", "8#", "٣٣", "1" * 33):
        assert "1 to 32 digits" in keypad_problem(bad, voice=True), bad
