"""The privacy guard on its own: surnames, phone numbers and e-mail addresses."""

from __future__ import annotations

import pytest

from agents.privacy import NameIndex, guard_text

NAMES = NameIndex.from_rows([
    ("Aïcha Mballa", "Aïcha"),
    ("Jean-Pierre Nkoulou Essomba", "Jean-Pierre"),
    ("Paul Petit", "Paul"),
])
AGENCY = {"237699000000"}


def guard(text: str, **kw: object) -> str:
    return guard_text(text, names=NAMES, allowed_numbers=AGENCY, **kw).text  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("text", "leak"),
    [
        ("Elle s'appelle Aïcha Mballa.", "Mballa"),
        ("Elle s'appelle AÏCHA MBALLA.", "MBALLA"),
        ("Elle s'appelle Aicha Mballa.", "Mballa"),  # accents dropped by a model
        ("Mme Mballa vous attend.", "Mballa"),
        ("Son nom de famille : Mbàlla", "Mbàlla"),
        ("Jean-Pierre Nkoulou Essomba est ingénieur.", "Essomba"),
        ("Appelez le +237 6 99 12 34 56", "99 12 34 56"),
        ("Appelez le 699123456", "699123456"),
        ("Appelez le (514) 555-0199", "555-0199"),
        ("Appelez le 00 33 6 12 34 56 78", "12 34 56 78"),
        ("Écrivez à aicha.mballa@gmail.com", "gmail.com"),
    ],
)
def test_leaks_are_masked(text: str, leak: str) -> None:
    guarded = guard(text)
    assert leak not in guarded
    assert "***" in guarded


@pytest.mark.parametrize(
    "text",
    [
        "✨ *MAT-2025-0012*\nAïcha, 29 ans — Douala (Bonapriso)",  # a code is not a phone
        "La mise en relation coûte 15 000 XAF.",
        "Un petit conseil : soyez vous-même.",  # a surname that is also a common word, lower case
        "Paul, 41 ans — Yaoundé",  # a first name on a card stays
        "Vous pouvez nous joindre au +237 699 000 000.",  # the agency's own number
        "Nous sommes ouvert de 8h à 18h, du lundi au samedi.",
    ],
)
def test_ordinary_text_is_untouched(text: str) -> None:
    assert guard(text) == text


def test_public_first_name_is_kept_even_if_it_is_someone_elses_surname() -> None:
    names = NameIndex.from_rows([("Marc Paul", "Marc")])
    text = "Paul, 41 ans — Yaoundé"
    assert guard_text(text, names=names, allowed_numbers=set(), public_first_names={"Paul"}).text == text
    assert "Paul" not in guard_text(text, names=names, allowed_numbers=set()).text


def test_the_members_own_first_name_is_kept_unless_beside_the_profiles_first_name() -> None:
    """A member called Kouassi reads their name; a profile's full name never goes out, in
    either order, whatever the member's name (decided in issue 10)."""
    names = NameIndex.from_rows([("Edwige Kouassi", "Edwige")])
    own = {"Kouassi"}
    assert guard_text("Merci Kouassi, on continue.", names=names, allowed_numbers=set(),
                      public_first_names=own).text == "Merci Kouassi, on continue."
    for leak in ("Elle s'appelle Edwige Kouassi.", "Elle s'appelle Kouassi Edwige.", "KOUASSI Edwige"):
        guarded = guard_text(leak, names=names, allowed_numbers=set(), public_first_names=own | {"Edwige"})
        assert "Kouassi" not in guarded.text and "KOUASSI" not in guarded.text, leak
        assert "name" in guarded.removed


def test_phone_numbers_go_whatever_the_public_names() -> None:
    names = NameIndex.from_rows([("Edwige Kouassi", "Edwige")])
    text = "Kouassi, son numéro est le 6 99 12 34 56 et son mail edwige@example.com"
    guarded = guard_text(text, names=names, allowed_numbers=set(), public_first_names={"Kouassi"}).text
    assert "99 12 34 56" not in guarded and "example.com" not in guarded
