"""The member's own first name, when they introduce themself.

Members say who they are in many ways ("moi c'est Arnaud", "appelle-moi Jojo", "I be
Chidi", "Grace here, 28", "moi c aminata" typed in lower case). A phrase that gives a name
("je m'appelle") takes the next word whatever its case; a phrase that may open anything
("je suis", "c'est", "moi") takes a capitalised word that is no ordinary word, or a word
found among the first names members go by (first_names.yaml), so "moi c aminata" is a
name and "moi c bon" is not. Works on the raw text: capitals are evidence here.
"""

from __future__ import annotations

import re
from functools import cache
from pathlib import Path

import yaml

from agents.nlu.agreement import shows_gender
from agents.nlu.normalize import fold

FIRST_NAMES = Path(__file__).with_name("first_names.yaml")


@cache
def _first_names() -> tuple[frozenset[str], frozenset[str]]:
    """(first names, those that are also ordinary words), folded."""
    data = yaml.safe_load(FIRST_NAMES.read_text(encoding="utf-8"))
    names = frozenset(word for group in data["names"].values() for word in group.split())
    return names, frozenset(data["also_words"].split())


def is_first_name(word: str, *, capitalised: bool) -> bool:
    """Whether a word is a first name members go by (those that are also ordinary words,
    "Grace", "Prince", only when capitalised)."""
    names, also_words = _first_names()
    folded = fold(word).replace("-", " ")
    parts = folded.split()
    return bool(parts) and all(p in names for p in parts) and (capitalised or not any(p in also_words for p in parts))


# Phrases that give a name: the next word is one whatever its case.
_STRONG = (
    r"(?:je |j'? ?)m'? ?ap+el+e?s?|je me (?:nomme|pr[eé]nomme)|mon (?:petit )?(?:pr[eé])?nom (?:c'?est|est|c)|"
    r"je me pr[eé]sente(?:\s*[:,])?(?!\s*(?:je|j'|moi)\b)|"
    # Lingala "kombo na ngai" (my name), Wolof "maa ngi tudd" / "sama tur" (I am called / my name)
    r"kombo na ngai(?: ezali| eza)?|(?:maa|ma) ngi tud+|sama tur(?: mooy| moy)?|"
    r"moi c'?est|(?:my|mi) names? (?:is|are|na|be)|my names|my name's|call me|they call me|mine (?:na|is)|"
    r"(?<!her )(?<!his )(?<!their )(?<!your )(?<!ton )(?<![a-z])name['’]s|"
    r"(?<!her )(?<!his )(?<!their )(?<!your )(?<!my )(?<!'s )(?<!’s )(?<![a-z])name is|"
    r"(?:dem|people|pipo) (?:dey |de )?call me|"
    r"(?:on|ils|elles|les gens|tout le monde|tous) m'? ?appel+e?(?:nt)?|"
    r"(?:tu peux|vous pouvez|pouvez|peux) m'? ?appeler|appel+e?[zr]?[ -]moi|"
    r"i'?m called|i am called|(?:pr[eé])?nom\s*:|(?:first )?name\s*:|pseudo\s*:?|surnom\s*:?"
)
# Phrases that may open a name or anything else: a capitalised word, or a known first name.
# Pidgin "na me" (it's me), Lingala "nazali" (I am).
_WEAK = (r"moi,? je suis|je suis|jsuis|j'suis|chui|i'?m|i am|i be|moi c'?est|c'?est (?:encore |toujours |bien )?moi|c moi|moi c|c'?est|c|ici|moi|this is|"
         r"it'?s|na me|it'?s me|nazali|ngai")
# Kinship titles said before a first name ("appelez-moi Maman Rose", "c'est Tonton Paul");
# not Mr/Mme, which come before surnames.
_KIN = r"(?i:maman|mama|mami|papa|tonton|tata|tantine|tantie|yaya|grand frere|grande soeur)"
_INTRO = re.compile(
    rf"(?:^|[\s,.!])(?:(?P<strong>{_STRONG})|(?P<weak>{_WEAK}))(?:\s+|(?<=:)|(?<=moi)\s*,\s*|(?<=me)\s*,\s*)(?:{_KIN}\s+)?"
    # not "c'est Aïcha que je veux", "c'est Paul qui m'a parlé de vous" (but "c'est Paul qui vous écrit")
    r"(?P<name>[^\W\d_][\w-]*+)(?!')(?!\s+(?:que|qu'|qui (?!(?:vous |te |t')?(?:[eé]cri|parl))))"
    r"(?!\s+(?i:ton|votre|your) (?:nom|name|pr[eé]nom))",
    re.I,
)
_GREETING = r"(?i:bonjour|bonsoir|salut|slt|bjr|bsr|hello|hiya|hi|hey|coucou|cc|yo|salam|salaam|mbote|allo|(?:good )?(?:morning|evening|afternoon))"
# "moi Paul" opens a sentence; after a verb "moi" is its object ("remontre-moi Carine").
_OPENS = re.compile(rf"(?:^|[,.!?]|\b{_GREETING})\s*$")
# "Prénom : Carole" says it better than "Nom : Ebene", which may be a surname; not "son
# prénom", someone else's, nor "prénom et nom" (without a colon, only a capitalised word).
_GIVEN = re.compile(r"(?<!\bson )(?<!\bsa )(?<!\bton )(?<!\bvotre )(?<!\bleur )(?<!\bses )(?<!\btes )"
                    r"(?:^|[\s,.!])pr[eé]nom(?P<colon>\s*:)?\s*(?P<name>[^\W\d_][\w-]*)", re.I)
# "Grace here, 28", "Salut, Estelle ici.", "na Kemi be my name": a name, then a mark.
_HERE = re.compile(
    rf"(?:^|[,.!]\s*|^{_GREETING}\s+)(?:(?i:na)\s+|(?P<title>(?i:mr|mme|mlle|monsieur|madame|mrs|ms)\.?\s+)|{_KIN}\s+)?"
    r"(?P<name>[A-ZÀ-Ý][a-zà-ÿ]+(?:-[A-ZÀ-Ý]?[a-zà-ÿ]+)*)"
    r"(?:\s+(?:here|ici)(?=\s*(?:[^\w\s]|$|(?i:de|d'|from|a|à|au|in)\s|(?i:btw|by the way)\b))|\s+(?:be|is)\s+my\s+name\b"
    r"|\s+(?i:à|a) l'appareil\b|\s+dey\s+(?:talk|write|here)\b"
    # "Tom here btw" (above), "I'm a man, Kwame by the way", "Kwesi by name", "Fatou pour vous servir",
    # "Na Ebai my name"
    r"|\s+(?i:btw|by the way|by name|pour vous servir|my name)\b)"
)
# Pidgin "na Emeka dis" (this is Emeka).
_NA_THIS = re.compile(r"(?:^|[,.!]\s*)(?i:na)\s+(?P<name>[A-ZÀ-Ý][a-zà-ÿ-]+)\s+(?i:dis|this)\b")
# The real name said after a nickname ("on m'appelle Prince mais mon vrai prénom c'est
# Emmanuel"), or said first ("Rose c'est mon prénom"): it wins over any other.
_TRUE_NAME = re.compile(
    r"(?i:\b(?:mon|my) (?:vrai |real |actual |true )?(?:pr[eé]nom|first name|name|nom)\s+(?:c'?est|est|c|is|na)\s+)"
    r"(?P<name>[^\W\d_][\w-]*)"
    r"|(?i:\b(?:on|ils|les gens|tout le monde|they|people) m'? ?(?:appel\w*|call me)\b.{0,40}?\b(?:mais|but) "
    r"(?:je suis|je m'? ?appel+e|moi c'?est|c'?est|i'?m|i am|my name is)\s+)(?P<but>[^\W\d_][\w-]*)"
    r"|(?:^|[,.!]\s*)(?P<before>[A-ZÀ-Ý][a-zà-ÿ-]+)\s+(?i:c'?est mon (?:vrai )?pr[eé]nom|is my (?:real |first )?name)\b"
)
# A signature: "— Désiré", "Kind regards, Ebenezer", "...du tout. Honoré" closing the message,
# maybe after a kinship word or a place among the agency's own ("Papa Didier", "Your brother,
# Emeka", "Votre fidèle cliente, Adjoua").
_SIGNED = re.compile(
    r"(?:(?P<signs>[—–-]+\s*|(?i:regards|cordialement|bien à vous|bien a vous|sincèrement|best wishes)\s*,?\s*)"
    r"|[.!\U0001F300-\U0001FAFF\u2600-\u27BF]\s+)"
    r"(?P<kin>(?i:papa|maman|mama|mami|tonton|tata|tantine|your(?: \w+)? (?:brother|sister|son|daughter|boy|girl)|"
    r"votre(?: \w+)? (?:frère|frere|sœur|soeur|fille|fils|client|cliente|serviteur|servante))\s*,?\s+)?(?P<name>[A-ZÀ-Ý][a-zà-ÿ]+(?:-[A-ZÀ-Ý][a-zà-ÿ]+)?)"
    r"(?:\s+[A-Z]\.)?\s*[.!]?\s*$"
)
# After a card, "Prisca ici, je suis intéressée" is the member (not "Aminata ici, elle travaille où ?").
_FIRST_PERSON = re.compile(r"[\s,.!]*(?i:je|j'|j |moi|i|i'm|my)\b")
# "ici Mireille", "here is Kemi" said first.
_HERE_BEFORE = re.compile(rf"^(?:{_GREETING}[\s,!.]+)?(?i:ici|here is|it is)\s+(?P<name>[A-ZÀ-Ý][a-zà-ÿ-]+)")
# A kinship title and a first name, the whole message: "Maman Odile", "Tonton Jules".
_KIN_ALONE = re.compile(rf"^(?:{_GREETING}[\s,!.]+)?{_KIN}\s+(?P<name>[A-ZÀ-Ý][a-zà-ÿ]+(?:-[A-ZÀ-Ý]?[a-zà-ÿ]+)*)\s*[.!]?\s*$")
# Endings of trades and states ("Informaticien", "Comptable", "Célib"), not of first names.
_DESCRIPTION_END = re.compile(r"(?:iste|eur|euse|aire|ier|iere|able|ible|if|ive|ib|ais|aise|ois|oise|ien|ienne|ain|aine)$")
# A capitalised word opening a self-description, then an age: "Bonsoir, Christelle, 27 ans".
_LISTED = re.compile(
    rf"^(?:{_GREETING}[\s,!.]+)?"
    r"(?P<name>[A-ZÀ-Ý][a-zà-ÿ]+(?:-[A-ZÀ-Ý][a-zà-ÿ]+)?)\s*[,.]\s*\d{2}\b"
)
# A first name opening the message before a mark, an age or where the member is from:
# "Ibrahim, je suis un homme", "Paul 34 ans dla", "Kemi from Lagos".
_OPENING = re.compile(
    rf"^(?:{_GREETING}[\s,!.]+)?(?:[A-ZÀ-Ý]{{2,}}\s+(?=[A-ZÀ-Ý][a-zà-ÿ]))?(?P<name>[^\W\d_][\w-]*)"
    r"(?:\s+(?P<last>[A-ZÀ-Ý][\w-]+))?"
    r"(?=\s*[,.!]|\s+\d{2}\b|\s+(?i:from|de|d')\s(?!\s*(?i:l'|l |la |chez|votre|vos|mon|ma|the)))"
)
# A first name listed by an age anywhere, or before where the member is from: "Kano. Musa, 37, looking
# for a wife", "31 ans, Moussa, de Kaolack", "single as a pringle 😂 Ama from Kumasi" (a known
# first name only: "Douala, 30 ans" lists a city).
_LISTED_BY_AGE = re.compile(
    r"(?:^|[,.!:;]\s*|[\U0001F300-\U0001FAFF\u2600-\u27BF]\s*)(?P<name>[A-ZÀ-Ý][a-zà-ÿ]+(?:-[A-ZÀ-Ý][a-zà-ÿ]+)?)"
    r"(?:\s*,\s*\d{2}\b|\s*,\s*(?i:de|d'|from)\s|\s+(?i:from)\s)"
    r"|\b\d{2}(?:\s*(?i:ans|yrs|years))?\s*,\s*(?P<after>[A-ZÀ-Ý][a-zà-ÿ]+(?:-[A-ZÀ-Ý][a-zà-ÿ]+)?)\s*(?:[,.!]|$)"
)
# "Jean Marc", "Marie Claire": two first names make one.
_SECOND = re.compile(r"\s+(?P<second>[A-ZÀ-Ý][a-zà-ÿ]+)\b(?!')")
# The capitalised word after a surname given first ("Kamga Paul", "Ngono Marie-Claire").
_NEXT_NAME = re.compile(r"(?:\s+[A-ZÀ-Ý]{2,}\b)*\s+(?P<next>[A-ZÀ-Ý][a-zà-ÿ]+(?:-[A-ZÀ-Ý][a-zà-ÿ]+)?)\b(?!')")
# Titles and kinship words said before a name or a surname ("Mme Tchoupo", "maman Rose").
TITLES = frozenset({"mr", "mme", "mlle", "m", "dr", "docteur", "pasteur", "tonton", "tata", "tantine", "maitre",
                    "me", "frere", "soeur", "sister", "brother", "mister", "miss", "mrs", "ms"})

NOT_NAMES = frozenset({
    # bounds of an age range ("Max 45"), never names
    "max", "min", "maximum", "minimum", "mini", "maxi",
    # what members suspect is writing ("c'est ChatGPT derrière ?")
    "chatgpt", "gpt", "siri", "alexa", "google", "gemini", "copilot", "whatsapp", "meta",
    # Pidgin and English words a capital or "na" makes look like names ("call me after 6", "na so")
    "after", "before", "na", "pa",
    # where one is from ("je suis Dakaroise, donc Dakar", "Kinshasa, je suis Kinois pur sang")
    *(f"{stem}{end}" for stem in ("kinois", "dakarois", "abidjanais", "doualais", "yaoundeen", "togolais",
                                  "beninois", "senegalais", "gabonais", "malien", "guineen", "tchadien",
                                  "quebecois", "montrealais", "parisien", "lyonnais", "bruxellois", "genevois",
                                  "francais", "canadien", "librevillois", "lomeen", "cotonois", "burkinabe",
                                  "nigerian", "ghaneen", "marseillais", "toulousain", "ouagalais", "bamakois",
                                  "centrafricain", "africain", "europeen", "ivoirien", "congolais", "camerounais")
      for end in ("", "e", "ne", "s", "es")),
    "belge", "suisse", "burkinabè", "québécois", "québécoise", "béninois",
    "béninoise", "guinéen", "guinéenne", "français", "française",
    # days and months ("It's Friday. Nothing.")
    "monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday", "lundi", "mardi",
    "mercredi", "jeudi", "vendredi", "samedi", "dimanche", "january", "february", "march", "april", "june",
    "july", "august", "september", "october", "november", "december", "janvier", "fevrier", "février",
    "mars", "avril", "mai", "juin", "juillet", "aout", "août", "septembre", "octobre", "novembre", "decembre",
    "décembre", "today", "tomorrow", "yesterday", "noon", "midnight",
    # words that follow "prénom" or "je me présente" in a sentence
    "et", "ou", "nom", "and", "or", "je", "j", "i", "my", "mon", "donc", "alors", "svp", "please",
    "un", "une", "le", "la", "les", "pas", "tres", "très", "bien", "ok", "oui", "non", "homme", "femme",
    "madame", "monsieur", "a", "an", "the", "not", "ici", "moi", "toi", "vous", "quoi", "comment",
    "encore", "back", "abeg", "qui", "si", "here", "there", "in", "at", "from", "on", "de", "du", "en",
    "au", "aux", "ma", "notre", "just", "so", "very", "also", "ready", "fine", "good", "new",
    "single", "interested", "looking", "married", "divorced", "widowed", "still", "really", "sorry",
    "pret", "prêt", "prête", "prete", "deja", "déjà", "toujours", "vraiment", "sérieux", "serieux",
    "sérieuse", "serieuse", "celibataire", "célibataire", "divorcé", "divorcée", "veuf", "veuve",
    "marié", "mariée", "intéressé", "intéressée", "interesse", "interessee", "nouveau", "nouvelle",
    "camerounais", "camerounaise", "ivoirien", "ivoirienne", "sénégalais", "sénégalaise", "congolais",
    "congolaise", "gabonais", "gabonaise", "catholique", "musulman", "musulmane", "chrétien",
    "chrétienne", "chretien", "chretienne", "man", "woman", "lady", "guy", "girl", "boy", "go", "nga",
    "mbom", "what", "who", "how", "ça", "ca", "cela", "combien", "quand", "pour", "par", "avec",
    # what else opens "..., 35 ans": gender words and trades
    "dame", "mec", "meuf", "fille", "garçon", "garcon", "maman", "papa", "jh", "jf", "h", "f",
    "médecin", "medecin", "ingénieur", "ingenieur", "professeur", "prof", "male", "female", "cadre", "chef",
    "patron", "boss", "gendarme", "pilote", "architecte", "manager", "consultant", "expert", "taximan",
    "docteur", "enseignant", "enseignante", "commerçant", "commerçante", "commercant", "commercante",
    "chauffeur", "militaire", "policier", "policière", "fonctionnaire", "comptable", "avocat", "avocate",
    "infirmier", "infirmière", "infirmiere", "pasteur", "étudiant", "étudiante", "etudiant", "etudiante",
    "retraité", "retraitée", "secrétaire", "secretaire", "couturière", "coiffeuse", "nurse", "teacher",
    "engineer", "doctor", "student", "widower", "widow", "divorcee", "mum", "mom", "dad", "là",
    "personne", "quelqu", "someone", "everyone", "tout", "tous", "dispo", "disponible", "available",
    "gentleman", "gentlemen", "sir", "madam", "ladies", "men", "women", "wetin", "weti", "watin",
    # what "c'est"/"je suis"/"I'm" open besides a name, typed with a capital ("C'est Possible ?")
    "bon", "bonne", "cher", "chère", "chere", "urgent", "possible", "impossible", "vrai", "vraie", "juste",
    "normal", "normale", "parfait", "parfaite", "grave", "dommage", "super", "bizarre", "gentil", "gentille",
    "malade", "fatigué", "fatiguée", "fatigue", "noté", "note", "clair", "compris", "fini", "mal", "mieux",
    "pareil", "top", "cool", "nul", "faux", "correct", "exact", "sûr", "sûre", "sur", "dur", "facile",
    "difficile", "important", "content", "contente", "heureux", "heureuse", "triste", "désolé", "désolée",
    "desole", "enchanté", "enchantée", "ravi", "ravie", "muslim", "catholic", "protestant", "okay",
    "great", "sure", "well", "busy", "tired", "happy", "sad", "free", "serious", "pressé", "pressée",
    # where a member is from, in English ("I be Cameroonian", "I'm Ivorian")
    "cameroonian", "nigerian", "ghanaian", "ivorian", "senegalese", "congolese", "gabonese", "togolese",
    "beninese", "burkinabe", "malian", "guinean", "chadian", "african", "french", "canadian", "belgian",
    "swiss", "american", "british", "english", "foreigner",
    # the assistant itself ("c'est Matchbot ton nom ?"), the keywords ("c'est encore moi, START")
    "matchbot", "bot", "robot", "start", "stop", "stopall", "unsubscribe", "subscribe", "suivant", "next",
    # "na God dis o", "I be Naija man"
    "god", "dieu", "allah", "lord", "naija",
    # peoples a member says they belong to ("I be Igbo guy", "moi je suis Bété", "je suis Bamiléké")
    "igbo", "ibo", "yoruba", "hausa", "haoussa", "fulani", "peul", "peule", "wolof", "serere", "diola", "bambara",
    "dioula", "malinke", "baoule", "bete", "bété", "baoulé", "agni", "senoufo", "ewe", "akan", "ashanti", "fante",
    "bamileke", "bamiléké", "bassa", "ewondo", "beti", "bulu", "fang", "duala", "sawa", "bakweri", "bayangi",
    "luba", "kongo", "mukongo", "swahili", "mongo", "punu", "myene", "fon", "kabye", "bakongo",
})


def _accepted(word: str, *, strong: bool, shouted: bool) -> str | None:
    """The name a word after an introducing phrase is, if it is one."""
    name = word.strip("'-")
    if fold(name) in NOT_NAMES or fold(name) in TITLES or len(name) < 2 or any(c.isdigit() for c in name):
        return None
    capitalised = name[:1].isupper() and not shouted
    if not (strong or capitalised or is_first_name(name, capitalised=False)):
        return None
    return name[:1].upper() + name[1:]


def _with_second(name: str, text: str, end: int) -> str:
    """The name with a second first name typed after it ("Jean Marc" -> "Jean-Marc")."""
    second = _SECOND.match(text, end)
    if second and is_first_name(name, capitalised=True) and is_first_name(second.group("second"), capitalised=True):
        return f"{name}-{second.group('second')}"
    return name


def find_first_name(text: str, *, about_a_profile: bool = False) -> str | None:
    """The member's first name when they introduce themself ("moi c'est Arnaud", "I be Chidi").

    `about_a_profile`: the message speaks of a shown profile, whose first name it may well
    open with ("Josiane, 32 ans, elle me plaît"): only a phrase that gives a name counts."""
    shouted = not any(c.islower() for c in text)  # ALL CAPS: a capital says nothing ("C'EST INADMISSIBLE")
    true_name = _TRUE_NAME.search(text)
    said = next((g for g in ("name", "but", "before") if true_name and true_name.group(g)), None)
    if true_name and said and (name := _accepted(true_name.group(said), strong=True, shouted=shouted)):
        return _with_second(name, text, true_name.end(said))
    given = _GIVEN.search(text)
    if given and (name := _accepted(given.group("name"), strong=bool(given.group("colon")), shouted=shouted)):
        return _with_second(name, text, given.end("name"))
    for match in _INTRO.finditer(text):
        if about_a_profile and not match.group("strong"):
            continue
        if (match.group("weak") or "").lower() == "moi" and not _OPENS.search(text, 0, match.start("weak")):
            continue
        if name := _accepted(match.group("name"), strong=bool(match.group("strong")), shouted=shouted):
            return _first_name_after_surname(name, text, match.end("name"))
    for pattern in (_HERE, _HERE_BEFORE, _NA_THIS, _KIN_ALONE):
        found = pattern.search(text)
        if (not found or fold(found.group("name")) in NOT_NAMES or fold(found.group("name")) in TITLES
                or (about_a_profile and not (found.start() == 0 and _FIRST_PERSON.match(text, found.end())))):
            continue
        if "title" in found.groupdict() and found.group("title") and not is_first_name(found.group("name"), capitalised=True):
            continue  # "Mr Tchoupo ici": a surname
        return _with_second(found.group("name"), text, found.end("name"))
    if about_a_profile:
        return None
    listed = _LISTED.search(text)
    if listed and not _describes(listed.group("name")):
        return listed.group("name")
    for by_age in _LISTED_BY_AGE.finditer(text):
        name = by_age.group("name") or by_age.group("after")
        if is_first_name(name, capitalised=True) and not _describes(name):
            return name
    opening = _OPENING.search(text)
    if (opening and fold(opening.group("name")) not in NOT_NAMES
            and is_first_name(opening.group("name"), capitalised=opening.group("name")[:1].isupper())):
        name = opening.group("name")
        return _with_second(name[:1].upper() + name[1:], text, opening.end("name"))
    signed = _SIGNED.search(text)
    # after a full stop only a name that is no ordinary word ("ok. Patience" may be advice)
    if (signed and is_first_name(signed.group("name"), capitalised=bool(signed.group("signs") or signed.group("kin")))
            and not _describes(signed.group("name"))):
        return signed.group("name")
    return None


def _first_name_after_surname(name: str, text: str, end: int) -> str:
    """The first name when the member gives their surname first ("Je suis Kamga Paul", "je
    m'appelle Ngono Marie-Claire"): the next capitalised word, when only it is a first name."""
    after = _NEXT_NAME.match(text, end)
    surname = len(name) > 1 and name.isupper() and any(c.islower() for c in text)  # capitals: a surname
    if after and (surname or (not is_first_name(name, capitalised=True)
                              and is_first_name(after.group("next"), capitalised=True))):
        return after.group("next")
    return _with_second(name, text, end)


def _describes(word: str) -> bool:
    """Whether a word opening "..., 35 ans" may say what the member is rather than who:
    "Togolaise", "Informaticien", "Célib" (a name that looks like one is missed, not misread)."""
    folded = fold(word)
    if is_first_name(word, capitalised=True):
        return False
    return fold(word) in NOT_NAMES or shows_gender(folded, listed=True) or bool(_DESCRIPTION_END.search(folded))
