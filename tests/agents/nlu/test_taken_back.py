"""What a member takes back inside a message, and what a condition does not state (the fifth
blind probe: "38, oups non 39" was read 38; "si je choisis Dakar, je paie plus cher ?" stored
Dakar as the city wanted)."""

from __future__ import annotations

import pytest

from agents.nlu.corpus import Context
from graph.state import Intent
from tests.agents.nlu.test_roles import _read


@pytest.mark.parametrize(
    ("text", "context", "stored"),
    [
        ("j'ai 38 ans, oups non 39, je confonds toujours depuis mon anniv 😂", "asked_age", {"age": 39}),
        ("entre 30 et 35... non attends mets 30 à 40", "asked_age_range", {"age_range": (30, 40)}),
        ("Douala... non en fait peu importe", "asked_preferred_city",
         {"preferred_city": None, "any_city": True}),
        ("Yaoundé, non attends, mets Douala et Yaoundé", "asked_preferred_city",
         {"preferred_city": None, "wanted_cities": ("Douala", "Yaoundé")}),
        ("homme... non pardon femme, j'avais mal lu la question", "asked_looking_for",
         {"looking_for_gender": "female"}),
        # the eighth blind probe: "euh", "non attendez", "je niaise", a "pardon" after the new value
        ("j'ai 24 ans... euh 23 pardon, mon anniv c demain", "asked_age", {"age": 23}),
        ("27 ans... en fait 28 depuis hier 😂", "asked_age", {"age": 28}),
        ("18-25 non je niaise, 30-40", "asked_age_range", {"age_range": (30, 40)}),
        ("18 à 25... euh non 20 à 28 plutôt", "asked_age_range", {"age_range": (20, 28)}),
        ("Abidjan. euh non, Yamoussoukro, c plus calme", "asked_preferred_city", {"preferred_city": "Yamoussoukro"}),
        ("Kinshasa... non attendez, Goma c mieux", "asked_preferred_city", {"preferred_city": "Goma"}),
        # nothing taken back: the marker only opens the message, or nothing is said again
        ("pardon, j'ai 32 ans", "asked_age", {"age": 32}),
        ("29... enfin 30 dans deux semaines mais bon", "asked_age", {"age": None}),
    ],
)
def test_the_last_word_counts(text: str, context: Context, stored: dict[str, object]) -> None:
    understood = _read(text, "answer", context)
    assert {slot: getattr(understood, slot) for slot in stored} == stored


@pytest.mark.parametrize(
    ("text", "intent", "context"),
    [
        ("si je choisis Dakar, je paie plus cher ?", "question", "asked_preferred_city"),
        ("pourquoi tu veux savoir si je suis une femme ?", "question", "asked_gender"),
        ("si une femme dit non, je suis remboursé ?", "question", "asked_looking_for"),
        ("si j'ai 50 ans c'est possible", "question", "asked_age"),
        ("if I'm 45 can I still join?", "question", "none"),
    ],
)
def test_a_condition_states_nothing(text: str, intent: Intent, context: Context) -> None:
    understood = _read(text, intent, context)
    assert (understood.age, understood.preferred_city, understood.looking_for_gender) == (None, None, None)
    assert understood.gender in (None, "male")  # "remboursé" is the member's own grammar


@pytest.mark.parametrize(
    ("text", "stored"),
    [
        # a concession states the fact; the grammar of a condition still shows who speaks
        ("même si j'ai 50 ans je peux m'inscrire ?", {"age": 50}),
        ("si je me suis trompée de ville je corrige comment", {"gender": "female"}),
    ],
)
def test_what_a_condition_still_shows(text: str, stored: dict[str, object]) -> None:
    understood = _read(text, "question", "none")
    assert {slot: getattr(understood, slot) for slot in stored} == stored


def test_a_chat_about_a_group_wishes_nothing() -> None:
    understood = _read("les go de babi là sont trop compliquées non 😂", "chitchat", "asked_preferred_city")
    assert (understood.looking_for_gender, understood.preferred_city) == (None, None)
    understood = _read("les go de babi là sont trop compliquées non 😂", "answer", "asked_preferred_city")
    assert (understood.looking_for_gender, understood.preferred_city) == (None, None)
