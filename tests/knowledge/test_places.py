"""knowledge/places.py: the gazetteer of cities members name, and the nearest covered ones."""

from __future__ import annotations

import pytest

from knowledge.places import distance_km, fold, is_covered, nearest, place_named, places, recognisable_names

# The demo catalogue's cities (knowledge/demo_profiles.py), as catalogue_cities() names them.
CATALOGUE = ["Yaoundé", "Douala", "Bafoussam", "Libreville", "Kinshasa", "Abidjan", "Dakar", "Lomé",
             "Cotonou", "Montréal", "Québec", "Paris", "Lyon", "Bruxelles", "Genève"]


@pytest.mark.parametrize(("raw", "folded"), [
    ("Yaoundé", "yaounde"), ("  ÉBOLOWA ", "ebolowa"), ("N'Gaoundéré", "n gaoundere"),
    ("Port-Gentil", "port gentil"), ("Douala   ville", "douala ville"), ("Genève", "geneve"),
])
def test_fold(raw: str, folded: str) -> None:
    assert fold(raw) == folded


def test_the_gazetteer_is_well_formed() -> None:
    found = places()
    assert len(found) > 300
    names = [fold(p.name) for p in found]
    assert len(names) == len(set(names)), "a city appears twice"
    for place in found:
        assert -90 <= place.lat <= 90 and -180 <= place.lon <= 180, place
        assert len(place.country) == 2 and place.country.isupper(), place
        # Aliases are written as they are matched: lower case, no accents.
        assert all(alias == alias.lower() for alias in place.aliases), place
        assert all(d == fold(d) for d in place.districts), place
    districts = [d for p in found for d in p.districts]
    assert len(districts) == len(set(districts)), "a district in two cities"
    assert not set(districts) & set(names), "a district that is a town of its own"
    for city in CATALOGUE:
        assert place_named(city) is not None, city


@pytest.mark.parametrize(("name", "city"), [
    ("Limbé", "Limbé"), ("limbe", "Limbé"), ("LIMBE", "Limbé"), ("limbe town", "Limbé"),
    ("yde", "Yaoundé"), ("Yaounde", "Yaoundé"), ("yaoundé", "Yaoundé"), ("dla", "Douala"),
    ("abj", "Abidjan"), ("babi", "Abidjan"), ("bxl", "Bruxelles"), ("mtl", "Montréal"),
    ("ouaga", "Ouagadougou"), ("Garua", "Garoua"), ("ngaoundere", "Ngaoundéré"), ("N'Gaoundéré", "Ngaoundéré"),
])
def test_place_named_by_name_alias_or_plain_spelling(name: str, city: str) -> None:
    place = place_named(name)
    assert place is not None
    assert place.name == city


def test_an_unknown_name_is_no_place() -> None:
    assert place_named("Atlantis") is None
    assert place_named("") is None


def test_distances_are_great_circle_km() -> None:
    douala, yaounde = place_named("Douala"), place_named("Yaoundé")
    assert douala is not None and yaounde is not None
    assert 190 < distance_km(douala, yaounde) < 215  # about 200 km as the crow flies
    assert distance_km(douala, douala) == 0
    assert distance_km(douala, yaounde) == pytest.approx(distance_km(yaounde, douala))


def test_nearest_covered_cities_to_limbe_start_with_douala() -> None:
    found = nearest("Limbé", CATALOGUE)
    assert [name for name, _ in found] == ["Douala", "Bafoussam"]
    assert 40 < found[0][1] < 70
    assert nearest("limbe", CATALOGUE, count=3)[:2] == found  # written without the accent
    assert [name for name, _ in nearest("Limbé", CATALOGUE, count=3)] == ["Douala", "Bafoussam", "Yaoundé"]


def test_nearest_to_garoua_in_the_north() -> None:
    found = nearest("Garoua", CATALOGUE, count=3)
    assert [name for name, _ in found] == ["Bafoussam", "Yaoundé", "Douala"]
    assert [km for _, km in found] == sorted(km for _, km in found)
    assert nearest("Garoua", CATALOGUE, within_km=300) == []


def test_nearest_keeps_the_catalogues_spelling_and_skips_the_city_itself() -> None:
    # A catalogue spelt without accents is answered in its own spelling.
    assert [name for name, _ in nearest("Limbé", ["douala", "Yaounde"])] == ["douala", "Yaounde"]
    assert "Douala" not in [name for name, _ in nearest("dla", CATALOGUE)]
    assert nearest("Atlantis", CATALOGUE) == []
    assert nearest("Limbé", ["Atlantis", "Douala"]) == [("Douala", nearest("Limbé", ["Douala"])[0][1])]


def test_nearest_abroad() -> None:
    assert [name for name, _ in nearest("Toulouse", CATALOGUE)] == ["Lyon", "Genève"]
    assert nearest("Ottawa", CATALOGUE, count=1)[0][0] == "Montréal"


def test_is_covered_compares_folded_names() -> None:
    assert is_covered("Douala", CATALOGUE)
    assert is_covered("DOUALA", CATALOGUE)
    assert is_covered("yaounde", CATALOGUE)
    assert is_covered(" Genève ", ["geneve"])
    assert not is_covered("Limbé", CATALOGUE)
    assert not is_covered("Garoua", CATALOGUE)
    assert not is_covered("Douala", [])


def test_recognisable_names_leave_out_ambiguous_places() -> None:
    names = dict(recognisable_names())
    assert names["Limbé"] == "Limbé"
    assert names["limbe"] == "Limbé"
    assert names["dla"] == "Douala"
    assert names["yde"] == "Yaoundé"
    assert names["Garoua"] == "Garoua"
    # Ordinary words: "nice" (English), "man" (a town in Côte d'Ivoire), "kin" (next of kin).
    for word in ("Nice", "Man", "kin", "bobo"):
        assert word not in names
    ambiguous = {p.name for p in places() if p.ambiguous}
    assert not ambiguous & set(names.values())
