"""The keyword prefilter of every rule never hides a match its regex would find.

Why: the prefilter is what keeps SENTINEL within its per-frame budget, and a
keyword list that forgot a spelling would silently switch a rule off. Every
sentence of every rule table in these tests is checked with and without it.
"""

from __future__ import annotations

import importlib.util
from pathlib import Path

import pytest

from agents.sentinel import patterns as P
from agents.sentinel.normalize import canonical, decoded_variants

HERE = Path(__file__).parent


def _load(name):
    spec = importlib.util.spec_from_file_location(f"_sentinel_tables_{name}", HERE / f"{name}.py")
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod


def _corpus() -> list[str]:
    inj = _load("test_sentinel_injection")
    soc = _load("test_sentinel_social")
    texts = [t for t, _ in inj.ATTACKS] + inj.BENIGN
    texts += (
        [t for t, _ in soc.SOCIAL]
        + [t for t, _ in soc.PRESSURE]
        + soc.SOCIAL_BENIGN
        + [t for t, _, _ in soc.ABUSE]
        + soc.ABUSE_BENIGN
    )
    out = []
    for t in texts:
        c = canonical(t)
        out.append(c)
        out += [v for _, v in decoded_variants(t, c)]
    return out


CORPUS = _corpus()
RULES = P.INJECTION_RULES + P.SOCIAL_RULES + P.ABUSE_RULES


@pytest.mark.parametrize("rule", RULES, ids=lambda r: r.name)
def test_prefilter_agrees_with_the_regex(rule):
    assert rule.keywords, f"{rule.name} has no prefilter keywords"
    for text in CORPUS:
        full = rule.pattern.search(text)
        fast = rule.search(text)
        assert bool(full) == bool(fast), (rule.name, text)
        if full:
            assert any(k in full.group(0) or k in text for k in rule.keywords)


def test_every_rule_fires_somewhere_in_the_tables():
    fired = {r.name for r in RULES for t in CORPUS if r.search(t)}
    assert fired == {r.name for r in RULES}, {r.name for r in RULES} - fired
