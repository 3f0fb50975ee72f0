"""Cities of the catalogue named in a message, with accents, typos and aliases tolerated."""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from itertools import pairwise
from typing import NamedTuple

from agents.nlu.genders import SHOWN
from agents.nlu.normalize import edit_distance, fold, squeeze
from agents.nlu.numbers import read_as_rules_do
from agents.nlu.roles import Roles
from knowledge.places import district_names, place_named

# Built-in nicknames; each applies only when its city is one of the known cities.
CITY_ALIASES: Mapping[str, str] = {
    "mtl": "Montréal", "dla": "Douala", "yde": "Yaoundé", "yaounde ville": "Yaoundé",
    "abj": "Abidjan", "babi": "Abidjan", "kin": "Kinshasa", "kinshasa la belle": "Kinshasa",
    "bxl": "Bruxelles", "brussels": "Bruxelles", "brussel": "Bruxelles",
    "geneva": "Genève", "geneve": "Genève", "paname": "Paris", "dkr": "Dakar",
    "lbv": "Libreville", "pnr": "Pointe-Noire", "bzv": "Brazzaville", "ouaga": "Ouagadougou",
    "quebec city": "Québec", "ville de quebec": "Québec", "lyons": "Lyon", "cotonu": "Cotonou",
}
MAX_WORDS = 3  # longest city name or alias, in words
# Up to three words before a city that say where the member lives.
RESIDENCE = (
    r"habit\w*|vis|vit|vivant|vivais|reside\w*|demeure|installee?|bas[ee]e?|live[sd]?|living|"
    r"based|stay\w*|residing|suis (?:a|au|en|sur)|dey|i m in|i am in|"
    # "chez moi à Garoua", "home is Abidjan"
    r"chez moi(?: a| au| en)?|home is|home na|my home"
)
# Words right before a city that rule it out ("pas à Douala", "sauf Paris", "oubliez Yaoundé").
EXCLUDED = (
    r"pas|pas a|pas de|pas dans|pas en|sauf|hors|except|not|not in|anywhere but|oublie\w*|forget|"
    r"veux plus|voulons plus|no more|pas forcement(?: a| en| au| de)?|not necessarily(?: in)?|"
    r"instead of|au lieu de|plutot que|marre de|marre d|fatigue de|fatiguee de|tired of|"
    # "No be Douala abeg", "ni Yaoundé ni Douala", "a man who isn't from Lagos", "je ne veux plus
    # chercher à Lyon"
    r"no be|ni|ni a|not from|isn t from|is not from|plus chercher a|plus chercher en|"
    # "je ne vis plus à Paris", "I no dey Douala again" is said after
    r"(?:vis|habite|suis|reside) plus(?: a| au| en)?|"
    # "je vis entre Kin et Paris, six mois chacun": no one city is theirs
    r"(?:vis|vit|habite|live|lives|stay) (?:entre|between)"
)
# Where someone was born or grew up, which says nothing of where they live or are wanted ("née à
# Kribi", "un homme né à Yaoundé", "grandi au village", "originaire de Bafoussam").
_BORN = re.compile(r"\b(?:nee?s?|born|originaire|originaires|natif|native|native of|grandi|grew up|raised)"
                   r"(?: (?:et grandi|and raised))?(?: (?:a|au|en|in|at|de|d|from|of))?$")
# "née en 1979 à Ebolowa", "born on 3 May in Kumba": a date between the birth and the place.
_BORN_ON = re.compile(r"\b(?:nee?s?|born) (?:en|le|in|on|au)(?: [a-z0-9]+){1,3} (?:a|au|en|in|at)$")
# A trip, a posting or a visit: a city the member goes to, not where they live ("je suis en
# voyage à Dakar", "je pars en mission à Abidjan", "I travel to Douala next week").
_GOING_TO = re.compile(
    r"\b(?:en voyage|en mission|de passage|en vacances|en deplacement|on a trip|on holiday|travel\w*|going|"
    r"(?<!suis )(?:je |j )?(?:pars|partirai|vais|descends|monte|rentre)(?: (?:en mission|en vacances|bientot|demain))?)"
    r" (?:a|au|en|to|in|sur|vers|go)$"  # Pidgin "I dey travel go Cotonou"
)
# The weather or the season somewhere is small talk, not where one lives ("Il neige encore à
# Montréal, chu tannée de l'hiver", "A Bruxelles il pleut tout le temps"), unless "ici" says so.
_WEATHER = re.compile(
    r"\b(?:il (?:pleut|neige|fait (?:chaud|froid|beau|doux|moins|-?\d+))|pleut|neige|ca caille|on gele|canicule|"
    r"meteo|it s (?:raining|snowing|hot|cold|freezing)|rain(?:s|ing)?|snow(?:s|ing)?|weather|harmattan|mbula)\b")
_HERE = re.compile(r"\b(?:ici|here)\b")
# A stay said to be short, after the city: "je suis à Kribi pour le week-end", "I'm in Kribi on
# holiday", "à Goma pour une mission de deux semaines": a place visited, not where one lives.
_STAYING_AFTER = re.compile(
    r"^(?:pour (?:le|les|la|une|un|deux|trois|quelques|\d+) (?:week end|weekend|ouikenne|vacances|mission|semaines?|"
    r"jours|conference|seminaire|formation)|en (?:vacances|mission|deplacement|visite)|de passage|"
    r"on (?:holiday|holidays|vacation|a trip|business)|for (?:the )?(?:weekend|holiday|holidays|a few days|a week|"
    r"a conference|business|vacation)|for (?:\d+|one|two|three|some|a few) (?:days|weeks)|"
    # "je suis à Garoua pour le travail", "à Douala cette semaine", "for work"
    r"pour (?:le travail|le boulot|le job|mon travail|le taf)|for work|cette semaine|ces temps ci|ce week end|this week)\b"
)
# "au Québec", "du Québec": the province, no city ("à Québec" is the city).
_PROVINCE = frozenset({"Québec"})
_PROVINCE_BEFORE = re.compile(r"(?:^|\s)(?:au|du)$")
# "dans ma ville, Bafoussam": the member is there, whatever else the city is (not "ici à Douala",
# which the corpus reads as the city wanted only).
_HERE_AT = re.compile(r"\b(?:la ou je suis|where i (?:am|dey|live)|(?:dans )?ma ville|my (?:city|town))"
                      r"(?: (?:a|au|en|in|for|c est|is))?$")
# The city to write down, said as such ("...donc mettez Yaoundé", "ma base c'est Abidjan"):
# it outweighs any other city of the message.
_PUT_DOWN = re.compile(r"\b(?:mettez|mets|met|mettre|marquez|marque|notez|note|inscrivez|put|write)(?: moi| me)?"
                       r"(?: (?:a|au|en|in|down))?$|\bma base(?: c est)?(?: a)?$|\bmy base is(?: in)?$")
# A wish said before ("alors que j'avais dit Paris", "I said Accra"): the city wanted, not theirs.
_ASKED_FOR = re.compile(r"\b(?:(?:j|je|je vous|je t|i) (?:avais|ai|had|have)? ?(?:pourtant |bien |deja |clearly )?"
                        r"(?:dit|demande|precise|mis|said|asked for|told you)|i said)(?: que| a| en| au| in)?$")
# A place given by a city it is near: "Mfou, c'est à côté de Yaoundé", "Kasoa, near Accra".
_NEAR = re.compile(r"\b(?:a cote de|pres de|non loin de|pas loin de|proche de|near|not far from|close to)$")
# ...and the second of the two ("je vis entre Kin et Paris").
_BETWEEN = re.compile(r"\b(?:vis|vit|habite|live|lives|stay) (?:entre|between)(?: [a-z]+){1,3} (?:et|and)$")
# A home town said after the city: "Ebolowa c'est ma ville natale mais je vis à Yaoundé".
_NATIVE_AFTER = re.compile(r"^(?:c est |is )?(?:ma|my) (?:ville natale|ville d origine|hometown|home town|village)\b")
# ...said after the city: "Garoua où j'habite", "dla, c'est là que je vis", "Abidjan since I dey there".
_I_LIVE_AFTER = re.compile(
    r"^(?:(?:na|for) )?(?:i|we|moi|me) (?:dey|stay|live|be)\b(?! (?:in|at|for|na|a|au)\b)|^(?:c est )?(?:la )?(?:ou|que) (?:je|j) (?:vis|habite|suis|reside)\b"
    r"|^c est la (?:que|ou) (?:je|j)\b|^(?:where|since) i (?:live|am|stay|dey)\b|^(?:c est )?(?:ma|my) (?:ville|city|town)\b"
)
# A relative or friend as the subject before a city: their city, nobody's wish ("ma femme est
# à Paris pour le travail", "my brother lives in Lagos"), unless the member joins in ("ma
# fille et moi vivons à Lyon").
_SOMEONE_ELSE = re.compile(
    r"(?:^|\s)(?:(?:ma|mon|mes|sa|son|ses|notre|nos|my|his|her|our) (?:femme|mari|epoux|epouse|frere|soeur|fille|fils|"
    r"mere|pere|maman|papa|enfants?|cousine?|amie?|copine|copain|ex|famille|parents?|tante|oncle|wife|husband|"
    r"brother|sister|daughter|son|mother|father|mum|mom|dad|kids?|children|cousin|friend|family|aunt|uncle)"
    # "j'ai une amie à Lomé", "a friend in Lagos": a relative or friend, not the one sought
    r"|(?:un|une|des|a|an) (?:amie?s?|cousine?s?|soeurs?|freres?|tantes?|oncles?|collegues?|voisine?s?|friends?|"
    r"cousins?|sisters?|brothers?|colleagues?|neighbou?rs?)"
    # "le monsieur de Bafoussam m'a bloquée": the city of a person already spoken of
    r"|(?<!pour )(?<!for )(?:le|la|l|ce|cette|the|that|this) (?:monsieur|dame|femme|homme|fille|gars|go|mec|lady|man|woman|guy|girl|"
    r"personne|person|profil|profile)"
    # the agency's own city: "votre agence est à Douala mais moi je suis à Garoua"
    r"|(?:votre|vos|your|l) (?:agence|bureaux?|siege|office|offices|agency)"
    # people the agency showed: "vous me proposez que des gens de Lomé"
    rf"|(?<!je )\b(?:m|me)(?: (?:avez|a|as|ont))? (?:[a-z]+ )?{SHOWN})"
    # "la personne peut être à Garoua": what the one sought may be is a wish
    # ...and "la personne aussi à Yaoundé", the one sought after the member's own city
    r"(?! et moi| and i| and me| aussi| too| (?:peut|peuvent|doit|doivent|devra|devrait|pourra|pourrait|can|must|should|may)\b)"
    r"(?: [a-z0-9]+){0,5}$"
)
# The city wanted is the member's own: "la même que moi", "là où je suis", "same city as me".
_SAME_AS_MINE = re.compile(r"\b(?:(?:la )?meme (?:ville )?que (?:moi|la mienne)|(?:la )?ou je (?:suis|vis|habite)|"
                           r"dans ma ville|ma ville aussi|same (?:city|town|place) as me|where i (?:am|live)|my city too|"
                           r"in my city)\b")
# Said where the city sought is asked, without naming one: the member's own ("ici", "dans ma
# ville", "pareil que moi").
_MINE_ALONE = re.compile(
    r"(?:(?:ici|ici meme|ma ville|dans ma ville|chez moi|pres de chez moi|pas loin de chez moi|vers chez moi|"
    r"la meme|pareil|pareil que moi|pareil comme moi|comme moi|here|near me|my city|in my city|close to me|my town|"
    r"where i dey|for my area|same as me|same like me|like me)"
    r"(?: (?:svp|stp|aussi|seulement|only|please|too|also))?)"
)


def wants_own_city(text: str) -> bool:
    """Whether an answer to "which city for the person sought?" means the member's own city
    ("la même que moi", "ici", "dans ma ville", "same city as me"), in a normalised text."""
    plain = text.replace("|", " ").strip()
    plain = " ".join(plain.split())
    return bool(_SAME_AS_MINE.search(plain) or _MINE_ALONE.fullmatch(plain))


# After a city wanted for the partner, the member's own too ("quelqu'un à Garoua comme moi").
LIKE_ME = re.compile(r"^(?:aussi )?(?:comme moi|like me|like myself|where i (?:am|live)|ou je (?:suis|vis|habite))\b")
# ...or said first: "pareil que moi, Bruxelles", "same as me, Accra"
LIKE_ME_BEFORE = re.compile(r"(?:^|\s)(?:pareil (?:que|comme) moi|la meme (?:ville )?que moi|comme moi|same as me|like me)\s*$")
# Between two cities wanted, words that make them alternatives: no one city is the answer.
COORDINATION = frozenset({"ou", "et", "or", "and", "de", "d", "a", "en", "au", "in", "aussi", "also", "voire",
                          # "Toulouse, sinon Marseille", "Yaoundé ou bien Douala", "Abidjan, mais Bouaké
                          # aussi", "Yaoundé ou même Paris", "Douala de préférence, si c'est Kribi"
                          "sinon", "bien", "meme", "mais", "si", "c", "est", "possible", "preference",
                          "otherwise", "else", "even", "maybe", "peut", "etre"})
ALTERNATIVES_GAP = 6  # words at most between two cities wanted as alternatives
MEMO_SIZE = 4096  # phrases remembered per catalogue; fuzzy matching is the costly part
# Typos are tolerated only in long names: a short one is too close to ordinary words.
TYPO_MIN_LENGTH = {1: 7, 2: 10}  # typos allowed -> shortest name allowing them


_HERE_OR = re.compile(r"\b(?:ici|here|la ou je suis|where i (?:am|live)) (?:ou|or)(?: (?:a|au|en|in))?$")
_TOO = re.compile(r"(?:aussi|also|too|egalement)\b")
_RESIDENCE = re.compile(rf"\b(?:{RESIDENCE})\b")
_EXCLUDED = re.compile(rf"(?:^|\s)(?:{EXCLUDED})$")
# "y a pas à Dakar ?": whether the agency has someone there, not a city ruled out.
_NONE_THERE = re.compile(r"(?:^|\s)(?:il y a|y a|ya|y en a|y a t il) (?:pas|plus|personne|rien|pas personne)"
                         r"(?: (?:a|au|en|de|d|sur|dans))?$")
# "aucun profil à Douala qui correspond": a complaint about whom the agency has there, not a
# place said for itself.
_NO_ONE_THERE = re.compile(r"(?:^|\s)(?:aucun|aucune|pas un seul|pas une seule) (?:profils?|membres?|femmes?|hommes?)"
                           r"(?: (?:dispo|disponibles?|interessant\w*))? (?:a|au|en|sur)$")
_SELF_AT = re.compile(r"\b(?:je suis|jsuis|chui|i m|i am|i dey|i stay|moi)(?: [a-z]+){0,2} (?:a|au|en|in|at|for)\b")


def says_where_they_live(text: str) -> bool:
    """Whether a normalised text says where the member is ("j'habite", "je suis à", "I'm in")."""
    return bool(_RESIDENCE.search(text) or _SELF_AT.search(text))


@dataclass(frozen=True)
class CityMatcher:
    """Lookup tables for one list of known cities and aliases."""

    exact: Mapping[str, str]  # normalised name or alias -> canonical city
    fuzzy: tuple[tuple[str, str], ...]  # (normalised name, canonical city), names only
    seen: dict[str, str | None] = field(default_factory=dict, compare=False)  # memo


def _key(name: str) -> str:
    """The form under which a city name is looked up."""
    return read_as_rules_do(name).replace("|", " ").strip()


@lru_cache(maxsize=64)
def _matcher(known: tuple[str, ...], aliases: tuple[tuple[str, str], ...]) -> CityMatcher:
    """Build (once per catalogue) the tables to recognise its cities."""
    canonical = {fold(city): city for city in known}
    exact: dict[str, str] = {}
    for alias, city in CITY_ALIASES.items():
        if fold(city) in canonical:
            exact[_key(alias)] = canonical[fold(city)]
    for alias, city in aliases:
        exact[_key(alias)] = canonical.get(fold(city), city)
    names = [(_key(city), city) for city in known]
    for key, city in names:
        exact[key] = city
        exact.setdefault(squeeze(key), city)
    return CityMatcher(exact=exact, fuzzy=tuple(names))


def _lookup(phrase: str, matcher: CityMatcher) -> str | None:
    """The city a phrase names, remembering the answer."""
    if phrase in matcher.seen:
        return matcher.seen.get(phrase)
    city = _match(phrase, matcher)
    if len(matcher.seen) >= MEMO_SIZE:
        matcher.seen.clear()  # a plain dict stays safe to share between threads
    matcher.seen[phrase] = city
    return city


def _match(phrase: str, matcher: CityMatcher) -> str | None:
    """The city a phrase names exactly, by repeated letters, or with a small typo."""
    if phrase in matcher.exact:
        return matcher.exact[phrase]
    if squeeze(phrase) in matcher.exact:
        return matcher.exact[squeeze(phrase)]
    for name, city in matcher.fuzzy:
        limit = max((n for n, length in TYPO_MIN_LENGTH.items() if len(name) >= length), default=0)
        if (
            limit
            and phrase[:1] == name[:1]
            and abs(len(phrase) - len(name)) <= limit
            and edit_distance(phrase, name, limit) <= limit
        ):
            return city
    return None


class Cities(NamedTuple):
    """The cities of a message: the member's, the one wanted, and the ones wanted as
    alternatives ("Yaoundé ou Douala": no one city wanted, both in `alternatives`)."""

    own: str | None
    wanted: str | None
    alternatives: tuple[str, ...] = ()


# The same alias mapping comes with every message (the gazetteer's 2,000 names): sorted once.
_SORTED_ALIASES: dict[int, tuple[Mapping[str, str], tuple[tuple[str, str], ...]]] = {}


def _alias_items(aliases: Mapping[str, str]) -> tuple[tuple[str, str], ...]:
    """The aliases as a sorted tuple (the matcher's cache key), remembered per mapping object."""
    seen = _SORTED_ALIASES.get(id(aliases))
    if seen is None or seen[0] is not aliases or len(seen[1]) != len(aliases):
        seen = (aliases, tuple(sorted(aliases.items())))
        if len(_SORTED_ALIASES) > 64:
            _SORTED_ALIASES.clear()
        _SORTED_ALIASES[id(aliases)] = seen
    return seen[1]


# ...and the same mapping with the gazetteer's districts, for answers to "which city?".
_WITH_DISTRICTS: dict[int, tuple[Mapping[str, str], dict[str, str]]] = {}


def with_districts(aliases: Mapping[str, str] | None) -> Mapping[str, str]:
    """The aliases and the districts of the gazetteer's cities, each read as its city. Only
    an answer to "which city do you live in?" is read so ("Bastos" -> Yaoundé, "Lekki" ->
    Lagos): said anywhere else a neighbourhood is where something happens ("la circulation à
    Ndokoti", "je suis coiffeuse à Treichville"), not the member's city, as the corpus's
    writers read it (77 of 81 such messages)."""
    aliases = aliases or {}
    seen = _WITH_DISTRICTS.get(id(aliases))
    if seen is None or seen[0] is not aliases:
        seen = (aliases, {**dict(district_names()), **aliases})
        if len(_WITH_DISTRICTS) > 64:
            _WITH_DISTRICTS.clear()
        _WITH_DISTRICTS[id(aliases)] = seen
    return seen[1]


def bare_place(text: str) -> str | None:
    """The gazetteer's city a whole normalised answer names, even one kept out of free text
    because it is also a word or a first name ("Rennes", "Tamale", "Nice"); the caller asks
    only when the gazetteer is in use."""
    plain = " ".join(text.replace("|", " ").split())
    place = place_named(plain) if len(plain) > 3 and not plain.isdigit() else None  # not "Ho", "oui"
    return place.name if place else None


def find_cities(
    text: str,
    *,
    roles: Roles,
    known_cities: Sequence[str],
    city_aliases: Mapping[str, str] | None,
) -> Cities:
    """The member's city and the wanted city in a normalised text in digits."""
    matcher = _matcher(tuple(known_cities), _alias_items(city_aliases or {}))
    if not matcher.exact:
        return Cities(None, None)
    words = text.split(" ")
    offsets: list[int] = []
    position = 0
    for word in words:
        offsets.append(position)
        position += len(word) + 1
    own: list[tuple[bool, str]] = []  # (said where they live, city)
    placed: list[tuple[int, int, str]] = []  # the member's cities by position (first word, word after, city)
    wanted: list[tuple[int, int, str]] = []  # (first word, word after, city)
    put_down: str | None = None  # the city the member asks to write down
    i = 0
    while i < len(words):
        for size in range(min(MAX_WORDS, len(words) - i), 0, -1):
            phrase = " ".join(words[i : i + size])
            if "|" in phrase:
                continue
            city = _lookup(phrase, matcher)
            if city:
                before = " ".join(words[max(0, i - 3) : i])
                clause = " ".join(words[max(0, i - 7) : i]).rsplit("|", 1)[-1]
                after = " ".join(words[i + size : i + size + 5])
                rest = " ".join(words[i + size : i + size + 8]).split("|")[0]
                # (a city opening its sentence answers, whatever the weather: "Lausanne, ça caille ce matin")
                weather = bool(clause.strip() and (_WEATHER.search(clause) or _WEATHER.search(rest))) and not (
                    _HERE_AT.search(before) or _RESIDENCE.search(clause) or _HERE.search(f"{clause} {rest}"))
                if (_BORN.search(before) or _BORN_ON.search(clause) or _GOING_TO.search(before) or _STAYING_AFTER.match(after)
                        or weather or _NO_ONE_THERE.search(clause) or _NATIVE_AFTER.match(after) or _BETWEEN.search(clause)
                        or (_NEAR.search(before) and (own or wanted))
                        or (city in _PROVINCE and _PROVINCE_BEFORE.search(before) and phrase != "quebec city")):
                    pass
                elif ((not _EXCLUDED.search(before) or _NONE_THERE.search(clause))
                      and not _SOMEONE_ELSE.search(clause)):
                    if _PUT_DOWN.search(before):
                        put_down = city
                    asked_for = bool(_ASKED_FOR.search(before))  # a wish said before, never their city
                    if not asked_for and (_HERE_AT.search(before) or _I_LIVE_AFTER.match(after)):
                        own.append((True, city))
                    if roles.subject(offsets[i]) == "self" and not asked_for:
                        own.append((bool(_RESIDENCE.search(before)), city))
                        placed.append((i, i + size, city))
                    else:
                        wanted.append((i, i + size, city))
                        if LIKE_ME.match(" ".join(words[i + size : i + size + 4])) or LIKE_ME_BEFORE.search(
                                " ".join(words[max(0, i - 4) : i])):
                            own.append((True, city))
                i += size - 1
                break
        i += 1
    # "born in Douala but I live in Paris": where they live beats any other mention, and the city
    # to write down beats where they say they are ("je suis à Lomé ces temps-ci, mettez Abidjan").
    own.sort(key=lambda found: not found[0])
    if put_down and any(city == put_down for _, city in own):
        own.insert(0, (True, put_down))
    # "plutôt Douala et Yaoundé maintenant": a member lives in one city; two said together,
    # neither as where they live, are what they want
    if (not wanted and not any(said for said, _ in own) and len({city for _, city in own}) > 1
            and all(set(words[end:start]) <= COORDINATION and start - end <= ALTERNATIVES_GAP
                    for (_, end, _), (start, _, _) in pairwise(placed))):
        wanted, own = placed, []
    first, alternatives = _first_wanted(wanted, words)
    if own and first and first != own[0][1] and (
            _HERE_OR.search(" ".join(words[max(0, wanted[0][0] - 4): wanted[0][0]]))
            or _TOO.match(" ".join(words[wanted[0][1]: wanted[0][1] + 2]))):
        # "je suis à Montréal, je cherche quelqu'un ici ou à Québec", "moi je suis à Babi mais
        # la go peut être à Yakro aussi": their own city is one of them
        alternatives = (own[0][1], first)
        first = None
    if (own or first) and not alternatives and _SAME_AS_MINE.search(text):
        # "la même que moi, je suis à Douala", "same city as me, Douala": the member's city is the one wanted
        first = first or own[0][1]
        own = own or [(True, first)]
    return Cities(own[0][1] if own else None, first, alternatives)


def _first_wanted(wanted: list[tuple[int, int, str]], words: list[str]) -> tuple[str | None, tuple[str, ...]]:
    """The city wanted, unless the member gives it as one of alternatives ("Kribi ou Limbé"):
    then no one city, and the alternatives in the order said."""
    if not wanted:
        return None, ()
    _, end, city = wanted[0]
    alternatives = [city]
    for start, after, other in wanted[1:]:
        said_or = [w for w in words[max(0, start - 3):start] if w not in ("a", "au", "en", "in", "at", "|")][-1:]
        if (set(words[end:start]) <= COORDINATION and start - end <= ALTERNATIVES_GAP) or said_or in (
                ["ou"], ["or"], ["sinon"], ["otherwise"], ["voire"]):
            # "na Buea I want, or Douala": an "or" right before the city makes it one more
            if other not in alternatives:
                alternatives.append(other)
            end = after
    return (None, tuple(alternatives)) if len(alternatives) > 1 else (city, ())
