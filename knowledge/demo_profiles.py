"""Deterministic demo people: names, places, jobs and descriptions from a seed.

Every description is written twice from the same choices: in French and in English. The
sentences are templates from data/demo_people.yaml, filled with the person's traits,
hobbies, city, job, age, children and faith; French elision ("quelqu'un d'honnête") and
agreement ("une personne généreuse", "je suis prête") are handled by the placeholders.
Within one catalogue no short description and no long description is used twice, and a
long-description sentence comes back in at most a few profiles.
"""

from __future__ import annotations

import random
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from knowledge.demo_vocabulary import Hobby, Profession, Template, Trait, vocabulary, word_lists
from knowledge.wording import (
    ENGLISH_NUMBERS,
    FRENCH_NUMBERS,
    a_article,
    de_article,
    gendered,
    lower_first,
    upper_first,
    with_article,
    with_de,
)

PHOTO_BASE = "https://photos.example.com/profiles"

NO_RELIGION = "Sans religion"
AFRICA = ("central", "west")
# Times the same long-description sentence may appear in one catalogue.
SENTENCE_REPEATS = 4


@dataclass(frozen=True)
class Place:
    city: str
    neighborhood: str
    region: str


def pick_place(rng: random.Random) -> Place:
    """A city (weighted as the agency's membership) and one of its neighbourhoods."""
    words = word_lists()
    cities = list(words["city_weights"])
    city = rng.choices(cities, weights=[words["city_weights"][c] for c in cities])[0]
    info = words["cities"][city]
    return Place(city=city, neighborhood=rng.choice(info["neighborhoods"]), region=info["region"])


def pick_names(rng: random.Random, *, gender: str, region: str) -> tuple[str, str]:
    """(first name, surname) fitting the region; one in six from another region (diaspora)."""
    words = word_lists()
    if rng.random() < 1 / 6:
        region = rng.choice(list(words["surnames"]))
    first = rng.choice(words["first_names"][gender][region])
    return first, rng.choice(words["surnames"][region])


def choose_profession(
    rng: random.Random, *, age: int, used: Counter[str] | None = None
) -> Profession:
    """A profession plausible at this age; with `used`, the less used ones are preferred
    (so that a catalogue shows every profession) and the choice is counted."""
    fitting = [p for p in vocabulary().professions if p.fits(age)]
    if used is None:
        return rng.choice(fitting)
    chosen = rng.choices(fitting, weights=[1 / (1 + used[p.fr[0]]) ** 2 for p in fitting])[0]
    used[chosen.fr[0]] += 1
    return chosen


def pick_profession(rng: random.Random, *, gender: str, age: int | None = None) -> str:
    """A profession in French, agreeing with gender; plausible at `age` when given."""
    profession = rng.choice(vocabulary().professions) if age is None else choose_profession(rng, age=age)
    return profession.french(gender)


def search_range(rng: random.Random, *, age: int, gender: str) -> tuple[int, int]:
    """The ages a person of this age accepts: consistent with their own age."""
    younger, older = (rng.randint(2, 12), rng.randint(0, 5)) if gender == "male" else (
        rng.randint(0, 5), rng.randint(3, 12))
    low = max(18, age - younger)
    return low, max(low + 2, min(80, age + older))


@dataclass(frozen=True)
class Person:
    """What a description may talk about; unknown fields (None) leave their sentences out."""

    gender: str
    city: str
    age: int | None = None
    profession: Profession | None = None
    religion: str | None = None
    children: int | None = None
    origin: str | None = None  # the region the family names come from

    @property
    def feminine(self) -> bool:
        return self.gender == "female"

    @property
    def kind(self) -> str:
        return self.profession.kind if self.profession else "unknown"

    @property
    def region(self) -> str | None:
        return vocabulary().city_region.get(self.city)


@dataclass(frozen=True)
class Description:
    short: str
    long: str
    short_en: str
    long_en: str
    hobbies: str  # the French hobbies as the profiles table stores them
    hobby_list: tuple[Hobby, ...] = ()


@dataclass
class _Draft:
    """One person's choices while their description is written."""

    person: Person
    traits: tuple[Trait, ...]
    hobbies: tuple[Hobby, ...]
    fr: dict[str, str]
    en: dict[str, str]
    tags: set[str] = field(default_factory=set)

    def fits(self, template: Template) -> bool:
        if not (template.fields_fr <= self.fr.keys() and template.fields_en <= self.en.keys()):
            return False
        return all(self._condition(key, want) for key, want in template.when.items())

    def _condition(self, key: str, want: Any) -> bool:
        p = self.person
        if key == "kind":
            return p.kind in want
        if key == "gender":
            return p.gender == want
        if key in ("kids", "kids_min", "kids_max"):
            if p.children is None:
                return False
            return {"kids": (p.children > 0) == want, "kids_min": p.children >= want,
                    "kids_max": p.children <= want}[key]
        if key == "faith":
            return p.religion is not None and (p.religion != NO_RELIGION) == want
        if key == "religion":
            return p.religion in want
        if key in ("age_min", "age_max"):
            return p.age is not None and (p.age >= want if key == "age_min" else p.age <= want)
        if key == "region":
            return p.region in want
        if key in ("local", "diaspora", "african"):
            if p.origin is None:
                return False
            value = {"local": p.origin == p.region,
                     "diaspora": p.origin in AFRICA and p.region not in AFRICA,
                     "african": p.origin in AFRICA}[key]
            return value == want
        if key == "hobby":
            return any(h.fr == want for h in self.hobbies)
        if key in ("not_h1", "not_h2"):
            position = int(key[-1]) - 1
            return len(self.hobbies) > position and self.hobbies[position].fr not in want
        if key == "no_traits":
            return not any(t.masculine in want for t in self.traits)
        raise ValueError(f"unknown condition {key!r}")

    def render(self, template: Template) -> tuple[str, str]:
        feminine = self.person.feminine
        return (gendered(template.fr, feminine=feminine).format_map(self.fr),
                gendered(template.en, feminine=feminine).format_map(self.en))


def _values(rng: random.Random, person: Person, traits: tuple[Trait, ...],
            hobbies: tuple[Hobby, ...]) -> tuple[dict[str, str], dict[str, str]]:
    """The placeholders of both languages (only those this person has)."""
    words = vocabulary()
    fr: dict[str, str] = {}
    en: dict[str, str] = {}
    # t1..t4: the person's traits; p1, p2: what they wish for in a partner (of the other gender).
    names = [f"t{n}" for n in range(1, len(traits) - 1)] + ["p1", "p2"]
    for name, trait in zip(names, traits, strict=True):
        feminine = person.feminine if name.startswith("t") else not person.feminine
        own = trait.feminine if feminine else trait.masculine
        big = name.upper()
        fr |= {name: own, big: upper_first(own), f"{name}_m": trait.masculine,
               f"{name}_f": trait.feminine, f"de_{name}_m": with_de(trait.masculine)}
        en |= {name: trait.en, big: upper_first(trait.en), f"a_{name}": with_article(trait.en),
               f"A_{name}": upper_first(with_article(trait.en))}
    for n, hobby in enumerate(hobbies, start=1):
        fr |= {f"h{n}": hobby.fr, f"H{n}": upper_first(hobby.fr), f"de_h{n}": de_article(hobby.fr),
               f"a_h{n}": a_article(hobby.fr)}
        en |= {f"h{n}": hobby.en, f"H{n}": upper_first(hobby.en)}
    fr |= {"city": person.city, "de_city": with_de(person.city)}
    en["city"] = words.city_en.get(person.city, person.city)
    if person.age is not None:
        fr["age"] = en["age"] = str(person.age)
        if person.age - 18 >= 2:
            fr["years_city"] = en["years_city"] = str(rng.randint(2, min(20, person.age - 18)))
    if person.profession is not None:
        job_fr = lower_first(person.profession.french(person.gender))
        job_en = lower_first(person.profession.english(person.gender))
        fr |= {"job": job_fr, "Job": upper_first(job_fr), "de_job": with_de(job_fr)}
        en |= {"job": job_en, "Job": upper_first(job_en), "a_job": with_article(job_en),
               "A_job": upper_first(with_article(job_en))}
        if person.age is not None and person.profession.kind == "work":
            span = person.age - max(20, person.profession.ages[0])
            if span >= 2:
                fr["years"] = en["years"] = str(rng.randint(2, min(30, span)))
    siblings = rng.randint(3, 8)
    fr["siblings"], en["siblings"] = FRENCH_NUMBERS[siblings], ENGLISH_NUMBERS[siblings]
    if person.children:
        count = min(person.children, len(FRENCH_NUMBERS) - 1)
        kids = f"{FRENCH_NUMBERS[count]} enfant" + ("s" if count > 1 else "")
        kids_en = f"{ENGLISH_NUMBERS[count]} child" + ("ren" if count > 1 else "")
        fr |= {"kids": kids, "de_kids": with_de(kids),
               "my_kids": f"mes {kids}" if count > 1 else "mon enfant"}
        en |= {"kids": kids_en, "kids_n": ENGLISH_NUMBERS[count],
               "my_kids": f"my {kids_en}" if count > 1 else "my child"}
    return fr, en


class DescriptionWriter:
    """Writes descriptions in French and English.

    With catalogue=True the writer remembers what it wrote: templates are dealt from
    shuffled decks (each used in turn before any comes back), no short or long
    description is written twice, and a long-description sentence appears at most
    SENTENCE_REPEATS times. Without it, every description is drawn independently.
    """

    def __init__(self, rng: random.Random, *, catalogue: bool = False) -> None:
        self.rng = rng
        self.catalogue = catalogue
        self._decks: dict[str, list[Template]] = {}
        self.shorts: set[str] = set()
        self.longs: set[str] = set()
        self.sentences: Counter[str] = Counter()

    def write(self, person: Person) -> Description:
        rng = self.rng
        words = vocabulary()
        traits = self._traits()
        hobbies = tuple(rng.sample([h for h in words.hobbies if person.religion not in h.not_for], 3))
        fr, en = _values(rng, person, traits, hobbies)
        draft = _Draft(person, traits, hobbies, fr, en)
        short_fr, short_en = self._short(draft)
        for _ in range(5):
            tags = set(draft.tags)
            pairs = self._long(draft)
            long_fr, long_en = " ".join(f for f, _ in pairs), " ".join(e for _, e in pairs)
            if not {long_fr, long_en} & self.longs:
                break
            draft.tags = tags
        if self.catalogue:
            self.shorts |= {short_fr, short_en}
            self.longs |= {long_fr, long_en}
            self.sentences.update(text for pair in pairs for text in pair)
        return Description(
            short=short_fr, long=long_fr, short_en=short_en, long_en=long_en,
            hobbies=upper_first(", ".join(h.fr for h in hobbies)), hobby_list=hobbies,
        )

    def _traits(self) -> tuple[Trait, ...]:
        words = vocabulary()
        while True:
            traits = tuple(self.rng.sample(words.traits, 6))
            names = [t.masculine for t in traits]
            if not any(frozenset((a, b)) in words.clashes for a in names for b in names if a < b):
                return traits

    def _draw(self, key: str, pool: tuple[Template, ...], draft: _Draft,
              accept: Callable[[tuple[str, str]], bool]) -> tuple[str, str] | None:
        """A fitting template of the pool (its tags unused in this description), rendered;
        in a catalogue, dealt from the pool's deck and accepted by `accept` (None when
        no fitting template is accepted)."""
        def usable(template: Template) -> bool:
            return not (template.tags & draft.tags) and draft.fits(template)

        if not self.catalogue and pool:
            # Most templates fit most people: a few random tries avoid testing them all.
            for _ in range(12):
                chosen = self.rng.choice(pool)
                if usable(chosen):
                    draft.tags |= chosen.tags
                    return draft.render(chosen)
        fitting = [t for t in pool if usable(t)]
        if not fitting:
            return None
        if not self.catalogue:
            chosen = self.rng.choice(fitting)
            draft.tags |= chosen.tags
            return draft.render(chosen)
        fitting_ids = {id(t) for t in fitting}
        deck = self._decks.setdefault(key, [])
        for refill in range(3):
            for i, template in enumerate(deck):
                if id(template) in fitting_ids:
                    pair = draft.render(template)
                    if accept(pair):
                        del deck[i]
                        draft.tags |= template.tags
                        return pair
            if refill < 2:
                fresh = list(pool)
                self.rng.shuffle(fresh)
                deck.extend(fresh)
        return None

    def _least_used(self, pool: tuple[Template, ...], draft: _Draft) -> tuple[str, str] | None:
        """When every fitting sentence is used up: the one used least so far."""
        fitting = [t for t in pool if not (t.tags & draft.tags) and draft.fits(t)]
        if not fitting:
            return None
        chosen = min(fitting, key=lambda t: max(self.sentences[text] for text in draft.render(t)))
        draft.tags |= chosen.tags
        return draft.render(chosen)

    def _short(self, draft: _Draft) -> tuple[str, str]:
        pool = vocabulary().short
        pair = self._draw("short", pool, draft, lambda pair: not (set(pair) & self.shorts))
        if pair is None:
            pair = self._least_used(pool, draft)
        assert pair is not None, "some short template fits everyone"
        return pair

    def _long(self, draft: _Draft) -> list[tuple[str, str]]:
        rng, words, person = self.rng, vocabulary(), draft.person
        middle = ["leisure"] + (["personality"] if rng.random() < 0.5 else [])
        rng.shuffle(middle)
        beliefs = []
        if person.children is not None and rng.random() < 0.5:
            beliefs.append("family")
        if person.religion is not None and rng.random() < (0.25 if person.religion == NO_RELIGION else 0.55):
            beliefs.append("faith")
        if rng.random() < (0.6 if not beliefs else 0.1):
            beliefs.append("values")
        rng.shuffle(beliefs)
        plan = ["intro", "work", *middle, *beliefs[:2], "looking"]
        if len(plan) < 7 and rng.random() < 0.4:
            plan.append("closing")
        pairs: list[tuple[str, str]] = []

        def fresh(pair: tuple[str, str]) -> bool:
            return all(self.sentences[text] < SENTENCE_REPEATS for text in pair) and pair not in pairs

        for topic in plan:
            key, pool = topic, words.long[topic]
            if topic == "intro" and rng.random() < 0.3:
                key, pool = f"city:{person.city}", words.city_lines.get(person.city, ())
            elif topic == "work" and person.profession and rng.random() < 0.5:
                key, pool = f"job:{person.profession.fr[0]}", person.profession.lines
            elif topic == "faith" and person.religion and rng.random() < 0.75:
                key, pool = f"religion:{person.religion}", words.religion_lines.get(person.religion, ())
            pair = self._draw(key, pool, draft, fresh)
            if pair is None and key != topic:
                pair = self._draw(topic, words.long[topic], draft, fresh)
            if pair is None and self.catalogue:
                pair = self._least_used(words.long[topic], draft)
            if pair is not None:
                pairs.append(pair)
        return pairs


def all_templates() -> list[Template]:
    """Every template of the vocabulary: short, long, and those of cities, jobs and religions."""
    words = vocabulary()
    found = list(words.short)
    for pool in (*words.long.values(), *words.city_lines.values(), *words.religion_lines.values()):
        found += pool
    for profession in words.professions:
        found += profession.lines
    return found


def render_template(
    template: Template, person: Person, *, traits: tuple[Trait, ...], hobbies: tuple[Hobby, ...],
    rng: random.Random | None = None,
) -> tuple[str, str] | None:
    """(French, English) of one template for this person, with these six traits (t1-t4 the
    person's, p1-p2 the partner's) and three hobbies; None when the template does not fit."""
    rng = rng or random.Random(0)
    fr, en = _values(rng, person, traits, hobbies)
    draft = _Draft(person, traits, hobbies, fr, en)
    return draft.render(template) if draft.fits(template) else None


def describe(
    rng: random.Random, *, gender: str, city: str
) -> tuple[str, str, str]:
    """(short description, long description, hobbies) in French, agreeing with gender.

    One description drawn on its own; `DescriptionWriter` writes both languages and,
    for a whole catalogue, never the same text twice.
    """
    text = DescriptionWriter(rng).write(Person(gender=gender, city=city))
    return text.short, text.long, text.hobbies


def religion_for(rng: random.Random, *, region: str) -> str:
    return str(rng.choice(word_lists()["religions"][region]))


def children_for(rng: random.Random, *, age: int) -> int:
    if age < 25:
        return rng.choices([0, 1], weights=[85, 15])[0]
    if age < 35:
        return rng.choices([0, 1, 2], weights=[55, 30, 15])[0]
    return rng.choices([0, 1, 2, 3, 4], weights=[25, 25, 28, 15, 7])[0]


def demo_code(index: int) -> str:
    """MAT-2025-001, MAT-2025-002, ..."""
    return f"MAT-2025-{index:03d}"


def catalogue_translations() -> list[tuple[str, str, str]]:
    """(French, English, category) for every profession (both genders), hobby (also as
    capitalised at the head of a row's `hobbies`) and religion of the demo catalogue."""
    words = vocabulary()
    pairs: list[tuple[str, str, str]] = []
    for profession in words.professions:
        pairs += [(profession.fr[0], profession.en[0], "profession"),
                  (profession.fr[1], profession.en[1], "profession")]
    for hobby in words.hobbies:
        pairs += [(hobby.fr, hobby.en, "hobby"), (upper_first(hobby.fr), upper_first(hobby.en), "hobby")]
    for name in dict.fromkeys(r for names in word_lists()["religions"].values() for r in names):
        pairs.append((name, words.religions_en[name], "religion"))
    return list(dict.fromkeys(pairs))


def generate_profiles(count: int = 240, *, seed: int = 2025) -> list[dict[str, Any]]:
    """The demo catalogue as rows for the profiles table (same seed, same rows), with the
    English descriptions as two extra keys (description_short_en, description_long_en)."""
    rng = random.Random(seed)
    writer = DescriptionWriter(rng, catalogue=True)
    jobs: Counter[str] = Counter()
    surname_region = vocabulary().surname_region
    rows: list[dict[str, Any]] = []
    for index in range(1, count + 1):
        gender = "female" if index % 2 else "male"
        age = min(65, max(20, int(rng.triangular(20, 65, 31))))
        place = pick_place(rng)
        first_name, surname = pick_names(rng, gender=gender, region=place.region)
        profession = choose_profession(rng, age=age, used=jobs)
        religion = religion_for(rng, region=place.region)
        children = children_for(rng, age=age)
        text = writer.write(Person(
            gender=gender, city=place.city, age=age, profession=profession, religion=religion,
            children=children, origin=surname_region.get(surname),
        ))
        age_min, age_max = search_range(rng, age=age, gender=gender)
        code = demo_code(index)
        status = "active"
        if index % 40 == 0:
            status = "married"
        elif index % 27 == 0:
            status = "inactive"
        rows.append({
            "code": code,
            "name": f"{first_name} {surname}",
            "first_name": first_name,
            "age": age,
            "gender": gender,
            "city": place.city,
            "neighborhood": place.neighborhood,
            "profession": profession.french(gender),
            "description_short": text.short,
            "description_long": text.long,
            "description_short_en": text.short_en,
            "description_long_en": text.long_en,
            "hobbies": text.hobbies,
            "religion": religion,
            "children": children,
            "search_age_min": age_min,
            "search_age_max": age_max,
            "search_city": place.city if rng.random() < 0.3 else None,
            "status": status,
            "photos": [f"{PHOTO_BASE}/{code.lower()}-{n}.jpg" for n in range(1, rng.randint(1, 3) + 1)],
        })
    return rows
