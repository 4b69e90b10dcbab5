"""bench.asr_hints --study decoding: the paired counts and the merge of per-language runs."""

from __future__ import annotations

import json

import pytest

from bench.asr_hints import merge, summarise


def _dec(wer: float) -> dict:
    return {"wer": wer, "right": False, "slots": {}, "spurious": [], "decode_s": 0.2,
            "cpu_s": 0.1, "audio_s": 2.0}  # fmt: skip


def _rec(plain: float, beam: float) -> dict:
    return {"voice": "espeak8k", "lang": "en", "plain": _dec(plain), "beam5": _dec(beam)}


def test_turns_better_and_worse_are_counted_against_the_same_turns_greedy_decode():
    s = summarise([_rec(0.5, 0.2), _rec(0.5, 0.5), _rec(0.1, 0.3)])
    beam = s["espeak8k/en/beam5"]
    assert (beam["better"], beam["worse"]) == (1, 1)
    assert beam["cpu_rtf"] == pytest.approx(0.3 / 6.0)
    assert (s["espeak8k/en/plain"]["better"], s["espeak8k/en/plain"]["worse"]) == (0, 0)


def test_runs_side_by_side_merge_into_one_table_and_other_studies_are_refused(tmp_path):
    def run(name, study, load, recs):
        p = tmp_path / name
        p.write_text(json.dumps({"study": study, "records": recs, "wall_s": load * 100,
                                 "load_before": [load] * 3, "load_after": [load] * 3}))  # fmt: skip
        return str(p)

    en = run("en.json", "decoding", 2.0, [_rec(0.5, 0.2)])
    de = run("de.json", "decoding", 5.0, [_rec(0.9, 0.9)])
    r = merge([en, de])
    assert len(r["records"]) == 2 and r["load_before"] == [5.0] * 3 and r["wall_s"] == 500.0
    with pytest.raises(SystemExit, match="different studies"):
        merge([en, run("p.json", "prompt", 1.0, [])])
