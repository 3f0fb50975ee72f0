"""Cities from the catalogue: the member's own and the wanted one."""

from __future__ import annotations

import pytest

from agents.nlu import CITY_ALIASES, Expecting, understand
from agents.nlu.cities import wants_own_city
from agents.nlu.classifier import spelled
from agents.nlu.reader import GAZETTEER_NAMES
from tests.agents.nlu import CITIES


@pytest.mark.parametrize(
    ("text", "expecting", "city", "preferred"),
    [
        ("j'habite à Douala", None, "Douala", None),
        ("je vis à montreal", None, "Montréal", None),
        ("I live in Paris", None, "Paris", None),
        ("yaounde", "city", "Yaoundé", None),
        ("YAOUNDÉ", "city", "Yaoundé", None),
        ("yaoundee", "city", "Yaoundé", None),
        ("Yaoundéé", "city", "Yaoundé", None),
        ("douala", "city", "Douala", None),
        ("Doualaaa", "city", "Douala", None),
        ("montral", "city", "Montréal", None),
        ("kinshassa", "city", "Kinshasa", None),
        ("librevile", "city", "Libreville", None),
        ("bruxelle", "city", "Bruxelles", None),
        ("geneve", "city", "Genève", None),
        ("lome", "city", "Lomé", None),
        ("quebec", "city", "Québec", None),
        ("mtl", "city", "Montréal", None),
        ("dla", "city", "Douala", None),
        ("yde", "city", "Yaoundé", None),
        ("abj", "city", "Abidjan", None),
        ("babi", "city", "Abidjan", None),
        ("kin", "city", "Kinshasa", None),
        ("Brussels", "city", "Bruxelles", None),
        ("je suis à Abidjan", None, "Abidjan", None),
        ("j'habitais à Lyon il y a 5 ans", None, "Lyon", None),
        ("Douala", "preferred_city", None, "Douala"),
        ("à Dakar", "preferred_city", None, "Dakar"),
        ("je cherche quelqu'un à Yaoundé", None, None, "Yaoundé"),
        ("dans la ville de Douala", "preferred_city", None, "Douala"),
        ("looking for a woman in Paris", None, None, "Paris"),
        ("une femme qui vit à Cotonou", "looking_for_gender", None, "Cotonou"),
        ("montrez-moi des profils à Douala", None, None, "Douala"),
        ("ya des femmes à kin ?", None, None, "Kinshasa"),
        ("j'habite à Douala et je cherche une femme à Yaoundé", None, "Douala", "Yaoundé"),
        ("je cherche un homme, j'habite à Bafoussam", None, "Bafoussam", None),
        ("I live in Paris and I'm looking for someone in Lyon", None, "Paris", "Lyon"),
        ("I was born in Douala but I live in Paris", None, "Paris", None),
        ("j'habite à Douala, je suis originaire de Bafoussam", None, "Douala", None),
        ("Je suis commerçant à Douala, divorcé, 2 enfants", None, "Douala", None),
        # a city set aside is not the wish
        ("Bon oubliez yaounde, je prefere dla maintenant", None, None, "Douala"),
        ("je veux plus douala, mettez paris", None, None, "Paris"),
        ("pas forcément à yde hein, partout c bon", None, None, None),
        # "comme moi": the member's city too
        ("je veux quelqu'un à Lyon comme moi", None, "Lyon", "Lyon"),
        # alternatives are no one answer
        ("une femme de Douala ou de Yaoundé", "looking_for_gender", None, None),
        ("montrez paris et lyon", None, None, None),
        ("je cherche à dla et vous me sortez des gens de yaounde", None, None, "Douala"),
        # the person shown, as a subject
        ("il est à Lyon et moi à dla", None, "Douala", "Lyon"),
        # a correction answers the question before: the city, not whom they seek
        ("pardon je me suis trompé c'est Yaoundé pas Douala", "looking_for_gender", "Yaoundé", None),
        ("je me trouve à Douala, je cherche un homme", None, "Douala", None),  # "se trouver": to be
        # misread in the probe split: where the member is said last, the agency's own city,
        # "la personne peut être à", a city one is tired of
        ("Trop loin Montréal, je suis à Paris", None, "Paris", None),
        ("je suis de Douala mais je vis à Yaoundé", None, "Yaoundé", None),
        ("Votre agence est à Douala mais moi je suis à Lyon, comment je fais ?", None, "Lyon", None),
        ("la personne peut être à Lyon", "preferred_city", None, "Lyon"),
        ("Yaoundé svp, j'en ai marre de Douala", "preferred_city", None, "Yaoundé"),
        # a message describing only the person sought places that person (the third blind probe)
        ("une go de 20 a 25 ans a kin", None, None, "Kinshasa"),
        ("a woman between 28 and 35 in Montreal please", None, None, "Montréal"),
        ("une go de dakar entre 22 et 28 max", None, None, "Dakar"),
        ("une femme de 30 ans a Lyon", None, "Lyon", None),  # the member introducing themself
        ("je suis a Lyon, une femme entre 25 et 30", None, "Lyon", None),
        ("I'm actually in Douala now, not Buea anymore", None, "Douala", None),
        # the member's own city wanted ("la même que moi", "là où je suis")
        ("la même que moi, je suis à Douala", "preferred_city", "Douala", "Douala"),
        ("la ou je suis, bafoussam", "preferred_city", "Bafoussam", "Bafoussam"),
        ("same city as me, Douala", "preferred_city", "Douala", "Douala"),
        ("ici chez moi a Douala, je cherche un homme serieux", None, "Douala", None),
        ("I travel a lot for work, Lagos Accra Dakar... but home is Abidjan", "city", "Abidjan", None),
        # the fifth blind probe: where the member is, said beside the city wanted
        ("ici à Douala", "preferred_city", None, "Douala"),  # the city wanted only, as the corpus reads it
        ("Bafoussam où j'habite", "preferred_city", "Bafoussam", "Bafoussam"),
        ("dla, c'est là que je vis", "preferred_city", "Douala", "Douala"),
        ("na Douala I dey, so na Douala I want", "preferred_city", "Douala", "Douala"),
        ("je suis à Yaoundé donc Yaoundé", "preferred_city", "Yaoundé", "Yaoundé"),
        ("Bafoussam, ma ville", "preferred_city", "Bafoussam", "Bafoussam"),
        # where one was born says nothing of where one lives or is wanted
        ("moi c'est Grâce, 35 ans, née à Kribi", "age", None, None),
        ("ne a garoua, grandi au village", "gender", None, None),
        ("un homme né à Yaoundé si possible", "looking_for_gender", None, None),
        ("né à Kribi, installé à Douala depuis 10 ans", "city", "Douala", None),
        # people the agency proposed are no wish; "je me présente" proposes nobody
        ("j'habite Douala je l'ai deja dit, pk vous me proposez que des gens de Lomé", "city", "Douala", None),
        ("je me présente, Serge, 38 ans de Bafoussam", None, "Bafoussam", None),
        ("why do you keep sending people from Yaoundé, I live in Douala!!", None, "Douala", None),
        # two cities said together, neither as where one lives, are wished ("plutôt Douala et Yaoundé")
        ("homme 39 yde. femme 28-36. yde ou dla", None, "Yaoundé", None),
    ],
)
def test_cities(text: str, expecting: Expecting, city: str | None, preferred: str | None) -> None:
    understood = understand(text, known_cities=CITIES, expecting=expecting)
    assert (understood.city, understood.preferred_city) == (city, preferred)


@pytest.mark.parametrize(
    ("text", "expecting", "alternatives"),
    [
        ("Toulouse, sinon Marseille", "preferred_city", ("Toulouse", "Marseille")),
        ("A tout hasard Abidjan, mais Bouaké ça me va aussi", "preferred_city", ("Abidjan", "Bouaké")),
        ("yaounde de preference mais si c douala ça va aussi", "preferred_city", ("Yaoundé", "Douala")),
        ("Je vis à Lomé. Pour la personne, Lomé ou Accra", "preferred_city", ("Lomé", "Accra")),
        ("la personne peut etre a Ngaoundéré ou Garoua", "preferred_city", ("Ngaoundéré", "Garoua")),
        # "ici": the member's own city is one of them
        ("Je suis à Montréal depuis 10 ans, je cherche quelqu'un ici ou à Québec", None, ("Montréal", "Québec")),
        # an "or" right before a city adds it, however far the first one was said
        ("je suis à Lyon mais je veux Douala, ou Yaoundé", "preferred_city", ("Douala", "Yaoundé")),
        ("na Douala I dey so na Douala I want, or Yaoundé", "preferred_city", ("Douala", "Yaoundé")),
        ("plutôt Douala et Yaoundé maintenant", None, ("Douala", "Yaoundé")),
    ],
)
def test_cities_wanted_as_alternatives(text: str, expecting: Expecting, alternatives: tuple[str, ...]) -> None:
    understood = understand(text, known_cities=CITIES, expecting=expecting, city_aliases=GAZETTEER_NAMES)
    assert (understood.preferred_city, understood.wanted_cities) == (None, alternatives)


@pytest.mark.parametrize(
    "text",
    [
        "je suis kinésithérapeute",  # "kin" only as a whole word
        "je fais un pari",  # short names tolerate no typo
        "je vais voir une montre",
        "c'est généré automatiquement",
        "j'ai un ami à New York",  # not in the catalogue
        "dlallo",
        "Pas de Douala svp",  # ruled out, not wanted
        "n'importe où sauf Lyon",
        "",
    ],
)
def test_no_city(text: str) -> None:
    understood = understand(text, known_cities=CITIES)
    assert (understood.city, understood.preferred_city) == (None, None)


def test_builtin_alias_needs_its_city_in_the_catalogue() -> None:
    assert understand("mtl", known_cities=["Douala"], expecting="city").city is None
    assert understand("Douala", expecting="city").city is None  # no catalogue, no city


def test_caller_aliases() -> None:
    aliases = {"la capitale": "Yaoundé", "ydé": "Yaoundé", "mboa": "Douala"}
    understood = understand("je vis à la capitale", known_cities=CITIES, city_aliases=aliases)
    assert understood.city == "Yaoundé"
    assert understand("mboa", known_cities=CITIES, city_aliases=aliases).city == "Douala"


def test_caller_alias_resolves_to_the_catalogue_spelling() -> None:
    understood = understand("mtl", known_cities=CITIES, city_aliases={"mtl": "montreal"})
    assert understood.city == "Montréal"


def test_multi_word_and_numbered_city_names() -> None:
    cities = ["Pointe-Noire", "Trois-Rivières", "Saint-Louis"]
    assert understand("je vis à pointe noire", known_cities=cities).city == "Pointe-Noire"
    assert understand("j'habite à trois rivieres", known_cities=cities).city == "Trois-Rivières"
    assert understand("saint louis", known_cities=cities).city == "Saint-Louis"
    assert understand("pnr", known_cities=cities).city == "Pointe-Noire"


def test_city_aliases_are_exported() -> None:
    assert CITY_ALIASES["mtl"] == "Montréal"
    assert CITY_ALIASES["dla"] == "Douala"


@pytest.mark.parametrize(("text", "own"), [
    ("la même que moi", True), ("ici", True), ("dans ma ville svp", True), ("same city as me", True),
    ("là où je suis", True), ("near me", True), ("pareil que moi", True), ("comme moi", True), ("same as me", True),
    ("quelqu un comme moi", False),
    ("peu importe", False), ("Douala", False), ("ici ou à Québec", False), ("ici c'est cher", False),
])
def test_the_members_own_city_wanted_without_naming_it(text: str, own: bool) -> None:
    assert wants_own_city(spelled(text)) is own


@pytest.mark.parametrize(("text", "city"), [
    ("Bastos, derrière l'ambassade de chine", "Yaoundé"),
    ("Ndokoti carrefour 🙏", "Douala"),
    ("cocody angré 8e tranche", "Abidjan"),
    ("I dey for Lekki", "Lagos"),
    ("Great Soppo", "Buea"),
    ("j'habite à Anderlecht", "Bruxelles"),
    ("ste-foy", "Québec"),
    ("Belleville", "Paris"),  # Paris is an ambiguous name of the gazetteer; its districts are not
])
def test_a_neighbourhood_answers_which_city(text: str, city: str) -> None:
    assert understand(text, known_cities=CITIES, expecting="city", city_aliases=GAZETTEER_NAMES).city == city


@pytest.mark.parametrize(("text", "expecting"), [
    # said anywhere but in answer to "which city?", a neighbourhood is where something happens
    ("la circulation a Ndokoti ce matin c'etait la guerre", None),
    ("je suis coiffeuse à Treichville je finis tard", None),
    ("je suis un djo de Yopougon", "gender"),
    ("27 ans et je suis a bonaberi", "age"),
    ("Bastos", "preferred_city"),
    # an interjection is no district ("ekié" is not Ekié, Yaoundé)
    ("ekié vous etes pas serieux hein", "city"),
])
def test_a_neighbourhood_said_in_passing_is_no_city(text: str, expecting: Expecting) -> None:
    read = understand(text, known_cities=CITIES, expecting=expecting, city_aliases=GAZETTEER_NAMES)
    assert (read.city, read.preferred_city) == (None, None)


@pytest.mark.parametrize(("text", "expecting", "city"), [
    # the city to write down outweighs where the member says they are
    ("je bosse a Douala en semaine mais ma maison c'est a Yaounde, donc mettez yaounde", "city", "Yaoundé"),
    ("je suis a Lome pour le travail ces temps ci mais ma base c'est Abidjan, mettez Abidjan", "city", "Abidjan"),
    # a home town said after the city, a residence given up
    ("Ebolowa c'est ma ville natale mais je vis a yde", "city", "Yaoundé"),
    ("non, je ne vis plus a Paris, je suis a Lille maintenant", None, "Lille"),
    # back home after STOP
    ("START je suis de retour a Yaounde", None, "Yaoundé"),
])
def test_which_city_is_the_members(text: str, expecting: Expecting, city: str) -> None:
    assert understand(text, known_cities=CITIES, expecting=expecting, city_aliases=GAZETTEER_NAMES).city == city


@pytest.mark.parametrize(("text", "expecting", "city", "preferred"), [
    # a name kept out of free text (also a word) is a city when it is the whole answer
    ("Rennes", "city", "Rennes", None),
    ("Tamale", "preferred_city", None, "Tamale"),
    # ...but not a gender given to the wrong question, nor two letters
    ("man", "city", None, None),
    ("Ho", "city", None, None),
])
def test_a_bare_answer_to_the_city_question(text: str, expecting: Expecting, city: str | None,
                                            preferred: str | None) -> None:
    read = understand(text, known_cities=CITIES, expecting=expecting, city_aliases=GAZETTEER_NAMES)
    assert (read.city, read.preferred_city) == (city, preferred)
