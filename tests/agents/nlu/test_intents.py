"""Intent flags: next, profiles, contact, yes/no, opt-out/in, human, complaint, and so on."""

from __future__ import annotations

import pytest

from agents.nlu import understand

# (message, flag that must be set)
POSITIVES = [
    # the held-out split after the third probe
    ("ça bug, le bouton intéressé marche pas", "complaint"),
    ("make I yan with una boss", "wants_human"),
    ("le conseiller m'a raccroché au nez, je veux parler à son chef", "wants_human"),
    ("je veux parler au patron", "wants_human"),
    ("arrêtez de m'envoyer des messages", "opt_out"),
    # any_preference
    ("peu importe", "any_preference"),
    ("peut importe", "any_preference"),
    ("pas d'importance", "any_preference"),
    ("n'importe", "any_preference"),
    ("nimporte quelle ville", "any_preference"),
    ("pas de préférence", "any_preference"),
    ("ça m'est égal", "any_preference"),
    ("les deux", "any_preference"),
    ("any", "any_preference"),
    ("any age is fine", "any_preference"),
    ("doesn't matter", "any_preference"),
    ("doesnt matter", "any_preference"),
    ("no preference", "any_preference"),
    ("I don't mind", "any_preference"),
    ("la ville m'importe pas", "any_preference"),
    ("la distance c pas un probleme", "any_preference"),
    ("wherever she is", "any_preference"),
    ("je m'en fous de la ville", "any_preference"),
    ("l'âge et la ville m'importent peu", "any_preference"),
    # wants_next
    ("suivant", "wants_next"),
    ("Suivante svp", "wants_next"),
    ("un autre", "wants_next"),
    ("une autre svp", "wants_next"),
    ("autre profil", "wants_next"),
    ("d'autres profils ?", "wants_next"),
    ("next", "wants_next"),
    ("another one", "wants_next"),
    ("show me more", "wants_next"),
    ("encore", "wants_next"),
    # wants_profiles
    ("montrez-moi des profils", "wants_profiles"),
    ("montre moi", "wants_profiles"),
    ("je veux voir", "wants_profiles"),
    ("je veux voir des profils", "wants_profiles"),
    ("show me matches", "wants_profiles"),
    ("let me see", "wants_profiles"),
    ("proposez-moi quelqu'un", "wants_profiles"),
    ("qui avez-vous à Douala ?", "wants_profiles"),
    # contact_request
    ("je veux son numéro", "contact_request"),
    ("envoie moi son num stp", "contact_request"),
    ("comment la contacter", "contact_request"),
    ("je veux le rencontrer", "contact_request"),
    ("I'm interested in MAT-2025-001", "contact_request"),
    ("je suis intéressé", "contact_request"),
    ("je suis intéressée", "contact_request"),
    ("je suis intéressé(e)", "contact_request"),
    ("ça m'intéresse", "contact_request"),
    ("can I get her number", "contact_request"),
    ("I want to contact her", "contact_request"),
    ("MAT-2025-002 svp", "contact_request"),
    ("je prends MAT-2025-003", "contact_request"),
    # yes
    ("oui", "yes"),
    ("Oui!", "yes"),
    ("ouiii", "yes"),
    ("ouais", "yes"),
    ("wi", "yes"),
    ("ok", "yes"),
    ("OK merci", "yes"),
    ("d'accord", "yes"),
    ("dac", "yes"),
    ("yes", "yes"),
    ("yep", "yes"),
    ("sure", "yes"),
    ("👍", "yes"),
    ("bien sûr", "yes"),
    ("ça marche", "yes"),
    ("pas de souci", "yes"),
    ("no problem", "yes"),
    # no
    ("non", "no"),
    ("Non.", "no"),
    ("nan", "no"),
    ("no", "no"),
    ("nope", "no"),
    ("pas du tout", "no"),
    ("non merci", "no"),
    ("no thanks", "no"),
    ("pas intéressé", "no"),
    ("not interested", "no"),
    ("👎", "no"),
    # opt_out
    ("STOP", "opt_out"),
    ("stop", "opt_out"),
    ("Stop!!!", "opt_out"),
    ("STOP svp", "opt_out"),
    ("ARRÊT", "opt_out"),
    ("ARRET", "opt_out"),
    ("STOPALL", "opt_out"),
    ("UNSUBSCRIBE", "opt_out"),
    ("désinscrire", "opt_out"),
    ("je veux me désabonner", "opt_out"),
    ("désabonnez-moi", "opt_out"),
    ("ne m'envoyez plus de messages", "opt_out"),
    ("je ne veux plus recevoir de messages", "opt_out"),
    ("please unsubscribe me", "opt_out"),
    ("stop messaging me", "opt_out"),
    # opt_in
    ("START", "opt_in"),
    ("start", "opt_in"),
    ("REPRENDRE", "opt_in"),
    ("resume", "opt_in"),
    ("je veux réactiver mon compte", "opt_in"),
    # wants_human
    ("je veux parler à un conseiller", "wants_human"),
    ("parler à un humain", "wants_human"),
    ("je voudrais parler à une personne", "wants_human"),
    ("passez-moi un agent", "wants_human"),
    ("un vrai humain svp", "wants_human"),
    ("talk to a human", "wants_human"),
    ("I want to speak to a real person", "wants_human"),
    ("real person please", "wants_human"),
    ("conseiller", "wants_human"),
    ("j'ai besoin du service client", "wants_human"),
    # complaint
    ("c'est une arnaque", "complaint"),
    ("vous êtes des arnaqueurs", "complaint"),
    ("je vais porter plainte", "complaint"),
    ("je veux signaler un profil", "complaint"),
    ("c'est du harcèlement", "complaint"),
    ("this is a scam", "complaint"),
    ("I want to report this profile", "complaint"),
    ("remboursez-moi", "complaint"),
    ("I want a refund", "complaint"),
    ("faux profil", "complaint"),
    ("Ce profil est faux", "complaint"),
    ("au secours je suis harcelée par un membre", "complaint"),
    ("non merci, STOP", "opt_out"),
    # greeting
    ("bonjour", "greeting"),
    ("Bonsoir", "greeting"),
    ("slt", "greeting"),
    ("bjr", "greeting"),
    ("cc", "greeting"),
    ("salut", "greeting"),
    ("bonjourrr", "greeting"),
    ("hello", "greeting"),
    ("hi", "greeting"),
    ("hey", "greeting"),
    ("good morning", "greeting"),
    ("Bonjour, j'ai 35 ans", "greeting"),
    # thanks
    ("merci", "thanks"),
    ("merciii", "thanks"),
    ("mrc", "thanks"),
    ("je vous remercie", "thanks"),
    ("thanks", "thanks"),
    ("thank you", "thanks"),
    ("thx", "thanks"),
    ("🙏", "thanks"),
    # question
    ("combien ça coûte ?", "question"),
    ("c'est combien", "question"),
    ("comment ça marche", "question"),
    ("quand est-ce que je reçois les profils", "question"),
    ("où êtes-vous situés", "question"),
    ("pourquoi", "question"),
    ("est-ce que c'est gratuit", "question"),
    ("c koi le prix", "question"),
    ("how does it work", "question"),
    ("what is the price", "question"),
    ("do you have women in Paris", "question"),
    ("can I pay by Orange Money", "question"),
    ("je voudrais savoir le prix", "question"),
    # correction
    ("en fait j'ai 29 ans", "correction"),
    ("enfait je suis à Douala", "correction"),
    ("je me suis trompé", "correction"),
    ("je me suis trompée, j'ai 40 ans", "correction"),
    ("non j'ai 30 ans", "correction"),
    ("correction : 35 ans", "correction"),
    ("actually I'm 40", "correction"),
    ("I meant 35", "correction"),
    ("i wrote the wrong city, it's Buea not Bamenda", "correction"),
    ("c'est pas 52 c'est 25", "correction"),
    ("abeg no be 23 I talk, na 32", "correction"),
    ("faute de frappe, 34", "correction"),
]

# (message, flag that must NOT be set)
NEGATIVES = [
    ("je veux pas arrêter", "opt_out"),
    ("je veux pas que ça s'arrête", "opt_out"),
    ("je ne veux pas me désabonner", "opt_out"),
    ("stop it, I was joking about my age", "opt_out"),
    ("il faut que ça stop entre nous ?", "opt_out"),
    ("le bus s'arrête à Douala", "opt_out"),
    ("je suis arrivé au stop", "opt_out"),
    ("start", "opt_out"),
    ("STOP", "opt_in"),
    ("je veux recommencer à zéro ma vie", "opt_in"),
    ("no preference", "no"),
    ("pas de souci", "no"),
    ("oui", "no"),
    ("non", "yes"),
    ("non merci", "yes"),
    ("je ne sais pas", "yes"),
    ("interested in women", "contact_request"),
    ("je suis intéressée par les hommes", "contact_request"),
    ("pas intéressé", "contact_request"),
    ("ça ne m'intéresse pas", "contact_request"),
    ("MAT-2025-001", "contact_request"),
    ("Bonjour ! Je suis intéressé par vos services", "contact_request"),
    ("I'm interested in your agency", "contact_request"),
    ("Bonne soirée", "greeting"),
    ("right now I live in Paris", "yes"),
    ("je veux rencontrer une personne sérieuse", "wants_human"),
    ("je veux une femme responsable", "wants_human"),
    ("je suis agent de sécurité", "wants_human"),
    ("are you a bot", "wants_human"),
    ("un autre jour peut-être", "wants_next"),
    ("do you have any profiles", "any_preference"),
    ("je suis policier", "complaint"),
    ("merci, bonne journée", "greeting"),
    ("je cherche quelqu'un de sérieux", "question"),
    ("j'ai 35 ans", "question"),
    ("oui", "question"),
    ("je suis un homme", "correction"),
    ("hommage à ma mère", "greeting"),
    ("25 yo", "greeting"),
    ("pas de problème", "any_preference"),  # "no problem" is agreement, not indifference
    ("il a 52 ans pas 25", "correction"),
    ("chill", "greeting"),
    # the held-out split after the third probe: what to stop sending is old profiles, not messages
    ("arrêtez de m'envoyer des vieux, j'ai dit 25 30 ans", "opt_out"),
    ("je veux un chef de famille", "wants_human"),
]


@pytest.mark.parametrize(("text", "flag"), POSITIVES)
def test_flag_is_set(text: str, flag: str) -> None:
    assert getattr(understand(text), flag) is True


@pytest.mark.parametrize(("text", "flag"), NEGATIVES)
def test_flag_is_not_set(text: str, flag: str) -> None:
    assert getattr(understand(text), flag) is False


@pytest.mark.parametrize(
    ("text", "opt_out", "opt_in"),
    [
        ("STOP je suis fiancée maintenant", True, False),  # the keyword in capitals is the command
        ("je reviens vers vous, START", False, True),
        ("Stop il est beau", False, False),  # a word, not the keyword
        ("C'EST STOP OU QUOI", False, False),  # all shouted: capitals say nothing
    ],
)
def test_a_keyword_in_capitals_inside_a_sentence(text: str, opt_out: bool, opt_in: bool) -> None:
    u = understand(text)
    assert (u.opt_out, u.opt_in) == (opt_out, opt_in)


@pytest.mark.parametrize(
    ("text", "opt_out", "opt_in"),
    [
        # a STOP taken back brings the member back: read as a STOP, the bot would go silent
        # on someone who asked to hear from it again
        ("je retire mon STOP", False, True),
        ("annule le stop stp", False, True),
        ("stop le stop 😂", False, True),
        ("Je reviens, j'avais dit STOP trop vite", False, True),
        ("oubliez mon STOP d'hier", False, True),
        ("c'était une erreur le stop", False, True),
        ("I sent stop by mistake, sorry", False, True),
        # ...a STOP said again is still one
        ("j'ai dit stop, vous comprenez pas ?", True, False),
        ("I said STOP", True, False),
    ],
)
def test_a_stop_taken_back_or_said_again(text: str, opt_out: bool, opt_in: bool) -> None:
    u = understand(text)
    assert (u.opt_out, u.opt_in) == (opt_out, opt_in)
