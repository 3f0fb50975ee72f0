"""Reading one member message: the rules, the classifier, and a role on every slot.

`Reader.read()` is what the understanding agent calls. The rules (agents/nlu/__init__)
find slots and high-precision flags; the classifier (agents/nlu/classifier.py) says what
the member wants most, with a confidence; then each slot gets its role: about the member
or the person sought (stored), or merely named in a question (kept in `mentioned`,
never stored: "vos bureaux sont où à Douala ?" does not set the member's city).
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Sequence
from dataclasses import dataclass, field

import numpy as np

from agents.nlu import Expecting, understand
from agents.nlu.age_ranges import AgeRange
from agents.nlu.ages import find_ages
from agents.nlu.agreement import accented_masculine
from agents.nlu.cities import CITY_ALIASES, says_where_they_live
from agents.nlu.classifier import Encoder, IntentClassifier, feature_matrix, spelled
from agents.nlu.corpus import Context
from agents.nlu.genders import find_genders, gender_word_at, names_a_gender, names_own_gender, says_own_gender
from agents.nlu.mentions import (
    SELF_AGE,
    SELF_CITY,
    asked_who_is_there,
    asks_to_see,
    city_wished_alone,
    gender_only_listed,
    only_mentioned,
    says_own_city,
)
from agents.nlu.names import find_first_name, is_first_name
from agents.nlu.numbers import read_as_rules_do
from agents.nlu.preference import which_preference
from agents.nlu.references import find_decline_reason, find_ordinal, find_profile_field
from agents.nlu.roles import find_roles
from graph.state import Gender, Intent, Understanding
from knowledge.places import recognisable_names

# Below this confidence the reading is a guess: the bot asks (offline) or asks the LLM.
# Measured with `python -m bench understanding` on the held-out split.
CLARIFY_BELOW = 0.5
AGREED = 0.75  # the least confidence of a reading the rules and the classifier agree on
# Intents whose slots are answers (stored); in any other message they are only named,
# unless the member says them of themself.
ANSWERING: frozenset[Intent] = frozenset({"answer", "change_criteria", "show_profiles", "decline_reason"})
# A wish said while turning a profile down ("trop vieux, je veux max 35").
_WISH = re.compile(r"\b(?:je veux|je voudrais|je prefere|i want|i prefer|i d like|max|maximum|minimum|min|"
                   r"under|over|plus de|moins de|quelqu un a|someone in|mettez|put)\b")
# Intents that speak of the person sought: a gender or city said without "je suis"/"j'habite"
# is the wish ("plutôt des hommes", "Abidjan" after a card).
SEEKING: frozenset[Intent] = frozenset({"change_criteria", "show_profiles"})
# "qu'elle soit douce", "make she fine": a pronoun names the gender sought, but only as the
# answer to "whom do you seek?"; asked the age or city sought, the gender is already known
# and a pronoun is only how the member speaks of that person ("n'importe où tant qu'elle...").
_PRONOUN = re.compile(r"\b(?:qu (elle|il)|(elle|il) (?:doit|soit|ait|peut)|(she|he|her|him) (?:is|dey|be|should)|"
                      r"(?:make|wherever|where) (she|he))\b")
PRONOUN_CONTEXTS = frozenset({"asked_looking_for"})
# Cities outside the catalogue that members name ("Limbé", "ouaga"), recognised exactly.
GAZETTEER_NAMES: dict[str, str] = dict(recognisable_names())
# ...folded, which are no first names ("I be Bamenda": where they were; "Paname, 93"), but for
# the gazetteer's places that are first names too ("Florence", "Victoria").
PLACE_NAMES: frozenset[str] = frozenset(
    spelled(name) for name in (*GAZETTEER_NAMES, *CITY_ALIASES) if not is_first_name(name, capitalised=True))
CONTEXT_EXPECTS: dict[Context, Expecting] = {
    "asked_gender": "gender", "asked_age": "age", "asked_city": "city",
    "asked_looking_for": "looking_for_gender", "asked_age_range": "age_range",
    "asked_preferred_city": "preferred_city",
}
# After a card, a person named with a definite article is one shown ("je veux la dame de
# Lomé", "the guy from Dakar again"), not a new wish.
_THE_SHOWN = re.compile(
    r"\b(?:la|le|l|the|cette|ce|cet|that|this)(?: (?:jeune|belle|petite|grande|vieille|beau|young|nice|pretty))? "
    r"(?:dame|femme|fille|go|nga|homme|monsieur|gars|mec|mbom|lady|woman|girl|guy|man|gentleman)\b"
    # ...and those shown, in the plural ("les femmes que vous montrez", "the men you send")
    r"|\b(?:les|ces|the|those) (?:dames|femmes|filles|gos|hommes|messieurs|gars|mecs|ladies|women|girls|guys|men) "
    r"(?:que vous|qu on|que tu|you|that you)\b"
)
# Intents about a shown profile: words listed without a verb describe it ("infirmière ?").
ABOUT_A_PROFILE: frozenset[Intent] = frozenset({"profile_question", "decline_reason", "next_profile", "view_profile"})
# The slot each qualification question asks for.
EXPECTED_SLOTS: dict[str, str] = {
    "gender": "gender", "age": "age", "city": "city", "looking_for_gender": "looking_for_gender",
    "age_range": "age_range", "preferred_city": "preferred_city",
}
# A sentence that answers the question asked is short ("Femme.", "J'ai 30 ans."); a comma
# ends one too ("une femme, et c'est combien ?"), unless what follows speaks of it again
# ("les hommes de Yaoundé, ils sont comment ?" asks about them).
ANSWER_WORDS = 6
_SENTENCES = re.compile(r"(?<=[.!?;\n…,])\s*|\s+(?=(?i:mais|but|btw|au fait|by the way)\s)")
_SPOKEN_OF_AGAIN = re.compile(r"(?i:ils?|elles?|they|he|she|ceux|celles?|ces gens|"
                              # the place said first is what is asked about: "Thiès, c'est couvert ?"
                              r"c['’ ]?est (?:couvert|combien|dedans|inclus|desservi)|vous (?:couvrez|y etes|y êtes)|"
                              # "les hommes de Lausanne, vous en avez ?": whom the agency has there
                              r"vous en avez|y en a|(?:il )?y en a t il|you get|una get|do you have|"
                              r"you cover|is it covered)\b")
# A sentence with a subject of its own says something else ("il pleut trop à Douala").
_SOMEONE = re.compile(r"(?i:\b(?:il|elle|on|ils|elles|it|he|she|they|ca|cela)\b|\bça\b"
                      # "my daughter just turned 21", "mon fils a eu 10 ans" (not "my age is 30")
                      r"|\b(?:mon|ma|mes|my|son|sa|ses|his|her|notre|our)\b(?! (?:age|âge|nom|name|prenom|prénom)\b))")
# Asking whom the agency has, or what a word covers, even without "?": "vous avez des gens à
# Bafoussam", "les hommes de Lausanne, vous en avez", "quand vous dites Douala, ça inclut
# Bonabéri": the city named is no answer to "which city?".
_ASKS_THE_AGENCY = re.compile(r"\b(?:vous avez|vous en avez|avez vous|y a t il|y a t il|il y a|do you have|you get|"
                              r"una get|inclut|comprend|include|includes|vous dites|you say)\b")
# A question that is a greeting: "ça va ?", "how far?", "on dit quoi ?".
_HOW_ARE_YOU = re.compile(r"\b(?:ca va|comment (?:allez|vas|tu vas|ca)|vous allez bien|tu vas bien|la forme|"
                          # "allo ?", "vous êtes là ?": is anyone there
                          r"allo|vous etes la|t es la|tu es la|y a quelqu un|il y a quelqu un|are you there|"
                          r"anybody there|anyone there|you dey|una dey|hello|"
                          r"how are (?:you|u)|how far|how you dey|how (?:is|s) it going|what s up|wassup|sup|"
                          r"on dit quoi|ca dit quoi|ca dit|bien dormi|quoi de neuf|la famille)\b")
# Only whether someone is there: "vous êtes là ?", "allo ? y a quelqu'un ?", "you dey there?".
_ANYONE_THERE = re.compile(
    r"(?:(?:allo|allô|hello|ohe|eh|he|bonjour|bonsoir|hi|hey|svp|stp|please|madame|monsieur|abeg|merci) *)*"
    r"(?:(?:vous|tu|t|you|una) (?:etes|es|are|dey)(?: toujours| still| encore)? (?:la|there|here)|"
    r"(?:il )?y a (?:quelqu un|qqn|personne)(?: (?:la|ici))?|(?:is )?(?:anybody|anyone|somebody|someone) (?:there|here)|"
    r"(?:vous|tu) (?:me )?(?:lisez|lis|repondez|reponds)(?: (?:pas|plus))?|on me repond|allo|allô|hello)"
    r"(?: *(?:allo|hello|svp|stp|please|abeg|o|oh|ou quoi|ou bien|ou pas|merci))*"
)
# A condition or an indirect question states nothing ("si je choisis Dakar, je paie plus
# cher ?", "pourquoi tu veux savoir si je suis une femme ?", "if I'm 45 can I join?"), up to
# the end of its clause; "même si j'ai 50 ans" concedes a fact and is kept.
_HYPOTHESIS = re.compile(
    r"(?i)(?<!même )(?<!meme )(?<!even )\b(?:si|if)\s+(?=(?:je|j['’ ]|tu|vous|on|une?|le|la|les|mon|ma|mes|i|i['’]m|"
    r"you|we|my|a|an|the|il|elle|he|she|they)\b)[^,.;!?\n]*"
)
# Asking to widen the search to a city or ages ("vous pouvez élargir à Douala ?", "can you add
# Lyon?"), not whether the agency grows ("vous allez vous étendre à Garoua ?") nor what a word
# covers ("ça inclut Bonabéri ?").
WIDEN = re.compile(r"\b(?<!vous )(?<!s )(?<!ca )(?<!cela )(?<!it )(?:elargi\w*|etend\w*|ajout\w*|rajout\w*|inclu\w*|widen\w*|extend\w*|"
                    r"expand\w*|add|include)\b")
# A city said after a card in at most this many words ("Abidjan", "abj stp") is the one wished.
BARE_CITY_WORDS = 3
# Flags the rules set with near certainty: they win over a classifier that disagrees.
COMMANDS: tuple[tuple[str, Intent], ...] = (("opt_out", "opt_out"), ("opt_in", "opt_in"))


@dataclass
class Reader:
    """Reads messages with the rules and, when it has one, the intent classifier."""

    encoder: Encoder
    classifier: IntentClassifier | None = None
    _last: tuple[str, str, np.ndarray] | None = field(default=None, repr=False)  # text, context, features

    def _features(self, text: str, context: Context, rules: Understanding) -> np.ndarray:
        if self._last is not None and self._last[:2] == (text, context):
            return self._last[2]
        features = feature_matrix([text], [context], [rules], self.encoder)[0]
        self._last = (text, context, features)
        return features

    def topics(self, text: str, *, context: Context = "none") -> dict[str, float]:
        """How likely each knowledge-base topic is what a question asks about (empty without a model)."""
        if self.classifier is None or not text.strip():
            return {}
        rules = understand(text, expecting=CONTEXT_EXPECTS.get(context), city_aliases=GAZETTEER_NAMES)
        return self.classifier.predict_topics(self._features(text, context, rules))

    def read(self, text: str, *, context: Context = "none", known_cities: Sequence[str] = ()) -> Understanding:
        """What one member message (or a burst, joined) says and wants."""
        rules = understand(text, known_cities=known_cities, expecting=CONTEXT_EXPECTS.get(context),
                           city_aliases=GAZETTEER_NAMES)
        if self.classifier is None or not text.strip():
            return rules
        prediction = self.classifier.predict(self._features(text, context, rules))
        return with_roles(rules, intent=prediction.intent, confidence=prediction.confidence, context=context,
                          known_cities=known_cities)

    def alternatives(self, text: str, *, context: Context = "none", count: int = 3) -> list[Intent]:
        """The intents the classifier finds likeliest for a message, best first."""
        if self.classifier is None or not text.strip():
            return []
        rules = understand(text, expecting=CONTEXT_EXPECTS.get(context), city_aliases=GAZETTEER_NAMES)
        return list(self.classifier.predict(self._features(text, context, rules)).probabilities)[:count]

    def read_many(self, texts: Sequence[str], contexts: Sequence[Context],
                  known_cities: Sequence[str] = ()) -> list[Understanding]:
        """`read` for many messages at once (one batch through the sentence model)."""
        readings = [understand(t, known_cities=known_cities, expecting=CONTEXT_EXPECTS.get(c),
                               city_aliases=GAZETTEER_NAMES)
                    for t, c in zip(texts, contexts, strict=True)]
        if self.classifier is None:
            return readings
        features = feature_matrix(texts, contexts, readings, self.encoder)
        probabilities = self.classifier.predict_rows(features)
        labels = self.classifier.labels
        return [
            with_roles(r, intent=labels[int(p.argmax())], confidence=float(p.max()), context=c,
                       known_cities=known_cities)
            for r, p, c in zip(readings, probabilities, contexts, strict=True)
        ]


# The member's own answer said to hold for the one sought too: "Accra. And same for the lady",
# "Douala, pareil pour la femme".
_SAME_FOR = re.compile(r"\b(?:(?:the )?same (?:for|with) (?:the |my )?|(?:pareil|idem|meme chose|la meme chose|la meme) "
                       r"pour (?:la |le |l |ma |mon )?)(?P<who>lady|man|woman|girl|guy|person|partner|femme|homme|"
                       r"personne|go|gars|fille|partenaire)\b")
# After a card, another city asked about: "et à Lyon ?", "what about Accra?", "y a pas à Dakar ?".
_OTHER_CITY = re.compile(
    r"^(?:(?:ok|bon|ah|hmm|suivant|next) )*(?:et|pis|and|what about|what of|how about|y a pas|il y a pas|y a rien|"
    r"y a personne|vous avez pas|et sinon)(?: (?:a|au|en|sur|in|at|for|de|d|quelqu un a))? [a-z]+(?: [a-z]+)?"
    r"(?: (?:vous avez (?:qui|quelqu un|personne|rien)|you get|dey|aussi|too|alors|then))?$"
)


def asks_if_anyone_there(text: str) -> bool:
    """Only whether someone reads: "vous êtes là ?", "allo ? y a quelqu'un ?", "you dey there?"."""
    return bool(_ANYONE_THERE.fullmatch(spelled(text).replace("|", " ").strip()))


def with_roles(rules: Understanding, *, intent: Intent, confidence: float, context: Context,
               known_cities: Sequence[str] = ()) -> Understanding:
    """The rules' reading with the intent decided, each slot given its role, references read."""
    for flag, command in COMMANDS:
        if getattr(rules, flag) and intent != command and intent not in ("question", "delete_data"):
            intent, confidence = command, max(confidence, 0.9)
    normalised = spelled(rules.text)
    if asks_if_anyone_there(rules.text):
        # "vous êtes là ?", "allo ? y a quelqu'un ?": whether someone reads, no question for the knowledge base
        intent, confidence = "greeting", max(confidence, AGREED)
        rules = dataclasses.replace(rules, question=False)
    if intent == "question" and rules.complaint and not rules.question:
        # "Je veux signaler un membre, c'est une arnaque": a report, not a question about scams
        intent, confidence = "complaint", max(confidence, AGREED)
    if intent in ("greeting", "thanks") and rules.question and not _HOW_ARE_YOU.search(normalised):
        intent = "question"  # "merci ! et vous couvrez Bouaké aussi ?": the question is what to act on
    asked_for: Intent | None = None  # a question that is a request: acted on, not also answered from the knowledge base
    if intent == "question" and asks_to_see(normalised):
        asked_for = intent = "show_profiles"  # "vous avez des go pour moi à Yaoundé ?": show them, not "yes we do"
    if intent == "question" and WIDEN.search(normalised) and (
            rules.city or rules.preferred_city or rules.wanted_cities or rules.age_range):
        asked_for = intent = "change_criteria"  # "vous pouvez élargir à Douala ?": the search, not the agency's cities
    after_card = context == "profile_shown" and intent in ("next_profile", "decline_reason", "question", "change_criteria")
    if (context == "profile_shown" and intent == "answer" and rules.city and not rules.preferred_city
            and len(normalised.split()) <= BARE_CITY_WORDS and rules.age is None and rules.gender is None
            and not says_where_they_live(normalised)):
        # "Abidjan" after a card: the member's own city is known by then, so a city said alone
        # is the one wished (script 43), however the classifier reads it
        rules = dataclasses.replace(rules, city=None, preferred_city=rules.city)
        intent, confidence = "change_criteria", max(confidence, AGREED)
    after_proposal = context == "asked_confirmation" and intent in ("question", "answer", "change_criteria")
    if ((after_card or after_proposal)
            and (city_wished_alone(normalised, (rules.city, rules.preferred_city), GAZETTEER_NAMES) or _OTHER_CITY.match(" ".join(normalised.split())))
            and (rules.city or rules.preferred_city)):
        # "suivant, Québec seulement", "what about Accra?", "et à Lyon ?" after a card or after the bot
        # proposed nearby cities: the search changes (and the knowledge base's list of cities is no
        # answer to it)
        rules = dataclasses.replace(rules, question=False)
        intent, confidence = "change_criteria", max(confidence, AGREED)
    read_by_rules = [a for a in _also(rules) if not (asked_for and a == "question")]
    if intent in read_by_rules:
        confidence = max(confidence, AGREED)  # the rules read the same thing: not a guess
    also = tuple(dict.fromkeys(a for a in read_by_rules if a != intent))
    changes: dict[str, object] = {"intent": intent, "confidence": round(confidence, 3), "also": also}
    name = find_first_name(rules.text, about_a_profile=intent in ABOUT_A_PROFILE or intent == "interest"
                           or context == "profile_shown")
    if (name and not (rules.city and _same(name, rules.city)) and not (rules.preferred_city and _same(name, rules.preferred_city))
            and spelled(name) not in PLACE_NAMES):
        changes["name"] = name  # not "I be Bamenda" (where they were), "Paname, 93"
    if rules.any_preference:
        changes.update(which_preference(normalised, default_age=context == "asked_age_range",
                                        default_city=context == "asked_preferred_city",
                                        cities_listed=bool(rules.wanted_cities)))
    shown = context == "profile_shown" and intent != "decline_reason" and bool(_THE_SHOWN.search(normalised))
    if shown:
        changes.update(_about_one_shown(rules, normalised))
    elif intent not in ANSWERING and not (context in CONTEXT_EXPECTS and intent in ("yes", "no")):
        changes.update(only_mentioned(rules, normalised, about_a_profile=intent in ABOUT_A_PROFILE,
                                      city_aliases=GAZETTEER_NAMES,
                                      stated=spelled(_HYPOTHESIS.sub(" ", rules.text)) if _HYPOTHESIS.search(rules.text) else None))
        changes.update(_answered_apart(rules, context=context, known_cities=known_cities, changes=changes))
        if context == "asked_confirmation" and intent in ("yes", "no") and rules.gender and not rules.looking_for_gender:
            # "Oui, une femme", "non non un homme !" to the bot's "vous êtes une femme ?": their own
            changes.update(gender=rules.gender, mentioned=tuple(
                m for m in changes.get("mentioned", rules.mentioned) if m != f"gender={rules.gender}"))  # type: ignore[attr-defined]
    elif intent in SEEKING:
        changes.update(_about_the_sought(rules, normalised))
        if intent == "show_profiles":
            changes.update(asked_who_is_there(dataclasses.replace(rules, **changes), normalised,  # type: ignore[arg-type]
                                              GAZETTEER_NAMES, expecting=CONTEXT_EXPECTS.get(context), wishing=True))
    elif intent == "answer":
        # "vous avez des femmes à Kribi ?" asks, whatever the bot asked before.
        changes.update(asked_who_is_there(rules, normalised, GAZETTEER_NAMES, expecting=CONTEXT_EXPECTS.get(context)))
    elif intent == "decline_reason":
        changes.update(_about_the_shown(rules, normalised))
    pronoun = _PRONOUN.search(normalised) if context in PRONOUN_CONTEXTS else None
    if intent in ("answer", "change_criteria") and pronoun and not rules.looking_for_gender:
        changes["looking_for_gender"] = "female" if _female(pronoun) else "male"
    if intent in ("answer", "change_criteria") and (same := _SAME_FOR.search(normalised)):
        city = changes.get("city", rules.city)
        if city and not changes.get("preferred_city", rules.preferred_city):
            changes["preferred_city"] = city  # "Accra. And same for the lady"
        if (same_gender := gender_word_at(same.group("who"))) and not changes.get("looking_for_gender",
                                                                                   rules.looking_for_gender):
            changes["looking_for_gender"] = same_gender
    if intent in ("view_profile", "interest", "profile_question", "decline_reason") or context == "profile_shown":
        changes["profile_ordinal"] = find_ordinal(normalised)
    if intent == "profile_question":
        changes["profile_field"] = find_profile_field(normalised)
    if intent in ("decline_reason", "next_profile", "change_criteria"):
        changes["decline_reason"] = find_decline_reason(normalised)
    if context == "profile_shown" and changes.get("gender", rules.gender) and gender_only_listed(rules):
        changes["gender"] = None  # "infirmière, non": the card's person, not the member
    gender = changes.get("gender", rules.gender)
    if gender and name and not names_own_gender(normalised) and _only_from_the_name(rules, name):
        changes["gender"] = gender = None  # "je suis Josiane": a first name's ending is no grammar
    if gender and not names_own_gender(normalised):
        changes["inferred"] = ("gender",)  # the bot checks it, and never lets it replace a stated one
    city = changes.get("city", rules.city)
    if (city and intent == "answer" and context not in ("asked_city", "asked_preferred_city")
            and not SELF_CITY.search(normalised) and rules.age is None and not gender
            and not rules.looking_for_gender and not rules.age_range):
        changes["unsure"] = ("city",)
    return dataclasses.replace(rules, **changes)  # type: ignore[arg-type]


def _answered_apart(rules: Understanding, *, context: Context, known_cities: Sequence[str],
                    changes: dict[str, object]) -> dict[str, object]:
    """The answer to the question asked, when a sentence of its own gives it beside a request
    ("Woman. Btw is this free?", "30 ans, c'est payant ?"): stored, whatever else is asked."""
    expecting = CONTEXT_EXPECTS.get(context)
    slot = EXPECTED_SLOTS.get(expecting or "")
    value = getattr(rules, slot) if slot else None
    if slot is None or value is None or changes.get(slot, value) is not None:
        return {}
    sentences = [s for s in _SENTENCES.split(rules.text) if s.strip()]
    for sentence, following in zip(sentences, [*sentences[1:], ""], strict=True):
        if (sentence.rstrip().endswith("?") or len(sentence.split()) > ANSWER_WORDS or _SOMEONE.search(sentence)
                or _HYPOTHESIS.search(sentence) or _ASKS_THE_AGENCY.search(spelled(sentence))):
            continue
        if sentence.rstrip().endswith(",") and _SPOKEN_OF_AGAIN.match(following):
            continue
        alone = understand(sentence, known_cities=known_cities, expecting=expecting, city_aliases=GAZETTEER_NAMES)
        if getattr(alone, slot) == value and not alone.question:
            before = changes.get("mentioned", rules.mentioned)
            mentioned = tuple(m for m in before if not m.startswith(f"{slot}=")) if isinstance(before, tuple) else ()
            return {slot: value, "mentioned": mentioned}
    return {}


def _only_from_the_name(rules: Understanding, name: str) -> bool:
    """Whether the member's gender was read only from the ending of their first name."""
    # read as the rules read (with the sentences' bounds, which words listed at a sentence's
    # start agree by: "Sandrine, 47 ans, Lyon. Divorcée depuis peu"), a word that agrees with
    # nothing in place of the name
    without = re.sub(rf"\b{re.escape(spelled(name))}\b", "x", read_as_rules_do(rules.text))
    own, _ = find_genders(without, roles=find_roles(without, None), expecting=None, listed=rules.language != "en",
                          accented=accented_masculine(rules.text))
    return own is None


def _same(a: str, b: str) -> bool:
    return spelled(a) == spelled(b)


def _female(pronoun: re.Match[str]) -> bool:
    return any(g in ("elle", "she", "her") for g in pronoun.groups() if g)


def _also(rules: Understanding) -> list[Intent]:
    """Other intents the rules' flags show."""
    flags: list[tuple[str, Intent]] = [
        ("question", "question"), ("greeting", "greeting"), ("thanks", "thanks"),
        ("wants_human", "human"), ("complaint", "complaint"), ("wants_next", "next_profile"),
        ("wants_profiles", "show_profiles"), ("contact_request", "interest"), ("opt_out", "opt_out"),
        ("opt_in", "opt_in"),
    ]
    found: list[Intent] = [intent for flag, intent in flags if getattr(rules, flag)]
    if rules.answers_qualification(asked=None):
        found.append("answer")
    return found


def _about_the_sought(rules: Understanding, normalised: str) -> dict[str, object]:
    """In a wish, the gender and city not explicitly the member's own are the sought one's
    (a gender read from the member's grammar is theirs: "intéressée, montrez-moi des profils")."""
    changes: dict[str, object] = {}
    if (rules.gender and not rules.looking_for_gender and not says_own_gender(normalised)
            and names_a_gender(normalised)):
        changes.update(gender=None, looking_for_gender=rules.gender)
    if rules.city and not rules.preferred_city and not says_own_city(rules, normalised, GAZETTEER_NAMES):
        changes.update(city=None, preferred_city=rules.city)
    if (rules.age is not None and _ONE_WISHED_OF_AGE.match(normalised) and not SELF_AGE.search(normalised)
            and (rules.gender is None or "looking_for_gender" in changes)):
        # "une femme de 30 ans à Douala svp": the age of the one wished, not the member's
        changes.update(age=None, mentioned=(*rules.mentioned, f"age={rules.age}"))
    return changes


# A wish opening on the person wished and their age ("une femme de 30 ans à Douala", "a lady of 40").
_ONE_WISHED_OF_AGE = re.compile(
    r"^(?:(?:bonjour|bonsoir|salut|slt|bjr|bsr|cc|hello|hi|hey) )?(?:je (?:veux|cherche|voudrais) |i want |show me )?"
    r"(?:une?|a|an|des|les) (?:[a-z]+ )?(?:go|femmes?|filles?|dames?|hommes?|monsieur|messieurs|mecs?|gars|mboms?|"
    r"wom[ae]n|lad(?:y|ies)|girls?|m[ae]n|guys?)(?: [a-z]+)? (?:de|d|of|aged)\b"
)


# "I want a man of God", "une femme de Dieu" after a card: the reason is faith; the gender
# sought is already known and is not said again.
_FAITH = re.compile(r"\b(?:homme|femme|fille|man|woman|lady|girl) (?:de dieu|of god)\b")


def _about_one_shown(rules: Understanding, normalised: str) -> dict[str, object]:
    """A person shown, named by the member ("je veux la dame de Lomé"): its gender and city
    are that person's, mentioned; what the member says of themself is kept."""
    changes = only_mentioned(rules, normalised, about_a_profile=True, city_aliases=GAZETTEER_NAMES)
    named = [f"{slot}={value}" for slot in ("looking_for_gender", "preferred_city")
             if (value := changes.get(slot, getattr(rules, slot))) is not None]
    if named or rules.wanted_cities:
        mentioned = changes.get("mentioned", rules.mentioned)
        changes.update(looking_for_gender=None, preferred_city=None, wanted_cities=(),
                       mentioned=(*mentioned, *named))  # type: ignore[misc]
    return changes


# After a card, a sentence naming the one wished instead, without a verb or as a request ("Une
# femme de 40 ans minimum, merci", "a woman 35 and over please", "montrez moi des femmes de 30
# ans et plus", "moi c'est les femmes de 30 ans et plus"): a wish when it bounds an age.
_INSTEAD = re.compile(
    r"(?:^|\| |(?<= )(?=moi c ))(?:(?:montre[zr]? moi|show me|send me|envoye[zr]? moi|donne[zr]? moi|give me|moi c est|moi c|"
    r"plutot|rather|instead) )*(?:une?|a|an|des|les|some) (?P<person>[^|]+)"
)


def _wished_instead(text: str) -> tuple[Gender, AgeRange] | None:
    """The gender and ages of the one wished instead of the card's person, if a sentence says them."""
    for m in _INSTEAD.finditer(read_as_rules_do(text)):
        person = m.group("person").strip()
        gender = gender_word_at(person)
        wished = find_ages(person, roles=find_roles(person, None), expecting=None)[1] if gender else None
        if gender and wished:
            return gender, wished
    return None


def _about_the_shown(rules: Understanding, normalised: str) -> dict[str, object]:
    """A reason to turn a profile down, and the one wished instead if a sentence says so."""
    instead = _wished_instead(rules.text)
    if instead is None:
        return _about_the_card(rules, normalised)
    gender, wished = instead
    own = rules.gender if rules.gender != gender or says_own_gender(normalised) else None
    changes = _about_the_card(dataclasses.replace(rules, gender=own, looking_for_gender=None, age_range=None),
                              normalised)
    return {**changes, "gender": changes.get("gender", own), "looking_for_gender": gender, "age_range": wished}


def _about_the_card(rules: Understanding, normalised: str) -> dict[str, object]:
    """A reason to turn a profile down speaks of that profile: its age, gender and city are not
    the member's; a range or a city is a new wish only when said as one ("je veux max 35"),
    and a range only in the words of the wish ("elle a la quarantaine, je veux plus jeune" wishes
    no forties)."""
    said = _WISH.search(normalised)
    wish = bool(said)
    in_wish = said is not None and find_ages(normalised[said.start():], roles=find_roles(normalised[said.start():], None),
                                             expecting=None)[1] == rules.age_range
    changes = only_mentioned(dataclasses.replace(
        rules,
        age_range=None if in_wish else rules.age_range,
        preferred_city=None if wish else rules.preferred_city,
    ), normalised, about_a_profile=True, city_aliases=GAZETTEER_NAMES, turning_down=True)
    if wish and rules.city and not rules.preferred_city and not SELF_CITY.search(normalised):
        changes["preferred_city"] = rules.city
    if changes.get("looking_for_gender", rules.looking_for_gender) and _FAITH.search(normalised):
        changes["looking_for_gender"] = None
        changes["mentioned"] = (*changes.get("mentioned", rules.mentioned),  # type: ignore[misc]
                                f"looking_for_gender={rules.looking_for_gender}")
    return changes
