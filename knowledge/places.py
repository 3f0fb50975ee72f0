"""Where members live: a gazetteer of the cities they name (data/gazetteer.yaml) and distances.

It lets the bot recognise a city outside the catalogue ("Limbé", "Garoua", "Toulouse")
and propose the nearest cities where the agency has members.
"""

from __future__ import annotations

import math
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import yaml

GAZETTEER = Path(__file__).parent / "data" / "gazetteer.yaml"
EARTH_RADIUS_KM = 6371.0


def fold(text: str) -> str:
    """Lower case, no accents, hyphens and apostrophes as spaces: how names are compared."""
    plain = unicodedata.normalize("NFKD", text.lower())
    plain = "".join(c for c in plain if not unicodedata.combining(c))
    return " ".join(plain.replace("-", " ").replace("'", " ").split())


@dataclass(frozen=True)
class Place:
    name: str
    country: str
    lat: float
    lon: float
    aliases: tuple[str, ...] = ()
    districts: tuple[str, ...] = ()  # neighbourhoods, read as the city ("Bastos" is in Yaoundé)
    ambiguous: bool = False  # the name or an alias is also an ordinary word or a first name


@cache
def places() -> tuple[Place, ...]:
    """Every city of the gazetteer (read once)."""
    rows = yaml.safe_load(GAZETTEER.read_text(encoding="utf-8"))
    return tuple(
        Place(name=r["name"], country=r["country"], lat=float(r["lat"]), lon=float(r["lon"]),
              aliases=tuple(r.get("aliases") or ()), districts=tuple(r.get("districts") or ()),
              ambiguous=bool(r.get("ambiguous")))
        for r in rows
    )


@cache
def _index() -> dict[str, Place]:
    index: dict[str, Place] = {}
    for place in places():
        for key in (place.name, *place.aliases):
            index.setdefault(fold(key), place)
    return index


def place_named(name: str) -> Place | None:
    """The gazetteer's city for a name, alias or common spelling ("dla", "yaounde"), if any."""
    return _index().get(fold(name))


@cache
def recognisable_names() -> tuple[tuple[str, str], ...]:
    """(name or alias, city) pairs safe to recognise in free text (no ordinary words)."""
    return tuple(
        (key, place.name)
        for place in places() if not place.ambiguous
        for key in (place.name, *place.aliases)
    )


@cache
def district_names() -> tuple[tuple[str, str], ...]:
    """(district, city) pairs: "Bastos" is in Yaoundé. A city whose name is also a word
    ("Paris", a first name) still has districts that are not ("Belleville")."""
    return tuple((district, place.name) for place in places() for district in place.districts)


def distance_km(a: Place, b: Place) -> float:
    """Great-circle distance between two cities."""
    lat1, lon1, lat2, lon2 = map(math.radians, (a.lat, a.lon, b.lat, b.lon))
    h = math.sin((lat2 - lat1) / 2) ** 2 + math.cos(lat1) * math.cos(lat2) * math.sin((lon2 - lon1) / 2) ** 2
    return 2 * EARTH_RADIUS_KM * math.asin(math.sqrt(h))


def nearest(city: str, candidates: Iterable[str], *, count: int = 2,
            within_km: float = 1500.0) -> list[tuple[str, int]]:
    """The candidate cities closest to `city` (name, km), nearest first, within a distance."""
    origin = place_named(city)
    if origin is None:
        return []
    found: list[tuple[str, int]] = []
    for candidate in candidates:
        place = place_named(candidate)
        if place is None or fold(place.name) == fold(origin.name):
            continue
        km = distance_km(origin, place)
        if km <= within_km:
            found.append((candidate, round(km)))
    return sorted(found, key=lambda pair: pair[1])[:count]


def is_covered(city: str, catalogue_cities: Sequence[str]) -> bool:
    """Whether the agency has members in this city (names compared folded)."""
    folded = fold(city)
    return any(fold(c) == folded for c in catalogue_cities)
