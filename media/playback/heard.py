"""What the caller actually heard, from where playback stopped.

Why by time: after a barge-in the dialogue context must hold only the words
that reached the caller's ear (an agent that "said" a price the caller never
heard would later refer to it). Sentences whose audio was fully played are
heard; inside the sentence playing at the stop, words are placed in time in
proportion to their characters across the sentence's voiced span (leading
and trailing silence excluded), and a word counts as heard once it started.
That estimate is good to about a word; exact alignments would need phoneme
timings that not every backend gives.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np


@dataclass(slots=True)
class PlacedSentence:
    """A sentence's place in the played stream: samples [start, end), voiced [v0, v1)."""

    text: str
    start: int
    end: int
    voiced_start: int
    voiced_end: int
    backend: str = ""


@dataclass(slots=True)
class SentenceHeard:
    text: str
    heard: str
    fraction: float  # share of the voiced span that was played
    complete: bool


def voiced_span(pcm: np.ndarray, rel_threshold: float = 0.05) -> tuple[int, int]:
    """First and last+1 sample louder than ``rel_threshold`` of the peak."""
    if pcm.size == 0:
        return 0, 0
    a = np.abs(pcm.astype(np.int32))
    peak = int(a.max())
    if peak == 0:
        return 0, 0
    idx = np.flatnonzero(a >= max(1, int(peak * rel_threshold)))
    return int(idx[0]), int(idx[-1]) + 1


def words_heard(text: str, fraction: float) -> str:
    """Words of ``text`` whose start lies before ``fraction`` of its length."""
    if fraction <= 0.0:
        return ""
    if fraction >= 1.0:
        return text
    words = text.split()
    total = sum(len(w) for w in words) or 1
    out, pos = [], 0
    for w in words:
        if pos / total < fraction:
            out.append(w)
        pos += len(w)
    return " ".join(out)


def heard_by_time(placed: list[PlacedSentence], played: int) -> list[SentenceHeard]:
    """Per sentence that began playing: what of it was heard when ``played`` samples were out."""
    result = []
    for s in placed:
        if played <= s.start:
            break
        if played >= s.end or s.voiced_end <= s.voiced_start:
            frac = 1.0 if played >= s.start + s.voiced_end else 0.0
        else:
            frac = (played - s.start - s.voiced_start) / (s.voiced_end - s.voiced_start)
            frac = min(1.0, max(0.0, frac))
        heard = words_heard(s.text, frac)
        if heard:
            result.append(SentenceHeard(s.text, heard, frac, frac >= 1.0))
    return result
