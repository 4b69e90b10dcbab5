"""Hand-computed decisions: approve, reject with the right fallback, veto; and bad input."""

from __future__ import annotations

import math

import pytest

from bayes.core import SENTINEL_TERM, DecisionCore
from bayes.errors import BadEvidence, DecisionError, MissingPrior, UnknownAction, UnknownState
from bayes.vocabulary import ACTION_KINDS
from config.sections.decision import DecisionConfig
from ipc.actions import ActionKind
from ipc.messages import Decision, Severity


def cfg(**kw) -> DecisionConfig:
    """A small config whose numbers are easy to compute by hand."""
    base = dict(
        priors={
            "speak": (9, 1),
            "pms_read": (9, 1),
            "pms_write": (4, 1),
            "pms_irreversible": (4, 1),
            "transfer": (9, 1),
            "end_call": (9, 1),
            "fallback": (19, 1),
        },
        # hand-computed figures; the required evidence has tests of its own below
        required={},
        evidence={
            "asr_confidence": {"table": [(0.0, 0.25), (1.0, 4.0)]},
            "understanding_confidence": {"table": [(0.0, 0.5), (1.0, 2.0)]},
            "agreement": {"table": [(0.0, 0.5), (1.0, 3.0)]},
            "caller_verification": {"table": [(0.0, 1.0), (1.0, 4.0)]},
        },
        correlated={
            "recognition": {
                "sources": ["asr_confidence", "understanding_confidence"],
                "damping": 0.5,
            }
        },
    )
    base.update(kw)
    return DecisionConfig(**base)


def sig(x: float) -> float:
    return 1 / (1 + math.exp(-x))


@pytest.fixture
def core():
    return DecisionCore(cfg())


def test_approve_by_hand(core):
    # prior log 4; asr 1.0 -> log 4; agreement 1.0 -> log 3
    out = core.decide(ActionKind.PMS_CREATE, {"asr_confidence": 1.0, "agreement": 1.0}, call_id="c")
    total = math.log(4) + math.log(4) + math.log(3)
    assert out.prior_logodds == pytest.approx(math.log(4))
    assert out.terms == pytest.approx({"asr_confidence": math.log(4), "agreement": math.log(3)})
    assert out.posterior == pytest.approx(sig(total))  # 48/49
    assert out.threshold == 0.85
    assert out.approved and out.fallback is None and not out.vetoed
    assert out.reason.startswith("approved pms.create")
    assert out.risk_class == "pms_write"


def test_reject_picks_ask_again_by_expected_utility(core):
    # prior log 4, asr 0.0 -> log 0.25: total 0 -> p = 0.5
    out = core.decide(ActionKind.PMS_CREATE, {"asr_confidence": 0.0}, call_id="c")
    assert out.posterior == pytest.approx(0.5)
    assert not out.approved
    # EU: ask 0.5*0.55+0.5*0.9 = 0.725; human 0.6; decline 0.25
    assert out.utilities == pytest.approx(
        {ActionKind.FALLBACK_ASK_AGAIN: 0.725, ActionKind.FALLBACK_OFFER_HUMAN: 0.6, ActionKind.FALLBACK_DECLINE: 0.25}
    )
    assert out.fallback == ActionKind.FALLBACK_ASK_AGAIN
    assert ActionKind.FALLBACK_ASK_AGAIN in out.reason and "0.500 < threshold 0.85" in out.reason


def test_reject_just_below_irreversible_threshold_offers_human(core):
    # cancel: prior log 4, caller_verification 1.0 -> log 4: p = 16/17 = 0.941 < 0.95
    out = core.decide(ActionKind.PMS_CANCEL, {"caller_verification": 1.0}, call_id="c")
    assert out.posterior == pytest.approx(16 / 17)
    assert out.threshold == 0.95
    # EU ask = 0.941*0.55 + 0.059*0.9 = 0.5706 < offer_human 0.6
    assert out.fallback == ActionKind.FALLBACK_OFFER_HUMAN


def test_state_restricts_fallbacks(core):
    out = core.decide(ActionKind.PMS_CREATE, {"asr_confidence": 0.0}, call_id="c", state="retrying")
    assert set(out.utilities) == {ActionKind.FALLBACK_OFFER_HUMAN, ActionKind.FALLBACK_DECLINE}
    assert out.fallback == ActionKind.FALLBACK_OFFER_HUMAN


def test_critical_sentinel_vetoes_even_a_certain_action(core):
    ev = {"asr_confidence": 1.0, "agreement": 1.0, "caller_verification": 1.0}
    out = core.decide(ActionKind.SPEAK_ANSWER, ev, sentinel=Severity.CRITICAL, call_id="c")
    assert out.posterior > 0.99
    assert out.vetoed and not out.approved
    assert out.fallback == ActionKind.FALLBACK_DECLINE
    assert out.reason.startswith("vetoed speak.answer")


def test_veto_fallback_not_allowed_in_state_takes_best_if_wrong():
    c = DecisionCore(cfg(states={"dialogue": [ActionKind.FALLBACK_ASK_AGAIN, ActionKind.FALLBACK_OFFER_HUMAN]}))
    out = c.decide(ActionKind.SPEAK_ANSWER, {}, sentinel=Severity.CRITICAL, call_id="c")
    # p treated as 0: ask 0.9 > human 0.6
    assert out.fallback == ActionKind.FALLBACK_ASK_AGAIN


def test_high_sentinel_finding_adds_its_penalty(core):
    out = core.decide(ActionKind.SPEAK_ANSWER, {}, sentinel=Severity.HIGH, call_id="c")
    assert out.terms == {SENTINEL_TERM: -3.0}
    assert out.posterior == pytest.approx(sig(math.log(9) - 3.0))
    assert not out.approved and not out.vetoed
    low = core.decide(ActionKind.SPEAK_ANSWER, {}, sentinel=Severity.LOW, call_id="c")
    assert low.terms == {} and low.approved


def test_correlated_sources_are_damped(core):
    # asr 1.0 -> log 4 (strongest, full); understanding 1.0 -> log 2, x 0.5
    out = core.decide(
        ActionKind.PMS_CREATE, {"asr_confidence": 1.0, "understanding_confidence": 1.0}, call_id="c"
    )
    assert out.terms["asr_confidence"] == pytest.approx(math.log(4))
    assert out.terms["understanding_confidence"] == pytest.approx(0.5 * math.log(2))
    assert out.posterior == pytest.approx(sig(math.log(4) * 2 + 0.5 * math.log(2)))


def test_missing_evidence_is_neutral(core):
    out = core.decide(ActionKind.PMS_CREATE, {}, call_id="c")
    assert out.terms == {}
    assert out.posterior == pytest.approx(0.8)
    assert "no evidence" in out.reason


def test_interpolation_is_linear_in_log_ratio(core):
    out = core.decide(ActionKind.PMS_CREATE, {"asr_confidence": 0.5}, call_id="c")
    assert out.terms["asr_confidence"] == pytest.approx(0.0, abs=1e-12)  # midway of 1/4 .. 4
    out = core.decide(ActionKind.PMS_CREATE, {"asr_confidence": 0.75}, call_id="c")
    assert out.terms["asr_confidence"] == pytest.approx(math.log(2), abs=1e-9)


def test_outcome_carries_ids_explanation_and_wire_form(core):
    out = core.decide(
        ActionKind.PMS_AVAILABILITY, {"agreement": 1.0}, call_id="call-7", hotel_id="demo", turn=4
    )
    text = out.explain()
    assert "agreement" in text and "posterior" in text and out.decision_id in text
    msg = out.to_message()
    assert isinstance(msg, Decision)
    assert (msg.decision_id, msg.approved, msg.turn) == (out.decision_id, out.approved, 4)
    other = core.decide(ActionKind.PMS_AVAILABILITY, {}, call_id="call-7")
    assert other.decision_id != out.decision_id


def test_sink_receives_every_decision():
    got = []
    c = DecisionCore(cfg(), sink=got.append)
    a = c.decide(ActionKind.SPEAK_ANSWER, {}, call_id="c")
    b = c.decide(ActionKind.PMS_CANCEL, {}, call_id="c")
    assert got == [a, b]


def test_every_vocabulary_action_is_decidable(core):
    for kind in ACTION_KINDS:
        assert core.decide(kind, {}, call_id="c").action == kind


# -- bad input -----------------------------------------------------------------
@pytest.mark.parametrize("action", ["pms.frobnicate", "", "PMS.CREATE", "speak"])
def test_unknown_action_kind(core, action):
    with pytest.raises(UnknownAction, match="unknown action kind"):
        core.decide(action, {}, call_id="c")


@pytest.mark.parametrize(
    "value", [-0.01, 1.0001, float("nan"), float("inf"), -float("inf"), "0.9", None, True, [0.5]]
)
def test_evidence_outside_unit_interval_or_not_a_number(core, value):
    with pytest.raises(BadEvidence, match=r"\[0, 1\]"):
        core.decide(ActionKind.SPEAK_ANSWER, {"asr_confidence": value}, call_id="c")


def test_unknown_evidence_source(core):
    with pytest.raises(BadEvidence, match="unknown evidence source 'asr_conf'"):
        core.decide(ActionKind.SPEAK_ANSWER, {"asr_conf": 0.9}, call_id="c")


def test_unknown_state(core):
    with pytest.raises(UnknownState, match="unknown call state"):
        core.decide(ActionKind.SPEAK_ANSWER, {}, call_id="c", state="dancing")


def test_missing_prior_fails_at_start():
    priors = {"speak": (9, 1), "pms_read": (9, 1), "pms_write": (4, 1), "transfer": (9, 1),
              "end_call": (9, 1)}  # fmt: skip
    with pytest.raises(MissingPrior, match="pms.cancel.*decision.priors.pms_irreversible"):
        DecisionCore(cfg(priors=priors))


def test_missing_threshold_fails_at_start():
    with pytest.raises(DecisionError, match="pms_irreversible"):
        DecisionCore(cfg(thresholds={"speak": 0.85}))


@pytest.mark.parametrize(
    "bad",
    [
        {"evidence": {"agreement": {"table": [(0.0, 3.0), (1.0, 0.5)]}}},  # decreasing
        {"evidence": {"agreement": {"table": [(0.1, 1.0), (1.0, 2.0)]}}},  # does not start at 0
        {"evidence": {"agreement": {"table": [(0.0, 0.0), (1.0, 2.0)]}}},  # zero ratio
        {"thresholds": {"speak": 1.5}},
        {"priors": {"speak": (0, 1)}},
        {"sentinel_penalty": {"HIGH": 1.0}},
        {"correlated": {"x": {"sources": ["nope", "agreement"]}}},
    ],
)
def test_invalid_configuration_is_refused(bad):
    with pytest.raises(ValueError):
        cfg(**bad)


def test_defaults_yaml_matches_section_defaults():
    from config import load_settings

    assert load_settings().decision == DecisionConfig()


# -- required evidence (fail closed) ---------------------------------------------
def test_default_config_requires_sentinel_for_every_pms_action_and_free_speech():
    """Beta(9,1) = 0.90 >= 0.85 on the prior alone: without SENTINEL's verdict it is refused."""
    core = DecisionCore(DecisionConfig())
    for action in (ActionKind.SPEAK_ANSWER, ActionKind.SPEAK_ASK, ActionKind.PMS_AVAILABILITY, ActionKind.PMS_FIND_BOOKING,
                   ActionKind.PMS_CREATE, ActionKind.TRANSFER_HUMAN, ActionKind.CALL_END):  # fmt: skip
        out = core.decide(action, {"asr_confidence": 1.0}, call_id="c")
        assert not out.approved, action
        assert out.unmet == {"sentinel_risk": "missing"}
        assert out.fallback == ActionKind.FALLBACK_UNAVAILABLE
        assert "required evidence sentinel_risk missing" in out.reason
        assert out.posterior >= out.threshold  # the figures are real: it failed on the rule
        ok = core.decide(action, {"asr_confidence": 1.0, "sentinel_risk": 1.0}, call_id="c")
        assert ok.approved and not ok.unmet, action


def test_fixed_safe_phrases_need_no_sentinel_and_show_their_real_figures():
    core = DecisionCore(DecisionConfig())
    for fb in (ActionKind.FALLBACK_ASK_AGAIN, ActionKind.FALLBACK_OFFER_HUMAN, ActionKind.FALLBACK_DECLINE,
               ActionKind.FALLBACK_BUSY, ActionKind.FALLBACK_UNAVAILABLE):  # fmt: skip
        out = core.decide(fb, {}, call_id="c")
        assert out.approved and out.risk_class == "fallback"
        assert out.posterior == pytest.approx(0.95) and out.threshold == 0.5


@pytest.mark.parametrize("action", [ActionKind.PMS_MODIFY, ActionKind.PMS_CANCEL])
@pytest.mark.parametrize("verification", [None, 0.0, 0.3, 0.89])
def test_changes_to_a_booking_need_caller_verification(action, verification):
    core = DecisionCore(DecisionConfig())
    ev = {"asr_confidence": 1.0, "understanding_confidence": 1.0, "agreement": 1.0,
          "slot_validation": 1.0, "sentinel_risk": 1.0}  # fmt: skip
    if verification is not None:
        ev["caller_verification"] = verification
    out = core.decide(action, ev, call_id="c")
    assert not out.approved
    assert out.unmet == {"caller_verification": "missing" if verification is None else "low"}
    assert out.fallback == ActionKind.FALLBACK_DECLINE
    assert core.decide(action, {**ev, "caller_verification": 1.0}, call_id="c").approved


def test_disclosing_a_booking_needs_caller_verification():
    core = DecisionCore(DecisionConfig())
    ev = {"asr_confidence": 1.0, "sentinel_risk": 1.0}
    assert core.decide(ActionKind.SPEAK_ANSWER, ev, call_id="c").approved  # no purpose: ordinary speech
    out = core.decide(ActionKind.SPEAK_ANSWER, ev, call_id="c", purpose="disclose_booking")
    assert not out.approved and out.unmet == {"caller_verification": "missing"}
    assert "to disclose booking" in out.reason and "(speak, disclose_booking)" in out.explain()
    low = core.decide(
        ActionKind.SPEAK_ANSWER, {**ev, "caller_verification": 0.05}, call_id="c", purpose="disclose_booking"
    )
    assert not low.approved and low.unmet == {"caller_verification": "low"}
    good = core.decide(
        ActionKind.SPEAK_ANSWER, {**ev, "caller_verification": 1.0}, call_id="c", purpose="disclose_booking"
    )
    assert good.approved
    assert core.requirements(ActionKind.PMS_FIND_BOOKING, "disclose_booking") == {
        "sentinel_risk": 0.0,
        "caller_verification": 0.9,
    }


def test_a_veto_still_wins_over_missing_evidence():
    core = DecisionCore(DecisionConfig())
    out = core.decide(ActionKind.PMS_CANCEL, {}, call_id="c", sentinel=Severity.CRITICAL)
    assert out.vetoed and out.fallback == ActionKind.FALLBACK_DECLINE


def test_required_evidence_config_is_checked():
    with pytest.raises(ValueError, match="unknown evidence source mood"):
        DecisionConfig(required={"speak": {"mood": 0.5}})
    with pytest.raises(ValueError, match="missing_fallback.ops_health"):
        DecisionConfig(required={"speak": {"ops_health": 0.5}})
