"""The member's own age and the wanted age range."""

from __future__ import annotations

import pytest

from agents.nlu import Expecting, understand


@pytest.mark.parametrize(
    ("text", "expecting", "age"),
    [
        ("j'ai 35 ans", None, 35),
        ("jai 35ans", None, 35),
        ("J'AI 35 ANS", None, 35),
        ("35 ans", None, 35),
        ("g 30 ans", None, 30),
        ("vingt-huit ans", None, 28),
        ("j'ai quarante-cinq ans", None, 45),
        ("cinquante-deux", "age", 52),
        ("soixante et onze", "age", 71),
        ("quatre-vingt", "age", 80),
        ("thirty", "age", 30),
        ("I'm 42", None, 42),
        ("im 42", None, 42),
        ("42 years old", None, 42),
        ("42yo", None, 42),
        ("I'm forty-five", None, 45),
        ("twenty seven years old", None, 27),
        ("age: 29", None, 29),
        ("âgé de 33 ans", None, 33),
        ("my age is 50", None, 50),
        ("35", "age", 35),
        ("35 !", "age", 35),
        ("environ 40", "age", 40),
        ("Bonjour, j'ai 35 ans et je vis à Douala", None, 35),
        ("je suis un homme de 35 ans", None, 35),
        ("I'm a 35 year old man", None, 35),
        ("en fait j'ai 29 ans", None, 29),
        ("j'ai 35 ans et 2 enfants", None, 35),
        ("homme 35 ans cherche femme", None, 35),
        ("j'ai 3O ans", None, 30),
        ("Je suis veuf depuis 3 ans, j'ai 58 ans", None, 58),
        ("Slt moi c Paul 40ans dla", None, 40),
        # minors are extracted so that the bot can refuse them
        ("j'ai 16 ans", None, 16),
        ("17 ans", None, 17),
        ("dix-sept ans", None, 17),
    ],
)
def test_own_age(text: str, expecting: Expecting, age: int) -> None:
    assert understand(text, expecting=expecting).age == age


@pytest.mark.parametrize(
    ("text", "expecting"),
    [
        ("35", None),  # a bare number is an age only when the bot asked for one
        ("35", "profile_choice"),
        ("j'ai 2 enfants", None),
        ("j'ai 20 enfants", None),
        ("j'ai 30 euros", None),
        ("0612345678", "age"),
        ("06 12 34 56 78", "age"),
        ("mon numéro est 699 12 34 56", "age"),
        ("+237 699123456", "age"),
        ("j'ai 15 ans", None),
        ("j'ai 120 ans", None),
        ("5", "age"),
        ("entre 30 et 40", None),
        ("entre 30 et 40 ans", "age"),
        ("30-40 ans", None),
        ("je cherche une femme de 30 ans", None),
        ("il a 30 ans", None),
        ("ma fille a 18 ans", None),
        ("j'ai une fille de 18 ans", None),
        ("je suis divorcé depuis 20 ans", None),
        ("mariée pendant 25 ans", None),
        ("j'ai plus de 40 ans", None),
        ("j'ai la trentaine", None),
        ("MAT-2025-035", "age"),
        ("je travaille de 18 à 20h", None),
    ],
)
def test_not_an_own_age(text: str, expecting: Expecting) -> None:
    assert understand(text, expecting=expecting).age is None


@pytest.mark.parametrize(
    ("text", "expecting", "age_range"),
    [
        ("entre 30 et 40 ans", None, (30, 40)),
        ("entre trente et quarante ans", None, (30, 40)),
        ("de 25 à 32 ans", None, (25, 32)),
        ("33-45 ans", None, (33, 45)),
        ("33 - 45", None, (33, 45)),
        ("33 – 45 ans", None, (33, 45)),
        ("plus de 45 et moins de 60", None, (45, 60)),
        ("plus de 40", None, (40, None)),
        ("plus de 40 ans", "age_range", (40, None)),
        ("40 ans et plus", None, (40, None)),
        ("40+", None, (40, None)),
        ("au moins 30 ans", None, (30, None)),
        ("moins de 35", None, (None, 35)),
        ("pas plus de 35 ans", None, (None, 35)),
        ("pas moins de 30 ans", None, (30, None)),
        ("pas plus vieille que 40", None, (None, 40)),
        ("30 ans minimum", None, (30, None)),
        ("35 ans max", None, (None, 35)),
        ("between 35 and 45", None, (35, 45)),
        ("aged 30 to 38", None, (30, 38)),
        ("from 25 to 30", None, (25, 30)),
        ("over 50", None, (50, None)),
        ("under 40", None, (None, 40)),
        ("40-50", "age_range", (40, 50)),
        ("30 à 40", None, (30, 40)),
        ("30 a 40 ans", None, (30, 40)),
        ("la trentaine", None, (30, 39)),
        ("une femme dans la quarantaine", None, (40, 49)),
        ("in their thirties", None, (30, 39)),
        ("late 30s", None, (36, 39)),
        ("early forties", None, (40, 44)),
        ("entre 40 et 30", None, (30, 40)),
        ("between 45 and 35", None, (35, 45)),
        ("30 40", "age_range", (30, 40)),
        ("35", "age_range", (35, 35)),
        ("je cherche une femme de moins de 35 ans", None, (None, 35)),
        ("une femme de 25 à 30 ans svp", None, (25, 30)),
    ],
)
def test_age_range(
    text: str, expecting: Expecting, age_range: tuple[int | None, int | None]
) -> None:
    understood = understand(text, expecting=expecting)
    assert understood.age_range == age_range
    assert understood.age is None


@pytest.mark.parametrize(
    ("text", "age", "age_range"),
    [
        ("j'ai 35 ans et je cherche entre 30 et 40", 35, (30, 40)),
        ("j'ai 25 ans, entre 30 et 40 svp", 25, (30, 40)),
        ("je suis une femme de 30 ans, je cherche un homme de 35 à 45 ans", 30, (35, 45)),
        ("I'm 42 and looking for someone between 35 and 45", 42, (35, 45)),
        ("Homme 35 ans cherche femme 25-32 ans", 35, (25, 32)),
        ("j'ai 50 ans, je cherche une femme de plus de 45 ans", 50, (45, None)),
    ],
)
def test_own_age_and_range_together(
    text: str, age: int, age_range: tuple[int | None, int | None]
) -> None:
    understood = understand(text)
    assert (understood.age, understood.age_range) == (age, age_range)


@pytest.mark.parametrize(
    "text",
    [
        "entre 2 et 3 enfants", "de 8 à 17h", "j'ai 35 ans", "06-12-34-56", "entre 5 et 10",
        "MAT-2025-030", "je travaille de 18 à 20 heures",
    ],
)
def test_not_an_age_range(text: str) -> None:
    assert understand(text).age_range is None
