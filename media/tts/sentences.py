"""Split a reply into sentences, the unit of streaming and of barge-in records.

Why not NLTK punkt: it needs a data download (impossible offline) and a reply
from a hotel agent is short, well-punctuated text. The rule: a sentence ends
at . ! ? (or … ; ) followed by whitespace, except after common abbreviations
and single initials, so "Dr. Smith" or "3 p.m. on Monday" stay whole.
"""

from __future__ import annotations

import re

_ABBREV = {
    "mr", "mrs", "ms", "dr", "prof", "st", "no", "nr", "approx", "ca", "etc", "vs",
    "a.m", "p.m", "am", "pm", "e.g", "i.e", "z.b", "bzw", "usw", "str", "tel", "inkl",
    "ggf", "evtl", "jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep", "sept",
    "oct", "okt", "nov", "dec", "dez", "u.a", "d.h",
}  # fmt: skip

_END = re.compile(r"([.!?…;]+[\"'»”)]*)\s+")


MAX_CHARS = 250


def split_sentences(text: str, max_chars: int = MAX_CHARS) -> list[str]:
    """Non-empty sentences of ``text`` in order, whitespace normalised.

    A run-on "sentence" longer than ``max_chars`` is cut at its last comma
    (else space) before the limit: first audio must not wait for a paragraph,
    and StyleTTS2's PL-BERT has a fixed number of positions.
    """
    out: list[str] = []
    for sentence in _sentences(text):
        out.extend(_cap(sentence, max_chars))
    return out


# Before these words a phrase may end and a voice's seam is not heard (it pauses
# there anyway). German keeps its verb at the clause's end ("Das Frühstück wird
# von 6 bis 10 Uhr serviert"), so only its conjunctions open a new phrase.
_PHRASE_STARTS = {
    "en": {"and", "but", "or", "from", "for", "to", "with", "on", "at", "in", "until",
           "because", "so", "if", "when", "which", "that", "per", "after", "before"},
    "de": {"und", "aber", "oder", "denn", "weil", "dass", "wenn", "sondern"},
}  # fmt: skip
# About a second of speech: Piper makes it in ~0.1 s on one core, where a whole
# 12-word sentence takes ~0.5 s (measured: bench.tts, BENCHMARKS.md).
FIRST_PHRASE_WORDS = 6


def split_for_streaming(
    text: str, lang: str = "en", first_words: int = FIRST_PHRASE_WORDS
) -> list[str]:
    """``split_sentences``, with a long first sentence cut after its first phrase.

    Why: the caller hears nothing until the first chunk is synthesized, and
    synthesis time grows with length. A first sentence of more than
    ``first_words`` words is spoken in two chunks, cut at a comma within its
    first ``first_words + 2`` words, else before a word that starts a phrase
    (a conjunction or preposition) among words 4 to ``first_words + 1``; each
    side keeps at least three words. Without such a place it stays whole:
    a cut mid-phrase would be heard.
    """
    parts = split_sentences(text)
    if parts:
        head = _first_phrase(parts[0].split(" "), lang, first_words)
        if head is not None:
            parts[0:1] = head
    return parts


def _first_phrase(words: list[str], lang: str, first_words: int) -> list[str] | None:
    if len(words) <= first_words:
        return None
    for i, w in enumerate(words[: first_words + 2]):
        if i >= 1 and w.endswith((",", ";", ":")) and len(words) - (i + 1) >= 3:
            return [" ".join(words[: i + 1]), " ".join(words[i + 1 :])]
    starts = _PHRASE_STARTS.get(lang[:2].lower(), _PHRASE_STARTS["en"])
    for i in range(3, min(first_words + 2, len(words) - 2)):
        if words[i].lower() in starts:
            return [" ".join(words[:i]), " ".join(words[i:])]
    return None


def _cap(sentence: str, max_chars: int) -> list[str]:
    parts = []
    while len(sentence) > max_chars:
        window = sentence[:max_chars]
        cut = max(window.rfind(", "), window.rfind("; "), window.rfind(": "))
        cut = cut + 1 if cut > max_chars // 3 else window.rfind(" ")
        if cut <= 0:
            cut = max_chars
        parts.append(sentence[:cut].strip())
        sentence = sentence[cut:].strip()
    if sentence:
        parts.append(sentence)
    return parts


def _sentences(text: str) -> list[str]:
    text = " ".join(text.split())
    if not text:
        return []
    out: list[str] = []
    start = 0
    for m in _END.finditer(text):
        candidate = text[start : m.end(1)]
        last_word = candidate.rsplit(" ", 1)[-1].rstrip(".!?…;\"'»”)").lower()
        if m.group(1).startswith(".") and (
            last_word in _ABBREV
            or (len(last_word) == 1 and last_word.isalpha())
            or last_word.isdigit()
            and _next_is_lower(text, m.end())
        ):
            continue
        out.append(candidate.strip())
        start = m.end()
    tail = text[start:].strip()
    if tail:
        out.append(tail)
    return [s for s in out if any(ch.isalnum() for ch in s)]


_MONTHS = {
    "januar", "februar", "märz", "april", "mai", "juni", "juli", "august",
    "september", "oktober", "november", "dezember",
}  # fmt: skip


def _next_is_lower(text: str, pos: int) -> bool:
    """German ordinals ('am 3. Mai', 'der 2. Stock') are not sentence ends."""
    word = text[pos:].split(" ", 1)[0].rstrip(".,!?;").lower()
    return pos < len(text) and (text[pos].islower() or word in _MONTHS)
