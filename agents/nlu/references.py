"""What a message says about a shown profile, and the member's own first name.

All functions take a normalised text (agents/nlu/normalize.py).
"""

from __future__ import annotations

import re

from agents.nlu.agreement import shows_gender
from agents.nlu.normalize import fold
from graph.state import DeclineReason, ProfileField

ORDINALS: dict[str, int] = {
    "premier": 1, "premiere": 1, "1er": 1, "1ere": 1, "first": 1, "1st": 1,
    "deuxieme": 2, "second": 2, "seconde": 2, "2eme": 2, "2e": 2, "2nd": 2,
    "troisieme": 3, "third": 3, "3eme": 3, "3e": 3, "3rd": 3,
    "quatrieme": 4, "fourth": 4, "4eme": 4, "4e": 4, "4th": 4,
    "cinquieme": 5, "fifth": 5, "5eme": 5, "5e": 5, "5th": 5,
    "dernier": -1, "derniere": -1, "last": -1, "precedent": -1, "precedente": -1, "previous": -1,
}
_ORDINAL = re.compile(rf"\b(?:le |la |l |the )?({'|'.join(ORDINALS)})\b")
_BEFORE = re.compile(r"\b(?:celle|celui|cell|the one|l autre|that one) d avant\b|\bje viens de voir\b")

# Words of a question about a shown person, by what it asks.
FIELD_WORDS: tuple[tuple[ProfileField, str], ...] = (
    ("surname", r"nom de famille|nom complet|son nom|sa famille s appelle|surname|last name|full name|family name"),
    ("phone", r"numero|telephone|whatsapp|phone|number|contact|joindre|coordonnees|appeler|call her|call him"),
    ("religion", r"religion|chretien\w*|musulman\w*|catholique|protestant\w*|evangeli\w*|croyant\w*|"
                 r"pratiquant\w*|eglise|mosquee|church|mosque|christian|muslim|religious|prie|pray"),
    ("children", r"enfants?|gosses?|mouna|bebes?|kids?|children|child|pikin|fils|filles?|maman|mere|papa|pere"),
    ("profession", r"travail\w*|boulot|job|metier|profession|fait quoi dans la vie|bosse|work\w*|do for a living|occupation"),
    ("hobbies", r"loisirs?|hobbies?|hobby|aime faire|passions?|free time|sport|temps libre"),
    ("neighbourhood", r"quartier|habite ou|vit ou|neighbou?rhood|area|where (?:does )?(?:she|he) live"),
    ("height", r"taille|grande?|mesure|tall|height|short|petite?"),
    ("photos", r"photos?|pictures?|pics?|selfies?|image|voir (?:son|sa) (?:visage|tete)"),
    ("marital_status", r"mariee?|divorcee?|veuve?|celibataire|married|divorced|widow\w*|single"),
    ("age", r"quel age|son age|age exact|how old|vrai age"),
    ("city", r"quelle ville|de quelle ville|dans quelle ville|which city|what city"),
)
_FIELDS = tuple((field, re.compile(rf"\b(?:{words})\b")) for field, words in FIELD_WORDS)

REASON_WORDS: tuple[tuple[DeclineReason, str], ...] = (
    ("too_old", r"(?:trop|tres|un peu|bien) (?:vieux|vieille|age|agee|mature|ancien\w*)|too old|old pass|"
                r"vieux|vieille|older than me|elder|mami|grand pere|grand mere|papy|mamie"),
    ("too_young", r"(?:trop|tres) (?:jeune|petit|petite|gamin\w*)|too young|young pass|gamin\w*|bebe|pikin"),
    ("too_far", r"(?:trop |tres |un peu |bien )?loin|far|distance|too far|pas (?:dans|de) (?:ma|la meme) ville|"
                r"another city|autre ville|pas a cote|other side"),
    ("religion", r"religion|musulman\w*|chretien\w*|catholique|protestant\w*|muslim|christian|pas croyant\w*"),
    ("children", r"(?:a|as|avec|has|with) (?:deja )?(?:des |\d+ )?(?:enfants?|gosses?|kids?|children|pikin)|"
                 r"(?:enfants?|kids?|children) deja"),
    ("not_my_type", r"pas mon (?:genre|type|style)|not my (?:type|style|cup of tea)|pas mon gout|"
                    r"me plait pas|ne me plait pas|pas attir\w*|not attracted|no be my type|pas top"),
)
_REASONS = tuple((reason, re.compile(rf"\b(?:{words})\b")) for reason, words in REASON_WORDS)

# Phrases a member introduces themself with. Strong ones take the next word as a name
# whatever its case; weak ones ("je suis", "I'm") only a capitalised word that is no
# ordinary word ("je suis Paul" but not "je suis Camerounaise" or "I'm Fine").
_STRONG = (
    r"je m'? ?appelle|je me (?:nomme|pr[eé]nomme)|mon (?:pr[eé])?nom (?:c'?est|est)|moi c'?est|"
    r"(?:my|mi) names? (?:is|are|na|be)|my name's|call me|on m'?appelle|appelez[ -]moi|they call me|"
    r"i'?m called|i am called|(?:pr[eé])?nom\s*:|(?:first )?name\s*:"
)
_WEAK = r"je suis|jsuis|j'suis|chui|i'?m|i am|i be|moi c|c'?est|c|ici|moi|this is"
_INTRO = re.compile(
    rf"(?:^|[\s,.!])(?:(?P<strong>{_STRONG})|(?P<weak>{_WEAK}))(?:\s+|(?<=:))(?P<name>[^\W\d_][\w-]*)(?!')", re.I
)
# "Grace here, 28", "Salut, Estelle ici.", "na Kemi be my name": a name, then a mark.
_HERE = re.compile(
    r"(?:^|[,.!]\s*|^(?:bonjour|bonsoir|salut|hello|hi|hey)\s+)(?:na\s+|(?i:mr|mme|mlle|monsieur|madame)\.?\s+)?"
    r"(?P<name>[A-ZÀ-Ý][a-zà-ÿ-]+)"
    r"(?:\s+(?:here|ici)(?=\s*(?:[,.!;]|$))|\s+(?:be|is)\s+my\s+name\b)"
)
# Endings of trades and states ("Informaticien", "Comptable", "Célib"), not of first names.
_DESCRIPTION_END = re.compile(r"(?:iste|eur|euse|aire|ier|iere|able|ible|if|ive|ib|ais|aise|ois|oise|ien|ienne|ain|aine)$")
# A capitalised word opening a self-description, then an age: "Bonsoir, Christelle, 27 ans".
_LISTED = re.compile(
    r"^(?:(?i:bonjour|bonsoir|salut|slt|bjr|bsr|hello|hi|hey|coucou|cc)[\s,!.]+)?"
    r"(?P<name>[A-ZÀ-Ý][a-zà-ÿ]+(?:-[A-ZÀ-Ý][a-zà-ÿ]+)?)\s*[,.]\s*\d{2}\b"
)
NOT_NAMES = frozenset({
    "un", "une", "le", "la", "les", "pas", "tres", "très", "bien", "ok", "oui", "non", "homme", "femme",
    "madame", "monsieur", "a", "an", "the", "not", "ici", "moi", "toi", "vous", "quoi", "comment",
    "encore", "back", "abeg", "qui", "si", "here", "there", "in", "at", "from", "on", "de", "du", "en",
    "au", "aux", "mon", "ma", "notre", "just", "so", "very", "also", "ready", "fine", "good", "new",
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
    "médecin", "medecin", "ingénieur", "ingenieur", "professeur", "prof",
    "docteur", "enseignant", "enseignante", "commerçant", "commerçante", "commercant", "commercante",
    "chauffeur", "militaire", "policier", "policière", "fonctionnaire", "comptable", "avocat", "avocate",
    "infirmier", "infirmière", "infirmiere", "pasteur", "étudiant", "étudiante", "etudiant", "etudiante",
    "retraité", "retraitée", "secrétaire", "secretaire", "couturière", "coiffeuse", "nurse", "teacher",
    "engineer", "doctor", "student", "widower", "widow", "divorcee", "mum", "mom", "dad", "là",
    "personne", "quelqu", "someone", "everyone", "tout", "tous", "dispo", "disponible", "available",
    "gentleman", "gentlemen", "sir", "madam", "ladies", "men", "women",
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
})


def find_first_name(text: str) -> str | None:
    """The member's first name when they introduce themself ("moi c'est Arnaud", "I be Chidi")."""
    shouted = not any(c.islower() for c in text)  # ALL CAPS: a capital says nothing ("C'EST INADMISSIBLE")
    for match in _INTRO.finditer(text):
        name = match.group("name").strip("'-")
        if name.lower() in NOT_NAMES or len(name) < 2 or any(c.isdigit() for c in name):
            continue
        if match.group("weak") and (not name[:1].isupper() or shouted):
            continue
        return name[:1].upper() + name[1:]
    if (here := _HERE.search(text)) and here.group("name").lower() not in NOT_NAMES:
        return here.group("name")
    listed = _LISTED.search(text)
    if listed and not _describes(listed.group("name")):
        return listed.group("name")
    return None


def _describes(word: str) -> bool:
    """Whether a word opening "..., 35 ans" may say what the member is rather than who:
    "Togolaise", "Informaticien", "Célib" (a name that looks like one is missed, not misread)."""
    folded = fold(word)
    return word.lower() in NOT_NAMES or shows_gender(folded, listed=True) or bool(_DESCRIPTION_END.search(folded))


def find_ordinal(text: str) -> int | None:
    """Which shown profile a message points at: 1 for "le premier", -1 for "le dernier"."""
    if _BEFORE.search(text):
        return -1
    match = _ORDINAL.search(text)
    return ORDINALS[match.group(1)] if match else None


def find_profile_field(text: str) -> ProfileField | None:
    """What a question about the shown profile asks for (the first one named)."""
    found = [(m.start(), field) for field, pattern in _FIELDS if (m := pattern.search(text))]
    return min(found)[1] if found else None


def find_decline_reason(text: str) -> DeclineReason | None:
    """Why a member turns a shown profile down, when they say it."""
    found = [(m.start(), reason) for reason, pattern in _REASONS if (m := pattern.search(text))]
    return min(found)[1] if found else None
