"""Text normalisation: accents, case, punctuation, emojis and WhatsApp spelling.

Every other NLU module works on the output of `normalize()`: lower-case ASCII words
separated by single spaces, apostrophes split off ("j'ai" -> "j ai"), sentence
boundaries kept as a "|" token, a hyphen between two numbers kept as "-" ("33-45"),
and colloquial spellings expanded ("jai" -> "j ai", "chui" -> "je suis", "g" -> "j ai").
"""

from __future__ import annotations

import re
import unicodedata

# Emojis that carry an answer; the others are dropped with the rest of the punctuation.
EMOJI_WORDS: dict[str, str] = {
    "👍": " ok ",
    "👌": " ok ",
    "✅": " oui ",
    "✔": " oui ",
    "👎": " non ",
    "❌": " non ",
    "🙏": " merci ",
    # a member answering "homme ou femme ?" with a face or a sign
    "👩": " femme ", "👨": " homme ", "🧔": " homme ", "👸": " femme ", "🤴": " homme ",
    "♀": " femme ", "♂": " homme ",
}

# A sign joined to a gesture ("🤷🏾‍♀️", "🙋‍♂️") draws the emoji's person, said of nobody in
# particular ("jsp trop 🤷🏾‍♀️" answering the age sought is no wish for a woman).
_GESTURE_SIGN = re.compile("\u200d[\u2640\u2642]\ufe0f?")

# Letters NFKD does not decompose.
LIGATURES: dict[str, str] = {"œ": "oe", "æ": "ae", "ø": "o", "ß": "ss", "ł": "l", "đ": "d"}

# One token -> its standard spelling (after accents are stripped and letters squeezed).
COLLOQUIAL: dict[str, str] = {
    # first person, French
    "jai": "j ai", "g": "j ai", "chui": "je suis", "chuis": "je suis",
    "chu": "je suis", "jsuis": "je suis", "jsui": "je suis", "jss": "je suis",
    "jsuiis": "je suis", "jcherche": "je cherche", "jrecherche": "je recherche",
    "jveux": "je veux", "jvx": "je veux", "jvoudrais": "je voudrais", "jhabite": "j habite",
    "jvis": "je vis", "jreside": "je reside", "jviens": "je viens", "jsp": "je sais pas",
    "jpense": "je pense", "jme": "je me", "jm": "j aime", "vx": "veux", "veu": "veux",
    "jdois": "je dois", "jpeux": "je peux", "jpx": "je peux", "jsais": "je sais", "jcrois": "je crois",
    "jvais": "je vais", "jfais": "je fais", "jconnais": "je connais", "jtrouve": "je trouve",
    "jaimerais": "j aimerais", "jpourrais": "je pourrais", "jsouhaite": "je souhaite",
    "jtravaille": "je travaille", "jattends": "j attends", "jprefere": "je prefere", "jcomprends": "je comprends",
    # greetings, thanks, politeness
    "slt": "salut", "slu": "salut", "bjr": "bonjour", "bjour": "bonjour", "bonjr": "bonjour",
    "bsr": "bonsoir", "bsoir": "bonsoir", "cc": "coucou", "kikou": "coucou",
    "stp": "s il te plait", "svp": "s il vous plait", "stplait": "s il te plait",
    "mrc": "merci", "mci": "merci", "mrci": "merci", "mersi": "merci", "cimer": "merci",
    "thx": "thanks", "tnx": "thanks", "thks": "thanks", "ty": "thanks", "pls": "please",
    "plz": "please", "plis": "please",
    # agreement
    "dac": "d accord", "dak": "d accord", "dacc": "d accord", "dacor": "d accord",
    "dakor": "d accord", "daccord": "d accord", "okay": "ok", "okey": "ok", "oki": "ok",
    "okk": "ok", "kk": "ok", "wi": "oui", "wii": "oui", "ouii": "oui", "ouai": "ouais",
    "wai": "ouais", "nn": "non", "nonn": "non",
    # everyday abbreviations
    "koi": "quoi", "kwa": "quoi", "bcp": "beaucoup", "ya": "il y a", "pr": "pour",
    "ds": "dans", "tt": "tout", "qlq": "quelqu un", "qq": "quelqu un", "qqn": "quelqu un",
    "qqun": "quelqu un", "qlqn": "quelqu un", "kelkun": "quelqu un", "c": "c est",
    "pk": "pourquoi", "pq": "pourquoi", "pkoi": "pourquoi", "pourkoi": "pourquoi",
    "pcq": "parce que", "pck": "parce que", "psk": "parce que", "cmt": "comment",
    "cmnt": "comment", "cb": "combien", "cbn": "combien", "cbien": "combien",
    "tjr": "toujours", "tjrs": "toujours", "msg": "message", "msgs": "messages",
    "num": "numero", "nmr": "numero", "nbr": "numero", "tel": "telephone",
    "dispo": "disponible", "mtn": "maintenant", "mnt": "maintenant", "vs": "vous",
    "ns": "nous", "ki": "qui", "kel": "quel", "kelle": "quelle", "ke": "que",
    "nimporte": "n importe", "enfait": "en fait", "icitte": "ici",  # Québec
    "fme": "femme", "fm": "femme", "hme": "homme", "hom": "homme",
    # English
    "im": "i m", "u": "you", "ur": "your", "r": "are", "wanna": "want to",
    "gonna": "going to", "lookin": "looking", "yrs": "years", "yr": "year",
    "gf": "girlfriend", "bf": "boyfriend", "dont": "don t", "doesnt": "doesn t",
}

_SENTENCE_END = re.compile(r"[.!?;\n¿¡…]+")
_APOSTROPHES = re.compile(r"[’'`´ʼ‘]")
_INCLUSIVE = re.compile(r"\((?:e|es|ne|le)\)|[·.](?:e|es)\b")
# ...whose masculine differs from the feminine, the whole word says both: "sérieux(se)",
# "chrétien(ne)", "heureux(se)", "acteur(rice)" agree with nobody.
_INCLUSIVE_WORD = re.compile(r"[^\W\d_]+\((?:se|euse|ne|nne|le|lle|te|ve|rice|trice|ere|ère|ienne)\)"
                            # "prêt(e)", "content(e)": an e that is heard (not "intéressé(e)", kept for the button)
                            r"|[^\W\d_]+(?<![éeiuûÉEIU])\((?:e|es)\)", re.IGNORECASE)
_DIGIT_HYPHEN = re.compile(r"(?<=\d)\s*[-–—]\s*(?=\d)")
# Before an age, "<" and a lone minus mean "less than", ">" "more than" ("<40", "-35 ans").
_BOUND_SIGNS = re.compile(r"(?:(?<![\w\d])[-–—]|[<≤]|(?P<more>[>≥]))\s*(?=\d{2}\b)")
_OTHER_HYPHEN = re.compile(r"[-–—_]")
_DIGIT_LETTER = re.compile(r"(?<=\d)(?=[a-z])|(?<=[a-z])(?=\d)")
_NOT_KEPT = re.compile(r"[^a-z0-9+|\-]+")
_SQUEEZE = re.compile(r"([a-z])\1{2,}")
_DOUBLES = re.compile(r"([a-z])\1+")
_SPACES = re.compile(r"\s+")
_BOUNDARIES = re.compile(r"(?:\|\s*)+")
_LETTER_O = re.compile(r"\b([1-9])o\b")  # "3O ans": a letter O typed for a zero
_EMOJI = re.compile("|".join(re.escape(e) for e in EMOJI_WORDS))


def fold(text: str) -> str:
    """Lower-case a text and strip its accents ("Yaoundé" -> "yaounde")."""
    text = text.casefold()
    for letter, plain in LIGATURES.items():
        text = text.replace(letter, plain)
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def squeeze(word: str) -> str:
    """Collapse doubled letters, to compare words whatever their repeated letters."""
    return _DOUBLES.sub(r"\1", word)


def normalize(text: str) -> str:
    """Turn a raw WhatsApp message into the canonical token string the NLU parses."""
    text = _GESTURE_SIGN.sub("", text)
    text = _EMOJI.sub(lambda m: EMOJI_WORDS[m.group(0)], text)
    text = _LETTER_O.sub(r"\g<1>0", fold(text))
    text = _APOSTROPHES.sub(" ", _INCLUSIVE.sub("", _INCLUSIVE_WORD.sub(" ", text)))
    text = _SENTENCE_END.sub(" | ", text)
    # Between numbers a hyphen is a range ("33-45"); elsewhere it joins words
    # ("vingt-huit", "Saint-Louis") and reads as a space.
    text = _DIGIT_HYPHEN.sub(" \x00 ", text)
    text = _BOUND_SIGNS.sub(lambda m: " plus de " if m.group("more") else " moins de ", text)
    text = _OTHER_HYPHEN.sub(" ", text).replace("\x00", "-")
    text = _NOT_KEPT.sub(" ", text)
    text = _DIGIT_LETTER.sub(" ", text)
    text = _SQUEEZE.sub(r"\1", text)
    words = text.split()
    # "c" is "c'est" in "c koi", but already followed by "est" when typed "c'est".
    words = [
        word
        if word == "c" and words[i + 1 : i + 2] in (["est"], ["etait"])
        else COLLOQUIAL.get(word, word)
        for i, word in enumerate(words)
    ]
    text = " ".join(words)
    text = _BOUNDARIES.sub("| ", text)
    return _SPACES.sub(" ", text).strip(" |")


def edit_distance(a: str, b: str, limit: int) -> int:
    """Edit distance with transpositions, giving up once it exceeds limit."""
    if abs(len(a) - len(b)) > limit:
        return limit + 1
    previous2: list[int] = []
    previous = list(range(len(b) + 1))
    for i, ca in enumerate(a, 1):
        current = [i] + [0] * len(b)
        for j, cb in enumerate(b, 1):
            current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (ca != cb))
            if i > 1 and j > 1 and ca == b[j - 2] and a[i - 2] == cb:
                current[j] = min(current[j], previous2[j - 2] + 1)
        if min(current) > limit:
            return limit + 1
        previous2, previous = previous, current
    return previous[-1]
