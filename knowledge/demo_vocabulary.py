"""The demo catalogue's vocabulary: data/demo_people.yaml read once into typed parts.

Traits (masculine, feminine, English), hobbies, professions with plausible ages, and the
description templates with the conditions they put on a person and the slots they fill.
"""

from __future__ import annotations

import re
import string
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from functools import cache, cached_property
from pathlib import Path
from typing import Any

import yaml

DATA_DIR = Path(__file__).parent / "data"


@cache
def word_lists() -> dict[str, Any]:
    """The vocabulary in data/demo_people.yaml (read once), plus the plain French lists
    other modules read: hobbies, traits (masculine) and traits_feminine."""
    with (DATA_DIR / "demo_people.yaml").open(encoding="utf-8") as handle:
        words: dict[str, Any] = yaml.safe_load(handle)
    words["hobbies"] = [h["fr"] for h in words["hobby_words"]]
    words["traits"] = [t[0] for t in words["trait_words"]]
    words["traits_feminine"] = [t[1] for t in words["trait_words"]]
    return words


# Conditions a template may put on the person (see the header of demo_people.yaml).
CONDITIONS = frozenset({
    "kind", "gender", "kids", "kids_min", "kids_max", "faith", "religion", "age_min", "age_max",
    "region", "local", "diaspora", "african", "hobby", "not_h1", "not_h2", "no_traits",
})


def _fields(text: str) -> frozenset[str]:
    return frozenset(name for _, name, _, _ in string.Formatter().parse(text) if name)


# Slots one description mentions once: a trait, the partner's qualities, the first hobby.
_ONCE = re.compile(r"^(?:de_|a_)?([tTpPhH][1-4])(?:_[mf])?$", re.IGNORECASE)
_ONCE_SLOTS = frozenset({"t1", "t2", "t3", "t4", "p1", "p2", "h1"})


def _slot_tags(*texts: str) -> frozenset[str]:
    """ "slot:t3" for a template using t3, T3, de_t3_m, a_t3..."""
    tags = set()
    for text in texts:
        for name in _fields(text):
            match = _ONCE.match(name)
            if match and match.group(1).lower() in _ONCE_SLOTS:
                tags.add(f"slot:{match.group(1).lower()}")
    return frozenset(tags)


@dataclass(frozen=True)
class Template:
    """A sentence in French and English, with the conditions under which it fits."""

    fr: str
    en: str
    when: Mapping[str, Any] = field(default_factory=dict)
    tags: frozenset[str] = frozenset()

    @cached_property
    def fields_fr(self) -> frozenset[str]:
        return _fields(self.fr)

    @cached_property
    def fields_en(self) -> frozenset[str]:
        return _fields(self.en)

    @classmethod
    def load(cls, entry: Mapping[str, Any]) -> Template:
        when = dict(entry.get("when") or {})
        unknown = set(when) - CONDITIONS
        if unknown:
            raise ValueError(f"unknown condition {sorted(unknown)} in template {entry['fr']!r}")
        fr, en = str(entry["fr"]), str(entry["en"])
        return cls(fr=fr, en=en, when=when,
                   tags=frozenset(entry.get("tags") or ()) | _slot_tags(fr, en))


@dataclass(frozen=True)
class Trait:
    masculine: str
    feminine: str
    en: str


@dataclass(frozen=True)
class Hobby:
    fr: str
    en: str
    not_for: tuple[str, ...] = ()  # religions whose members would hardly list it


@dataclass(frozen=True)
class Profession:
    """A job in both genders and languages, and the ages at which people plausibly hold it."""

    fr: tuple[str, str]
    en: tuple[str, str]
    ages: tuple[int, int]
    kind: str  # work, student or retired
    lines: tuple[Template, ...] = ()

    def french(self, gender: str) -> str:
        return self.fr[1] if gender == "female" else self.fr[0]

    def english(self, gender: str) -> str:
        return self.en[1] if gender == "female" else self.en[0]

    def fits(self, age: int) -> bool:
        return self.ages[0] <= age <= self.ages[1]


@dataclass(frozen=True)
class Vocabulary:
    traits: tuple[Trait, ...]
    clashes: frozenset[frozenset[str]]
    hobbies: tuple[Hobby, ...]
    professions: tuple[Profession, ...]
    religions_en: Mapping[str, str]
    religion_lines: Mapping[str, tuple[Template, ...]]
    city_en: Mapping[str, str]
    city_region: Mapping[str, str]
    city_lines: Mapping[str, tuple[Template, ...]]
    surname_region: Mapping[str, str]
    short: tuple[Template, ...]
    long: Mapping[str, tuple[Template, ...]]


def _templates(entries: Iterable[Mapping[str, Any]] | None) -> tuple[Template, ...]:
    return tuple(Template.load(e) for e in entries or ())


@cache
def vocabulary() -> Vocabulary:
    """demo_people.yaml as typed objects (read once)."""
    words = word_lists()
    surname_region: dict[str, str] = {}
    for region, names in words["surnames"].items():
        for name in names:
            surname_region.setdefault(name, region)
    return Vocabulary(
        traits=tuple(Trait(*t) for t in words["trait_words"]),
        clashes=frozenset(frozenset(pair) for pair in words["trait_clashes"]),
        hobbies=tuple(Hobby(h["fr"], h["en"], tuple(h.get("not_for", ()))) for h in words["hobby_words"]),
        professions=tuple(
            Profession(fr=(p["fr"][0], p["fr"][1]), en=(p["en"][0], p["en"][1]),
                       ages=(p["ages"][0], p["ages"][1]), kind=p["kind"], lines=_templates(p.get("lines")))
            for p in words["professions"]
        ),
        religions_en={name: r["en"] for name, r in words["religion_words"].items()},
        religion_lines={name: _templates(r.get("lines")) for name, r in words["religion_words"].items()},
        city_en={city: info["en"] for city, info in words["cities"].items()},
        city_region={city: info["region"] for city, info in words["cities"].items()},
        city_lines={city: _templates(info.get("lines")) for city, info in words["cities"].items()},
        surname_region=surname_region,
        short=_templates(words["short_templates"]),
        long={topic: _templates(entries) for topic, entries in words["long_sentences"].items()},
    )
