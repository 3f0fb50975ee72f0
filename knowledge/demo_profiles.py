"""Deterministic demo people: names, places, jobs and French descriptions from a seed."""

from __future__ import annotations

import random
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

import yaml

DATA_DIR = Path(__file__).parent / "data"
PHOTO_BASE = "https://photos.example.com/profiles"


@cache
def word_lists() -> dict[str, Any]:
    """The vocabulary in data/demo_people.yaml (read once)."""
    with (DATA_DIR / "demo_people.yaml").open(encoding="utf-8") as handle:
        return yaml.safe_load(handle)


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


def pick_profession(rng: random.Random, *, gender: str) -> str:
    masculine, feminine = rng.choice(word_lists()["professions"])
    return str(feminine if gender == "female" else masculine)


def search_range(rng: random.Random, *, age: int, gender: str) -> tuple[int, int]:
    """The ages a person of this age accepts: consistent with their own age."""
    younger, older = (rng.randint(2, 12), rng.randint(0, 5)) if gender == "male" else (
        rng.randint(0, 5), rng.randint(3, 12))
    low = max(18, age - younger)
    return low, max(low + 2, min(80, age + older))


def describe(
    rng: random.Random, *, gender: str, city: str
) -> tuple[str, str, str]:
    """(short description, long description, hobbies) in French, agreeing with gender."""
    words = word_lists()
    feminine = gender == "female"
    traits = rng.sample(words["traits_feminine"] if feminine else words["traits"], 2)
    hobbies = rng.sample(words["hobbies"], 3)
    values = {
        "trait1": traits[0], "trait2": traits[1], "Trait1": traits[0].capitalize(),
        "hobby": hobbies[0], "city": city,
        "passionate": "passionnée" if feminine else "passionné",
        "ready": "prête" if feminine else "prêt",
    }
    short = rng.choice(words["short_templates"]).format(**values)
    sentences = rng.sample(words["long_sentences"], 3)
    long = " ".join(s.format(**values) for s in sentences)
    return short, long, ", ".join(hobbies).capitalize()


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


def generate_profiles(count: int = 240, *, seed: int = 2025) -> list[dict[str, Any]]:
    """The demo catalogue as rows for the profiles table (same seed, same rows)."""
    rng = random.Random(seed)
    rows: list[dict[str, Any]] = []
    for index in range(1, count + 1):
        gender = "female" if index % 2 else "male"
        age = min(65, max(20, int(rng.triangular(20, 65, 31))))
        place = pick_place(rng)
        first_name, surname = pick_names(rng, gender=gender, region=place.region)
        short, long, hobbies = describe(rng, gender=gender, city=place.city)
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
            "profession": pick_profession(rng, gender=gender),
            "description_short": short,
            "description_long": long,
            "hobbies": hobbies,
            "religion": religion_for(rng, region=place.region),
            "children": children_for(rng, age=age),
            "search_age_min": age_min,
            "search_age_max": age_max,
            "search_city": place.city if rng.random() < 0.3 else None,
            "status": status,
            "photos": [f"{PHOTO_BASE}/{code.lower()}-{n}.jpg" for n in range(1, rng.randint(1, 3) + 1)],
        })
    return rows
