"""Property: the posterior is monotone in each evidence source; more support never lowers it.

Checked over random valid configurations (random non-decreasing tables, random
correlated groups and damping), not only the defaults.
"""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from bayes.core import DecisionCore
from bayes.vocabulary import ACTION_KINDS, EVIDENCE_SOURCES
from config.sections.decision import DecisionConfig

unit = st.floats(min_value=0.0, max_value=1.0, allow_nan=False)


@st.composite
def tables(draw):
    n = draw(st.integers(min_value=0, max_value=4))
    inner = sorted(set(draw(st.lists(st.floats(0.01, 0.99), min_size=n, max_size=n))))
    xs = [0.0, *inner, 1.0]
    lrs = sorted(draw(st.lists(st.floats(0.01, 50.0), min_size=len(xs), max_size=len(xs))))
    return {"table": list(zip(xs, lrs, strict=True))}


@st.composite
def configs(draw):
    evidence = {s: draw(tables()) for s in EVIDENCE_SOURCES}
    groups = {}
    members = draw(st.lists(st.sampled_from(EVIDENCE_SOURCES), min_size=0, max_size=4, unique=True))
    if len(members) > 1:
        groups["g"] = {"sources": members, "damping": draw(unit)}
    return DecisionConfig(evidence=evidence, correlated=groups)


evidence_dicts = st.dictionaries(st.sampled_from(EVIDENCE_SOURCES), unit, max_size=7)


@settings(max_examples=150, deadline=None)
@given(
    cfg=configs(),
    action=st.sampled_from(ACTION_KINDS),
    ev=evidence_dicts,
    source=st.sampled_from(EVIDENCE_SOURCES),
    a=unit,
    b=unit,
)
def test_posterior_monotone_in_each_source(cfg, action, ev, source, a, b):
    core = DecisionCore(cfg)
    lo, hi = min(a, b), max(a, b)
    p_lo = core.decide(action, {**ev, source: lo}, call_id="c").posterior
    p_hi = core.decide(action, {**ev, source: hi}, call_id="c").posterior
    assert p_hi >= p_lo


@settings(max_examples=150, deadline=None)
@given(cfg=configs(), action=st.sampled_from(ACTION_KINDS), ev=evidence_dicts, data=st.data())
def test_adding_supporting_evidence_never_lowers_posterior(cfg, action, ev, data):
    core = DecisionCore(cfg)
    missing = [s for s in EVIDENCE_SOURCES if s not in ev]
    if not missing:
        return
    source = data.draw(st.sampled_from(missing))
    value = data.draw(unit)
    before = core.decide(action, ev, call_id="c").posterior
    after = core.decide(action, {**ev, source: value}, call_id="c")
    if after.terms[source] >= 0 or (
        # damped: judge by the undamped term of the source's table
        core._tables[source][int(value * 1000 + 0.5)] >= 0
    ):
        assert after.posterior >= before - 1e-15


@settings(max_examples=200, deadline=None)
@given(action=st.sampled_from(ACTION_KINDS), ev=evidence_dicts, a=unit, b=unit)
def test_approval_is_monotone_too(action, ev, a, b):
    """If an action is approved at some evidence, it stays approved with more of it."""
    core = DecisionCore(DecisionConfig())
    lo, hi = min(a, b), max(a, b)
    for source in EVIDENCE_SOURCES:
        if core.decide(action, {**ev, source: lo}, call_id="c").approved:
            assert core.decide(action, {**ev, source: hi}, call_id="c").approved
