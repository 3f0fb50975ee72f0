"""What a message asks for: yes/no, next profile, contact, opt-out, a human, a complaint..."""

from __future__ import annotations

import re
from dataclasses import dataclass

from agents.nlu.genders import FEMALE_WORDS, MALE_WORDS

_GENDER = "|".join(MALE_WORDS + FEMALE_WORDS)
# After "interested in", what makes it something other than a contact request.
_NOT_A_PERSON = (
    rf"(?:les |des |un |une |la |le |a |an |the |dating )?(?:{_GENDER})\b"
    r"|(?:vos |votre |l |les |ce |cette |the |your )?"
    r"(?:services?|agence|agency|offres?|offers?|abonnements?|subscriptions?|site)\b"
)

# Politeness and greetings around a one-word command ("STOP svp", "Bonjour, STOP merci").
COURTESY: frozenset[str] = frozenset(
    {"s", "il", "vous", "te", "plait", "please", "merci", "thanks", "thank", "you", "bonjour",
     "bonsoir", "salut", "hello", "hi", "ok", "maintenant", "now", "a", "tous", "all", "svp"}
)
OPT_OUT_COMMANDS: frozenset[str] = frozenset(
    {"stop", "arret", "arrete", "arretez", "arreter", "stopall", "stop all", "unsubscribe",
     "desabonner", "desabonnement", "me desabonner", "desabonnez moi", "desabonne moi",
     "desinscrire", "me desinscrire", "desinscrivez moi", "desinscription", "cancel", "end",
     "quit", "optout", "opt out", "stop messages", "stop message", "fin"}
)
OPT_IN_COMMANDS: frozenset[str] = frozenset(
    {"start", "unstop", "reprendre", "resume", "restart", "redemarrer", "reactiver",
     "subscribe", "s abonner", "me reabonner", "reabonner", "yes start", "commencer"}
)
# Anywhere in a sentence, unless negated just before ("je veux pas me désabonner").
OPT_OUT_PHRASES = (
    r"desabonn\w*", r"desinscri\w*", r"unsubscribe", r"opt out",
    r"ne (?:m |me |nous )?(?:envoy|ecri|contact)\w* plus",
    r"veux plus (?:recevoir|de (?:vos |tes )?messages|etre contacte)",
    r"arret\w* (?:de m|de me|de nous|les messages|vos messages|tes messages)"
    r"(?!\w* \w+ (?:des|les|que des|ces) (?:vieux|vieilles|jeunes|gamin\w*|profils?|hommes|femmes|gens|filles|gars|mecs|"
    r"personnes|musulman\w*|chretien\w*|divorce\w*))",
    r"stop (?:les|vos|tes) messages", r"stop (?:messaging|texting|sending|contacting) me",
    r"remove me", r"leave me alone", r"laissez moi tranquille",
    r"don t (?:message|text|contact) me",
    # the STOP said again: "j'ai dit stop, vous comprenez pas ?" (unless taken back, below)
    r"(?:j ai|je vous ai|je t ai|i ve|i have|i) (?:deja |bien |already )?(?:dit|said|ecrit|wrote|typed|sent|envoye) stop",
)
OPT_IN_PHRASES = (r"reactiv\w*", r"re ?abonn\w*", r"resubscribe", r"je veux reprendre")
# A STOP taken back: "je retire mon STOP", "stop le stop", "j'avais dit STOP trop vite", "c'était
# une erreur le stop", "je veux plus que vous arrêtiez": the member comes back, never leaves.
STOP_TAKEN_BACK = (
    r"(?:retir|annul|oubli|efface|enlev|supprim|cancel|ignor|undo|remove)\w* (?:mon |le |ce |votre |my |the |that )?stop\b",
    r"\bstop (?:le|au|the|my) stop\b",
    r"\b(?:j avais|j ai|i had|i)(?: (?:dit|mis|fait|envoye|tape|ecrit|said|sent|typed|put|pressed))? stop\b"
    r".*\b(?:reviens|revenir|erreur|trop vite|mistake|accident|regrette|back)\b",
    r"\b(?:erreur|mistake|accident)\b.*\bstop\b",
    r"\bstop\b.*\b(?:par erreur|by mistake|by accident|was a mistake|etait une erreur)\b",
    r"\bje (?:ne )?veux plus que vous (?:arretiez|cessiez|stoppiez)\b",
)
NEGATION = r"(?:pas|plus jamais|jamais|not|don t|do not|never) (?:\w+ )?(?:me |de |to )?$"
_SHOUTED_COMMAND = re.compile(r"(?<![\w'’])(STOP|STOPALL|UNSUBSCRIBE|START)(?![\w'’])")

YES_WORDS = (
    r"oui", r"ouais", r"ouaip", r"ok", r"d accord", r"yes", r"yep", r"yup", r"yeah", r"yea",
    r"sure", r"bien sur", r"volontiers", r"exactement", r"exact", r"c est ca", r"tout a fait",
    r"absolument", r"carrement", r"evidemment", r"certainement", r"correct", r"absolutely",
    r"definitely", r"certainly", r"of course", r"ofc", r"alright", r"affirmatif",
    r"parfait", r"perfect", r"super", r"cool", r"genial", r"great", r"vas y", r"allez y",
)
YES_PHRASES = (
    r"ca me va", r"ca marche", r"ca me convient", r"c est bon", r"je confirme", r"i confirm",
    r"sounds good", r"that works", r"go ahead", r"let s go", r"why not", r"pourquoi pas",
    r"pas de (?:probleme|souci|soucis)", r"no (?:problem|worries)",
)
NO_WORDS = (
    r"non", r"nan", r"nope", r"nah", r"no", r"pas du tout", r"pas vraiment", r"jamais",
    r"not really", r"not at all", r"never", r"negatif", r"absolument pas",
)
NO_PHRASES = (
    r"pas interesse\w*", r"not interested", r"ne me va pas", r"me va pas", r"je refuse",
    r"no thanks?", r"non merci", r"pas pour moi", r"not for me", r"ne m interesse pas",
    r"m interesse pas", r"i decline", r"pas celle? la", r"pas celui la",
)
NEXT = (
    r"suivante?s?", r"next", r"another", r"autres? profils?", r"d autres?", r"la suite",
    r"(?:un|une) autre(?= *$| (?:profil|personne|proposition|choix|s il|please|merci))",
    r"show me more", r"more (?:profiles|matches|options)", r"encore(?= *$)",
    r"something else", r"different (?:one|profile)", r"pas celle? la", r"pas celui la",
)
PROFILES = (
    r"montre[rz]? moi", r"montre[rz]? nous", r"montre[rz]? (?:des|les) (?:profils?|personnes)",
    r"(?:re)?voir (?:des|les|vos|quelques|d autres|mes) (?:profils?|personnes|membres|propositions)",
    r"(?:see|show) (?:the |my )?(?:profiles|matches) again",
    r"je veux voir", r"j aimerais voir", r"je voudrais voir", r"show me", r"let me see",
    r"see (?:the |some )?(?:profiles|matches)", r"any matches", r"find me",
    r"trouve[rz]? moi", r"propose[rz]? moi", r"des propositions", r"avez vous des profils",
    r"vos profils", r"profils disponibles", r"available profiles", r"my matches",
    r"qui (?:avez vous|as tu|vous avez)",
)
CONTACT = (
    (
        r"(?:son|sa|ses|leur|her|his|their) (?:numero|telephone|tel|contact|coordonnees|"
        r"whatsapp|number|phone|email|mail|adresse|address|details)"
    ),
    r"(?:la|le|les|l) (?:contacter|joindre|appeler|rencontrer|ecrire|voir)",
    (
        r"(?:contact|meet|call|reach|text|date) "
        r"(?:her|him|them|this (?:person|lady|man|woman|girl|guy|profile))"
    ),
    r"get in touch", r"mettre en (?:contact|relation) avec (?:elle|lui|cette|ce|zzcode)",
    # "intéressé par les hommes" is a wanted gender, "par vos services" a general interest.
    rf"(?<!pas )interess(?:e|ee|es|ees)\b(?! (?:par|pour) (?:{_NOT_A_PERSON}))",
    rf"(?<!not )interested\b(?! in (?:{_NOT_A_PERSON}))",
    r"(?<!ne )(?<!pas )m interesse(?! pas)", r"je (?:la|le) veux",
    r"i want (?:her|him|this one|that one)",
    r"celle (?:ci|la)(?! pas)", r"celui (?:ci|la)(?! pas)", r"i ll take", r"je (?:la|le) prends",
)
# With a profile code, these say "that one, please".
CODE_CHOICE = (
    r"veux", r"voudrais", r"choisis?", r"prends?", r"take", r"choose", r"want", r"like",
    r"aime", r"oui", r"yes", r"ok", r"please", r"s il", r"numero", r"contact",
)
HUMAN_NOUNS = (
    r"conseill(?:er|ere)s?", r"humains?", r"humans?", r"agents?", r"admin\w*",
    r"operat(?:eur|rice|or)s?",
    r"responsable", r"gerant\w*", r"manager", r"service client", r"customer (?:service|support)",
    r"support", r"representative", r"staff", r"equipe", r"advisor", r"adviser", r"consultant",
    r"vraie? personne", r"personne reelle", r"real (?:person|human|people)", r"etre humain",
    r"someone real", r"quelqu un de reel", r"live agent",
)
HUMAN_VERBS = (
    r"parler", r"discuter", r"echanger", r"joindre", r"appeler", r"contacter", r"passe[rz]? moi",
    r"mettre? en (?:relation|contact)", r"veux", r"voudrais", r"besoin", r"aimerais", r"souhaite",
    r"talk", r"speak", r"chat", r"connect me", r"put me through", r"transfer me", r"need", r"want",
    r"yan",  # Pidgin: "make I yan with una boss"
)
# Words allowed between a verb and a human noun ("parler a un vrai conseiller").
HUMAN_FILLERS = (
    r"a", r"avec", r"to", r"with", r"me", r"moi", r"un", r"une", r"le", r"la", r"l", r"au",
    r"aux", r"the", r"an", r"your", r"votre", r"vos", r"vrai", r"vraie", r"real", r"de", r"d",
    r"du", r"des", r"parler", r"talk", r"speak", r"etre", r"en", r"contact", r"relation",
    r"directement", r"maintenant", r"now", r"please", r"someone", r"from", r"of", r"live",
)
HUMAN_PHRASES = (
    # the one in charge: "je veux parler à son chef", "make I yan with una boss"
    r"(?:parler|talk|speak|yan|chat|discuter|voir)(?: \w+){0,2} (?:au |(?:a |to |with |avec )?"
    r"(?:son|votre|ton|le|una|your|the|their) )(?:chef|boss|patron|superieur|supervisor)",
    r"parler (?:a|avec) (?:un |une |quelqu un|la |le |l )?(?:personne|quelqu un)",
    r"(?:talk|speak|chat) (?:to|with) (?:a |an |the |some )?(?:person|someone|somebody)",
)
COMPLAINT = (
    r"arnaqu\w*", r"arnaque\w*", r"escro\w*", r"plaintes?", r"signal(?:er|ement|e)\w*",
    r"harcel\w*", r"harass\w*", r"abus\w*", r"abuse\w*", r"scam\w*", r"fraud\w*", r"report\w*",
    r"rembours\w*", r"refund\w*", r"voleur\w*", r"voleuse", r"vous m avez vole", r"mecontent\w*",
    r"pas content\w*", r"pas satisfait\w*", r"insatisfait\w*", r"inadmissible", r"inacceptable",
    r"unacceptable", r"honte", r"faux profils?", r"profils? (?:est |sont )?faux", r"fake\w*",
    r"catfish\w*", r"rip ?off",
    r"menac\w*", r"threat\w*", r"insult\w*", r"complain\w*", r"avocat", r"lawyer", r"police",
    r"menteur\w*", r"liars?", r"degoute\w*",
    # something that does not work ("ça bug, le bouton marche pas")
    r"(?:ca |ça )?bug\w*", r"(?:marche|fonctionne) (?:pas|plus)", r"(?:doesn t|does not|don t|no dey) work",
)
GREETINGS = (
    r"bonjour", r"bonsoir", r"salut", r"coucou", r"hello", r"hi", r"hey", r"heya", r"hiya",
    r"(?<!\d )yo", r"salam\w*", r"slm", r"wesh", r"allo", r"hola",
    r"good (?:morning|afternoon|evening)",
)
THANKS = (r"merci\w*", r"remerci\w*", r"thanks?", r"thank you", r"thank u", r"cheers", r"grateful")
QUESTION_STARTS = (
    r"comment", r"combien", r"quand", r"pourquoi", r"quel(?:le|s|les)?", r"qui", r"quoi",
    r"est ce qu\w*",
    r"c est (?:quoi|combien|comment|ou|qui|quand)", r"ca coute", r"peut on", r"puis je",
    r"pouvez vous", r"peux tu", r"avez vous", r"as tu", r"y a t il", r"il y a t il",
    r"ou (?:est|sont|se|puis|peut|etes|trouve|habite|en|va)",
    r"how", r"whats?", r"when", r"where", r"why", r"who", r"which", r"do you", r"does",
    r"did", r"can (?:i|you|we)", r"could", r"is (?:it|there|this)", r"are (?:you|there|they)",
    r"should", r"will you", r"would you", r"may i",
)
QUESTION_PHRASES = (
    r"je (?:voudrais|veux|aimerais|souhaite) savoir", r"(?:dites|dis) moi",
    r"i (?:want|d like) to know",
    r"i wonder", r"tell me", r"savoir si", r"je me demande",
    # a question after what the member says first: "homme 34 ans dla, mais avant tout c combien"
    r"(?:mais|et|sinon|alors|donc|au fait|but|and|so|btw|by the way)(?: (?:avant tout|d abord|sinon|au fait|"
    r"juste|aussi|also|first))? (?:c est (?:quoi|combien|comment|ou)|combien|comment (?:ca|on|je|vous|faire)|"
    r"how much|how (?:do|does|can|to))\b",
)
CORRECTION = (
    r"en fait", r"je me suis trompe\w*", r"je me suis mal exprime\w*", r"je voulais dire",
    # not "plutôt": "plutôt un monsieur" answers whom they seek, it corrects nothing
    r"je corrige", r"correction", r"rectifi\w*", r"erreur de ma part", r"oups",
    r"oops", r"actually", r"i meant", r"my mistake", r"my bad", r"i made a mistake",
    r"j ai fait une erreur", r"je rectifie", r"wrong (?:city|age|one|number)", r"i wrote the wrong",
    r"faute de frappe", r"typo",
    # a number taken back: "c'est pas 52, c'est 25", "no be 23 I talk"
    r"(?:c est )?pas \d{2}(?= (?:mais|c est|plutot)\b)", r"no be \d{2}",
)
CORRECTION_STARTS = (
    r"non (?:j ai|je suis|c est|je vis|j habite|je cherche|moi)",
    r"no (?:i m|i am|i have|i live|it s)",
)
ANY_PREFERENCE = (
    r"peu[tx]? (?:m )?importe?", r"pas d importance", r"aucune importance", r"n importe\w*",
    r"(?:pas de|aucune|sans|no|without) (?:preferences?|preferance)", r"m est egal",
    r"c est egal", r"indifferent\w*", r"les 2", r"tous les 2", r"both", r"tout me va",
    r"doesn t matter", r"does not matter", r"don t mind", r"don t care", r"whatever",
    r"either", r"anyone", r"anybody", r"anywhere", r"partout",
    r"any(?= *$| (?:age|city|town|gender|one|place|location|country|is fine|will do))",
    r"tous les ages", r"toutes les villes", r"n importe quel\w*", r"importe peu", r"no matter",
    r"not important", r"pas important\w*", r"any age", r"any city", r"anyhow", r"pas grave",
    r"(?:m |me )?importe(?:nt)? pas", r"importent peu", r"(?:c est |c |n est )?pas un probleme", r"not a problem",
    r"wherever", r"m en fous", r"m en fiche", r"m en fou",
    r"everywhere",
    # Québec and Pidgin: "ça me dérange pas pantoute", "age no be problem", "e no matter"
    r"(?:me )?derange pas(?: pantoute| du tout)?", r"no be (?:problem|wahala|issue)", r"no (?:get )?wahala",
    # no limit: "y a pas d'âge pour l'amour", "l'amour n'a pas d'âge", "pas de limite d'âge", Lingala "age ya fohi"
    r"(?:il y a|y a|n a) (?:pas|plus) d age", r"(?:pas de|sans|aucune) limite(?: d age)?", r"no (?:age )?limit", r"age il y a fohi",
    r"age is just a number", r"l age (?:ne compte pas|compte pas)",
)


def _any(patterns: tuple[str, ...]) -> re.Pattern[str]:
    """One regex matching any of the phrases as whole words."""
    return re.compile(r"(?<![a-z0-9])(?:" + "|".join(patterns) + r")(?![a-z0-9])")


def _start(patterns: tuple[str, ...]) -> re.Pattern[str]:
    """One regex matching any of the phrases at the start of the text."""
    return re.compile(r"^(?:" + "|".join(patterns) + r")(?![a-z0-9])")


_OPT_OUT = _any(OPT_OUT_PHRASES)
_OPT_IN = _any(OPT_IN_PHRASES)
_STOP_TAKEN_BACK = _any(STOP_TAKEN_BACK)
_NEGATED = re.compile(NEGATION)
_YES_START, _YES = _start(YES_WORDS), _any(YES_PHRASES)
_NO_START, _NO = _start(NO_WORDS), _any(NO_PHRASES)
_NO_NOT = re.compile(r"^no (?:problem|worries|preference|matter|doubt)")
_NEXT, _PROFILES, _CONTACT = _any(NEXT), _any(PROFILES), _any(CONTACT)
# "revoir les profils", "show me again": profiles already shown may come back.
_AGAIN = re.compile(r"\b(?:revoir|a nouveau|de nouveau|again|once more|re ?show)\b")
_CODE_CHOICE = _any(CODE_CHOICE)
_HUMAN = re.compile(
    rf"(?<![a-z])(?:{'|'.join(HUMAN_VERBS)})(?: (?:{'|'.join(HUMAN_FILLERS)})){{0,5}}"
    rf" (?:{'|'.join(HUMAN_NOUNS)})\b"
)
_HUMAN_PHRASES = _any(HUMAN_PHRASES)
_HUMAN_ALONE = re.compile(
    rf"^(?:(?:un|une|a|an|le|la|the|un vrai|une vraie) )?(?:{'|'.join(HUMAN_NOUNS)})"
    r"(?: s il vous plait| please)?$"
)
_COMPLAINT, _THANKS = _any(COMPLAINT), _any(THANKS)
_GREETING = re.compile(r"^(?:\S+ ){0,2}?(?:" + "|".join(GREETINGS) + r")(?![a-z0-9])")
_QUESTION_START, _QUESTION = _start(QUESTION_STARTS), _any(QUESTION_PHRASES)
_CORRECTION, _CORRECTION_START = _any(CORRECTION), _start(CORRECTION_STARTS)
_ANY = _any(ANY_PREFERENCE)
# A greeting opening a sentence ("bonsoir c'est combien", "hello madame how much").
_GREETED = re.compile(r"^(?:(?:bonjour|bonsoir|salut|slt|bjr|bsr|cc|coucou|hello|hi|hey|yo)"
                      r"(?: (?:a tous|madame|monsieur|mme|mr|sir|madam|ma cherie|mon frere|ma soeur|l equipe))? )+")


@dataclass(frozen=True)
class Intents:
    """The intent flags of one message."""

    any_preference: bool
    wants_next: bool
    wants_profiles: bool
    see_again: bool
    contact_request: bool
    yes: bool
    no: bool
    opt_out: bool
    opt_in: bool
    wants_human: bool
    complaint: bool
    greeting: bool
    thanks: bool
    question: bool
    correction: bool


def _command(text: str) -> str:
    """A message reduced to its command words, without politeness or punctuation."""
    return " ".join(w for w in text.replace("|", " ").split() if w not in COURTESY)


def _unnegated(pattern: re.Pattern[str], text: str) -> bool:
    """Whether a phrase occurs without a negation right before it."""
    return any(not _NEGATED.search(text[: m.start()]) for m in pattern.finditer(text))


def find_intents(text: str, *, raw: str, has_codes: bool) -> Intents:
    """Intent flags of a normalised text (raw is the original message, for "?")."""
    command = _command(text)
    words = command.split()
    if words[:1] in (["non"], ["no"]):
        words = words[1:]  # "non merci, STOP" is still a STOP
    deduped = " ".join(dict.fromkeys(words))  # "stop stop stop" is still "stop"
    # The keyword typed in capitals inside a sentence that is not shouted is the command
    # itself ("STOP je suis mariée maintenant", "bon ok je reviens, START").
    shouted = _SHOUTED_COMMAND.findall(raw) if any(c.islower() for c in raw) else []
    opt_out = (deduped in OPT_OUT_COMMANDS or (bool(words) and _unnegated(_OPT_OUT, text))
               or any(w in ("STOP", "STOPALL", "UNSUBSCRIBE") for w in shouted))
    opt_in = deduped in OPT_IN_COMMANDS or (not opt_out and (_unnegated(_OPT_IN, text) or "START" in shouted))
    if _STOP_TAKEN_BACK.search(text):
        opt_out, opt_in = False, True
    first = text.split("|")[0].strip()
    no = bool((_NO_START.search(first) and not _NO_NOT.search(first)) or _NO.search(text))
    yes = bool(_YES_START.search(first) or _YES.search(text)) and not _NO.search(text)
    contact = bool(_CONTACT.search(text)) or (has_codes and bool(_CODE_CHOICE.search(text)))
    return Intents(
        any_preference=bool(_ANY.search(text)),
        wants_next=bool(_NEXT.search(text)),
        wants_profiles=bool(_PROFILES.search(text)),
        see_again=bool(_AGAIN.search(text)),
        contact_request=contact and not no,
        yes=yes,
        no=no,
        opt_out=opt_out,
        opt_in=opt_in,
        wants_human=bool(
            _HUMAN.search(text) or _HUMAN_PHRASES.search(text) or _HUMAN_ALONE.search(command)
        ),
        complaint=bool(_COMPLAINT.search(text)),
        greeting=bool(_GREETING.search(text)),
        thanks=bool(_THANKS.search(text)),
        question="?" in raw or "؟" in raw or bool(
            any(_QUESTION_START.search(_GREETED.sub("", part.strip())) for part in text.split("|"))
            or _QUESTION.search(text)
        ),
        correction=bool(_CORRECTION.search(text) or _CORRECTION_START.search(first)),
    )
