"""Whole messages through understand(): language, profile codes, combinations, properties."""

from __future__ import annotations

import time

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from agents.nlu import MAX_AGE, MIN_AGE, Expecting, Understanding, detect_language, understand
from agents.nlu.ages import MIN_STATED_AGE
from tests.agents.nlu import CITIES

EXPECTATIONS: list[Expecting] = [
    None, "age", "gender", "city", "looking_for_gender", "age_range", "preferred_city",
    "profile_choice", "confirmation",
]


@pytest.mark.parametrize(
    ("text", "language"),
    [
        ("Bonjour, je cherche une femme", "fr"),
        ("j'ai 35 ans", "fr"),
        ("slt", "fr"),
        ("bjr", "fr"),
        ("chui un mec", "fr"),
        ("jsuis à Douala", "fr"),
        ("stp", "fr"),
        ("svp", "fr"),
        ("jai 30ans", "fr"),
        ("koi", "fr"),
        ("merci bcp", "fr"),
        ("oui", "fr"),
        ("Désolé", "fr"),
        ("vous êtes où ?", "fr"),
        ("I am looking for a woman", "en"),
        ("hello", "en"),
        ("I'm 42 years old", "en"),
        ("thanks", "en"),
        ("what is the price", "en"),
        ("35", None),
        ("ok", None),
        ("STOP", None),
        ("👍", None),
        ("", None),
        ("MAT-2025-001", None),
    ],
)
def test_detect_language(text: str, language: str | None) -> None:
    assert detect_language(text) == language
    assert understand(text).language == language


@pytest.mark.parametrize(
    ("text", "codes"),
    [
        ("MAT-2025-001", ("MAT-2025-001",)),
        ("mat-2025-001", ("MAT-2025-001",)),
        ("mat 2025 001", ("MAT-2025-001",)),
        ("MAT2025001", ("MAT-2025-001",)),
        ("Mat_2025_014 svp", ("MAT-2025-014",)),
        ("je veux MAT-2025-003 et mat-2025-004", ("MAT-2025-003", "MAT-2025-004")),
        ("MAT-2025-003 ou MAT-2025-003", ("MAT-2025-003",)),
        ("le profil MAT-2024-120.", ("MAT-2024-120",)),
        ("#001", ()),
        ("référence de paiement: MP2025.1234.A5678", ()),
        ("MAT-2025", ()),
        ("en 2025 001 personnes", ()),
        ("0612345678", ()),
        ("format2025001", ()),
    ],
)
def test_profile_codes(text: str, codes: tuple[str, ...]) -> None:
    assert understand(text).profile_codes == codes


def test_first_message_with_everything() -> None:
    understood = understand(
        "Bonsoir, chui un homme de 35 ans, j'habite à Douala et je cherche une femme "
        "entre 28 et 35 ans à Yaoundé",
        known_cities=CITIES,
    )
    assert understood.greeting and understood.language == "fr"
    assert (understood.age, understood.gender, understood.city) == (35, "male", "Douala")
    assert understood.looking_for_gender == "female"
    assert (understood.age_range, understood.preferred_city) == ((28, 35), "Yaoundé")
    assert not (understood.question or understood.opt_out or understood.yes)


def test_english_first_message() -> None:
    understood = understand(
        "Hi! I'm a 42 year old woman living in Montreal, looking for a man aged 40 to 50",
        known_cities=CITIES,
    )
    assert (understood.age, understood.gender, understood.city) == (42, "female", "Montréal")
    assert (understood.looking_for_gender, understood.age_range) == ("male", (40, 50))
    assert understood.language == "en" and understood.greeting


def test_classified_ad_style() -> None:
    understood = understand("JH 28 ans dla cherche JF 20-25 ans", known_cities=CITIES)
    assert (understood.age, understood.gender, understood.city) == (28, "male", "Douala")
    assert (understood.looking_for_gender, understood.age_range) == ("female", (20, 25))


def test_correction_keeps_the_new_value() -> None:
    understood = understand("non en fait je suis à Lomé, pas à Cotonou", known_cities=CITIES)
    assert understood.correction and understood.city == "Lomé"


def test_text_is_kept_verbatim() -> None:
    assert understand("  Oui !! ").text == "  Oui !! "


@pytest.mark.parametrize("text", ["", "   ", "...", "😍😍😍", "azerty", "blabla qsdf"])
def test_is_empty(text: str) -> None:
    assert understand(text, known_cities=CITIES).is_empty()


@pytest.mark.parametrize("text", ["oui", "35 ans", "STOP", "MAT-2025-001", "Douala", "bonjour"])
def test_is_not_empty(text: str) -> None:
    assert not understand(text, known_cities=CITIES).is_empty()


def test_understanding_is_immutable() -> None:
    understood = understand("oui")
    with pytest.raises(AttributeError):
        understood.yes = False  # type: ignore[misc]
    assert isinstance(understood, Understanding)


@settings(max_examples=100, deadline=None)
@given(text=st.text(max_size=120), expecting=st.sampled_from(EXPECTATIONS))
def test_never_raises_and_ages_are_plausible(text: str, expecting: Expecting) -> None:
    understood = understand(text, known_cities=CITIES, expecting=expecting)
    assert understood.age is None or MIN_STATED_AGE <= understood.age <= MAX_AGE  # a child's, to refuse them
    if understood.age_range is not None:
        low, high = understood.age_range
        assert low is not None or high is not None
        for bound in (low, high):
            assert bound is None or MIN_AGE <= bound <= MAX_AGE
        if low is not None and high is not None:
            assert low <= high
    assert understood.city in (None, *CITIES)
    assert understood.preferred_city in (None, *CITIES)


_WORDS = st.sampled_from(
    [
        "j'ai", "ans", "entre", "et", "de", "à", "30", "40", "trente-cinq", "cherche", "femme",
        "homme", "je", "suis", "STOP", "oui", "non", "Douala", "mtl", "kin", "-", "+", "plus",
        "moins", "I'm", "years", "old", "looking", "for", "a", "man", "MAT-2025-001", "peu",
        "importe", "?", "!", ",", "99", "100", "15", "16", "soixante", "quatre", "vingt",
    ]
)


@settings(max_examples=100, deadline=None)
@given(words=st.lists(_WORDS, max_size=14), expecting=st.sampled_from(EXPECTATIONS))
def test_word_salad_stays_within_bounds(words: list[str], expecting: Expecting) -> None:
    understood = understand(" ".join(words), known_cities=CITIES, expecting=expecting)
    assert understood.age is None or MIN_STATED_AGE <= understood.age <= MAX_AGE
    assert all(code == code.upper() for code in understood.profile_codes)


@given(age=st.integers(min_value=MIN_AGE, max_value=MAX_AGE))
def test_every_valid_age_is_read(age: int) -> None:
    assert understand(f"j'ai {age} ans").age == age
    assert understand(str(age), expecting="age").age == age


@given(low=st.integers(18, 99), high=st.integers(18, 99))
def test_every_range_is_ordered(low: int, high: int) -> None:
    assert understand(f"entre {low} et {high} ans").age_range == (min(low, high), max(low, high))


def test_fast_enough() -> None:
    messages = [
        "Bonjour, j'ai 35 ans et je cherche une femme entre 30 et 40 ans à Douala",
        "oui",
        "I'm a 35 year old man looking for a woman between 30 and 40 living in Paris",
        "je suis intéressé par MAT-2025-001, comment la contacter ?",
    ]
    understand(messages[0], known_cities=CITIES)
    start = time.perf_counter()
    for _ in range(100):
        for message in messages:
            understand(message, known_cities=CITIES)
    per_message = (time.perf_counter() - start) / 400
    # A guard against pathological rules (a backtracking regex costs tens of ms), not a
    # benchmark: about 1 ms unloaded; `python -m bench understanding` measures it.
    assert per_message < 0.010
