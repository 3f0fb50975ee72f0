"""The member's gender from their own grammar: "je suis divorcée", "je suis content".

French adjectives and participles agree with the person they describe. Said of the
member ("je suis ...", or listed in a self-description: "Sénégalaise, 40 ans"), a feminine
form means a woman. A masculine form means a man only when its feminine sounds different
("content"/"contente", "chrétien"/"chrétienne"), or when the member writes the masculine
ending's accent ("je suis intéressé", "retraité"): a bare "interesse" or "fatigue" may be a
feminine whose silent e was dropped, but a typed "é" with no e after it is the masculine (as
the corpus reads it). So is a participle in -u or -i typed by a member who writes accents
("je suis déçu", "je suis perdu là"): who types accents types the feminine's e too. The
reading is an inference: the bot checks it before storing it.
"""

from __future__ import annotations

import re
import unicodedata

from agents.nlu.normalize import fold
from agents.nlu.roles import Roles
from graph.state import Gender

# Forms only a feminine takes, after an explicit "je suis". Accents are gone by now, so
# not the endings of "arrivé", "libéré", "habitué" ("arrive", "libere", "habitue"): "-ive"
# only after t or s, "-ere" after i or g, "-ue" not after t, q or g.
FEMININE_FORMS = (
    r"\w+(?:ee|ees)", r"\w+euses?", r"\w+trices?", r"\w+iennes?", r"\w+aises?", r"\w+oises?",
    r"\w+antes?", r"\w+entes?", r"\w+[ts]ives?", r"naives?", r"\w+[ig]eres?", r"fieres?",
    r"cheres?", r"\w+[^qgt]ues?", r"\w+aines?", r"\w+anes?", r"\w{2,}ies?", r"contente", r"prete",
    r"seule", r"nouvelle", r"majeure", r"inscrite", r"heureuse", r"belle", r"gentille", r"veuve",
    r"maman", r"mere",
    # adjectives in "-elle" and "-onne" (not "-elle"/"-onne" verbs: "appelle", "donne")
    r"(?:cru|sensu|spiritu|professionn|exceptionn|ponctu|intellectu|form|actu|cultur|rationn|emotionn|"
    r"matern|etern|natur|jum)elles?", r"(?:bonn|mignonn|championn|patronn)es?", r"enceinte", r"petite", r"instruite", r"surprise", r"prise", r"assise",
    r"soumise", r"promise", r"mise", r"confuse", r"doyenne", r"chaude", r"toute", r"morte", r"folle", r"coquette", r"muette", r"inquiete", r"discrete", r"complete",
    # participles in -te whose masculine ends in a silent t ("satisfaite", "inscrite", "séduite")
    r"\w+aites?", r"\w+uites?", r"\w*crites?", r"grande",
    r"vieilles?", r"mures?", r"\w+ouses?", r"nee",
    # "je suis sûre" (typed "sure" too: "sûr" is "sur"), "ouverte", "conquise", "éprise"
    r"sures?", r"(?:ouv|off|exp|couv)ertes?", r"\w*(?:qu|pr)ises?",
    # trades in -eure ("moi chu ingénieure")
    r"\w+(?:ieure|sseure|cteure)s?",
)
# Feminine forms a word listed without a verb can take ("Divorcée, 2 enfants"): not those
# that end ordinary words too ("give", "where", "continue", "que", "maman" said to someone).
LISTED_FEMININE_FORMS = (
    r"\w{2,}ees?", r"\w+euses?", r"\w+trices?", r"\w+iennes?", r"\w+aises?", r"\w+oises?",
    r"\w+antes?", r"\w+entes?", r"\w+ieres?", r"\w+aines?", r"musulmanes?", r"contente",
    r"prete", r"seule", r"inscrite", r"veuve", r"nee", r"avocate",
    # trades in -eure ("Ingénieure en BTP, 32 ans")
    r"\w+(?:ieure|sseure|cteure)s?",
)
# Masculine forms whose feminine sounds different, so a woman would not drop it.
MASCULINE_FORMS = (
    r"\w+eux", r"\w{3,}if", r"\w+ien", r"\w+ais", r"\w+ois", r"\w+ant", r"\w+ent", r"\w+ier",
    r"\w+ain", r"musulman", r"veuf", r"pret", r"inquiet", r"discret", r"complet",
    # "-eur" whose feminine is "-euse" ("travailleur"/"travailleuse"); not trades a woman may
    # go by ("docteur", "professeur", "chauffeur")
    r"travailleur", r"menteur", r"reveur", r"charmeur", r"bosseur", r"blagueur", r"dragueur", r"joueur",
    r"flatteur", r"moqueur", r"batailleur", r"vendeur", r"coiffeur", r"danseur", r"chanteur", r"serveur",
    r"voyageur", r"rieur", r"bon", r"mignon", r"nouveau", r"preneur", r"(?:ouv|off|couv)ert",
    # said with "je suis", members write the feminine's e ("je suis seule", "majeure")
    r"seul", r"majeur",
    # participles whose feminine sounds its t ("inscrit"/"inscrite")
    r"\w*crit", r"satisfait", r"\w+uit", r"grand", r"vieux", r"jaloux",
    # "je suis chaud" (keen), "être mis en relation", "je suis mort de rire", "pas fou"
    r"chaud", r"mis", r"remis", r"mort", r"fou",
)
# ...listed without a verb: not those that start replies ("Sérieux ?", "Affirmatif").
LISTED_MASCULINE_FORMS = (
    r"\w+ien", r"\w+ais", r"\w+ois", r"\w+ant", r"\w+ent", r"\w+ain", r"musulman", r"veuf", r"fils", r"pret",
    # trades in -ier, whose -ière sounds different ("Infirmier, je travaille de nuit")
    r"(?:infirm|cuisin|ouvr|polic|banqu|pomp|ferm|caiss|hotel|menuis|cordonn|jardin|douan|conseill)iers?",
)
# Masculine participles that, written with their accent, describe the member even listed
# without a verb ("Intéressé par MAT-…", "61 ans, retraité"); not "Désolé", "Noté", "Envoyé",
# which open replies whoever writes them, nor "âgé", which describes whom they seek as often.
LISTED_ACCENTED = frozenset({
    "interesse", "marie", "remarie", "divorce", "separe", "retraite", "fiance", "passionne",
    "motive", "engage", "diplome", "salarie", "cultive", "pose", "reserve", "installe", "base",
})
# Participles in "-é" members say of themselves, typed without the accent: after "je suis" the
# bare form is the masculine ("je suis divorce", "jsuis fatigue"); a woman types the e she
# adds ("divorcee"), as the corpus's writers read it. Only these: many words after "je suis"
# end in an e that is no agreement ("calme", "libre", "celibataire"); not "interesse", the word
# of the card's button that women type as often as men.
UNACCENTED_MASCULINE = frozenset({
    "divorce", "marie", "remarie", "separe", "fiance", "fatigue", "epuise", "decourage", "desespere", "presse",
    "motive", "decide", "determine", "engage", "passionne", "occupe", "blesse",
    "abandonne", "delaisse", "installe", "retraite", "salarie", "diplome", "habitue", "attache", "stresse",
    "degoute", "deprime", "rassure", "emballe", "lasse", "choque", "brise", "comble", "traumatise", "isole",
    "tente", "excite", "expatrie", "mute", "angoisse", "perturbe", "bloque",
})
# Fixed phrases whose first word looks agreed but says nothing: "je suis un peu vieux jeu".
IDIOMS = frozenset({("vieux", "jeu"), ("bon", "vivant"), ("bon", "enfant"), ("grand", "public")})
# "né en 85", "je suis né à Garoua": the masculine of "née", before a date or a place.
BORN_BEFORE = frozenset({"en", "a", "au", "le", "dans", "in", "vers", "aux"})
# Words these endings catch that say nothing of the speaker ("je suis en ville", "suivante").
NOT_AGREEMENT = frozenset({
    # feminine-looking
    "journee", "annee", "soiree", "idee", "pensee", "lycee", "musee", "armee", "chaussee",
    "contre", "entre", "libre", "autre", "tres", "trop", "suivante", "suivantes", "precedente",
    "prochaine", "attente", "entente", "tante", "vente", "pente", "rente", "descente", "detente",
    "tente", "plante", "presente", "frontiere", "matiere", "priere", "lumiere", "maniere",
    "carriere", "riviere", "derriere", "arriere", "pere", "frere", "guerre", "terre", "where",
    "there", "here", "were", "ere", "agree", "free", "see", "fee", "three", "coffee",
    "degree", "guarantee", "semaine", "fontaine", "douzaine", "dizaine", "centaine", "vingtaine",
    "trentaine", "quarantaine", "cinquantaine", "soixantaine", "domaine", "capitaine", "plaine",
    "chaine", "haine", "laine", "graine", "migraine", "aubaine", "organe", "motive", "motives",
    "captive", "balais", "piges", "berges", "printemps", "hivers", "carats", "suite", "fuite", "conduite", "poursuite", "faite", "defaite", "cuite", "nuit", "fruit", "bruit",
    "produit", "circuit", "ecrit",
    # "enchanté", "expérimenté" without their accent
    "enchante", "hante", "invente", "augmente", "oriente", "frequente", "represente", "alimente",
    "argumente", "documente", "experimente", "tourmente", "commente", "complimente", "dechante",
    # masculine-looking
    "bien", "rien", "combien", "tien", "mien", "sien", "lien", "chien", "viens", "mais", "jamais",
    "desormais", "vais", "fais", "sais", "ais", "frais", "fois", "parfois", "mois", "bois",
    "vois", "crois", "dois", "sois", "quelquefois", "autrefois", "toutefois", "pendant", "suivant",
    "suivants", "avant", "devant", "maintenant", "cependant", "durant", "tant", "quant", "pourtant",
    "enfant", "souvent", "comment", "cent", "dent", "vent", "moment", "argent", "parent",
    "client", "agent", "accent", "talent", "event", "present", "different", "important",
    "want", "meant", "went", "sent", "spent", "rent", "recent", "giant", "hier", "premier",
    "dernier", "entier", "if", "tarif", "motif", "deux", "mieux", "ceux", "eux", "yeux",
    "lieux", "jeux", "feux", "peux", "veux", "ient", "gens", "demain", "main", "pain", "bain",
    "train", "terrain", "parrain", "copain", "prochain", "plan", "ouais", "affirmatif", "etais", "mouais",
    "avais", "allais", "voulais", "pensais", "faisais", "disais", "venais", "savais", "croyais",
    "parlais",
    # present participles, which never agree ("Togolaise de 31 ans vivant à Lomé")
    "vivant", "habitant", "residant", "travaillant", "cherchant", "etant", "ayant", "venant", "esperant",
    "souhaitant", "voulant", "pensant", "sachant", "allant", "faisant", "disant",
    # ending in -u or -i, but no participles ("je suis ici", "je suis celui qui..." is "celui")
    "ici", "parmi", "lui", "aussi", "merci", "midi", "samedi", "lundi", "mardi", "mercredi", "jeudi",
    "vendredi", "celui", "oui", "tu", "vu", "cru", "pu", "su", "du", "lu", "bu", "eu", "dessus", "dessous",
    "beaucoup", "partout", "debout", "bientot", "aujourd", "hui",
    # neither
    "sur", "en", "au", "a", "de", "la", "le", "les", "pas", "deja", "toujours", "encore", "demande",
    "personne",
})
# Nouns of a person alike for both, whose article says which ("un compatriote", "une collègue").
PERSONS_ALIKE = frozenset({"compatriote", "camarade", "collegue", "fonctionnaire", "militaire", "diplomate",
                           "journaliste", "artiste", "adventiste", "pentecotiste", "catholique", "orthodoxe",
                           "celibataire",
                           # not alike, but the article says it when the ending does not ("un client")
                           "client", "serviteur"})
# Adjectives that come before a noun: "une vraie relation", "un certain temps".
NOT_NOUNS = frozenset({"vraie", "certaine", "certain", "seule", "lointaine", "prochaine", "pleine", "grande",
                       "bonne", "nouvelle", "ancienne", "ancien", "restaurant", "instant", "moment", "appartement",
                       "humain", "humaine", "demain", "terrain"})
# Feminine after "je suis" ("je suis venue"), but listed alone they start other things
# ("Première fois ici", "Claire, 30 ans" is a name, "Arrivée à Douala").
NOT_LISTED = frozenset({
    "pressee", "arrivee", "entree", "allee", "vraie", "vue", "rue", "venue", "due", "claire",
    "derniere", "premiere", "fiere",
    "employee",  # English listed ("employee at MTN"); "je suis employée chez..." is French
})
ADVERBS = (
    r"pas|plus|jamais|tres|trop|deja|vraiment|un peu|bien|si|tellement|toujours|encore|assez|"
    r"super|hyper|vachement|completement|totalement|aussi|juste|seulement|enfin|bientot|"
    r"desormais|maintenant|actuellement|quand meme|grave|officiellement|beaucoup|tout(?! (?:a|au|le|de|d|en)\b)"
)
# The member speaking of themself with a verb that makes the next word agree with them.
_FIRST_PERSON = re.compile(
    r"(?<![a-z])(?<!\bt )(?<!\btu )(?:(?:je|j|moi qui) )?(?:ne |n )?"
    rf"(?:suis(?: je)?|nazali|etais|serai|serais|sois|me sens|me sentais|me suis|m etais|me serais|(?:ai|avais)(?: (?:{ADVERBS}))* ete|"
    r"suis devenue?|(?<![a-z] )etant|(?:je|j) (?:ne |n )?(?:reste|restais|resterai|deviens|devenais|parais|semble)|(?:je|j) (?:ne |n )?(?:veux|voudrais|peux|pourrais|dois|vais|souhaite|"
    r"aimerais|prefere)(?: pas| plus| jamais)? (?:etre|rester|devenir)|"
    # "je fais comment pour être inscrite", "j'ai peur d'être seule": the infinitive's subject is "je"
    r"(?:je|j) [a-z]+(?: [a-z]+){0,3} (?:pour|sans|d|de) (?:etre|rester|devenir|aller))"
    rf"(?: (?:{ADVERBS}))* (?P<word>[a-z]+)\b(?: (?P<next>[a-z]+)\b)?"
    # "je suis timide mais gentille": a second adjective, joined to the first
    rf"(?: (?:{ADVERBS}))*(?: (?P<joined>[a-z]+)\b)?"
)
JOINING = frozenset({"et", "mais", "pis", "ou", "voire"})
# After these, the word after "je suis" is no description of the member ("je suis à Douala").
FUNCTION_WORDS = frozenset({
    "a", "au", "aux", "en", "de", "du", "des", "d", "le", "les", "l", "un", "une", "dans", "sur",
    "chez", "avec", "pour", "par", "sans", "sous", "ici", "ma", "mon", "mes", "ta", "ton", "tes", "sa",
    "son", "ses", "votre", "vos", "leur", "leurs", "ce", "cette", "cet", "ces", "tout", "toute", "et",
    "ou", "mais", "donc", "car", "que", "qui", "quand", "comme", "vers", "contre", "entre", "apres",
    "avant", "depuis", "pendant", "moi", "toi", "lui", "elle", "il", "on", "nous", "vous", "y",
})
# Articles after "je suis" whose noun agrees with the member ("je suis une commerçante"), when
# the verb is surely the first person ("t'étais une vraie fille" is not).
ARTICLES = frozenset({"un", "une", "le", "la", "l"})  # "je suis la seule", "je suis l'aînée"
_SURELY_FIRST = re.compile(r"(?:je|j|moi qui) |(?:ne |n )?suis ")
# Nouns that are alike for both (the article shows which): "une célibataire", "un journaliste".
_EPICENE = re.compile(r"[a-z]{3,}(?:aire|iste|able|ible|logue|graphe|crate|ique|ecte|ete|aste|ole|ve)|"
                      r"jeune|belge|suisse|russe|adulte|malgache")
# "la femme que vous m'avez présentée": the participle agrees with "que", not with "me".
_RELATIVE_BEFORE = re.compile(r"\b(?:que|qu)(?: [a-z]+)? $")
# Only a feminine shows here: a participle agrees with "me" before "a" ("on m'a inscrite",
# "vous m'avez bien aidée").
_OBJECT_ME = re.compile(
    rf"(?<![a-z])m (?:a|as|avez|ont|avait|aviez|avaient|auriez|aurait)(?: (?:{ADVERBS}))* (?P<word>[a-z]+)\b"
)
_GREETING = (
    r"(?:bonjour|bonsoir|salut|coucou|hello|hi)"
    r"(?: (?:madame|monsieur|mademoiselle|a tous|a toutes|tout le monde|everyone|all|dear|chers?|chere))?"
)
# Words listed in a self-description: first (after a greeting), after a sentence mark or
# an age ("27 ans, célibataire et infirmière": up to three words further), or after the
# member's name ("Jean-Pierre, divorcé": maybe one word further).
_LISTED = (
    # ...a word that agrees with no one may be joined to one that does ("célibataire pis motivée")
    re.compile(rf"(?:^(?:{_GREETING} )?(?:(?:oui|ouais|wi|waaw|waw|yes|ok|okay|dac|yep|ah|oh|wow) )?|\| )(?:(?:{ADVERBS}) )*(?P<word>[a-z]+)\b"
               r"(?: (?:et|pis|mais|and) (?:(?:tres|trop|super|vraiment|toujours) )?(?P<joined>[a-z]+)\b)?"),
    # (not an age that describes someone: "les femmes de 45 ans trouvent...")
    re.compile(r"(?<!\bde )(?<!\bof )\b\d{2} (?:(?:ans?|years old|yrs|yo) )?(?P<word>[a-z]+)\b(?: (?P<next>[a-z]+)\b)?(?: (?P<third>[a-z]+)\b)?"),
    re.compile(r"\b(?:je m appelle|moi c est|on m appelle|mon prenom (?:c est|est)|my name is|ici c est) "
               # a name, not an article ("moi c'est le ndolè plantain mûr" names a dish)
               r"(?!(?:le|la|les|l|un|une|des|du|mon|ma|mes|pas|plus|que|quoi|comme|ca)\b)"
               r"[a-z]+ (?P<word>[a-z]+)\b(?: (?P<next>[a-z]+)\b)?"),
)

# The member set against someone, even about a profile: "lui il est musulman et moi chrétienne".
_SET_AGAINST = re.compile(r"\b(?:et|mais) moi (?P<word>[a-z]+)\b")

_COMPARED = re.compile(r" (?:que|qu|than) (?:moi|me)\b")
# Where a list of what the member is stops: someone else becomes the subject ("33 ans, ma
# soeur est mariée", "40 ans, elle est divorcée"), or a noun follows ("30 ans la semaine passée").
LIST_ENDS = frozenset({"il", "elle", "ils", "elles", "ma", "mon", "mes", "sa", "son", "ses", "ta", "ton", "tes",
                       "lui", "leur", "vous", "tu", "on", "cette", "ce", "la", "le", "les", "l", "un", "une",
                       "des", "du", "de", "d", "a", "au", "aux", "en", "dans", "depuis", "pour", "avec", "sur", "chez",
                       # a verb of someone else ("les femmes de 30 40 ans sont vérifiées ?")
                       "est", "sont", "etait", "etaient", "ont", "avait", "avaient", "sera", "seront", "peut",
                       "peuvent", "doit", "doivent", "va", "vont", "fait", "font", "qui", "que", "qu"})
# A word typed with a final "é" and no "e" after it ("intéressé", "crevés"), not an inclusive
# "intéressé(e)" / "intéressé·e", in a raw message.
_ACCENTED = re.compile(r"(?<![^\W\d_])([^\W\d_]*é)s?(?![^\W\d_]|[(·]|\.e\b)")
# Participles whose feminine only adds a silent e ("déçu"/"déçue", "ravi"/"ravie", "seul"):
# masculine when the message types accents, as in `_ACCENTED`.
_SILENT_E = re.compile(r"(?<![^\W\d_])([^\W\d_]{2,}[uiû]|seul)(?![^\W\d_]|[(·]|\.e\b)")
# ...and these, said of oneself, whether the message types accents or not: the corpus's
# writers read "je suis perdu", "toujours seul", "ravi de commencer", "desole j'etais au
# boulot" as a man's words (perdu 5:1, seul 9:1, désolé 9:0, ravi 3:0, nouveau 4:1).
PLAIN_MASCULINE = frozenset({
    "perdu", "ravi", "seul", "nouveau", "convaincu", "servi", "decu", "surpris", "conquis", "desole",
    "navre", "soulage", "confus", "revenu", "venu", "indecis",
})
_PLAIN_MASCULINE = re.compile(
    rf"(?<![^\W\d_])({'|'.join(sorted(PLAIN_MASCULINE))})(?![^\W\d_]|[(·]|\.e\b)")  # in a folded text
# Feelings a member says of themself without a verb ("Désolé, j'étais au boulot", "ravi de
# commencer", "toujours seul"): masculine when typed so, unless someone else is the subject.
# ...or stressed ("Franchement déçu, ...", "toujours aussi motivé").
_FEELING = re.compile(r"(?<![a-z])(?:desole|navre|ravi|(?<=toujours )seul|(?<=tout )seul|(?<=encore )seul|"
                      r"(?:(?<=franchement )|(?<=vraiment )|(?<=tres )|(?<=tellement )|(?<=aussi )|(?<=trop ))"
                      r"(?:decu|motive|decourage|fatigue|soulage))\b")
# ...and their feminines, typed with the e, with a state the member is still in ("31 ans et
# toujours pas mariée", "toujours pas casée") and "new here" ("nouvelle ici", "nouveau sur le
# service"); the masculines of these need their accent, as above.
_STATE = (r"(?:(?:toujours|encore) (?:pas|plus|pas encore) (?P<word>marie|case|maque|fiance|remarie|inscrit)|"
          r"(?P<new>nouveau) (?:ici|sur|dans))")
_FEELING_FEMININE = re.compile(r"(?<![a-z])(?:desolee|navree|ravie|(?<=toujours )seule|(?<=toute )seule|(?<=encore )seule|"
                               r"(?:(?<=franchement )|(?<=vraiment )|(?<=tres )|(?<=tellement )|(?<=aussi )|(?<=trop ))"
                               r"(?:decue|motivee|decouragee|fatiguee|soulagee)|"
                               r"(?:toujours|encore) (?:pas|plus|pas encore) (?:mariee|casee|maquee|fiancee|remariee|inscrite)|"
                               r"nouvelle (?:ici|sur|dans))\b")
_STATE_MASCULINE = re.compile(rf"(?<![a-z]){_STATE}\b")
# Someone else is the one the feeling or state is said of: "elle est toujours pas mariée", "ma
# soeur est encore seule".
_THIRD_PERSON_VERB = re.compile(r"\b(?<!je )(?<!j )(?:est|sont|etait|etaient|reste|restent|semble|parait|is|are|was)(?: [a-z]+)? $")
_OTHER_SUBJECT_BEFORE = re.compile(
    r"\b(?:il|elle|ils|elles|on|tu|t|vous|he|she|they|you|lui|eux)(?: [a-z]+){0,2} $")
# "sûr" typed with its accent and no e ("je suis sûr", "pas sûr de moi"): who types the
# accent types the feminine's e ("sûre"). Folded it is "sur", so it is marked on its own.
_SURE = re.compile(r"(?<![^\W\d_])sûr(?![^\W\d_]|[(·]|\.e\b)")
SURE = "sûr"
_NAME_INSIDE = re.compile(r"(?<=[a-zà-ÿ,] )([A-ZÀ-Ý][a-zà-ÿ]*é)s?(?![^\W\d_])")
_DIACRITIC = re.compile(r"[àâäçéèêëîïôöùûüÿ]")

_FEMININE = re.compile(rf"(?:{'|'.join(FEMININE_FORMS)})")
_LISTED_FEMININE = re.compile(rf"(?:{'|'.join(LISTED_FEMININE_FORMS)})")
_MASCULINE = re.compile(rf"(?:{'|'.join(MASCULINE_FORMS)})")
_LISTED_MASCULINE = re.compile(rf"(?:{'|'.join(LISTED_MASCULINE_FORMS)})")


def accented_masculine(raw: str) -> frozenset[str]:
    """The words of a raw message typed with a masculine "é" ending, or, when the message
    types accents, with a masculine "-u"/"-i" ending ("déçu", "perdu"), or in one of the plain
    masculines (`PLAIN_MASCULINE`), folded as `normalize` folds them ("Intéressé" -> "interesse");
    never an inclusive "perdu(e)"."""
    # a capitalised word inside a sentence is a name ("moi je suis Bété"), not a participle
    names = {fold(m.group(1).casefold()) for m in _NAME_INSIDE.finditer(unicodedata.normalize("NFC", raw))}
    text = unicodedata.normalize("NFC", raw.casefold())
    words = {fold(m.group(1)) for m in _ACCENTED.finditer(text)} - names
    if _DIACRITIC.search(text):
        words.update(fold(m.group(1)) for m in _SILENT_E.finditer(text))
    words.update(m.group(1) for m in _PLAIN_MASCULINE.finditer(fold(text)))
    if _SURE.search(text):
        words.add(SURE)  # "je suis sûr": folded it is the preposition "sur", kept apart
    # "moi", "lui", "aussi" end like "déçu" or "ravi" and agree with nothing
    typed_e = {fold(m.group(1)) for m in _ACCENTED.finditer(text)} - names
    return frozenset(w for w in words if w not in FUNCTION_WORDS and (
        w not in NOT_AGREEMENT or (w in typed_e and w in UNACCENTED_MASCULINE)))  # "motivé" typed, not "motive"


def _form(word: str, *, listed: bool, accented: frozenset[str] = frozenset()) -> Gender | None:
    """The gender a word said of the member shows, if it shows one (`accented`: the words the
    message types with a masculine "é", see `accented_masculine`)."""
    if word == "ne" and word in accented and not listed:
        return "male"  # "je suis né à Douala", typed with its accent ("née" is the feminine)
    if word == "sur" and SURE in accented and not listed:
        return "male"
    if word in accented and word in UNACCENTED_MASCULINE and not listed:
        return "male"  # "je suis motivé": its "é" typed (bare, "motive" is no agreement)
    if word in NOT_AGREEMENT or len(word) < 3 or (listed and word in NOT_LISTED):
        return None
    if word in accented and (not listed or word in LISTED_ACCENTED):
        return "male"  # before the feminine endings: "marié" typed is no "-ie"
    if not listed and word in UNACCENTED_MASCULINE:
        return "male"
    if (_LISTED_FEMININE if listed else _FEMININE).fullmatch(word):
        return "female"
    if (_LISTED_MASCULINE if listed else _MASCULINE).fullmatch(word) and not word.endswith("ment"):
        return "male"
    return None


def noun_gender(article: str, word: str) -> Gender | None:
    """The gender of a person named by a noun of nationality, faith or trade with its article,
    when both agree ("une ivoirienne", "un chrétien", "une infirmière"); None for anything else
    ("une certaine", "un restaurant" look alike only by chance, so only the listed forms count)."""
    if word in PERSONS_ALIKE:
        return "female" if article == "une" else "male"  # "je cherche un compatriote sérieux"
    gender = _form(word, listed=True)
    if word in NOT_NOUNS or gender != ("female" if article == "une" else "male"):
        return None
    return gender


def shows_gender(word: str, *, listed: bool = False) -> bool:
    """Whether a word, folded, agrees like an adjective said of a person ("malien", "seule");
    `listed`: as a word listed without a verb agrees (not "-ie", which ends "Sophie")."""
    return _form(word, listed=listed) is not None


def gender_by_agreement(text: str, roles: Roles, *, listed: bool = True,
                        accented: frozenset[str] = frozenset()) -> Gender | None:
    """The member's gender from the words they agree with themself, in a normalised text.

    `listed`: whether words listed without a verb count too (not in English, where nothing
    agrees, nor about a shown profile, which such words describe: "infirmière ?").
    `accented`: the words the raw message types with a masculine "é" (`accented_masculine`)."""
    found: set[Gender] = set()
    for m in _FIRST_PERSON.finditer(text):
        word, following = m.group("word"), m.group("next")
        gender = _form(word, listed=False, accented=accented) if (word, following) not in IDIOMS else None
        if word == "ne" and following in BORN_BEFORE:
            gender = "male"
        article = word in ARTICLES and bool(_SURELY_FIRST.match(m.group(0)))
        if gender is None and following and (word not in FUNCTION_WORDS or article):
            # "je suis catholique pratiquante", "je suis un étudiant ivoirien"; after an article
            # a noun, whose "-é" is no participle ("une personnalité")
            gender = _form(following, listed=False, accented=frozenset() if article else accented)
        if gender is None and article and following and (_EPICENE.fullmatch(following) or following in PERSONS_ALIKE):
            # "je suis une célibataire", "je suis un fonctionnaire": the article agrees
            gender = "female" if word in ("une", "la") else "male" if word in ("un", "le") else None
        if gender is None and following in JOINING and m.group("joined") and word not in FUNCTION_WORDS:
            gender = _form(m.group("joined"), listed=False, accented=accented)
        if gender:
            found.add(gender)
    for m in _FEELING.finditer(text):
        if m.group(0) in accented and not _OTHER_SUBJECT_BEFORE.search(text, 0, m.start()):
            found.add("male")
    states: tuple[tuple[re.Pattern[str], Gender], ...] = ((_FEELING_FEMININE, "female"), (_STATE_MASCULINE, "male"))
    for pattern, gender in states:
        for m in pattern.finditer(text):
            if gender == "male" and (m.group("word") or m.group("new")) not in accented:
                continue  # "toujours pas marie" typed without its accent may be a woman's
            if not _OTHER_SUBJECT_BEFORE.search(text, 0, m.start()) and not _THIRD_PERSON_VERB.search(text, 0, m.start()):
                found.add(gender)
    for m in _OBJECT_ME.finditer(text):
        if _form(m.group("word"), listed=False) == "female" and not _RELATIVE_BEFORE.search(text, 0, m.start()):
            found.add("female")
    for pattern in (*_LISTED, _SET_AGAINST) if listed else (_SET_AGAINST,):
        for m in pattern.finditer(text):
            if (gender := _listed_gender(text, m, roles, accented)):
                found.add(gender)
    return found.pop() if len(found) == 1 else None


def _listed_gender(text: str, m: re.Match[str], roles: Roles, accented: frozenset[str]) -> Gender | None:
    """The gender the first agreeing word of a listed self-description shows, if any."""
    joined = m.groupdict().get("joined")
    if joined and _EPICENE.fullmatch(m.group("word")) and roles.at(m.start("joined") - 1) != "partner":
        return _form(joined, listed=True, accented=accented)  # "célibataire pis motivée"
    for group in ("word", "next", "third"):
        word = m.groupdict().get(group)
        if not word or word in LIST_ENDS:
            return None
        if roles.at(m.start(group) - 1) == "partner":
            return None  # about the person sought: "je cherche un homme de 40 ans divorcé"
        if _COMPARED.match(text, m.end(group)):
            return None  # "pas plus âgée que moi": the person sought compared with the member
        if word == "ne" and group == "word" and (text[m.end(group):].split() or [""])[0] in BORN_BEFORE:
            return "male"  # "né en 85", "ne a garoua"
        if word.endswith("es") and (_form(word[:-1], listed=True) == "female" or word[:-1] in NOT_AGREEMENT):
            return None  # a plural ("chrétiennes à Kisangani ?", "soirées"): not the member
        if gender := _form(word, listed=True, accented=accented):
            return gender
    return None
