"""Roles of the slots of whole messages: about the member, the person sought, or only mentioned."""

from __future__ import annotations

import pytest

from agents.nlu import Understanding, understand
from agents.nlu.corpus import Context
from agents.nlu.reader import CONTEXT_EXPECTS, GAZETTEER_NAMES, with_roles
from graph.state import Intent
from tests.agents.nlu import CITIES


def _read(text: str, intent: Intent, context: Context = "none") -> Understanding:
    """The rules' reading given an intent, as the reader does after the classifier."""
    rules = understand(text, known_cities=CITIES, expecting=CONTEXT_EXPECTS.get(context),
                       city_aliases=GAZETTEER_NAMES)
    return with_roles(rules, intent=intent, confidence=0.9, context=context)


@pytest.mark.parametrize(
    ("text", "intent", "context", "any_age", "any_city"),
    [
        # the words right after "peu importe" say what it is about, not the rest of the message
        ("je cherche quelqu'un de 30 40 ans peu importe où", "answer", "none", False, True),
        ("femme 25 ans cherche homme 30 35 peu importe la ville merci", "answer", "none", False, True),
        # ...else the nearest words before it
        ("l'âge peu importe", "answer", "none", True, False),
        ("age no matter", "answer", "none", True, False),
        ("moi je suis a babi mais la go peut etre a yakro aussi peu importe", "answer", "none", False, True),
        ("la ville m'importe pas", "answer", "asked_preferred_city", False, True),
        ("l'âge et la ville m'importent peu", "answer", "none", True, True),
        ("peu importe l'âge et la ville", "answer", "none", True, True),
        ("homme ou femme peu importe", "answer", "asked_looking_for", False, False),
        # ...else the question asked
        ("peu importe", "answer", "asked_age_range", True, False),
        ("peu importe", "answer", "asked_preferred_city", False, True),
        # no age limit said in other words; "any age" that bounds itself is a range
        ("ya pas d'age pour l'amour", "answer", "asked_age_range", True, False),
        ("Pas de limite d'âge, l'amour n'a pas d'âge", "answer", "asked_age_range", True, False),
        ("any age above 50 is fine with me", "answer", "asked_age_range", False, False),
        ("I fit take any age between 22 and 40 sha", "answer", "asked_age_range", False, False),
        # never from a message that is no answer
        ("je vais vous mettre 1 étoile partout, google, facebook", "complaint", "none", False, False),
    ],
)
def test_what_indifference_is_about(text: str, intent: Intent, context: Context, any_age: bool,
                                    any_city: bool) -> None:
    understood = _read(text, intent, context)
    assert (understood.any_age, understood.any_city) == (any_age, any_city)


@pytest.mark.parametrize(
    ("text", "intent", "stored"),
    [
        # a self-description opening a question is the member's
        ("homme 34 ans dla, mais avant tout c combien", "question",
         {"age": 34, "gender": "male", "city": "Douala"}),
        ("vous m'envoyez un homme de 62 ans moi qui en ai 30, vous vous moquez de moi", "complaint",
         {"age": 30}),
        # so is a wish said in the first person
        ("moi je suis a Paris mais je veux une femme au pays c possible?", "question",
         {"city": "Paris", "looking_for_gender": "female"}),
        ("je cherche a dla et vous me sortez que des gens de yaounde, serieux ??", "complaint",
         {"preferred_city": "Douala"}),
        # and the member's own grammar or words
        ("interessee par lui ! et c'est payant pour les femmes aussi ?", "interest", {"gender": "female"}),
        ("I'm a single dad, can I join", "question", {"gender": "male"}),
        ("je ne suis plus intéressée, arrêtez", "opt_out", {"gender": "female"}),
        # what is only named is not stored
        ("je veux savoir si les femmes sont vérifiées", "question", {}),
        ("vos bureaux sont où à Douala ?", "question", {}),
        ("where is your office", "question", {}),
        # a word listed about a shown profile describes it, not the member
        ("infirmière dans quel hôpital?", "profile_question", {}),
        ("suivante", "next_profile", {}),
        # in a wish, a gender from the member's grammar stays theirs
        ("intéressée, montrez-moi des profils", "show_profiles", {"gender": "female"}),
        ("plutôt des hommes maintenant", "change_criteria", {"looking_for_gender": "male"}),
        # a city someone else writes from is not the member's ("depuis là-bas" points back)
        ("ma cousine vit à Lyon, elle peut payer depuis là-bas ?", "question", {}),
        ("je vous écris depuis Abidjan, c'est combien ?", "question", {"city": "Abidjan"}),
        # a wanted range said again inside a complaint is still the wish
        ("pourquoi des gamines ? je vous ai dit 30 40 ans", "complaint", {"age_range": (30, 40)}),
        ("I told you 35 to 45 already, stop sending young girls", "complaint", {"age_range": (35, 45)}),
        ("les femmes de 30 40 ans sont vérifiées ?", "question", {}),
        # asking whom the agency has is no wish, even read as an answer...
        ("bonjour je vis a Lomé, y a t il des messieurs a Cotonou ?", "answer", {"city": "Lomé"}),
        ("is there any guys in Accra", "answer", {}),
        # ...unless the member asks to see them, or wishes in the first person
        ("vous avez des femmes a Dakar ? montrez les moi", "answer",
         {"looking_for_gender": "female", "preferred_city": "Dakar"}),
        ("je cherche un homme a Douala, vous avez des gens la bas ?", "answer",
         {"looking_for_gender": "male", "preferred_city": "Douala"}),
        # the member's own age in Pidgin or listed after "moi", even inside a question
        ("me I be 19, I fit register?", "question", {"age": 19}),
        ("moi 17 ans c'est bon ?", "question", {"age": 17}),
        # a reason to decline: only a range in the words of the wish is wished
        ("elle a la cinquantaine, moi je veux plus jeune", "decline_reason", {}),
        ("il a 45 ans, c'est trop, moi je veux 30 max", "decline_reason", {"age_range": (None, 30)}),
        # after a card, "a woman of God" is a reason of faith, not the gender said again
        ("she no dey pray at all, I want a woman of God", "decline_reason", {}),
        # ...but the one wished instead, described, is the gender sought ("une chrétienne", "a slim lady")
        ("Elle est musulmane, moi je veux une chrétienne", "decline_reason", {"looking_for_gender": "female"}),
        ("non je veux une catholique", "decline_reason", {"looking_for_gender": "female"}),
        ("not my type, I prefer a slim lady no offense", "decline_reason", {"looking_for_gender": "female"}),
        ("not my type sorry, I prefer tall guys", "decline_reason", {"looking_for_gender": "male"}),
        # asked as a question, the same wish is only named (the corpus stores nothing from it)
        ("je veux une adventiste, vous en avez ?", "question", {}),
        # "for the right man" names the one sought; "un client de Bruxelles" says where the member is
        ("any city, I'm ready to relocate for the right man", "answer", {"looking_for_gender": "male"}),
        ("je veux parler à un conseiller, je suis un client de Bruxelles", "human", {"gender": "male", "city": "Bruxelles"}),
        # a stay for work or this week, a trip, a return from somewhere, two homes: no city of theirs
        ("je suis a Garoua pour le travail, vous avez des gens ici ?", "question", {}),
        ("Abeg I dey travel go Cotonou next week, una get women there?", "question", {}),
        ("START, je suis revenu de Goma", "opt_in", {"gender": "male"}),
        ("je vis entre Kin et Paris, 6 mois chacun, je mets quoi comme ville ?", "question", {}),
        ("put me through to your boss. this is Pa Ngwa, I no di play", "human", {"gender": "male"}),
        # a kind of person asked about, or plural nationalities and faiths (probe 14)
        ("mbom de 60 ans accepte?", "question", {}),
        ("femmes de 50 ans acceptees?", "question", {}),
        ("chretiennes a Kisangani?", "question", {}),
        ("soirees de rencontre a Paris?", "question", {}),
        ("homme 42 ans Douala, c'est combien l'inscription ?", "question",
         {"gender": "male", "age": 42, "city": "Douala"}),
        # stored from questions in probe 13: an age that describes a group, a profile asked about,
        # a city wished before ("j'avais dit Paris" is no residence)
        ("Est-ce que les femmes de plus de 45 ans trouvent vraiment quelqu'un chez vous?", "question", {}),
        ("c'est comment, le gars la il vit a Babi ou a Yakro ?", "profile_question", {}),
        ("je suis déçue, on m'a présenté un homme qui vit à 6000 km alors que j'avais dit Paris", "complaint",
         {"gender": "female"}),
        # "my future wife" is the person sought, whatever the verb
        ("ma future épouse doit aimer voyager, c'est possible ?", "question", {"looking_for_gender": "female"}),
        # misread in the probe batches: asking about a place is no residence, anyone of an age
        # is not the member, someone else's city neither
        ("Wave ça marche depuis Dakar ?", "question", {}),
        ("je peux payer depuis Paris ?", "question", {}),
        ("un homme de 19 ans il peut s'inscrire ou bien ?", "question", {}),
        ("une femme de 60 ans peut encore s'inscrire chez vous ?", "question", {}),
        # (the woman named is no one's wish; "sûr" typed with its accent and no e is the member, a man)
        ("une femme de Douala m'a demandé mon code Orange Money, je suis sûr que c'est une arnaque", "complaint",
         {"gender": "male"}),
        ("une femme de Douala m'a demandé mon code Orange Money, je suis sur que c'est une arnaque", "complaint", {}),
        ("un monsieur à Kinshasa m'insulte depuis hier, faites quelque chose !!", "complaint", {}),
        # ...but a first sentence listing who the member is, before the question, is theirs
        ("bjr, Patrick, 41 ans, Douala. Je voulais savoir si les femmes sont vérifiées", "question",
         {"age": 41, "city": "Douala"}),
        ("Grace here, 31, Douala. Do you guarantee marriage?", "question", {"age": 31, "city": "Douala"}),
        ("je suis enseignante, 34 ans, on paie comment ?", "question", {"age": 34, "gender": "female"}),
        ("Je vis à Paris, 36 ans, vous vérifiez les hommes ?", "question", {"age": 36, "city": "Paris"}),
        ("Na Kofi be my name, I dey Accra. How much be the fee?", "question", {"city": "Accra"}),
        ("depuis Marseille je vous envoie l'argent par quel moyen", "question", {"city": "Marseille"}),
    ],
)
def test_what_is_stored(text: str, intent: Intent, stored: dict[str, object]) -> None:
    understood = _read(text, intent, "profile_shown" if intent in ("next_profile", "profile_question") else "none")
    slots = ("age", "gender", "city", "looking_for_gender", "preferred_city", "age_range")
    assert {s: getattr(understood, s) for s in slots if getattr(understood, s) is not None} == stored


@pytest.mark.parametrize(
    ("text", "intent", "gender"),
    [
        # after a card, a word listed without a verb describes the person shown...
        ("Coiffeuse ? non merci, je préfère une femme au foyer", "change_criteria", None),
        ("Commerçante... bof, montrez moi d'autres profils", "show_profiles", None),
        # ...unless it is the member's own interest, or said with a verb
        ("Intéressée, elle est où exactement ?", "interest", "female"),
        ("je suis commerçante moi aussi, plutôt quelqu'un d'autre", "change_criteria", "female"),
    ],
)
def test_gender_after_a_card(text: str, intent: Intent, gender: str | None) -> None:
    assert _read(text, intent, "profile_shown").gender == gender


@pytest.mark.parametrize(
    ("text", "intent", "inferred"),
    [
        # a gender from agreement alone is an inference, whatever gender words the wish names
        ("je suis déçue, plutôt des hommes plus âgés svp", "change_criteria", ("gender",)),
        ("divorcé, je cherche une femme calme", "answer", ("gender",)),
        # one the member names is not
        ("je suis un homme et je cherche une femme", "answer", ()),
        ("F 27 ans cherche H", "answer", ()),
    ],
)
def test_what_gender_is_inferred(text: str, intent: Intent, inferred: tuple[str, ...]) -> None:
    assert _read(text, intent).inferred == inferred


@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("bonsoir, Christelle, 27 ans, Libreville", "Christelle"),
        ("na Kemi be my name, 26, Lagos", "Kemi"),
        ("Grace here, 28, Lagos", "Grace"),
        ("Hi, Jean-Pierre here. 58. Montreal.", "Jean-Pierre"),
        ("Salam, Moustapha, 35 ans, Dakar, je cherche une épouse", "Moustapha"),
        ("Mbote! Ngai Patience, 26 ans, na Kin", "Patience"),
        ("Maman Odile", "Odile"),
        ("c'est ChatGPT derrière? je suis informaticienne, je vois bien", None),
        ("je suis Sérère", None),
        ("ok make dem call me after 6", None),
        ("my daughter's name is Sandrine, she wants to sign up, how?", None),
        ("wuna collect my money for MoMo since two weeks and nobody call me, na so wuna dey do?", None),
        ("moi c'est Jean-Pierre, divorcé, 47 ans", "Jean-Pierre"),
        ("Bonjour, je me nomme Serge", "Serge"),
        ("Nom : Thierry, age : 40", "Thierry"),
        ("Salut, Estelle ici. J'ai 29 ans", "Estelle"),
        ("my names are Emmanuel", "Emmanuel"),
        ("Quelqu'un ici parle anglais ?", None),
        ("c'est MAT-2025-017 qui m'intéresse", None),
        ("Togolaise, 28 ans", None),  # what she is, not who
        ("Homme, 47 ans, Bruxelles", None),
        ("Infirmière, 32 ans", None),
        ("Douala, 35 ans", None),  # a city, not a name
        ("Gentleman here", None),  # what he is, not who
        ("I'm Nigerian, I live in Lagos", None),
        ("I be Ghanaian o", None),
        ("C'EST INACCEPTABLE", None),  # shouted: a capital says nothing
        ("MOI C'EST ROSINE", "ROSINE"),  # ...unless the phrase is one that gives a name
        # a capitalised greeting before a listed name; a name ending like "amie"
        ("Bonsoir, Aïssatou, 26 ans, Dakar", "Aïssatou"),
        ("Nathalie, 41 ans, Yaoundé", "Nathalie"),
        ("mi name na Ebuka o", "Ebuka"),
        # ordinary words a keyboard capitalises after "c'est", "je suis"
        ("C'est Possible ?", None),
        ("je suis Fatigué de chercher", None),
        # in lower case, a first name members go by; not an ordinary word
        ("moi c aminata", "Aminata"),
        ("bsr moi c vanessa 28a dla", "Vanessa"),
        ("moi c bon merci", None),
        ("appelle-moi Jojo", "Jojo"),
        ("tu peux m'appeler Tati", "Tati"),
        ("jm'appelle Rosine", "Rosine"),
        ("moi c'est Jean Marc", "Jean-Marc"),
        ("Nom: Ebene Prénom: Carole", "Carole"),  # the given name, not the surname
        ("Ibrahim, je suis un homme", "Ibrahim"),
        ("Je suis Mme Tchoupo, 45 ans", None),  # a title, then a surname
        ("Max 45 ans", None),
        # someone else: a cleft, or "moi" after a verb
        ("c'est aicha que je veux", None),
        ("c'est Paul qui m'a parlé de vous", None),
        ("c'est Paul qui vous écrit", "Paul"),
        ("remontre moi Carine", None),
        # introductions the rules once missed
        ("Je me présente : Ornella, 26 ans", "Ornella"),
        ("je me présente je suis Paul", "Paul"),
        ("c'est moi, Brenda", "Brenda"),
        ("moi, Yannick, 33 ans", "Yannick"),
        ("Na me Tunde, I dey Accra", "Tunde"),
        ("dem dey call me Bobo", "Bobo"),
        ("kombo na ngai Fiston", "Fiston"),
        ("Nazali Gloria", "Gloria"),
        ("nazali na Kinshasa", None),
        ("maa ngi tudd Moussa", "Moussa"),
        ("Appelez-moi Maman Rose", "Rose"),  # a kinship title before the name
        ("jmapel Cyrille", "Cyrille"),
        ("Prénom Carole", "Carole"),
        # "prénom et nom" gives none
        ("je préfère pas donner mon prénom et nom", None),
        # misread in the probe split: the real name after a nickname, said first, surname first,
        # "à l'appareil", a signature, "ici" before an emoji
        ("on m'appelle Prince au quartier mais mon vrai prénom c'est Emmanuel", "Emmanuel"),
        ("tout le monde m'appelle tata Rose, mais mon prénom c'est Rosalie", "Rosalie"),
        ("Rose c'est mon prénom et j'adore les roses", "Rose"),
        ("Je suis Kamga Paul, fonctionnaire à Yaoundé", "Paul"),
        ("Je m'appelle Ngono Marie-Claire", "Marie-Claire"),
        ("Bonjour Matchbot, Prisca à l'appareil 😊", "Prisca"),
        ("Ok merci pour toutes les infos, je reviens vers vous demain. — Désiré", "Désiré"),
        ("Please how do I pay from the UK? Kind regards, Ebenezer", "Ebenezer"),
        ("Yvan ici 🙋🏿 on dit quoi?", "Yvan"),
        ("Wetin be my name for una system?", None),
        ("Parfait, merci !", None),  # a word before it is a name
        ("ok. Patience", None),  # after a full stop, only a name that is no word
        ("elle me plait bien. Merci Aïcha", None),  # thanking someone is no signature
        # the third blind probe: surnames in capitals, kinship titles, the real name after a
        # nickname, Pidgin, a signature after an emoji or with an initial
        ("je m'appelle NGO BASSA Marie-Claire", "Marie-Claire"),
        ("KOUASSI Serge, Abidjan, 40 ans", "Serge"),
        ("Alain-Serge NDZANA, commerçant a Mvog-Mbi", "Alain-Serge"),
        ("Ousmane Diallo, 37 ans, Dakar, homme", "Ousmane"),
        ("Jean-Baptiste, 33 ans, Douala", "Jean-Baptiste"),
        ("Mary Jane from Bamenda", "Mary-Jane"),
        ("C'est Tata Odile 😄", "Odile"),
        ("Tonton Jules ici, bonne année a l'equipe", "Jules"),
        ("on m'appelle Tonton Fofo au quartier mais mon vrai nom c'est Jean Paul", "Jean-Paul"),
        ("on m'appelle Mami Wata au quartier mais je suis Bernadette 🤣", "Bernadette"),
        ("c'est encore moi Hervé, vous avez trouvé quelqu'un ?", "Hervé"),
        ("na Blessing dey talk", "Blessing"),
        ("Wetin be your name sef? Mine na Tunde", "Tunde"),
        ("name's Esther. Jesus' daughter first 🙏 lol", "Esther"),
        ("merci pour tout 🙏🏾 Sylvie", "Sylvie"),
        ("Merci beaucoup. Cordialement, Eric N.", "Eric"),
        ("Mr Tchoupo ici, je veux des infos", None),  # a title, then a surname
        ("Patricia de l'agence m'a appelée hier, je veux lui reparler", None),  # the adviser
        ("c'est Matchbot ton nom ou tu as un vrai prenom ?", None),  # the assistant's
        ("her name's Grace, she is my cousin", None),
        ("c'est encore moi, START", None),  # a keyword, not a name
        ("Your adviser promised to call me on Monday. It's Friday. Nothing.", None),  # a day
        ("je suis Togolaise mais je vis à paname", None),  # where one is from, not a name
        ("je suis Françoise", "Françoise"),
    ],
)
def test_first_name(text: str, name: str | None) -> None:
    assert _read(text, "answer").name == name


@pytest.mark.parametrize(
    ("text", "intent", "name"),
    [
        ("Josiane, 32 ans, elle me plait", "interest", None),  # the shown profile's name
        ("Aminata ici, elle travaille où ?", "profile_question", None),
        ("je m'appelle Boris et elle me plait", "interest", "Boris"),  # said as a name
        ("Prisca ici, je suis intéressée par le 2ème profil", "interest", "Prisca"),  # said first, with "ici"
        ("c'est quoi son prénom et son nom de famille", "profile_question", None),  # the card's
    ],
)
def test_first_name_after_a_card(text: str, intent: Intent, name: str | None) -> None:
    assert _read(text, intent, "profile_shown").name == name


@pytest.mark.parametrize(
    ("text", "context"),
    [
        # asking whom the agency has stores nothing, whatever the bot asked, even read as an answer
        ("do you have ladies in Lagos?", "asked_preferred_city"),
        ("il y a combien de femmes à Yaoundé ?", "asked_preferred_city"),
        ("y a des gens à Genève chez vous", "asked_preferred_city"),
        ("vous avez des profils de Kinshasa ?", "asked_looking_for"),
    ],
)
def test_asking_who_is_there_stores_nothing(text: str, context: Context) -> None:
    for intent in ("answer", "show_profiles"):
        understood = _read(text, intent, context)
        assert (understood.looking_for_gender, understood.preferred_city) == (None, None), intent


def test_a_gender_said_before_asking_who_is_there_is_kept() -> None:
    understood = _read("la femme je la veux entre 25 et 35, et vous avez des musulmanes ?", "answer",
                       "asked_age_range")
    assert understood.looking_for_gender == "female"


@pytest.mark.parametrize(
    ("text", "context", "looking_for"),
    [
        # a pronoun answers "whom do you seek?"...
        ("qu'elle soit douce et croyante", "asked_looking_for", "female"),
        # ...but asked the age or city sought it is only how the member speaks of that person
        ("n'importe où tant qu'il est gentil", "asked_preferred_city", None),
        ("qu'il ait entre 30 et 40 ans", "asked_age_range", None),
    ],
)
def test_a_pronoun_answers_only_whom_they_seek(text: str, context: Context, looking_for: str | None) -> None:
    assert _read(text, "answer", context).looking_for_gender == looking_for


def test_a_first_names_ending_is_no_grammar() -> None:
    understood = _read("bonjour je suis Josiane", "answer")
    assert (understood.name, understood.gender) == ("Josiane", None)
    # the grammar still counts beside the name
    assert _read("moi c'est Jean-Pierre, divorcé, 47 ans", "answer").gender == "male"


def test_feelings_after_a_card_are_the_members() -> None:
    assert _read("trop contente !!", "interest", "profile_shown").gender == "female"


@pytest.mark.parametrize(
    ("text", "intent", "context"),
    [
        # a relative's city is nobody's answer
        ("ma femme est à Paris pour le travail", "answer", "none"),
        ("mon frère vit à Abidjan depuis 10 ans", "chitchat", "asked_city"),
        # a sentence with its own subject answers no question ("il pleut", "elle est")
        ("il pleut trop à Douala aujourd'hui", "chitchat", "asked_city"),
        # after a card, a person named with "la", "the" is one shown, not a new wish
        ("je veux la dame de Lomé", "change_criteria", "profile_shown"),
        ("I like the lady from Accra", "interest", "profile_shown"),
        ("remontrez moi la femme de Bafoussam", "view_profile", "profile_shown"),
        ("elle me plaît, la jeune femme de Kribi", "change_criteria", "profile_shown"),
        ("j'en ai marre, les femmes que vous montrez sont toutes à Yaoundé", "change_criteria", "profile_shown"),
        # the city of a person spoken of, a friend's city, a hypothesis
        ("le monsieur de Bafoussam m'a bloquée", "answer", "none"),
        ("j'ai une amie à Lomé, vous êtes là-bas ?", "answer", "none"),
        ("si je suis à Paris je paie en euros ?", "question", "none"),
    ],
)
def test_people_and_places_that_are_not_the_members(text: str, intent: Intent, context: Context) -> None:
    understood = _read(text, intent, context)
    assert (understood.city, understood.preferred_city, understood.looking_for_gender) == (None, None, None)


def test_a_short_answer_beside_a_question_is_kept() -> None:
    assert _read("Kribi si possible", "question", "asked_preferred_city").preferred_city == "Kribi"
    # joined by "mais" without a comma (the fourth blind probe)
    assert _read("entre 30 et 45 mais c quoi le prix d abord", "question", "asked_age_range").age_range == (30, 45)
    assert _read("une femme, et c'est combien ?", "question", "asked_looking_for").looking_for_gender == "female"
    # ...but not a place the question is about
    assert _read("les hommes de Yaoundé, ils sont comment ?", "question", "asked_preferred_city").preferred_city is None


def test_the_members_own_facts_inside_a_request_are_kept() -> None:
    understood = _read("je veux parler à un conseiller, je suis un homme de 50 ans", "human")
    assert (understood.gender, understood.age) == ("male", 50)


@pytest.mark.parametrize("text", [
    "homme 34 ans dla, mais avant tout c combien",  # met in `matchbot chat`: the price went unanswered
    "femme 29 ans, et comment ça marche chez vous",
    "I'm 40, based in Accra, but how much is it",
])
def test_a_question_after_an_answer_is_a_question(text: str) -> None:
    assert understand(text).question


@pytest.mark.parametrize("text", [
    # whom the agency has in a city, or what a word covers, asked (even without "?") while the
    # city sought is asked: no answer to it
    "vous avez des gens a Bafoussam",
    "vous avez qui a Kribi d'abord",
    "les hommes de Lausanne, vous en avez?",
    "quand vous dites Douala, ca inclut Bonaberi ?",
])
def test_a_question_naming_a_city_answers_no_city_question(text: str) -> None:
    understood = _read(text, "question", "asked_preferred_city")
    assert (understood.preferred_city, understood.city, understood.intent) == (None, None, "question")


@pytest.mark.parametrize(("text", "city", "preferred"), [
    # after a card the member's own city is known: a city said alone is the one wished (script 43)
    ("Abidjan", None, "Abidjan"),
    ("je suis à Abidjan", "Abidjan", None),
])
def test_a_city_said_alone_after_a_card_is_the_one_wished(text: str, city: str | None, preferred: str | None) -> None:
    understood = _read(text, "answer", "profile_shown")
    assert (understood.city, understood.preferred_city) == (city, preferred)
