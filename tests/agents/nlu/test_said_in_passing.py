"""What the seventh blind probe found the rules missing: the member's facts said in passing
inside a message about something else ("unsubscribe. 29F, found someone", "I be 35yrs man for
Limbe"), feminine forms and kinship words, cities ruled out or only visited, names after
"by the way", and places that are no first names."""

from __future__ import annotations

import pytest

from agents.nlu.corpus import Context
from agents.nlu.evaluation import stored_slots
from graph.state import Intent
from tests.agents.nlu.test_roles import _read


@pytest.mark.parametrize(
    ("text", "intent", "context", "stored"),
    [
        # an age and a gender said together, inside a request
        ("unsubscribe. 29F, found someone", "opt_out", "none", {"self.age": 29, "self.gender": "female"}),
        ("How much una dey collect to connect person? I be 35yrs man for Limbe", "question", "none",
         {"self.age": 35, "self.gender": "male"}),
        ("I need to speak to someone about my payment now, I'm a 30 yr old man not a kid", "human", "none",
         {"self.age": 30, "self.gender": "male"}),
        # the member's own age, not the profile's said before it; nor the profile's said after "pour moi"
        ("57 ans ?? moi je suis une jeune femme de 29 ans hein", "decline_reason", "profile_shown",
         {"self.age": 29, "self.gender": "female"}),
        ("Madame est trop jeune pour moi, 34 ans, elle pourrait être ma fille", "decline_reason", "profile_shown", {}),
        ("j'ai 2 enfants", "answer", "none", {}),
        # feminine forms and kinship words
        ("oui je suis sûre", "yes", "asked_confirmation", {"self.gender": "female"}),
        ("ça me plait, je suis conquise 😍", "interest", "profile_shown", {"self.gender": "female"}),
        ("I'm a grandmother actually 😅", "answer", "asked_gender", {"self.gender": "female"}),
        ("Mrs. Okafor", "answer", "asked_gender", {"self.gender": "female"}),
        ("je suis une mater du quartier 😂", "answer", "asked_gender", {"self.gender": "female"}),
        ("as a brother in Christ I want a sister in Christ 🙏", "answer", "asked_looking_for",
         {"self.gender": "male", "sought.gender": "female"}),
        # cities ruled out, chosen among, only visited, or a province
        ("No be Douala abeg, Yaounde better", "answer", "asked_preferred_city", {"sought.city": "yaounde"}),
        ("ni Yaoundé ni Douala, les grandes villes c pas pour moi", "answer", "asked_preferred_city", {}),
        ("A man who isn't from Lagos lol", "answer", "asked_looking_for", {"sought.gender": "male"}),
        ("Je ne veux plus chercher à Lyon, mettez Paris à la place", "change_criteria", "none",
         {"sought.city": "paris"}),
        ("Partout sauf Kinshasa", "answer", "asked_preferred_city", {}),
        ("Any city except Lagos, too much traffic 😩", "answer", "asked_preferred_city", {}),
        ("Douala or Bamenda, any one of the two", "answer", "asked_preferred_city", {}),
        ("je vis au Québec depuis 2015", "answer", "asked_city", {}),
        ("Je suis à Québec", "answer", "asked_city", {"self.city": "quebec"}),
        ("Je suis née en 1979 à Ebolowa", "answer", "asked_age", {"self.gender": "female"}),
        ("stop pour cette semaine je suis en voyage à Dakar", "opt_out", "none", {}),
        ("je suis rentrée à Douala l'an dernier", "answer", "asked_city",
         {"self.gender": "female", "self.city": "douala"}),
        # where the member is, said with a trade, a nationality or a name
        ("I'm a nurse in Ottawa, not much free time", "question", "none", {"self.city": "ottawa"}),
        ("je suis camerounaise à Lyon, ça marche pour la diaspora ?", "question", "none",
         {"self.gender": "female", "self.city": "lyon"}),
        ("yeah hi it's Paul from Buea, delete everything you have on me", "delete_data", "none",
         {"self.city": "buea", "self.name": "paul"}),
        # names said after the fact, and places that are none
        ("Eeh how far, na Emeka dis, I dey Lagos", "question", "none", {"self.city": "lagos", "self.name": "emeka"}),
        ("cheers, that was helpful. Tom here btw", "thanks", "none", {"self.name": "tom"}),
        ("I'm a man, Kwame by the way", "answer", "asked_gender", {"self.gender": "male", "self.name": "kwame"}),
        ("I dey Yaounde now, before I be Bamenda", "answer", "asked_city", {"self.city": "yaounde"}),
    ],
)
def test_what_is_stored(text: str, intent: Intent, context: Context, stored: dict[str, object]) -> None:
    assert stored_slots(_read(text, intent, context), context=context) == stored


def test_a_city_nickname_is_no_name() -> None:
    assert _read("Paname, 93", "answer", "asked_city").name is None


@pytest.mark.parametrize("text", ["je suis dispo ce soir 20h, c'est combien ?", "rdv à 14 h 30 ça vous va ?"])
def test_an_hour_is_no_age(text: str) -> None:
    assert stored_slots(_read(text, "question", "none"), context="none") == {}
