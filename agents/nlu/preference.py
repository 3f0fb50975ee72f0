"""What a "peu importe" is said of: the age sought, the city sought, or (by the question) either.

"je cherche un homme de 30 à 40 ans, peu importe la ville" is indifferent to the city, not
to the age the sentence also names: the words of the phrase itself ("n'importe où", "tous
les âges") decide first, then the words right after it ("peu importe la ville"), then the
nearest ones before it ("l'âge m'importe peu", "à Yakro aussi, peu importe").
"""

from __future__ import annotations

import re

from agents.nlu.intents import ANY_PREFERENCE

LOOK_BEFORE = 5  # words before the phrase that may say what it is about
_ANY = re.compile(r"(?<![a-z0-9])(?:" + "|".join(ANY_PREFERENCE) + r")(?![a-z0-9])")
_AGE = r"age|ages|years|old"
_CITY = (
    r"ville|villes|city|cities|where|wherever|everywhere|anywhere|ou|lieu|endroit|place|location|"
    r"area|pays|country|partout|town|distance|loin|far|(?:etre|vivre|habiter|rester|be|live) (?:a|en|au|in|at) [a-z]+"
)
_DETERMINERS = r"(?:(?:la|l|le|les|the|for|of|about|de|d|pour|quel|quelle|sa|son|leur|his|her|their) )*"
_CUE = rf"{_DETERMINERS}(?:{_AGE}|{_CITY})"
_JOINED = rf"{_CUE}(?: (?:et|and|ni|or|ou) {_CUE})?"
# What the phrase is about, said right after it ("peu importe la ville", "n'importe où"),
# or just before it ("l'âge m'importe peu"), maybe two things joined ("l'âge et la ville").
_AFTER = re.compile(rf"{_JOINED}\b")
_BEFORE = re.compile(rf"\b(?!ou\b){_JOINED}(?: [a-z]+){{0,2}}$")
_AGE_CUE = re.compile(rf"\b(?:{_AGE})\b")
_CITY_CUE = re.compile(rf"\b(?:{_CITY})\b")


def _about(span: str | None, *, where: bool = True) -> tuple[bool, bool] | None:
    """(age, city) that a stretch of words names, if it names one; "ou" counts only if where."""
    if not span:
        return None
    age = bool(_AGE_CUE.search(span))
    city = any(where or m.group(0) != "ou" for m in _CITY_CUE.finditer(span))
    return (age, city) if age or city else None


# An age indifference that bounds itself right after: "any age above 50", "n'importe quel âge entre 25 et 35".
_BOUNDED = re.compile(r"(?: (?:age|ages|years|old))? (?:above|over|below|under|between|from|au dessus|au dessous|entre|"
                      r"de plus|de moins|a partir)\b")
# "partout sauf Kinshasa", "any city except Lagos", "Not Lagos. Anywhere in the east": a city
# ruled out is no indifference to the city.
_EXCEPT = re.compile(r"\b(?:sauf|except|excepte|hormis|but not|apart from|other than|no be)\b|^not\b")
# "Douala or Bamenda, any one of the two", "Kinshasa ou Brazzaville, les deux": one of the cities said.
_ONE_OF = re.compile(r"\b(?:any one|anyone|any of (?:them|the two|dem)|either|l une ou l autre|n importe laquelle|"
                     r"les deux|les 2|both)\b")


def which_preference(normalised: str, *, default_age: bool, default_city: bool,
                     cities_listed: bool = False) -> dict[str, bool]:
    """{"any_age", "any_city"} for the indifference phrases of a normalised text; the defaults
    (from the question asked) when nothing around a phrase says what it is about
    (`cities_listed`: the message names several cities wished, among which "any one" chooses)."""
    age = city = False
    for m in _ANY.finditer(normalised):
        if _BOUNDED.match(normalised, m.end()):
            continue  # "any age above 50", "I fit take any age between 22 and 40": a range, not any age
        before = " ".join(normalised[: m.start()].split()[-LOOK_BEFORE:])
        after = _AFTER.match(normalised, m.end() + 1)
        earlier = _BEFORE.search(before)
        found = (_about(m.group(0)) or _about(after.group(0) if after else None)
                 or _about(earlier.group(0) if earlier else None, where=False))
        a, c = found if found else (default_age, default_city)
        age, city = age or a, city or c
    if city and (_EXCEPT.search(normalised) or (cities_listed and _ONE_OF.search(normalised))):
        city = False
    return {"any_age": age, "any_city": city}
