"""Roles inside questions and remarks: what is asked stores nothing, the member's own facts
and wishes said beside a question are kept (the third and fourth blind probes)."""

from __future__ import annotations

import pytest

from agents.nlu.corpus import Context
from graph.state import Intent
from tests.agents.nlu.test_roles import _read


@pytest.mark.parametrize(
    ("text", "context"),
    [
        # where the agency is, whom it has somewhere: the place is the agency's, not the member's
        ("vous etes aussi a Garoua", "none"),
        ("babi y a du monde", "none"),
        ("vous avez qui a Kribi d'abord", "asked_preferred_city"),
        ("you people dey for Kumba?", "asked_city"),
        # a group spoken of: a remark about men, not the gender sought
        ("les hommes avec enfants ont leur chance aussi", "asked_looking_for"),
        ("les femmes de plus de 40 ans sont acceptées ?", "asked_age_range"),
    ],
)
def test_questions_read_as_answers_store_nothing(text: str, context: Context) -> None:
    understood = _read(text, "answer", context)
    stored = (understood.city, understood.preferred_city, understood.looking_for_gender, understood.age,
              understood.age_range)
    assert stored == (None, None, None, None, None), understood.mentioned


@pytest.mark.parametrize(
    ("text", "context", "stored"),
    [
        ("je suis a Thies, vous avez des femmes par ici", "none", {"city": "Thiès"}),
        ("bjr, Patrick, 41 ans, Douala. Les femmes sont vérifiées ?", "none", {"city": "Douala"}),
        ("les hommes", "asked_looking_for", {"looking_for_gender": "male"}),
        ("les femmes entre 25 et 30", "asked_looking_for", {"looking_for_gender": "female"}),
        ("Garoua", "asked_city", {"city": "Garoua"}),
    ],
)
def test_answers_beside_those_questions_are_kept(text: str, context: Context, stored: dict[str, object]) -> None:
    understood = _read(text, "answer", context)
    assert {slot: getattr(understood, slot) for slot in stored} == stored


@pytest.mark.parametrize(
    ("text", "intent", "stored"),
    [
        # the member's own facts said before a question (misread in the third blind probe)
        ("je suis un homme de 38 ans a Yaoundé, c'est combien l'inscription ?", "question",
         {"gender": "male", "age": 38, "city": "Yaoundé"}),
        ("I'm a 41 year old man in Paris, how do I pay from France?", "question",
         {"gender": "male", "age": 41, "city": "Paris"}),
        ("I'm 27, female, in Lyon. I've heard of scammers on these sites, how do you protect us?", "question",
         {"gender": "female", "age": 27, "city": "Lyon"}),
        ("chui un mec de yde, les profils sont vérifiés ?", "question", {"gender": "male", "city": "Yaoundé"}),
        ("I'm a woman in Montreal, do you have men from Cameroon here?", "question",
         {"gender": "female", "city": "Montréal"}),
        ("je suis veuve avec 3 enfants a Bafoussam, c possible de trouver qqn ?", "question",
         {"gender": "female", "city": "Bafoussam"}),
        ("As a woman living in Paris, is it safe to pay you guys with my visa card?", "question",
         {"gender": "female", "city": "Paris"}),
        ("Hello, Precious here from Accra. I want to know the price", "question", {"city": "Accra"}),
        ("I get 35 years and I dey Kumasi, una dey work for Ghana?", "question", {"age": 35}),
        ("une femme comme moi de 44 ans peut encore trouver un mari?", "question", {"age": 44}),
        # the wish said inside a question or a complaint
        ("hello I am a man of 33 looking for a wife in Kinshasa, what are your fees", "question",
         {"looking_for_gender": "female", "preferred_city": "Kinshasa"}),
        ("I dey for Buea, una fit find me woman for Douala? how much?", "question",
         {"looking_for_gender": "female", "preferred_city": "Douala"}),
        ("pourquoi que des hommes de 60 ans ?! j'ai demandé 30-40", "complaint", {"age_range": (30, 40), "age": None}),
        # ...and what is no one's: anyone with a child, a trip
        ("une femme de 30 ans qui a deja un enfant peut s'inscrire ?", "question", {"age": None, "gender": None}),
        ("je suis allée à Douala le mois passé, vous avez un bureau là-bas ?", "question", {"city": None}),
        # the member by their kinship word, inside a question
        ("papa solo de 3 enfants ca pose pb chez vous ?", "question", {"gender": "male"}),
        ("c'est le papa de Grace, est ce que je peux l'inscrire a sa place ?", "question", {"gender": "male"}),
        ("maman solo ici 👋🏾 est ce que vos membres acceptent les enfants", "question", {"gender": "female"}),
        ("Tonton Jules ici, bonne année a l'equipe", "greeting", {"gender": "male"}),
        # after a card, where the member now lives is no new wish
        ("I'm actually in Douala now, not Buea anymore", "change_criteria", {"city": "Douala", "preferred_city": None}),
    ],
)
def test_facts_said_beside_a_question(text: str, intent: Intent, stored: dict[str, object]) -> None:
    understood = _read(text, intent, "none")
    assert {slot: getattr(understood, slot) for slot in stored} == stored


@pytest.mark.parametrize(
    ("text", "intent", "decided"),
    [
        # a question after thanks or a greeting is what the bot acts on...
        ("merci ! et vous couvrez Bouaké aussi ?", "thanks", "question"),
        ("bonsoir, c'est combien l'inscription", "greeting", "question"),
        # ...not "how are you"
        ("bonjour comment allez-vous ?", "greeting", "greeting"),
        ("cc ça va ?", "greeting", "greeting"),
        ("how far? how you dey?", "greeting", "greeting"),
        ("allo ?", "greeting", "greeting"),
        ("vous êtes là ?", "greeting", "greeting"),
        ("merci beaucoup", "thanks", "thanks"),
    ],
)
def test_a_question_after_politeness_is_a_question(text: str, intent: Intent, decided: Intent) -> None:
    assert _read(text, intent).intent == decided


@pytest.mark.parametrize(
    ("text", "decided", "stored"),
    [
        # whom the agency has, for the member to see: profiles to show, and the wish kept
        ("y a des go dispo ce soir? 😏", "show_profiles", {"looking_for_gender": "female"}),
        ("Y'a des mbom serieux chez vous? montrez svp", "show_profiles", {"looking_for_gender": "male"}),
        ("Do you have anyone in Montreal for me? I'm 34", "show_profiles", {"preferred_city": "Montréal", "age": 34}),
        # ...whether the agency covers a place is a question, and stores nothing
        ("vous avez des gens à Garoua ?", "question", {"preferred_city": None}),
        ("il y a des hommes sérieux à Lomé ?", "question", {"looking_for_gender": None, "preferred_city": None}),
    ],
)
def test_asking_whom_the_agency_has_for_me(text: str, decided: Intent, stored: dict[str, object]) -> None:
    understood = _read(text, "question")
    assert understood.intent == decided
    assert {slot: getattr(understood, slot) for slot in stored} == stored


@pytest.mark.parametrize(
    ("text", "decided", "stored"),
    [
        # asking to widen the search is a change of criteria, asked as a question
        ("vous pouvez élargir à Douala ?", "change_criteria", {"preferred_city": "Douala"}),
        ("can you add Lyon too?", "change_criteria", {"preferred_city": "Lyon"}),
        # ...whether the agency itself grows is a question about its cities
        ("vous allez vous étendre à Garoua ?", "question", {"preferred_city": None}),
    ],
)
def test_asking_to_widen_the_search(text: str, decided: Intent, stored: dict[str, object]) -> None:
    understood = _read(text, "question", "profile_shown")
    assert understood.intent == decided
    assert "question" not in understood.also or decided == "question"
    assert {slot: getattr(understood, slot) for slot in stored} == stored


@pytest.mark.parametrize(
    ("text", "city"),
    [
        # where the member is from or works, said before a question, is theirs
        ("Bonjour, je suis de Thiès. Est-ce que vous avez des hommes sérieux au Sénégal ?", "Thiès"),
        ("Hello, good afternoon. I'm Ama from Accra. Do you have members in Ghana?", "Accra"),
        ("Good morning. I'm Ngozi, 30, working in Abuja. Please how does your agency work?", "Abuja"),
        # ...not an agreement, nor a visit
        ("je suis d'accord mais c'est combien à Douala ?", None),
        ("je suis de passage à Douala, c'est combien ?", None),
    ],
)
def test_where_the_member_is_from_beside_a_question(text: str, city: str | None) -> None:
    assert _read(text, "question").city == city
