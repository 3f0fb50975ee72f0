"""The member's gender from the kinship word or title they go by or sign with: "je suis le
papa de Grace", "Tonton Jules ici", "c'est la maman d'Ornella", "Your brother, Emeka",
"Merci infiniment. Papa Didier", "Mrs Adeyemi here" (texts as `normalize` writes them)."""

from __future__ import annotations

import re

from graph.state import Gender

# Signing off as the agency's own: "Your brother, Emeka", "Votre fidèle cliente, Adjoua", "your girl Brenda".
_SIGN_OFF = re.compile(
    r"(?:^|\s)(?:your|votre|yours)(?: (?:fidele|humble|dear|devoted|loving|own|faithful|petite?))? "
    r"(?:(?P<male>brother|son|boy|frere|fils|client|serviteur|servant)|(?P<female>sister|daughter|girl|soeur|fille|"
    r"cliente|servante))"
    # ...maybe with the name after, not a verb ("your son is handsome" speaks of another)
    r"(?: (?!(?:is|are|was|were|has|have|est|a|etait|na|dey|de|d|of|and|et|who|qui|must|doit)\b)[a-z]+){0,2}\s*$"
)

# The member introducing themself by a relation or a description: "je suis le cousin de
# Serge", "I'm Grace's brother", "c'est Aminata, la maman de Fatou", "ici Ange, la fille qui
# vous a écrit", "c'est encore moi, la dame de Cotonou", "je suis tonton déjà".
KIN_MALE = ("frere", "cousin", "tonton", "oncle", "neveu", "brother", "uncle", "nephew", "papa", "monsieur",
            "gars", "mec", "fils", "son", "dad", "guy", "man", "homme",
            # a place among siblings or generations: "je suis le benjamin", "I'm a grandpa"
            "benjamin", "cadet", "aine", "grandpa", "grand pere", "grandfather", "papy", "husband", "widower", "daron",
            "dernier", "premier", "doyen")
KIN_FEMALE = ("soeur", "cousine", "tata", "tante", "tantine", "niece", "sister", "aunt", "aunty", "auntie",
              "maman", "mama", "fille", "dame", "daughter", "mum", "mom", "lady", "woman", "femme",
              "benjamine", "cadette", "ainee", "grandma", "grand mere", "grandmother", "granny", "mamie", "mami",
              "wife", "widow", "daronne", "derniere", "premiere", "doyenne")
_KIN_SELF = re.compile(
    r"(?:^|\| |(?<=\s))(?:je suis|i m|i am|i be|c est(?: encore)? moi|moi c est|(?:ici|c est) (?!(?:ma|mon|ta|ton|sa|son|notre|votre|leur|nos|vos|mes|tes|ses|la|le|les|l|un|une|"
    r"pas|plus|que|qui|quoi|ca|juste|vrai|bien|elle|lui|il|toi|vous|nous|eux|comment|combien|pourquoi|quand|ou)\b)[a-z]+)"
    r" (?:le|la|l|un|une|the|a)? ?(?:[a-z]+ s )?(?:(?:grand|grande|petit|petite|first|eldest|oldest|youngest|last|"
    r"big|little|premier|premiere|dernier|derniere|second|seconde) )?(?:(?P<male>" + "|".join(KIN_MALE) + r")|(?P<female>"
    + "|".join(KIN_FEMALE) + r"))\b(?! (?:de|d|of) (?:\d|un |une |deux |trois |two |three ))"
)
_GREETING = r"(?:bonjour|bonsoir|bjr|bsr|salut|slt|cc|coucou|hello|hi|hey|(?:good )?(?:morning|evening|afternoon))"
# A kinship title the member goes by, opening the message: "C'est Tata Odile", "Tonton Jules
# ici", "tonton de 47 ans toujours célibataire", "maman solo ici".
_KIN_TITLE = re.compile(
    # (not "bonjour maman 🙏", the adviser greeted)
    # (opening the message or its second sentence: "bsr, ca va? ici Maman Régine")
    rf"(?:^|\| |\s{{3}})(?!{_GREETING} (?:tonton|papa|tata|tantine|tantie|maman|mama|mami)(?: (?:merci|svp|stp))* *$)"
    rf"(?:{_GREETING} )?(?:(?:c est|moi c est|ici|moi|on m appelle|appelez moi|this is|na me|it s) )?"
    r"(?:(?P<male>tonton|papa|pa|alhaji|mr|mister)|(?P<female>tata|tantine|tantie|maman|mama|mami|auntie|aunty|mrs|alhaja|hajia))"
    r"(?: [a-z]+){0,2}?(?= (?:ici|here|a l appareil|de \d{1,2}\b|solo\b|monoparentale?\b)| *$| *\|)"
    # "Bonsoir, Mme Kamga à l'appareil", "Monsieur Tchana ici": a formal title only with its "here"
    # ("bonjour madame" greets the adviser)
    rf"|(?:^|\| |\s{{3}}|\bthis is |\bna me )(?:{_GREETING} )?(?:ici |this is )?(?:(?P<sir>monsieur|mr|m|pa)|(?P<madam>madame|mme|mrs|ms|mlle|miss))"
    r"(?: (?!(?:vous|tu|toi|etes|est|es|you|are|is|de|du|la|le|les)\b)[a-z]+){1,2}?(?= (?:ici|here|a l appareil|speaking)\b)"
    # "Slt c'est tonton Roger, je veux une femme", "c'est maman Odette de Lomé": introduced, then what they say
    r"|(?:^|\| |\s{3})(?:(?:bonjour|bonsoir|salut|slt|cc|coucou|hello) )?(?:oui )?(?:c est|moi c est|this is|na me) "
    r"(?:(?P<uncle>tonton|papa|pa)|(?P<aunt>tata|tantine|tantie|maman|mama|mami))"
    r"(?: [a-z]+){1,2}?(?= (?:je|j|moi|i|de|d|from)\b)"
    # "c'est le papa de Grace", "c'est la maman d'Ornella": the one writing
    r"|^(?:(?:bonjour|bonsoir|salut|slt|cc|coucou|hello) )?c est (?:le|la) "
    # (not "c'est la mère de mes enfants qui m'a parlé de vous": someone of the member's)
    r"(?:(?P<father>papa|pere|tonton|oncle|frere|grand frere)|(?P<mother>maman|mere|tata|tante|soeur|grande soeur)) (?:de|d) "
    r"(?!(?:mes|mon|ma|my)\b)"
)


# A title or kinship word the member signs with, as the message's last sentence: "Merci
# infiniment. Papa Didier", "Cordialement, Mme Ekotto", "ashia for the help. Mama Rose"
# (a sentence break is "|", or the spaces `spelled` leaves of it).
_SIGNED_TITLE = re.compile(
    r"(?:\| |\s{3})(?:(?:cordialement|regards|kind regards|best regards|bien a vous|respectueusement|sincerement|bisous) )?"
    r"(?:(?P<female>mme|madame|mrs|miss|ms|mlle|mademoiselle|mama|maman|mami|mamie|tata|tantine|tantie|auntie|aunty|"
    r"sister|alhaja|hajia)|(?P<male>mr|monsieur|mister|papa|tonton|alhaji))(?: [a-z]+){1,2}$"
)


# The member as someone's parent, set against them: "je voudrais l'inscrire chez vous, moi sa
# maman", "et moi sa mère je voudrais lui trouver un bon mari".
_PARENT_OF = re.compile(r"\bmoi (?:sa|son|leur|his|her|their) (?:(?P<male>papa|pere|father|dad)|(?P<female>maman|mere|mother|mum|mom))\b")


def kin_gender(text: str) -> Gender | None:
    """The gender of the kinship word or title the member calls or signs themself by, in a
    normalised text ("je suis le papa de Grace", "maman solo ici", "Tonton Jules ici", "Your
    brother, Emeka", "Merci. Cordialement, Mme Ekotto")."""
    kin = (_KIN_SELF.search(text) or _KIN_TITLE.search(text) or _SIGN_OFF.search(text)
           or _SIGNED_TITLE.search(text.rstrip()) or _PARENT_OF.search(text))
    if kin is None:
        return None
    return "male" if kin.group("male") or any(kin.groupdict().get(g) for g in ("father", "uncle", "sir")) else "female"
