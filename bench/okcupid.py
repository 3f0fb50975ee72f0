"""The OkCupid data set (59,946 real profiles) as Matchbot catalogue rows.

Ages, sexes, jobs, religions, children and relationship status come from the data;
names, cities, neighbourhoods, descriptions and search ranges are generated from a
seed (the data set has none), with the same generators as the demo catalogue.
"""

from __future__ import annotations

import csv
import html
import io
import random
import zipfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from knowledge.demo_profiles import PHOTO_BASE, describe, pick_names, pick_place, search_range

# The shared data folder beside the repository (../shared from its root), never a machine path.
DATA = Path(__file__).resolve().parents[2] / "shared" / "data" / "okcupid" / "profiles_revised.csv.zip"

JOBS = {
    "student": "Étudiant(e)", "science / tech / engineering": "Ingénieur(e)",
    "computer / hardware / software": "Informaticien(ne)", "artistic / musical / writer": "Artiste",
    "sales / marketing / biz dev": "Commercial(e)", "medicine / health": "Professionnel(le) de santé",
    "education / academia": "Enseignant(e)", "executive / management": "Cadre dirigeant(e)",
    "banking / financial / real estate": "Banquier(ère)", "entertainment / media": "Journaliste",
    "law / legal services": "Juriste", "hospitality / travel": "Hôtellerie et tourisme",
    "construction / craftsmanship": "Artisan(e) du bâtiment", "clerical / administrative": "Assistant(e) administratif(ve)",
    "political / government": "Fonctionnaire", "transportation": "Transporteur", "unemployed": "En recherche d'emploi",
    "retired": "Retraité(e)", "military": "Militaire", "rather not say": None, "other": "Autre", "": None,
}
RELIGIONS = {
    "agnosticism": "Agnostique", "atheism": "Athée", "christianity": "Chrétienne",
    "catholicism": "Catholique", "judaism": "Juive", "islam": "Musulmane", "hinduism": "Hindoue",
    "buddhism": "Bouddhiste", "other": "Autre",
}
ORIENTATIONS = ("straight", "gay", "bisexual")


def read_rows(path: Path = DATA) -> list[dict[str, str]]:
    """The CSV inside the zip, unzipped in memory."""
    with zipfile.ZipFile(path) as archive, archive.open("profiles_revised.csv") as handle:
        return list(csv.DictReader(io.TextIOWrapper(handle, encoding="utf-8")))


def children(offspring: str, rng: random.Random) -> int | None:
    text = html.unescape(offspring).replace("’", "'")
    if text.startswith("has a kid"):
        return 1
    if text.startswith("has kids"):
        return rng.choice([2, 2, 3, 4])
    if text.startswith("doesn't have"):
        return 0
    return None


def status(value: str) -> str:
    return {"married": "married", "seeing someone": "inactive"}.get(value, "active")


def to_profiles(rows: list[dict[str, str]], *, seed: int = 60_000) -> Iterator[dict[str, Any]]:
    """Catalogue rows, in data-set order, codes OKC-000001..."""
    rng = random.Random(seed)
    for number, row in enumerate(rows, start=1):
        gender = "male" if row["sex"] == "m" else "female"
        age = min(99, max(18, int(row["age"])))
        place = pick_place(rng)
        first_name, surname = pick_names(rng, gender=gender, region=place.region)
        short, long, hobbies = describe(rng, gender=gender, city=place.city)
        low, high = search_range(rng, age=age, gender=gender)
        religion = row["religion"].split(" ", 1)[0]
        code = f"OKC-{number:06d}"
        yield {
            "code": code, "name": f"{first_name} {surname}", "first_name": first_name,
            "age": age, "gender": gender, "city": place.city, "neighborhood": place.neighborhood,
            "profession": JOBS.get(row["job"], "Autre"), "description_short": short,
            # One generated sentence keeps the embedded text the length of a real profile.
            "description_long": long.split(". ")[0] + ".", "hobbies": hobbies,
            "religion": RELIGIONS.get(religion), "children": children(row["offspring"], rng),
            "search_age_min": low, "search_age_max": high, "search_city": None,
            "status": status(row["status"]), "photos": [f"{PHOTO_BASE}/{code.lower()}-1.jpg"],
            "orientation": row["orientation"] if row["orientation"] in ORIENTATIONS else "straight",
        }
