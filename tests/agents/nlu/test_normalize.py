"""Normalisation and number words."""

from __future__ import annotations

import pytest

from agents.nlu import normalize, parse_number_words
from agents.nlu.numbers import words_to_digits


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("J’ai 35ans", "j ai 35 ans"),
        ("jai 35 ans", "j ai 35 ans"),
        ("g 30 ans", "j ai 30 ans"),
        ("chui un homme", "je suis un homme"),
        ("jsuis une meuf", "je suis une meuf"),
        ("jcherche une femme", "je cherche une femme"),
        ("Bonjourrr 😍😍", "bonjour"),
        ("ouiiii 👍", "oui ok"),
        ("slt bjr", "salut bonjour"),
        ("YAOUNDÉ", "yaounde"),
        ("33-45 ans", "33 - 45 ans"),
        ("Saint-Louis", "saint louis"),
        ("ok. et toi ?", "ok | et toi"),
        ("intéressé(e)", "interesse"),
        ("n'importe", "n importe"),
        ("I'm 42", "i m 42"),
        ("ya qlq?", "il y a quelqu un"),
        ("", ""),
        ("!!! ...", ""),
    ],
)
def test_normalize(raw: str, expected: str) -> None:
    assert normalize(raw) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("trente-cinq", 35),
        ("vingt-huit", 28),
        ("vingt et un", 21),
        ("cinquante-deux", 52),
        ("soixante et onze", 71),
        ("soixante-dix-neuf", 79),
        ("quatre-vingt", 80),
        ("quatre-vingts", 80),
        ("quatre-vingt-dix-neuf", 99),
        ("dix-huit", 18),
        ("septante-deux", 72),
        ("nonante", 90),
        ("thirty", 30),
        ("forty-two", 42),
        ("twenty one", 21),
        ("nineteen", 19),
        ("one hundred and five", 105),
        ("cent deux", 102),
        ("j'ai vingt-huit ans", 28),
        ("un homme de trente ans", 30),
        ("35", 35),
        ("un", 1),
        ("bonjour", None),
        ("", None),
    ],
)
def test_parse_number_words(text: str, expected: int | None) -> None:
    assert parse_number_words(text) == expected


@pytest.mark.parametrize(
    ("normalized", "expected"),
    [
        ("entre trente et quarante ans", "entre 30 et 40 ans"),
        ("un homme de quarante cinq ans", "un homme de 45 ans"),
        ("another one please", "another one please"),
        ("vingt et une", "21"),
    ],
)
def test_words_to_digits_keeps_articles(normalized: str, expected: str) -> None:
    assert words_to_digits(normalized) == expected
