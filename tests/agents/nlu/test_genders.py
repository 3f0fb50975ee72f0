"""The member's own gender and the gender they look for."""

from __future__ import annotations

import pytest

from agents.nlu import Expecting, Gender, understand


@pytest.mark.parametrize(
    ("text", "expecting", "gender", "looking_for"),
    [
        ("je suis une femme", None, "female", None),
        ("je suis un homme", None, "male", None),
        ("chui un homme", None, "male", None),
        ("jsuis un mec", None, "male", None),
        ("jsuis une meuf", None, "female", None),
        ("I am a woman", None, "female", None),
        ("I'm a guy", None, "male", None),
        ("homme", "gender", "male", None),
        ("Femme", "gender", "female", None),
        ("une dame", "gender", "female", None),
        ("monsieur", "gender", "male", None),
        ("garçon", "gender", "male", None),
        ("garcon", "gender", "male", None),
        ("male", "gender", "male", None),
        ("female", "gender", "female", None),
        ("gentleman", "gender", "male", None),
        ("lady", "gender", "female", None),
        ("H", "gender", "male", None),
        ("F", "gender", "female", None),
        ("je cherche une femme", None, None, "female"),
        ("je recherche un homme", None, None, "male"),
        ("jcherche une meuf", None, None, "female"),
        ("une femme", "looking_for_gender", None, "female"),
        ("un homme", "looking_for_gender", None, "male"),
        ("des filles", "looking_for_gender", None, "female"),
        ("F", "looking_for_gender", None, "female"),
        ("looking for a man", None, None, "male"),
        ("interested in women", None, None, "female"),
        ("I want a girlfriend", None, None, "female"),
        ("je cherche un mari", None, None, "male"),
        ("j'ai 45 ans, je cherche une compagne", None, None, "female"),
        ("je cherche une go sérieuse", None, None, "female"),
        ("je suis intéressée par les hommes", None, None, "male"),
        ("je suis un homme qui cherche une femme", None, "male", "female"),
        ("je suis une femme à la recherche d'un homme", None, "female", "male"),
        ("homme cherche femme", None, "male", "female"),
        ("JH 28 ans cherche JF", None, "male", "female"),
        ("I'm a woman looking for a man", None, "female", "male"),
        ("je cherche une femme, moi je suis un homme", None, "male", "female"),
        # an explicit sentence wins over the expected answer
        ("je cherche une femme", "gender", None, "female"),
        ("je suis un homme", "looking_for_gender", "male", None),
    ],
)
def test_genders(
    text: str, expecting: Expecting, gender: Gender | None, looking_for: Gender | None
) -> None:
    understood = understand(text, expecting=expecting)
    assert (understood.gender, understood.looking_for_gender) == (gender, looking_for)


@pytest.mark.parametrize(
    ("text", "expecting"),
    [
        ("ma femme est décédée", None),
        ("j'ai une fille de 5 ans", None),
        ("j'ai 2 garçons", None),
        ("Bonjour madame", None),
        ("merci monsieur", None),
        ("homme ou femme", "looking_for_gender"),  # both: no single answer
        ("H", None),  # one letter only answers a gender question
        ("hommage", None),
        ("womanizer", None),
        ("humanity", None),
    ],
)
def test_no_gender(text: str, expecting: Expecting) -> None:
    understood = understand(text, expecting=expecting)
    assert (understood.gender, understood.looking_for_gender) == (None, None)
