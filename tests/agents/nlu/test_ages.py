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
        ("me I be 19, I fit register?", None, 19),
        ("na woman wey don reach 36 I be", None, 36),
        # a child's age said without its unit, after "I'm" or at the end of "j'ai ..."
        ("I'm 15 is that ok", None, 15),
        ("j'ai 14, je peux m'inscrire ?", None, 14),
        ("homme 35 ans cherche femme", None, 35),
        ("j'ai 3O ans", None, 30),
        ("Je suis veuf depuis 3 ans, j'ai 58 ans", None, 58),
        ("Slt moi c Paul 40ans dla", None, 40),
        # minors are extracted so that the bot can refuse them
        ("j'ai 16 ans", None, 16),
        ("17 ans", None, 17),
        ("dix-sept ans", None, 17),
        # ...younger children too, when they say the age with its unit
        ("j'ai 15 ans", None, 15),
        ("slt g 13ans et je veu une copine", None, 13),
        ("I am a 14 years old girl from Kumba", None, 14),
        # an age the member will have is not the one they have
        ("turning 50 in june so 49 for now", "age", 49),
        # "j'en ai N", and the age put first
        ("je vais sur 35 ans la j'en ai 34", "age", 34),
        ("vous m'envoyez un homme de 62 ans moi qui en ai 30", None, 30),
        ("c'est pas 52 c'est 25 ans que j'ai", None, 25),
        ("I'm a divorced woman of 39 living in Ottawa", None, 39),
        ("Une dame de 45 ans", "gender", 45),
        # a number listed between commas among what the member says of themself
        ("I'm a guy from Kumasi, 30", None, 30),
        ("good morning, Grace here, 28, Lagos", None, 28),
        ("Call me Kofi. 30. Accra.", None, 30),
        # a number taken back for the next, an age one is going on
        ("j'ai 36 euh 37 ans pardon", "age", 37),
        ("29 going on 30 lol", "age", 29),
        ("Hi, Jean-Pierre here. 58. Montreal.", None, 58),
        ("I'm a nurse, 30, living in Brussels", None, 30),
        # the only plausible number, when the bot asked for the age
        ("euh j'ai... 37", "age", 37),
        ("44, is there an age limit?", "age", 44),
        ("late thirties, 38 to be exact", "age", 38),
        # a correction answers the question asked before: the city was asked after the age
        ("sorry I meant 34 not 43", "city", 34),
        ("abeg no be 23 I talk, na 32", "city", 32),
        # the fourth blind probe: the member's after someone else's, a height, a number taken back
        ("ma fille a 18 ans et moi 42, ca fait vieux?? 😅", "age", 42),
        ("1m75, 29 ans, teint clair", "age", 29),
        ("pardon j'ai tapé 52 c 25 😅 les doigts", "age", 25),
        ("Lyon. Au fait tout a l heure j ai dit 26 ans mais j en ai 28", "city", 28),
    ],
)
def test_own_age(text: str, expecting: Expecting, age: int) -> None:
    assert understand(text, expecting=expecting).age == age


@pytest.mark.parametrize(
    ("text", "expecting"),
    [
        ("35", None),  # a bare number is an age only when the bot asked for one
        ("les 30 ans la sont trop jeunes", None),  # people of that age
        ("vous m'envoyez un homme de 62 ans", None),  # someone else's age
        ("la trentaine", "age"),  # not exact: the bot asks again
        ("je cherche une femme, 25, Douala", None),  # listed in the wish
        ("35", "profile_choice"),
        ("j'ai 2 enfants", None),
        ("j'ai 20 enfants", None),
        ("j'ai 30 euros", None),
        ("0612345678", "age"),
        ("06 12 34 56 78", "age"),
        ("mon numéro est 699 12 34 56", "age"),
        ("+237 699123456", "age"),
        ("j'ai 10 ans d'expérience dans la vente", None),  # a duration, even for a child's age
        ("on a 12 ans de mariage", None),
        ("j'ai 14 cousins", None),
        ("14", "age"),  # a bare number under 16 is no age
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
        # how long, not how old, even under the minimum age (no minor refused for it)
        ("j'ai été mariée 11 ans avant de divorcer", None),
        ("on a vécu 14 ans ensemble", None),
        ("j'ai plus de 40 ans", None),
        ("j'ai la trentaine", None),
        ("MAT-2025-035", "age"),
        ("je travaille de 18 à 20h", None),
        # a birth year (the third blind probe: "né en 88" was stored as 88 years old)
        ("né en 88", "age"),
        ("née en 1992 à Douala", "age"),
        ("born in 90", None),
        # an age not reached yet (as the blind writers read "bientôt 30")
        ("bientot 30", "age"),
        ("j'ai bientôt 30 ans", None),
        ("j'aurai 60 ans le 12 décembre", "age"),
        # an age that is no one's: a deadline, people counted by their age
        ("Ma daronne veut que je me marie avant 30 ans", None),
        ("Actually change it to 28-36, I've seen enough 40 year olds", None),
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
        ("pas moins de 26 ni plus de 33", "age_range", (26, 33)),
        ("autour de 38", "age_range", (38, 38)),
        ("I no want man wey don pass 40", "age_range", (None, 40)),
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
        # no one above an age is a most, not a least (the eighth blind probe)
        ("no one above 40 abeg", "age_range", (None, 40)),
        ("nothing above 40 please", "age_range", (None, 40)),
        ("make she no go pass 40 o", "age_range", (None, 40)),
        ("personne de plus de 50 ans svp", "age_range", (None, 50)),
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
        # two ages side by side, the larger second
        ("jveux une go calme 24 30 ans", None, (24, 30)),
        ("je prefere les hommes plus ages maintenant, 40 50", None, (40, 50)),
        # Pidgin connectors
        ("make she dey 25 reach 30", "age_range", (25, 30)),
        ("change am to 30 go 40", None, (30, 40)),
        ("show me some women wey don pass 30", None, (30, None)),
        ("na 40 go up I want", None, (40, None)),
        ("28 and upwards", "age_range", (28, None)),
        # bounds said another way
        ("not older than 35", "age_range", (None, 35)),
        ("au dessus de 35", "age_range", (35, None)),
        ("Baisse l'âge minimum à 20 stp", None, (20, None)),
        ("change the minimum age to 35", None, (35, None)),
        ("vas y monte l'âge max à 50", None, (None, 50)),
        ("+30", "age_range", (30, None)),
        ("not more than 40", "age_range", (None, 40)),
        ("not less than 30", "age_range", (30, None)),
        ("40 and below", "age_range", (None, 40)),
        ("plus de 45 et moins de 60", "age_range", (45, 60)),
        # decades in other words, and two of them
        ("trentenaire", "age_range", (30, 39)),
        ("les quadragénaires", "age_range", (40, 49)),
        ("dans les 30 ans", "age_range", (30, 39)),
        ("la quarantaine ou la cinquantaine", "age_range", (40, 59)),
        ("30 ans environ", "age_range", (30, 30)),
        ("pas en dessous de 25", "age_range", (25, None)),
        ("not below 30", "age_range", (30, None)),
        # a lower bound refused is an upper one (probe 13)
        ("Je veux pas une femme qui a des enfants ni une femme de plus de 30 ans", "looking_for_gender", (None, 30)),
        ("Make una no show me woman wey pass 35 again", None, (None, 35)),
        ("Je ne suis pas intéressée par les hommes de plus de 50 ans", None, (None, 50)),
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
        "MAT-2025-030", "je travaille de 18 à 20 heures", "il y a 20 30 personnes inscrites ?",
        "20 80",
    ],
)
def test_not_an_age_range(text: str) -> None:
    assert understand(text).age_range is None


def test_a_decade_answering_the_age_question_is_no_wish() -> None:
    understood = understand("la trentaine", expecting="age")
    assert (understood.age, understood.age_range) == (None, None)
