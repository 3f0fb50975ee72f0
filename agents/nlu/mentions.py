"""What a message that answers nothing still says of the member or of their wish.

A question, a complaint or an interest may carry the member's own facts ("homme 34 ans dla,
c'est combien ?", "je suis intéressée", "moi qui en ai 30") or a wish said in the first
person ("je veux une femme au pays, c'est possible ?"): those are stored. Everything else
is only mentioned ("vos bureaux sont où à Douala ?", "les femmes sont vérifiées ?") and
never stored. All functions take the reading of the rules and its normalised text.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence

from agents.nlu.ages import find_ages
from agents.nlu.agreement import accented_masculine, gender_by_agreement, noun_gender
from agents.nlu.cities import find_cities
from agents.nlu.genders import (
    FEMALE_WORDS,
    MALE_WORDS,
    find_genders,
    gender_word_at,
    letter_by_age,
    says_own_gender,
    sought_named,
)
from agents.nlu.kinship import kin_gender
from agents.nlu.numbers import read_as_rules_do
from agents.nlu.roles import find_roles
from graph.state import Gender, Understanding

_GENDER = "|".join(MALE_WORDS + FEMALE_WORDS)
# The member speaking of themself, explicitly: kept even inside a question ("j'ai 16 ans,
# je peux m'inscrire ?" must still be refused, "je vis à Paris, vous avez des gens ici ?").
SELF_AGE = re.compile(r"\b(?:j ai|j en ai|qui en ai|i m|i am|je suis age|je suis agee|mon age|my age is|"
                      # "moi, 34 ans" but not "trop jeune pour moi, 34 ans" (the profile's age)
                      r"i be|i dey|i don reach|(?<!woman wey )(?<!man wey )(?<!person wey )(?<!girl wey )don reach|my age na|(?<!pour )(?<!for )moi|i get|i don get|je suis une?(?: [a-z]+){1,2} de|"
                      # "at 58 I'm done with nappies", "à 39 ans je n'ai plus le temps"
                      r"(?<![a-z] )(?:at|a)(?= \d{2}(?: ans| years?)? (?:i|je|j)\b)|"
                      # "je suis enseignante, 34 ans", "je vis à Paris, 36 ans": listed after a self-description
                      r"(?:je suis|je vis|j habite|i live|i dey|i stay)(?: [a-z0-9]+){1,4}|"
                      # "I be student for Buea, 22 years", "moi c Patrick 32 ans", "I be Catholic man, 39"
                      r"(?:i be|i m|i am|moi c|moi c est)(?: (?!looking|search\w*|seek\w*|want\w*|wan|find|need|"
                      r"like|cherche|veux|voudrais)[a-z]+){1,3}|"
                      r"i m an?(?: [a-z]+){1,2} of|"
                      # "j'ai fêté mes 58 ans samedi", "turned 40 last night" (not "I turn 40": Pidgin's past, or a future)
                      r"(?:fete|celebre|souffle|celebrated) (?:mes|my)|(?:^|\| |\bi (?:just )?)turned)"
                      r" (?:(?!demande|dit|said|asked)\w+ )?(?P<age>\d{1,2})\b")
# Not a hypothesis: "si je suis à Paris, je paie en euros ?".
# "je vous écris depuis Abidjan" too, but not "payer depuis Paris ?" nor "Wave marche depuis
# Dakar ?", which ask about a place (as three blind writers label them).
SELF_CITY = re.compile(r"\b(?<!si )(?<!if )(?:j habite|je vis|je suis (?:a|au|en|sur(?! (?:que|qu|de|d)\b))|je reside|"
                       r"(?:moi )?je reste (?:a|au|en)|"
                       r"i live|i m in|i am in|i m based|i stay|i dey|moi a|"
                       # "je suis de Thiès, vous avez...", "I'm Ama from Accra", "working in Abuja",
                       # "Camerounais vivant à Paris"
                       r"je suis de(?! (?:passage|retour|nouveau|bonne|mauvaise|plus en plus))|je suis d(?! accord)|i m from|i am from|(?:i m|i am|je suis|moi c est) (?:un |une |a |an )?(?!(?:revenue?|rentree?|partie?|sortie?|venue?|arrivee?|back)\b)[a-z]+ (?:from|de)|"
                       r"working in|i work in|je travaille a|vivant a|living in|qui vit a|"
                       # "pour moi qui suis à Brazzaville", "it's Paul from Buea"
                       r"qui suis (?:a|au|en)|(?:it s|this is) [a-z]+ from|"
                       # "je viens de m'installer à Genève", "je me suis installée à Lyon"
                       r"(?:m|me suis|suis) install\w* (?:a|au|en)|"
                       # "I'm actually in Douala now", "je suis maintenant à Lyon"
                       r"(?:i m|i am) (?:actually|now|currently|still|back) in|"
                       r"je suis (?:maintenant|actuellement|desormais|toujours|en fait|finalement|rentree?) (?:a|au|en)|"
                       # "START je suis de retour à Yaoundé", "je suis revenue à Libreville"
                       r"je suis (?:de retour|revenue?|rentree?|retournee?) (?:a|au|en)|(?:i m|i am) back (?:in|to)|"
                       r"(?:j |je vous |je t |i m |i am )?(?:ecris|ecrit|appelle|write|writing|texting|messaging) "
                       r"(?:vous |you )?(?:depuis|from)|^depuis(?= [a-z]+(?: [a-z]+)? (?:je|j) )|je suis base\w*)\b")
# The member describing themself, then where they are: "chui un mec de yde", "I'm a woman in
# Montreal", "je suis veuve avec 3 enfants à Bafoussam", "as a woman living in Paris" (not "je
# suis allée à Douala", a trip, nor "je suis intéressée par la dame de Lomé").
_STATES = (r"veu[fv]e?|divorcee?|celibataire|seule?|separee?|maman|papa|mere|pere|single|widow(?:er)?|divorced|"
           r"mum|mom|dad|solo|retraitee?|etudiant\w*|student|jeune|young|nouveau|nouvelle|new|here")
_SELF_PLACE = re.compile(
    rf"\b(?:je suis|jsuis|j suis|chui|i m|i am|i be|as an?|en tant que)"
    rf"(?: (?:une?|a|an|de|of|\d{{1,2}}|ans|years?|yrs?|old|avec|with|enfants?|kids?|children|pikin|{_GENDER}|{_STATES}))+"
    # (Pidgin "for": "I be student for Buea")
    r" (?:de|d|from|a|au|en|in|for|living in|based in|qui vit a|qui habite a|vivant a|habitant a)"
    r" (?P<place>[a-z]+(?: [a-z]+)?)"
)
# A trade or a nationality, then where: "I'm a nurse in Ottawa", "je suis camerounaise à Lyon".
_SELF_AS_AT = re.compile(
    r"\b(?:je suis|jsuis|chui|i m|i am|i be)(?: (?:une?|a|an) [a-z]+(?: [a-z]+)?| [a-z]+(?:aise|oise|ienne|aine|ane|ais|ois|ien))"
    r" (?:a|au|in|at|based in|living in) (?P<place>[a-z]+(?: [a-z]+)?)"
)
_HERE_FROM = re.compile(r"^(?:(?:hello|hi|hey|bonjour|bonsoir|salut) )?[a-z]+ (?:here|ici) (?:from|de|depuis) (?P<place>[a-z]+(?: [a-z]+)?)")
# A self-description opening the message, the way members introduce themselves: "homme 34
# ans dla, mais c'est combien ?", "Bonjour, femme de 30 ans, Libreville...".
_INTRO = re.compile(
    r"^(?:(?:bonjour|bonsoir|salut|coucou|hello|hi|hey)(?: [a-z]+)? )?(?:je suis |i m |i am |moi )?"
    rf"(?:une? |a |an )?(?P<who>{_GENDER}|h|f|jh|jf) (?:de |of )?(?P<age>\d{{2}})"
    r"(?: (?:ans?|years?(?: old)?|yrs|yo))?(?P<rest>(?: [a-z]+){0,3})"
)
_INTRO_EN = re.compile(
    r"^(?:(?:hello|hi|hey|good (?:morning|afternoon|evening))(?: [a-z]+)? )?(?:i m|i am|i be|me i be) (?:a |an )?"
    rf"(?P<age>\d{{2}})(?: years?| yrs?| yr)?(?: old)? (?P<who>{_GENDER})(?P<rest>(?: [a-z]+){{0,3}})"
)
# A first sentence that only lists who the member is, before what they ask ("bjr, Patrick,
# 41 ans, Douala. Les femmes sont vérifiées ?", "Grace here, 31, Douala. Do you..."): its age
# and city are the member's.
_LISTED_FIRST = re.compile(
    r"^(?:(?:bonjour|bonsoir|salut|slt|bjr|bsr|hello|hi|hey|cc|coucou) )?(?:[a-z]+ )?(?:here |ici )?"
    r"(?P<age>\d{2})(?: (?:ans|an|yrs|years old|years|yo))?(?P<rest>(?: [a-z]+){0,3}) \|"
)
_SENTENCE_MARK = re.compile(r"[.!?\n]")
# A person described with an article ("une femme de 30 ans à Douala"), not listed ("veuf de 66 ans à Liège").
_WITH_ARTICLE = re.compile(r"^(?:(?:bonjour|bonsoir|salut|coucou|hello|hi|hey)(?: [a-z]+)? )?(?:une?|a|an) ")
# A verb after "une femme de 60 ans" that makes it anyone such, not the member introducing themself.
_SOMEONE_DOES = re.compile(r" (?:(?:qui|who|il|elle|he|she|they|ils|elles|ca|c) )?(?:(?:ne |n )?existe|peut|peuvent|pourrait|doit|doivent|est|sont|"
                           r"a (?=un|une|des|deja|d|de|le|la|les|pas|toujours|encore|eu|ete|fait|\d)|ont|paie|paye|can|could|is|are|may|"
                           r"should|must|has|have|pays)\b")
# A wish in the first person, up to what is wished ("je veux une femme au pays").
_WISH = re.compile(
    r"\b(?:(?:je|j) (?:ne |n )?(?:cherche|recherche|veux|voudrais|prefere|souhaite)|"
    r"i (?:want|wan|need|prefer|m looking for|am looking for|dey find|would like|d like)|just want|looking for|searching for|"
    r"(?:find|get) me|trouve[rz]? moi|"
    # "c'est pas trop tard pour trouver un mari ?", "quelle garantie que je vais trouver un mari"
    r"(?:je vais|vais|pour|je peux|peux|je pourrai) trouver|(?:j|je (?:vous|t)) ai (?:pourtant |bien |deja )?(?:dit|demande)|"
    r"i (?:said|asked for|told you)|"
    # "ma future épouse doit...", "my future husband": the person sought, whatever the verb
    r"(?:ma|mon|my) futur\w*)"
    r"(?: (?:rencontrer|trouver|epouser|marier|voir|meet|find|marry|get|have|see|plutot|vraiment|juste|seulement|"
    r"toujours|quelqu un|someone|qqn|une personne|a|an|un|une|des|les|la|le|some|au|en|in|at|sur|"
    # "je vous ai dit que je veux des hommes": the wish said again
    r"que (?:je|j) (?:veux|voulais|cherche|cherchais|prefere)|(?:that )?i (?:m|am|was) looking for|(?:that )?i (?:want|wanted)|que c est|que c|that it s|"
    r"from|de|d))* (?P<object>[a-z]+(?: [a-z]+){0,3})"
)
WISH_WORDS = 8  # how far after the wish's verb its city may come
ADULT_AGES = (16, 99)  # an age said of the member that can be theirs ("j'ai 2 enfants" is no age)
LETTERS = {"h": "male", "jh": "male", "f": "female", "jf": "female"}
# Asking whom the agency has ("vous avez des hommes à Bafoussam ?", "are there any ladies in
# Ottawa?"): the people and places named are only mentioned, unless the member asks to see them.
_WHO_IS_THERE = re.compile(
    r"\b(?:(?:vous avez|avez vous|il y a|y a t il|y a|on trouve)(?: aussi| deja| encore| vraiment| combien)? "
    r"(?:des|du|d|de)|combien de|how many|"
    r"(?:are|is) there(?: any| some)?|(?:do|did) you (?:have|get)|have you got|una get|"
    # where the agency is: "vous êtes aussi à Garoua", "you people dey for Kumba?"
    r"(?:vous etes|etes vous|you (?:people |guys )?(?:dey|are)|una dey|are you)"
    r"(?: aussi| deja| present\w*| base\w*| installe\w*| also| even)? (?:a|au|en|dans|sur|for|in|at)|"
    # a group spoken of: "les hommes avec enfants ont leur chance ?", "the ladies are verified?"
    r"(?:les|des|the) (?:hommes|femmes|filles|gars|mecs|meufs|messieurs|dames|gos?|ngas?|mbombos?|garcons|"
    r"men|women|ladies|girls|guys)"
    r"(?: (?!et |ou |and |or )[a-z0-9]+){0,5} (?:ont|sont|peuvent|pourront|doivent|acceptent|have|are|can|get|dey))\b"
    # Pidgin "ENUGU people dey?", "BABES for Accra dey?"; "ça existe ici ?", "ça se trouve ici ?"; whether a
    # place is covered ("Kin c'est dedans ?", "Yaoundé c'est combien ?")
    # (the place or the people asked about, said first, belong to the question)
    r"|\b(?:[a-z]+ ){0,2}(?:people|persons?|babes?|girls?|women|men|guys?|ladies|nga|gos?|mboms?|man|woman)"
    r"(?: [a-z]+){0,3} dey(?: (?:there|here|for una|for here))?(?= \||$)"
    r"|(?:\b(?:les|des|un|une|a|the) (?:[a-z0-9+]+ ){0,6})?(?:ca|cela|ce genre|ces gens)(?: [a-z]+)? "
    r"(?:existe|existent|se trouve|se trouvent|cherche encore)(?: (?:ici|chez vous|sur votre|dans votre))?\b"
    r"|\b(?:[a-z]+ ){0,2}(?:c est|c|ca|it s|is it) (?:dedans|couvert|inclus|desservi|dans la liste|in the list|"
    r"covered|included)\b"
)
# "vous avez qui à Kribi ?": whom the agency has, asked in an answer's place (after a wish to see
# profiles, "vous avez qui comme femmes à Yaoundé ?" asks to see them).
_WHO_DO_YOU_HAVE = re.compile(r"\b(?:vous avez qui|who (?:do )?you (?:have|get)|una get who)\b")
# Whom the agency has, for the member to see: "vous avez des go pour moi ?", "any match for me?", "y a des mbom
# dispo ? montrez".
_FOR_ME = re.compile(r"\b(?:pour moi|for me|a me (?:montrer|proposer|presenter)|montre[zr]?|show me|send me|"
                     r"envoye[zr]? moi|dispo|disponibles?|available)\b")
_SHOW = re.compile(r"\b(?:montre\w*|envoy\w*|voir|show|see|send)\b")
# The member's own interest or feeling, words listed after a card that are about them
# ("Intéressée !", "trop contente", "déçue...").
_INTEREST = re.compile(r"\b(?:interess|content|ravi|heureu|decu|emu|satisfait|enchante|comble|touche)\w*")
# Ages wished in the first person, or a wish said again ("j'ai dit 25 30 ans", "I said 30 max").
_AGES_WISHED = re.compile(
    r"\b(?:(?:j|je (?:vous|t)) ai (?:pourtant |bien |deja )?(?:dit|demande)|i (?:said|told you|asked for)|"
    r"(?:je|j) (?:ne |n )?(?:cherche|recherche|veux|voudrais|prefere|souhaite)(?! savoir)|"
    r"i (?:want|need|prefer|m looking for|am looking for)|just want)(?: [a-z]+){0,5} (?:entre |between |de |from )?\d{2}\b"
)


def _names_city(text: str, city: str, city_aliases: Mapping[str, str]) -> bool:
    """Whether a short normalised text names this city."""
    own, wanted, _ = find_cities(text, roles=find_roles(text, None), known_cities=(city,),
                                 city_aliases=city_aliases)
    return city in (own, wanted)


def _intro(normalised: str, *, wishing: bool = False) -> re.Match[str] | None:
    """The self-description opening the message ("homme 34 ans dla, ..."), if it is the member's
    (`wishing`: the message wishes, so a person described with an article is the one wished,
    "une femme de 30 ans à Douala")."""
    intro = _INTRO.match(normalised) or _INTRO_EN.match(normalised)
    if intro and _SOMEONE_DOES.match(intro.group("rest")):
        return None  # "une femme de 60 ans peut encore s'inscrire ?": anyone such, not the member
    if intro and wishing and _WITH_ARTICLE.match(intro.group(0)):
        return None
    return intro


def _listed_first(rules: Understanding, *, about_a_profile: bool) -> re.Match[str] | None:
    """A first sentence that only lists who the member is (`_LISTED_FIRST`), sentence marks kept."""
    first_mark = _SENTENCE_MARK.search(rules.text)
    if about_a_profile or (first_mark and first_mark.group(0) == "?"):
        return None
    return _LISTED_FIRST.match(read_as_rules_do(rules.text))


def _own_city(rules: Understanding, normalised: str, city_aliases: Mapping[str, str], *,
              intro: re.Match[str] | None, listed: re.Match[str] | None) -> bool:
    """Whether the message says the city the rules read is where the member is."""
    return bool(SELF_CITY.search(normalised)) or any(
        m and rules.city and _names_city(m.group("rest"), rules.city, city_aliases) for m in (intro, listed)) or any(
        m and rules.city and _names_city(m.group("place"), rules.city, city_aliases)
        for m in (*_SELF_PLACE.finditer(normalised), *_SELF_AS_AT.finditer(normalised), _HERE_FROM.match(normalised)))


# "moi c'est Genève", "moi c Abidjan", "moi j'suis à Montréal", "il est à Abidjan, moi à Dakar": the
# member's own city set against another (the card's), said right after "moi".
_MINE = re.compile(
    r"\bmoi(?: aussi| je)? (?:c est|c|a|au|en|(?:je suis|j suis|jsuis|chui|je vis|j habite|je reste) (?:a|au|en)|"
    r"i m in|i am in|i dey|i stay|i live in) (?P<place>[a-z]+(?: [a-z]+)?)"
)


# A city wished alone: "suivant, Québec seulement", "next one, only Abuja please", "Dakar rek",
# "que des profils sur Paris svp".
_ONLY_BEFORE = re.compile(r"\b(?:seulement|only|uniquement|rien que|que des profils|just)"
                          r"(?: (?:a|au|en|sur|in|at|de|from))? (?P<place>[a-z]+(?: [a-z]+)?)")
_ONLY_AFTER = re.compile(r"(?P<place>[a-z]+(?: [a-z]+)?) (?:seulement|only|uniquement|rek|exclusivement)\b")


def city_wished_alone(normalised: str, cities: Sequence[str | None], city_aliases: Mapping[str, str]) -> str | None:
    """Which of the cities read the member wishes alone ("Dakar rek", "only Abuja"), if one."""
    places = [m.group("place") for pattern in (_ONLY_BEFORE, _ONLY_AFTER) for m in pattern.finditer(normalised)]
    return next((city for city in cities if city and any(_names_city(p, city, city_aliases) for p in places)), None)


def own_city_set_against(normalised: str, city_aliases: Mapping[str, str]) -> str | None:
    """The city the member says is theirs right after "moi", when another is spoken of."""
    for m in _MINE.finditer(normalised):
        own, _, _ = find_cities(m.group("place"), roles=find_roles(m.group("place"), "city"), known_cities=(),
                                city_aliases=city_aliases)
        if own:
            return own
    return None


# A first clause that asks about a kind of person without a word of the member's ("mbom de 60
# ans accepté ?", "femmes de 50 ans acceptées ?"): the one described is asked about, not introduced.
_ASKED_ABOUT = re.compile(r"(?i)^(?:(?!\b(?:je|j|moi|me|i|my|mon|ma|mes)\b)[^.!?…\n,])+\?")


def _said_of_self(rules: Understanding, normalised: str, *, about_a_profile: bool,
                  city_aliases: Mapping[str, str], stated: str | None = None) -> dict[str, bool]:
    """Which of the member's slots the message says of them explicitly (`stated`: the text
    without its conditions, "si je suis une femme", which state nothing; the grammar of the
    whole text still shows who speaks: "si je me suis trompée")."""
    # (the grammar read with the sentences' bounds, as the rules read it: "START! célibataire pis motivée")
    agreement_text, normalised = read_as_rules_do(rules.text), normalised if stated is None else stated
    intro = None if _ASKED_ABOUT.match(rules.text) else _intro(normalised)
    who = intro.group("who") if intro else None
    intro_gender = LETTERS.get(who or "") or (gender_word_at(who) if who else None)
    agreed = gender_by_agreement(agreement_text, find_roles(agreement_text, None),
                                 # "pas intéressée, il fume": the member's interest, even about a profile
                                 listed=(not about_a_profile or bool(_INTEREST.search(agreement_text)))
                                 and rules.language != "en",
                                 accented=accented_masculine(rules.text))
    listed = _listed_first(rules, about_a_profile=about_a_profile)
    letters = letter_by_age(normalised)
    return {
        "age": any(m and int(m.group("age")) == rules.age for m in (*SELF_AGE.finditer(normalised), intro, listed))
        or bool(letters and letters[1] == rules.age),
        "city": _own_city(rules, normalised, city_aliases, intro=intro, listed=listed),
        "gender": says_own_gender(normalised) or rules.gender in (
            intro_gender, agreed, kin_gender(normalised), letters[0] if letters else None),
    }


def says_own_city(rules: Understanding, normalised: str, city_aliases: Mapping[str, str]) -> bool:
    """Whether a wish says the city the rules read as the member's own ("veuf de 66 ans à
    Liège. Je cherche maintenant une dame...", "c'est maman Odette de Lomé")."""
    return _own_city(rules, normalised, city_aliases, intro=_intro(normalised, wishing=True),
                     listed=_listed_first(rules, about_a_profile=False))


# Adjectives said before the one wished ("un vrai djo", "a slim lady", "tall guys").
_BEFORE_THE_PERSON = frozenset({
    "vrai", "vraie", "bon", "bonne", "beau", "belle", "jeune", "petite", "grand", "grande", "gentille", "gentil",
    "slim", "tall", "short", "nice", "good", "fine", "serious", "kind", "beautiful", "pretty", "real", "mature",
    "young", "older", "younger", "responsible", "decent", "honest", "god", "fearing", "christian", "muslim",
})


def _names_a(gender: Gender, article: list[str], wish: str, *, described: bool) -> bool:
    """Whether the words after a wish's verb name a person of that gender: a gender word, or
    (`described`) one after adjectives ("un vrai djo", "a slim lady") or a noun whose article
    agrees ("une chrétienne", "une catholique")."""
    words = wish.split()
    for start, word in enumerate(words[:3] if described else words[:1]):
        rest = " ".join(words[start:])
        if gender in (gender_word_at(rest), gender_word_at(" ".join([*article, rest]))):
            return True
        if start == 0 and described and article and article[0] in ("un", "une") and noun_gender(article[0], word) == gender:
            return True
        if not described or word not in _BEFORE_THE_PERSON:
            return False
    return False


def _wished(rules: Understanding, normalised: str, city_aliases: Mapping[str, str], *,
            described: bool = False) -> dict[str, bool]:
    """Which of the sought slots the message states as a wish in the first person (`described`:
    the one wished may be named by a description, see `_names_a`)."""
    wished = {"looking_for_gender": bool(rules.looking_for_gender) and sought_named(normalised) == rules.looking_for_gender,
              "preferred_city": False, "age_range": bool(rules.age_range and _AGES_WISHED.search(normalised))}
    for m in _WISH.finditer(normalised):
        wish = m.group("object")
        # with its article, a word is surely a person ("une go de 25-30 ans": not the verb "go")
        article = normalised[:m.start("object")].split()[-1:]
        sought = rules.looking_for_gender
        person = sought is not None and _names_a(sought, article, wish, described=described)
        wished["looking_for_gender"] |= person
        # ...whose city may come after the ages ("une go de 25-30 ans a dla")
        following = " ".join(normalised[m.start("object"):].split()[:WISH_WORDS]) if person else wish
        if rules.preferred_city and _names_city(following, rules.preferred_city, city_aliases):
            wished["preferred_city"] = True
    return wished


def only_mentioned(rules: Understanding, normalised: str, *, about_a_profile: bool,
                   city_aliases: Mapping[str, str], stated: str | None = None,
                   turning_down: bool = False) -> dict[str, object]:
    """The changes that keep of a non-answer only what the member says of themself or wishes
    in the first person, the rest moved to `mentioned`. `about_a_profile`: the message speaks
    of a shown profile, so words listed without a verb describe it, not the member; `stated`:
    the text without its conditions (see `_said_of_self`); `turning_down`: a profile turned down,
    whose reason may describe the one wished instead ("moi je veux une chrétienne")."""
    mentioned: list[str] = []
    changes: dict[str, object] = {}
    kept = {**_said_of_self(rules, normalised, about_a_profile=about_a_profile, city_aliases=city_aliases,
                            stated=stated),
            **_wished(rules, normalised if stated is None else stated, city_aliases, described=turning_down)}
    for slot in ("age", "city", "gender", "looking_for_gender", "preferred_city", "age_range"):
        value = getattr(rules, slot)
        if value is not None and not kept[slot]:
            mentioned.append(f"{slot}={value}")
            changes[slot] = None
    if (mine := own_city_set_against(normalised, city_aliases)) and changes.get("city", rules.city) != mine:
        changes["city"] = mine  # "elle est à Bouaké ? c'est loin, moi c Abidjan"
        mentioned = [m for m in mentioned if m != f"city={mine}"]
    if (not rules.question and not kept["city"]
            and (alone := city_wished_alone(normalised, (rules.city, rules.preferred_city), city_aliases))):
        changes.update(preferred_city=alone, city=None if changes.get("city", rules.city) == alone else changes.get(
            "city", rules.city))  # "suivant, Québec seulement"
        mentioned = [m for m in mentioned if m not in (f"city={alone}", f"preferred_city={alone}")]
    own_ages = {age for m in SELF_AGE.finditer(normalised if stated is None else stated)
                if ADULT_AGES[0] <= (age := int(m.group("age"))) <= ADULT_AGES[1]}
    if rules.age is not None and not kept["age"] and len(own_ages) == 1:
        # the age the rules took was someone else's ("57 ans ?? moi je suis une jeune femme de 29
        # ans", "38 ans c'est trop jeune pour moi qui en ai 56"): the member's is the one said as theirs
        changes["age"] = own_ages.pop()
    if rules.any_preference:
        changes.update(any_preference=False, any_age=False, any_city=False)
    if rules.wanted_cities:
        mentioned.extend(f"city={city}" for city in rules.wanted_cities)
        changes["wanted_cities"] = ()
    if mentioned:
        changes["mentioned"] = (*rules.mentioned, *mentioned)
    return changes


def asked_who_is_there(rules: Understanding, normalised: str, city_aliases: Mapping[str, str], *,
                       expecting: str | None = None, wishing: bool = False) -> dict[str, object]:
    """The changes that keep only as mentioned the gender and city sought that a message names
    while asking whom the agency has, when it wishes neither in the first person (`expecting`:
    what the bot asked, which says whom words said before the question are about; `wishing`:
    the message asks to see profiles)."""
    asking = _WHO_IS_THERE.search(normalised) or (_WHO_DO_YOU_HAVE.search(normalised) if not wishing else None)
    if not asking or _SHOW.search(normalised) or (wishing and _FOR_ME.search(normalised)):
        return {}
    wished = _wished(rules, normalised, city_aliases)
    # Said before the question, a gender or city is said for itself ("la femme je la veux
    # entre 25 et 35, et vous avez des musulmanes ?").
    before = normalised[:asking.start()]
    wished["looking_for_gender"] |= rules.looking_for_gender in find_genders(
        before, roles=find_roles(before, expecting), expecting=expecting)
    wished["preferred_city"] |= bool(rules.preferred_city and _names_city(before, rules.preferred_city, city_aliases))
    wished["age_range"] |= bool(rules.age_range and find_ages(before, roles=find_roles(before, expecting),
                                                               expecting=expecting)[1] == rules.age_range)
    # the member's own city is kept only when said as theirs ("je suis à Thiès, vous avez des femmes ?",
    # "Patrick, 41 ans, Douala. Les femmes sont vérifiées ?")
    wished["city"] = _said_of_self(rules, normalised, about_a_profile=False, city_aliases=city_aliases)["city"] or (
        expecting == "city" and bool(rules.city and _names_city(before, rules.city, city_aliases)))
    changes: dict[str, object] = {}
    mentioned: list[str] = []
    for slot in ("looking_for_gender", "preferred_city", "city", "age_range"):
        value = getattr(rules, slot)
        if value is not None and not wished[slot]:
            mentioned.append(f"{slot}={value}")
            changes[slot] = None
    if mentioned:
        changes["mentioned"] = (*rules.mentioned, *mentioned)
    return changes


def asks_to_see(normalised: str) -> bool:
    """Whether a question of whom the agency has asks to be shown them (show_profiles), not
    whether the agency covers a place or a kind of person (a question)."""
    return bool((_WHO_IS_THERE.search(normalised) or _WHO_DO_YOU_HAVE.search(normalised))
                and _FOR_ME.search(normalised))


def gender_only_listed(rules: Understanding) -> bool:
    """Whether the member's gender was read only from a word listed without a verb: after a
    card such a word describes the person shown ("infirmière, non..."), unless it is the
    member's interest ("Intéressée, c'est combien ?"). Reads the message again as the rules
    did, sentence marks kept (they delimit what is listed)."""
    text = read_as_rules_do(rules.text)
    if rules.gender is None or _INTEREST.search(text):
        return False
    own, _ = find_genders(text, roles=find_roles(text, None), expecting=None, listed=False,
                          accented=accented_masculine(rules.text))
    return own is None
