"""Genders named in a message: the member's own and the one they look for."""

from __future__ import annotations

import dataclasses
import re

from agents.nlu.agreement import gender_by_agreement, noun_gender
from agents.nlu.kinship import kin_gender
from agents.nlu.normalize import edit_distance, squeeze
from agents.nlu.roles import Roles, find_roles
from graph.state import Gender

MALE_WORDS: tuple[str, ...] = (
    "hommes?", "monsieur", "messieurs", "mr", "garcons?", "mecs?", "gars", "keum", "jh",
    "jeune homme", "mari", "epoux", "copain", "petit ami", "petit copain", "compagnon",
    "man", "men", "males?", "gentlem[ae]n", "guys?", "boys?", "husband", "boyfriend",
    # Camfranglais, Lingala, nouchi, Pidgin
    "mboms?", "mobali", "gaous?", "bobs?", "masculin", "partenaire masculin", "male partner",
    "papa", "daddy", "dad", "father", "peres?", "veuf", "widower", "divorced man", "bachelor",
    "(?<=un )amoureux", "(?<=un )gar", "(?<=un )djo", "goor", "molas?", "(?<=un )frere",
    # Québec: "mon chum" is the boyfriend
    "chums?", "brothers?", "paters?",
    # British English: "bloke, 36, South London", "London lad", "a very grateful fella"
    "blokes?", "lads?", "fellas?", "fellows?", "chaps?", "businessm[ae]n", "grandpa", "grandad", "granddad",
    # the one sought, as members call him: "un chéri", "a hubby", "mon prince charmant", "a king"
    "(?<=un )cheri", "(?<=un )bonhomme", "hubby", "prince charmant", "(?<=a )king",
    # "un conjoint", "a gent in his fifties", "un type sérieux", "un tonton calme", Wolof "jëkkër"
    # (husband), Lingala "mibali" (men), "compagnie masculine"
    "conjoints?", "gents?", "(?<=un )type(?! d)", "(?<=un )tonton", "jekker", "mibali", "masculine",
    # "un vrai djo", Yoruba "okunrin" (man), Pidgin "massa wey get respect"
    "(?<=vrai )djo", "(?<=beau )djo", "okunrin", "massa(?= wey)", "(?<=serious )massa", "(?<=one )massa",
)
FEMALE_WORDS: tuple[str, ...] = (
    "femmes?", "dames?", "madame", "mme", "mlle", "mademoiselle", "demoiselles?", "filles?",
    "meufs?", "nanas?", "jf", "jeune femme", "epouse", "copine", "petite amie",
    "petite copine", "compagne", "(?:une|la|les|des|petite|nouvelles?|jolies?|belles?) go", "(?<=cherche )go",
    "wom[ae]n", "females?", "lady", "ladies", "girls?", "wife", "girlfriend",
    "(?:une|la|les|des|petite|ma) gos", "ngas?", "mwasi", "babes?", "feminin", "maman", "mama",
    "mum", "mom", "mother", "meres?", "veuve", "widow", "sisters?", "(?<!ame )soeurs?",
    "(?<=une )amoureuse", "(?<=une )partenaire", "jigeen", "spinster",
    # Québec: "ma blonde" is the girlfriend
    "(?<=ma )blonde", "(?<=une )blonde", "(?<=future )blonde", "maters?",
    "lass(?:es)?", "businesswom[ae]n", "grandma", "granny", "deaconess", "diaconesse", "jeunette", "mami",
    "(?<=une )cherie", "wifey", "dulcinee", "princesse", "(?<=a )queen",
    # "une conjointe", "a fine chick", "a housewife", "une tantie mature", Wolof "sokhna" (lady),
    # Lingala "basi" (women), Pidgin "titi" (girl), "compagnie féminine"
    "conjointes?", "chicks?", "housewif(?:e|es)", "(?<=une )(?:tantie|tata|tantine)", "sokhna", "basi",
    "titis?", "feminines?",
    # Fang "minga"/"mininga", Dioula "mousso", Wolof "jabar" (wife), "soxna", "drianké" (a lady of
    # means), Lingala "moseka" (young woman), Yoruba "obinrin", "iyawo" (wife), Twi "obaa", "ma reine"
    "mining?a", "minga", "moussos?", "jabar", "soxna", "drianke", "mosekas?", "obinrin", "iyawo", "obaa",
    "(?<=ma )reine",
    # "18-25, une petite", "je veux une jeune de Bafoussam": a young woman, no noun after
    r"(?<=une )(?:petite|jeune)(?= (?:de|d|du|pour|qui|svp|stp|please|avec|bien|serieuse)\b| *$| *\|)",
)
# Before a gender word, these make it someone else ("ma femme", "j'ai une fille" = daughter)
# or a form of address ("bonjour madame").
NOT_A_GENDER_BEFORE = (
    # "papa de 2 filles": children counted (not "I'm 27, female")
    r"(?<!\d)(?:[1-9]|1[0-2])(?!\d)|ma|mon|mes|sa|son|ses|ta|ton|tes|notre|nos|votre|vos|leur|leurs|my|his|her|your|their|our|"
    # "mon ex femme", "sugar daddy": someone the member had, or a kind of man no one is
    r"ex|sugar|married|"
    r"j ai (?:une|un|\d+|des)|i have (?:a|an|\d+)|(?:t|tu) as (?:une|un)|"
    # Lingala "nazali na mobali" (I have a man)
    r"nazali na"
)
# A child: "maman d'un garçon", "father of a girl", "un garçon de 6 ans".
CHILD_BEFORE = re.compile(
    r"\b(?:maman|mere|mama|papa|pere|parent|mother|father|mum|mom|dad)s? (?:d|de|of)(?: (?:un|une|a|an|\d+))?\s*$")
CHILD_AFTER = re.compile(r" (?:de |of )?(?:[1-9]|1[0-5]) (?:ans?|years?|yrs?)\b"
                         # "c'est la mère de mes enfants qui m'a parlé de vous": someone of the member's
                         r"|(?:(?<=mere)|(?<=pere)|(?<=papa)|(?<=maman)) (?:de|d) (?:mes|mon|ma)\b(?! [a-z]+ (?:et|mais)\b)"
                         # Lingala possessives: "mwasi na ngai akufa" (my wife died)
                         r"| na (?:ngai|yo|ye|biso|bino)\b")
# "mis en relation avec un homme marié": the one the member was with, never the member.
WITH_BEFORE = re.compile(r"\b(?:avec|with)(?: (?:un|une|des|le|la|les|l|a|an|the))?\s*$")
# ...except after a verb of looking for: "je cherche mon gars", "looking for my wife".
SEEKING_BEFORE = re.compile(r"\b(?:cherche|recherche|trouver|trouve|rencontrer|for|find|meet)\s*$")
# "for the right man", "pour le bon", "the right woman": the one sought, whoever speaks.
_THE_RIGHT_ONE = re.compile(r"\b(?:the right|mr right|pour (?:le bon|la bonne))\s*$")
# A gender word said not to be wanted ("pas une femme", "not women", "no be woman").
NEGATED_BEFORE = re.compile(
    r"(?:^|\s)(?:(?:pas|plus|not|no be|ni|sauf|except|(?:don t|do not|doesn t|no) (?:want|like|need|show me|send me)|"
    r"fatiguee? (?:de|des|d)|marre (?:de|des|d)|tired of|sick of|decue? (?:de|des|par)|degoutee? (?:de|des|par)|"
    r"ne me montrez pas|ne m envoyez pas|pas (?:m|me) (?:envoyer|montrer|proposer))"
    r"(?: (?:un|une|des|les|de|d|la|le|l|a|an|the|some|any|of|que|forcement|only|just|seulement|"
    r"uniquement|juste))*|no)\s*$"
)  # "no" alone only right before the word ("no men"): "no, a woman" answers; "not only women"
# is no wish for them either ("show me men too, not only women")
# A definite article makes a specific person out of the word ("le monsieur était..."): never
# the member, unless they say "je suis la maman de...".
DEFINITE_BEFORE = re.compile(r"(?:^|\s)(?<!suis )(?<!c est )(?<!i m )(?<!i am )(?:le|la|l|the|ce|cette|cet|this|that)\s*$")
# Someone in particular: "la vidéo du gars qui danse", "ce monsieur" (not "la femme de ma vie",
# which answers whom the member seeks).
_ONE_BEFORE = re.compile(r"(?:^|\s)(?<!suis )(?<!c est )(?:du|au|ce|cette|cet)\s*$")
# "la femme, je la veux entre 25 et 35": the wish put first.
_WISH_PUT_FIRST = re.compile(r"(?: [a-z]+){0,2} (?:je|j|moi je) (?:la|le|les|l) ")
# What the agency did show: a participle ("vous m'avez envoyé"), or a present said to complain
# ("vous me proposez que des vieux"); not what is asked ("montrez-moi", "vous m'envoyez les
# hommes quand ?", "me montrer").
SHOWN = (r"(?:(?:montre|envoye|propose|presente|donne|sorti|mis)(?:e|s|es)?\b|"
         r"(?:montrez|envoyez|proposez|sortez|donnez|montres|envoies|proposes) (?:que|seulement|toujours|encore)\b)")
# Someone the agency showed or sent the member ("vous m'avez montré une dame de 52 ans"): no wish.
SHOWN_BEFORE = re.compile(
    rf"(?<!je )\b(?:m|me)(?: (?:avez|a|as|ont|aviez|avait|avaient))?(?: (?:encore|deja|toujours|que|juste|meme))* {SHOWN}"
    r"(?: (?:encore|que|juste|seulement|toujours|meme))*(?: (?:un|une|des|le|la|les|l|ce|cette|ces|deux|trois))?\s*$"
)
# Before the word, phrases that make it what the member is ("en tant que femme", "nous les
# hommes", "as a single mum"); after it, "comme moi" ("une femme comme moi").
# ...and asked why, or said to go on ("pourquoi vous me montrez des femmes ??", "why are you showing
# me guys?", "the app keeps showing me men", "you sent me a lady from Lagos").
SHOWN_COMPLAINED = re.compile(
    r"(?:\b(?:pourquoi|why)(?: [a-z]+){0,3} (?:me |m )?(?:montrez|montres|envoyez|envoies|proposez|proposes|"
    r"showing me|show me|send me|sending me|sent me|showed me)|\b(?:keeps?|kept) (?:showing|sending)(?: me)?|"
    r"\b(?:showed|sent|shown) me)"
    r"(?: (?:only|just|all|these|those|the|some|more|again|des|les|que|seulement|encore|a|an|un|une))*\s*$"
)
OWN_BEFORE = re.compile(
    r"(?:^|\s)(?:en tant que(?: une?)?|as an?|nous les|we|moi qui suis(?: une?)?)(?: (?:jeune|single|young))?\s*$"
    # "as a serious guy", "as a Bakweri man"
    r"|(?:^|\s)as an? [a-z]+\s*$"
)
# Someone else speaking or wanting: "mum says I'm running out of time", "papa veut".
SPEAKS_AFTER = re.compile(r" (?:says|said|keeps|wants|thinks|dit|a dit|veut|pense|insiste)\b")
# A kind of person refused, not a gender: "pas de fille qui fume", "pas d'homme marié", "pas
# de femme avec enfant", "no old man o" (the one sought is still a woman, a man).
QUALIFIED_AFTER = re.compile(r" (?:qui|qu|avec|with|who|that|wey|marie|mariee|married|deja|already|fumeur|fumeuse)\b")
_ONE_KIND_BEFORE = re.compile(r"(?:^|\s)(?:pas|no|not)(?: (?:de|d|a|an|any))?(?: (?:old|young|vieux|vieil|jeune))?\s*$")


OWN_AFTER = re.compile(r"\s(?:comme moi|like me|like myself)\b")
# After another answer, a gender word said as a wish: asked for ("un homme svp"), preferred
# ("une femme africaine de préférence", "ideally a man"), or bounded by age ("une femme de 40
# minimum", "un homme plus âgé que moi", "une femme qui n'a pas dépassé 38 ans").
WISHED_AFTER = re.compile(
    r"(?: [a-z0-9]+){0,3}? (?:svp|stp|s il vous plait|s il te plait|please|pls|de preference|preferably|ideally|"
    r"idealement|ce serait l ideal|would be ideal|minimum|min|maximum|max|au moins|at least|et plus|ou plus|"
    r"and over|and above|or older|(?:plus|moins) (?:agee?|jeune|vieux|vieille)s? que moi|older than me|"
    r"younger than me|qui n a pas depasse|in (?:his|her) (?:twenties|thirties|forties|fifties|sixties)|"
    r"dans la (?:vingtaine|trentaine|quarantaine|cinquantaine|soixantaine))\b"
)
WISHED_BEFORE = re.compile(r"(?:^|\s)(?:ideally|idealement|de preference|preferably)(?: (?:un|une|a|an|des|some))?\s*$")
# ...but not after "je suis" ("je suis une femme, 30 ans svp").
_SAID_AS_SELF = re.compile(r"(?:^|\s)(?:suis|c est|moi|i m|i am|i be)(?: (?:un|une|a|an))?\s*$")
# "pas un homme en tout cas", "definitely not a woman": the answer to whom they seek, by the other.
_NOT_THIS_ONE = re.compile(
    r"^(?:(?:definitely|surely|certainly|surtout|certainement|absolument|en tout cas|franchement|oh|ah|ben|bah) )*"
    r"(?:pas|not|no be|sauf) (?:(?:un|une|des|a|an|de|d) )?"
)
# "mon homme doit avoir 40 ans", "my wife must be calm": what the person sought must be.
REQUIRED_AFTER = re.compile(
    r" (?:(?:doit|doivent|devra|devrait) (?:avoir|etre|vivre|habiter)|(?:must|should) (?:be|have|live))\b"
)
# "un homme bien pour moi", "une femme pour mon fils": the person sought, for the member or
# for the one they write for.
FOR_SOMEONE_AFTER = re.compile(r"(?: [a-z]+){0,2} (?:pour|for) (?:moi|me|mon|ma|mes|my)\b")
# "ma future épouse", "my future wife": the person sought, whatever the verb.
FUTURE_BEFORE = re.compile(r"(?:^|\s)(?:ma|mon|my) (?:futur|future|futurs|futures)\s*$")
# "sexe : F", "gender: M".
_SEX_LETTER = re.compile(r"\b(?:sexe|sex|gender|genre) (?P<letter>[hfm])\b")
# A range right after the word describes the person sought ("homme 39. femme 28-36").
RANGE_AFTER = re.compile(r"\s(?:de |d |of |aged? )?(?:entre |between )?\d{2}(?: ans?)? ?(?:-|a|to|et|and) ?\d{2}\b")
SINGULAR_IN_S = frozenset({"gars", "lass", "deaconess"})
# "je suis la go du quartier", "moi c'est la dame en rouge": the member, even with "la".
_SAYS_SELF = re.compile(r"(?:^|\s)(?:suis|c est|moi|i m|i am)\s*$")
PLURAL_BEFORE = re.compile(r"(?:^|\s)(?:des|les|ces|quelques|plusieurs|some|these|those|many)\s*$")
PLURAL_WORDS = frozenset({"men", "women", "ladies", "gentlemen", "messieurs"})
# A greeting makes only a form of address out of the next word ("bonjour madame"), not
# a gender the member states ("bonjour, homme de 50 ans": punctuation is gone by now).
GREETINGS = r"bonjour|bonsoir|salut|merci|hello|hi|thanks|thank you|pardon|excusez moi|cher|chere|dear"
ADDRESS_WORDS = (r"monsieur|messieurs|mr|madame|mme|mlle|mademoiselle|dames?|lady|ladies|gentlemen|"
                 # "bonjour maman 🙏": the adviser greeted, not "bonjour, maman de 3 enfants"
                 r"(?:maman|mama|papa|tonton|tata|tantine)(?! (?:de|d|solo|of|monoparentale?)\b)")
# Titles a member addresses the adviser by ("ok madame", "j'ai 29 ans madame").
TITLES = r"monsieur|messieurs|mr|madame|mme|mlle|mademoiselle"
# Before an address word at the end of a sentence, these make it a description ("je suis
# une dame"), not a form of address ("j'ai 29 ans madame").
DESCRIBING_BEFORE = frozenset({"un", "une", "le", "la", "les", "des", "suis", "a", "an", "the", "vraie",
                               "vrai", "petite", "jeune", "belle", "cherche", "veux", "de", "d", "est",
                               # "un gentil monsieur", "une bonne dame"
                               "gentil", "gentille", "bon", "bonne", "brave", "beau", "grand", "grande", "vieux",
                               "vieille", "charmant", "charmante", "serieux", "serieuse", "simple", "honnete"})
# After a title opening a sentence, what makes it a form of address ("Madame, je voudrais").
ADDRESSING_AFTER = re.compile(
    r" (?:je|j|vous|s il|svp|please|i|can|could|est ce|pourquoi|comment|ou|quand|quel|quelle|combien|"
    r"merci|bonjour|bonsoir|excusez|pardon|svp|stp|s il vous plait|s il te plait)\b"
)
# When the bot asked for a gender, a short answer with a typo in the word ("fame", "hommme",
# "womna"): the word within one edit of these (squeezed, as members double letters).
TYPED_GENDERS: dict[str, Gender] = {
    "feme": "female", "home": "male", "woman": "female", "women": "female", "file": "female",
    "garcon": "male", "female": "female", "male": "male", "lady": "female",
}
# Short words one edit away from those that are words of their own ("mal", "fine").
NOT_TYPOS = frozenset({"mal", "fine", "fin", "mme", "mae", "fee", "hope", "come", "same", "name", "made", "make",
                       "sale", "tale", "pale", "fils", "mile", "mole", "mule", "lazy", "hole", "nome", "dame"})
NOT_WANTED_WORDS = frozenset({"pas", "not", "no", "sauf", "except", "ni", "jamais", "never"})
TYPO_MAX_WORDS = 3  # besides politeness ("une feme svp")
POLITE = frozenset({"s", "il", "vous", "te", "plait", "please", "merci", "thanks", "bien", "sur", "oui", "yes"})
# A whole answer of one letter, when the bot has just asked for a gender.
LETTERS: dict[str, Gender] = {"h": "male", "m": "male", "f": "female",
                               # titles given as the answer ("Miss", "Mrs", "Mr")
                               "miss": "female", "mrs": "female", "ms": "female", "mr": "male", "mister": "male"}

_WORD = re.compile(
    rf"(?<![a-z])(?:(?P<skip>(?:{NOT_A_GENDER_BEFORE}) |(?:{GREETINGS}) (?=(?:{ADDRESS_WORDS})\b))"
    # "ma grande soeur", "mon défunt mari", "my late wife", "my last boyfriend": someone of the member's
    rf"(?:(?:petite?|jeune|grande?|defunte?|feue?|regrettee?|ancienne?|late|last|former|previous|dead|"
    rf"twin|elder|older|younger|big|little|baby|step|half|jumeau|jumelle) )?)?"
    rf"(?:(?P<male>{'|'.join(MALE_WORDS)})|(?P<female>{'|'.join(FEMALE_WORDS)}))\b"
)
_TITLE = re.compile(rf"(?:{TITLES})")
# A title given as the whole answer to "are you a man or a woman?".
# ...maybe with the member's surname ("Mrs. Okafor", "Madame Ngo").
_TITLE_ANSWER = re.compile(r"(?:(?P<female>madame|mme|mademoiselle|mlle|mrs|miss|ms)|monsieur|mr|mister)(?: \|)?(?: [a-z]+)?"
                           r"(?: (?:s il vous plait|s il te plait|please))?")
# The member saying which they are: "je suis une femme", "I'm a single dad", "na woman I be".
_OWN = re.compile(
    r"(?<![a-z])(?:je suis|suis|i m|i am|i be|moi c est|en tant que|as(?= an? )|nous les|moi qui suis|nazali|"
    r"from an?(?= (?:[a-z]+ )?\d))"
    r"(?: (?:un|une|a|an|le|la))?(?: [a-z]+| \d{2}(?: ?(?:years?|yrs?|yr|y o|ans?))?(?: old)?){0,2}? "
    rf"(?:{'|'.join(MALE_WORDS)}|{'|'.join(FEMALE_WORDS)})\b"
    rf"|(?:{'|'.join(MALE_WORDS)}|{'|'.join(FEMALE_WORDS)}) (?:comme moi|like me)\b"
    r"|\b(?:sexe|sex|gender|genre) [hfm]\b"
    rf"|(?<![a-z])na (?:a )?(?:{'|'.join(MALE_WORDS)}|{'|'.join(FEMALE_WORDS)}) i be\b"
    # signing off: "..., from a very grateful fella", "from a lonely widow 😊"
    rf"|(?<![a-z])from an?(?: [a-z0-9]+){{0,4}} (?:{'|'.join(MALE_WORDS)}|{'|'.join(FEMALE_WORDS)})\s*$"
)
# A wish for a person named by nationality, faith or trade: "je cherche une ivoirienne",
# "je veux un chrétien", or that alone when asked whom they seek ("une camerounaise").
_WISHED_NOUN = re.compile(
    r"(?:\b(?:cherche\w*|recherche\w*|veux|voudrais|souhaite\w*|prefere\w*|aimerais|epouser|rencontrer|"
    r"trouver)(?: (?:plutot|vraiment|juste|seulement|surtout))? |^)(?P<article>un|une) (?P<word>[a-z]+)\b"
)
# "F 29 abj cherche H 30-40", "29F looking for M": one letter by an age, the member's, then
# the one sought.
_LETTER_AGE = re.compile(
    r"(?:^(?:(?:hi|hello|hey|bonjour|bonsoir|salut|slt|bjr|cc) )?(?:(?:i m|im|i am|je suis|jsuis|moi) )?|\| )"
    r"(?:(?P<own>[hfm]) \d{2}|\d{2} (?P<own_after>[hfm]))\b"
    r"(?:.*\b(?:cherche|recherche|seeking|looking for) (?P<wanted>[hfm])\b)?"
)
LETTER_GENDER: dict[str, Gender] = {"h": "male", "m": "male", "f": "female"}


def letter_by_age(text: str) -> tuple[Gender, int] | None:
    """The member's gender and age said as a letter by a number ("29F", "im 19 F", "H 40"),
    in a normalised text in digits."""
    m = _LETTER_AGE.search(text)
    if m is not None:
        age = re.search(r"\d{2}", m.group(0))
        assert age is not None  # the pattern has one
        return LETTER_GENDER[m.group("own") or m.group("own_after")], int(age.group(0))
    # anywhere in a text without its sentence marks ("unsubscribe. 29F, found someone"), but
    # only "f": "m" follows numbers as metres and "h" as hours ("dispo ce soir 20h")
    found = _AGE_LETTER.search(text)
    return (LETTER_GENDER[found.group("letter")], int(found.group("age"))) if found else None


_AGE_LETTER = re.compile(r"(?<![\d,.])\b(?P<age>[1-9]\d) ?(?P<letter>f)\b(?! ?\d)")
# "cherche H 35/45", "recherche JF": the letter of the gender sought, alone.
_WANTED_LETTER = re.compile(r"\b(?:cherche|recherche|seeking|looking for) (?P<letter>h|f|jh|jf)\b")
WANTED_LETTERS: dict[str, Gender] = {"h": "male", "jh": "male", "f": "female", "jf": "female"}
# "F seeking M", "H cherche F": the member's letter, then the one sought.
_LETTER_PAIR = re.compile(
    r"^(?P<own>[hfm]|jh|jf) (?:cherche|recherche|seeking|looking for|for|pour|x) (?P<wanted>[hfm]|jh|jf)\b"
)


def _gender_of(phrase: str) -> Gender | None:
    """The gender a phrase's gender word names, if one does."""
    m = _WORD.search(phrase)
    return None if m is None else ("male" if m.group("male") else "female")


def _is_plural(word: str) -> bool:
    last = word.split()[-1]
    return (word.startswith(("des ", "les ")) or last in PLURAL_WORDS
            or (last.endswith("s") and last not in SINGULAR_IN_S))


def _vocative(text: str, m: re.Match[str]) -> bool:
    """A title the member addresses the adviser by: closing a sentence after other words
    ("j'ai 29 ans madame"), or opening one before a request ("Madame, je voudrais...")."""
    if not _TITLE.fullmatch(m.group(0)):
        return False
    before = text[: m.start()].split()
    if not before or before[-1] == "|":
        return bool(ADDRESSING_AFTER.match(text, m.end()))
    return text[m.end():m.end() + 2] in ("", " |") and before[-1] not in DESCRIBING_BEFORE


def _gender_words(text: str, roles: Roles, *, after_an_answer: bool = False) -> tuple[set[Gender], set[Gender]]:
    """Gender words of a text, as the member's own or the wanted one (`after_an_answer`: the bot
    asked something else than the member's gender, so a gender word said as a wish in a later
    sentence, "52 ans. Une femme de 40 minimum stp", is the one sought)."""
    own: set[Gender] = set()
    wanted: set[Gender] = set()
    for m in _WORD.finditer(text):
        before = text[max(0, m.start() - 30): m.start()]
        required = bool(REQUIRED_AFTER.match(text, m.end()))
        if m.group("skip") and not (m.group("skip").split()[0] in ("ma", "mon", "mes", "my")
                                    and (SEEKING_BEFORE.search(before) or required)) and not (
                m.group("skip") == "married " and _SAID_AS_SELF.search(before)):  # "I'm a married woman now"
            continue
        word = m.group("male") or m.group("female")
        if NEGATED_BEFORE.search(before) and _ONE_KIND_BEFORE.search(before) and QUALIFIED_AFTER.match(text, m.end()):
            wanted.add("male" if m.group("male") else "female")
            continue
        if NEGATED_BEFORE.search(before) or _vocative(text, m) or CHILD_BEFORE.search(before) or CHILD_AFTER.match(
                text, m.end()) or SPEAKS_AFTER.match(text, m.end()):
            continue
        gender: Gender = "male" if m.group("male") else "female"
        if WITH_BEFORE.search(before) and roles.subject(m.start()) != "partner":
            continue
        if SHOWN_BEFORE.search(before) or SHOWN_COMPLAINED.search(before):
            continue
        if (roles.at(m.start()) == "neutral" and _ONE_BEFORE.search(before) and not _is_plural(word)
                and not _WISH_PUT_FIRST.match(text, m.end())):
            continue  # "t'as vu la vidéo du gars qui danse": someone in particular, whatever was asked
        if OWN_BEFORE.search(before) or OWN_AFTER.match(text, m.end()):
            own.add(gender)
        elif (roles.subject(m.start()) == "partner" or FUTURE_BEFORE.search(before) or _THE_RIGHT_ONE.search(before)
              or required
              or (FOR_SOMEONE_AFTER.match(text, m.end()) and roles.at(m.start()) != "self")
              or (after_an_answer and "|" in text[:m.start()] and not _SAID_AS_SELF.search(before)
                  and (WISHED_AFTER.match(text, m.end()) or WISHED_BEFORE.search(before))
                  and roles.at(m.start()) != "self")):
            wanted.add(gender)
        elif _is_plural(word) or PLURAL_BEFORE.search(before) or RANGE_AFTER.match(text, m.end()):
            wanted.add(gender)  # the member is one person, of one age
        elif not (DEFINITE_BEFORE.search(before) or (word.startswith(("la ", "les ")) and not _SAYS_SELF.search(before))):
            own.add(gender)
    return own, wanted


def names_a_gender(text: str) -> bool:
    """Whether a normalised text names a gender with a word ("homme", "une go"), not just agreement."""
    return any(_gender_words(text, find_roles(text, None))) or bool(_LETTER_AGE.search(text))


def names_own_gender(text: str) -> bool:
    """Whether a normalised text names the member's own gender with a word or a letter ("je suis
    un homme", "F 29"), not only by agreement ("fatiguée de chercher des hommes")."""
    own, _ = _gender_words(text, find_roles(text, None))
    return bool(own) or bool(_LETTER_AGE.search(text)) or bool(_SEX_LETTER.search(text))


def gender_word_at(text: str) -> Gender | None:
    """The gender of the word a normalised text starts with ("femme au pays" -> female)."""
    m = _WORD.match(text)
    if m is None or m.group("skip"):
        return None
    return "male" if m.group("male") else "female"


def says_own_gender(text: str) -> bool:
    """Whether the member names their own gender with a verb ("je suis une femme", "I'm a dad")."""
    return any(not NEGATED_BEFORE.search(text[max(0, m.start() - 30): m.start()]) for m in _OWN.finditer(text))


def find_genders(
    text: str, *, roles: Roles, expecting: str | None, listed: bool = True,
    accented: frozenset[str] = frozenset(),
) -> tuple[Gender | None, Gender | None]:
    """The member's gender and the wanted gender in a normalised text (None if unclear).

    `listed` and `accented` are as in `gender_by_agreement`."""
    asked = expecting in ("gender", "looking_for_gender")
    own, wanted = _gender_words(text, roles, after_an_answer=expecting != "gender")
    if len(wanted) == 2 and roles.default == "partner":
        # "homme de Douala, je cherche une femme" answering whom they seek: the word said before
        # the wish describes the member, as it would unprompted.
        unprompted = _gender_words(text, dataclasses.replace(roles, default="self"))
        if len(unprompted[0]) == 1 and len(unprompted[1]) == 1 and unprompted[0] != unprompted[1]:
            own, wanted = unprompted
    plain = text.strip(" |")
    if plain in LETTERS and expecting in ("gender", "looking_for_gender"):
        (own if expecting == "gender" else wanted).add(LETTERS[plain])
    if (sex := _SEX_LETTER.search(text)) and not own:
        own.add(LETTER_GENDER[sex.group("letter")])
    if (letters := _LETTER_AGE.search(text)) and not own:
        own.add(LETTER_GENDER[letters.group("own") or letters.group("own_after")])
        if letters.group("wanted") and not wanted:
            wanted.add(LETTER_GENDER[letters.group("wanted")])
    if len(own) == 2 and expecting == "gender" and "|" in text:
        # "homme ou femme ? femme": the question said again, then the answer in the last sentence.
        last, _ = _gender_words(text.rsplit("|", 1)[1], find_roles(text.rsplit("|", 1)[1], None))
        own = last if len(last) == 1 else own
    if len(wanted) == 2 and expecting == "looking_for_gender" and "|" in text:
        last_sentence = text.rsplit("|", 1)[1]
        _, last = _gender_words(last_sentence, find_roles(last_sentence, expecting))
        wanted = last if len(last) == 1 else wanted
    stated = {g for m in _OWN.finditer(text) if (g := _gender_of(m.group(0)))} if len(own) == 2 else set()
    if len(stated) == 1:
        # "je suis un homme, donc une femme": the gender said with "je suis" is the member's,
        # the other one the wish (unless the wish is said otherwise: "je suis veuve, pas de
        # sugar daddy, je veux un compagnon").
        wanted = wanted or own - stated
        own = stated
    if not own and (kin := kin_gender(text)):
        own.add(kin)
    if (pair := _LETTER_PAIR.match(text)) and not own and not wanted:
        own.add(LETTER_GENDER[pair.group("own")[-1]])
        wanted.add(LETTER_GENDER[pair.group("wanted")[-1]])
    if not wanted and (named := sought_named(text)):
        wanted.add(named)  # "la fille que je cherche", "the kind of woman I've been praying for"
        if own == {named} and not says_own_gender(text):
            own.clear()
    if not wanted and (letter := _WANTED_LETTER.search(text)):
        wanted.add(WANTED_LETTERS[letter.group("letter")])
    if not wanted:
        wanted.update(gender for m in _WISHED_NOUN.finditer(text)
                      if (m.start("article") > 0 or expecting == "looking_for_gender")
                      and (gender := noun_gender(m.group("article"), m.group("word"))))
    agreed = gender_by_agreement(text, roles, listed=listed, accented=accented)
    if agreed and own == {_other(agreed)} and not says_own_gender(text) and not wanted:
        # "je suis célibataire endurcie mais prête si je tombe sur un homme bien": what the
        # member says of themself with their own grammar outweighs a gender word said in passing.
        own, wanted = {agreed}, own
    if not own and agreed:
        own.add(agreed)
    if expecting == "gender" and not own and not wanted and (title := _TITLE_ANSWER.fullmatch(plain)):
        own.add("female" if title.group("female") else "male")  # "madame svp", "Monsieur."
    if asked and not own and not wanted and (typed := _typed_gender(plain)):
        (own if expecting == "gender" else wanted).add(typed)
    if expecting == "looking_for_gender" and not own and not wanted and (
            (negated := _NOT_THIS_ONE.match(plain)) and (not_wanted := gender_word_at(plain[negated.end():]))):
        wanted.add(_other(not_wanted))  # "pas un homme en tout cas", "definitely not a woman"
    if len(own) == 1 and not wanted and _OPPOSITE_SEX.search(text):
        wanted = {_other(next(iter(own)))}  # "le sexe opposé, je suis une femme"
    # Both genders for one person ("homme ou femme") is no answer at all.
    return (
        own.pop() if len(own) == 1 else None,
        wanted.pop() if len(wanted) == 1 else None,
    )


# The person sought named before the wish: "la fille que je cherche", "le genre d'homme que je
# cherche", "c'est une femme comme ça que je veux", "the sort of bloke I'm after", "the kind of
# woman I have been praying for", "mon homme idéal", "my ideal man".
_WISH_AFTER = (r"(?: (?:comme ca|like that|like this|la))? (?:que (?:je|j)|qu (?:je|j)|i|i m|i am|i ve been|i have been)"
               r" (?:cherche|recherche|veux|voudrais|souhaite|attends|espere|reve|want|need|after|looking for|"
               r"praying for|dey find|wan)\b")
_SOUGHT_NAMED = re.compile(
    rf"\b(?:(?:genre|type|kind|sort) (?:d |de |of )(?:(?P<kind_article>un|une|a|an) )?(?P<kind>[a-z]+)(?: [a-z]+)?{_WISH_AFTER}"
    rf"|(?P<article>la|le|l|une|un|the) (?:[a-z]+ )?(?P<person>[a-z]+){_WISH_AFTER}"
    r"|(?:ma|mon|my) (?:(?P<ideal_before>[a-z]+) (?:ideale?|parfaite?|reve)|ideal (?P<ideal_after>[a-z]+))\b)"
)


def sought_named(text: str) -> Gender | None:
    """The gender of the person sought, named before the words of the wish (`_SOUGHT_NAMED`)."""
    for m in _SOUGHT_NAMED.finditer(text):
        for group, article in (("kind", "kind_article"), ("person", "article"), ("ideal_before", None),
                               ("ideal_after", None)):
            word = m.group(group)
            if word and (gender := gender_word_at(word) or (
                    gender_word_at(f"{m.group(article)} {word}") if article and m.group(article) else None)):
                return gender
    return None


_OPPOSITE_SEX = re.compile(r"\b(?:(?:le |l )?(?:sexe oppose|autre sexe)|(?:the )?opposite (?:sex|gender))\b")


def _other(gender: Gender) -> Gender:
    return "female" if gender == "male" else "male"


def _typed_gender(answer: str) -> Gender | None:
    """The gender a short answer names with a typo ("une fame", "hommme"), if exactly one."""
    words = [word for word in answer.split() if word not in POLITE]
    if len(words) > TYPO_MAX_WORDS or NOT_WANTED_WORDS.intersection(words):  # "pas une femme"
        return None
    found = {gender for word in words if len(word) >= 3 and word not in NOT_TYPOS
             for typed, gender in TYPED_GENDERS.items() if edit_distance(squeeze(word), typed, 1) <= 1}
    return found.pop() if len(found) == 1 else None
