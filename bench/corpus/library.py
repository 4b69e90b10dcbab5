"""The template library and its split by template group.

Why by group: a group is one style of phrasing ("go ahead", "passt so"); when
whole groups go to dev or test, those splits hold phrasings the classifier
never saw in training, which is what a new caller does. Every family (one
function in one language, e.g. en/affirm) is split on its own, with a fixed
seed, about 60/20/20 and at least one group in each split, so every split can
script every kind of dialogue.
"""

from __future__ import annotations

import random
import string
from dataclasses import dataclass
from typing import Any

from bench.corpus import (
    templates_de,
    templates_en,
    templates_heldout2_de,
    templates_heldout2_en,
    templates_heldout3_de,
    templates_heldout3_en,
    templates_heldout4_de,
    templates_heldout4_en,
    templates_heldout5_de,
    templates_heldout5_en,
    templates_heldout_de,
    templates_heldout_en,
)

SPLITS = ("train", "dev", "test")
HELDOUT = "heldout"  # the split of the held-out templates (written later, never tuned on)
HELDOUT2 = "heldout2"  # the second one, written after the first was read (README)
HELDOUT3 = "heldout3"  # the third one, written after the second was read (README)
HELDOUT4 = "heldout4"  # the fourth one, written after the third was read (README)
HELDOUT5 = "heldout5"  # the fifth one, written after the fourth was read (README)
_MODULES = {"en": templates_en, "de": templates_de}
# Held-out splits: their own template files, and the prefix every group name of theirs carries.
_OWN = {
    HELDOUT: ({"en": templates_heldout_en, "de": templates_heldout_de}, "ho_"),
    HELDOUT2: ({"en": templates_heldout2_en, "de": templates_heldout2_de}, "h2_"),
    HELDOUT3: ({"en": templates_heldout3_en, "de": templates_heldout3_de}, "h3_"),
    HELDOUT4: ({"en": templates_heldout4_en, "de": templates_heldout4_de}, "h4_"),
    HELDOUT5: ({"en": templates_heldout5_en, "de": templates_heldout5_de}, "h5_"),
}
OWN_SPLITS = tuple(_OWN)


@dataclass(frozen=True)
class Template:
    group: str  # "en.affirm.go"
    text: str
    fixed: dict[str, Any]
    fields: frozenset[str]


def _fields(text: str) -> frozenset[str]:
    return frozenset(f for _, f, _, _ in string.Formatter().parse(text) if f)


def families(lang: str, heldout: bool | str = False) -> dict[str, dict[str, list[Any]]]:
    """Every family of a language: function -> group -> entries (facts and joins included).

    `heldout`: a held-out split's templates instead (their own files, their own split);
    True is "heldout", a string names the split ("heldout2" ... "heldout5")."""
    own = HELDOUT if heldout is True else heldout
    m = _OWN[own][0][lang] if own else _MODULES[lang]
    out: dict[str, dict[str, list[Any]]] = {fn: dict(g) for fn, g in m.TEMPLATES.items()}
    for key, groups in m.FACTS.items():
        out[f"fact.{key}"] = dict(groups)
    out["unknown_q"] = dict(m.UNKNOWN_QUESTIONS)
    out["join"] = dict(m.JOINS)
    more = {**m.TEMPLATES_MORE, **{f"fact.{k}": g for k, g in m.FACTS_MORE.items()}}
    for fn, groups in more.items():
        clash = set(groups) & set(out.get(fn, {}))
        if clash:
            raise ValueError(f"{lang}.{fn}: group names {sorted(clash)} defined twice")
        out.setdefault(fn, {}).update(groups)
    return out


def assign_splits(seed: int) -> dict[str, str]:
    """group id -> split; deterministic for the seed."""
    out: dict[str, str] = {}
    for lang in _MODULES:
        for fn, groups in sorted(families(lang).items()):
            names = sorted(groups)
            if len(names) < 3:
                raise ValueError(f"{lang}.{fn} has {len(names)} groups: write at least 3")
            random.Random(f"{seed}:{lang}.{fn}").shuffle(names)
            n = len(names)
            n_test = max(1, round(n * 0.2))
            n_dev = max(1, round(n * 0.2))
            for i, g in enumerate(names):
                split = "test" if i < n_test else "dev" if i < n_test + n_dev else "train"
                out[f"{lang}.{fn}.{g}"] = split
        main = families(lang)
        for split, (mods, prefix) in _OWN.items():
            own_fns = getattr(mods[lang], "OWN_FAMILIES", ())  # families only that split says
            for fn, groups in families(lang, heldout=split).items():
                if fn not in main and fn not in own_fns:
                    raise ValueError(f"{split} {lang}.{fn} is no family of templates_{lang}")
                for g in groups:
                    gid = f"{lang}.{fn}.{g}"
                    if not g.startswith(prefix) or gid in out:
                        raise ValueError(f"{split} group {gid}: name it {prefix}<something>, unique")  # fmt: skip
                    out[gid] = split
    return out


class Library:
    """The templates one dialogue may use: one language, one split."""

    def __init__(self, lang: str, split: str, assignment: dict[str, str]):
        self.lang, self.split = lang, split
        self.by_fn: dict[str, list[Template]] = {}
        for fn, groups in families(lang, heldout=split if split in _OWN else False).items():
            items = []
            for g, entries in sorted(groups.items()):
                gid = f"{lang}.{fn}.{g}"
                if assignment[gid] != split:
                    continue
                for e in entries:
                    text, fixed = (e, {}) if isinstance(e, str) else (e[0], dict(e[1]))
                    items.append(Template(gid, text, fixed, _fields(text)))
            self.by_fn[fn] = items

    def pick(
        self,
        rng: random.Random,
        fn: str,
        allow: set[str] | frozenset[str] | None = None,
        need: set[str] | frozenset[str] = frozenset(),
        fixed_ok: bool = True,
        avoid: tuple[str, ...] = (),
    ) -> Template:
        """A template of `fn` whose placeholders are all in `allow` and that has one of `need`.

        `avoid`: words that do not fit here ("book it" as the yes to a cancellation)."""
        cands = [
            t
            for t in self.by_fn[fn]
            if (allow is None or t.fields <= allow)
            and (not need or t.fields & need or set(t.fixed) & need)
            and (fixed_ok or not t.fixed)
            and not any(w in t.text.lower() for w in avoid)
        ]
        if not cands:
            raise LookupError(
                f"no {self.lang}/{self.split} template for {fn} with fields in {sorted(allow or [])}"
                f" and one of {sorted(need)}: add one to a group of bench/corpus/templates_{self.lang}.py"  # noqa: E501
            )
        return rng.choice(cands)
