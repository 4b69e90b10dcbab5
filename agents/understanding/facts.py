"""Which of the hotel's facts a caller asks about, by meaning, with no examples required.

Why by meaning and not by examples: a hotel writes a fact once ("We rent bikes
for 12 euros a day.") and expects "Do you rent bikes?" to be answered; before,
a fact without example sentences was unreachable and its questions landed on
the nearest other fact ("Do you rent bikes?" got the parking answer at 0.98).
Each fact is represented by the embeddings of its text in every language, its
keywords, its optional examples and short questions built from its key and
keywords; a question clause scores against each fact (max cosine, plus a bonus
when a keyword is literally said), and a fact is answered only when its score is
above ``fact_min`` and ahead of the next fact by ``fact_margin`` (both calibrated
by ``sovren understanding train`` so that no held-out question gets a wrong
fact). Otherwise the question is an honest unknown.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

import msgspec
import numpy as np
import yaml

if TYPE_CHECKING:
    from config.settings import Settings

KEYWORD_BONUS = 0.15
LEXICAL_DROP = 0.2
TOPICS_FILE = Path(__file__).parent / "topics.yaml"
_QUESTION_TEMPLATES = ("{k}?", "what about the {k}?")
# A new question starts at a conjunction or comma followed by a question word.
_SPLIT = re.compile(
    r"\s*(?:[?;]|,?\s*\b(?:and|und|also|plus|oh and|and also)\b|,)\s+"
    r"(?=(?:do|does|is|are|can|could|may|what|what's|whats|when|where|how|until|till|which|"
    r"will|would|gibt|gibt's|haben|hat|ist|sind|kann|kann's|können|darf|dürfen|wann|wo|wie|"
    r"was|welche|bis|ab)\b)",
    re.IGNORECASE,
)
_WORD = re.compile(r"[^\W\d_]+")
# Words that say nothing about which fact is meant (question frames, prices, times).
_STOP = frozenset(
    re.findall(
        r"\S+",
        """
        about also anything available cost costs does each euro euros every free from have hotel
        how many much need night nights open person people please price room rooms that there
        this time until what when where which with would your yours guest guests served serve
        is are gibt haben kann kostet kosten kostenlos nacht nächte personen preis zimmer uhr
        wann welche wieviel viel bitte ihnen ihre unser unsere eine einen einem einer sind wird
        gerne gern auch noch möglich possible allowed erlaubt included inklusive enthalten
        welcome willkommen sorry leider nicht throughout ganzen heißt über some the and you for
        can has get our per who why any all one two day out off its was may see let yes not but
        too use own new old big der die das den dem des ein und ist mit bei für von zum zur wie
        wer ich sie wir ihr gut mal bis tag pro ihn uns man können möchte hätte gerne
        book booked booking reserve reserved reservation order buchen gebucht buchung
        reservieren reserviert reservierung bestellen front desk reception rezeption
        """,
    )
)


_CHECK = re.compile(r"\bcheck[\s-]?(in|out)\b", re.IGNORECASE)
# Words that share a stem but mean opposite things at a hotel.
_OPPOSITES = frozenset({frozenset({"checkin", "checkout"})})


# What is done with a thing: a fact about storing skis does not answer "do you rent skis?".
# A clause that names one of these services matches only facts whose words name it too.
_SERVICES = {
    "rent": """rent rents rented rental renting hire hired borrow lend leihen ausleihen verleihen
        verleiht verleih leihe mieten miete mietet vermieten vermietet""",
    "buy": "buy buying sell sold sells purchase kaufen kauft verkaufen verkauft",
    "store": """store stored storage keep leave aufbewahren aufbewahrung abstellen lassen
        lagern""",
    "arrange": "arrange arranging organise organize organisieren organisiert besorgen",
}
_SERVICE_OF = {w: k for k, ws in _SERVICES.items() for w in ws.split()}


# Words that ask what something costs. A price question must name its object among a fact's
# own words: "was kostet das insgesamt?" is the stay's total, which no fact answers, though its
# frame is as close to "Was kostet das Frühstück?" as a question can be.
_PRICE = frozenset(
    re.findall(
        r"\S+",
        """cost costs price prices much charge charges fee fees pay expensive cheap kostet kosten
        preis preise teuer billig gebühr gebühren zahlen bezahlen""",
    )
)


def _asks_price(text: str) -> bool:
    return any(w in _PRICE for w in _WORD.findall(text.lower()))


def _services(text: str) -> set[str]:
    return {_SERVICE_OF[w] for w in _WORD.findall(text.lower()) if w in _SERVICE_OF}


def _words(text: str) -> set[str]:
    text = _CHECK.sub(lambda m: "check" + m.group(1).lower(), text.lower())
    return {w for w in _WORD.findall(text) if len(w) >= 3 and w not in _STOP}


def _related(a: str, b: str) -> bool:
    """Same word, one a prefix of the other ("dog"/"dogs", "park"/"Parkplatz"; the shorter of
    4+ letters or the longer only a plural), or 5+ shared letters ("Fahrrad"/"Fahrräder")."""
    if a == b:
        return True
    short, long_ = sorted((a, b), key=len)
    if long_.startswith(short) and (len(short) >= 4 or long_ in (short + "s", short + "e")):
        return True
    if frozenset({a, b}) in _OPPOSITES:
        return False
    n = 0
    for x, y in zip(a, b, strict=False):
        if x != y:
            break
        n += 1
    return n >= 5


class FactSpec(msgspec.Struct, frozen=True):
    """One fact as the matcher needs it: answer per language, keywords, example questions."""

    key: str
    text: dict[str, str]
    keywords: tuple[str, ...] = ()
    examples: tuple[str, ...] = ()


class FactMatch(msgspec.Struct, frozen=True):
    """The fact a clause asks about (or None), its score, and the runner-up for explanations."""

    key: str | None
    score: float
    runner_up: str = ""
    runner_up_score: float = 0.0

    def explain(self) -> str:
        got = self.key or "no fact"
        return f"{got} {self.score:.2f} (next {self.runner_up} {self.runner_up_score:.2f})"


def hotel_facts(settings: Settings) -> dict[str, FactSpec]:
    """The hotel's facts from configuration (``hotel.facts[key]``: text per language,
    keywords, examples): the one place that knows the config's shape."""
    return {
        key: FactSpec(
            key=key,
            text=dict(fact.text),
            keywords=tuple(fact.keywords),
            examples=tuple(fact.examples),
        )  # fmt: skip
        for key, fact in settings.hotel.facts.items()
    }


def split_questions(text: str) -> list[str]:
    """ "do you have parking, and until when is breakfast?" -> the two questions."""
    parts = [p.strip(" ,.;?!") for p in _SPLIT.split(text)]
    return [p for p in parts if len(p.split()) >= 2] or [text]


def _phrases(spec: FactSpec) -> list[str]:
    """Keywords plus the key itself as words ("check_in" -> "check in")."""
    return list(dict.fromkeys([spec.key.replace("_", " "), *spec.keywords]))


def load_topics(path: Path = TOPICS_FILE) -> list[tuple[str, ...]]:
    """Topic groups: the names of one topic (a group is dropped or kept as a whole)."""
    return [tuple(str(t) for t in group) for group in yaml.safe_load(path.read_text())]


class FactMatcher:
    """Scores question clauses against the hotel's facts; build once per process.

    A clause's score for a fact is its best cosine to the fact's rows (texts, examples,
    keywords, short questions from the key), plus ``KEYWORD_BONUS`` when it says a word
    that only this fact's words share; a fact is ruled out when the clause asks for a
    service (renting, buying, storing) that the fact's words do not name. Generic hotel topics (topics.yaml) that none of
    the hotel's facts covers compete as "no fact": "is there a pool?" is closer to the
    topic "swimming pool" than to the parking fact, so it is an honest unknown.
    """

    def __init__(
        self,
        encode: Callable[[list[str]], np.ndarray],
        facts: dict[str, FactSpec],
        fact_min: float,
        fact_margin: float,
        topic_drop: float = 0.6,
        bonus: float = KEYWORD_BONUS,
        topics: list[tuple[str, ...]] | None = None,
        topic_emb: np.ndarray | None = None,
    ):
        self.facts = facts
        self.keys = list(facts)
        self.fact_min = fact_min
        self.fact_margin = fact_margin
        self.bonus = bonus
        rows: list[str] = []
        owner: list[int] = []
        words = []
        self._services: list[set[str]] = []
        for i, spec in enumerate(facts.values()):
            phrases = _phrases(spec)
            texts = [*spec.text.values(), *spec.examples, *phrases]
            texts += [t.format(k=p) for p in phrases for t in _QUESTION_TEMPLATES]
            texts = list(dict.fromkeys(t for t in texts if t.strip()))
            rows += texts
            owner += [i] * len(texts)
            words.append(set().union(*(_words(t) for t in [*spec.text.values(), *phrases])))
            self._services.append(
                set().union(
                    *(_services(t) for t in [*spec.text.values(), *phrases, *spec.examples])
                )
            )
        # A word counts for a fact only if no other fact's words share it.
        self._terms = [
            {
                w
                for w in ws
                if not any(_related(w, v) for j, o in enumerate(words) if j != i for v in o)
            }
            for i, ws in enumerate(words)
        ]
        self._owner = np.array(owner, dtype=np.int64)
        self._matrix = encode(rows) if rows else np.zeros((0, 384), dtype=np.float32)
        groups = load_topics() if topics is None else topics
        names = [n for g in groups for n in g]
        group_of = np.array([i for i, g in enumerate(groups) for _ in g], dtype=np.int64)
        if topic_emb is None or len(topic_emb) != len(names):
            topic_emb = encode(names) if names else np.zeros((0, 384), dtype=np.float32)
        # (topic names, facts): a topic name's best cosine to each fact's rows.
        sims = topic_emb @ self._matrix.T if rows else np.zeros((len(names), 0))
        close = np.full((len(names), len(self.keys)), -1.0, dtype=np.float32)
        for f in range(len(self.keys)):
            mine = self._owner == f
            if mine.any():
                close[:, f] = sims[:, mine].max(axis=1)
        # A topic that one of the facts covers is no rival: one of its names close in meaning
        # to that fact, or sharing a word with that same fact and fairly close ("Tiefgarage"
        # and "parking"); a shared service verb is no cover ("car rental" and "we rent bikes").
        covered = {
            int(group_of[i])
            for i, n in enumerate(names)
            for f in range(len(self.keys))
            if self._covers(f, n, float(close[i, f]), topic_drop)
        }
        keep = [i for i in range(len(names)) if int(group_of[i]) not in covered]
        self.topics = [groups[g] for g in sorted({int(group_of[i]) for i in keep})]
        self._topic_matrix = topic_emb[keep]

    def _covers(self, f: int, name: str, close: float, topic_drop: float) -> bool:
        """Whether fact ``f`` covers the rival topic ``name``: close in meaning, or sharing a
        word and fairly close; never when the topic asks for a service the fact does not
        offer ("Auto mieten" is no parking question, though parking's keywords say "Auto")."""
        if _services(name) - self._services[f]:
            return False
        if close >= topic_drop:
            return True
        words = _words(name) - _SERVICE_OF.keys()
        return close >= topic_drop - LEXICAL_DROP and self._hits(name, f, words)

    def _hits(self, text: str, f: int, words: set[str] | None = None) -> bool:
        words = _words(text) if words is None else words
        return any(_related(w, t) for w in words for t in self._terms[f])

    def parts(self, texts: list[str], emb: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """(n, facts) best cosines, (n, facts) keyword hits (0/1), (n,) best rival topic."""
        n = len(self.keys)
        sims = np.full((len(texts), n), -1.0, dtype=np.float32)
        hits = np.zeros((len(texts), n), dtype=np.float32)
        topic = (
            (emb @ self._topic_matrix.T).max(axis=1)
            if len(self._topic_matrix)
            else np.full(len(texts), -1.0, dtype=np.float32)
        )
        if n:
            all_sims = emb @ self._matrix.T
            words = [_words(t) for t in texts]
            services = [_services(t) for t in texts]
            prices = np.array([_asks_price(t) for t in texts], dtype=bool)
            for f in range(n):
                sims[:, f] = all_sims[:, self._owner == f].max(axis=1)
                hits[:, f] = [self._hits(t, f, w) for t, w in zip(texts, words, strict=True)]
                # A service the clause asks for that the fact does not name rules the fact out,
                # and so does a price question that names none of the fact's words.
                sims[[bool(sv - self._services[f]) for sv in services], f] = -1.0
                sims[(hits[:, f] == 0) & prices, f] = -1.0
        return sims, hits, topic

    def scores(self, texts: list[str], emb: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """(n clauses, n facts) scores (cosine + keyword bonus) and (n,) the best rival topic."""
        sims, hits, topic = self.parts(texts, emb)
        return sims + self.bonus * hits, topic

    def match(self, texts: list[str], emb: np.ndarray) -> list[FactMatch]:
        """The fact each clause asks about, or key None when no fact is clearly meant."""
        if not self.keys:
            return [FactMatch(key=None, score=0.0) for _ in texts]
        scores, topic = self.scores(texts, emb)
        out = []
        for row, t in zip(scores, topic, strict=True):
            order = np.argsort(-row)
            best = float(row[order[0]])
            second = float(row[order[1]]) if len(order) > 1 else -1.0
            rival = max(second, float(t))
            sure = best >= self.fact_min and best - rival >= self.fact_margin
            out.append(
                FactMatch(
                    key=self.keys[int(order[0])] if sure else None,
                    score=round(best, 4),
                    runner_up=self.keys[int(order[1])] if second >= t else "(other topic)",
                    runner_up_score=round(rival, 4),
                )
            )
        return out


def fact_text(spec: FactSpec, lang: str, missing: str = "offer_reception") -> str | None:
    """The answer in the caller's language; else another language if the hotel says so, else None."""
    if lang in spec.text:
        return spec.text[lang]
    if missing == "other_language" and spec.text:
        return spec.text.get("en") or next(iter(spec.text.values()))
    return None


def fact_answer(
    facts: dict[str, FactSpec],
    keys: tuple[str, ...],
    unknown: bool,
    lang: str,
    missing: str,
    say: Callable[[str, str], str],
) -> str:
    """The facts asked, joined, then an honest "I don't know" for what no fact covers.

    ``say(key, lang)`` words the fixed sentences (the hotel's overrides and reception name)."""
    texts = [fact_text(facts[k], lang, missing) for k in keys if k in facts]
    known = [t for t in texts if t]
    if not known:
        return say("unknown_fact", lang)
    if unknown or len(known) < len(keys):
        known.append(say("unknown_fact_rest", lang))
    return " ".join(known)
