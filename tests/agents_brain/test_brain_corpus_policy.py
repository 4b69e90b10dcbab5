"""INTEL's policy against the team's corpus (bench/corpus), with the corpus's own labels as understanding.

Why gold understanding: the corpus says, turn by turn, what the caller meant (intent,
slots, facts) and what must happen (the write and its arguments, or rightly none).
Fed those labels, the dialogue alone decides the call, so a failure here is the
policy's (asking in the wrong order, losing a slot, writing without the read-back),
never the classifier's or the extractor's. Every split, every flow, both languages.
"""

from __future__ import annotations

import pytest

from agents.intel.dialogue import Dialogue
from bench.corpus import CorpusDialogue, load
from bench.gold_dialogue import play


def problem(d: CorpusDialogue, turns: list, writes: list, dlg: Dialogue) -> str:
    """'' when the call did what the corpus expects, else what went wrong."""
    w = d.expect.write
    if w is not None:
        if [x[0] for x in writes] != [w.action]:
            return f"writes {[x[0] for x in writes]}, expected one {w.action}"
        args = writes[0][1]
        keys = {"pms.create": ("arrival", "departure", "guests", "room_type", "guest_name",
                               "rate_plan"),
                "pms.modify": ("arrival", "departure"), "pms.cancel": ()}[w.action]  # fmt: skip
        got, want = {k: args.get(k) for k in keys}, {k: getattr(w, k) for k in keys}
        return "" if got == want else f"{w.action} {got}, expected {want}"
    if writes:
        return f"wrote {writes} where nothing may be written"
    actions = [a for t in turns for a in t.actions]
    if d.expect.outcome == "transferred" and "transfer.human" not in actions:
        return "no transfer.human"
    if d.expect.outcome in ("answered", "refused") and dlg.state.outcome != d.expect.outcome:
        return f"outcome {dlg.state.outcome!r}, expected {d.expect.outcome!r}"
    return ""


CORPUS = load()


@pytest.mark.parametrize("flow", sorted({d.flow for d in CORPUS}))
def test_policy_reaches_every_expected_outcome_with_gold_understanding(settings, flow):
    failures = []
    for d in (d for d in CORPUS if d.flow == flow):
        turns, writes, dlg = play(d, settings)
        why = problem(d, turns, writes, dlg)
        if why:
            failures.append(f"{d.id}: {why}; replies: {[t.reply for t in turns]}")
    assert not failures, "\n".join(failures[:5])


def test_every_write_answers_a_readback_that_names_its_dates(settings):
    """Across the corpus: the reply before each create names the write's weekday-dates."""
    from agents.understanding.texts import spoken_day

    checked = 0
    for d in (d for d in CORPUS if d.expect.write and d.expect.write.action == "pms.create"):
        turns, _, _ = play(d, settings)
        before = ""
        for t in turns:
            for p in t.proposals:
                if p.action == "pms.create":
                    assert spoken_day(p.args.arrival, d.lang) in before, (d.id, before)
                    assert spoken_day(p.args.departure, d.lang) in before, (d.id, before)
                    checked += 1
            before = t.proposals[-1].reply
    assert checked >= 100
