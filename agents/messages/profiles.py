"""Texts around profiles: cards, browsing, questions about a profile, introductions."""

from __future__ import annotations

from agents.messages.types import Entries

TEXTS: Entries = {
    "profile_card": {
        "fr": "✨ *{code}*\n{first_name}, {age} ans — {place}\n{profession}{description}{hobbies}",
        "en": "✨ *{code}*\n{first_name}, {age} — {place}\n{profession}{description}{hobbies}",
    },
    "card_hobbies": {"fr": "\nLoisirs : {hobbies}", "en": "\nHobbies: {hobbies}"},
    "card_footer": {
        "fr": ["Écrivez *SUIVANT* pour voir un autre profil, ou *INTÉRESSÉ* si vous souhaitez être mis en relation.",
               "*SUIVANT* pour un autre profil, *INTÉRESSÉ* pour une mise en relation. Vous pouvez aussi me poser une question sur ce profil."],
        "en": ["Reply *NEXT* to see another profile, or *INTERESTED* if you would like an introduction.",
               "*NEXT* for another profile, *INTERESTED* for an introduction. You can also ask me a question about this profile."],
    },
    "next_intro": {
        "fr": ["Voici un autre profil :", "Un autre profil pour vous :", "Et celui-ci ?"],
        "en": ["Here is another profile:", "Another profile for you:", "How about this one?"],
    },
    "view_again": {
        "fr": ["Le voici à nouveau :", "Bien sûr, le revoici :"],
        "en": ["Here it is again:", "Of course, here it is again:"],
    },
    "view_asked": {
        "fr": ["Voici le profil *{code}* :", "Le voici :"],
        "en": ["Here is profile *{code}*:", "Here it is:"],
    },
    "view_unknown": {
        "fr": "Je ne trouve pas ce profil parmi ceux qui vous correspondent 🤔 Vérifiez le code, ou écrivez *SUIVANT* pour voir un autre profil.",
        "en": "I can't find that profile among those that suit you 🤔 Check the code, or write *NEXT* to see another profile.",
    },
    "view_which": {
        "fr": "Quel profil souhaitez-vous revoir ? Donnez-moi son code (par exemple MAT-2025-017) ou dites « le premier », « le dernier »…",
        "en": "Which profile would you like to see again? Send me its code (for example MAT-2025-017) or say \"the first one\", \"the last one\"…",
    },
    # Each proposal is made once in a row of "suivant" (agents/matching.py), and has two phrasings.
    "widen_age": {
        "fr": ["Je n'ai plus de nouveau profil entre {low} et {high} ans 🙏 Voulez-vous que j'élargisse à {wider_low}–{wider_high} ans ?",
               "Je peux aussi élargir l'âge : de {wider_low} à {wider_high} ans au lieu de {low}–{high}. Voulez-vous ?"],
        "en": ["I have no new profile between {low} and {high} 🙏 Shall I widen to {wider_low}–{wider_high}?",
               "I could also widen the ages: {wider_low} to {wider_high} instead of {low}–{high}. Would you like that?"],
    },
    "widen_city": {
        "fr": ["Je n'ai plus de nouveau profil à {city} 🙏 Voulez-vous voir des profils à {nearby} aussi ?",
               "Plus de nouveau profil à {city} pour l'instant. Je peux chercher aussi à {nearby} : voulez-vous ?"],
        "en": ["I have no new profile in {city} 🙏 Would you like to see profiles in {nearby} too?",
               "No new profile in {city} for now. I can look in {nearby} too: would you like that?"],
    },
    "widen_anywhere": {
        "fr": ["Je n'ai rien de nouveau à {city} pour le moment 🙏 Voulez-vous voir des profils d'autres villes ?",
               "Et si je cherchais au-delà de {city}, dans toutes nos villes ? Répondez *OUI* si cela vous va."],
        "en": ["Nothing new in {city} for now 🙏 Would you like to see profiles from other cities?",
               "How about looking beyond {city}, in all our cities? Reply *YES* if that suits you."],
    },
    "widen_age_none": {
        "fr": ["Je n'ai pas encore de profil entre {low} et {high} ans qui vous corresponde 🙏 Voulez-vous que j'élargisse à {wider_low}–{wider_high} ans ?",
               "Personne entre {low} et {high} ans pour l'instant 🙏 Je peux chercher de {wider_low} à {wider_high} ans : voulez-vous ?"],
        "en": ["I don't have a profile between {low} and {high} that suits you yet 🙏 Shall I widen to {wider_low}–{wider_high}?",
               "No one between {low} and {high} for now 🙏 I can look from {wider_low} to {wider_high}: would you like that?"],
    },
    "widen_city_none": {
        "fr": ["Je n'ai pas encore de profil à {city} qui vous corresponde 🙏 Voulez-vous voir des profils à {nearby} ?",
               "Personne à {city} pour l'instant 🙏 Je peux chercher à {nearby} : voulez-vous ?"],
        "en": ["I don't have a profile in {city} that suits you yet 🙏 Would you like to see profiles in {nearby}?",
               "No one in {city} for now 🙏 I can look in {nearby}: would you like that?"],
    },
    "widen_anywhere_none": {
        "fr": ["Je n'ai pas encore de profil à {city} qui vous corresponde 🙏 Voulez-vous voir des profils d'autres villes ?",
               "Personne à {city} pour l'instant 🙏 Voulez-vous que je cherche dans toutes nos villes ?"],
        "en": ["I don't have a profile in {city} that suits you yet 🙏 Would you like to see profiles from other cities?",
               "No one in {city} for now 🙏 Shall I look in all our cities?"],
    },
    "widened": {
        "fr": ["C'est fait, j'élargis votre recherche 👍", "Très bien, je cherche plus largement 👍"],
        "en": ["Done, I'm widening your search 👍", "All right, I'm searching more widely 👍"],
    },
    "nearby_declined": {
        "fr": ["D'accord 👍", "Très bien 👍"],
        "en": ["All right 👍", "OK 👍"],
    },
    "not_widened": {
        "fr": "Très bien, je garde vos critères 👍 Je vous écrirai dès qu'un nouveau profil vous correspond.",
        "en": "All right, I'll keep your criteria 👍 I'll write to you as soon as a new profile suits you.",
    },
    "exhausted": {
        "fr": ["Vous avez vu tous les profils qui vous correspondent pour le moment 🙏 De nouveaux membres arrivent chaque semaine : je vous écrirai dès qu'un profil vous correspond. Vous pouvez aussi revoir un profil (« revoir le premier ») ou parler à un conseiller.",
               "Pour l'instant, je n'ai plus de nouveau profil pour vous 🙏 Je vous préviens dès qu'une personne qui vous correspond nous rejoint. En attendant, vous pouvez revoir un profil ou me poser vos questions."],
        "en": ["You have seen every profile that suits you for now 🙏 New members join every week: I'll write to you as soon as one suits you. You can also see a profile again (\"show the first one\") or talk to an adviser.",
               "For now I have no new profile for you 🙏 I'll let you know as soon as someone who suits you joins. Meanwhile you can see a profile again or ask me your questions."],
    },
    "no_match": {
        "fr": ["Je n'ai pas encore de profil qui corresponde à tous vos critères 🙏 Nos conseillers reçoivent de nouveaux profils chaque semaine.",
               "Toujours pas de profil qui réponde à tous vos critères 🙏 De nouveaux membres nous rejoignent chaque semaine ; un conseiller peut aussi revoir votre recherche avec vous."],
        "en": ["I don't have a profile matching all your criteria yet 🙏 New members join every week.",
               "Still no profile matching all your criteria 🙏 New members join every week; an adviser can also look at your search with you."],
    },
    "decline_too_old": {
        "fr": ["C'est noté : je ne vous présenterai plus de profil de plus de {age} ans.", "Entendu, pas plus de {age} ans désormais."],
        "en": ["Noted: I won't show you profiles over {age} any more.", "All right, no one over {age} from now on."],
    },
    "decline_too_young": {
        "fr": ["C'est noté : je ne vous présenterai plus de profil de moins de {age} ans.", "Entendu, pas moins de {age} ans désormais."],
        "en": ["Noted: I won't show you profiles under {age} any more.", "All right, no one under {age} from now on."],
    },
    "decline_too_far": {
        "fr": ["C'est noté, je me concentre sur {city}.", "Entendu, je cherche à {city} en priorité."],
        "en": ["Noted, I'll focus on {city}.", "All right, I'll look in {city} first."],
    },
    "decline_religion": {
        "fr": "C'est noté, je ne vous présenterai plus de profil de religion {religion}.",
        "en": "Noted, I won't show you profiles of the {religion} faith any more.",
    },
    "decline_no_religion": {
        "fr": "C'est noté, je vous présenterai des personnes croyantes.",
        "en": "Noted, I'll show you people who follow a faith.",
    },
    "decline_children": {
        "fr": "C'est noté, je vous présente en priorité des personnes sans enfant.",
        "en": "Noted, I'll show you people without children first.",
    },
    "decline_range": {
        "fr": ["C'est noté : entre {low} et {high} ans désormais.", "Entendu, je cherche maintenant entre {low} et {high} ans."],
        "en": ["Noted: between {low} and {high} from now on.", "All right, I'm now looking between {low} and {high}."],
    },
    "decline_generic": {
        "fr": ["Entendu, je vous en propose un autre.", "Pas de souci, voyons un autre profil."],
        "en": ["All right, let me show you another one.", "No problem, let's look at another profile."],
    },
    "profile_religion": {"fr": "{first_name} est de religion {religion}.", "en": "{first_name} is {religion}."},
    "profile_religion_none": {"fr": "{first_name} se dit sans religion.", "en": "{first_name} doesn't follow a religion."},
    "answer_yes": {"fr": "Oui,", "en": "Yes,"},
    "answer_no": {"fr": "Non,", "en": "No,"},
    "profile_no_religion": {"fr": "{first_name} n'a pas indiqué de religion.", "en": "{first_name} didn't state a religion."},
    "profile_children": {
        "fr": "{first_name} a {children} enfant{plural}.", "en": "{first_name} has {children} child{plural_en}.",
    },
    "profile_no_children": {"fr": "{first_name} n'a pas d'enfant.", "en": "{first_name} has no children."},
    "profile_profession": {"fr": "{first_name} travaille comme {profession}.", "en": "{first_name} is {article} {profession}."},
    "profile_hobbies": {"fr": "Les loisirs de {first_name} : {hobbies}.", "en": "{first_name}'s hobbies: {hobbies}."},
    "profile_place": {"fr": "{first_name} habite à {place}.", "en": "{first_name} lives in {place}."},
    "profile_age": {"fr": "{first_name} a {age} ans.", "en": "{first_name} is {age}."},
    "profile_status": {
        "fr": "{first_name} est célibataire et cherche une relation sérieuse, comme tous nos membres actifs.",
        "en": "{first_name} is single and looking for a serious relationship, like all our active members.",
    },
    "profile_photos": {"fr": "Voici les photos de {first_name} :", "en": "Here are {first_name}'s photos:"},
    "profile_no_photos": {
        "fr": "{first_name} n'a pas encore de photo en ligne ; un conseiller peut vous en transmettre lors d'une mise en relation.",
        "en": "{first_name} has no photo online yet; an adviser can share some with an introduction.",
    },
    "profile_unknown": {
        "fr": "Je n'ai pas cette information sur {first_name} 🙏 Un conseiller pourra la lui demander si vous faites une demande de mise en relation.",
        "en": "I don't have that information about {first_name} 🙏 An adviser can ask if you request an introduction.",
    },
    "profile_private": {
        "fr": ["Pour protéger chacun, je ne communique jamais le nom de famille ni le numéro d'un membre 🙏 Ils sont transmis par un conseiller, une fois que vous êtes tous les deux d'accord.",
               "Je comprends votre hâte 😊 mais le nom complet et le numéro restent confidentiels : un conseiller vous les transmet quand vous êtes tous les deux d'accord. Écrivez *INTÉRESSÉ* pour demander la mise en relation."],
        "en": ["To protect everyone, I never share a member's surname or number 🙏 An adviser shares them once you have both agreed.",
               "I understand 😊 but the full name and number stay confidential: an adviser shares them once you have both agreed. Reply *INTERESTED* to ask for an introduction."],
    },
    "profile_which": {
        "fr": "De quel profil parlez-vous ? Donnez-moi son code (par exemple MAT-2025-017).",
        "en": "Which profile do you mean? Send me its code (for example MAT-2025-017).",
    },
    "contact_created": {
        "fr": "Très bon choix 😊 Votre demande de mise en relation avec *{code}* ({first_name}) est enregistrée. La mise en relation coûte {price}. {payment}",
        "en": "Great choice 😊 Your introduction request for *{code}* ({first_name}) is registered. An introduction costs {price}. {payment}",
    },
    "contact_next_steps": {
        "fr": "Un conseiller vous confirme la suite très vite.",
        "en": "An adviser will confirm the next steps shortly.",
    },
    "contact_already": {
        "fr": "Votre demande pour *{code}* est déjà enregistrée 👍 Un conseiller revient vers vous très vite.",
        "en": "Your request for *{code}* is already registered 👍 An adviser will get back to you shortly.",
    },
    "contact_unknown_code": {
        "fr": "Je ne trouve pas le profil *{code}* parmi ceux qui vous correspondent 🤔 Vérifiez le code, ou écrivez *SUIVANT* pour voir un profil.",
        "en": "I can't find profile *{code}* among those that suit you 🤔 Check the code, or write *NEXT* to see a profile.",
    },
    "contact_which": {
        "fr": "Avec plaisir ! Quel profil vous intéresse ? Indiquez-moi son code (par exemple MAT-2025-001).",
        "en": "With pleasure! Which profile are you interested in? Send me its code (for example MAT-2025-001).",
    },
    "contact_confirm": {
        "fr": "Vous souhaitez être mis{e} en relation avec {first_name} (*{code}*) ? Répondez *OUI* pour confirmer.",
        "en": "Would you like an introduction to {first_name} (*{code}*)? Reply *YES* to confirm.",
    },
    "contact_not_qualified": {
        "fr": "Avec plaisir ! Avant une mise en relation, j'ai besoin de mieux vous connaître.",
        "en": "With pleasure! Before an introduction, I need to know you a little better.",
    },
    "code_needs_qualification": {
        "fr": "Avec plaisir ! Avant de vous parler d'un profil, j'ai besoin de mieux vous connaître, pour vous présenter des personnes qui vous correspondent.",
        "en": "With pleasure! Before I tell you about a profile, I need to know you a little better, so that I can introduce people who suit you.",
    },
    "code_limit": {
        "fr": "Vous avez atteint pour aujourd'hui le nombre de profils que je peux rechercher par leur code 🙏 Pour protéger la vie privée de nos membres, je ne peux pas en rechercher d'autres avant demain. En attendant, écrivez *SUIVANT* pour voir les profils que je vous propose.",
        "en": "You have reached today's number of profiles I can look up by their code 🙏 To protect our members' privacy, I can't look up any more until tomorrow. Meanwhile, write *NEXT* to see the profiles I suggest for you.",
    },
    "contact_never_share": {
        "fr": "Pour la sécurité de tous, nous ne transmettons jamais de coordonnées directement : la mise en relation passe toujours par un conseiller, après accord des deux personnes.",
        "en": "For everyone's safety we never hand out contact details directly: introductions always go through an adviser, once both people agree.",
    },
    "button_next": {"fr": "Suivant", "en": "Next"},
    "button_interested": {"fr": "Intéressé(e)", "en": "Interested"},
    "button_yes": {"fr": "Oui", "en": "Yes"},
    "button_no": {"fr": "Non", "en": "No"},
}
