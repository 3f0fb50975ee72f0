"""The demo catalogue's texts: French grammar, variety, plausible jobs, English versions.

Fast and without a database: generate_profiles() and the templates only.
"""

from __future__ import annotations

import json
import os
import random
import re
import subprocess
import sys
from collections import Counter
from collections.abc import Iterator
from dataclasses import replace
from functools import cache
from pathlib import Path
from typing import Any

import pytest

from knowledge.demo_profiles import (
    SENTENCE_REPEATS,
    Person,
    all_templates,
    catalogue_translations,
    describe,
    generate_profiles,
    render_template,
)
from knowledge.demo_vocabulary import Hobby, Template, Trait, vocabulary, word_lists

ROOT = Path(__file__).resolve().parents[2]

# French elides these before a vowel or a silent h (de ami -> d'ami, que il -> qu'il).
ELIDING = ("de", "que", "je", "me", "te", "se", "ne", "le", "la", "ce")
VOWELS = set("aeiouàâäéèêëîïôöûüùœæ")
# Words before which French does not elide: aspirated h, some numbers.
NO_ELISION = {"huit", "onze", "oui", "hockey", "handball", "hip-hop", "haut", "hasard", "héros", "hâte"}
WORD = r"[A-Za-zÀ-ÖØ-öø-ÿœŒ][\w'’-]*"
ELISION = re.compile(rf"(?<![\w'’-])({'|'.join(ELIDING)}) ({WORD})", re.IGNORECASE)


@cache
def rows() -> list[dict[str, Any]]:
    return generate_profiles()


def french_texts() -> Iterator[tuple[dict[str, Any], str]]:
    for row in rows():
        yield row, row["description_short"]
        yield row, row["description_long"]


def sentences(text: str) -> list[str]:
    return re.split(r"(?<=[.!?])\s+(?=[A-ZÀ-Ý])", text)


def missing_elisions(text: str) -> list[str]:
    """ "de ambitieux", "que il", "la histoire": places where French needed an apostrophe."""
    found = []
    for match in ELISION.finditer(text):
        word = match.group(2).lower()
        first = word[:1]
        if any(word.startswith(w) for w in NO_ELISION):
            continue
        if first in VOWELS or first == "h":
            found.append(match.group(0))
    return found


# Agreement: the trait forms that differ between masculine and feminine.
def trait_forms() -> tuple[set[str], set[str]]:
    masculine = {t.masculine for t in vocabulary().traits if t.masculine != t.feminine}
    feminine = {t.feminine for t in vocabulary().traits if t.masculine != t.feminine}
    return masculine, feminine


def adjectives_after(text: str, lead: str) -> list[str]:
    """The trait adjectives right after `lead` ("une personne ", "quelqu'un d'"), in a
    chain joined by commas or "et (de)": "une personne douce et attentionnée" -> [douce,
    attentionnée]."""
    found = []
    for match in _chain(lead).finditer(text):
        found += re.split(JOINT, match.group(1))
    return found


JOINT = r"(?:, | et (?:de |d')?)"


@cache
def _chain(lead: str) -> re.Pattern[str]:
    forms = sorted({f for t in vocabulary().traits for f in (t.masculine, t.feminine)}, key=len, reverse=True)
    adjective = "|".join(re.escape(f) for f in forms)
    return re.compile(rf"(?<!\w){lead}((?:{adjective})(?:{JOINT}(?:{adjective}))*)(?!\w)", re.IGNORECASE)


def agreement_errors(text: str, gender: str) -> list[str]:
    masculine, feminine = trait_forms()
    errors = []
    # "une personne" always takes the feminine, whoever is described.
    errors += [f"une personne {a}" for a in adjectives_after(text, "une personne ") if a.lower() in masculine]
    # "quelqu'un de" takes the masculine, even for a woman.
    errors += [f"quelqu'un de {a}" for a in adjectives_after(text, "quelqu'un (?:de |d')")
               if a.lower() in feminine]
    # The speaker about themself, and the partner they look for.
    wrong_self = masculine if gender == "female" else feminine
    errors += [f"je suis {a}" for a in adjectives_after(text, "je suis ") if a.lower() in wrong_self]
    errors += [f"une femme {a}" for a in adjectives_after(text, "une femme ") if a.lower() in masculine]
    errors += [f"un homme {a}" for a in adjectives_after(text, "un homme ") if a.lower() in feminine]
    return errors


def english_errors(text: str) -> list[str]:
    """Wrong indefinite articles and French left in an English text."""
    errors = [m.group(0) for m in re.finditer(r"\b[Aa] ([aeio]\w*)", text)]
    errors += [m.group(0) for m in re.finditer(r"\b[Aa]n ([b-df-hj-np-tv-z]\w*)", text)
               if not m.group(1).startswith(("hon", "hour"))]
    errors += [w for w in (" je ", " et ", " une ", " les ", " avec ", " qui ") if w in f" {text} "]
    return errors


def leftovers(text: str) -> list[str]:
    """Unfilled placeholders or unresolved [masculine|feminine] alternatives."""
    return re.findall(r"[{}\[\]|]", text)


# The generated catalogue ---------------------------------------------------------------

def test_french_elides_before_vowels_and_silent_h() -> None:
    assert missing_elisions("quelqu'un de ambitieux et de honnête, que il") == [
        "de ambitieux", "de honnête", "que il"]
    assert missing_elisions("une famille de huit enfants, le hockey, de Yaoundé") == []
    errors = [(row["code"], e) for row, text in french_texts() for e in missing_elisions(text)]
    assert errors == []


def test_adjectives_agree() -> None:
    assert agreement_errors("Une personne généreux. Je suis quelqu'un de généreuse.", "male") == [
        "une personne généreux", "quelqu'un de généreuse"]
    assert agreement_errors("Quelqu'un d'ambitieuse et de douce, une personne calme et patient.", "female") == [
        "une personne patient", "quelqu'un de ambitieuse", "quelqu'un de douce"]
    assert agreement_errors("Je suis prête, je suis ambitieux et douce.", "female") == ["je suis ambitieux"]
    errors = [(row["code"], e) for row, text in french_texts() for e in agreement_errors(text, row["gender"])]
    assert errors == []


def test_no_description_is_repeated() -> None:
    for key in ("description_short", "description_long", "description_short_en", "description_long_en"):
        counts = Counter(row[key] for row in rows())
        assert [text for text, n in counts.items() if n > 1] == [], key


def test_long_description_sentences_rarely_come_back() -> None:
    counts: Counter[str] = Counter()
    for row in rows():
        for key in ("description_long", "description_long_en"):
            counts.update({p for p in sentences(row[key]) if len(p) > 25})
    assert max(counts.values()) <= SENTENCE_REPEATS
    assert len(counts) > 1500  # French and English


def test_short_descriptions_fit_a_card_and_long_ones_a_profile() -> None:
    for row in rows():
        assert 20 <= len(row["description_short"]) <= 140
        assert 150 <= len(row["description_long"]) <= 900
        assert 4 <= len(sentences(row["description_long"])) <= 12


def test_every_profession_fits_the_age_and_all_are_used() -> None:
    ranges = {}
    for profession in vocabulary().professions:
        for name in profession.fr:
            ranges[name] = profession.ages
    for row in rows():
        low, high = ranges[row["profession"]]
        assert low <= row["age"] <= high, (row["code"], row["profession"], row["age"])
    used = {row["profession"] for row in rows()}
    assert [p.fr for p in vocabulary().professions if not set(p.fr) & used] == []
    # Plausibility of the ranges themselves.
    assert ranges["Étudiant en master"][1] <= 30 and ranges["Professeur d'université"][0] >= 30
    assert ranges["Retraité"][0] >= 55


def test_every_row_has_its_english_version() -> None:
    for row in rows():
        for key in ("description_short_en", "description_long_en"):
            assert row[key].strip(), (row["code"], key)
            assert english_errors(row[key]) == [], (row["code"], row[key])
        for key in ("description_short", "description_long", "description_short_en", "description_long_en"):
            assert leftovers(row[key]) == [], (row["code"], row[key])
        # The same sentences in both languages (same templates, same order).
        assert len(sentences(row["description_long"])) == len(sentences(row["description_long_en"]))


def test_catalogue_translations_cover_every_value_in_rows() -> None:
    pairs = catalogue_translations()
    assert all(fr.strip() and en.strip() for fr, en, _ in pairs)
    assert {category for _, _, category in pairs} == {"profession", "hobby", "religion"}
    known: dict[str, dict[str, str]] = {}
    for fr, en, category in pairs:
        assert known.setdefault(category, {}).setdefault(fr, en) == en, f"two translations of {fr}"
    for row in rows():
        assert row["profession"] in known["profession"]
        assert row["religion"] in known["religion"]
        for hobby in row["hobbies"].split(", "):
            assert hobby in known["hobby"], hobby
    assert known["hobby"]["La lecture"] == "Reading" and known["hobby"]["la lecture"] == "reading"
    assert known["profession"]["Couturière"] == "Dressmaker"
    assert known["religion"]["Sans religion"] == "No religion"
    for profession in vocabulary().professions:
        assert set(profession.fr) <= known["profession"].keys()
    for hobby in word_lists()["hobbies"]:
        assert hobby in known["hobby"]


def test_descriptions_agree_with_the_row() -> None:
    """Faith, children, age and kind of job as the row says, in both languages."""
    numbers = {"un": 1, "deux": 2, "trois": 3, "quatre": 4}
    for row in rows():
        fr = f"{row['description_short']} {row['description_long']}"
        en = f"{row['description_short_en']} {row['description_long_en']}"
        if row["religion"] == "Sans religion":
            assert "Dieu" not in fr and "God" not in en and "messe" not in fr, row["code"]
        if row["children"] == 0:
            assert not re.search(r"(?:papa|maman) d|petits-enfants|Mes enfants (?:sont|passent)", fr), row["code"]
        for count in re.findall(r"(?:papa|maman) (?:d'|de )(\w+) enfant", fr):
            assert numbers[count] == row["children"], row["code"]
        for age in re.findall(r"(?:J'ai|À|de|^) ?(\d+) ans(?! d'expérience)", fr):
            assert int(age) == row["age"], (row["code"], age)
        for years in re.findall(r"(\d+) ans d'expérience|depuis (\d+) ans", fr):
            assert int("".join(years)) <= row["age"] - 18, row["code"]
        if row["profession"].startswith(("Étudiant", "Retraité")):
            assert "Mon travail" not in fr and "Professionnellement" not in fr, row["code"]


def test_descriptions_never_name_the_surname() -> None:
    for row in rows():
        surname = row["name"].split(" ", 1)[1]
        for key in ("description_short", "description_long"):
            assert surname not in row[key], (row["code"], surname)


def test_what_was_kept() -> None:
    """Codes, gender alternation, statuses, key set, search ranges, photos."""
    keys = {"code", "name", "first_name", "age", "gender", "city", "neighborhood", "profession",
            "description_short", "description_long", "description_short_en", "description_long_en",
            "hobbies", "religion", "children", "search_age_min", "search_age_max", "search_city",
            "status", "photos"}
    for index, row in enumerate(rows(), start=1):
        assert set(row) == keys
        assert row["code"] == f"MAT-2025-{index:03d}"
        assert row["gender"] == ("female" if index % 2 else "male")
        expected = "married" if index % 40 == 0 else "inactive" if index % 27 == 0 else "active"
        assert row["status"] == expected
        assert row["search_age_min"] <= row["age"] + 5 and row["search_age_max"] >= row["age"] - 5
        assert 1 <= len(row["photos"]) <= 3
    assert len(rows()) == 240
    cities = Counter(row["city"] for row in rows())
    assert cities["Douala"] + cities["Yaoundé"] > cities["Paris"] + cities["Montréal"] + cities["Genève"]


def test_same_seed_same_rows_in_any_process() -> None:
    """No set or hash order leaks into the choices: another interpreter, another hash seed."""
    assert generate_profiles(30, seed=7) == generate_profiles(30, seed=7)
    assert generate_profiles(30, seed=7) != generate_profiles(30, seed=8)
    script = ("import json; from knowledge.demo_profiles import generate_profiles; "
              "print(json.dumps(generate_profiles(), ensure_ascii=False))")
    env = {**os.environ, "PYTHONHASHSEED": "12345"}
    out = subprocess.run([sys.executable, "-c", script], cwd=ROOT, env=env, capture_output=True,
                         text=True, check=True).stdout
    assert json.loads(out) == rows()


def test_describe_still_serves_the_okcupid_bench() -> None:
    """bench/okcupid.py: describe(rng, gender=, city=) -> (short, long, hobbies), French."""
    first = [describe(random.Random(3), gender=g, city=c) for g in ("male", "female")
             for c in ("Douala", "Paris")]
    assert first == [describe(random.Random(3), gender=g, city=c) for g in ("male", "female")
                     for c in ("Douala", "Paris")]
    rng = random.Random(5)
    for n in range(300):
        gender = "female" if n % 2 else "male"
        short, long, hobbies = describe(rng, gender=gender, city="Abidjan")
        assert short and long.split(". ")[0] and len(hobbies.split(", ")) == 3
        assert missing_elisions(short + " " + long) == []
        assert agreement_errors(short + " " + long, gender) == []
        assert leftovers(short + long) == []


# Every template, both genders, every trait, hobby and job ------------------------------

@cache
def people() -> list[Person]:
    """A spread of people: each gender, kind of job, number of children, faith, age, origin."""
    words = vocabulary()
    rng = random.Random(0)
    cities = list(words.city_region)
    religions = list(words.religions_en)
    found = []
    for profession in words.professions:
        for children in (0, 1, 3):
            for gender in ("male", "female"):
                found.append(Person(
                    gender=gender, city=rng.choice(cities), age=rng.randint(*profession.ages),
                    profession=profession, religion=rng.choice(religions), children=children,
                    origin=rng.choice(["central", "west", "canada", "europe"]),
                ))
    rng.shuffle(found)
    # The same people again, with nothing but gender and city known (bench/okcupid.py).
    found += [Person(gender=p.gender, city=p.city) for p in found[:20]]
    return found


def rotated(template: Template, r: int) -> tuple[tuple[Trait, ...], tuple[Hobby, ...]]:
    """Traits and hobbies so that, as r goes round, each fills each slot; hobbies
    include the one the template asks for and not those it refuses."""
    words = vocabulary()
    excluded = set(template.when.get("no_traits", ()))
    traits_ok = [t for t in words.traits if t.masculine not in excluded]
    traits = tuple(traits_ok[(r + 5 * s) % len(traits_ok)] for s in range(6))
    hobbies = [words.hobbies[(r + 9 * s) % len(words.hobbies)] for s in range(3)]
    wanted = template.when.get("hobby")
    if wanted and wanted not in [h.fr for h in hobbies]:
        hobbies[1] = next(h for h in words.hobbies if h.fr == wanted)
    for slot, key in enumerate(("not_h1", "not_h2")):
        if hobbies[slot].fr in template.when.get(key, ()):
            hobbies[slot] = next(h for h in words.hobbies
                                 if h not in hobbies and h.fr not in template.when[key])
    return traits, tuple(hobbies)


def renderings(template: Template) -> Iterator[tuple[Person, str, str]]:
    words = vocabulary()
    crowd = people()
    for gender in ("male", "female"):
        traits, hobbies = rotated(template, 0)
        fitting = []
        for person in crowd:
            if person.gender == gender and render_template(template, person, traits=traits, hobbies=hobbies):
                fitting.append(person)
                if len(fitting) == 8:
                    break
        if not fitting:
            continue
        for r in range(len(words.traits)):
            person = fitting[r % len(fitting)]
            traits, hobbies = rotated(template, r)
            text = render_template(template, person, traits=traits, hobbies=hobbies)
            if text:
                yield person, *text
        if "job" in template.fr or "Job" in template.fr:
            for profession in words.professions:
                if profession.kind not in template.when.get("kind", (profession.kind,)):
                    continue
                for person in fitting:
                    text = render_template(template, replace(person, profession=profession),
                                           traits=traits, hobbies=hobbies)
                    if text:
                        yield person, *text
                        break


@pytest.mark.parametrize("kind", ["short", "long", "lines"])
def test_every_template_in_both_genders_with_every_word(kind: str) -> None:
    words = vocabulary()
    templates = {"short": list(words.short),
                 "long": [t for pool in words.long.values() for t in pool]}.get(kind)
    if templates is None:
        templates = [t for t in all_templates() if t not in words.short
                     and not any(t in pool for pool in words.long.values())]
    errors = []
    for template in templates:
        seen = 0
        for person, fr, en in renderings(template):
            seen += 1
            problems = (missing_elisions(fr) + agreement_errors(fr, person.gender) + leftovers(fr)
                        + english_errors(en) + leftovers(en))
            if fr[:1].islower() or en[:1].islower() or fr[-1] not in ".!?" or en[-1] not in ".!?":
                problems.append("capital or final punctuation")
            if problems:
                errors.append((fr, en, problems))
        assert seen, f"no one fits {template.fr!r}"
    assert errors == []


def test_templates_only_use_known_placeholders() -> None:
    words = vocabulary()
    person = Person(gender="female", city="Douala", age=40, profession=words.professions[0],
                    religion="Catholique", children=2, origin="central")
    traits, hobbies = rotated(words.short[0], 0)
    from knowledge.demo_profiles import _values  # the placeholders a full person has

    fr, en = _values(random.Random(0), person, traits, hobbies)
    for template in all_templates():
        assert template.fields_fr <= fr.keys(), template.fr
        assert template.fields_en <= en.keys(), template.en
